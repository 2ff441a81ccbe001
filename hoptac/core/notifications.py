"""Tell people something: the one way every app notifies, in Hoptac and by e-mail.

Three rules, each once, here:
- **The reader's language.** A message is a lazy template with its parameters (`message(...)`)
  and is rendered for each recipient inside `translation.override(their language)`. Writing
  `_("…") % {…}` renders at once, in the actor's language: an English reader of a Vietnamese
  officer's action got Vietnamese.
- **Nothing for a write that did not happen.** The in-app notice is a row written in the caller's
  transaction, so it is rolled back with it; the e-mails are handed to the task worker only once
  the transaction has committed (`transaction.on_commit`).
- **Mail leaves through the worker** (django-tasks, `manage.py db_worker`): a slow or absent mail
  server never holds a request or a lock.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.functional import Promise
from django_tasks import task

from .models import Notification, User

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Address:
    """Someone without an account (an investor, a B2B participant, an agency's mailbox)."""

    email: str
    language: str = settings.LANGUAGE_CODE


class Message:
    """A text rendered later, in each reader's language: a (lazy) template and its parameters.

    Parameters that are lazy themselves (choice labels, other messages) are rendered in the
    reader's language too; anything else through `str()`.
    """

    def __init__(self, template: str | Promise, params: Mapping[str, object]) -> None:
        self.template = template
        self.params = dict(params)

    def __str__(self) -> str:
        return str(self.template) % {key: str(value) for key, value in self.params.items()}

    def __repr__(self) -> str:
        return f"Message({self.template!r}, {self.params!r})"


def message(template: str | Promise, **params: object) -> Message:
    """`message(_("Task completed: %(title)s"), title=task.title)` — rendered per reader."""
    return Message(template, params)


Text = str | Promise | Message
Recipient = User | Address


def render(text: Text, language: str) -> str:
    """The text as a reader of `language` reads it."""
    with translation.override(language):
        return str(text)


def notify(
    recipients: Iterable[Recipient],
    text: Text,
    url: str = "",
    *,
    subject: Text | None = None,
    email: bool = True,
    in_app: bool = True,
) -> list[Notification]:
    """Tell each recipient once, in their language: an in-app notice for account holders
    (written in the current transaction) and an e-mail sent by the worker after the commit.
    Inactive accounts and empty addresses are skipped. Returns the notices created."""
    notices: list[Notification] = []
    mails: list[dict[str, str]] = []
    seen: set[object] = set()
    for recipient in recipients:
        if isinstance(recipient, User):
            key: object = ("user", recipient.pk)
            if not recipient.is_active:
                continue
            address, language = recipient.email, recipient.language or settings.LANGUAGE_CODE
        else:
            key = ("address", recipient.email.lower())
            address, language = recipient.email, recipient.language
        if key in seen:
            continue
        seen.add(key)
        body = render(text, language)
        if in_app and isinstance(recipient, User):
            notices.append(Notification(user=recipient, text=body[:500], url=url[:500]))
        if email and address:
            title = render(subject, language) if subject is not None else body[:120]
            mails.append(
                {
                    "to": address,
                    "subject": f"[Hoptac] {title}",
                    "body": body + (f"\n\n{absolute(url)}" if url else ""),
                }
            )
    Notification.objects.bulk_create(notices)
    if mails:
        transaction.on_commit(lambda: send_emails.enqueue(mails))
    return notices


def absolute(url: str) -> str:
    """A site path made into a link a mail reader can follow (`SITE_URL` + path)."""
    return f"{settings.SITE_URL}{url}" if url.startswith("/") else url


@task()
def send_emails(mails: list[dict[str, str]]) -> int:
    """Send rendered e-mails (the worker runs this); returns how many left. A mail server that
    refuses one does not stop the others: the in-app notice is already there."""
    sent = 0
    for mail in mails:
        try:
            send_mail(mail["subject"], mail["body"], settings.DEFAULT_FROM_EMAIL, [mail["to"]])
            sent += 1
        except OSError:
            log.warning("could not send e-mail to %s", mail["to"], exc_info=True)
    return sent


def unread_count(user: User) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
