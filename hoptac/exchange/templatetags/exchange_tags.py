from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from hoptac.exchange import markup

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    """Render user Markdown as sanitised HTML."""
    return markup.render(text)
