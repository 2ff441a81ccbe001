"""The permission matrix: who reads, changes, answers; forged requests change nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from hoptac.exchange.models import Activity, Addressee, Answer, Policy, Practice

from .factories import (
    ActivityFactory,
    AddresseeFactory,
    ExperienceRequestFactory,
    PolicyFactory,
    PracticeFactory,
)

pytestmark = pytest.mark.django_db

# who: (role, where) or None for anonymous
PEOPLE = {
    "anonymous": None,
    "own officer": ("officer", "own"),
    "own coordinator": ("coordinator", "own"),
    "own leader": ("leader", "own"),
    "partner officer": ("officer", "partner"),
    "partner coordinator": ("coordinator", "partner"),
    "unrelated officer": ("officer", "unrelated"),
}


def _login(client, member, who):
    if PEOPLE[who] is not None:
        client.force_login(member(*PEOPLE[who]))


FACTORIES = {"practice": PracticeFactory, "policy": PolicyFactory, "activity": ActivityFactory}
DETAIL = {
    "practice": "exchange:practice_detail",
    "policy": "exchange:policy_detail",
    "activity": "exchange:activity_detail",
}
LIST = {
    "practice": "exchange:practice_list",
    "policy": "exchange:policy_list",
    "activity": "exchange:activity_list",
}

# (visibility, status) -> people who may read it
READERS = {
    ("public", "published"): set(PEOPLE),
    ("partners", "published"): {
        "own officer", "own coordinator", "own leader", "partner officer", "partner coordinator",
    },
    ("partners", "draft"): {"own officer", "own coordinator", "own leader"},
    ("public", "draft"): {"own officer", "own coordinator", "own leader"},
}  # fmt: skip


@pytest.mark.parametrize("kind", list(FACTORIES))
@pytest.mark.parametrize("state", list(READERS))
def test_who_reads_an_item(client, world, member, kind, state):
    visibility, status = state
    item = FACTORIES[kind](
        organisation=world.department["own"], visibility=visibility, status=status
    )
    seen = set()
    for who in PEOPLE:
        client.logout()
        _login(client, member, who)
        detail = client.get(reverse(DETAIL[kind], args=[item.pk]))
        listing = client.get(reverse(LIST[kind]))
        assert detail.status_code in (200, 404)
        assert (detail.status_code == 200) is (item.title in listing.content.decode())
        if detail.status_code == 200:
            seen.add(who)
    assert seen == READERS[state]


EDITORS = {"own officer", "own coordinator"}
EDIT = {
    "practice": ("exchange:practice_edit", {"title_vi": "Đã bị sửa", "summary_vi": "x"}),
    "policy": (
        "exchange:policy_edit",
        {"number": "1/2020", "kind": "decision", "issuer": "UBND", "title_vi": "Đã bị sửa"},
    ),
    "activity": (
        "exchange:activity_edit",
        {
            "kind": "workshop",
            "title_vi": "Đã bị sửa",
            "starts_at": "01/12/2026 08:00",
            "ends_at": "01/12/2026 17:00",
        },
    ),  # fmt: skip
}


@pytest.mark.parametrize("kind", list(FACTORIES))
def test_only_the_owning_city_changes_an_item_and_forged_posts_change_nothing(
    client, world, member, kind
):
    item = FACTORIES[kind](organisation=world.department["own"], visibility="public")
    before = item.title_vi
    url_name, data = EDIT[kind]
    data = {
        **data,
        "organisation": world.department["own"].pk,
        "visibility": "public",
        "status": "published",
        "host_locality": world.localities["own"].pk,
        "legal_status": "in_force",
    }
    url = reverse(url_name, args=[item.pk])
    # everyone else first: nothing may change
    for who in [w for w in PEOPLE if w not in EDITORS]:
        client.logout()
        _login(client, member, who)
        get, post = client.get(url), client.post(url, data)
        expected = 302 if who == "anonymous" else 403  # anonymous: to the sign-in page
        assert (who, get.status_code, post.status_code) == (who, expected, expected)
        item.refresh_from_db()
        assert item.title_vi == before
    for who in EDITORS:
        client.logout()
        _login(client, member, who)
        assert client.get(url).status_code == 200
        data["title_vi"] = f"Đã bị sửa bởi {who}"
        post = client.post(url, data)
        assert post.status_code == 302, post.content.decode()[:3000]
        item.refresh_from_db()
        assert item.title_vi == f"Đã bị sửa bởi {who}"


def test_an_officer_cannot_move_an_item_to_another_citys_organisation(client, world, member):
    practice = PracticeFactory(organisation=world.department["own"])
    client.force_login(member("coordinator", "own"))
    response = client.post(
        reverse("exchange:practice_edit", args=[practice.pk]),
        {
            "organisation": world.department["partner"].pk,
            "title_vi": "Chuyển",
            "summary_vi": "x",
            "visibility": "public",
            "status": "published",
        },
    )
    assert response.status_code == 200
    assert "không được nhân danh" in response.content.decode()
    practice.refresh_from_db()
    assert practice.organisation == world.department["own"]


def test_an_officer_cannot_create_an_item_for_another_city(client, world, member):
    client.force_login(member("officer", "partner"))
    response = client.post(
        reverse("exchange:practice_create"),
        {
            "organisation": world.department["own"].pk,
            "title_vi": "Giả mạo",
            "summary_vi": "x",
            "visibility": "public",
            "status": "published",
        },
    )
    assert response.status_code == 200
    assert Practice.objects.count() == 0


@pytest.mark.parametrize("who", ["anonymous", "own leader"])
def test_people_who_act_for_no_body_cannot_create(client, member, who):
    _login(client, member, who)
    response = client.get(reverse("exchange:practice_create"))
    assert response.status_code == (302 if who == "anonymous" else 403)


ANSWERERS = {"partner officer", "partner coordinator"}


@pytest.mark.parametrize("who", list(PEOPLE))
def test_only_the_counterpart_answers_a_request_addressed_to_it(client, world, member, who):
    request = ExperienceRequestFactory(organisation=world.department["own"])
    addressee = AddresseeFactory(
        request=request,
        locality=world.localities["partner"],
        organisation=world.department["partner"],
    )
    _login(client, member, who)
    url = reverse("exchange:request_answer", args=[request.pk, addressee.pk])
    org = world.department["partner"] if "officer" in who else world.office["partner"]
    response = client.post(url, {"organisation": org.pk, "body": "Trả lời"})
    addressee.refresh_from_db()
    if who == "anonymous":
        assert response.status_code == 302 and Answer.objects.count() == 0
    elif who in ANSWERERS:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert addressee.state == Addressee.State.ANSWERED
    else:
        assert response.status_code == 403
        assert Answer.objects.count() == 0 and addressee.state == Addressee.State.PENDING


REQUEST_READERS = {
    "own officer", "own coordinator", "own leader", "partner officer", "partner coordinator",
}  # fmt: skip


@pytest.mark.parametrize("who", list(PEOPLE))
def test_requests_are_read_only_by_the_two_sides(client, world, member, who):
    request = ExperienceRequestFactory(organisation=world.department["own"])
    AddresseeFactory(request=request, locality=world.localities["partner"])
    _login(client, member, who)
    response = client.get(reverse("exchange:request_detail", args=[request.pk]))
    if who == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == (200 if who in REQUEST_READERS else 404)


@pytest.mark.parametrize("who", list(PEOPLE))
def test_only_the_asking_side_closes_a_request(client, world, member, who):
    request = ExperienceRequestFactory(organisation=world.department["own"])
    AddresseeFactory(request=request, locality=world.localities["partner"])
    _login(client, member, who)
    response = client.post(reverse("exchange:request_close", args=[request.pk]))
    request.refresh_from_db()
    closed = request.status == "closed"
    assert closed is (who in EDITORS)
    if who not in EDITORS and who != "anonymous":
        assert response.status_code == 403


def test_a_draft_request_stays_with_its_city_even_for_a_forged_id(client, world, member):
    client.force_login(member("officer", "unrelated"))
    request = ExperienceRequestFactory(organisation=world.department["own"])
    assert client.get(reverse("exchange:request_detail", args=[request.pk])).status_code == 404


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("partner officer", True), ("own officer", False), ("unrelated officer", False)],
)
def test_only_a_partner_city_records_taking_a_practice_over(client, world, member, who, allowed):
    practice = PracticeFactory(organisation=world.department["own"], visibility="public")
    _login(client, member, who)
    org = world.department[PEOPLE[who][1]]
    response = client.post(
        reverse("exchange:practice_adopt", args=[practice.pk]),
        {"organisation": org.pk, "started_on": "01/12/2026", "plan": "Thử"},
    )
    assert response.status_code == (302 if allowed else 403)
    assert practice.adoptions.count() == (1 if allowed else 0)


def test_registration_needs_an_open_published_visible_activity(client, world, member):
    closed = ActivityFactory(organisation=world.department["own"], registration_open=False)
    opened = ActivityFactory(organisation=world.department["own"], registration_open=True)
    past = ActivityFactory(
        organisation=world.department["own"],
        registration_open=True,
        starts_at=timezone.now() - dt.timedelta(days=3),
        ends_at=timezone.now() - dt.timedelta(days=2),
    )
    client.force_login(member("officer", "partner"))
    assert client.post(reverse("exchange:activity_register", args=[closed.pk])).status_code == 403
    assert client.post(reverse("exchange:activity_register", args=[past.pk])).status_code == 403
    assert client.post(reverse("exchange:activity_register", args=[opened.pk])).status_code == 302
    client.force_login(member("officer", "unrelated"))
    assert client.post(reverse("exchange:activity_register", args=[opened.pk])).status_code == 404
    assert opened.participants.count() == 1
    assert Activity.objects.get(pk=closed.pk).participants.count() == 0
    assert Policy.objects.count() == 0
