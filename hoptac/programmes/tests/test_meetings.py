"""Meetings of the joint steering committee: agenda, minutes, conclusions that become tasks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from hoptac.core import dates
from hoptac.programmes import meetings
from hoptac.programmes.models import AgendaItem, Conclusion, SteeringMeeting, Task

from .factories import TaskFactory


@pytest.fixture
def agenda_world(programme, world):
    today = dates.today()
    lead = world.department["own"]
    c = programme.commitment
    late = TaskFactory(
        commitment=c,
        lead=lead,
        title="Trễ hạn",
        start_date=today - dt.timedelta(days=200),
        due_date=today - dt.timedelta(days=3),
    )
    behind = TaskFactory(
        commitment=c,
        lead=lead,
        title="Chậm tiến độ",
        progress=10,
        start_date=today - dt.timedelta(days=90),
        due_date=today + dt.timedelta(days=10),
    )
    fine = TaskFactory(
        commitment=c,
        lead=lead,
        title="Đúng tiến độ",
        progress=95,
        start_date=today - dt.timedelta(days=90),
        due_date=today + dt.timedelta(days=10),
    )
    return late, behind, fine


def test_the_agenda_holds_the_overdue_then_the_at_risk_tasks(programme, member, agenda_world):
    late, behind, fine = agenda_world
    rows = meetings.agenda_for(programme.agreement, member("coordinator"))
    assert [(t.title, r) for t, r in rows] == [("Trễ hạn", "overdue"), ("Chậm tiến độ", "at_risk")]


def test_a_coordinator_calls_a_meeting_and_its_agenda_is_kept_as_it_stood(
    client, programme, member, agenda_world
):
    client.force_login(member("coordinator"))
    url = reverse("programmes:meeting_list", args=[programme.agreement.pk])
    response = client.post(url, {"held_on": "15/12/2026", "place": "Đà Nẵng"})
    meeting = SteeringMeeting.objects.get()
    assert response["Location"] == reverse("programmes:meeting_detail", args=[meeting.pk])
    assert meeting.held_on == dt.date(2026, 12, 15)
    assert list(meeting.items.values_list("reason", flat=True)) == ["overdue", "at_risk"]
    late = agenda_world[0]
    late.progress = 80
    late.save()
    assert meeting.items.get(task=late).progress == 0  # as it stood when called


def test_minutes_and_a_conclusion_that_becomes_a_task(client, programme, member, world):
    user = member("coordinator")
    meeting = meetings.call_meeting(programme.agreement, user, held_on=dates.today())
    client.force_login(user)
    url = reverse("programmes:meeting_detail", args=[meeting.pk])
    assert client.post(url, {"minutes": "Hai bên thống nhất đẩy nhanh tiến độ."}).status_code == 302
    due = (dates.today() + dt.timedelta(days=90)).strftime("%d/%m/%Y")
    response = client.post(
        url,
        {
            "text": "Sở Khoa học và Công nghệ chủ trì hội thảo chuyển đổi số.",
            "commitment": programme.commitment.pk,
            "lead": world.department["own"].pk,
            "due_date": due,
        },
    )
    assert response.status_code == 302
    conclusion = Conclusion.objects.get()
    assert conclusion.task.lead == world.department["own"]
    assert conclusion.task.title.startswith("Sở Khoa học và Công nghệ chủ trì")
    meeting.refresh_from_db()
    assert meeting.minutes.startswith("Hai bên")
    page = client.get(url).content.decode()
    assert "Hai bên thống nhất" in page and "chuyển đổi số" in page


def test_a_conclusion_for_another_citys_lead_is_refused_and_nothing_is_kept(
    client, programme, member, world
):
    user = member("coordinator")
    meeting = meetings.call_meeting(programme.agreement, user, held_on=dates.today())
    client.force_login(user)
    tasks_before = Task.objects.count()
    response = client.post(
        reverse("programmes:meeting_detail", args=[meeting.pk]),
        {
            "text": "Đà Nẵng chủ trì.",
            "commitment": programme.commitment.pk,
            "lead": world.department["partner"].pk,  # not a lead this coordinator may choose
            "due_date": "31/12/2030",
        },
    )
    assert response.status_code == 400
    assert not Conclusion.objects.exists() and Task.objects.count() == tasks_before


@pytest.mark.parametrize(
    "data",
    [
        {"text": ""},
        {"text": "Kết luận", "due_date": "31/02/2030"},
        {"text": "Kết luận", "due_date": "31/12/2030"},  # no commitment nor lead
    ],
)
def test_bad_conclusions_are_explained(client, programme, member, data):
    user = member("coordinator")
    meeting = meetings.call_meeting(programme.agreement, user, held_on=dates.today())
    client.force_login(user)
    response = client.post(reverse("programmes:meeting_detail", args=[meeting.pk]), data)
    assert response.status_code == 400
    assert not Conclusion.objects.exists()


@pytest.mark.parametrize("role, where", [("officer", "own"), ("coordinator", "unrelated")])
def test_only_a_coordinator_of_a_party_calls_or_records(client, programme, member, role, where):
    meeting = meetings.call_meeting(
        programme.agreement, member("coordinator"), held_on=dates.today()
    )
    client.force_login(member(role, where=where))
    list_url = reverse("programmes:meeting_list", args=[programme.agreement.pk])
    detail = reverse("programmes:meeting_detail", args=[meeting.pk])
    assert client.post(list_url, {"held_on": "15/12/2026"}).status_code in (403, 404)
    assert client.post(detail, {"minutes": "x"}).status_code in (403, 404)
    assert SteeringMeeting.objects.count() == 1
    meeting.refresh_from_db()
    assert meeting.minutes == ""


@pytest.mark.parametrize("n", [2, 20])
def test_the_meeting_pages_use_a_constant_number_of_queries(
    client, programme, member, world, django_assert_max_num_queries, n
):
    today = dates.today()
    for _i in range(n):
        TaskFactory(
            commitment=programme.commitment,
            lead=world.department["own"],
            start_date=today - dt.timedelta(days=100),
            due_date=today - dt.timedelta(days=1),
        )
    user = member("coordinator")
    meeting = meetings.call_meeting(programme.agreement, user, held_on=today)
    assert AgendaItem.objects.count() == n
    client.force_login(user)
    with django_assert_max_num_queries(14):
        assert (
            client.get(
                reverse("programmes:meeting_list", args=[programme.agreement.pk])
            ).status_code
            == 200
        )
    with django_assert_max_num_queries(16):
        assert (
            client.get(reverse("programmes:meeting_detail", args=[meeting.pk])).status_code == 200
        )
