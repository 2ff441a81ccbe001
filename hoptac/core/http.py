"""The client of a request as the site's own proxies saw it."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's address, honouring PROXY_COUNT trusted proxies in front of the site: each
    proxy appends the address it was reached from to X-Forwarded-For, so the client is the
    PROXY_COUNT-th entry from the right (anything further left was sent by the client itself)."""
    proxies = settings.PROXY_COUNT
    forwarded = request.headers.get("X-Forwarded-For", "")
    if proxies and forwarded:
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")
