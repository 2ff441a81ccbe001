"""The section indicators adds to the page of a practice or policy (a linkable kind of another
app, ``hoptac.core.linkable``): the indicators it serves, and for those who may change the item a
form to name one more or remove one."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse

from . import keys, queries


def indicators_served(request: HttpRequest, obj) -> str:
    """The section's HTML; nothing for other kinds, nothing for a reader who may not tag when
    the item has no tag."""
    ct = ContentType.objects.get_for_model(obj)
    target = f"{ct.app_label}.{ct.model}"
    if target not in queries.TAGGABLE:
        return ""
    lang = "en" if getattr(request, "LANGUAGE_CODE", "vi") == "en" else "vi"
    tagged = queries.tags_of(obj)
    may_tag = request.user.has_perm("indicators.tag_item", obj)
    if not tagged and not may_tag:
        return ""
    return render_to_string(
        "indicators/_tags_panel.html",
        {
            "tags": [(k, keys.label(k, lang)) for k in tagged],
            "choices": [c for c in keys.choices(lang) if c[0] not in tagged] if may_tag else [],
            "may_tag": may_tag,
            "target": target,
            "object_id": obj.pk,
            "action": reverse("indicators:tag"),
            "next": request.get_full_path(),
        },
        request=request,
    )
