"""`{% load bilingual %}{{ obj|pick:"name" }}`: the text of a Vietnamese/English pair of fields
(`name_vi`, `name_en`) in the page's language, by the one rule of hoptac.core.bilingual."""

from __future__ import annotations

from typing import Any

from django import template

from hoptac.core import bilingual

register = template.Library()


@register.filter
def pick(obj: Any, field: str) -> str:
    """`obj.<field>_en` on an English page when given, else `obj.<field>_vi`."""
    return bilingual.pick(obj, field)
