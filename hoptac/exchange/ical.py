"""iCalendar (RFC 5545) export of activities."""

from __future__ import annotations

from collections.abc import Iterable

from hoptac.core import ical

from .markup import plain
from .models import Activity


def calendar_for(activities: Iterable[Activity], base_url: str) -> bytes:
    """One VCALENDAR with a VEVENT per activity; UIDs are stable across exports."""
    return ical.calendar(
        (
            ical.Entry(
                uid=f"activity-{activity.pk}",
                start=activity.starts_at,
                end=activity.ends_at,
                summary=activity.title,
                location=activity.place or "",
                description=plain(activity.description) or "",
                url=f"{base_url}{activity.get_absolute_url()}",
                categories=[activity.get_kind_display()],
                status="CONFIRMED" if activity.status == "published" else "TENTATIVE",
                last_modified=activity.updated_at,
            )
            for activity in activities
        ),
        name="Hoptac",
        product="Trao doi kinh nghiem",
    )
