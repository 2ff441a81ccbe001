from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from . import navigation


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    current = request.resolver_match.namespace if request.resolver_match else ""
    return {
        "nav_items": navigation.items_for(user),
        "nav_current": current,
    }
