"""The investment API: public lists (projects, parks, enterprises), matches for officers, and
enterprise creation with the same checks as the forms (tax code, VSIC code with its version)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from hoptac.core.api_auth import TOKEN_OR_SESSION
from hoptac.core.pagination import Pagination

from . import matching, queries
from .models import Enterprise, Project

router = Router(tags=["investment"])


class ProjectOut(Schema):
    code: str
    title_vi: str
    title_en: str
    locality_code: str = Field(..., alias="locality.code")
    vsic_version: str
    vsic_code: str
    priority_item: str | None
    park: str | None
    land_area_ha: Decimal | None
    capital_vnd: Decimal
    capital_usd: Decimal | None
    usd_rate: Decimal | None
    rate_date: dt.date | None
    investment_form: str
    clearance: str
    source: str
    status: str

    @staticmethod
    def resolve_priority_item(obj: Project) -> str | None:
        return obj.priority_item.code if obj.priority_item_id else None

    @staticmethod
    def resolve_park(obj: Project) -> str | None:
        return obj.park.slug if obj.park_id else None


class ParkOut(Schema):
    slug: str
    kind: str
    name_vi: str
    name_en: str
    locality_code: str = Field(..., alias="locality.code")
    total_area_ha: Decimal
    leased_area_ha: Decimal
    available_area_ha: Decimal
    land_price_min_vnd: Decimal | None
    land_price_max_vnd: Decimal | None
    port_distance_km: Decimal | None
    airport_distance_km: Decimal | None
    demo_figures: bool


class EnterpriseOut(Schema):
    tax_code: str
    name_vi: str
    name_en: str
    locality_code: str = Field(..., alias="locality.code")
    legal_form: str
    vsic_version: str
    vsic_code: str
    size: str
    verification: str


class EnterpriseIn(Schema):
    tax_code: str
    legal_form: str = "company"
    name_vi: str
    name_en: str = ""
    locality_code: str
    vsic_version: str = "2018"
    vsic_code: str
    size: str = "small"
    charter_capital_vnd: Decimal | None = None
    products: str = ""


class MatchReasonOut(Schema):
    label: str
    points: int
    detail: str


class MatchOut(Schema):
    kind: str
    id: int
    name: str
    score: int
    reasons: list[MatchReasonOut]

    @staticmethod
    def resolve_name(obj) -> str:
        return str(obj.obj)


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


def _no_nul(value: str | None) -> str | None:
    """PostgreSQL refuses NUL characters in a query: treat them as absent."""
    return value.replace("\x00", "") if value else value


@router.get("/investment/projects", response=list[ProjectOut])
@paginate(Pagination)
def list_projects(request: HttpRequest, locality: str | None = None, sector: str | None = None):
    locality, sector = _no_nul(locality), _no_nul(sector)
    qs = queries.public_projects().select_related("priority_item")
    if locality:
        qs = qs.filter(locality__code=locality)
    if sector:
        qs = qs.filter(vsic_code__startswith=sector[:5])
    return qs


@router.get("/investment/projects/{code}", response=ProjectOut)
def get_project(request: HttpRequest, code: str):
    code = _no_nul(code)
    return get_object_or_404(queries.public_projects(), code=code)


@router.get("/investment/parks", response=list[ParkOut])
@paginate(Pagination)
def list_parks(request: HttpRequest, kind: str | None = None):
    kind = _no_nul(kind)
    qs = queries.public_parks()
    if kind:
        qs = qs.filter(kind=kind)
    return qs


@router.get("/investment/enterprises", response=list[EnterpriseOut])
@paginate(Pagination)
def list_enterprises(request: HttpRequest, locality: str | None = None):
    locality = _no_nul(locality)
    qs = queries.enterprises_visible_to(request.user)
    if locality:
        qs = qs.filter(locality__code=locality)
    return qs


@router.get(
    "/investment/matches/{kind}/{key}",
    response={200: list[MatchOut], 403: ErrorOut},
    auth=TOKEN_OR_SESSION,
)
def list_matches(request: HttpRequest, kind: str, key: str, target: str = "enterprise"):
    if not request.user.has_perm("investment.use_workspace"):
        return 403, {"detail": _("Only officers of the partner cities see matches.")}
    key = _no_nul(key)
    try:
        source = queries.match_source(request.user, kind, key)
    except LookupError as e:
        raise HttpError(404, _("Unknown kind")) from e
    except (Project.DoesNotExist, Enterprise.DoesNotExist) as e:
        raise HttpError(404, _("Not found")) from e
    if target not in ("enterprise", "project"):
        raise HttpError(422, _("target is enterprise or project"))
    return 200, matching.matches_for(source, target)


@router.post(
    "/investment/enterprises",
    response={201: EnterpriseOut, 403: ErrorOut, 422: ErrorOut},
    auth=TOKEN_OR_SESSION,
)
def create_enterprise(request: HttpRequest, payload: EnterpriseIn):
    from hoptac.core.models import Locality

    if any("\x00" in str(v) for v in payload.dict().values()):
        return 422, {"detail": _("Text may not contain NUL characters."), "errors": {}}
    locality = Locality.objects.filter(code=payload.locality_code).first()
    if locality is None:
        return 422, {"detail": _("Unknown locality"), "errors": {"locality_code": ["unknown"]}}
    data = payload.dict()
    data.pop("locality_code")
    enterprise = Enterprise(locality=locality, **data)
    try:
        if not request.user.has_perm("investment.change_enterprise", enterprise):
            raise PermissionDenied
        enterprise.full_clean()
    except PermissionDenied:
        return 403, {"detail": _("You may only add enterprises of your own city.")}
    except ValidationError as e:
        return 422, {"detail": _("Invalid enterprise"), "errors": e.message_dict}
    enterprise._history_user = request.user
    enterprise.save()
    return 201, enterprise
