"""Reads of the indicators app: the catalogues side by side by procedure code."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from hoptac.core.models import Locality, Partnership

from .models import Procedure

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


def _rank(procedure: Procedure | None) -> int:
    return -1 if procedure is None else RANK[procedure.online_level]


@dataclass
class Comparison:
    a: Locality
    b: Locality
    pairs: list[Pair]
    summary: dict = field(default_factory=dict)
    fields: list[str] = field(default_factory=list)


def compare(
    a: Locality, b: Locality, day: dt.date, *, field_name: str = "", only: str = ""
) -> Comparison:
    """The two catalogues joined by code (two queries), with the counts of each case.

    ``only``: "a_ahead" (a fully online where b is not), "b_ahead", "both" (in both catalogues),
    "a_only", "b_only"; empty for every procedure."""
    rows_a = {p.code: p for p in current_procedures(a, day)}
    rows_b = {p.code: p for p in current_procedures(b, day)}
    pairs = []
    for code in sorted(rows_a.keys() | rows_b.keys()):
        pa, pb = rows_a.get(code), rows_b.get(code)
        ref = pa or pb
        pairs.append(Pair(code, ref.name, ref.field_name, pa, pb))
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
    }
    fields = sorted({p.field_name for p in pairs})
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
    return Comparison(a, b, pairs, summary, fields)
