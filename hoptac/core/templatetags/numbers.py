"""Numbers and money in the page's notation (hoptac.core.numbers) for templates:
`{% load numbers %}` then `{{ value|num:1 }}`, `{{ ratio|percent }}`, `{{ amount|vnd }}`,
`{{ amount|vnd_words }}`, `{{ amount|vnd_figure }}`, `{{ amount|usd }}`."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from hoptac.core import numbers

register = template.Library()


@register.filter
def num(value: Any, places: int = 0) -> str:
    """1234.5 → "1.234,5" on a Vietnamese page (`places` decimals)."""
    return numbers.number(value, places)


@register.filter
def percent(ratio: Any, digits: int = 1) -> str:
    """0.857 → "85,7%" on a Vietnamese page; "–" when there is no ratio."""
    return numbers.percent(None if ratio in (None, "") else ratio, int(digits))


@register.filter
def vnd(value: Any) -> str:
    return numbers.vnd(value)


@register.filter
def usd(value: Any) -> str:
    return numbers.usd(value)


@register.filter
def vnd_words(value: Any) -> str:
    return numbers.vnd_words(value)


@register.filter
def vnd_figure(value: Any) -> str | SafeString:
    """`vnd_words` for a key-figure box: the number marked up (`<span class="amount">`) so that
    it stands out and the words beside it stay small."""
    if value in (None, ""):
        return ""
    words, amount = numbers.vnd_in_words(value)
    figure = format_html('<span class="amount">{}</span>', amount)
    return mark_safe(conditional_escape(words) % {"amount": figure})  # noqa: S308 — escaped
