"""`{% commitments_served obj %}`: on any page of another app, the commitments the object carries
out, and (for coordinators of a party) a form to link it to one more."""

from __future__ import annotations

from django import template
from django.contrib.contenttypes.models import ContentType

from hoptac.core.queries import scope_for
from hoptac.programmes import queries
from hoptac.programmes.models import Commitment, CommitmentLink

register = template.Library()


@register.inclusion_tag("programmes/_serves.html", takes_context=True)
def commitments_served(context, obj) -> dict:
    user = context["request"].user
    ct = ContentType.objects.get_for_model(obj)
    visible = queries.agreements_visible_to(user)
    links = CommitmentLink.objects.filter(
        content_type=ct, object_id=obj.pk, commitment__agreement__in=visible
    ).select_related("commitment__agreement")
    scope = scope_for(user)
    coordinated = scope.localities_with("coordinator")
    choices = []
    if user.is_superuser or coordinated:
        choices = Commitment.objects.select_related("agreement").order_by("agreement", "order")
        if not user.is_superuser:
            choices = choices.filter(agreement__parties__in=coordinated).distinct()
        choices = choices.exclude(pk__in=[link.commitment_id for link in links])[:300]
    return {
        "links": list(links),
        "choices": choices,
        "target": f"{ct.app_label}.{ct.model}",
        "object_id": obj.pk,
        "next": context["request"].get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
