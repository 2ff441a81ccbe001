"""Text recorded in one language only (a law's title, a place's or person's name) shown on a
page of the other language: declared with `lang`, so screen readers pronounce it right and the
site's one-language guard (tests/e2e/audit.py) tells it from untranslated text."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()


@register.filter
def recorded_in(value: object, language: str = "vi") -> str | SafeString:
    """`value` wrapped in `<span lang="vi">` when the page is in another language."""
    if value in (None, ""):
        return ""
    if (get_language() or "").split("-")[0] == language:
        return value  # autoescaped by the template as usual
    return format_html('<span lang="{}">{}</span>', language, value)
