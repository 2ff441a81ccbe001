"""An iCal feed of one's deadlines, behind a signed token (calendar apps cannot sign in)."""

from __future__ import annotations

import datetime as dt

from django.core import signing
from django.http import HttpRequest
from django.urls import reverse

from hoptac.core import ical
from hoptac.core.models import User

from . import queries

SALT = "hoptac.programmes.ical"


def token_for(user: User) -> str:
    return signing.dumps({"u": user.pk, "p": user.password[-12:]}, salt=SALT, compress=True)


def user_for_token(token: str) -> User | None:
    """The token's user, or None; a password change revokes old links."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or user.password[-12:] != data.get("p"):
        return None
    return user


def feed_url(request: HttpRequest, user: User) -> str:
    return request.build_absolute_uri(reverse("programmes:ical_feed", args=[token_for(user)]))


def calendar_for_token(token: str) -> bytes | None:
    user = user_for_token(token)
    if user is None:
        return None
    tasks = queries.my_work(user).filter(completed_on__isnull=True)[:500]
    return ical.calendar(
        (
            ical.Entry(
                uid=f"task-{task.pk}",
                start=task.due_date,
                end=task.due_date + dt.timedelta(days=1),
                summary=f"[Hạn] {task.title}",
                description=f"{task.commitment.agreement.reference} — {task.lead.name}",
            )
            for task in tasks
        ),
        name="Hoptac — hạn nhiệm vụ",
        product="programmes",
    )
