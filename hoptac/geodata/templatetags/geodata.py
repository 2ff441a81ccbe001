"""Template filters of the geodata pages."""

from __future__ import annotations

from functools import lru_cache

from django import template

from .. import crs as crsmod

register = template.Library()


@register.filter
@lru_cache(maxsize=64)
def crs_label(code: int | None) -> str:
    """'EPSG:5899 — VN-2000 / TM-3 zone 491' for a code: never localised as a number
    ('EPSG:5.899'); '—' when there is none."""
    if not code:
        return "—"
    return crsmod.epsg_label(int(code))
