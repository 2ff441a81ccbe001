"""The demo's B2B matching day and its investor enquiries."""

from __future__ import annotations

import datetime as dt

from hoptac.core import dates
from hoptac.core.demo import sync
from hoptac.core.models import Locality

from .. import scheduling
from ..models import (
    Enquiry,
    Enterprise,
    Event,
    Meeting,
    MeetingRequest,
    Participant,
    Session,
    Slot,
    Table,
)
from .common import BN, TZ


def b2b_day(today: dt.date) -> dt.date:
    """The demo's B2B day: the first working day at least three weeks after the day the demo is
    loaded, so that a demo loaded any day offers a day ahead to register for (a fixed 15 December
    2026 would have shown a day past, still open for registration, from the 16th)."""
    return dates.add_working_days(today + dt.timedelta(days=20), 1)


def load_event(danang: Locality, enterprises: list[Enterprise]) -> None:
    today = dates.today()
    day = b2b_day(today)
    # Found by its city and venue (its name carries the year of its day); the demos loaded before
    # it moved are updated in place.
    event = sync(
        Event,
        {"locality": danang, "venue": "Trung tâm Hội chợ Triển lãm Đà Nẵng"},
        name_vi=f"Ngày gặp gỡ doanh nghiệp Hà Nội – Đà Nẵng {day.year}",
        name_en=f"Hanoi – Da Nang Business Matching Day {day.year}",
        venue_en="Da Nang Exhibition Centre",
        day=day,
        request_ttl_hours=72,
        open_for_registration=True,
    )
    # What happened before the demo was loaded: registrations two weeks earlier, the requests
    # four days earlier (their answers, expiries and the one pending follow from that).
    registered = _at(today - dt.timedelta(days=14), 9)
    foreign_registered = _at(today - dt.timedelta(days=12), 9)
    created = _at(today - dt.timedelta(days=4), 9)
    # A demo loaded on an earlier day has its slots on that day's B2B day: they go (their meetings
    # are placed again below).
    next_day = _at(day + dt.timedelta(days=1), 0)
    Slot.objects.filter(event=event).exclude(
        starts_at__gte=_at(day, 0), starts_at__lt=next_day
    ).delete()
    slots = []
    for name, name_en, start_hour in (("Buổi sáng", "Morning", 8), ("Buổi chiều", "Afternoon", 14)):
        session = sync(
            Session,
            {"event": event, "name": name},
            name_en=name_en,
            venue="Sảnh A, tầng 1",
            venue_en="Hall A, ground floor",
        )
        for i in range(4):
            start = _at(day, start_hour) + dt.timedelta(minutes=30 * i)
            slots.append(
                sync(
                    Slot,
                    {"event": event, "starts_at": start},
                    session=session,
                    ends_at=start + dt.timedelta(minutes=25),
                )
            )
    tables = [sync(Table, {"event": event, "label": f"B{n:02d}"}) for n in range(1, 7)]
    participants = [
        sync(
            Participant,
            {"event": event, "enterprise": e},
            contact_name=f"Đại diện {e.name_vi.split()[-1]}",
            contact_email=e.contact_email,
            registered_at=registered,
        )
        for e in enterprises
        if e.verification == Enterprise.Verification.VERIFIED
    ]
    # A foreign company, registered by name and country, with its profile.
    sync(
        Participant,
        {"event": event, "enterprise": None, "company_name": "Sato Semiconductors KK"},
        country="Japan",
        contact_name="Kenji Sato",
        contact_email="kenji.sato@example.jp",
        offers="Semiconductor packaging and test equipment; cleanroom know-how",
        needs="Software partners for equipment control; local electronics suppliers",
        vsic_division="26",
        consent_at=foreign_registered,
        registered_at=foreign_registered,
    )
    pairs = [
        (0, 6, "accepted"),
        (0, 8, "accepted"),
        (1, 8, "accepted"),
        (2, 9, "accepted"),
        (2, 10, "accepted"),
        (3, 7, "accepted"),
        (4, 10, "accepted"),
        (4, 6, "declined"),
        (1, 7, "pending"),
        (3, 9, "expired"),
        (5, 0, "accepted"),
    ]
    problem_meetings = []
    for n, (a, b, status) in enumerate(pairs):
        if a >= len(participants) or b >= len(participants):
            continue
        req = sync(
            MeetingRequest,
            {"requester": participants[a], "target": participants[b]},
            event=event,
            message="Đề nghị gặp để trao đổi hợp tác.",
            status=status,
            created_at=created + dt.timedelta(minutes=n),
            expires_at=created + dt.timedelta(hours=72 if status != "pending" else 24 * 60),
            decided_at=None
            if status in ("pending", "expired")
            else created + dt.timedelta(hours=5),
        )
        if status == "accepted":
            meeting = sync(Meeting, {"request": req}, event=event)
            problem_meetings.append(
                (meeting, scheduling.MeetingIn(meeting.pk, req.requester_id, req.target_id))
            )
    placed = scheduling.greedy(
        scheduling.Problem(
            [m for _meeting, m in problem_meetings],
            [s.pk for s in slots],
            [t.pk for t in tables],
        )
    )
    for meeting, item in problem_meetings:
        slot_id, table_id = placed.get(item.id, (None, None))
        if (meeting.slot_id, meeting.table_id) != (slot_id, table_id):
            Meeting.objects.filter(pk=meeting.pk).update(slot_id=slot_id, table_id=table_id)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=TZ)


def load_enquiries(hanoi: Locality, danang: Locality) -> None:
    rows = [
        (
            danang,
            "Kenji Sato",
            "k.sato@example.jp",
            "Sato Electronics",
            "Japan",
            "2610",
            2000,
            "We plan a semiconductor test line of about 80 million USD and look for land in a high-tech park.",
            "screened",
            dt.datetime(2026, 11, 20, 10, 0, tzinfo=TZ),
        ),
        (
            hanoi,
            "Kim Min-jun",
            "mj.kim@example.kr",
            "Hanbit Bio",
            "Korea",
            "21001",
            900,
            "Interested in a joint venture for vaccine production near Hoa Lac.",
            "received",
            dt.datetime(2026, 11, 25, 15, 0, tzinfo=TZ),
        ),
        (
            hanoi,
            "Anna Müller",
            "a.mueller@example.de",
            "CloudWerk GmbH",
            "Germany",
            "6311",
            1500,
            "Data centre and cloud services: which parks have 110 kV power and fibre?",
            "answered",
            dt.datetime(2026, 11, 3, 9, 0, tzinfo=TZ),
        ),
    ]
    for locality, name, email, company, country, vsic, capital, message, status, received in rows:
        sync(
            Enquiry,
            {"email": email},
            locality=locality,
            name=name,
            company=company,
            country=country,
            vsic_code=vsic,
            capital_vnd=capital * BN,
            message=message,
            language="en",
            status=status,
            received_at=received,
            due_at=dates.add_working_time(received, 2),
            answered_at=received + dt.timedelta(hours=30) if status == "answered" else None,
        )
