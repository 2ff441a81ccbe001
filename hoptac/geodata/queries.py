"""Reads shared by the map, the OGC API and the tiles: which layers a user may see."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from hoptac.core.queries import scope_for

from .models import ApiToken, Layer, Visibility


def user_from_request(request):
    """The signed-in user, or the owner of a valid `Authorization: Bearer` token."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header.lower().startswith("bearer "):
        key = header[7:].strip()
        cached = getattr(request, "_geodata_token_user", None)
        if cached is not None:
            return cached
        token = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash(key), revoked=False, user__is_active=True)
            .first()
        )
        if token is not None:
            now = timezone.now()
            if token.last_used is None or (now - token.last_used).total_seconds() > 300:
                ApiToken.objects.filter(pk=token.pk).update(last_used=now)
            request._geodata_token_user = token.user
            return token.user
        return None
    return request.user


def record_token_use(request) -> None:
    """Record the use of the request's bearer token, if it carries one, before a read that needs
    no user (a public layer): a token's last use is kept whatever it reads."""
    if request.META.get("HTTP_AUTHORIZATION"):
        user_from_request(request)


def visible_filter(user) -> Q:
    """Q on Layer: public layers, partners' layers for partner members, own layers for members."""
    scope = scope_for(user) if user is not None else scope_for(None)
    if scope.is_superuser:
        return Q()
    q = Q(visibility=Visibility.PUBLIC)
    if scope.localities:
        q |= Q(locality_id__in=scope.localities)
    if scope.partner_localities:
        q |= Q(visibility=Visibility.PARTNERS, locality_id__in=scope.partner_localities)
    return q


def layers_visible_to(user) -> QuerySet[Layer]:
    """Layers the user may read, with owner, locality and current version joined."""
    return (
        Layer.objects.filter(visible_filter(user))
        .select_related("organisation", "locality", "current_version")
        .order_by("locality__code", "theme", "name_vi")
    )


def published_layers(user) -> QuerySet[Layer]:
    """Visible layers that have data."""
    return layers_visible_to(user).filter(current_version__isnull=False)
