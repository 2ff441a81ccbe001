"""Personal data (Decree 13/2023/NĐ-CP): the forms say what is kept and ask consent; a copy and
the erasure are given on the private pages, carried out and logged."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest
from django.core import signing
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from hoptac.investment import actions, personal_data
from hoptac.investment.models import DataRequest, Enquiry, EnquiryMessage, Participant
from hoptac.investment.views.events import participant_url

from .factories import EnquiryFactory, EnterpriseFactory, make_event


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _enquiry_post(world, **over):
    data = {
        "locality": world.localities["own"].pk,
        "name": "Jane Investor",
        "email": "jane@example.com",
        "message": "We would like to build a data centre in a high-tech park.",
        "token": signing.dumps(time.time() - 10, salt="investment.enquiry"),
        "website": "",
        "consent": "on",
    }
    data.update(over)
    return data


@pytest.mark.parametrize(("lang", "words"), [("en", "How long"), ("vi", "Lưu trong bao lâu")])
def test_the_enquiry_form_says_what_is_kept_why_and_how_long(client, portal_world, lang, words):
    name = "investment:contact_en" if lang == "en" else "investment:contact"
    page = client.get(reverse(name)).content.decode()
    assert words in page
    assert "13/2023/NĐ-CP" in page
    assert 'name="consent"' in page


def test_an_enquiry_without_consent_is_refused_and_the_text_kept(client, portal_world):
    data = _enquiry_post(portal_world)
    del data["consent"]
    response = client.post(reverse("investment:contact_en"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Please tick the box to agree" in page
    assert "build a data centre" in page
    assert Enquiry.objects.count() == 0


def test_consent_is_recorded_with_the_enquiry(client, portal_world):
    client.post(reverse("investment:contact_en"), _enquiry_post(portal_world))
    assert Enquiry.objects.get().consent_at is not None


def test_the_investor_downloads_a_copy_and_it_is_logged(client, portal_world):
    enquiry = EnquiryFactory(locality=portal_world.localities["own"], company="Acme")
    EnquiryMessage.objects.create(enquiry=enquiry, sender="city", text="Land is available.")
    response = client.get(reverse("investment:enquiry_data", args=[enquiry.access_key]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["email"] == enquiry.email
    assert data["conversation"][0]["text"] == "Land is available."
    log = DataRequest.objects.get()
    assert (log.kind, log.subject, log.record_id) == ("export", "enquiry", enquiry.pk)
    assert log.done_at is not None
    assert enquiry.email not in log.detail + log.reference


def test_the_investor_erases_their_data_and_it_is_carried_out_and_logged(client, portal_world):
    enquiry = EnquiryFactory(
        locality=portal_world.localities["own"], name="Jane Doe", company="Acme"
    )
    actions.reply_to_enquiry(enquiry, "My phone is 0901 234 567")
    url = reverse("investment:enquiry_erase", args=[enquiry.access_key])
    refused = client.post(url, {})  # not confirmed: nothing happens
    assert refused.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.erased_at is None
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.erased_at is not None
    assert enquiry.status == "closed"
    assert "Jane" not in enquiry.name and "@example.com" not in enquiry.email
    assert not enquiry.history.filter(name="Jane Doe").exists()  # the history too
    assert not EnquiryMessage.objects.filter(text__contains="0901").exists()
    log = DataRequest.objects.get(kind="erasure")
    assert log.record_id == enquiry.pk and log.done_at is not None
    page = client.get(response["Location"]).content.decode()
    assert "were erased" in page or "đã được xóa" in page


def test_erasure_and_copy_need_the_private_key(client, portal_world):
    enquiry = EnquiryFactory(locality=portal_world.localities["own"])
    assert client.get("/dau-tu/yeu-cau/wrong/du-lieu.json").status_code == 404
    assert client.post("/dau-tu/yeu-cau/wrong/xoa/", {"confirm": "on"}).status_code == 404
    assert client.get(f"/dau-tu/yeu-cau/{enquiry.access_key}/xoa/").status_code == 405
    enquiry.refresh_from_db()
    assert enquiry.erased_at is None
    assert DataRequest.objects.count() == 0


def test_the_b2b_registration_asks_consent(client, portal_world):
    event, *_ = make_event(portal_world.localities["own"])
    url = reverse("investment:event_detail_en", args=[event.pk])
    page = client.get(url).content.decode()
    assert "What we keep" in page and 'name="consent"' in page
    data = {"kind": "foreign", "company_name": "Sato KK", "country": "Japan"}
    data |= {"contact_name": "Kenji Sato", "contact_email": "k@example.jp"}
    assert client.post(url, data).status_code == 400
    assert Participant.objects.count() == 0
    assert client.post(url, {**data, "consent": "on"}).status_code == 302
    assert Participant.objects.get().consent_at is not None


def test_a_participant_downloads_and_erases_their_data(client, portal_world):
    firms = [EnterpriseFactory(locality=portal_world.localities["own"]) for _ in range(2)]
    _event, _s, _t, (a, b) = make_event(portal_world.localities["own"], participants=firms)
    actions.request_meeting(a, b, "Call me on 0901 234 567")
    token = participant_url(a).split("/")[-2]
    data = json.loads(client.get(reverse("investment:participant_data", args=[token])).content)
    assert data["contact_email"] == a.contact_email
    response = client.post(reverse("investment:participant_erase", args=[token]), {"confirm": "on"})
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.erased_at and a.contact_email.endswith("@invalid")
    assert not a.sent.filter(message__contains="0901").exists()
    assert list(DataRequest.objects.values_list("kind", flat=True).order_by("id")) == [
        "export",
        "erasure",
    ]


def test_data_past_their_retention_period_are_erased_and_logged(portal_world):
    old = EnquiryFactory(
        locality=portal_world.localities["own"],
        received_at=timezone.now() - dt.timedelta(days=800),
    )
    fresh = EnquiryFactory(locality=portal_world.localities["own"])
    recent_reply = EnquiryFactory(
        locality=portal_world.localities["own"],
        received_at=timezone.now() - dt.timedelta(days=800),
    )
    EnquiryMessage.objects.create(enquiry=recent_reply, sender="investor", text="Still here")
    assert personal_data.expire_personal_data() == 1
    old.refresh_from_db(), fresh.refresh_from_db(), recent_reply.refresh_from_db()
    assert old.erased_at and not fresh.erased_at and not recent_reply.erased_at
    assert DataRequest.objects.get().kind == "expiry"
    assert personal_data.expire_personal_data() == 0  # once


def test_the_expiry_job_is_scheduled_daily():
    from hoptac.core import schedule

    job = schedule._jobs["investment.expire_personal_data"]
    assert job.every == dt.timedelta(days=1)


def test_who_only_forgot_the_consent_box_can_send_again_at_once(client, portal_world):
    data = _enquiry_post(portal_world)
    del data["consent"]
    first = client.post(reverse("investment:contact_en"), data)
    assert first.status_code == 400
    token = first.context["form"]["token"].value()
    assert token == data["token"]  # kept: it was already old enough
    again = client.post(reverse("investment:contact_en"), {**data, "consent": "on"})
    assert again.status_code == 302
