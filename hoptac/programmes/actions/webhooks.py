"""Webhook subscriptions to task events."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from hoptac.core.models import Locality, User
from hoptac.core.queries import scope_for


def subscribe_webhook(
    owner: User, *, url: str, events: Sequence[str], locality: Locality | None = None
):
    """Register an address to be told of task events; returns the subscription, whose secret
    signs every delivery (shown to its owner)."""
    import secrets

    from django.core.validators import URLValidator

    from hoptac.core.http import outbound_address_error

    from ..models import WebhookEvent, WebhookSubscription

    errors: dict[str, list[str]] = {}
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        errors["url"] = [str(_("Give a web address starting with http:// or https://."))]
    else:
        refused = outbound_address_error(url, resolve=False)
        if refused:
            errors["url"] = [refused]
    unknown = [e for e in events if e not in WebhookEvent.values]
    if unknown or not events:
        errors["events"] = [
            str(_("Choose events among: %(known)s.")) % {"known": ", ".join(WebhookEvent.values)}
        ]
    if locality is not None and locality.pk not in scope_for(owner).localities:
        errors["locality"] = [str(_("You do not work in this locality."))]
    if errors:
        raise ValidationError(errors)
    return WebhookSubscription.objects.create(
        owner=owner,
        url=url,
        events=sorted(set(events)),
        locality=locality,
        secret=secrets.token_urlsafe(32),
    )


def unsubscribe_webhook(subscription, by: User) -> None:
    """Stop a webhook (its delivery log goes with it)."""
    if subscription.owner_id != by.pk:
        raise PermissionDenied(_("This webhook is not yours."))
    subscription.delete()
