"""Every write with consequences: enquiries, feedback, meeting requests, scheduling, check-in.

Views, the API, tasks and commands call these; the audit trail (simple-history) and the e-mails
are here so that none can be forgotten.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hoptac.core import dates, notifications
from hoptac.core.models import User
from hoptac.core.notifications import Address, notify

from . import scheduling
from .models import (
    Enquiry,
    EnquiryMessage,
    EnquiryNote,
    Event,
    MatchFeedback,
    Meeting,
    MeetingRequest,
    Participant,
    Slot,
)

# The portal promises an answer "within two working days": counted with Vietnam's holidays.
ENQUIRY_ANSWER_WORKING_DAYS = 2


def _local(moment: dt.datetime) -> str:
    """An answer-by time as the agencies read it: Vietnamese local time."""
    return moment.astimezone(dates.VIETNAM).strftime("%d/%m/%Y %H:%M")


# --- Enquiries -------------------------------------------------------------------------------
def tracking_url(enquiry: Enquiry, site: str = "") -> str:
    """The private link of the enquiry's tracking page, in the investor's language."""
    from django.urls import reverse

    name = (
        "investment:enquiry_status_en" if enquiry.language == "en" else "investment:enquiry_status"
    )
    return site + reverse(name, args=[enquiry.access_key])


def submit_enquiry(data: dict, language: str = "vi", site: str = "") -> Enquiry:
    """Record an investor's enquiry with its tracking number and private link, set its
    answer-by time, tell the city's promotion body and send the investor the link."""
    now = timezone.now()
    with transaction.atomic():
        enquiry = Enquiry.objects.create(
            **data,
            language=language,
            consent_at=now,  # the form refuses an enquiry without consent
            received_at=now,
            due_at=dates.add_working_time(now, ENQUIRY_ANSWER_WORKING_DAYS),
        )
        enquiry.reference = f"DT-{dates.today():%Y}-{enquiry.pk:06d}"
        enquiry.save(update_fields=["reference"])
    from .queries import brand

    joint = brand()
    notify(
        [Address(joint.contact_email)] if joint else [],
        enquiry.message,
        subject=notifications.message(
            gettext_lazy("New investor enquiry %(ref)s from %(name)s"),
            ref=enquiry.reference,
            name=enquiry.name,
        ),
        in_app=False,
    )
    notify(
        [Address(enquiry.email, language)],
        notifications.message(
            gettext_lazy(
                "We received your enquiry %(ref)s and answer within two working days. Follow it, "
                "read the answer and reply at this private link (keep it to yourself):"
            ),
            ref=enquiry.reference,
        ),
        tracking_url(enquiry, site),
        subject=notifications.message(gettext_lazy("Your enquiry %(ref)s"), ref=enquiry.reference),
        in_app=False,
    )
    return enquiry


def answer_enquiry(enquiry: Enquiry, by: User, text: str, site: str = "") -> EnquiryMessage:
    """The city's answer: shown on the tracking page, the enquiry marked answered, the
    investor told by e-mail (in their language) with the private link."""
    if enquiry.status in (Enquiry.Status.CLOSED, Enquiry.Status.SPAM):
        raise ValidationError(_("A closed enquiry cannot be answered; reopen it first."))
    with transaction.atomic():
        answer = EnquiryMessage.objects.create(
            enquiry=enquiry, sender=EnquiryMessage.Sender.CITY, author=by, text=text
        )
        if enquiry.status != Enquiry.Status.ANSWERED:
            enquiry.status = Enquiry.Status.ANSWERED
            enquiry.answered_at = timezone.now()
            enquiry._history_user = by
            enquiry.save(update_fields=["status", "answered_at"])
    notify(
        [Address(enquiry.email, enquiry.language)],
        notifications.message(
            gettext_lazy("Your enquiry %(ref)s has an answer. Read it and reply here:"),
            ref=enquiry.reference,
        ),
        tracking_url(enquiry, site),
        subject=notifications.message(
            gettext_lazy("Answer to your enquiry %(ref)s"), ref=enquiry.reference
        ),
        in_app=False,
    )
    return answer


def reply_to_enquiry(enquiry: Enquiry, text: str) -> EnquiryMessage:
    """The investor's reply on the tracking page: an answered enquiry opens again with a new
    answer-by time, and its manager (or the brand's mailbox) is told."""
    if enquiry.status == Enquiry.Status.CLOSED:
        raise ValidationError(
            _("This enquiry is closed. Please send a new enquiry from the contact page.")
        )
    with transaction.atomic():
        reply = EnquiryMessage.objects.create(
            enquiry=enquiry, sender=EnquiryMessage.Sender.INVESTOR, text=text
        )
        if enquiry.status in (Enquiry.Status.ANSWERED, Enquiry.Status.FOLLOWED_UP):
            now = timezone.now()
            enquiry.status = Enquiry.Status.PROCESSED
            enquiry.due_at = dates.add_working_time(now, ENQUIRY_ANSWER_WORKING_DAYS)
            enquiry.warned_at = None
            enquiry.save(update_fields=["status", "due_at", "warned_at"])
    to: list = [enquiry.account_manager] if enquiry.account_manager_id else []
    if not to:
        from .queries import brand

        joint = brand()
        to = [Address(joint.contact_email)] if joint else []
    notify(
        to,
        text[:500],
        subject=notifications.message(
            gettext_lazy("Reply of %(name)s on enquiry %(ref)s"),
            name=enquiry.name,
            ref=enquiry.reference,
        ),
        in_app=False,
    )
    return reply


def move_enquiry(enquiry: Enquiry, to: str, by: User) -> Enquiry:
    """Advance an enquiry along its pipeline (received → screened → processed → answered →
    followed up); any other move is refused."""
    if to not in Enquiry.FLOW.get(enquiry.status, []):
        raise ValidationError(
            _("An enquiry that is “%(from)s” cannot become “%(to)s”.")
            % {"from": enquiry.get_status_display(), "to": dict(Enquiry.Status.choices).get(to, to)}
        )
    enquiry.status = to
    fields = ["status"]
    if to == Enquiry.Status.ANSWERED:
        enquiry.answered_at = timezone.now()
        fields.append("answered_at")
    enquiry._history_user = by
    enquiry.save(update_fields=fields)
    return enquiry


def assign_manager(enquiry: Enquiry, manager: User | None, by: User) -> Enquiry:
    """Give the enquiry an account manager, who is told by e-mail."""
    enquiry.account_manager = manager
    enquiry._history_user = by
    enquiry.save(update_fields=["account_manager"])
    if manager is not None:
        notify(
            [manager],
            notifications.message(
                gettext_lazy("Answer due by %(due)s."), due=_local(enquiry.due_at)
            ),
            subject=notifications.message(
                gettext_lazy("You manage the enquiry of %(name)s"), name=enquiry.name
            ),
            in_app=False,
        )
    return enquiry


def add_note(
    enquiry: Enquiry, by: User, text: str, kind: str = EnquiryNote.Kind.NOTE
) -> EnquiryNote:
    """A note on the enquiry; `aftercare` notes follow investors who came."""
    note = EnquiryNote.objects.create(enquiry=enquiry, author=by, text=text, kind=kind)
    if kind == EnquiryNote.Kind.AFTERCARE and not enquiry.invested:
        enquiry.invested = True
        enquiry._history_user = by
        enquiry.save(update_fields=["invested"])
    return note


def warn_overdue_enquiries(now: dt.datetime | None = None) -> int:
    """E-mail the manager (or the brand contact) of each open enquiry close to or past its
    answer-by time, once; returns how many were warned."""
    now = now or timezone.now()
    count = 0
    for enquiry in Enquiry.objects.filter(
        status__in=[Enquiry.Status.RECEIVED, Enquiry.Status.SCREENED, Enquiry.Status.PROCESSED],
        warned_at__isnull=True,
    ).select_related("account_manager"):
        if enquiry.sla_state(now) not in ("soon", "late"):
            continue
        to: list = [enquiry.account_manager] if enquiry.account_manager else []
        if not to:
            from .queries import brand

            joint = brand()
            to = [Address(joint.contact_email)] if joint else []
        notify(
            to,
            enquiry.message[:500],
            subject=notifications.message(
                gettext_lazy("Enquiry of %(name)s: answer due %(due)s"),
                name=enquiry.name,
                due=_local(enquiry.due_at),
            ),
            in_app=False,
        )
        Enquiry.objects.filter(pk=enquiry.pk).update(warned_at=now)
        count += 1
    return count


# --- Matchmaking feedback ---------------------------------------------------------------------
def record_feedback(
    source_kind: str,
    source_id: int,
    target_kind: str,
    target_id: int,
    decision: str,
    by: User,
    reason: str = "",
) -> MatchFeedback:
    """Remember what someone thought of a pair; a declined pair never comes back."""
    if decision not in MatchFeedback.Decision.values:
        raise ValidationError(_("Unknown decision."))
    feedback, _created = MatchFeedback.objects.update_or_create(
        source_kind=source_kind,
        source_id=source_id,
        target_kind=target_kind,
        target_id=target_id,
        defaults={"decision": decision, "by": by, "reason": reason[:300], "at": timezone.now()},
    )
    return feedback


# --- B2B days ---------------------------------------------------------------------------------
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
    if not event.open_for_registration:
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
    """Ask another participant of the same event for a meeting; it expires if left pending."""
    if requester.event_id != target.event_id:
        raise ValidationError(_("Both participants must attend the same event."))
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
    """The target accepts (a meeting is created, to be scheduled) or declines."""
    if by_participant.pk != req.target_id:
        raise PermissionDenied(_("Only the invited participant answers a request."))
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


# --- Project documents ----------------------------------------------------------------------
def add_project_attachment(project, checked, title: str, by: User | None):
    """Store a checked file (hoptac.core.files.CheckedFile) as a project document."""
    from hoptac.core import files

    from .models import ProjectAttachment

    with files.removed_on_failure() as stored, transaction.atomic():
        path = files.store(checked, "investment/projects")
        stored.append(path)
        attachment = ProjectAttachment(
            project=project,
            title=(title or checked.name)[:200],
            file=path,
            name=checked.name,
            kind=checked.kind,
            size=checked.size,
            text=checked.text,
            uploaded_by=by,
        )
        attachment._history_user = by
        attachment.save()
    return attachment


def remove_project_attachment(attachment, by: User | None) -> None:
    """Delete a project document; the file goes once the deletion is committed."""
    from hoptac.core import files

    name = attachment.file.name
    with transaction.atomic():
        attachment._history_user = by
        attachment.delete()
        transaction.on_commit(lambda: files.delete(name))
