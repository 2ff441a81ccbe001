"""A finished task is closed: an officer of its lead or a partner body asks to reopen it, a
coordinator of the lead's locality confirms or declines; permissions, notices, audit trail."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import resolve_url
from django.urls import reverse

from hoptac.core.audit import changes_for
from hoptac.core.models import Notification
from hoptac.programmes import actions
from hoptac.programmes.models import ReopenRequest, TaskStatus


def _finished(programme, member):
    officer = member("officer")
    task = programme.task["own"]
    actions.report_progress(
        task, officer, progress=100, text="Xong", completed=True, reported_on=task.start_date
    )
    task.refresh_from_db()
    return task, officer


def test_the_leads_officer_asks_and_the_coordinators_of_the_city_are_told(programme, member):
    task, officer = _finished(programme, member)
    coordinator, elsewhere = member("coordinator"), member("coordinator", "partner")
    asked = actions.request_reopen(task, officer, "  Thiếu biên bản nghiệm thu  ")
    assert asked.is_pending and asked.reason == "Thiếu biên bản nghiệm thu"
    assert Notification.objects.filter(user=coordinator, text__contains="Thiếu biên bản").exists()
    assert not Notification.objects.filter(user=elsewhere).exists()
    task.refresh_from_db()
    assert task.completed_on is not None and task.progress == 100  # nothing reopens yet
    assert asked.history.get().history_user == officer


def test_an_officer_of_a_partner_body_may_ask(programme, member, world):
    task, _officer = _finished(programme, member)
    partner_officer = member("officer", "partner")
    with pytest.raises(PermissionDenied):
        actions.request_reopen(task, partner_officer, "Chưa bàn giao")
    task.partners.add(world.department["partner"])
    asked = actions.request_reopen(task, partner_officer, "Chưa bàn giao")
    assert asked.requested_by == partner_officer


@pytest.mark.parametrize(
    ("role", "where"), [("officer", "partner"), ("officer", "unrelated"), ("leader", "own")]
)
def test_who_is_not_on_the_task_cannot_ask(programme, member, role, where):
    task, _officer = _finished(programme, member)
    with pytest.raises(PermissionDenied):
        actions.request_reopen(task, member(role, where), "?")
    assert not ReopenRequest.objects.exists()


@pytest.mark.parametrize("reason", ["", "   "])
def test_asking_needs_a_reason(programme, member, reason):
    task, officer = _finished(programme, member)
    with pytest.raises(ValidationError) as err:
        actions.request_reopen(task, officer, reason)
    assert "reason" in err.value.message_dict
    assert not ReopenRequest.objects.exists()


def test_an_unfinished_task_or_a_second_request_is_refused(programme, member):
    with pytest.raises(ValidationError):
        actions.request_reopen(programme.task["own"], member("officer"), "?")
    task, officer = _finished(programme, member)
    actions.request_reopen(task, officer, "Một")
    with pytest.raises(ValidationError):
        actions.request_reopen(task, officer, "Hai")
    assert ReopenRequest.objects.count() == 1


def test_the_coordinator_confirms_the_task_reopens_and_the_officer_is_told(programme, member):
    task, officer = _finished(programme, member)
    coordinator = member("coordinator")
    asked = actions.request_reopen(task, officer, "Thiếu biên bản nghiệm thu")
    actions.confirm_reopen(asked, coordinator, progress=60)
    task.refresh_from_db()
    asked.refresh_from_db()
    # the four states stay consistent with the progress: not done, below 100%
    assert task.completed_on is None and task.progress == 60
    assert task.status in (TaskStatus.IN_TERM, TaskStatus.OVERDUE)
    assert task.reports.filter(reopened=True, text__contains="Thiếu biên bản").count() == 1
    assert asked.state == ReopenRequest.State.CONFIRMED and asked.decided_by == coordinator
    assert Notification.objects.filter(user=officer, text__contains="chấp thuận").exists()
    # the audit trail names who asked and who confirmed
    entries = changes_for(asked)
    assert [e.who for e in entries] == [coordinator, officer]
    assert task.history.first().history_user == coordinator
    actions.report_progress(task, officer, progress=80, text="Đã bổ sung")
    task.refresh_from_db()
    assert task.progress == 80 and task.completed_on is None


def test_the_coordinator_declines_with_a_reason_and_the_task_stays_finished(programme, member):
    task, officer = _finished(programme, member)
    coordinator = member("coordinator")
    asked = actions.request_reopen(task, officer, "Thiếu ảnh")
    with pytest.raises(ValidationError):
        actions.decline_reopen(asked, coordinator, note="  ")
    actions.decline_reopen(asked, coordinator, note="Ảnh đã có trong báo cáo quý")
    task.refresh_from_db()
    asked.refresh_from_db()
    assert task.completed_on is not None and task.progress == 100
    assert task.status in (TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE)
    assert asked.state == ReopenRequest.State.DECLINED
    assert Notification.objects.filter(user=officer, text__contains="báo cáo quý").exists()
    assert asked.history.first().history_user == coordinator
    with pytest.raises(ValidationError):  # answered once
        actions.confirm_reopen(asked, coordinator, progress=10)


@pytest.mark.parametrize(("role", "where"), [("officer", "own"), ("coordinator", "partner")])
def test_only_the_leads_coordinator_answers(programme, member, role, where):
    task, officer = _finished(programme, member)
    asked = actions.request_reopen(task, officer, "Thiếu")
    someone = member(role, where)
    with pytest.raises(PermissionDenied):
        actions.confirm_reopen(asked, someone, progress=10)
    with pytest.raises(PermissionDenied):
        actions.decline_reopen(asked, someone, note="Không")
    asked.refresh_from_db()
    task.refresh_from_db()
    assert asked.is_pending and task.completed_on is not None


def test_confirming_at_100_percent_changes_nothing(programme, member):
    task, officer = _finished(programme, member)
    asked = actions.request_reopen(task, officer, "Thiếu")
    with pytest.raises(ValidationError):
        actions.confirm_reopen(asked, member("coordinator"), progress=100)
    asked.refresh_from_db()
    task.refresh_from_db()
    assert asked.is_pending and task.completed_on is not None


# --- the task's page ----------------------------------------------------------------------------
def test_the_officer_asks_from_the_page_and_the_coordinator_sees_the_request(
    client, programme, member
):
    task, officer = _finished(programme, member)
    url = reverse("programmes:task_detail", args=[task.pk])
    ask = reverse("programmes:reopen_request", args=[task.pk])
    client.force_login(officer)
    assert ask in client.get(url).content.decode()
    response = client.post(ask, {"reason": ""})
    assert response.status_code == 400 and not ReopenRequest.objects.exists()
    assert client.post(ask, {"reason": "Thiếu biên bản"}).status_code == 302
    page = client.get(url).content.decode()
    assert "Thiếu biên bản" in page and ask not in page  # the pending request, not a second form

    client.force_login(member("coordinator"))
    asked = ReopenRequest.objects.get()
    decide = reverse("programmes:reopen_decide", args=[asked.pk])
    page = client.get(url).content.decode()
    assert decide in page and "Thiếu biên bản" in page
    # confirming needs the progress the task is at; nothing changes without it
    assert client.post(decide, {"confirm": "1", "progress": ""}).status_code == 400
    assert client.post(decide, {"confirm": "1", "progress": "30"}).status_code == 302
    task.refresh_from_db()
    assert task.completed_on is None and task.progress == 30


def test_declining_from_the_page_needs_a_note(client, programme, member):
    task, officer = _finished(programme, member)
    asked = actions.request_reopen(task, officer, "Thiếu")
    decide = reverse("programmes:reopen_decide", args=[asked.pk])
    client.force_login(member("coordinator"))
    assert client.post(decide, {"confirm": "0", "note": ""}).status_code == 400
    assert client.post(decide, {"confirm": "0", "note": "Đã đủ"}).status_code == 302
    asked.refresh_from_db()
    assert asked.state == ReopenRequest.State.DECLINED


@pytest.mark.parametrize(("role", "where"), [("officer", "partner"), ("coordinator", "partner")])
def test_another_citys_member_can_neither_ask_nor_answer_by_post(
    client, programme, member, role, where
):
    task, officer = _finished(programme, member)
    asked = actions.request_reopen(task, officer, "Thiếu")
    client.force_login(member(role, where))
    ask = reverse("programmes:reopen_request", args=[task.pk])
    decide = reverse("programmes:reopen_decide", args=[asked.pk])
    assert client.post(ask, {"reason": "x"}).status_code == 403
    assert client.post(decide, {"confirm": "1", "progress": "10"}).status_code == 403
    assert ask not in client.get(reverse("programmes:task_detail", args=[task.pk])).content.decode()
    asked.refresh_from_db()
    assert asked.is_pending and ReopenRequest.objects.count() == 1


def test_anonymous_can_do_nothing(client, programme, member):
    task, officer = _finished(programme, member)
    asked = actions.request_reopen(task, officer, "Thiếu")
    for url, data in [
        (reverse("programmes:reopen_request", args=[task.pk]), {"reason": "x"}),
        (reverse("programmes:reopen_decide", args=[asked.pk]), {"confirm": "1", "progress": 1}),
    ]:
        response = client.post(url, data)
        assert response.status_code == 302
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    asked.refresh_from_db()
    assert asked.is_pending and ReopenRequest.objects.count() == 1


def test_reopening_directly_from_the_page_answers_a_waiting_request(client, programme, member):
    task, officer = _finished(programme, member)
    asked = actions.request_reopen(task, officer, "Thiếu")
    client.force_login(member("coordinator"))
    response = client.post(
        reverse("programmes:task_reopen", args=[task.pk]), {"progress": 20, "reason": "Bổ sung"}
    )
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.state == ReopenRequest.State.CONFIRMED
    assert Notification.objects.filter(user=officer, text__contains="chấp thuận").exists()
    # finished again later, the task has no stale request waiting
    task.refresh_from_db()
    actions.report_progress(task, officer, progress=100, text="Xong", completed=True)
    assert not ReopenRequest.objects.filter(state=ReopenRequest.State.PENDING).exists()
    actions.request_reopen(task, officer, "Lại thiếu")


@pytest.mark.parametrize("how", ["confirmed", "reopened_directly"])
def test_the_officer_on_the_lead_team_who_asked_hears_of_the_reopening_once(programme, member, how):
    """Their request's answer says it; the lead team's notice of the reopening would repeat it
    (and so would a watcher's, as they follow the task)."""
    from hoptac.programmes import watching
    from hoptac.programmes.queries import lead_team

    task, officer = _finished(programme, member)
    assert officer in lead_team(task)
    watching.follow(officer, task)
    asked = actions.request_reopen(task, officer, "Thiếu biên bản nghiệm thu")
    before = Notification.objects.filter(user=officer).count()
    coordinator = member("coordinator")
    if how == "confirmed":
        actions.confirm_reopen(asked, coordinator, progress=60)
    else:
        actions.reopen_answering_requests(task, coordinator, progress=60, reason="Bổ sung")
    told = Notification.objects.filter(user=officer).order_by("pk")[before:]
    assert len(told) == 1 and "chấp thuận" in told[0].text, [n.text for n in told]
