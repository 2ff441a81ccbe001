"""Reads shared by the portal, the workspace and the API; permission filters live here once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from hoptac.core import dates
from hoptac.core.queries import scope_for

from .models import (
    Brand,
    Enquiry,
    Enterprise,
    Event,
    IncentiveRule,
    Meeting,
    MeetingRequest,
    Park,
    ParkOccupancy,
    Participant,
    PriorityList,
    PrioritySector,
    Project,
    ProjectAttachment,
    VsicCode,
)


def brand() -> Brand | None:
    """The joint brand, with its partner cities."""
    return Brand.objects.prefetch_related("localities").order_by("pk").first()


def public_projects() -> QuerySet[Project]:
    """Projects the public may see: everything but drafts."""
    return Project.objects.exclude(status=Project.Status.DRAFT).select_related(
        "locality", "park", "priority_item"
    )


def projects_visible_to(user) -> QuerySet[Project]:
    """Public projects, plus the drafts of the user's own cities."""
    qs = Project.objects.select_related("locality", "park", "priority_item")
    scope = scope_for(user)
    if scope.is_superuser:
        return qs
    return qs.filter(~Q(status=Project.Status.DRAFT) | Q(locality__in=scope.localities))


def attachments_visible_to(user) -> QuerySet[ProjectAttachment]:
    """Documents of the projects the user may see (drafts' only for their own cities)."""
    return ProjectAttachment.objects.filter(project__in=projects_visible_to(user).values("pk"))


def public_parks() -> QuerySet[Park]:
    return Park.objects.filter(published=True).select_related("locality")


def parks_visible_to(user) -> QuerySet[Park]:
    """Published parks, plus the unpublished parks of the user's own cities."""
    qs = Park.objects.select_related("locality")
    scope = scope_for(user)
    if scope.is_superuser:
        return qs
    return qs.filter(Q(published=True) | Q(locality__in=scope.localities))


def park_with_history(slug: str) -> QuerySet[Park]:
    return (
        public_parks()
        .filter(slug=slug)
        .prefetch_related(
            Prefetch("occupancy", queryset=ParkOccupancy.objects.order_by("on")),
            Prefetch("projects", queryset=Project.objects.exclude(status=Project.Status.DRAFT)),
        )
    )


def public_enterprises() -> QuerySet[Enterprise]:
    """The directory as the public sees it: verified enterprises only."""
    return Enterprise.objects.filter(verification=Enterprise.Verification.VERIFIED).select_related(
        "locality", "priority_item"
    )


def enterprises_visible_to(user) -> QuerySet[Enterprise]:
    """Verified enterprises, plus every enterprise of the user's own cities."""
    qs = Enterprise.objects.select_related("locality", "priority_item")
    scope = scope_for(user)
    if scope.is_superuser:
        return qs
    return qs.filter(
        Q(verification=Enterprise.Verification.VERIFIED) | Q(locality__in=scope.localities)
    )


MATCH_SOURCES = {
    "project": (projects_visible_to, "code"),
    "enterprise": (enterprises_visible_to, "tax_code"),
}


def match_source(user, kind: str, key: str) -> Project | Enterprise:
    """The project or enterprise whose matches an officer asks for, if they may see it: another
    city's draft project or unverified enterprise is `DoesNotExist`, like a missing one;
    `LookupError` for a kind that has no matches."""
    if kind not in MATCH_SOURCES:
        raise LookupError(kind)
    visible_to, field = MATCH_SOURCES[kind]
    return visible_to(user).get(**{field: key})


def enquiries_for(user) -> QuerySet[Enquiry]:
    """Enquiries addressed to the user's cities, with their manager and project joined."""
    qs = Enquiry.objects.select_related("locality", "project", "park", "account_manager")
    scope = scope_for(user)
    if scope.is_superuser:
        return qs
    return qs.filter(locality__in=scope.localities)


def enquiry_by_key(key: str) -> Enquiry | None:
    """The enquiry whose private tracking key this is (None for any other string)."""
    if not key or len(key) > 64 or "\x00" in key:
        return None
    return Enquiry.objects.select_related("project", "locality").filter(access_key=key).first()


def priority_lists() -> QuerySet[PriorityList]:
    """The legal lists the priority sectors' high-tech items come from, with their basis."""
    return PriorityList.objects.order_by("code")


def priority_sectors(vocabulary: str | None = None) -> QuerySet[PrioritySector]:
    """Priority sectors of the newest vocabulary (or the one named), items prefetched."""
    qs = PrioritySector.objects.select_related("locality").prefetch_related("items")
    if vocabulary is None:
        vocabulary = (
            PrioritySector.objects.order_by("-vocabulary")
            .values_list("vocabulary", flat=True)
            .first()
        )
    return qs.filter(vocabulary=vocabulary)


def vsic_names(pairs: set[tuple[str, str]]) -> dict[tuple[str, str], VsicCode]:
    """VSIC rows for a set of (version, code) pairs, one query."""
    if not pairs:
        return {}
    q = Q()
    for version, code in pairs:
        q |= Q(version=version, code=code)
    return {(v.version, v.code): v for v in VsicCode.objects.filter(q)}


@dataclass(frozen=True)
class AppliedIncentive:
    rule: IncentiveRule
    because: list[str]


def _prefix_matches(prefixes: str, version: str, code: str) -> bool:
    for prefix in prefixes.split():
        ver, _sep, pre = prefix.rpartition(":")
        if (not ver or ver == version) and code.startswith(pre):
            return True
    return False


def incentives_for(
    project: Project, rules: list[IncentiveRule] | None = None, day: dt.date | None = None
) -> list[AppliedIncentive]:
    """The incentives a project qualifies for on a day, each with the conditions it meets.

    Derived from the rules (sector, high-tech item, park kind, capital), never typed by hand.
    """
    from django.utils.translation import gettext as _

    day = day or dates.today()
    if rules is None:
        rules = list(IncentiveRule.objects.all())
    applied = []
    for rule in rules:
        if rule.effective_from > day or (rule.effective_to and rule.effective_to < day):
            continue
        because = []
        if rule.vsic_prefixes:
            if not _prefix_matches(rule.vsic_prefixes, project.vsic_version, project.vsic_code):
                continue
            because.append(_("sector VSIC %(code)s") % {"code": project.vsic_code})
        if rule.requires_high_tech:
            if not project.priority_item_id:
                continue
            because.append(_("high-tech item on the Decision 38/2020 list"))
        if rule.park_kinds:
            if not project.park_id or project.park.kind not in rule.park_kinds.split():
                continue
            because.append(_("located in %(park)s") % {"park": project.park.name})
        if rule.min_capital_vnd is not None:
            if project.capital_vnd < rule.min_capital_vnd:
                continue
            because.append(_("capital above the threshold"))
        applied.append(AppliedIncentive(rule, because))
    return applied


def active_incentive_rules(day: dt.date | None = None) -> QuerySet[IncentiveRule]:
    day = day or dates.today()
    return IncentiveRule.objects.filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=day), effective_from__lte=day
    )


def key_figures() -> dict:
    """The portal's figures, aggregated in the database."""
    projects = (
        public_projects()
        .filter(status=Project.Status.CALLING)
        .aggregate(count=Count("pk"), capital=Sum("capital_vnd"))
    )
    parks = public_parks().aggregate(
        count=Count("pk"), available=Sum("available_area_ha"), total=Sum("total_area_ha")
    )
    return {
        "projects": projects["count"],
        "capital_vnd": projects["capital"] or 0,
        "parks": parks["count"],
        "available_ha": parks["available"] or 0,
        "total_ha": parks["total"] or 0,
        "enterprises": public_enterprises().count(),
    }


def public_events() -> QuerySet[Event]:
    return Event.objects.select_related("locality").annotate(
        participant_count=Count("participants")
    )


def event_board(event: Event) -> dict:
    """Everything the organiser's page shows, in a fixed number of queries."""
    slots = list(event.slots.select_related("session"))
    tables = list(event.tables.all())
    meetings = list(
        Meeting.objects.filter(event=event).select_related(
            "slot", "table", "request__requester__enterprise", "request__target__enterprise"
        )
    )
    return {"slots": slots, "tables": tables, "meetings": meetings}


def event_figures(event: Event) -> dict:
    """Requested, accepted, declined, expired, held, no-show (and scheduled)."""
    counts = dict(
        MeetingRequest.objects.filter(event=event)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    meetings = dict(
        Meeting.objects.filter(event=event)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {
        "requested": sum(counts.values()),
        "pending": counts.get("pending", 0),
        "accepted": counts.get("accepted", 0),
        "declined": counts.get("declined", 0),
        "expired": counts.get("expired", 0),
        "scheduled": Meeting.objects.filter(event=event, slot__isnull=False).count(),
        "held": meetings.get("held", 0),
        "no_show": meetings.get("no_show", 0),
        "checked_in": event.participants.filter(checked_in_at__isnull=False).count(),
    }


def agenda_of(participant: Participant) -> QuerySet[Meeting]:
    """A participant's scheduled meetings, in time order."""
    return (
        Meeting.objects.filter(
            Q(request__requester=participant) | Q(request__target=participant),
            slot__isnull=False,
        )
        .select_related(
            "slot", "table", "request__requester__enterprise", "request__target__enterprise"
        )
        .order_by("slot__starts_at")
    )
