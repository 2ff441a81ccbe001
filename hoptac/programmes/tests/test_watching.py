"""Following tasks, commitments and agreements; the weekly digest; changes since the last visit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from hoptac.core import dates, schedule
from hoptac.core.models import Notification
from hoptac.programmes import actions, watching
from hoptac.programmes.models import ReminderPreference, Task, TaskVisit, Watch, WatchDigest

from .factories import TaskFactory


def _follow_url(kind: str, pk: int) -> str:
    return reverse("programmes:follow", args=[kind, pk])


@pytest.mark.parametrize("kind", ["task", "commitment", "agreement"])
def test_a_member_of_a_party_follows_and_stops_following(client, programme, member, kind):
    user = member("officer", where="partner")
    client.force_login(user)
    pk = {
        "task": programme.task["own"].pk,
        "commitment": programme.commitment.pk,
        "agreement": programme.agreement.pk,
    }[kind]
    assert client.post(_follow_url(kind, pk)).status_code == 302
    assert client.post(_follow_url(kind, pk)).status_code == 302  # twice is once
    assert Watch.objects.filter(user=user, **{f"{kind}_id": pk}).count() == 1
    client.post(_follow_url(kind, pk), {"stop": "1"})
    assert not Watch.objects.filter(user=user).exists()


@pytest.mark.parametrize("kind", ["task", "commitment", "agreement"])
def test_an_unrelated_locality_cannot_follow(client, programme, member, kind):
    client.force_login(member("coordinator", where="unrelated"))
    pk = {
        "task": programme.task["own"].pk,
        "commitment": programme.commitment.pk,
        "agreement": programme.agreement.pk,
    }[kind]
    assert client.post(_follow_url(kind, pk)).status_code in (403, 404)
    assert not Watch.objects.exists()


def test_following_needs_a_post_and_a_known_kind(client, programme, member):
    client.force_login(member("officer"))
    assert client.get(_follow_url("task", programme.task["own"].pk)).status_code == 405
    assert client.post(_follow_url("layer", 1)).status_code == 404


def test_follow_redirects_only_within_the_site(client, programme, member):
    client.force_login(member("officer"))
    response = client.post(
        _follow_url("task", programme.task["own"].pk), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse(
        "programmes:task_detail", args=[programme.task["own"].pk]
    )


def test_followers_of_an_agreement_hear_of_a_comment_in_their_language_and_by_email(
    programme, member, delivered
):
    follower = member("officer", where="partner")
    follower.language = "en"
    follower.save()
    watching.follow(follower, programme.agreement)
    author = member("coordinator")
    with delivered():
        actions.add_comment(programme.task["own"], author, "Đã gửi dự thảo.")
    notice = Notification.objects.get(user=follower)
    assert "commented on" in notice.text
    assert [m.to for m in mail.outbox] == [[follower.email]]
    assert not Notification.objects.filter(user=author).exists()  # not the actor


def test_a_follower_who_asked_for_no_email_is_told_in_hoptac_only(programme, member, delivered):
    follower = member("officer", where="partner")
    ReminderPreference.objects.create(user=follower, by_email=False)
    watching.follow(follower, programme.task["own"])
    with delivered():
        actions.add_comment(programme.task["own"], member("coordinator"), "Ý kiến")
    assert Notification.objects.filter(user=follower).exists()
    assert mail.outbox == []


def test_a_follower_who_lost_the_right_to_read_hears_nothing(programme, member):
    follower = member("officer", where="partner")
    watching.follow(follower, programme.task["own"])
    follower.memberships.all().delete()
    actions.add_comment(programme.task["own"], member("coordinator"), "Ý kiến")
    assert not Notification.objects.filter(user=follower).exists()


def test_the_lead_team_is_not_told_twice(programme, member, world):
    officer = member("officer")  # of the lead department: told as the lead team
    watching.follow(officer, programme.task["own"])
    actions.add_comment(programme.task["own"], member("coordinator"), "Ý kiến")
    assert Notification.objects.filter(user=officer).count() == 1


def test_the_task_page_says_what_changed_since_the_last_visit(client, programme, member):
    reader = member("officer", where="partner")
    client.force_login(reader)
    url = reverse("programmes:task_detail", args=[programme.task["own"].pk])
    first = client.get(url).content.decode()
    assert "since-h" not in first  # a first visit has no "since"
    TaskVisit.objects.filter(user=reader).update(seen_at=timezone.now() - dt.timedelta(hours=1))
    actions.add_comment(programme.task["own"], member("coordinator"), "Đã họp với Đà Nẵng")
    page = client.get(url).content.decode()
    assert "since-h" in page and "Đã họp với Đà Nẵng" in page
    # the visit is recorded: the next visit has nothing new
    assert (
        "Đã họp với Đà Nẵng"
        not in client.get(url).content.decode().split("since-h")[1].split("</section>")[0]
    )


def test_the_weekly_digest_is_sent_once_a_week_in_the_users_language(
    programme, member, world, delivered
):
    today = dt.date(2026, 12, 7)
    follower = member("officer", where="partner")
    follower.language = "en"
    follower.save()
    watching.follow(follower, programme.commitment)
    TaskFactory(
        commitment=programme.commitment,
        lead=world.department["own"],
        title="Quá hạn",
        start_date=dt.date(2026, 1, 1),
        due_date=dt.date(2026, 11, 30),
    )
    TaskFactory(
        commitment=programme.commitment,
        lead=world.department["own"],
        title="Sắp đến hạn",
        start_date=dt.date(2026, 1, 1),
        due_date=dt.date(2026, 12, 10),
    )
    member("officer", where="unrelated")  # follows nothing: gets nothing
    with delivered():
        assert watching.send_weekly_digests(today) == 1
        assert watching.send_weekly_digests(today) == 0  # never twice in a week
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert mail.outbox[0].to == [follower.email]
    assert "Weekly digest" in mail.outbox[0].subject
    assert "Overdue (1)" in body and "Quá hạn" in body
    assert "Falling due in the next 7 days (1)" in body and "Sắp đến hạn" in body
    assert "whose=followed" in body
    assert WatchDigest.objects.filter(user=follower).count() == 1


def test_the_digest_is_a_registered_weekly_job():
    job = next(j for j in schedule.jobs() if j.name == "programmes.weekly_digest")
    assert job.every == dt.timedelta(days=7)


def test_the_task_list_shows_what_i_follow(client, programme, member):
    user = member("officer", where="partner")
    watching.follow(user, programme.task["own"])
    client.force_login(user)
    page = client.get("/nhiem-vu/?whose=followed")
    assert [t.pk for t in page.context["page"].object_list] == [programme.task["own"].pk]


def _digest_week(programme, member, world, language: str):
    """A follower of the commitment; over the week a task's title changed, progress was
    reported, a comment was left, and another task was finished (its state changed)."""
    follower = member("officer", where="partner")
    follower.language = language
    follower.save()
    watching.follow(follower, programme.commitment)
    officer, coordinator = member("officer"), member("coordinator")
    today = dates.today()
    edited = TaskFactory(
        commitment=programme.commitment,
        lead=world.department["own"],
        title="Khảo sát",
        start_date=today - dt.timedelta(days=60),
        due_date=today + dt.timedelta(days=60),
    )
    finished = TaskFactory(
        commitment=programme.commitment,
        lead=world.department["own"],
        title="Hội thảo",
        start_date=today - dt.timedelta(days=60),
        due_date=today + dt.timedelta(days=60),
    )
    month_ago = timezone.now() - dt.timedelta(days=30)
    Task.history.model.objects.filter(id__in=[edited.pk, finished.pk]).update(
        history_date=month_ago
    )
    actions.change_task(edited, coordinator, title="Khảo sát hiện trạng")
    actions.report_progress(edited, officer, progress=40, text="Đã khảo sát hai quận")
    actions.add_comment(edited, coordinator, "Cần thêm số liệu")
    actions.report_progress(finished, officer, progress=100, text="Xong", completed=True)
    return follower


def _changed_block(body: str, title: str) -> str:
    start = body.index(f"- {title}")
    return body[start:].split("\n- ")[0]


def test_the_digest_says_what_changed_on_each_task_in_english(programme, member, world, delivered):
    follower = _digest_week(programme, member, world, "en")
    with delivered():
        assert watching.send_weekly_digests() == 1
    body = next(m for m in mail.outbox if m.to == [follower.email]).body
    edited = _changed_block(body, "Khảo sát hiện trạng")
    assert "renamed from “Khảo sát” to “Khảo sát hiện trạng”" in edited
    assert "task:" not in edited and "→ Khảo sát" not in edited
    assert "progress reported: 40%" in edited
    assert "1 new comment" in edited
    finished = _changed_block(body, "Hội thảo")
    assert "reported done" in finished
    assert "state: not done – within term → done on time" in finished


def test_the_digest_says_what_changed_in_vietnamese(programme, member, world, delivered):
    follower = _digest_week(programme, member, world, "vi")
    with delivered():
        assert watching.send_weekly_digests() == 1
    body = next(m for m in mail.outbox if m.to == [follower.email]).body
    edited = _changed_block(body, "Khảo sát hiện trạng")
    assert "đổi tên từ “Khảo sát” thành “Khảo sát hiện trạng”" in edited
    assert "nhiệm vụ:" not in edited
    assert "đã báo cáo tiến độ: 40%" in edited
    assert "1 ý kiến mới" in edited
    assert "chưa hoàn thành – trong hạn → hoàn thành đúng hạn" in _changed_block(body, "Hội thảo")
