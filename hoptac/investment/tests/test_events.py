"""B2B days: requests, expiry, scheduling through the organiser's page, slot deletion, agenda."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hoptac.investment import actions
from hoptac.investment.models import Meeting, MeetingRequest
from hoptac.investment.views.events import participant_url

from .factories import EnterpriseFactory, accepted_meeting, make_event

# A foreign company's registration as its form sends it.
FOREIGN = {
    "kind": "foreign",
    "contact_name": "Kenji Sato",
    "contact_email": "k@example.jp",
    "consent": "on",
    "company_name": "Sato Semiconductors KK",
    "country": "Japan",
}


@pytest.fixture
def day(portal_world):
    firms = [EnterpriseFactory(locality=portal_world.localities[k]) for k in ("own", "partner") * 3]
    event, slots, tables, people = make_event(portal_world.localities["own"], 4, 2, firms)
    return event, slots, tables, people


def test_a_request_is_accepted_declined_or_expires(day, delivered):
    event, _slots, _tables, (a, b, c, d, *_rest) = day
    with delivered():
        req = actions.request_meeting(a, b, "Xin gặp")
    assert mail.outbox[-1].to == [b.contact_email]
    with pytest.raises(ValidationError):
        actions.request_meeting(b, a)  # the pair already has one
    with pytest.raises(Exception):  # noqa: B017 — only the target answers
        actions.decide_request(req, True, a)
    actions.decide_request(req, True, b)
    assert Meeting.objects.filter(request=req).exists()
    declined = actions.request_meeting(c, d)
    actions.decide_request(declined, False, d)
    late = actions.request_meeting(a, d)
    MeetingRequest.objects.filter(pk=late.pk).update(
        expires_at=timezone.now() - dt.timedelta(hours=1)
    )
    assert actions.expire_requests() == 1
    late.refresh_from_db()
    assert late.status == "expired"


def test_participant_page_answers_by_personal_link(client, day):
    _event, _slots, _tables, (a, b, *_rest) = day
    req = actions.request_meeting(a, b)
    response = client.post(
        reverse("investment:participant_decide", args=[participant_url(b).split("/")[-2], req.pk]),
        {"decision": "accept"},
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == "accepted"
    assert client.get("/dau-tu/ca-nhan/forged-token/").status_code == 404


def test_organiser_schedules_all_and_sees_figures(client, day, member):
    event, _slots, _tables, people = day
    for i in range(0, 6, 2):
        accepted_meeting(people[i], people[i + 1])
    accepted_meeting(people[0], people[3])
    client.force_login(member("coordinator", "own"))
    url = reverse("investment:event_manage", args=[event.pk])
    response = client.post(url, {"op": "schedule"}, follow=True)
    assert response.status_code == 200
    assert Meeting.objects.filter(event=event, slot__isnull=False).count() == 4
    figures = response.context["figures"]
    assert figures["accepted"] == 4 and figures["scheduled"] == 4


def test_another_city_cannot_run_the_event(client, day, member):
    event = day[0]
    client.force_login(member("coordinator", "partner"))
    url = reverse("investment:event_manage", args=[event.pk])
    assert client.post(url, {"op": "schedule"}).status_code == 403
    assert not Meeting.objects.filter(slot__isnull=False).exists()


def test_deleting_a_slot_tells_both_sides_and_keeps_the_meeting(client, day, member, delivered):
    event, slots, tables, (a, b, *_rest) = day
    meeting = accepted_meeting(a, b)
    Meeting.objects.filter(pk=meeting.pk).update(slot=slots[1], table=tables[0], locked=True)
    client.force_login(member("officer", "own"))
    with delivered():
        response = client.post(
            reverse("investment:event_manage", args=[event.pk]),
            {"op": "delete_slot", "slot": slots[1].pk},
            follow=True,
        )
    assert response.status_code == 200
    meeting.refresh_from_db()
    assert meeting.slot is None and not meeting.locked  # kept, waiting for a new time
    told = {m.to[0] for m in mail.outbox}
    assert {a.contact_email, b.contact_email} <= told
    assert str(a.enterprise) in response.content.decode()


def test_locked_meetings_stay_when_the_organiser_reschedules(day):
    event, slots, tables, people = day
    m1 = accepted_meeting(people[0], people[1])
    m2 = accepted_meeting(people[2], people[3])
    Meeting.objects.filter(pk=m1.pk).update(slot=slots[3], table=tables[1], locked=True)
    actions.schedule_event(event, time_limit=1)
    m1.refresh_from_db()
    m2.refresh_from_db()
    assert (m1.slot_id, m1.table_id) == (slots[3].pk, tables[1].pk)
    assert m2.slot_id is not None


def test_check_in_and_held_no_show_figures(client, day, member):
    event, slots, tables, (a, b, c, d, *_rest) = day
    m1, m2 = accepted_meeting(a, b), accepted_meeting(c, d)
    Meeting.objects.filter(pk=m1.pk).update(slot=slots[0], table=tables[0])
    Meeting.objects.filter(pk=m2.pk).update(slot=slots[0], table=tables[1])
    client.force_login(member("officer", "own"))
    url = reverse("investment:event_manage", args=[event.pk])
    client.post(url, {"op": "check_in", "participant": a.pk})
    client.post(url, {"op": "held", "meeting": m1.pk})
    client.post(url, {"op": "no_show", "meeting": m2.pk})
    client.post(url, {"op": "held", "meeting": 999999})  # a forged id: 404, nothing changes
    figures = client.get(url).context["figures"]
    assert figures["held"] == 1 and figures["no_show"] == 1 and figures["checked_in"] == 1


def test_agenda_as_pdf_and_ical(client, day):
    from pypdf import PdfReader

    _event, slots, tables, (a, b, *_rest) = day
    m = accepted_meeting(a, b)
    Meeting.objects.filter(pk=m.pk).update(slot=slots[2], table=tables[0])
    base = participant_url(a)
    pdf = client.get(base + "lich.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    import io

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert b.enterprise.name_vi in text  # Vietnamese kept (DejaVu font)
    ics = client.get(base + "lich.ics").content.decode()
    assert "BEGIN:VEVENT" in ics and "T0" in ics


def test_registration_needs_a_known_valid_tax_code(client, day):
    event = day[0]
    url = reverse("investment:event_detail", args=[event.pk])
    data = {"contact_name": "A", "contact_email": "a@example.vn", "consent": "on"}
    bad = client.post(url, {**data, "tax_code": "0100233480"})
    assert bad.status_code == 400
    assert "Chữ số kiểm tra" in bad.content.decode()
    unknown = client.post(url, {**data, "tax_code": "0100233488"})
    assert unknown.status_code == 400
    firm = EnterpriseFactory(locality=event.locality)
    ok = client.post(url, {**data, "tax_code": firm.tax_code})
    assert ok.status_code == 302
    assert "/dau-tu/ca-nhan/" in ok["Location"]


def test_a_foreign_company_registers_without_a_vietnamese_tax_code(client, day):
    event = day[0]
    url = reverse("investment:event_detail_en", args=[event.pk])
    data = {k: v for k, v in FOREIGN.items() if k not in ("company_name", "country")}
    missing = client.post(url, data)
    assert missing.status_code == 400
    assert missing.content.decode().count('aria-invalid="true"') == 2  # name and country
    ok = client.post(url, FOREIGN)
    assert ok.status_code == 302
    page = client.get(ok["Location"]).content.decode()
    assert "Sato Semiconductors KK (Japan)" in page
    # registering again gives the same registration (a fresh personal link to it)
    again = client.post(url, FOREIGN)
    assert again.status_code == 302
    from hoptac.investment.models import Participant

    registered = Participant.objects.filter(event=event, company_name="Sato Semiconductors KK")
    assert registered.count() == 1


def test_a_vietnamese_enterprise_still_needs_its_tax_code(client, day):
    event = day[0]
    url = reverse("investment:event_detail", args=[event.pk])
    data = {"kind": "vn", "contact_name": "A", "contact_email": "a@example.vn", "consent": "on"}
    response = client.post(url, {**data, "company_name": "Công ty X", "country": "Việt Nam"})
    assert response.status_code == 400
    assert "mã số thuế" in response.content.decode()


def test_a_foreign_participant_can_ask_for_a_meeting_and_be_asked(day):
    event = day[0]
    foreign = actions.register_participant(
        event, None, "Kenji", "k@example.jp", company_name="Sato KK", country="Japan"
    )
    firm = actions.register_participant(
        event, EnterpriseFactory(locality=event.locality), "An", "an@example.vn"
    )
    request = actions.request_meeting(foreign, firm, "Hello")
    assert request.target == firm
    assert str(foreign) == "Sato KK (Japan)"
    with pytest.raises(ValidationError):
        actions.register_participant(event, None, "X", "x@example.jp")


def test_the_english_event_page_names_sessions_in_english(client, day):
    from hoptac.investment.models import Session

    event = day[0]
    Session.objects.filter(event=event).update(name_en="Morning")
    page = client.get(reverse("investment:event_detail_en", args=[event.pk])).content.decode()
    assert "<h3>Morning</h3>" in page
    page = client.get(reverse("investment:event_detail", args=[event.pk])).content.decode()
    assert "<h3>Sáng</h3>" in page


def test_a_day_that_is_over_takes_no_registration_and_says_so(client, day):
    # The switch still says open: the day itself has passed (yesterday in Vietnam).
    from hoptac.core import dates
    from hoptac.investment.models import Participant

    event = day[0]
    event.day = dates.today() - dt.timedelta(days=1)
    event.save(update_fields=["day"])
    url = reverse("investment:event_detail_en", args=[event.pk])
    page = client.get(url).content.decode()
    assert "Registration is closed." in page and 'type="submit">Register<' not in page
    refused = client.post(url, FOREIGN)
    assert refused.status_code == 400
    assert "Registration is closed." in refused.content.decode()
    assert not Participant.objects.filter(event=event, company_name="Sato Semiconductors KK")
    # The day itself still takes registrations (on the spot, in Vietnam's calendar).
    event.day = dates.today()
    event.save(update_fields=["day"])
    assert client.post(url, FOREIGN).status_code == 302


def test_the_demo_b2b_day_lies_ahead_on_a_working_day_whatever_day_it_is_loaded():
    from hoptac.core import dates
    from hoptac.investment.demo.events import b2b_day

    for today in (dt.date(2026, 12, 7), dt.date(2026, 12, 16), dt.date(2027, 1, 20)):
        day = b2b_day(today)
        assert day >= today + dt.timedelta(days=21) and dates.is_working_day(day)
    # Three weeks after 14 January 2027 is the first day of Tết (off 4-10 February 2027 in the
    # calendar's data): the day moves past the days off
    assert b2b_day(dt.date(2027, 1, 14)) == dt.date(2027, 2, 11)


def test_the_demo_b2b_day_loaded_again_another_day_moves_with_its_slots(portal_world, monkeypatch):
    from hoptac.core import dates
    from hoptac.investment.demo import events as demo_events
    from hoptac.investment.models import Enterprise, Event, Slot

    firms = [
        EnterpriseFactory(locality=portal_world.localities[k], verification="verified")
        for k in ("own", "partner") * 3
    ]
    assert all(f.verification == Enterprise.Verification.VERIFIED for f in firms)
    for today in (dt.date(2026, 12, 7), dt.date(2026, 12, 16)):
        monkeypatch.setattr(dates, "today", lambda today=today: today)
        demo_events.load_event(portal_world.localities["own"], firms)
    (event,) = Event.objects.all()
    assert event.day == demo_events.b2b_day(dt.date(2026, 12, 16)) == dt.date(2027, 1, 6)
    assert event.name_vi.endswith(" 2027")
    days = {s.starts_at.astimezone(dates.VIETNAM).date() for s in Slot.objects.filter(event=event)}
    assert days == {event.day} and Slot.objects.filter(event=event).count() == 8
    assert event.registration_open


def test_a_day_that_is_over_takes_no_meeting_request_and_no_answer(client, day):
    # Registration closes with the day (above); so do the requests and their answers, by the
    # action and on the participant's page.
    from hoptac.core import dates

    event, _slots, _tables, (a, b, c, *_rest) = day
    pending = actions.request_meeting(a, b, "Xin gặp")
    event.day = dates.today() - dt.timedelta(days=1)
    event.save(update_fields=["day"])
    a.refresh_from_db()
    b.refresh_from_db()
    with pytest.raises(ValidationError, match="kết thúc"):
        actions.request_meeting(a, c)
    with pytest.raises(ValidationError, match="kết thúc"):
        actions.decide_request(pending, True, b)
    pending.refresh_from_db()
    assert pending.status == MeetingRequest.Status.PENDING
    assert not Meeting.objects.filter(request=pending).exists()
    token = participant_url(b).split("/")[-2]
    page = client.get(participant_url(b)).content.decode()
    assert 'value="request"' not in page and 'name="decision"' not in page
    assert "Ngày gặp gỡ B2B này đã kết thúc: không nhận thêm đề nghị gặp." in page
    refused = client.post(participant_url(a), {"action": "request", "target": c.pk})
    assert refused.status_code == 400
    assert "không nhận thêm đề nghị gặp" in refused.content.decode()
    assert not MeetingRequest.objects.filter(requester=a, target=c).exists()
    client.post(
        reverse("investment:participant_decide", args=[token, pending.pk]), {"decision": "accept"}
    )
    pending.refresh_from_db()
    assert pending.status == MeetingRequest.Status.PENDING
