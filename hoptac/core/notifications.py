"""Tell a user something: in Hoptac, and by e-mail when the user wants it."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation

from .models import Notification, User

log = logging.getLogger(__name__)


def notify(
    users: Iterable[User],
    text: str,
    url: str = "",
    *,
    email: bool = True,
    in_app: bool = True,
    subject: str | None = None,
) -> list[Notification]:
    """Create one notification per user and send the e-mails; returns what was created.

    `text` may be a lazy translation: it is rendered in each user's own language.
    """
    created = []
    seen: set[int] = set()
    for user in users:
        if user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        with translation.override(user.language or settings.LANGUAGE_CODE):
            message = str(text)
            title = str(subject) if subject else message[:120]
        if in_app:
            created.append(Notification(user=user, text=message[:500], url=url[:500]))
        if email and user.email:
            body = message + (f"\n\n{url}" if url else "")
            try:
                send_mail(f"[Hoptac] {title}", body, settings.DEFAULT_FROM_EMAIL, [user.email])
            except OSError:  # the mail server is down: the in-app notice still goes out
                log.warning("could not send e-mail to %s", user.email, exc_info=True)
    Notification.objects.bulk_create(created)
    return created


def unread_count(user: User) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
