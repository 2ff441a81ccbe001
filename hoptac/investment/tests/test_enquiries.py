"""The public enquiry form: spam defences without an outside captcha, and nothing lost."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core import mail, signing
from django.core.cache import cache
from django.urls import reverse

from hoptac.core import dates
from hoptac.investment import actions
from hoptac.investment.models import Enquiry

from .factories import EnquiryFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _token(seconds_ago: float = 10) -> str:
    return signing.dumps(time.time() - seconds_ago, salt="investment.enquiry")


def _data(world, **over):
    data = {
        "locality": world.localities["own"].pk,
        "name": "Jane Investor",
        "email": "jane@example.com",
        "company": "Acme",
        "country": "UK",
        "message": "We would like to build a data centre in a high-tech park.",
        "token": _token(),
        "website": "",
    }
    data.update(over)
    return data


def test_a_person_sends_an_enquiry_and_the_agency_is_told(client, portal_world, delivered):
    portal_world.brand.contact_email = "ipa@example.vn"
    portal_world.brand.save()
    project = portal_world.project["own"]
    with delivered():
        response = client.post(
            reverse("investment:contact_en") + f"?project={project.code}", _data(portal_world)
        )
    assert response.status_code == 302
    enquiry = Enquiry.objects.get()
    assert enquiry.language == "en"
    assert enquiry.project == project
    assert enquiry.status == "received"
    assert enquiry.due_at == dates.add_working_time(enquiry.received_at, 2)
    assert mail.outbox[0].to == ["ipa@example.vn"]


@pytest.mark.parametrize(
    "over",
    [
        {"website": "http://spam.example"},  # honeypot filled
        {"token": "FAST"},  # too fast for a person
        {"token": "forged"},
    ],
)
def test_bots_are_refused_and_a_person_s_text_is_kept(client, portal_world, over):
    if over.get("token") == "FAST":
        over = {"token": _token(seconds_ago=0.5)}
    response = client.post(reverse("investment:contact"), _data(portal_world, **over))
    assert response.status_code == 400
    page = response.content.decode()
    assert "We would like to build a data centre" in page
    assert "gửi lại" in page
    assert Enquiry.objects.count() == 0


def test_an_address_is_rate_limited(client, portal_world, settings):
    settings.INVESTMENT_ENQUIRY_LIMIT = 3  # the limit is the setting's, read at each request
    for _ in range(settings.INVESTMENT_ENQUIRY_LIMIT):
        assert client.post(reverse("investment:contact"), _data(portal_world)).status_code == 302
    response = client.post(
        reverse("investment:contact"), _data(portal_world, message="Ninth message, still here.")
    )
    assert response.status_code == 429
    assert "Ninth message, still here." in response.content.decode()
    assert Enquiry.objects.count() == settings.INVESTMENT_ENQUIRY_LIMIT
    other = client.post(reverse("investment:contact"), _data(portal_world), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"message": "hi"}, "10"),
        ({"capital_vnd": "-100"}, "âm"),
        ({"vsic_code": "6210"}, "VSIC 2018 không có mã 6210"),
        ({"locality": "999999"}, "locality"),
        ({"message": "http://a http://b http://c http://d spam"}, "liên kết"),
    ],
)
def test_bad_enquiry_input_is_explained(client, portal_world, over, message):
    response = client.post(reverse("investment:contact"), _data(portal_world, **over))
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors
    text = " ".join(" ".join(v) for v in form.errors.values()) + " ".join(form.errors)
    assert message in text
    assert Enquiry.objects.count() == 0


def test_an_unrelated_city_is_not_a_choice(client, portal_world):
    data = _data(portal_world, locality=portal_world.localities["unrelated"].pk)
    assert client.post(reverse("investment:contact"), data).status_code == 400


def test_overdue_enquiries_warn_their_manager_once(portal_world, member, delivered):
    from django.utils import timezone

    manager = member("officer", "own")
    late = EnquiryFactory(
        locality=portal_world.localities["own"],
        account_manager=manager,
        received_at=timezone.now() - dt.timedelta(days=20),  # past any holiday
    )
    EnquiryFactory(locality=portal_world.localities["own"])  # fresh, no warning
    assert late.sla_state() == "late"
    with delivered():
        assert actions.warn_overdue_enquiries() == 1
    assert mail.outbox[-1].to == [manager.email]
    assert actions.warn_overdue_enquiries() == 0


def test_the_warning_task_runs_through_django_tasks(portal_world, settings):
    from hoptac.investment import tasks

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    result = tasks.expire_meeting_requests.enqueue()
    assert result.return_value == 0


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Friday 10:00 in Vietnam: two working days later is Tuesday, not Sunday
        (dt.datetime(2026, 3, 13, 3, 0, tzinfo=dt.UTC), dt.datetime(2026, 3, 17, 10, 0)),
        # Friday before Tết Bính Ngọ (off 14–22/2/2026): the answer is due after the holiday
        (dt.datetime(2026, 2, 13, 3, 0, tzinfo=dt.UTC), dt.datetime(2026, 2, 24, 10, 0)),
        # Tuesday 23:30 in Vietnam (16:30 UTC): Thursday in Vietnam
        (dt.datetime(2026, 3, 10, 16, 30, tzinfo=dt.UTC), dt.datetime(2026, 3, 12, 23, 30)),
    ],
)
def test_enquiry_answer_is_due_two_working_days_later(portal_world, monkeypatch, received, due):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: received)
    enquiry = actions.submit_enquiry(
        {
            "locality": portal_world.localities["own"],
            "name": "Jane Investor",
            "email": "jane@example.com",
            "message": "A data centre.",
        },
        language="en",
    )
    assert enquiry.due_at == due.replace(tzinfo=dates.VIETNAM)


def test_an_empty_enquiry_names_the_missing_fields_and_marks_them(client, portal_world):
    response = client.post(reverse("investment:contact"), {"token": _token(seconds_ago=0.5)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "quá nhanh" not in page  # not taken for a robot: the person is told what is missing
    assert "Please correct" not in page
    for label in ("Gửi thành phố nào?", "Họ và tên", "Thư điện tử", "Nội dung"):
        assert f'">{label}</a>:' in page, label
    assert page.count('aria-invalid="true"') == 4  # city, name, e-mail, message
    assert Enquiry.objects.count() == 0


def test_the_spam_trap_is_out_of_sight_and_out_of_the_accessibility_tree(client, portal_world):
    page = client.get(reverse("investment:contact")).content.decode()
    trap = page[page.index('<div class="trap" aria-hidden="true">') :]
    trap = trap[: trap.index("</div>")]
    assert 'name="website"' in trap
    assert 'tabindex="-1"' in trap
    assert "---------" not in page  # the city list says what to do
