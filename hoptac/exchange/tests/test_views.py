from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from hoptac.core.models import Notification
from hoptac.exchange.models import (
    Activity,
    Addressee,
    Adoption,
    ExperienceRequest,
    Participant,
    Policy,
    Practice,
)

from .factories import (
    ActivityFactory,
    AddresseeFactory,
    ExperienceRequestFactory,
    PolicyFactory,
    PracticeFactory,
)
from .files import docx_bytes, upload

pytestmark = pytest.mark.django_db


# --- Query counts at two sizes: the list pages have no N+1 ---------------------------------
def _many(world, factory, n, **extra):
    for i in range(n):
        where = "own" if i % 2 else "partner"
        factory(organisation=world.department[where], **extra)


LISTS = [
    ("exchange:practice_list", PracticeFactory),
    ("exchange:policy_list", PolicyFactory),
    ("exchange:activity_list", ActivityFactory),
    ("exchange:calendar", ActivityFactory),
    ("exchange:calendar_ics", ActivityFactory),
    ("exchange:index", PracticeFactory),
]


@pytest.mark.parametrize(("url_name", "factory"), LISTS)
def test_list_pages_cost_the_same_queries_at_two_sizes(
    client, world, member, django_assert_max_num_queries, url_name, factory, request
):
    client.force_login(member("officer"))
    url = reverse(url_name)
    _many(world, factory, 3)
    client.get(url)  # warm caches (content types, sessions)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _many(world, factory, 15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_request_list_costs_the_same_queries_at_two_sizes(
    client, world, member, django_assert_max_num_queries
):
    client.force_login(member("officer"))
    url = reverse("exchange:request_list")

    def make(n):
        for _ in range(n):
            r = ExperienceRequestFactory(organisation=world.department["own"])
            AddresseeFactory(request=r, locality=world.localities["partner"])

    make(2)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    make(12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("/trao-doi/hoi-dap/") >= 14


@pytest.mark.parametrize(
    "query",
    [
        "?page=999",
        "?page=abc",
        "?q=" + "x" * 500,
        "?locality=<script>",
        "?field=%00",
        "?q=a%00b&tag=%00&locality=4%008",
        "?legal_status=bogus&kind=bogus&when=bogus",
        "?thang=2026-13",
        "?thang=abc",
        "?tag=%27%22",
    ],
)
@pytest.mark.parametrize(
    "url_name",
    [
        "exchange:practice_list",
        "exchange:policy_list",
        "exchange:activity_list",
        "exchange:calendar",
        "exchange:request_list",
    ],
)
def test_lists_take_any_query_string_without_error(client, member, url_name, query):
    client.force_login(member("officer"))
    response = client.get(reverse(url_name) + query)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


# --- Practices ---------------------------------------------------------------------------
def test_officer_shares_a_practice_with_fields_and_a_file(client, world, member):
    from hoptac.core.tests.factories import CooperationFieldFactory

    field = CooperationFieldFactory()
    client.force_login(member("officer"))
    response = client.post(
        reverse("exchange:practice_create"),
        {
            "organisation": world.department["own"].pk,
            "title_vi": "Một cửa liên thông",
            "summary_vi": "Tóm tắt",
            "body_vi": "## Các bước\n\n1. Tiếp nhận",
            "fields": [field.pk],
            "tags": "một cửa, số hóa",
            "visibility": "public",
            "status": "published",
            "attachments": [upload("quy-trinh.docx", docx_bytes("liên thông điện tử"))],
        },
    )
    assert response.status_code == 302
    practice = Practice.objects.get()
    assert practice.locality == world.localities["own"]
    assert practice.published_at is not None
    assert list(practice.fields.all()) == [field]
    assert practice.tag_list == ["một cửa", "số hóa"]
    assert practice.history.count() == 1
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "<h2>Các bước</h2>" in page
    assert "quy-trinh.docx" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title_vi": ""}, "Trường này là bắt buộc"),
        ({"visibility": "everyone"}, "Hãy chọn"),
        ({"organisation": "999999"}, "không được nhân danh"),
        ({"organisation": "abc"}, "không được nhân danh"),
        ({"title_vi": "x" * 300}, "255"),
    ],
)
def test_practice_form_reports_bad_input_in_vietnamese(client, world, member, data, message):
    client.force_login(member("officer"))
    post = {
        "organisation": world.department["own"].pk,
        "title_vi": "Tên",
        "summary_vi": "Tóm tắt",
        "visibility": "public",
        "status": "published",
        **data,
    }
    response = client.post(reverse("exchange:practice_create"), post)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Practice.objects.count() == 0


def test_partner_records_taking_a_practice_over_and_reports_the_outcome(client, world, member):
    practice = PracticeFactory(organisation=world.department["own"])
    owner = member("officer", "own")
    partner = member("officer", "partner")
    client.force_login(partner)
    url = reverse("exchange:practice_adopt", args=[practice.pk])
    response = client.post(
        url, {"organisation": world.department["partner"].pk, "started_on": "01/12/2026"}
    )
    assert response.status_code == 302
    adoption = Adoption.objects.get()
    assert adoption.locality == world.localities["partner"]
    assert Notification.objects.filter(user=owner).count() == 1
    again = client.post(
        url, {"organisation": world.department["partner"].pk, "started_on": "01/12/2026"}
    )
    assert again.status_code == 200 and "đã ghi nhận" in again.content.decode()
    outcome_url = reverse("exchange:adoption_outcome", args=[adoption.pk])
    assert client.post(outcome_url, {"outcome": "adopted", "outcome_report": ""}).status_code == 200
    response = client.post(outcome_url, {"outcome": "adopted", "outcome_report": "Đã áp dụng"})
    assert response.status_code == 302
    adoption.refresh_from_db()
    assert adoption.outcome == "adopted" and adoption.reported_at is not None
    client.force_login(owner)
    assert (
        client.post(outcome_url, {"outcome": "abandoned", "outcome_report": "x"}).status_code == 403
    )


def test_attachment_of_an_unreadable_practice_is_not_served(client, world, member):
    from hoptac.core.files import check_upload
    from hoptac.exchange import actions

    practice = PracticeFactory(organisation=world.department["own"], status="draft")
    actions.save_practice(practice, None, files=[check_upload(upload("a.docx", docx_bytes()))])
    attachment = practice.attachments.get()
    client.force_login(member("officer", "partner"))
    assert client.get(attachment.get_absolute_url()).status_code == 404
    assert client.get(reverse("exchange:attachment", args=[99999])).status_code == 404


# --- Policies ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"issued_on": "20/06/2020", "effective_on": "19/06/2020"}, "trước ngày ban hành"),
        ({"issued_on": "31/02/2020"}, "Nhập một ngày hợp lệ"),
        ({"legal_status": "replaced"}, "văn bản thay thế"),
        ({"source_url": "javascript:alert(1)"}, "URL"),
        ({"number": ""}, "bắt buộc"),
    ],
)
def test_policy_form_reports_bad_input(client, world, member, data, message):
    client.force_login(member("coordinator"))
    post = {
        "organisation": world.office["own"].pk,
        "number": "97/2019/QH14",
        "kind": "resolution_na",
        "issuer": "Quốc hội",
        "title_vi": "Nghị quyết",
        "legal_status": "in_force",
        "visibility": "public",
        "status": "published",
        **data,
    }
    response = client.post(reverse("exchange:policy_create"), post)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Policy.objects.count() == 0


def test_policy_links_practices_and_a_replacement(client, world, member):
    practice = PracticeFactory(organisation=world.department["own"])
    old = PolicyFactory(organisation=world.office["own"])
    client.force_login(member("coordinator"))
    response = client.post(
        reverse("exchange:policy_create"),
        {
            "organisation": world.office["own"].pk,
            "number": "2/2025/NQ-HĐND",
            "kind": "resolution",
            "issuer": "HĐND thành phố",
            "title_vi": "Nghị quyết mới",
            "legal_status": "in_force",
            "visibility": "public",
            "status": "published",
            "practices": [practice.pk],
        },
    )
    assert response.status_code == 302
    new = Policy.objects.get(number="2/2025/NQ-HĐND")
    old.legal_status, old.replaced_by = "replaced", new
    old.save()
    page = client.get(new.get_absolute_url()).content.decode()
    assert practice.title_vi in page and old.number in page


# --- Experience requests -----------------------------------------------------------------
def test_department_asks_every_partner_and_the_counterpart_answers(
    client, world, member, delivered
):
    asker = member("officer", "own")
    answerer = member("officer", "partner")
    partner_coordinator = member("coordinator", "partner")
    client.force_login(asker)
    due = (timezone.localdate() + dt.timedelta(days=10)).strftime("%d/%m/%Y")
    with delivered():
        response = client.post(
            reverse("exchange:request_create"),
            {
                "organisation": world.department["own"].pk,
                "subject": "Số hóa hồ sơ",
                "question": "Làm thế nào?",
                "due_on": due,
            },
        )
    assert response.status_code == 302
    item = ExperienceRequest.objects.get()
    addressee = item.addressees.get()
    assert addressee.locality == world.localities["partner"] and addressee.organisation is None
    # asked of a whole city: its coordinators are told and pass it on
    assert Notification.objects.filter(user=partner_coordinator).exists()
    assert len(mail.outbox) >= 1

    client.force_login(answerer)
    page = client.get(item.get_absolute_url()).content.decode()
    assert reverse("exchange:request_answer", args=[item.pk, addressee.pk]) in page
    response = client.post(
        reverse("exchange:request_answer", args=[item.pk, addressee.pk]),
        {
            "organisation": world.department["partner"].pk,
            "body": "Chúng tôi làm như sau",
            "attachments": [upload("huong-dan.docx", docx_bytes("hướng dẫn số hóa"))],
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    addressee.refresh_from_db()
    assert item.status == "answered"
    assert addressee.state == "answered" and addressee.answer_days == 0
    assert Notification.objects.filter(user=asker).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"due_on": "01/01/2020"}, "trong quá khứ"),
        ({"due_on": "31/02/2027"}, "Nhập một ngày hợp lệ"),
        ({"subject": ""}, "bắt buộc"),
        ({"counterpart": "own"}, "Hãy chọn một cơ quan của địa phương đối tác"),
        ({"counterpart": "unrelated"}, "Hãy chọn một cơ quan của địa phương đối tác"),
    ],
)
def test_request_form_reports_bad_input(client, world, member, data, message):
    client.force_login(member("officer"))
    post = {
        "organisation": world.department["own"].pk,
        "subject": "Câu hỏi",
        "question": "?",
        "due_on": "01/01/2030",
        **data,
    }
    if "counterpart" in data:
        post["counterpart"] = world.department[data["counterpart"]].pk
    response = client.post(reverse("exchange:request_create"), post)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ExperienceRequest.objects.count() == 0


def test_a_closed_request_takes_no_more_answers(client, world, member):
    item = ExperienceRequestFactory(organisation=world.department["own"], status="closed")
    addressee = AddresseeFactory(request=item, locality=world.localities["partner"])
    client.force_login(member("officer", "partner"))
    response = client.post(
        reverse("exchange:request_answer", args=[item.pk, addressee.pk]),
        {"organisation": world.department["partner"].pk, "body": "Muộn"},
    )
    assert response.status_code == 403
    assert not addressee.answers.exists()


def test_answer_for_a_mismatched_request_id_is_not_found(client, world, member):
    item = ExperienceRequestFactory(organisation=world.department["own"])
    other = ExperienceRequestFactory(organisation=world.department["own"])
    addressee = AddresseeFactory(request=item, locality=world.localities["partner"])
    client.force_login(member("officer", "partner"))
    url = reverse("exchange:request_answer", args=[other.pk, addressee.pk])
    assert client.post(url, {"body": "x"}).status_code == 404
    assert Addressee.objects.get(pk=addressee.pk).state == "pending"


# --- Activities --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"ends_at": "01/12/2026 07:00"}, "kết thúc trước khi bắt đầu"),
        ({"starts_at": "32/12/2026 08:00"}, "Nhập một"),
        ({"registration_deadline": "05/12/2026"}, "trước khi hoạt động bắt đầu"),
        ({"capacity": "-3"}, "lớn hơn hoặc bằng"),
    ],
)
def test_activity_form_reports_bad_input(client, world, member, data, message):
    client.force_login(member("officer"))
    post = {
        "organisation": world.department["own"].pk,
        "kind": "training",
        "title_vi": "Lớp bồi dưỡng",
        "starts_at": "01/12/2026 08:00",
        "ends_at": "01/12/2026 17:00",
        "host_locality": world.localities["own"].pk,
        "visibility": "public",
        "status": "published",
        **data,
    }
    response = client.post(reverse("exchange:activity_create"), post)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Activity.objects.count() == 0


def test_registration_guests_and_the_calendar(client, world, member):
    host = member("officer", "own")
    guest_user = member("officer", "partner")
    activity = ActivityFactory(
        organisation=world.department["own"], registration_open=True, capacity=1
    )
    client.force_login(guest_user)
    url = reverse("exchange:activity_register", args=[activity.pk])
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302  # twice: still one registration
    assert activity.participants.count() == 1
    assert Notification.objects.filter(user=host).count() == 1
    client.force_login(member("coordinator", "partner"))
    assert client.post(url).status_code == 403  # full
    client.force_login(host)
    guest_url = reverse("exchange:activity_guest", args=[activity.pk])
    assert client.post(guest_url, {"guest_name": "", "role": "speaker"}).status_code == 302
    assert activity.participants.count() == 1
    client.post(guest_url, {"guest_name": "Ông Khách", "guest_email": "x@y.vn", "role": "speaker"})
    assert Participant.objects.filter(guest_name="Ông Khách").exists()
    month = timezone.localtime(activity.starts_at).strftime("%Y-%m")
    page = client.get(reverse("exchange:calendar") + f"?thang={month}").content.decode()
    assert activity.title_vi in page


def test_ical_export_lists_what_the_reader_may_see(client, world, member):
    public = ActivityFactory(
        organisation=world.department["own"], visibility="public", description="**Mở**"
    )
    shared = ActivityFactory(organisation=world.department["own"], visibility="partners")
    response = client.get(reverse("exchange:calendar_ics"))
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    events = cal.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [public.title_vi]
    event = events[0]
    assert str(event["uid"]) == f"activity-{public.pk}@hoptac"
    assert event.decoded("dtstart") == public.starts_at.replace(microsecond=0)
    assert str(event["description"]) == "Mở"
    assert str(event["url"]).endswith(public.get_absolute_url())
    client.force_login(member("officer", "partner"))
    cal = Calendar.from_ical(client.get(reverse("exchange:calendar_ics")).content)
    assert {str(e["summary"]) for e in cal.walk("VEVENT")} == {public.title_vi, shared.title_vi}
    one = client.get(reverse("exchange:activity_ics", args=[shared.pk]))
    assert len(Calendar.from_ical(one.content).walk("VEVENT")) == 1
    client.logout()
    assert client.get(reverse("exchange:activity_ics", args=[shared.pk])).status_code == 404
