"""Enquiry tracking: a tracking number, a private page without an account, the answer, replies."""

from __future__ import annotations

import time

import pytest
from django.core import mail, signing
from django.core.cache import cache
from django.urls import reverse

from hoptac.investment import actions
from hoptac.investment.models import Enquiry, EnquiryMessage

from .factories import EnquiryFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _post_enquiry(client, world, lang="en"):
    name = "investment:contact_en" if lang == "en" else "investment:contact"
    return client.post(
        reverse(name),
        {
            "locality": world.localities["own"].pk,
            "name": "Jane Investor",
            "email": "jane@example.com",
            "message": "We would like to build a data centre in a high-tech park.",
            "token": signing.dumps(time.time() - 10, salt="investment.enquiry"),
            "website": "",
            "consent": "on",
        },
    )


def test_an_enquiry_gets_a_tracking_number_and_its_private_page(client, portal_world, delivered):
    with delivered():
        response = _post_enquiry(client, portal_world)
    enquiry = Enquiry.objects.get()
    assert enquiry.reference.startswith("DT-") and enquiry.reference.endswith(f"{enquiry.pk:06d}")
    assert len(enquiry.access_key) >= 40
    assert response["Location"] == reverse(
        "investment:enquiry_status_en", args=[enquiry.access_key]
    )
    page = client.get(response["Location"]).content.decode()
    assert enquiry.reference in page
    assert 'aria-current="step">received<' in page
    assert 'name="robots" content="noindex' in page
    to_investor = [m for m in mail.outbox if m.to == ["jane@example.com"]]
    assert len(to_investor) == 1
    assert enquiry.access_key in to_investor[0].body
    assert enquiry.reference in to_investor[0].subject


def test_a_vietnamese_enquiry_is_tracked_in_vietnamese(client, portal_world, delivered):
    with delivered():
        response = _post_enquiry(client, portal_world, lang="vi")
    enquiry = Enquiry.objects.get()
    assert response["Location"] == reverse("investment:enquiry_status", args=[enquiry.access_key])
    page = client.get(response["Location"]).content.decode()
    assert "đã nhận" in page
    to_investor = [m for m in mail.outbox if m.to == ["jane@example.com"]]
    assert "Yêu cầu" in to_investor[0].subject


@pytest.mark.parametrize("key", ["nope", "x" * 43, "a" * 300, "%00"])
def test_a_wrong_key_finds_nothing(client, portal_world, key):
    EnquiryFactory(locality=portal_world.localities["own"])
    assert client.get(f"/en/invest/enquiries/{key}/").status_code == 404
    assert client.post(f"/dau-tu/yeu-cau/{key}/", {"text": "hello"}).status_code == 404
    assert EnquiryMessage.objects.count() == 0


def test_the_stages_follow_the_officers_work(portal_world, member):
    officer = member("officer", "own")
    enquiry = EnquiryFactory(locality=portal_world.localities["own"])
    assert enquiry.stage == "received"
    actions.assign_manager(enquiry, officer, officer)
    assert enquiry.stage == "assigned"
    actions.answer_enquiry(enquiry, officer, "Park X has 12 ha free.")
    assert enquiry.stage == "answered"
    actions.move_enquiry(enquiry, "closed", officer)
    assert enquiry.stage == "closed"


def test_spam_looks_received_to_its_sender(portal_world):
    enquiry = EnquiryFactory(locality=portal_world.localities["own"], status="spam")
    assert enquiry.stage == "received"


def test_the_officer_answers_and_the_investor_reads_it_and_replies(
    client, portal_world, member, delivered
):
    officer = member("officer", "own")
    enquiry = EnquiryFactory(locality=portal_world.localities["own"], language="en")
    client.force_login(officer)
    with delivered():
        response = client.post(
            reverse("investment:enquiry_detail", args=[enquiry.pk]),
            {
                "status": "",
                "account_manager": officer.pk,
                "note": "",
                "answer": "Park X has 12 ha.",
            },
        )
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.status == "answered" and enquiry.answered_at
    assert any(enquiry.access_key in m.body for m in mail.outbox if m.to == [enquiry.email])
    client.logout()
    url = reverse("investment:enquiry_status_en", args=[enquiry.access_key])
    page = client.get(url).content.decode()
    assert "Park X has 12 ha." in page
    assert 'aria-current="step">answered<' in page
    with delivered():
        response = client.post(url, {"text": "Thank you. What is the land price?"})
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.status == "processed"  # open again, with a new answer-by time
    assert enquiry.messages.last().sender == "investor"
    assert any("land price" in m.body for m in mail.outbox if m.to == [officer.email])


@pytest.mark.parametrize(
    ("text", "error"),
    [("", "Write your reply"), (" x ", "Write your reply"), ("y" * 5001, "5,000")],
)
def test_a_bad_reply_is_explained_and_nothing_is_sent(client, portal_world, text, error):
    enquiry = EnquiryFactory(locality=portal_world.localities["own"])
    url = reverse("investment:enquiry_status_en", args=[enquiry.access_key])
    response = client.post(url, {"text": text})
    assert response.status_code == 400
    assert error in response.content.decode()
    assert EnquiryMessage.objects.count() == 0


def test_a_closed_enquiry_takes_no_reply(client, portal_world):
    enquiry = EnquiryFactory(locality=portal_world.localities["own"], status="closed")
    url = reverse("investment:enquiry_status_en", args=[enquiry.access_key])
    page = client.get(url).content.decode()
    assert "This enquiry is closed" in page
    response = client.post(url, {"text": "Are you there?"})
    assert response.status_code == 400
    assert EnquiryMessage.objects.count() == 0


def test_another_city_cannot_answer(client, portal_world, member):
    enquiry = EnquiryFactory(locality=portal_world.localities["own"])
    client.force_login(member("officer", "partner"))
    response = client.post(
        reverse("investment:enquiry_detail", args=[enquiry.pk]),
        {"status": "", "note": "", "answer": "Not yours."},
    )
    assert response.status_code == 403
    assert EnquiryMessage.objects.count() == 0


def test_the_tracking_page_costs_a_fixed_number_of_queries(
    client, portal_world, django_assert_max_num_queries
):
    enquiry = EnquiryFactory(locality=portal_world.localities["own"])
    url = reverse("investment:enquiry_status_en", args=[enquiry.access_key])
    client.get(url)
    with django_assert_max_num_queries(8):
        client.get(url)
    for n in range(10):
        EnquiryMessage.objects.create(enquiry=enquiry, sender="city", text=f"Answer {n}")
    with django_assert_max_num_queries(8):
        client.get(url)


def test_the_officer_sees_which_language_the_investor_wrote_in(client, portal_world, member):
    """The answer goes to the investor's page as written: the officer must know to write it in
    English; an empty country is not shown as a blank line."""
    enquiry = EnquiryFactory(locality=portal_world.localities["own"], language="en", country="")
    client.force_login(member("officer", "own"))
    url = reverse("investment:enquiry_detail", args=[enquiry.pk])
    client.cookies["django_language"] = "vi"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "<dt>Ngôn ngữ</dt><dd>Tiếng Anh</dd>" in page
    assert "Quốc gia" not in page
    enquiry.language, enquiry.country = "vi", "Japan"
    enquiry.save()
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "<dt>Ngôn ngữ</dt><dd>Tiếng Việt</dd>" in page and "Japan" in page
