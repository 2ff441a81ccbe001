"""Personal data of investors and B2B participants (Decree 13/2023/NĐ-CP; see `privacy.py`):
a copy on request, erasure on request or at the end of the retention period, each one logged.

Erasure blanks the personal fields of the record and of its history rows (simple-history keeps
copies), keeps what is not personal (the city, the dates, the status, the company's name and
country for statistics) and writes a `DataRequest` that names the record, never the person.
"""

from __future__ import annotations

import datetime as dt
import json

from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone

from . import privacy
from .models import DataRequest, Enquiry, EnquiryMessage, MeetingRequest, Participant

ERASED = "—"


def as_download(data: dict, filename: str) -> HttpResponse:
    """A copy of someone's data as a JSON file, never cached."""
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def enquiry_data(enquiry: Enquiry) -> dict:
    """Everything the portal keeps about the person behind an enquiry, and log the request."""
    data = {
        "tracking_number": enquiry.reference,
        "received_at": _iso(enquiry.received_at),
        "consent_at": _iso(enquiry.consent_at),
        "name": enquiry.name,
        "email": enquiry.email,
        "company": enquiry.company,
        "country": enquiry.country,
        "message": enquiry.message,
        "language": enquiry.language,
        "sector_vsic_2018": enquiry.vsic_code,
        "planned_capital_vnd": str(enquiry.capital_vnd) if enquiry.capital_vnd else None,
        "city": enquiry.locality.name_vi if enquiry.locality_id else None,
        "project": enquiry.project.code if enquiry.project_id else None,
        "status": enquiry.stage,
        "conversation": [
            {"from": m.sender, "at": _iso(m.created_at), "text": m.text}
            for m in enquiry.messages.all()
        ],
        "retention": str(privacy.NOTICES["enquiry"]["retention"]),
        "legal_basis": privacy.DECREE,
    }
    DataRequest.objects.create(
        kind=DataRequest.Kind.EXPORT,
        subject=DataRequest.Subject.ENQUIRY,
        record_id=enquiry.pk,
        reference=enquiry.reference or "",
        done_at=timezone.now(),
        detail="JSON copy handed over on the tracking page",
    )
    return data


def erase_enquiry(enquiry: Enquiry, kind: str = DataRequest.Kind.ERASURE) -> DataRequest:
    """Erase the person's data from an enquiry, its conversation and its history; close it."""
    now = timezone.now()
    with transaction.atomic():
        personal = {
            "name": ERASED,
            "email": f"erased-{enquiry.pk}@invalid",
            "company": "",
            "message": ERASED,
        }
        for field, value in personal.items():
            setattr(enquiry, field, value)
        enquiry.erased_at = now
        if enquiry.status not in (Enquiry.Status.CLOSED, Enquiry.Status.SPAM):
            enquiry.status = Enquiry.Status.CLOSED
        enquiry.save(update_fields=[*personal, "erased_at", "status"])
        enquiry.history.all().update(**personal)
        EnquiryMessage.objects.filter(enquiry=enquiry).update(text=ERASED)
        enquiry.notes.update(text=ERASED)
        return DataRequest.objects.create(
            kind=kind,
            subject=DataRequest.Subject.ENQUIRY,
            record_id=enquiry.pk,
            reference=enquiry.reference or "",
            requested_at=now,
            done_at=now,
            detail="name, e-mail, company, messages and notes blanked, history included",
        )


def participant_data(participant: Participant) -> dict:
    """Everything kept about a B2B participant's contact person, and log the request."""
    data = {
        "event": participant.event.name_vi,
        "company": participant.name_vi,
        "contact_name": participant.contact_name,
        "contact_email": participant.contact_email,
        "registered_at": _iso(participant.registered_at),
        "consent_at": _iso(participant.consent_at),
        "offers": participant.offers,
        "needs": participant.needs,
        "language": participant.language,
        "requests_sent": [
            {"to": r.target.name_vi, "message": r.message, "status": r.status}
            for r in participant.sent.select_related("target__enterprise")
        ],
        "retention": str(privacy.NOTICES["participant"]["retention"]),
        "legal_basis": privacy.DECREE,
    }
    DataRequest.objects.create(
        kind=DataRequest.Kind.EXPORT,
        subject=DataRequest.Subject.PARTICIPANT,
        record_id=participant.pk,
        done_at=timezone.now(),
        detail="JSON copy handed over on the participant's page",
    )
    return data


def erase_participant(
    participant: Participant, kind: str = DataRequest.Kind.ERASURE
) -> DataRequest:
    """Erase the contact person's data and the request messages of a participant."""
    now = timezone.now()
    with transaction.atomic():
        participant.contact_name = ERASED
        participant.contact_email = f"erased-{participant.pk}@invalid"
        participant.erased_at = now
        participant.save(update_fields=["contact_name", "contact_email", "erased_at"])
        MeetingRequest.objects.filter(requester=participant).update(message="")
        return DataRequest.objects.create(
            kind=kind,
            subject=DataRequest.Subject.PARTICIPANT,
            record_id=participant.pk,
            requested_at=now,
            done_at=now,
            detail="contact name, e-mail and request messages blanked",
        )


def expire_personal_data(now: dt.datetime | None = None) -> int:
    """Erase what has outlived its retention period (`privacy.py`); returns how many records."""
    from django.db.models import Max
    from django.db.models.functions import Coalesce, Greatest

    now = now or timezone.now()
    enquiry_cutoff = now - dt.timedelta(days=round(privacy.ENQUIRY_RETENTION_MONTHS * 30.44))
    enquiries = (
        Enquiry.objects.filter(erased_at__isnull=True)
        .annotate(last=Coalesce(Max("messages__created_at"), "received_at"))
        .annotate(last_any=Greatest("last", "received_at"))
        .filter(last_any__lt=enquiry_cutoff)
    )
    count = 0
    for enquiry in enquiries:
        erase_enquiry(enquiry, kind=DataRequest.Kind.EXPIRY)
        count += 1
    day_cutoff = (
        now - dt.timedelta(days=round(privacy.PARTICIPANT_RETENTION_MONTHS * 30.44))
    ).date()
    for participant in Participant.objects.filter(
        erased_at__isnull=True, event__day__lt=day_cutoff
    ):
        erase_participant(participant, kind=DataRequest.Kind.EXPIRY)
        count += 1
    return count
