"""iCalendar (RFC 5545) export of activities."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar, Event

from .markup import plain
from .models import Activity


def calendar_for(activities: Iterable[Activity], base_url: str) -> bytes:
    """One VCALENDAR with a VEVENT per activity; UIDs are stable across exports."""
    cal = Calendar()
    cal.add("prodid", "-//Hoptac//Trao doi kinh nghiem//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Hoptac")
    now = timezone.now()
    for activity in activities:
        event = Event()
        event.add("uid", f"activity-{activity.pk}@hoptac")
        event.add("dtstamp", now)
        event.add("dtstart", activity.starts_at)
        event.add("dtend", activity.ends_at)
        event.add("summary", activity.title)
        if activity.place:
            event.add("location", activity.place)
        description = plain(activity.description)
        if description:
            event.add("description", description)
        event.add("url", f"{base_url}{activity.get_absolute_url()}")
        event.add("categories", [activity.get_kind_display()])
        event.add("status", "CONFIRMED" if activity.status == "published" else "TENTATIVE")
        event.add("last-modified", activity.updated_at)
        cal.add_component(event)
    return cal.to_ical()
