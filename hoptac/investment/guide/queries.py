"""Reads of the investor's guide, filtered by who may see a step."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from hoptac.core.models import Locality

from ..forms import staff_localities
from ..models import GuideStep


def guide_steps_visible_to(user) -> QuerySet[GuideStep]:
    """Published steps; a city's staff also see its drafts."""
    qs = GuideStep.objects.select_related("locality")
    if not user.is_authenticated:
        return qs.filter(published=True)
    return qs.filter(Q(published=True) | Q(locality_id__in=staff_localities(user)))


def guide_cities(user) -> QuerySet[Locality]:
    """The cities with at least one step the user may see."""
    return Locality.objects.filter(
        pk__in=guide_steps_visible_to(user).values("locality_id")
    ).order_by("code")


def editable_guide_steps(user) -> QuerySet[GuideStep]:
    """The steps of the cities whose staff the user is."""
    return GuideStep.objects.select_related("locality").filter(
        locality_id__in=staff_localities(user)
    )
