"""Who to tell, and telling them once the transaction has committed (core notifications)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.db.transaction import on_commit

from hoptac.core.models import Membership, User
from hoptac.core.notifications import notify as core_notify

ACTING_ROLES = ("officer", "coordinator")


def people_of(
    organisations: Iterable[int] = (), localities: Iterable[int] = (), roles=ACTING_ROLES
) -> list[User]:
    """Active accounts acting for these organisations, or coordinating these localities."""
    organisations, localities = list(organisations), list(localities)
    q = Q(organisation_id__in=organisations, role__in=roles)
    if localities:
        q |= Q(organisation__locality_id__in=localities, role="coordinator")
    user_ids = Membership.objects.valid_on().filter(q).values("user_id")
    return list(User.objects.filter(pk__in=user_ids, is_active=True))


def notify(users: Iterable[User], text, url: str = "") -> None:
    """Tell the users (in-app and by e-mail, each in their language) after the commit.

    `text` is a lazy translation so that each reader gets it in their own language.
    """
    users = list(users)
    on_commit(lambda: core_notify(users, text, url))
