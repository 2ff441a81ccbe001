"""`{% linked_panels obj %}`: the sections other apps add to an object's page (through the
registry in `hoptac.core.linkable`), so a template never loads another app's tags."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from hoptac.core import linkable

register = template.Library()


@register.simple_tag(takes_context=True)
def linked_panels(context, obj) -> SafeString:
    # Each panel is rendered from its app's own template, escaped there.
    return mark_safe("".join(linkable.panels(context["request"], obj)))  # noqa: S308
