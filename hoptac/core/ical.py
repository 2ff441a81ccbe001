"""iCalendar (RFC 5545) files: the one builder that every calendar export uses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone


@dataclass
class Entry:
    """One VEVENT. ``start``/``end`` are datetimes, or dates for all-day entries."""

    uid: str  # stable across exports, so calendar apps update instead of duplicating
    start: dt.date | dt.datetime
    end: dt.date | dt.datetime
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""
    categories: list[str] = field(default_factory=list)
    status: str = ""  # CONFIRMED, TENTATIVE, CANCELLED
    last_modified: dt.datetime | None = None


def calendar(entries: Iterable[Entry], *, name: str, product: str) -> bytes:
    """One VCALENDAR named ``name`` with a VEVENT per entry."""
    from icalendar import Calendar, Event  # here: the pages that import this seldom export

    cal = Calendar()
    cal.add("prodid", f"-//Hoptac//{product}//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    now = timezone.now()
    for entry in entries:
        event = Event()
        event.add("uid", f"{entry.uid}@hoptac")
        event.add("dtstamp", now)
        event.add("dtstart", entry.start)
        event.add("dtend", entry.end)
        event.add("summary", entry.summary)
        for key, value in (
            ("location", entry.location),
            ("description", entry.description),
            ("url", entry.url),
            ("status", entry.status),
            ("last-modified", entry.last_modified),
        ):
            if value:
                event.add(key, value)
        if entry.categories:
            event.add("categories", entry.categories)
        cal.add_component(event)
    return cal.to_ical()
