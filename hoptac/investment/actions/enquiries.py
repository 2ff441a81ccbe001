"""Investor enquiries: submitted, answered within the promised working days, moved, assigned,
annotated, warned of when overdue."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hoptac.core import dates, notifications
from hoptac.core.models import User
from hoptac.core.notifications import Address, notify

from ..models import (
    Enquiry,
    EnquiryMessage,
    EnquiryNote,
)

# The portal promises an answer "within two working days": counted with Vietnam's holidays.
ENQUIRY_ANSWER_WORKING_DAYS = 2


def _local(moment: dt.datetime) -> str:
    """An answer-by time as the agencies read it: Vietnamese local time."""
    return moment.astimezone(dates.VIETNAM).strftime("%d/%m/%Y %H:%M")


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
    from ..queries import brand

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
        from ..queries import brand

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
            from ..queries import brand

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
