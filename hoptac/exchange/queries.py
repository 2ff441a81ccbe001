"""Reads shared by views, the API and other apps: permission-filtered and N+1-free."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from hoptac.core.models import Membership, User
from hoptac.core.queries import partner_locality_ids, scope_for

from .models import (
    Activity,
    Addressee,
    Adoption,
    Answer,
    Attachment,
    ExperienceRequest,
    Participant,
    Policy,
    Practice,
    Publication,
    Visibility,
)


def _visible_filter(user) -> Q | None:
    """Q of the shared items the user may read; None means everything."""
    scope = scope_for(user)
    if scope.is_superuser:
        return None
    published = Q(status=Publication.PUBLISHED)
    q = published & Q(visibility=Visibility.PUBLIC)
    if scope.partner_localities:
        q |= published & Q(locality__in=scope.partner_localities)
    if scope.localities:
        q |= Q(locality__in=scope.localities)
    return q


def _visible(qs: QuerySet, user) -> QuerySet:
    q = _visible_filter(user)
    return qs if q is None else qs.filter(q)


def practices_visible_to(user) -> QuerySet[Practice]:
    """Practices the user may read, with owner and fields loaded, and attachment counts."""
    return _visible(
        Practice.objects.select_related("organisation", "locality")
        .prefetch_related("fields")
        .annotate(attachment_count=Count("attachments", distinct=True))
        .order_by(F("published_at").desc(nulls_last=True), "-created_at", "-pk"),
        user,
    )


def practice_detail(user, pk: int) -> QuerySet[Practice]:
    """One practice with everything its page shows."""
    return (
        practices_visible_to(user)
        .filter(pk=pk)
        .prefetch_related(
            "attachments",
            Prefetch(
                "adoptions", queryset=Adoption.objects.select_related("organisation", "locality")
            ),
            Prefetch("policies", queryset=_visible(Policy.objects.all(), user)),
        )
    )


def policies_visible_to(user) -> QuerySet[Policy]:
    """Policies the user may read, with owner, replacement and fields loaded."""
    return _visible(
        Policy.objects.select_related("organisation", "locality", "replaced_by").prefetch_related(
            "fields"
        ),
        user,
    )


def activities_visible_to(user) -> QuerySet[Activity]:
    """Activities the user may read, with owner, host city, fields and participant counts."""
    return _visible(
        Activity.objects.select_related("organisation", "locality", "host_locality")
        .prefetch_related("fields")
        .annotate(participant_count=Count("participants", distinct=True))
        .order_by("-starts_at", "-pk"),
        user,
    )


def activity_detail(user, pk: int) -> QuerySet[Activity]:
    return (
        activities_visible_to(user)
        .filter(pk=pk)
        .prefetch_related(
            "attachments",
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related("user").order_by("role", "pk"),
            ),
        )
    )


def activities_between(user, start: dt.datetime, end: dt.datetime) -> QuerySet[Activity]:
    """Activities that overlap [start, end), for the calendar and iCal."""
    return activities_visible_to(user).filter(starts_at__lt=end, ends_at__gte=start)


def requests_visible_to(user) -> QuerySet[ExperienceRequest]:
    """Requests the user's cities sent or received (requests are never public)."""
    scope = scope_for(user)
    qs = ExperienceRequest.objects.select_related("organisation", "locality").prefetch_related(
        Prefetch(
            "addressees", queryset=Addressee.objects.select_related("locality", "organisation")
        ),
        "fields",
    )
    if scope.is_superuser:
        return qs
    if not scope.localities:
        return qs.none()
    return qs.filter(
        Q(locality__in=scope.localities)
        | Q(pk__in=Addressee.objects.filter(locality__in=scope.localities).values("request"))
    )


def request_detail(user, pk: int) -> QuerySet[ExperienceRequest]:
    answers = Answer.objects.select_related("organisation", "created_by").prefetch_related(
        "attachments", "practices"
    )
    return (
        requests_visible_to(user)
        .filter(pk=pk)
        .prefetch_related(None)
        .prefetch_related(
            "fields",
            Prefetch(
                "addressees",
                queryset=Addressee.objects.select_related(
                    "locality", "organisation"
                ).prefetch_related(Prefetch("answers", queryset=answers)),
            ),
        )
    )


def requests_waiting_for(user) -> QuerySet[Addressee]:
    """Questions addressed to the user's cities still waiting for an answer."""
    scope = scope_for(user)
    return (
        Addressee.objects.filter(
            state=Addressee.State.PENDING,
            locality__in=scope.localities,
            request__status=ExperienceRequest.Status.OPEN,
        )
        .select_related("request__organisation", "request__locality", "organisation")
        .order_by("request__due_on")
    )


def reminders_due(today: dt.date, soon_days: int = 3) -> QuerySet[Addressee]:
    """Addressees to remind today: due within `soon_days` or overdue, not yet reminded today."""
    return (
        Addressee.objects.filter(
            state=Addressee.State.PENDING,
            request__status=ExperienceRequest.Status.OPEN,
            request__due_on__lte=today + dt.timedelta(days=soon_days),
        )
        .exclude(last_reminded_on=today)
        .select_related("request__organisation", "locality", "organisation")
    )


def attachments_visible_to(user) -> QuerySet[Attachment]:
    """Attachments whose owner the user may read."""
    q_practice = _visible_filter(user)
    practices = (
        Practice.objects.all() if q_practice is None else Practice.objects.filter(q_practice)
    )
    activities = (
        Activity.objects.all() if q_practice is None else Activity.objects.filter(q_practice)
    )
    answers = Answer.objects.filter(addressee__request__in=requests_visible_to(user).values("pk"))
    return Attachment.objects.filter(
        Q(practice__in=practices.values("pk"))
        | Q(activity__in=activities.values("pk"))
        | Q(answer__in=answers.values("pk"))
    )


def readers_of(item) -> list[int]:
    """Locality ids whose members may read a non-public item (for the search index)."""
    if item.status != Publication.PUBLISHED:
        return [item.locality_id]
    return [item.locality_id, *partner_locality_ids(item.locality_id)]


def upcoming_activities(user, limit: int = 5) -> QuerySet[Activity]:
    return (
        activities_visible_to(user)
        .filter(ends_at__gte=timezone.now())
        .order_by("starts_at")[:limit]
    )


def organisations_acting_for(user, locality_ids=None) -> QuerySet:
    """Bodies the user may act for: where they are officer/coordinator, and, for a locality's
    coordinator, every current body of that locality."""
    from hoptac.core.models import Organisation

    scope = scope_for(user)
    qs = Organisation.objects.valid_on().select_related("locality")
    if not scope.is_superuser:
        own = [o for o, roles in scope.org_roles.items() if roles & {"officer", "coordinator"}]
        coordinated = scope.localities_with("coordinator")
        qs = qs.filter(Q(pk__in=own) | Q(locality__in=coordinated))
    if locality_ids is not None:
        qs = qs.filter(locality__in=list(locality_ids))
    return qs.order_by("locality__code", "name_vi")


ACTING_ROLES = ("officer", "coordinator")


def people_of(
    organisations: Iterable[int] = (), localities: Iterable[int] = (), roles=ACTING_ROLES
) -> list[User]:
    """Active accounts acting for these organisations, or coordinating these localities."""
    organisations, localities = list(organisations), list(localities)
    q = Q(organisation_id__in=organisations, role__in=roles)
    if localities:
        q |= Q(organisation__locality_id__in=localities, role="coordinator")
    user_ids = Membership.objects.valid_on().filter(q).values("user_id")
    return list(User.objects.filter(pk__in=user_ids, is_active=True))
