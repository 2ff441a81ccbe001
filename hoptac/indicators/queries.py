"""Reads of the indicators app: the catalogues side by side by procedure code."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.fields.json import KeyTransform

from hoptac.core import linkable
from hoptac.core.models import Locality, Partnership
from hoptac.core.queries import scope_for
from hoptac.core.text import vi_sorted

from . import index766
from .models import IndexResult, IndicatorFramework, IndicatorTag, Procedure, Score, milli

RANK = {
    Procedure.OnlineLevel.FULL: 2,
    Procedure.OnlineLevel.PARTIAL: 1,
    Procedure.OnlineLevel.NONE: 0,
}


def current_procedures(locality: Locality, day: dt.date) -> QuerySet[Procedure]:
    """The current version of each procedure a city offers, started by ``day``."""
    return Procedure.objects.filter(locality=locality, valid_to__isnull=True).exclude(
        valid_from__gt=day
    )


def all_current_procedures(day: dt.date) -> QuerySet[Procedure]:
    """The current version of every city's procedures, started by ``day``."""
    return Procedure.objects.filter(valid_to__isnull=True).exclude(valid_from__gt=day)


def default_pair() -> tuple[Locality, Locality] | None:
    """The first partnership's two cities (Hanoi and Da Nang in the demo)."""
    partnership = (
        Partnership.objects.select_related("locality_a", "locality_b").order_by("pk").first()
    )
    if partnership is None:
        return None
    return partnership.locality_a, partnership.locality_b


def comparable_localities() -> QuerySet[Locality]:
    """Localities that have a catalogue, for the choice on the page."""
    ids = Procedure.objects.values("locality").annotate(n=Count("pk")).values("locality")
    return Locality.objects.filter(pk__in=ids).order_by("code")


@dataclass
class Pair:
    code: str
    name: str
    field_name: str
    a: Procedure | None
    b: Procedure | None
    ask_url: str | None = None  # set by the page for the city that lags

    @property
    def gap(self) -> int:
        """> 0 when the first city offers the procedure more fully online than the second."""
        return _rank(self.a) - _rank(self.b)

    @property
    def days_gap(self):
        if self.a is None or self.b is None:
            return None
        if self.a.processing_days is None or self.b.processing_days is None:
            return None
        return self.a.processing_days - self.b.processing_days

    @property
    def fee_gap(self) -> int | None:
        """The first city's fee less the second's in VND, when both catalogues give it as a
        number (a fee written only in words, "theo quy định", is not compared)."""
        if self.a is None or self.b is None:
            return None
        if self.a.fee_vnd is None or self.b.fee_vnd is None:
            return None
        return self.a.fee_vnd - self.b.fee_vnd

    def lower(self, side: str) -> dict[str, bool]:
        """Whether ``side`` ("a" or "b") is the faster and the cheaper of the two; on a tie,
        neither is."""
        sign = -1 if side == "a" else 1
        days, fee = self.days_gap, self.fee_gap
        return {
            "faster": days is not None and days * sign > 0,
            "cheaper": fee is not None and fee * sign > 0,
        }

    @property
    def a_lower(self) -> dict[str, bool]:
        return self.lower("a")

    @property
    def b_lower(self) -> dict[str, bool]:
        return self.lower("b")


def _rank(procedure: Procedure | None) -> int:
    return -1 if procedure is None else RANK[procedure.online_level]


@dataclass
class Comparison:
    a: Locality
    b: Locality
    pairs: list[Pair]
    summary: dict = field(default_factory=dict)
    fields: list[str] = field(default_factory=list)

    @property
    def is_demo(self) -> bool:
        """Whether any procedure compared is demo data."""
        return any(p.a and p.a.is_demo or p.b and p.b.is_demo for p in self.pairs)


def compare(
    a: Locality,
    b: Locality,
    day: dt.date,
    *,
    field_name: str = "",
    only: str = "",
    code: str = "",
) -> Comparison:
    """The two catalogues joined by code (two queries), with the counts of each case.

    ``only``: "a_ahead" (a fully online where b is not), "b_ahead", "both" (in both catalogues),
    "a_only", "b_only"; empty for every procedure. ``code``: that procedure only (a search
    result's link)."""
    rows_a = {p.code: p for p in current_procedures(a, day)}
    rows_b = {p.code: p for p in current_procedures(b, day)}
    pairs = []
    for key in sorted(rows_a.keys() | rows_b.keys()):
        pa, pb = rows_a.get(key), rows_b.get(key)
        ref = pa or pb
        pairs.append(Pair(key, ref.name, ref.field_name, pa, pb))
    full = Procedure.OnlineLevel.FULL
    both = [p for p in pairs if p.a and p.b]
    summary = {
        "a_total": len(rows_a),
        "b_total": len(rows_b),
        "a_full": sum(1 for p in rows_a.values() if p.online_level == full),
        "b_full": sum(1 for p in rows_b.values() if p.online_level == full),
        "both": len(both),
        "a_ahead": sum(1 for p in both if p.a.online_level == full and p.b.online_level != full),
        "b_ahead": sum(1 for p in both if p.b.online_level == full and p.a.online_level != full),
        "a_only": sum(1 for p in pairs if p.b is None),
        "b_only": sum(1 for p in pairs if p.a is None),
        "a_faster": sum(1 for p in both if p.days_gap is not None and p.days_gap < 0),
        "b_faster": sum(1 for p in both if p.days_gap is not None and p.days_gap > 0),
        "a_cheaper": sum(1 for p in both if p.fee_gap is not None and p.fee_gap < 0),
        "b_cheaper": sum(1 for p in both if p.fee_gap is not None and p.fee_gap > 0),
    }
    fields = vi_sorted({p.field_name for p in pairs})  # people read this list: Vietnamese order
    if field_name:
        pairs = [p for p in pairs if p.field_name == field_name]
    filters = {
        "a_ahead": lambda p: p.a and p.b and p.a.online_level == full and p.b.online_level != full,
        "b_ahead": lambda p: p.a and p.b and p.b.online_level == full and p.a.online_level != full,
        "both": lambda p: p.a and p.b,
        "a_only": lambda p: p.b is None,
        "b_only": lambda p: p.a is None,
    }
    if only in filters:
        pairs = [p for p in pairs if filters[only](p)]
    if code:
        pairs = [p for p in pairs if p.code == code]
    return Comparison(a, b, pairs, summary, fields)


# --- Decision 766 index ---------------------------------------------------------------------


def audience(user, locality: Locality) -> str:
    """ "all" when the user reads every figure of the city (its members, its partners'), else
    "public"."""
    return "all" if user.has_perm("indicators.read_all_figures", locality) else "public"


def index_months(
    a: Locality, b: Locality, version: str, audiences: dict[int, str]
) -> tuple[list[dt.date], dt.date | None]:
    """The months with a city-level score for either city that the reader may see (in the
    ``audiences`` the reader has for each city), newest first, and the month shown by default
    (``default_month``): one query."""
    rows = list(
        _city_results(a, b, audiences, version)
        .values_list("month", "locality")
        .distinct()
        .order_by("-month")
    )
    return sorted({m for m, _loc in rows}, reverse=True), default_month(rows, {a.pk, b.pk})


def default_month(rows: Iterable[tuple[dt.date, int]], cities: set[int]) -> dt.date | None:
    """The month a comparison opens on, from its (month, city) pairs: the newest month in which
    every compared city has figures (the newest of either one had left the other's column
    empty), else the newest month of any."""
    held: dict[dt.date, set[int]] = defaultdict(set)
    for month, city in rows:
        held[month].add(city)
    shared = [m for m, seen in held.items() if cities <= seen]
    return max(shared or held, default=None)


@dataclass
class ComponentRow:
    component: index766.Component
    a: Score | None
    b: Score | None
    # Where one city lags: the leading city, its items tagged with this component (that the
    # reader may see) and "ask the partner how" for the lagging city's members (set by the view).
    ahead: Locality | None = None
    practices: list = field(default_factory=list)
    ask_url: str | None = None
    a_cell: str = ""  # each city's score as the table writes it (set by the page)
    b_cell: str = ""
    trend_url: str = ""  # the component's page, both cities over time (set by the page)

    @property
    def gap(self):
        """Points of the first city minus the second's (None when either is missing)."""
        if self.a is None or self.b is None or self.a.points is None or self.b.points is None:
            return None
        return self.a.points - self.b.points


@dataclass
class GroupRow:
    group: index766.Group
    components: list[ComponentRow]

    def _total(self, side: str):
        values = [getattr(r, side) for r in self.components if r.component.computed]
        points = [v.points for v in values if v is not None and v.points is not None]
        return sum(points) if points else None

    def scored(self, side: str) -> frozenset[str]:
        """The components whose points enter ``side``'s total."""
        return frozenset(
            r.component.key
            for r in self.components
            if r.component.computed and (v := getattr(r, side)) is not None and v.points is not None
        )

    @property
    def a_points(self):
        return self._total("a")

    @property
    def b_points(self):
        return self._total("b")

    @property
    def gap(self):
        """None also when the two totals do not add up the same components (one city's
        figures for some of them not reported): a sum of fewer parts is not behind."""
        a, b = self.a_points, self.b_points
        if a is None or b is None or self.scored("a") != self.scored("b"):
            return None
        return a - b


@dataclass
class IndexComparison:
    a: Locality
    b: Locality
    month: dt.date | None
    version: index766.Version
    groups: list[GroupRow]
    is_demo: bool = False

    @property
    def a_total(self):
        values = [g.a_points for g in self.groups if g.a_points is not None]
        return sum(values) if values else None

    @property
    def b_total(self):
        values = [g.b_points for g in self.groups if g.b_points is not None]
        return sum(values) if values else None

    @property
    def gap(self):
        """The first city's total minus the second's (None when either has none, or when
        they do not add up the same components)."""
        a, b = self.a_total, self.b_total
        if a is None or b is None:
            return None
        if any(g.scored("a") != g.scored("b") for g in self.groups):
            return None
        return a - b


def _city_results(a: Locality, b: Locality, audiences: dict[int, str], version: str):
    return IndexResult.objects.filter(
        Q(locality=a, audience=audiences[a.pk]) | Q(locality=b, audience=audiences[b.pk]),
        version=version,
        agency="",
    )


def index_compare(
    a: Locality,
    b: Locality,
    month: dt.date | None,
    audiences: dict[int, str],
    version: str = index766.DEFAULT,
) -> IndexComparison:
    """Both cities' scores for ``month``, per group and component (one query)."""
    spec = index766.version(version)
    scores: dict[tuple[int, str], Score] = {}
    if month is not None:
        for result in _city_results(a, b, audiences, version).filter(month=month):
            for key in result.scores:
                score = result.score(key)
                if score is not None:
                    scores[(result.locality_id, key)] = score
    groups = [
        GroupRow(
            g,
            [
                ComponentRow(c, scores.get((a.pk, c.key)), scores.get((b.pk, c.key)))
                for c in g.components
            ],
        )
        for g in spec.groups
    ]
    return IndexComparison(
        a, b, month, spec, groups, is_demo=any(s.is_demo for s in scores.values())
    )


def _scored_keys(scores: dict) -> frozenset[str]:
    """The components of a stored result (``IndexResult.scores``) that have points."""
    return frozenset(key for key, (_n, _d, p) in scores.items() if p is not None)


def month_after(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every month from ``first`` to ``last`` (first days), oldest first."""
    months, month = [], first
    while month <= last:
        months.append(month)
        month = month_after(month)
    return months


def _every_month(trend: list[dict]) -> list[dict]:
    """The trend with a row for every month from its first to its last: a month neither city has
    figures for is a gap in the line and the table ("no figures"), not two neighbouring months
    drawn side by side."""
    if not trend:
        return trend
    held = {entry["month"]: entry for entry in trend}
    return [
        held.get(month) or {"month": month, "a": None, "b": None, "gap": None}
        for month in months_between(trend[0]["month"], trend[-1]["month"])
    ]


def _trend_gaps(trend: list[dict]) -> None:
    """Each month's gap between the totals, given only when both add up the same components
    (a month one city reported without some columns is not a fall of its index)."""
    for entry in trend:
        a_keys, b_keys = entry.pop("a_keys", None), entry.pop("b_keys", None)
        if entry["a"] is None or entry["b"] is None or a_keys != b_keys:
            entry["gap"] = None
        else:
            entry["gap"] = entry["a"] - entry["b"]


def index_trend(
    a: Locality, b: Locality, audiences: dict[int, str], version: str = index766.DEFAULT
) -> list[dict]:
    """Each month's total points for both cities and the gap, oldest first (one query)."""
    totals: dict[dt.date, dict] = {}
    rows = (
        _city_results(a, b, audiences, version)
        .order_by("month", "locality")
        .values_list("month", "locality", "scores")
    )
    for month, locality, scores in rows:
        entry = totals.setdefault(month, {"month": month, "a": None, "b": None})
        points = [p for _n, _d, p in scores.values() if p is not None]
        side = "a" if locality == a.pk else "b"
        entry[side] = sum(milli(p) for p in points) if points else None
        entry[f"{side}_keys"] = _scored_keys(scores)
    trend = list(totals.values())
    _trend_gaps(trend)
    return _every_month(trend)


@dataclass(frozen=True)
class _CityRow:
    """A city-level result as ``Score.of`` reads it (without the model instance)."""

    version: str
    locality_id: int
    month: dt.date
    audience: str
    is_demo: bool
    agency: str = ""


@dataclass
class IndexPage:
    """What the 766 page shows, from one query: the months the reader may see (newest first),
    both cities' scores in the month chosen, and the trend of the totals."""

    months: list[dt.date]
    comparison: IndexComparison
    trend: list[dict]


def index_page(
    a: Locality,
    b: Locality,
    audiences: dict[int, str],
    wanted: str = "",
    version: str = index766.DEFAULT,
) -> IndexPage:
    """The months, the comparison for the month ``wanted`` (yyyy-mm; ``default_month`` when it
    has no scores) and the trend, from every city-level result of both cities read once (one query:
    ``index_months``, ``index_compare`` and ``index_trend`` took three round trips, and on a
    loaded machine each round trip waits for the database's turn)."""
    spec = index766.version(version)
    rows = list(
        _city_results(a, b, audiences, version)
        .order_by("month", "locality")
        .values_list("month", "locality", "audience", "is_demo", "scores")
    )
    months = sorted({row[0] for row in rows}, reverse=True)
    fallback = default_month(((row[0], row[1]) for row in rows), {a.pk, b.pk})
    month = next((m for m in months if wanted == f"{m:%Y-%m}"), fallback)
    totals: dict[dt.date, dict] = {}
    scores: dict[tuple[int, str], Score] = {}
    for day, locality, audience_, is_demo, values in rows:
        entry = totals.setdefault(day, {"month": day, "a": None, "b": None})
        points = [p for _n, _d, p in values.values() if p is not None]
        side = "a" if locality == a.pk else "b"
        entry[side] = sum(milli(p) for p in points) if points else None
        entry[f"{side}_keys"] = _scored_keys(values)
        if day == month:
            key = _CityRow(version, locality, day, audience_, is_demo)
            for component, value in values.items():
                score = Score.of(key, component, value)
                if score is not None:
                    scores[(locality, component)] = score
    trend = list(totals.values())
    _trend_gaps(trend)
    trend = _every_month(trend)
    groups = [
        GroupRow(
            g,
            [
                ComponentRow(c, scores.get((a.pk, c.key)), scores.get((b.pk, c.key)))
                for c in g.components
            ],
        )
        for g in spec.groups
    ]
    comparison = IndexComparison(
        a, b, month, spec, groups, is_demo=any(s.is_demo for s in scores.values())
    )
    return IndexPage(months, comparison, trend)


DETAIL_FIELDS = ("version", "locality_id", "agency", "month", "audience", "is_demo")


def component_detail(
    city: Locality, month: dt.date, component: str, audience_: str, version: str = index766.DEFAULT
) -> tuple[list[Score], list[str]]:
    """The city's score for one component and month, then each agency's, and the agencies
    (the city: "") whose figures for it were not reported (one query)."""
    # Only that component's numbers are read from each row, not every component's.
    rows = (
        IndexResult.objects.filter(version=version, locality=city, month=month, audience=audience_)
        .order_by("agency")
        .annotate(value=KeyTransform(component, "scores"))
        .values_list(*DETAIL_FIELDS, "value", named=True)
    )
    scores, not_reported = [], []
    for row in rows:
        score = Score.of(row, component, row.value)
        if score is not None:
            scores.append(score)
        elif row.value is not None:  # computed, but a figure it needs was not reported
            not_reported.append(row.agency)
    return scores, not_reported


def index_localities(version: str = index766.DEFAULT) -> QuerySet[Locality]:
    """The localities with scores of ``version``: one index probe per locality (the unique
    constraint begins with version, locality, agency), not a scan of every score."""
    return Locality.objects.filter(
        Exists(IndexResult.objects.filter(version=version, locality=OuterRef("pk"), agency=""))
    )


# Kinds of other apps (``hoptac.core.linkable`` keys) that can be tagged with an indicator.
TAGGABLE = ("exchange.practice", "exchange.policy")


def tags_of(obj) -> list[str]:
    """The indicator keys an object is tagged with (one query)."""
    ct = ContentType.objects.get_for_model(obj)
    return list(
        IndicatorTag.objects.filter(content_type=ct, object_id=obj.pk)
        .order_by("indicator")
        .values_list("indicator", flat=True)
    )


def tagged_items(user, wanted: dict[Locality, Iterable[str]]) -> dict[tuple[int, str], list]:
    """For each city and its indicators in ``wanted``, the city's items tagged with them that
    ``user`` may see, keyed by (city id, indicator): one query for the tags (none when nothing is
    wanted), one per kind present (each kind's own visibility rule)."""
    condition = Q(pk__in=[])
    for city, indicators in wanted.items():
        condition |= Q(locality=city, indicator__in=list(indicators))
    tags = list(IndicatorTag.objects.filter(condition).order_by("pk"))
    by_ct: dict[int, set[int]] = defaultdict(set)
    for t in tags:
        by_ct[t.content_type_id].add(t.object_id)
    objects: dict[tuple[int, int], object] = {}
    for ct_id, pks in by_ct.items():
        ct = ContentType.objects.get_for_id(ct_id)
        kind = linkable.kind(f"{ct.app_label}.{ct.model}")
        if kind is None:
            continue
        for obj in kind.visible_to(user).filter(pk__in=pks):
            objects[(ct_id, obj.pk)] = obj
    found: dict[tuple[int, str], list] = defaultdict(list)
    for t in tags:
        obj = objects.get((t.content_type_id, t.object_id))
        if obj is not None:
            found[(t.locality_id, t.indicator)].append(obj)
    return dict(found)


def goals_of(cities: list[Locality]) -> list:
    """The cities' targets on indicators, newest deadline last (one query)."""
    from .models import IndicatorGoal

    return list(
        IndicatorGoal.objects.filter(locality__in=cities)
        .select_related("locality")
        .order_by("locality__code", "due", "pk")
    )


def frameworks_visible_to(user) -> QuerySet[IndicatorFramework]:
    """The cities' own indicator frameworks the user reads: the public ones, and every one of
    the user's cities and their partners; with the city and the count of indicators."""
    frameworks = IndicatorFramework.objects.select_related("locality").annotate(
        indicator_count=Count("indicators")
    )
    if getattr(user, "is_superuser", False):
        return frameworks
    scope = scope_for(user)
    cities = set(scope.localities) | set(scope.partner_localities)
    return frameworks.filter(Q(is_public=True) | Q(locality__in=cities))
