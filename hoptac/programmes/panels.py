"""The section programmes adds to the page of every linkable object of another app (registered
in `hoptac.core.linkable`): the commitments it carries out, and for coordinators of a party a
form to link it to one more."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest
from django.template.loader import render_to_string

from hoptac.core import linkable

from . import queries


def commitments_served(request: HttpRequest, obj) -> str:
    """The section's HTML; nothing for kinds that cannot be linked, and nothing for the public
    when no commitment they may see names the object."""
    kind = linkable.kind_of(obj)
    if kind is None or not kind.linkable:
        return ""
    user = request.user
    links = list(queries.links_to(user, obj))
    if not links and not user.is_authenticated:
        return ""
    ct = ContentType.objects.get_for_model(obj)
    choices = queries.commitments_user_may_link(user, [link.commitment_id for link in links])
    return render_to_string(
        "programmes/_serves.html",
        {
            "links": links,
            "choices": choices,
            "target": f"{ct.app_label}.{ct.model}",
            "object_id": obj.pk,
            "next": request.get_full_path(),
        },
        request=request,
    )
