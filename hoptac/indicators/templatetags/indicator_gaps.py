"""`{% load indicator_gaps %}{% gap_words a b gap %}`: a gap between two cities said in words
(``hoptac.indicators.gaps.in_words``), so that no reader has to read a minus sign."""

from __future__ import annotations

from django import template

from hoptac.indicators import gaps

register = template.Library()


@register.simple_tag
def gap_words(a, b, gap, places: int = 2, points: bool = True, short: bool = False) -> str:
    return gaps.in_words(a, b, gap, places, points=points, short=short)
