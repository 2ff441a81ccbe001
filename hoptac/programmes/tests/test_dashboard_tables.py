"""The dashboard's tables from one pass over the tasks (the same figures as grouping by name) and
its monthly trend, over tasks made once for the module (they were made again for each test)."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from hoptac.core.tests.factories import (
    CooperationFieldFactory,
    LocalityFactory,
    OrganisationFactory,
)
from hoptac.core.tests.module_rows import module_rows
from hoptac.programmes import queries
from hoptac.programmes.models import Task

from .factories import AgreementFactory, CommitmentFactory, TaskFactory

TODAY = dt.date(2026, 6, 15)


@pytest.fixture(scope="module")
def _mixed_rows(django_db_setup, django_db_blocker):
    """Tasks of three localities (two of the same name), commitments with one, two or no
    fields, in all four states: made once for the module (module_rows.py), only read here."""
    with module_rows(django_db_blocker):
        rng = random.Random(7)
        localities = [LocalityFactory(name_vi=n) for n in ("Đà Nẵng", "Hà Nội", "Hà Nội")]
        leads = [OrganisationFactory(locality=loc) for loc in localities for _ in range(2)]
        fields = [CooperationFieldFactory(name_vi=n) for n in ("Y tế", "Đô thị", "Du lịch")]
        agreement = AgreementFactory(parties=localities)
        commitments = [
            CommitmentFactory(agreement=agreement, fields=[fields[0]]),
            CommitmentFactory(agreement=agreement, fields=[fields[1], fields[2]]),
            CommitmentFactory(agreement=agreement),
        ]
        commitments[2].fields.clear()
        for _ in range(60):
            due = TODAY + dt.timedelta(days=rng.randint(-200, 200))
            done = rng.choice([None, due - dt.timedelta(days=5), due + dt.timedelta(days=5)])
            done = done if done is None or done <= TODAY else None
            TaskFactory(
                commitment=rng.choice(commitments),
                lead=rng.choice(leads),
                start_date=dt.date(2025, 1, 1),
                due_date=due,
                completed_on=done,
            )
        yield


@pytest.fixture
def mixed(_mixed_rows, db):
    return Task.objects.all()


def test_the_tables_equal_grouping_by_name(mixed):
    got = queries.dashboard_counts(mixed, TODAY)
    by_locality = queries.counts_by(mixed, "lead__locality__name_vi", TODAY)
    by_field = queries.counts_by(mixed, "commitment__fields__name_vi", TODAY)
    assert got.by_locality == by_locality
    assert got.by_field == by_field
    assert [r["label"] for r in got.by_field] == ["—", "Du lịch", "Đô thị", "Y tế"]
    assert [r["label"] for r in got.by_locality] == ["Đà Nẵng", "Hà Nội"]
    assert got.totals == queries.count_by_status(mixed, TODAY)
    assert got.totals.total == 60 and min(vars(got.totals).values()) > 0


def test_a_filtered_set_counts_only_its_tasks(mixed):
    overdue = queries.filter_status(mixed, "overdue", TODAY)
    got = queries.dashboard_counts(overdue, TODAY)
    assert got.totals.total == got.totals.overdue == overdue.count()
    assert got.by_field == queries.counts_by(overdue, "commitment__fields__name_vi", TODAY)


def test_the_monthly_trend_counts_each_task_in_its_month(mixed):
    """Tasks falling due, done on time and done late per month, as counted one by one."""
    trend = queries.monthly_trend(mixed, months=12, today=TODAY)
    assert [m["month"] for m in trend][:2] == [dt.date(2025, 7, 1), dt.date(2025, 8, 1)]
    assert trend[-1]["month"] == dt.date(2026, 6, 1) and len(trend) == 12
    first = trend[0]["month"]
    expected = {m["month"]: {"due": 0, "on_time": 0, "late": 0} for m in trend}
    for t in mixed:
        if first <= t.due_date <= TODAY:
            expected[t.due_date.replace(day=1)]["due"] += 1
        if t.completed_on and first <= t.completed_on <= TODAY:
            key = "on_time" if t.completed_on <= t.due_date else "late"
            expected[t.completed_on.replace(day=1)][key] += 1
    assert {m["month"]: {k: m[k] for k in ("due", "on_time", "late")} for m in trend} == expected
    assert sum(m["due"] for m in trend) > 0 and sum(m["late"] for m in trend) > 0
