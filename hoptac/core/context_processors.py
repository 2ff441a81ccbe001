from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from . import navigation


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    current = request.resolver_match.namespace if request.resolver_match else ""
    from .notifications import unread_count

    here = request.get_full_path()
    alternates = twin_pages(request)
    switch = [(code, label, alternates.get(code, here)) for code, label in settings.LANGUAGES]
    return {
        "csp_nonce": getattr(request, "csp_nonce", ""),
        "language_switch": switch,
        "nav_items": navigation.items_for(user),
        "nav_current": current,
        "unread_notifications": unread_count(user) if user is not None else 0,
    }


def twin_pages(request: HttpRequest) -> dict[str, str]:
    """A page that exists once per language (the investment portal, the indicators: routes
    `name` and `name_en`) by language, so that the language switch goes to its twin; {} for
    a page that exists once and follows the chosen language."""
    from django.urls import NoReverseMatch, reverse

    match = request.resolver_match
    if not match or not match.url_name:
        return {}
    base = match.url_name.removesuffix("_en")
    prefix = f"{match.namespace}:" if match.namespace else ""
    captured = {k: v for k, v in match.kwargs.items() if k != "lang"}  # `lang` is the route's
    query = request.META.get("QUERY_STRING", "")
    pages = {}
    for code, suffix in (("vi", ""), ("en", "_en")):
        try:
            path = reverse(f"{prefix}{base}{suffix}", args=match.args, kwargs=captured)
        except NoReverseMatch:
            return {}
        pages[code] = f"{path}?{query}" if query else path
    return pages
