from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from . import navigation


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    current = request.resolver_match.namespace if request.resolver_match else ""
    from .notifications import unread_count

    # A page that exists once per language (the investment portal) names its other-language
    # twins in request.language_alternates; the language switch then goes there.
    here = request.get_full_path()
    alternates = getattr(request, "language_alternates", None) or {}
    switch = [(code, label, alternates.get(code, here)) for code, label in settings.LANGUAGES]
    return {
        "csp_nonce": getattr(request, "csp_nonce", ""),
        "language_switch": switch,
        "nav_items": navigation.items_for(user),
        "nav_current": current,
        "unread_notifications": unread_count(user) if user is not None else 0,
    }
