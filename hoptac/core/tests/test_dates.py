from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from hoptac.core import dates

UTC = dt.UTC


def at_utc(monkeypatch, *args: int) -> None:
    """Stop the clock at a UTC moment (as a UTC server sees it)."""
    moment = dt.datetime(*args, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_vietnam_is_the_project_time_zone():
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh" == dates.VIETNAM.key


@pytest.mark.parametrize(
    ("utc", "vietnam_day"),
    [
        ((2026, 3, 10, 16, 30), dt.date(2026, 3, 10)),  # 23:30 in Vietnam
        ((2026, 3, 10, 17, 30), dt.date(2026, 3, 11)),  # 00:30 in Vietnam, still the 10th in UTC
    ],
)
def test_today_is_the_date_in_vietnam_on_a_utc_clock(monkeypatch, utc, vietnam_day):
    at_utc(monkeypatch, *utc)
    assert dates.today() == vietnam_day


def test_today_ignores_an_activated_time_zone(monkeypatch):
    at_utc(monkeypatch, 2026, 3, 10, 17, 30)
    with timezone.override(dt.UTC):
        assert timezone.localdate() == dt.date(2026, 3, 10)
        assert dates.today() == dt.date(2026, 3, 11)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (dt.date(2026, 3, 12), 2, dt.date(2026, 3, 16)),  # Thursday → Monday over a weekend
        (dt.date(2026, 3, 13), 2, dt.date(2026, 3, 17)),  # Friday → Tuesday
        (dt.date(2026, 3, 14), 2, dt.date(2026, 3, 17)),  # Saturday → Tuesday
        (dt.date(2026, 3, 16), 0, dt.date(2026, 3, 16)),
        (dt.date(2026, 3, 17), -2, dt.date(2026, 3, 13)),
        (dt.date(2026, 2, 13), 2, dt.date(2026, 2, 24)),  # Friday before Tết Bính Ngọ (14–22/2)
        (dt.date(2026, 2, 12), 1, dt.date(2026, 2, 13)),
        (dt.date(2026, 4, 29), 1, dt.date(2026, 5, 4)),  # over 30/4 and 1/5
        (dt.date(2024, 5, 3), 1, dt.date(2024, 5, 4)),  # Saturday 4/5/2024 was worked for 29/4
        (dt.date(2025, 12, 31), 1, dt.date(2026, 1, 5)),  # 1/1 and the 2/1 swap
    ],
)
def test_add_working_days_skips_weekends_and_holidays(start, n, expected):
    assert dates.add_working_days(start, n) == expected


def test_every_tet_day_off_is_no_working_day():
    for day in range(16, 21):
        assert not dates.is_working_day(dt.date(2026, 2, day))
        assert "Tết" in dates.holiday_name(dt.date(2026, 2, day))


def test_holiday_file_covers_2024_to_2027_with_a_source_on_every_row():
    import csv

    with dates.HOLIDAYS_FILE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    assert {int(r["date"][:4]) for r in rows} == {2024, 2025, 2026, 2027}
    assert all(r["source"].strip() for r in rows)
    assert {r["status"] for r in rows} <= {"official", "secondary", "unverified"}
    assert {r["kind"] for r in rows} <= {"off", "work"}
    # a "work" row is a weekend day made a working day; an "off" row a weekday
    for r in rows:
        weekday = dt.date.fromisoformat(r["date"]).weekday()
        assert (weekday >= 5) == (r["kind"] == "work"), r


def test_no_module_asks_the_server_or_the_active_zone_for_today():
    """Every "today" is `dates.today()`: `date.today()` is the server's day and
    `timezone.localdate()` the activated zone's (tests and migrations aside)."""
    import re
    from pathlib import Path

    import hoptac

    pattern = re.compile(r"\bdate\.today\b|\btimezone\.localdate\(\s*\)|\bdatetime\.now\(\s*\)")
    offenders = [
        f"{path.relative_to(Path(hoptac.__file__).parent)}:{n}"
        for path in Path(hoptac.__file__).parent.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts and path.name != "dates.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line) and not line.lstrip().startswith("#")
    ]
    assert offenders == []
