from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from . import navigation


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    current = request.resolver_match.namespace if request.resolver_match else ""
    from .notifications import unread_count

    return {
        "nav_items": navigation.items_for(user),
        "nav_current": current,
        "unread_notifications": unread_count(user) if user is not None else 0,
    }
