"""JSON API under /api/indicators/: the catalogues and their comparison (public facts), the
published-index frameworks (DTI, PAPI…) and the cities' own frameworks as the pages show them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from decimal import Decimal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from hoptac.core import dates
from hoptac.core.models import Locality
from hoptac.core.pagination import Pagination

from . import component_trend, frameworks, index766, published_values, queries

router = Router(tags=["indicators"])


def _city(code: str) -> Locality:
    # PostgreSQL refuses NUL in a query: no honest request carries one
    return get_object_or_404(Locality, code=code.replace("\x00", "")[:10])


class ProcedureOut(Schema):
    code: str
    full_code: str
    name: str
    field_name: str
    agency_level: str
    agency: str
    online_level: str
    processing_days: Decimal | None
    fee: str
    fee_vnd: int | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    is_demo: bool


class PairOut(Schema):
    code: str
    name: str
    field_name: str
    a: ProcedureOut | None
    b: ProcedureOut | None
    gap: int


class ComparisonOut(Schema):
    a: str
    b: str
    summary: dict[str, int]
    pairs: list[PairOut]


class Problem(Schema):
    detail: str


@router.get(
    "/indicators/procedures",
    response={200: list[ProcedureOut], 404: Problem},
    summary="A city's current procedure catalogue",
)
@paginate(Pagination)
def procedures(request: HttpRequest, locality: str = ""):
    """Current procedures of one city (``locality`` = its code), or of every city."""
    if locality:
        return queries.current_procedures(_city(locality), dates.today()).order_by("code")
    return queries.all_current_procedures(dates.today()).order_by("locality__code", "code")


# What ``only`` may ask of the comparison (``queries.compare``), in the order the page offers.
ONLY = ("a_ahead", "b_ahead", "both", "a_only", "b_only")


@router.get(
    "/indicators/compare",
    response={200: ComparisonOut, 404: Problem, 422: Problem},
    summary="Two cities' catalogues side by side by procedure code",
)
def compare(request: HttpRequest, a: str, b: str, only: str = ""):
    """``only``: a_ahead (fully online in a, not in b), b_ahead, both, a_only, b_only; empty for
    every procedure. Any other value is refused (422), not read as "every procedure"."""
    if only and only not in ONLY:
        raise HttpError(
            422,
            _("“%(only)s” is not a filter of the comparison; the filters are %(names)s.")
            % {"only": only[:40], "names": ", ".join(ONLY)},
        )
    city_a, city_b = _city(a), _city(b)
    comparison = queries.compare(city_a, city_b, dates.today(), only=only)
    return {
        "a": city_a.code,
        "b": city_b.code,
        "summary": comparison.summary,
        "pairs": [
            {
                "code": p.code,
                "name": p.name,
                "field_name": p.field_name,
                "a": p.a,
                "b": p.b,
                "gap": p.gap,
            }
            for p in comparison.pairs
        ],
    }


class ScoreOut(Schema):
    numerator: int
    denominator: int
    rate: float | None
    points: Decimal | None
    max_points: Decimal | None


class ComponentScoreOut(Schema):
    group: str
    component: str
    name: str
    status: str
    source: str
    computed: bool
    a: ScoreOut | None
    b: ScoreOut | None


class IndexOut(Schema):
    version: str
    versions: list[str]
    decision: str
    month: dt.date | None
    a: str
    b: str
    audience_a: str
    audience_b: str
    is_demo: bool
    components: list[ComponentScoreOut]


@router.get(
    "/indicators/index766",
    response={200: IndexOut, 404: Problem, 422: Problem},
    summary=(
        "Two cities' Decision 766 index for a month (yyyy-mm; by default the newest both have),"
        " in one of its versions (version; 766/2022 by default)"
    ),
)
def index_766(request: HttpRequest, a: str, b: str, month: str = "", version: str = ""):
    """A month without scores the reader may see gives the newest one both cities have scores
    for (``queries.default_month``; ``month`` in the answer says which); a month not written
    yyyy-mm is refused (422)."""
    if month and not re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", month):
        raise HttpError(
            422,
            _("“%(month)s” is not a month written yyyy-mm (for instance 2026-10).")
            % {"month": month[:40]},
        )
    city_a, city_b = _city(a), _city(b)
    if version and version not in index766.VERSIONS:
        raise HttpError(
            404,
            _("No version “%(version)s” of the 766 index; the versions are %(versions)s.")
            % {"version": version[:40], "versions": ", ".join(index766.VERSIONS)},
        )
    spec = index766.version(index766.chosen(version))
    audiences = {
        city_a.pk: queries.audience(request.user, city_a),
        city_b.pk: queries.audience(request.user, city_b),
    }
    months, fallback = queries.index_months(city_a, city_b, spec.key, audiences)
    chosen = next((m for m in months if f"{m:%Y-%m}" == month), fallback)
    comparison = queries.index_compare(city_a, city_b, chosen, audiences, spec.key)

    def score(s):
        if s is None:
            return None
        return {
            "numerator": s.numerator,
            "denominator": s.denominator,
            "rate": s.rate,
            "points": s.points,
            "max_points": s.max_points,
        }

    return {
        "version": spec.key,
        "versions": list(index766.VERSIONS),
        "decision": spec.decision,
        "month": chosen,
        "a": city_a.code,
        "b": city_b.code,
        "audience_a": audiences[city_a.pk],
        "audience_b": audiences[city_b.pk],
        "is_demo": comparison.is_demo,
        "components": [
            {
                "group": g.group.key,
                "component": r.component.key,
                "name": r.component.name_vi,
                "status": r.component.status,
                "source": r.component.source_url,
                "computed": r.component.computed,
                "a": score(r.a),
                "b": score(r.b),
            }
            for g in comparison.groups
            for r in g.components
        ],
    }


MONTH = r"[0-9]{4}-(0[1-9]|1[0-2])"


def _month(name: str, value: str) -> dt.date | None:
    """A month parameter written yyyy-mm (None when not given); 422 otherwise."""
    if not value:
        return None
    if not re.fullmatch(MONTH, value):
        raise HttpError(
            422,
            _("%(name)s: “%(month)s” is not a month written yyyy-mm (for instance 2026-10).")
            % {"name": name, "month": value[:40]},
        )
    return dt.date(int(value[:4]), int(value[5:]), 1)


class MonthScoreOut(Schema):
    month: dt.date
    reported: bool
    numerator: int | None
    denominator: int | None
    rate: float | None
    points: Decimal | None


class ComponentSeries766Out(Schema):
    locality: str
    name: str
    audience: str
    points: list[MonthScoreOut]


class MonthGapOut(Schema):
    month: dt.date
    a: str
    b: str
    gap: Decimal
    change: Decimal | None


class ComponentTrendOut(Schema):
    version: str
    versions: list[str]
    decision: str
    component: str
    group: str
    name_vi: str
    name_en: str
    status: str
    source: str
    max_points: Decimal | None
    a: str
    b: str
    is_demo: bool
    series: list[ComponentSeries766Out]
    gaps: list[MonthGapOut]


@router.get(
    "/indicators/index766/components/{component}",
    response={200: ComponentTrendOut, 404: Problem, 422: Problem},
    summary=(
        "One component of the Decision 766 index month by month for two cities and the other"
        " localities in partnership with either (since, until: yyyy-mm; version: 766/2022 by"
        " default)"
    ),
)
def index_766_component(
    request: HttpRequest,
    component: str,
    a: str,
    b: str,
    version: str = "",
    since: str = "",
    until: str = "",
):
    """Every month from the first to the last with a score for any of the cities: a month
    without a city's figures has ``reported`` false and no numbers (never 0). The gap is the
    first city's rate minus the second's, in percentage points (``change``: since the month
    before that had one). A month not written yyyy-mm, ``since`` after ``until`` or the same
    city twice is refused (422); an unknown version or component, or one not computed from
    dossier figures, is not found (404)."""
    first, last = _month("since", since), _month("until", until)
    if first and last and first > last:
        raise HttpError(
            422,
            _("since (%(since)s) is after until (%(until)s).") % {"since": since, "until": until},
        )
    city_a, city_b = _city(a), _city(b)
    if city_a == city_b:
        raise HttpError(422, _("a and b are the same city: compare two different cities."))
    if version and version not in index766.VERSIONS:
        raise HttpError(
            404,
            _("No version “%(version)s” of the 766 index; the versions are %(versions)s.")
            % {"version": version[:40], "versions": ", ".join(index766.VERSIONS)},
        )
    spec = index766.version(index766.chosen(version))
    found = spec.component(component)
    if found is None or not found.computed:
        raise HttpError(
            404,
            _(
                "The 766 index version %(version)s computes no component “%(component)s” from "
                "dossier figures; its components are %(names)s."
            )
            % {
                "version": spec.key,
                "component": component[:40],
                "names": ", ".join(c.key for c in spec.computed),
            },
        )
    cities = [city_a, city_b, *component_trend.partner_localities(city_a, city_b, spec.key)]
    audiences = {city.pk: queries.audience(request.user, city) for city in cities}
    trend = component_trend.component_trend(
        cities, audiences, found, spec.key, since=first, until=last
    )

    def point(month, score):
        if score is None:
            return {
                "month": month,
                "reported": False,
                "numerator": None,
                "denominator": None,
                "rate": None,
                "points": None,
            }
        return {
            "month": month,
            "reported": True,
            "numerator": score.numerator,
            "denominator": score.denominator,
            "rate": score.rate,
            "points": score.points,
        }

    return {
        "version": spec.key,
        "versions": list(index766.VERSIONS),
        "decision": spec.decision,
        "component": found.key,
        "group": found.group,
        "name_vi": found.name_vi,
        "name_en": found.name_en,
        "status": found.status,
        "source": found.source_url,
        "max_points": found.share,
        "a": city_a.code,
        "b": city_b.code,
        "is_demo": trend.is_demo,
        "series": [
            {
                "locality": city.code,
                "name": city.name,
                "audience": audiences[city.pk],
                "points": [point(m.month, m.scores[i]) for m in trend.months],
            }
            for i, city in enumerate(trend.cities)
        ],
        "gaps": [
            {"month": m.month, "a": city_a.code, "b": city_b.code, "gap": m.gap, "change": m.change}
            for m in trend.gaps
        ],
    }


# The data file's notes are written in English with a Vietnamese version beside them: both are
# given, as the other apps' answers give title_vi and title_en (a note of the English field is
# English, of the *_vi field Vietnamese; either may be empty where the data file has none). The
# publisher is Vietnamese, publisher_en its English.
class FrameworkSummaryOut(Schema):
    key: str
    name_vi: str
    name_en: str
    publisher: str
    publisher_en: str
    scale: str
    scale_vi: str
    aggregation: str
    verified: bool
    years: list[int]


class CityFrameworkSummaryOut(Schema):
    id: int
    locality: str
    name_vi: str
    name_en: str
    is_public: bool
    indicators: int


class FrameworkListOut(Schema):
    published: list[FrameworkSummaryOut]
    city: list[CityFrameworkSummaryOut]


def _summary(fw: frameworks.Framework) -> dict:
    return {
        "key": fw.key,
        "name_vi": fw.name_vi,
        "name_en": fw.name_en,
        "publisher": fw.publisher,
        "publisher_en": fw.publisher_en,
        "scale": fw.scale,
        "scale_vi": fw.scale_vi,
        "aggregation": fw.aggregation,
        "verified": fw.is_verified,
        "years": [e.year for e in fw.editions],
    }


@router.get(
    "/indicators/frameworks",
    response=FrameworkListOut,
    summary="The published-index frameworks, and the cities' own frameworks the reader sees",
)
def framework_list(request: HttpRequest):
    """As the page: every published index (public facts); the cities' own frameworks, the public
    ones to everybody and the others to their city and its partners only."""
    return {
        "published": [_summary(fw) for fw in frameworks.catalogue()],
        "city": [
            {
                "id": f.pk,
                "locality": f.locality.code,
                "name_vi": f.name_vi,
                "name_en": f.name_en,
                "is_public": f.is_public,
                "indicators": f.indicator_count,
            }
            for f in queries.frameworks_visible_to(request.user).order_by(
                "locality__code", "name_vi"
            )
        ],
    }


class ComponentOut(Schema):
    key: str
    name_vi: str
    name_en: str
    theme: str
    unit: str
    # the tree: the key of the component it is part of ("" at the top), its depth (0 at the
    # top), and "sum" where the data file says its value is the sum of its parts
    parent: str
    depth: int
    aggregation: str
    source: str  # where it was read, when not in the framework's components_source ("")


class CityValueOut(Schema):
    locality: str
    total: Decimal | None
    rank: int | None
    components: dict[str, Decimal]
    source: str
    note: str
    note_vi: str
    # The figures (``total`` or a component's key) a city imported or entered, each with its
    # own source on the page; the others are the data file's, read by the maintainers
    entered: list[str] = []


class EditionOut(Schema):
    year: int
    of: int | None
    source: str
    year_note: str
    year_note_vi: str
    values: list[CityValueOut]


class FrameworkOut(FrameworkSummaryOut):
    aggregation_note: str
    aggregation_note_vi: str
    components_source: str
    # every source of the components: components_source, then the others
    components_sources: list[str]
    status: str
    components: list[ComponentOut]
    editions: list[EditionOut]


def _published(request: HttpRequest, key: str) -> frameworks.Framework:
    """The framework with the figures the cities imported or entered that the reader sees."""
    fw = frameworks.framework(key)
    if fw is None:
        raise HttpError(
            404,
            _("No published-index framework has the key “%(key)s”; the list is at %(url)s.")
            % {"key": key[:40], "url": "/api/indicators/frameworks"},
        )
    return frameworks.with_entered(fw, published_values.visible_to(request.user, fw.key))


@router.get(
    "/indicators/frameworks/{key}",
    response={200: FrameworkOut, 404: Problem},
    summary="One published-index framework: its components and its editions, values per city",
)
def framework_detail(request: HttpRequest, key: str):
    fw = _published(request, key)
    return {
        **_summary(fw),
        "aggregation_note": fw.aggregation_note,
        "aggregation_note_vi": fw.aggregation_note_vi,
        "components_source": fw.components_source,
        "components_sources": fw.components_sources,
        "status": frameworks.STATUS_PUBLISHED,
        "components": [dataclasses.asdict(c) for c in fw.components],
        "editions": [
            {
                "year": e.year,
                "of": e.of,
                "source": e.source,
                "year_note": e.year_note,
                "year_note_vi": e.year_note_vi,
                "values": [
                    {"locality": code, **dataclasses.asdict(v), "entered": sorted(v.entered)}
                    for code, v in sorted(e.values.items())
                ],
            }
            for e in reversed(fw.editions)
        ],
    }


class PointOut(Schema):
    year: int
    value: Decimal | None
    rank: int | None
    of: int | None
    source: str
    note: str
    note_vi: str


class SeriesOut(Schema):
    locality: str
    name: str
    points: list[PointOut]


class GapOut(Schema):
    year: int
    a: str
    b: str
    gap: Decimal
    change: Decimal | None


class ComponentSeriesOut(Schema):
    framework: str
    component: str
    name_vi: str
    name_en: str
    status: str
    series: list[SeriesOut]
    gaps: list[GapOut]


@router.get(
    "/indicators/frameworks/{key}/components/{component}",
    response={200: ComponentSeriesOut, 404: Problem},
    summary="A component's values per city and year (``total`` for the index itself)",
)
def framework_component(request: HttpRequest, key: str, component: str):
    fw = _published(request, key)
    series = frameworks.series(fw, component)
    if series is None:
        raise HttpError(
            404,
            _("The framework “%(key)s” has no component “%(component)s”.")
            % {"key": fw.key, "component": component[:40]},
        )
    codes = [s.code for s in series.cities]
    names = {loc.code: loc.name for loc in Locality.objects.filter(code__in=codes)}
    return {
        "framework": fw.key,
        "component": series.key,
        "name_vi": series.name_vi,
        "name_en": series.name_en,
        "status": frameworks.STATUS_PUBLISHED,
        "series": [
            {
                "locality": s.code,
                "name": names.get(s.code, s.code),
                "points": [dataclasses.asdict(p) for p in s.points],
            }
            for s in series.cities
        ],
        "gaps": [dataclasses.asdict(g) for g in series.gaps],
    }
