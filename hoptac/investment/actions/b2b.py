"""B2B days: participants register, ask for meetings and decide on them; the day is scheduled, its
slots changed, its meetings checked in and marked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hoptac.core import notifications
from hoptac.core.notifications import Address, notify

from .. import scheduling
from ..models import (
    Event,
    Meeting,
    MeetingRequest,
    Participant,
    Slot,
)


def register_participant(
    event: Event,
    enterprise,
    contact_name: str,
    contact_email: str,
    company_name: str = "",
    country: str = "",
    offers: str = "",
    needs: str = "",
    vsic_division: str = "",
    language: str = Participant.Language.VI,
) -> Participant:
    """Register an enterprise of the directory, or a foreign company by name and country (once
    per event: registering again returns the first registration), with its profile and the
    time its contact person consented (the form refuses a registration without consent)."""
    if not event.registration_open:
        raise ValidationError(_("Registration for this event is closed."))
    if enterprise is None and not (company_name and country):
        raise ValidationError(_("A foreign company gives its name and country."))
    who = (
        {"enterprise": enterprise}
        if enterprise is not None
        else {"enterprise": None, "company_name": company_name, "country": country}
    )
    participant, _created = Participant.objects.get_or_create(
        event=event,
        **who,
        defaults={
            "contact_name": contact_name,
            "contact_email": contact_email,
            "offers": offers,
            "needs": needs,
            "vsic_division": vsic_division,
            "language": language,
            "consent_at": timezone.now(),
        },
    )
    return participant


def update_profile(
    participant: Participant, offers: str, needs: str, vsic_division: str, language: str = ""
) -> None:
    """A participant's offers, needs, sector and meeting language, the basis of its suggestions."""
    participant.offers, participant.needs = offers, needs
    participant.vsic_division = vsic_division
    participant.language = language or participant.language
    participant.save(update_fields=["offers", "needs", "vsic_division", "language"])


def request_meeting(
    requester: Participant, target: Participant, message: str = "", online_url: str = ""
) -> MeetingRequest:
    """Ask another participant of the same event for a meeting; it expires if left pending. A
    B2B day that is over takes no request."""
    if requester.event_id != target.event_id:
        raise ValidationError(_("Both participants must attend the same event."))
    if requester.event.is_over:
        raise ValidationError(_("This B2B day is over: it takes no more meeting requests."))
    if requester.pk == target.pk:
        raise ValidationError(_("A participant cannot meet itself."))
    if MeetingRequest.objects.filter(requester=target, target=requester).exists() or (
        MeetingRequest.objects.filter(requester=requester, target=target).exists()
    ):
        raise ValidationError(_("These two participants already have a request."))
    now = timezone.now()
    req = MeetingRequest.objects.create(
        event_id=requester.event_id,
        requester=requester,
        target=target,
        message=message[:500],
        online_url=online_url,
        created_at=now,
        expires_at=now + dt.timedelta(hours=requester.event.request_ttl_hours),
    )
    notify(
        [Address(target.contact_email, target.mail_language)],
        message,
        subject=notifications.message(
            gettext_lazy("Meeting request from %(who)s"), who=requester.name_vi
        ),
        in_app=False,
    )
    return req


def decide_request(
    req: MeetingRequest, accept: bool, by_participant: Participant
) -> MeetingRequest:
    """The target accepts (a meeting is created, to be scheduled) or declines; not once the B2B
    day is over."""
    if by_participant.pk != req.target_id:
        raise PermissionDenied(_("Only the invited participant answers a request."))
    if by_participant.event.is_over:
        raise ValidationError(_("This B2B day is over: its requests can no longer be answered."))
    if req.status != MeetingRequest.Status.PENDING:
        raise ValidationError(_("This request was already answered or has expired."))
    if req.expires_at < timezone.now():
        req.status = MeetingRequest.Status.EXPIRED
        req.save(update_fields=["status"])
        raise ValidationError(_("This request has expired."))
    with transaction.atomic():
        req.status = MeetingRequest.Status.ACCEPTED if accept else MeetingRequest.Status.DECLINED
        req.decided_at = timezone.now()
        req.save(update_fields=["status", "decided_at"])
        if accept:
            Meeting.objects.get_or_create(request=req, defaults={"event_id": req.event_id})
    return req


def expire_requests(now: dt.datetime | None = None) -> int:
    """Mark requests left pending past their time as expired; returns how many."""
    now = now or timezone.now()
    return MeetingRequest.objects.filter(
        status=MeetingRequest.Status.PENDING, expires_at__lt=now
    ).update(status=MeetingRequest.Status.EXPIRED)


@dataclass
class ScheduleOutcome:
    placed: int
    total: int
    upper_bound: int
    moved: int
    idle: int
    greedy_placed: int
    seconds: float


def build_problem(event: Event) -> tuple[scheduling.Problem, list[Meeting]]:
    meetings = list(
        Meeting.objects.filter(event=event)
        .select_related("request")
        .order_by("request__created_at", "request_id")
    )
    slots = list(event.slots.order_by("starts_at").values_list("pk", flat=True))
    tables = list(event.tables.order_by("pk").values_list("pk", flat=True))
    unavailable: dict[int, set[int]] = {}
    through = Participant.unavailable.through
    for pid, sid in through.objects.filter(participant__event=event).values_list(
        "participant_id", "slot_id"
    ):
        unavailable.setdefault(pid, set()).add(sid)
    problem = scheduling.Problem(
        meetings=[
            scheduling.MeetingIn(m.pk, m.request.requester_id, m.request.target_id)
            for m in meetings
        ],
        slots=slots,
        tables=tables,
        unavailable=unavailable,
        previous={m.pk: (m.slot_id, m.table_id) for m in meetings if m.slot_id and m.table_id},
        locked={m.pk for m in meetings if m.locked and m.slot_id and m.table_id},
    )
    return problem, meetings


def schedule_event(event: Event, time_limit: float = 20.0) -> ScheduleOutcome:
    """“Schedule all”: place every accepted meeting with the CP-SAT solver, moving as few
    already-placed meetings as possible; locked meetings never move."""
    problem, meetings = build_problem(event)
    result = scheduling.solve(problem, time_limit=time_limit)
    greedy_placed = len(scheduling.greedy(problem))
    changed = []
    for m in meetings:
        slot, table = result.assignment.get(m.pk, (None, None))
        if (m.slot_id, m.table_id) != (slot, table):
            m.slot_id, m.table_id = slot, table
            changed.append(m)
    with transaction.atomic():
        # Free every moved seat first, so that the unique (slot, table) pair never collides.
        Meeting.objects.filter(pk__in=[m.pk for m in changed]).update(slot=None, table=None)
        Meeting.objects.bulk_update([m for m in changed if m.slot_id], ["slot", "table"])
    return ScheduleOutcome(
        result.placed,
        len(meetings),
        result.upper_bound,
        result.moved,
        result.idle,
        greedy_placed,
        result.seconds,
    )


def delete_slot(slot: Slot) -> list[Participant]:
    """Delete a slot; its meetings go back to the unscheduled list (none is lost) and both
    sides of each are told by e-mail. Returns the participants told."""
    meetings = list(
        Meeting.objects.filter(slot=slot).select_related(
            "request__requester__enterprise", "request__target__enterprise"
        )
    )
    told: dict[int, Participant] = {}
    when = str(slot)
    with transaction.atomic():
        Meeting.objects.filter(slot=slot).update(slot=None, table=None, locked=False)
        slot.delete()
    for m in meetings:
        for p, other in (
            (m.request.requester, m.request.target),
            (m.request.target, m.request.requester),
        ):
            notify(
                [Address(p.contact_email)],
                notifications.message(
                    gettext_lazy(
                        "The organiser removed the slot %(when)s. Your meeting with %(other)s "
                        "will be given a new time; you will receive your new agenda."
                    ),
                    when=when,
                    other=other.name_vi,
                ),
                subject=notifications.message(
                    gettext_lazy("Your B2B meeting at %(when)s is cancelled"), when=when
                ),
                in_app=False,
            )
            told[p.pk] = p
    return list(told.values())


def check_in(participant: Participant) -> Participant:
    if participant.checked_in_at is None:
        participant.checked_in_at = timezone.now()
        participant.save(update_fields=["checked_in_at"])
    return participant


def mark_meeting(meeting: Meeting, status: str) -> Meeting:
    """Record that a meeting was held or that someone did not come."""
    if status not in Meeting.Status.values:
        raise ValidationError(_("Unknown meeting status."))
    if meeting.slot_id is None and status != Meeting.Status.PLANNED:
        raise ValidationError(_("An unscheduled meeting cannot be held."))
    meeting.status = status
    meeting.save(update_fields=["status"])
    return meeting
