"""What the indicators app puts into the site search (hoptac.core.searchable).

- Procedures: the current version of each city's procedures, as the side-by-side page shows them
  (a closed version, changed or abolished, and a version not yet in force are kept out). The
  catalogue is public; a result leads to the side-by-side page narrowed to its code.
- The cities' own indicator frameworks and their indicators: found by everyone when public, by
  the city and its partners otherwise (as ``queries.frameworks_visible_to``).

- The Decision 766 index (its page and each computed component's page) and the published
  frameworks (DTI, PAPI, PCI…: each framework's page and its components): pages made from the data
  files, not rows (``searchable.register_pages``); public, found in Vietnamese and in English.
"""

from __future__ import annotations

import datetime as dt
import functools
from urllib.parse import urlencode

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from hoptac.core import dates, searchable
from hoptac.core.queries import partner_locality_ids

from . import frameworks, index766
from .models import FrameworkIndicator, IndicatorFramework, Procedure


def _join(*parts) -> str:
    return "\n".join(str(p) for p in parts if p)


@functools.cache
def _label(language: str, choices: type[models.TextChoices], value: str) -> str:
    """A level's name in ``language``, read once (an import indexes thousands of procedures)."""
    with translation.override(language):
        return str(choices(value).label) if value in choices.values else value


def is_current(p: Procedure) -> bool:
    """The version the side-by-side page shows today (``queries.current_procedures``)."""
    return p.valid_to is None and (p.valid_from is None or p.valid_from <= dates.today())


def current() -> Q:
    return Q(valid_to__isnull=True) & (
        Q(valid_from__isnull=True) | Q(valid_from__lte=dates.today())
    )


def procedure_body(p: Procedure) -> str:
    """Its codes, field, levels (in Vietnamese), agency and city: "1.900004" finds it."""
    return _join(
        p.code,
        p.full_code,
        p.field_name,
        _label("vi", Procedure.AgencyLevel, p.agency_level),
        _label("vi", Procedure.OnlineLevel, p.online_level),
        p.agency,
        p.locality.name_vi,
    )


def procedure_body_en(p: Procedure) -> str:
    return _join(
        _label("en", Procedure.AgencyLevel, p.agency_level),
        _label("en", Procedure.OnlineLevel, p.online_level),
        p.locality.name_en,
    )


def procedure_url(p: Procedure) -> str:
    """The side-by-side page with this city first, narrowed to the procedure's code."""
    query = urlencode({"a": p.locality.code, "code": p.code})
    return f"{reverse('indicators:services')}?{query}"


def framework_readers(f: IndicatorFramework) -> list[int]:
    """The city and its partners read a framework that is not public."""
    return sorted({f.locality_id, *partner_locality_ids(f.locality_id)})


def framework_url(f: IndicatorFramework) -> str:
    return reverse("indicators:city_framework", args=[f.pk])


def indicator_body(i: FrameworkIndicator) -> str:
    f = i.framework
    return _join(i.code, i.group, i.unit, i.source, f.name_vi, f.locality.name_vi)


def indicator_body_en(i: FrameworkIndicator) -> str:
    f = i.framework
    return _join(f.name_en, f.locality.name_en)


def index766_pages() -> list[searchable.Page]:
    """The 766 page and one page per computed component (a component of both versions once, the
    default version's; one computed only in another version leads to that version)."""
    specs = [index766.version(index766.DEFAULT)] + [
        index766.version(k) for k in index766.VERSIONS if k != index766.DEFAULT
    ]
    with translation.override("vi"):
        title = str(_("Decision 766 index side by side"))
    with translation.override("en"):
        title_en = str(_("Decision 766 index side by side"))
    pages = [
        searchable.Page(
            key="index766",
            title=title,
            title_en=title_en,
            body=_join(*(_join(s.title, s.decision) for s in specs)),
            url=reverse("indicators:index766"),
        )
    ]
    seen: set[str] = set()
    for spec in specs:
        groups = {c.key: g for g in spec.groups for c in g.components}
        for c in spec.computed:
            if c.key in seen:
                continue
            seen.add(c.key)
            others = [o for o in (s.component(c.key) for s in specs) if o and o is not c]
            url = reverse("indicators:index766_component", args=[c.key])
            if spec.key != index766.DEFAULT:
                url = f"{url}?{urlencode({'version': spec.key})}"
            pages.append(
                searchable.Page(
                    key=c.key,
                    title=c.name_vi,
                    title_en=c.name_en,
                    body=_join(
                        *(o.name_vi for o in others if o.name_vi != c.name_vi),
                        c.formula_vi,
                        groups[c.key].name_vi,
                        spec.decision,
                    ),
                    body_en=_join(
                        *(o.name_en for o in others if o.name_en != c.name_en),
                        c.formula_en,
                        groups[c.key].name_en,
                    ),
                    url=url,
                )
            )
    return pages


def published_pages() -> list[searchable.Page]:
    """Each published framework's page (DTI, PAPI…) and its components, which lead to it."""
    pages = []
    for fw in frameworks.catalogue():
        url = reverse("indicators:framework", args=[fw.key])
        pages.append(
            searchable.Page(
                key=fw.key,
                title=fw.name_vi,
                title_en=fw.name_en,
                body=fw.publisher,
                body_en=fw.publisher_en,
                url=url,
            )
        )
        pages.extend(
            searchable.Page(
                key=f"{fw.key}:{c.key}",
                title=c.name_vi,
                title_en=c.name_en,
                body=fw.key.upper(),  # "PAPI" finds its components; its name, the framework
                url=url,
            )
            for c in fw.components
        )
    return pages


def reindex_started_and_ended(today: dt.date | None = None, days: int = 31) -> int:
    """Procedures whose version began or ended in the last ``days`` days, indexed again (the
    search learns of a date passing from nobody's save): run daily."""
    today = today or dates.today()
    since = today - dt.timedelta(days=days)
    changed = list(
        Procedure.objects.select_related("locality").filter(
            Q(valid_from__gt=since, valid_from__lte=today)
            | Q(valid_to__gte=since, valid_to__lt=today)
        )
    )
    searchable.reindex(changed)
    return len(changed)


def register_all() -> None:
    """Register procedures, frameworks and their indicators, the 766 index and the published
    frameworks' pages (from ready())."""
    searchable.register_pages(
        "indicators.index766", kind="index766", label=_("Decision 766 index"), pages=index766_pages
    )
    searchable.register_pages(
        "indicators.published",
        kind="published_index",
        label=_("Published indexes"),
        pages=published_pages,
    )
    searchable.register(
        Procedure,
        kind="procedure",
        label=_("Public service procedure"),
        title=lambda p: p.name,
        body=procedure_body,
        body_en=procedure_body_en,
        url=procedure_url,
        localities=lambda p: [p.locality_id],
        date=lambda p: p.valid_from,
        public=lambda p: True,  # the catalogues are public, as the side-by-side page
        readers=lambda p: [p.locality_id],
        queryset=lambda: Procedure.objects.select_related("locality").filter(current()),
        include=is_current,
    )
    searchable.register(
        IndicatorFramework,
        kind="indicator_framework",
        label=_("Indicator framework"),
        title=lambda f: f.name_vi,
        title_en=lambda f: f.name_en,
        body=lambda f: _join(f.source, f.locality.name_vi),
        body_en=lambda f: f.locality.name_en,
        url=framework_url,
        localities=lambda f: [f.locality_id],
        date=lambda f: f.created_at.date() if f.created_at else None,
        public=lambda f: f.is_public,
        readers=framework_readers,
        queryset=lambda: IndicatorFramework.objects.select_related("locality"),
    )
    searchable.register(
        FrameworkIndicator,
        kind="framework_indicator",
        label=_("Framework indicator"),
        title=lambda i: i.name_vi,
        title_en=lambda i: i.name_en,
        body=indicator_body,
        body_en=indicator_body_en,
        url=lambda i: f"{framework_url(i.framework)}#chi-tieu-{i.pk}",
        localities=lambda i: [i.framework.locality_id],
        public=lambda i: i.framework.is_public,
        readers=lambda i: framework_readers(i.framework),
        queryset=lambda: FrameworkIndicator.objects.select_related("framework__locality"),
        follow={IndicatorFramework: lambda f: f.indicators.all()},
    )
