"""Text kept in Vietnamese and English side by side (`name_vi`, `name_en`): the one rule for
which of the two a page shows.

The English text on an English page when it is given; the Vietnamese one otherwise (a record
may have no English yet, and the Vietnamese is always there). Every model and view that holds
such pairs asks `pick`; none restates the rule.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language


def is_english(language: str | None = None) -> bool:
    """True when `language` (the active language by default) is English."""
    return (language or get_language() or "").split("-")[0] == "en"


def pick(obj: Any, field: str, language: str | None = None, vietnamese: str | None = None) -> str:
    """`obj.<field>_en` on an English page when it is not empty, else the Vietnamese text
    (`obj.<field>_vi`, or the attribute named by `vietnamese` where the Vietnamese has no
    suffix). `language` overrides the active language (a page whose language is its URL's)."""
    if is_english(language):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, vietnamese or f"{field}_vi", "") or ""
