"""Authentication of /api/ by personal tokens (`Authorization: Bearer hpk_…`, see
`core.models.ApiToken`), limited by scope and locality.

A token acts as its user, narrowed: a *read* token may only read,
and a token limited to some localities sees and changes only what the user could there — its
user's scope (`core.queries.scope_for`) is cut down to those localities for the request, so every
permission predicate and visibility query of every app obeys the limit without knowing of it.
"""

from __future__ import annotations

from dataclasses import replace

from django.utils import timezone
from ninja.security import HttpBearer, django_auth

from .models import ApiToken, Organisation
from .queries import scope_for


def narrow_scope(user, locality_ids: set[int]) -> None:
    """Cut the user's cached scope down to `locality_ids` (for the rest of this request)."""
    scope = scope_for(user)
    orgs_there = set(
        Organisation.objects.filter(
            pk__in=list(scope.org_roles), locality_id__in=locality_ids
        ).values_list("pk", flat=True)
    )
    user._hoptac_scope = replace(
        scope,
        is_superuser=False,
        org_roles={k: v for k, v in scope.org_roles.items() if k in orgs_there},
        locality_roles={k: v for k, v in scope.locality_roles.items() if k in locality_ids},
    )


def user_for_key(request, key: str):
    """The user a bearer key acts as (with its limits applied to the request), or None."""
    token = (
        ApiToken.objects.select_related("user")
        .prefetch_related("localities")
        .filter(key_hash=ApiToken.hash(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    if token.scope != ApiToken.Scope.WRITE and request.method not in ("GET", "HEAD", "OPTIONS"):
        return None
    user = token.user
    locality_ids = {loc.pk for loc in token.localities.all()}
    if locality_ids:
        narrow_scope(user, locality_ids)
        user.is_superuser = False  # a limited token never acts with a superuser's reach
    now = timezone.now()
    if token.last_used is None or (now - token.last_used).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    request.user = user
    request.api_token = token
    return user


class TokenAuth(HttpBearer):
    """Ninja authentication by personal token; writes need a *write* token, and no CSRF token
    (no cookie is involved)."""

    openapi_description = "A personal Hoptac API token (hpk_…), scope read or write."

    def authenticate(self, request, token: str):
        return user_for_key(request, token)


token_auth = TokenAuth()

# An operation open to a personal token or a signed-in session (a session's writes need the
# CSRF token): every API that a system may call as well as a page.
TOKEN_OR_SESSION = [token_auth, django_auth]
