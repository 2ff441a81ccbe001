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

from . import index766, queries

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
    response={200: IndexOut, 404: Problem},
    summary="Two cities' Decision 766 index for a month (yyyy-mm; the newest by default)",
)
def index_766(request: HttpRequest, a: str, b: str, month: str = ""):
    city_a, city_b = _city(a), _city(b)
    spec = index766.version()
    audiences = {
        city_a.pk: queries.audience(request.user, city_a),
        city_b.pk: queries.audience(request.user, city_b),
    }
    months = queries.index_months(city_a, city_b, spec.key)
    chosen = next((m for m in months if f"{m:%Y-%m}" == month), months[0] if months else None)
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
