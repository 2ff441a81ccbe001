"""JSON API of the exchange: what the caller may read, paginated, N+1-free."""

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from hoptac.core.pagination import Pagination

from . import queries
from .models import Activity, Policy, Practice

router = Router(tags=["exchange"])


class OwnerMixin(Schema):
    organisation: str
    locality_code: str
    fields: list[str]

    @staticmethod
    def resolve_organisation(obj) -> str:
        return obj.organisation.name_vi

    @staticmethod
    def resolve_locality_code(obj) -> str:
        return obj.locality.code

    @staticmethod
    def resolve_fields(obj) -> list[str]:
        return [f.code for f in obj.fields.all()]


class PracticeOut(OwnerMixin):
    id: int
    title_vi: str
    title_en: str
    summary_vi: str
    summary_en: str
    tags: list[str]
    visibility: str
    status: str
    published_at: dt.datetime | None
    attachment_count: int
    url: str

    @staticmethod
    def resolve_tags(obj: Practice) -> list[str]:
        return obj.tag_list

    @staticmethod
    def resolve_url(obj: Practice) -> str:
        return obj.get_absolute_url()


class PracticeDetailOut(PracticeOut):
    body_vi: str
    body_en: str
    results: str
    contact: str


class PolicyOut(OwnerMixin):
    id: int
    number: str
    kind: str
    issuer: str
    title_vi: str
    title_en: str
    issued_on: dt.date | None
    effective_on: dt.date | None
    expires_on: dt.date | None
    legal_status: str
    replaced_by_id: int | None
    visibility: str
    status: str
    url: str

    @staticmethod
    def resolve_url(obj: Policy) -> str:
        return obj.get_absolute_url()


class ActivityOut(OwnerMixin):
    id: int
    kind: str
    title_vi: str
    title_en: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    host_locality_code: str
    participant_count: int
    registration_open: bool
    visibility: str
    status: str
    url: str

    @staticmethod
    def resolve_host_locality_code(obj: Activity) -> str:
        return obj.host_locality.code

    @staticmethod
    def resolve_url(obj: Activity) -> str:
        return obj.get_absolute_url()


class AddresseeOut(Schema):
    locality_code: str
    organisation: str | None
    state: str
    answered_at: dt.datetime | None
    answer_days: int | None

    @staticmethod
    def resolve_locality_code(obj) -> str:
        return obj.locality.code

    @staticmethod
    def resolve_organisation(obj) -> str | None:
        return obj.organisation.name_vi if obj.organisation_id else None


class RequestOut(Schema):
    id: int
    subject: str
    organisation: str
    locality_code: str
    due_on: dt.date
    status: str
    sent_at: dt.datetime
    addressees: list[AddresseeOut]

    @staticmethod
    def resolve_organisation(obj) -> str:
        return obj.organisation.name_vi

    @staticmethod
    def resolve_locality_code(obj) -> str:
        return obj.locality.code

    @staticmethod
    def resolve_addressees(obj) -> list:
        return list(obj.addressees.all())


class ItemFilters(Schema):
    locality: str | None = Field(
        None, max_length=3, pattern=r"^[0-9A-Za-z]*$", description="Locality code, e.g. 48"
    )
    field: str | None = Field(
        None, max_length=60, pattern=r"^[-0-9a-z_]*$", description="Cooperation field code"
    )


def _filtered(qs, filters: ItemFilters):
    if filters.locality:
        qs = qs.filter(locality__code=filters.locality)
    if filters.field:
        qs = qs.filter(fields__code=filters.field)
    return qs


@router.get("/exchange/practices", response=list[PracticeOut])
@paginate(Pagination)
def list_practices(request: HttpRequest, filters: Query[ItemFilters]):
    return _filtered(queries.practices_visible_to(request.user), filters)


@router.get("/exchange/practices/{practice_id}", response=PracticeDetailOut)
def get_practice(request: HttpRequest, practice_id: int):
    return get_object_or_404(queries.practices_visible_to(request.user), pk=practice_id)


@router.get("/exchange/policies", response=list[PolicyOut])
@paginate(Pagination)
def list_policies(
    request: HttpRequest,
    filters: Query[ItemFilters],
    legal_status: Policy.LegalStatus | None = None,
):
    qs = _filtered(queries.policies_visible_to(request.user), filters)
    if legal_status:
        qs = qs.filter(legal_status=legal_status)
    return qs


@router.get("/exchange/policies/{policy_id}", response=PolicyOut)
def get_policy(request: HttpRequest, policy_id: int):
    return get_object_or_404(queries.policies_visible_to(request.user), pk=policy_id)


@router.get("/exchange/activities", response=list[ActivityOut])
@paginate(Pagination)
def list_activities(
    request: HttpRequest,
    filters: Query[ItemFilters],
    starts_after: dt.date | None = None,
    starts_before: dt.date | None = None,
):
    qs = _filtered(queries.activities_visible_to(request.user), filters)
    if starts_after:
        qs = qs.filter(starts_at__date__gte=starts_after)
    if starts_before:
        qs = qs.filter(starts_at__date__lte=starts_before)
    return qs


@router.get("/exchange/activities/{activity_id}", response=ActivityOut)
def get_activity(request: HttpRequest, activity_id: int):
    return get_object_or_404(queries.activities_visible_to(request.user), pk=activity_id)


@router.get("/exchange/requests", response=list[RequestOut])
@paginate(Pagination)
def list_requests(request: HttpRequest):
    """Requests sent or received by the caller's cities (empty for anonymous callers)."""
    return queries.requests_visible_to(request.user)
