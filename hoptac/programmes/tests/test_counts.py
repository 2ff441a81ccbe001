"""The dashboard's kept counts (decision 0014): the writes keep them equal to a fresh rebuild,
whatever they do and in whatever order; read on a later (or earlier) day they equal counting
the tasks on that day; the dashboard reads them and shows what a pass over the tasks shows."""

from __future__ import annotations

import datetime as dt
import io
import random
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.urls import reverse

from hoptac.core import dates
from hoptac.core.tests.factories import (
    CooperationFieldFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from hoptac.programmes import actions, counts, queries
from hoptac.programmes.models import ExtensionRequest, Task, TaskCount, TaskMonthCount

from .factories import AgreementFactory, CommitmentFactory, TaskFactory

TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def today(monkeypatch):
    """`dates.today()` as the test sets it (`today.set(day)`), 15 June 2026 to start with."""

    class Clock:
        day = TODAY

        def set(self, day: dt.date) -> None:
            self.day = day

    clock = Clock()
    monkeypatch.setattr(dates, "today", lambda: clock.day)
    return clock


@pytest.fixture
def land(world, today):
    """Two agreements (one of the own and partner cities, one of the partner alone), their
    commitments in two fields and leads in three cities."""
    fields = [CooperationFieldFactory(name_vi=n) for n in ("Y tế", "Du lịch")]
    shared = AgreementFactory(parties=[world.localities["own"], world.localities["partner"]])
    theirs = AgreementFactory(parties=[world.localities["partner"]])

    class Land:
        pass

    land = Land()
    land.commitments = [
        CommitmentFactory(agreement=shared, fields=[fields[0]]),
        CommitmentFactory(agreement=shared, fields=fields),
        CommitmentFactory(agreement=theirs, fields=[fields[1]]),
    ]
    land.leads = [
        *world.department.values(),
        OrganisationFactory(locality=world.localities["own"]),
    ]
    land.fields = fields
    land.agreements = [shared, theirs]
    land.admin = UserFactory(is_superuser=True)
    return land


def kept() -> set[tuple]:
    return set(
        TaskCount.objects.values_list(
            "commitment_id",
            "locality_id",
            "pivot",
            "done_on_time",
            "done_late",
            "open_from_pivot",
            "open_before_pivot",
        )
    )


def counted_now() -> set[tuple]:
    """What a rebuild stores (the kept rows are put back afterwards)."""
    before = list(TaskCount.objects.all())
    counts.rebuild()
    got = kept()
    TaskCount.objects.all().delete()
    TaskCount.objects.bulk_create(before)
    return got


def random_step(rng: random.Random, land, today) -> None:
    """One write of the kinds that change a task's group or state, as the site does it."""
    tasks = list(Task.objects.all())
    open_tasks = [t for t in tasks if t.completed_on is None]
    done = [t for t in tasks if t.completed_on is not None]
    kind = rng.choice(["create", "create", "report", "complete", "reopen", "extend", "edit"])
    kind = kind if tasks else "create"
    by = land.admin
    if kind == "create":
        start = today.day - dt.timedelta(days=rng.randint(100, 300))
        actions.create_task(
            rng.choice(land.commitments),
            by,
            title=f"Nhiệm vụ {len(tasks)}",
            lead=rng.choice(land.leads),
            start_date=start,
            due_date=today.day + dt.timedelta(days=rng.randint(-90, 40)),
        )
    elif kind in ("report", "complete") and open_tasks:
        task = rng.choice(open_tasks)
        actions.report_progress(
            task, by, progress=rng.randint(10, 90), text="Đang làm", completed=kind == "complete"
        )
    elif kind == "reopen" and done:
        actions.reopen_task(rng.choice(done), by, progress=50, reason="Chưa xong")
    elif kind == "extend" and open_tasks:
        task = rng.choice(open_tasks)
        if not task.extensions.filter(state=ExtensionRequest.State.PENDING).exists():
            new_due = task.due_date + dt.timedelta(days=rng.randint(1, 30))
            ext = actions.request_extension(task, by, new_due, "Cần thêm thời gian")
            actions.decide_extension(ext, by, approve=rng.random() < 0.7)
    elif kind == "edit":  # the task form changes the lead (a save of the whole task)
        task = rng.choice(tasks)
        task.lead = rng.choice(land.leads)
        task.save()
    if rng.random() < 0.15:  # the day changes now and then, in both directions
        today.set(today.day + dt.timedelta(days=rng.choice([-1, 1, 3])))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_kept_counts_equal_a_rebuild_after_any_sequence_of_writes(land, today, seed):
    rng = random.Random(seed)
    for _ in range(40):
        random_step(rng, land, today)
    tasks = Task.objects.count()
    assert tasks >= 8
    # the rows were counted on different days: compare what they say on one day
    maintained = read_on(today.day)
    assert sum(sum(v) for v in maintained.values()) == tasks
    months = months_kept()
    counts.rebuild()
    assert maintained == read_on(today.day)
    assert months == months_kept() and sum(m[0] for m in months.values()) == tasks


def months_kept() -> dict:
    return {
        (p, loc, m): (due, on_time, late)
        for p, loc, m, due, on_time, late in TaskMonthCount.objects.values_list(
            "parties", "locality_id", "month", "due", "on_time", "late"
        )
        if due or on_time or late
    }


def read_on(day: dt.date) -> dict:
    """The kept rows read on `day` through the dashboard's read path (pivots and all)."""
    rows = queries.kept_rows(UserFactory(is_superuser=True), {}, day)
    return {(r[0], r[1]): tuple(r[2:]) for r in rows}


def test_a_write_on_the_same_day_leaves_the_counts_those_of_a_rebuild(land, today):
    rng = random.Random(11)
    for _ in range(25):
        random_step(rng, land, today)
    today.set(TODAY)
    counts.rebuild()
    for _ in range(25):
        state = today.day
        random_step(rng, land, today)
        today.set(state)
    assert kept() == counted_now()


def test_deleting_a_task_removes_it_from_its_group(land, today):
    task = TaskFactory(commitment=land.commitments[0], lead=land.leads[0])
    other = TaskFactory(commitment=land.commitments[0], lead=land.leads[0])
    assert sum(r[5] for r in kept()) == 2
    task.delete()
    assert kept() == counted_now()
    other.delete()
    assert not TaskCount.objects.exists()


def test_a_save_that_changes_nothing_counted_does_not_recount(land, today):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    task = Task.objects.get(pk=TaskFactory(commitment=land.commitments[0], lead=land.leads[0]).pk)
    task.title = "Tên mới"
    with CaptureQueriesContext(connection) as ctx:
        task.save()
    assert ctx.captured_queries
    assert not [q for q in ctx.captured_queries if "taskcount" in q["sql"].lower()]
    task.completed_on = TODAY
    with CaptureQueriesContext(connection) as ctx:
        task.save()
    assert [q for q in ctx.captured_queries if "taskcount" in q["sql"].lower()]


def slow_rows(user, filters: dict, day: dt.date) -> dict:
    """The groups counted one task at a time, as the kept rows must read on `day`."""
    tasks = queries.tasks_visible_to(user)
    if filters.get("agreement"):
        tasks = tasks.filter(commitment__agreement=filters["agreement"])
    if filters.get("field"):
        tasks = tasks.filter(commitment__fields=filters["field"])
    if filters.get("locality"):
        tasks = tasks.filter(lead__locality=filters["locality"])
    out: dict = defaultdict(lambda: [0, 0, 0, 0])
    for c, loc, due, done in tasks.values_list(
        "commitment_id", "lead__locality_id", "due_date", "completed_on"
    ):
        if done is not None:
            i = 0 if done <= due else 1
        else:
            i = 2 if due >= day else 3
        state = ["done_on_time", "done_late", "in_term", "overdue"][i]
        if filters.get("status") in (None, "", state):
            out[(c, loc)][i] += 1
    return {k: tuple(v) for k, v in out.items() if any(v)}


def test_read_on_another_day_the_counts_equal_counting_the_tasks_that_day(
    land, today, world, member
):
    rng = random.Random(5)
    for _ in range(30):
        random_step(rng, land, today)
    some_today = today.day
    counts.rebuild()  # every pivot at `some_today`
    for _ in range(10):  # some groups recounted later: pivots differ
        random_step(rng, land, today)
    coordinator = member("coordinator")
    # the same writes read on five days (they were five tests, each making the same rows)
    for shift in (0, 1, 5, 30, -3):
        day = some_today + dt.timedelta(days=shift)
        for user in (land.admin, coordinator):
            for filters in (
                {},
                {"status": "overdue"},
                {"status": "in_term", "agreement": land.agreements[0]},
                {"field": land.fields[1]},
                {"locality": world.localities["partner"]},
            ):
                got = {(r[0], r[1]): tuple(r[2:]) for r in queries.kept_rows(user, filters, day)}
                assert got == slow_rows(user, filters, day), (shift, user, filters)


def test_a_coordinator_sees_only_the_counts_of_their_agreements(land, today, member):
    TaskFactory(commitment=land.commitments[2], lead=land.leads[1])  # the partner's alone
    TaskFactory(commitment=land.commitments[0], lead=land.leads[0])
    rows = queries.kept_rows(member("coordinator"), {}, TODAY)
    assert [r[0] for r in rows] == [land.commitments[0].pk]
    assert queries.kept_rows(UserFactory(), {}, TODAY) == []


def test_the_dashboard_tables_from_the_kept_counts_equal_a_pass_over_the_tasks(land, today):
    rng = random.Random(8)
    for _ in range(40):
        random_step(rng, land, today)
    counts.rebuild()  # every row counted today: grouped in the database
    for day in (today.day, today.day + dt.timedelta(days=2)):  # on another day: row by row
        for filters in (
            {},
            {"status": "overdue"},
            {"status": "done_late"},
            {"field": land.fields[0]},
            {"locality": land.leads[1].locality},
        ):
            tasks = queries.tasks_visible_to(land.admin)
            if filters.get("field"):
                tasks = tasks.filter(commitment__fields=filters["field"])
            if filters.get("locality"):
                tasks = tasks.filter(lead__locality=filters["locality"])
            if filters.get("status"):
                tasks = queries.filter_status(tasks, filters["status"], day)
            got = queries.dashboard_tables(land.admin, filters, Task.objects.none(), day)
            assert got == queries.dashboard_counts(tasks, day), (day, filters)
            assert got.totals.total > 0 or filters.get("status") == "done_late"


def test_a_title_search_or_an_organisation_counts_the_tasks(land, today):
    TaskFactory(commitment=land.commitments[0], lead=land.leads[0], title="Hội thảo y tế")
    TaskFactory(commitment=land.commitments[0], lead=land.leads[0], title="Đoàn công tác")
    assert not queries.answerable({"q": "hội thảo"})
    assert not queries.answerable({"organisation": land.leads[0], "status": ""})
    assert queries.answerable({"agreement": None, "q": "", "status": "overdue"})
    tasks = Task.objects.filter(title__icontains="hội thảo")
    got = queries.dashboard_tables(land.admin, {"q": "hội thảo"}, tasks, TODAY)
    assert got.totals.total == 1


def test_the_dashboard_page_reads_the_kept_counts(land, today, client, member):
    TaskFactory(commitment=land.commitments[0], lead=land.leads[0], due_date=TODAY)
    TaskCount.objects.update(open_from_pivot=7)  # only the kept counts can say 7
    client.force_login(member("coordinator"))
    response = client.get(reverse("programmes:dashboard"))
    assert response.status_code == 200
    assert response.context["counts"].in_term == 7
    response = client.get(reverse("programmes:dashboard"), {"q": "Nhiệm"})
    assert response.context["counts"].in_term == 1


def test_the_rebuild_command_repairs_counts_that_drifted(land, today):
    TaskFactory(commitment=land.commitments[0], lead=land.leads[0])
    Task.objects.bulk_create(  # bulk writes skip save(): the counts do not see them
        [
            Task(
                commitment=land.commitments[1],
                lead=land.leads[1],
                title="Hàng loạt",
                start_date=dt.date(2026, 1, 1),
                due_date=dt.date(2026, 3, 1),
                baseline_due_date=dt.date(2026, 3, 1),
            )
        ]
    )
    assert TaskCount.objects.count() == 1
    out = io.StringIO()
    call_command("rebuild_task_counts", stdout=out)
    assert out.getvalue().strip() == "2 groups counted"
    assert TaskCount.objects.filter(Q(open_before_pivot=1) | Q(open_from_pivot=1)).count() == 2


def test_the_rebuild_runs_every_night_on_the_worker(land):
    from hoptac.core import schedule

    job = {j.name: j for j in schedule.jobs()}["programmes.rebuild_task_counts"]
    assert job.every == dt.timedelta(days=1) and job.at == dt.time(0, 5)
    assert job.task is counts.nightly_rebuild


def test_a_new_member_of_a_locality_is_counted_like_the_rest(land, today):
    """The counts are per lead locality: a new body of a city joins its city's row."""
    new_body = OrganisationFactory(locality=land.leads[0].locality)
    MembershipFactory(organisation=new_body, role="officer")
    TaskFactory(commitment=land.commitments[0], lead=land.leads[0])
    TaskFactory(commitment=land.commitments[0], lead=new_body)
    assert [r[5] for r in kept()] == [2]


def test_the_monthly_trend_from_the_kept_rows_equals_counting_the_tasks(land, today, member, world):
    rng = random.Random(21)
    for _ in range(60):
        random_step(rng, land, today)
    coordinator = member("coordinator")
    for day in (today.day, today.day + dt.timedelta(days=40)):
        for user in (land.admin, coordinator):
            for filters in ({}, {"locality": world.localities["partner"]}):
                tasks = queries.tasks_visible_to(user)
                if filters:
                    tasks = tasks.filter(lead__locality=filters["locality"])
                got = queries.dashboard_trend(user, filters, Task.objects.none(), 12, day)
                assert got == queries.monthly_trend(tasks, 12, day), (user, filters, day)
                assert sum(m["due"] for m in got[:-1]) > 0


def test_a_new_party_sees_the_trend_of_the_agreements_tasks(land, today, member, world):
    theirs = land.agreements[1]  # the partner city's alone
    TaskFactory(
        commitment=land.commitments[2],
        lead=land.leads[1],
        due_date=TODAY - dt.timedelta(days=60),
        start_date=dt.date(2026, 1, 1),
    )
    coordinator = member("coordinator")

    def seen() -> int:
        trend = queries.dashboard_trend(coordinator, {}, Task.objects.none(), 12, TODAY)
        return sum(m["due"] for m in trend)

    assert seen() == 0
    theirs.parties.add(world.localities["own"])
    assert seen() == 1
    theirs.parties.remove(world.localities["own"])
    assert seen() == 0


def test_the_dashboard_trend_of_a_filter_the_rows_cannot_answer_counts_the_tasks(land, today):
    task = TaskFactory(commitment=land.commitments[0], lead=land.leads[0], due_date=TODAY)
    TaskMonthCount.objects.update(due=99)  # only the kept rows would say 99
    tasks = Task.objects.filter(pk=task.pk)
    for filters in ({"agreement": land.agreements[0]}, {"status": "in_term"}, {"q": "x"}):
        got = queries.dashboard_trend(land.admin, filters, tasks, 3, TODAY)
        assert sum(m["due"] for m in got) == 1


def test_the_board_from_the_kept_counts_equals_counting_the_tasks(land, today, member):
    from hoptac.programmes.models import derive_status

    rng = random.Random(4)
    for _ in range(50):
        random_step(rng, land, today)
    agreement = land.agreements[0]
    for day in (today.day, today.day + dt.timedelta(days=9)):
        for user in (land.admin, member("coordinator")):
            board = queries.board_for(agreement, user, day)
            expected: dict = defaultdict(lambda: [0, 0, 0, 0])
            total = [0, 0, 0, 0]
            order = ["done_on_time", "done_late", "in_term", "overdue"]
            for task in Task.objects.filter(commitment__agreement=agreement):
                i = order.index(derive_status(task.due_date, task.completed_on, day))
                total[i] += 1
                for field in task.commitment.fields.all():
                    expected[(field.pk, task.lead.locality_id)][i] += 1
            got = {k: list(vars(v).values()) for k, v in board.cells.items()}
            assert got == dict(expected) and list(vars(board.totals).values()) == total
            assert sum(total) > 0


def test_the_task_lists_count_from_the_kept_counts_is_the_number_of_tasks(land, today):
    rng = random.Random(13)
    for _ in range(40):
        random_step(rng, land, today)
    counts.rebuild()
    # the same rows read on two days (they were two tests, each making the same rows)
    for shift in (0, 3):
        day = today.day + dt.timedelta(days=shift)  # 0: summed in the database; 3: row by row
        for status in ("", "done_on_time", "done_late", "in_term", "overdue"):
            tasks = queries.tasks_visible_to(land.admin)
            if status:
                tasks = queries.filter_status(tasks, status, day)
            got = queries.kept_count(land.admin, {"status": status}, day)
            assert got == tasks.count(), (shift, status)


def test_the_trend_of_a_programme_of_several_years_starts_with_its_first_task(land, member):
    # A 2019 agreement's tasks fell due and were done in 2020-2021: the trend shows its whole
    # course (it showed the last 36 months, one bar in the demo), at most ten years back; the
    # kept rows and counting the tasks give the same months.
    TaskFactory(
        commitment=land.commitments[0],
        lead=land.leads[0],
        start_date=dt.date(2019, 10, 1),
        due_date=dt.date(2021, 6, 30),
        completed_on=dt.date(2021, 9, 14),
    )
    TaskFactory(
        commitment=land.commitments[1],
        lead=land.leads[0],
        start_date=dt.date(2019, 10, 1),
        due_date=dt.date(2025, 6, 30),
    )
    tasks = queries.tasks_visible_to(land.admin)
    for trend in (
        queries.dashboard_trend(land.admin, {}, tasks, 36, TODAY),
        queries.dashboard_trend(land.admin, {"status": "overdue"}, tasks, 36, TODAY),
        queries.monthly_trend(tasks, 36, TODAY),
    ):
        assert trend[0]["month"] == dt.date(2021, 6, 1) and trend[-1]["month"] == dt.date(
            2026, 6, 1
        )
        assert trend[0]["due"] == 1 and sum(m["late"] for m in trend) == 1
    assert queries.dashboard_trend(land.admin, {}, tasks, 36, TODAY) == queries.monthly_trend(
        tasks, 36, TODAY
    )
    # a new programme keeps the months asked for; an older one shows its last ten years: a task
    # due eleven years ago and done ten years ago counts in the first month shown, for its end
    assert len(queries.monthly_trend(tasks.filter(due_date__year=2025), 36, TODAY)) == 36
    Task.objects.filter(due_date=dt.date(2021, 6, 30)).update(
        start_date=dt.date(2015, 1, 1),
        due_date=dt.date(2015, 6, 30),
        completed_on=dt.date(2016, 7, 14),
    )
    counts.rebuild()
    for trend in (
        queries.dashboard_trend(land.admin, {}, tasks, 36, TODAY),
        queries.monthly_trend(tasks, 36, TODAY),
    ):
        assert trend[0]["month"] == dt.date(2016, 7, 1) and len(trend) == 120
        assert (trend[0]["due"], trend[0]["late"]) == (0, 1)
