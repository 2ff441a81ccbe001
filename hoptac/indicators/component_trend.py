"""One component of the 766 index month by month, for two cities and the other localities in
partnership with either: the read behind the component's page, its export and its API.

Every month from the first to the last with a score for any of them is a row, so that a month
without figures shows as such ("chưa có số liệu"), never as 0 nor left out. The gap is between
the first two cities, on the rate (percentage points): the rate is what the cities' offices set
targets on, and it reads alike in every index version (points depend on the version's shares).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Exists, OuterRef, Q
from django.db.models.fields.json import KeyTransform

from hoptac.core.models import Locality, Partnership

from . import index766
from .models import IndexResult, Score
from .queries import DETAIL_FIELDS, month_after, months_between  # noqa: F401 (used here and by tests)


def rate_percent(score: Score | None) -> Decimal | None:
    """The rate in per cent to the tenth, as the pages write it (None without one)."""
    if score is None or not score.denominator:
        return None
    value = Decimal(score.numerator) * 100 / Decimal(score.denominator)
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class MonthRow:
    """One month: each city's score (None: no figures that month) and the gap between the
    first two cities' rates in percentage points, with how it moved since the month before
    that had one."""

    month: dt.date
    scores: list[Score | None]
    gap: Decimal | None = None
    change: Decimal | None = None

    @property
    def rates(self) -> list[Decimal | None]:
        return [rate_percent(s) for s in self.scores]


@dataclass
class ComponentTrend:
    version: index766.Version
    component: index766.Component
    cities: list[Locality]  # the two compared, then the others in partnership with either
    audiences: dict[int, str]
    months: list[MonthRow] = field(default_factory=list)  # oldest first, none left out
    is_demo: bool = False
    # Every month with a score for any city, before ``since`` and ``until`` are applied (the
    # months a reader may ask for), oldest first
    available: list[dt.date] = field(default_factory=list)

    @property
    def a(self) -> Locality:
        return self.cities[0]

    @property
    def b(self) -> Locality:
        return self.cities[1]

    @property
    def gaps(self) -> list[MonthRow]:
        """The months in which both cities have a rate, oldest first."""
        return [m for m in self.months if m.gap is not None]

    @property
    def first_gap(self) -> MonthRow | None:
        gaps = self.gaps
        return gaps[0] if gaps else None

    @property
    def newest_gap(self) -> MonthRow | None:
        gaps = self.gaps
        return gaps[-1] if gaps else None

    @property
    def gap_moved(self) -> str:
        """How the gap moved from the first month both cities have to the newest: "narrowed",
        "widened", "unchanged", "reversed" (the other city leads now), or "" with fewer than
        two such months."""
        first, newest = self.first_gap, self.newest_gap
        if first is None or newest is None or first is newest:
            return ""
        if first.gap * newest.gap < 0:
            return "reversed"
        before, now = abs(first.gap), abs(newest.gap)
        if now == before:
            return "unchanged"
        return "narrowed" if now < before else "widened"

    @property
    def gap_change(self) -> Decimal | None:
        """How much closer (negative) or further apart the cities are now than in the first
        month both have, in percentage points of the rate."""
        first, newest = self.first_gap, self.newest_gap
        if first is None or newest is None or first is newest:
            return None
        return abs(newest.gap) - abs(first.gap)


def partner_localities(a: Locality, b: Locality, version: str = index766.DEFAULT) -> list[Locality]:
    """The localities in partnership with either city that have scores of ``version``, by code
    (one query)."""
    pair = [a.pk, b.pk]
    partnered = Partnership.objects.filter(
        Q(locality_a=OuterRef("pk"), locality_b__in=pair)
        | Q(locality_b=OuterRef("pk"), locality_a__in=pair)
    )
    scored = IndexResult.objects.filter(version=version, locality=OuterRef("pk"), agency="")
    return list(
        Locality.objects.filter(Exists(partnered), Exists(scored))
        .exclude(pk__in=pair)
        .order_by("code")
    )


def component_trend(
    cities: list[Locality],
    audiences: dict[int, str],
    component: index766.Component,
    version: str = index766.DEFAULT,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> ComponentTrend:
    """``component`` for each city (the first two compared) month by month between ``since``
    and ``until`` (both included, when given), each city's figures in the reader's audience
    for it (``audiences``): one query, one row per city and month (a few dozen months of a
    few cities: the months asked for are picked here, and the others stay known to the page's
    choices)."""
    spec = index766.version(version)
    condition = Q(pk__in=[])
    for city in cities:
        condition |= Q(locality=city, audience=audiences[city.pk])
    rows = (
        IndexResult.objects.filter(condition, version=version, agency="")
        .order_by("month", "locality")
        .annotate(value=KeyTransform(component.key, "scores"))
        .values_list(*DETAIL_FIELDS, "value", named=True)
    )
    held: dict[tuple[dt.date, int], Score] = {}
    months: set[dt.date] = set()
    is_demo = False
    for row in rows:
        months.add(row.month)
        is_demo = is_demo or row.is_demo
        score = Score.of(row, component.key, row.value)
        if score is not None:
            held[(row.month, row.locality_id)] = score
    trend = ComponentTrend(spec, component, list(cities), audiences, is_demo=is_demo)
    if not months:
        return trend
    trend.available = months_between(min(months), max(months))
    shown = [
        m
        for m in trend.available
        if (since is None or m >= since) and (until is None or m <= until)
    ]
    previous: Decimal | None = None
    for month in shown:
        entry = MonthRow(month, [held.get((month, city.pk)) for city in cities])
        a, b = entry.rates[:2]
        if a is not None and b is not None:
            entry.gap = a - b
            entry.change = None if previous is None else entry.gap - previous
            previous = entry.gap
        trend.months.append(entry)
    return trend
