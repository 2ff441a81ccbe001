from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from . import queries
from .models import Locality
from .pagination import Pagination

router = Router(tags=["core"])


class LocalityOut(Schema):
    code: str
    name_vi: str
    name_en: str
    kind: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    successor_code: str | None

    @staticmethod
    def resolve_successor_code(obj: Locality) -> str | None:
        return obj.successor.code if obj.successor_id else None


class OrganisationOut(Schema):
    id: int
    name_vi: str
    name_en: str
    abbreviation: str
    kind: str
    locality_code: str
    parent_id: int | None
    successor_id: int | None
    valid_from: dt.date | None
    valid_to: dt.date | None

    @staticmethod
    def resolve_locality_code(obj) -> str:
        return obj.locality.code


@router.get("/localities", response=list[LocalityOut])
def list_localities(request: HttpRequest) -> list[Locality]:
    return list(Locality.objects.select_related("successor"))


@router.get("/organisations", response=list[OrganisationOut])
@paginate(Pagination)
def list_organisations(request: HttpRequest, locality: str | None = None, current: bool = True):
    qs = queries.organisations_for_directory()
    if locality:
        qs = qs.filter(locality__code=locality.replace("\x00", ""))
    if current:
        qs = qs.valid_on()
    return qs
