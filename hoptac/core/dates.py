"""One notion of "today" and of a working day, for every app.

Hoptac serves Vietnamese cities: a task is due, late or done by the calendar in Vietnam, whatever
the server's clock or an activated time zone says. A UTC server is seven hours behind Vietnam,
so `datetime.date.today()` there is still yesterday between 00:00 and 07:00 local time.

Working days are Monday to Friday, minus Vietnam's public holidays and the days off the
government moves around them (Tết, 30/4–1/5, 2/9), plus the Saturdays it makes working days in
exchange. They are data, one row per day, in `data/holidays_vn.csv`, each with its source.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
from pathlib import Path
from zoneinfo import ZoneInfo

from django.utils import timezone

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
HOLIDAYS_FILE = Path(__file__).parent / "data" / "holidays_vn.csv"


def now() -> dt.datetime:
    """The current moment as an aware datetime in Vietnam's time zone."""
    return timezone.now().astimezone(VIETNAM)


def today() -> dt.date:
    """Today's date in Vietnam (Asia/Ho_Chi_Minh), whatever the server's time zone."""
    return now().date()


@functools.cache
def _calendar() -> tuple[dict[dt.date, str], frozenset[dt.date], frozenset[int]]:
    """(days off with their names, Saturdays/Sundays made working days, years listed)."""
    off: dict[dt.date, str] = {}
    worked: set[dt.date] = set()
    years: set[int] = set()
    with HOLIDAYS_FILE.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        for row in rows:
            day = dt.date.fromisoformat(row["date"])
            years.add(day.year)
            if row["kind"] == "work":
                worked.add(day)
            else:
                off[day] = row["name"]
    return off, frozenset(worked), frozenset(years)


def holiday_name(day: dt.date) -> str | None:
    """The name of the public holiday or day off on `day`, or None."""
    return _calendar()[0].get(day)


def is_working_day(day: dt.date) -> bool:
    """Monday–Friday that is no public holiday or day off, or a Saturday/Sunday the government
    made a working day in exchange for one."""
    off, worked, _years = _calendar()
    if day in worked:
        return True
    return day.weekday() < 5 and day not in off


def add_working_days(day: dt.date, n: int) -> dt.date:
    """The n-th working day after `day` (before it when n is negative); `day` itself does not
    count, so two working days after a Friday is the next Tuesday in an ordinary week."""
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    while remaining:
        day += dt.timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def add_working_time(moment: dt.datetime, days: int) -> dt.datetime:
    """The same local time of day, `days` working days after `moment` (an aware datetime);
    used for answer-by times promised in working days."""
    local = moment.astimezone(VIETNAM)
    later = add_working_days(local.date(), days)
    return dt.datetime.combine(later, local.timetz())
