"""Following tasks, commitments and agreements: who hears of a change, the weekly digest, and
what changed on a task since a user last opened it.

A follower hears only of tasks they may still read: a watch outlives a membership, the right to
read does not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from hoptac.core import dates
from hoptac.core.audit import changes_for
from hoptac.core.models import User
from hoptac.core.notifications import Text, notify

from .digest_changes import what_changed
from .models import (
    Agreement,
    Comment,
    Commitment,
    ProgressReport,
    ReminderPreference,
    Task,
    TaskVisit,
    Watch,
    WatchDigest,
)
from .queries import tasks_visible_to

Followable = Task | Commitment | Agreement


def _target(obj: Followable) -> dict:
    if isinstance(obj, Task):
        return {"task": obj}
    if isinstance(obj, Commitment):
        return {"commitment": obj}
    if isinstance(obj, Agreement):
        return {"agreement": obj}
    raise TypeError(type(obj).__name__)


# --- writes ------------------------------------------------------------------------------------
def follow(user: User, obj: Followable) -> Watch:
    """Start following a task, a commitment or an agreement (following twice is once)."""
    try:
        with transaction.atomic():
            return Watch.objects.create(user=user, **_target(obj))
    except IntegrityError:
        return Watch.objects.get(user=user, **_target(obj))


def unfollow(user: User, obj: Followable) -> None:
    """Stop following it."""
    Watch.objects.filter(user=user, **_target(obj)).delete()


def record_visit(user: User, task: Task) -> dt.datetime | None:
    """Note that the user opened the task's page now; return when they had opened it before."""
    now = timezone.now()
    visit, created = TaskVisit.objects.get_or_create(
        user=user, task=task, defaults={"seen_at": now}
    )
    if created:
        return None
    before = visit.seen_at
    TaskVisit.objects.filter(pk=visit.pk).update(seen_at=now)
    return before


def tell_watchers(task: Task, by: User | None, text: Text, already: list[User] = ()) -> None:
    """Tell the followers of the task, its commitment and its agreement what happened, in their
    language, in Hoptac and (if their reminder preference says so) by e-mail. The actor and
    those the action has already told are left out."""
    skip = {u.pk for u in already} | ({by.pk} if by is not None else set())
    watchers = [u for u in followers_of(task) if u.pk not in skip]
    if not watchers:
        return
    prefs = {
        p.user_id: p for p in ReminderPreference.objects.filter(user__in=[u.pk for u in watchers])
    }
    url = reverse("programmes:task_detail", args=[task.pk])
    by_email = [u for u in watchers if getattr(prefs.get(u.pk), "by_email", True)]
    in_site_only = [u for u in watchers if u not in by_email]
    notify(by_email, text, url)
    notify(in_site_only, text, url, email=False)


# --- reads -------------------------------------------------------------------------------------
def is_following(user: User, obj: Followable) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and Watch.objects.filter(user=user, **_target(obj)).exists()
    )


def followers_of(task: Task) -> list[User]:
    """Active users who follow the task, its commitment or its agreement and may read it."""
    users = User.objects.filter(
        Exists(
            Watch.objects.filter(user_id=OuterRef("pk")).filter(
                Q(task_id=task.pk)
                | Q(commitment_id=task.commitment_id)
                | Q(agreement_id=task.commitment.agreement_id)
            )
        ),
        is_active=True,
    )
    return [u for u in users if u.has_perm("programmes.view_task", task)]


def followed_tasks(user: User) -> QuerySet[Task]:
    """The tasks the user may read and follows, directly or through a commitment or agreement."""
    mine = Watch.objects.filter(user_id=user.pk)
    return tasks_visible_to(user).filter(
        Exists(mine.filter(task_id=OuterRef("pk")))
        | Exists(mine.filter(commitment_id=OuterRef("commitment_id")))
        | Exists(mine.filter(agreement_id=OuterRef("commitment__agreement_id")))
    )


@dataclass(frozen=True)
class Change:
    when: dt.datetime
    who: object
    what: str


def changes_since(task: Task, since: dt.datetime, viewer: User) -> list[Change]:
    """What others did on the task after `since`, newest first: its fields (from the history),
    progress reports, comments and extension requests (read from the task's prefetched lists)."""
    out: list[Change] = []
    for entry in changes_for(task, limit=30):
        if entry.when <= since:
            break
        if entry.who is not None and entry.who.pk == viewer.pk:
            continue
        for c in entry.changes:
            out.append(Change(entry.when, entry.who, f"{c.label}: {c.before or '—'} → {c.after}"))
    for r in task.reports.all():
        if r.created > since and r.author_id != viewer.pk:
            out.append(
                Change(r.created, r.author, str(_("progress report: %(n)d%%") % {"n": r.progress}))
            )
    for c in task.comments.all():
        if c.created > since and c.author_id != viewer.pk:
            out.append(
                Change(c.created, c.author, str(_("comment: %(text)s") % {"text": c.text[:200]}))
            )
    for e in task.extensions.all():
        if e.requested_at > since and e.requested_by_id != viewer.pk:
            out.append(
                Change(
                    e.requested_at,
                    e.requested_by,
                    str(
                        _("extension requested to %(date)s")
                        % {"date": e.new_due.strftime("%d/%m/%Y")}
                    ),
                )
            )
        if e.decided_at and e.decided_at > since and e.decided_by_id != viewer.pk:
            out.append(
                Change(
                    e.decided_at,
                    e.decided_by,
                    str(_("extension %(state)s") % {"state": e.get_state_display()}),
                )
            )
    return sorted(out, key=lambda c: c.when, reverse=True)


@dataclass
class Digest:
    user: User
    since: dt.datetime
    changed: list[Task] = field(default_factory=list)
    due_soon: list[Task] = field(default_factory=list)
    overdue: list[Task] = field(default_factory=list)
    counts: tuple[int, int, int] = (0, 0, 0)

    @property
    def empty(self) -> bool:
        return not any(self.counts)


DIGEST_ROWS = 20


def digest_for(user: User, today: dt.date | None = None, days: int = 7) -> Digest:
    """What changed on the tasks the user follows in the last `days`, what falls due in the
    next `days`, and what is overdue (at most DIGEST_ROWS of each, with the full counts)."""
    today = today or dates.today()
    since = timezone.now() - dt.timedelta(days=days)
    tasks = followed_tasks(user).select_related("lead__locality").order_by("due_date", "pk")
    history = Task.history.model.objects.filter(id=OuterRef("pk"), history_date__gte=since)
    changed = tasks.filter(
        Exists(history)
        | Exists(ProgressReport.objects.filter(task_id=OuterRef("pk"), created__gte=since))
        | Exists(Comment.objects.filter(task_id=OuterRef("pk"), created__gte=since))
    )
    due_soon = tasks.filter(
        completed_on__isnull=True, due_date__range=(today, today + dt.timedelta(days=days))
    )
    overdue = tasks.filter(completed_on__isnull=True, due_date__lt=today)
    return Digest(
        user,
        since,
        list(changed[:DIGEST_ROWS]),
        list(due_soon[:DIGEST_ROWS]),
        list(overdue[:DIGEST_ROWS]),
        (changed.count(), due_soon.count(), overdue.count()),
    )


def send_weekly_digests(today: dt.date | None = None) -> int:
    """Send each follower their digest of the week, in their language, once per week; a user
    with nothing to report gets nothing. Returns how many were sent."""
    today = today or dates.today()
    week_of = today - dt.timedelta(days=today.weekday())
    sent = 0
    for user in User.objects.filter(is_active=True).filter(
        Exists(Watch.objects.filter(user_id=OuterRef("pk")))
    ):
        digest = digest_for(user, today)
        if digest.empty:
            continue
        try:
            with transaction.atomic():
                WatchDigest.objects.create(user=user, week_of=week_of)
                _send_digest(digest)
        except IntegrityError:
            continue  # already sent this week
        sent += 1
    return sent


def _send_digest(digest: Digest) -> None:

    user = digest.user
    with translation.override(user.language or "vi"):
        lines = what_changed(digest.changed, digest.since, dates.today())
        for task in digest.changed:
            task.what_changed = lines.get(task.pk, [])
        changed, due, overdue = digest.counts
        subject = str(
            _("Weekly digest: %(changed)d changed, %(due)d due soon, %(overdue)d overdue")
            % {"changed": changed, "due": due, "overdue": overdue}
        )
        body = render_to_string("programmes/email/weekly_digest.txt", {"d": digest})
    url = reverse("programmes:task_list") + "?whose=followed"
    notify([user], body, url, subject=subject, in_app=False)
    notify([user], subject, url, email=False)


def followed_in(user: User, agreement: Agreement) -> tuple[bool, set[int]]:
    """Whether the user follows the agreement, and which of its commitments (one query)."""
    rows = Watch.objects.filter(user_id=user.pk).filter(
        Q(agreement_id=agreement.pk) | Q(commitment__agreement_id=agreement.pk)
    )
    whole, commitments = False, set()
    for agreement_id, commitment_id in rows.values_list("agreement_id", "commitment_id"):
        if agreement_id:
            whole = True
        else:
            commitments.add(commitment_id)
    return whole, commitments
