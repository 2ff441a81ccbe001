"""The demo's public accountability: the Hanoi coordinator publishes the commitments of the 2138
notice whose tasks have moved (a report, an extension), so the public pages have something to
show. Idempotent: a published commitment is left as it is."""

from __future__ import annotations

from collections.abc import Callable

from hoptac.core.models import User

from . import actions
from .models import Commitment


def load(log: Callable[[str], None]) -> None:
    coordinator = User.objects.filter(username="hn-dieuphoi").first()
    if coordinator is None:
        return
    moved = (
        Commitment.objects.filter(agreement__reference="2138-TB/TU", tasks__reports__isnull=False)
        .distinct()
        .order_by("order", "pk")[:4]
    )
    published = 0
    for commitment in moved:
        if commitment.published_at is None:
            actions.publish_commitment(commitment, coordinator)
            published += 1
    if published:
        log(f"programmes: {published} commitments published on the public pages")
