"""What the indicators app puts into the site search (hoptac.core.searchable).

- Procedures: the current version of each city's procedures, as the side-by-side page shows them
  (a closed version, changed or abolished, and a version not yet in force are kept out). The
  catalogue is public; a result leads to the side-by-side page narrowed to its code.
- The cities' own indicator frameworks and their indicators: found by everyone when public, by
  the city and its partners otherwise (as ``queries.frameworks_visible_to``).

The 766 index's components and the published frameworks (DTI, PAPI…) are data files, not rows:
their pages are reached from the indicators' navigation, not from the search.
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
from hoptac.core.models import Partnership

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


def _partners(locality_id: int) -> list[int]:
    ids: set[int] = set()
    for a, b in Partnership.objects.filter(
        Q(locality_a=locality_id) | Q(locality_b=locality_id)
    ).values_list("locality_a_id", "locality_b_id"):
        ids.update({a, b})
    return sorted(ids | {locality_id})


def framework_readers(f: IndicatorFramework) -> list[int]:
    """The city and its partners read a framework that is not public."""
    return _partners(f.locality_id)


def framework_url(f: IndicatorFramework) -> str:
    return reverse("indicators:city_framework", args=[f.pk])


def indicator_body(i: FrameworkIndicator) -> str:
    f = i.framework
    return _join(i.code, i.group, i.unit, i.source, f.name_vi, f.locality.name_vi)


def indicator_body_en(i: FrameworkIndicator) -> str:
    f = i.framework
    return _join(f.name_en, f.locality.name_en)


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
    """Register procedures, frameworks and their indicators (from ready())."""
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
