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


def outbound_address_error(url: str, *, resolve: bool) -> str | None:
    """Why the server must not send a request to `url`, or None when it may.

    A user-given address (a webhook) must not turn the server into a way into its own network:
    loopback, link-local (cloud metadata), private, reserved and multicast addresses are refused
    unless they fall inside `OUTBOUND_ALLOWED_NETWORKS` (CIDRs the operator opens, e.g. the
    departments' own network). Without `resolve`, only a literal address or `localhost` is
    judged (when a subscription is saved, no DNS lookup holds the request); with it, every
    address the name resolves to is (just before sending)."""
    import ipaddress
    import socket
    from urllib.parse import urlsplit

    from django.utils.translation import gettext as _

    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        return _("The address is not a valid web address.")
    if not host:
        return _("The address is not a valid web address.")
    allowed = [ipaddress.ip_network(n, strict=False) for n in settings.OUTBOUND_ALLOWED_NETWORKS]
    if host.lower().rstrip(".") in ("localhost", "localhost.localdomain"):
        candidates = ["127.0.0.1"]
    else:
        try:
            candidates = [str(ipaddress.ip_address(host))]
        except ValueError:
            if not resolve:
                return None
            try:
                infos = socket.getaddrinfo(host, port or 443, proto=socket.IPPROTO_TCP)
            except OSError:
                return None  # not found (now): the send fails by itself and is tried again
            candidates = sorted({info[4][0] for info in infos})
    for candidate in candidates:
        address = ipaddress.ip_address(candidate.split("%")[0])
        if any(address in network for network in allowed):
            continue
        if not address.is_global or address.is_multicast:
            return _(
                "Hoptac does not send to addresses inside its own network (%(address)s). "
                "The operator can open a network with OUTBOUND_ALLOWED_NETWORKS."
            ) % {"address": address}
    return None
