"""What one app offers to do for another, named by intent rather than by the other app's URLs.

An app registers, in its ``AppConfig.ready()``, the page that carries out an intent (for example
exchange registers ``ask_experience``: a new experience request, prefilled from the query string).
Another app asks for the intent's URL and shows the link only when some app provides it, so
neither imports the other and the page still works when the provider is absent.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

_registry: dict[str, str] = {}
_perms: dict[str, str] = {}


def register(intent: str, url_name: str, perm: str = "") -> None:
    """Declare that the view ``url_name`` carries out ``intent`` (GET parameters prefill it),
    for users who have ``perm`` when one is given (the permission the view requires)."""
    _registry[intent] = url_name
    if perm:
        _perms[intent] = perm


def offered_to(intent: str, user) -> bool:
    """Whether some app provides ``intent`` and ``user`` may use its page: a link to it is shown
    only then (a leader, who may not send an experience request, was offered one: a 403)."""
    if intent not in _registry:
        return False
    perm = _perms.get(intent)
    return not perm or user.has_perm(perm)


def url(intent: str, **prefill: str) -> str | None:
    """The address that carries out ``intent``, prefilled; None when no app provides it."""
    url_name = _registry.get(intent)
    if url_name is None:
        return None
    query = urlencode({k: v for k, v in prefill.items() if v})
    return reverse(url_name) + (f"?{query}" if query else "")
