"""JSON API under /api/indicators/: the catalogues and their comparison (public facts)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from hoptac.core import dates
from hoptac.core.models import Locality
from hoptac.core.pagination import Pagination

from . import queries

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


@router.get(
    "/indicators/compare",
    response={200: ComparisonOut, 404: Problem},
    summary="Two cities' catalogues side by side by procedure code",
)
def compare(request: HttpRequest, a: str, b: str, only: str = ""):
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
