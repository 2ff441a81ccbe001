"""The task list's writes: many tasks edited at once, saved filters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hoptac.core.models import Membership, Organisation, User
from hoptac.core.notifications import message, notify

from ..models import (
    ExtensionRequest,
    SavedTaskFilter,
    Task,
)
from ..watching import tell_watchers
from .progress import request_extension

TITLES_SHOWN = 10


def _titles(tasks: Iterable[Task]) -> str:
    """The first ten titles, and how many more: a refusal of 5,000 tasks stays readable."""
    tasks = list(tasks)
    shown = "; ".join(f"“{t.title}”" for t in tasks[:TITLES_SHOWN])
    more = len(tasks) - TITLES_SHOWN
    if more > 0:
        shown += " " + ngettext("… and %(n)d more", "… and %(n)d more", more) % {"n": more}
    return shown


def _bounded(errors: list) -> list:
    """The first ten problems and how many more: a refusal of 5,000 tasks stays readable."""
    more = len(errors) - TITLES_SHOWN
    if more <= 0:
        return errors
    return [
        *errors[:TITLES_SHOWN],
        ngettext("… and %(n)d more problem", "… and %(n)d more problems", more) % {"n": more},
    ]


@transaction.atomic
def bulk_edit_tasks(
    tasks: Sequence[Task],
    by: User,
    *,
    add_assignees: Sequence[User] = (),
    remove_assignees: Sequence[User] = (),
    add_partners: Sequence[Organisation] = (),
    remove_partners: Sequence[Organisation] = (),
    add_tags: Sequence[str] = (),
    remove_tags: Sequence[str] = (),
    new_due: dt.date | None = None,
    reason: str = "",
) -> int:
    """Change the assignees, partners and tags of many tasks at once and ask for a later due
    date, all or nothing. Only the coordinator of each task's lead locality changes the fields;
    each task gets one history entry; the due date moves only through an extension request."""
    edits = (add_assignees, remove_assignees, add_partners, remove_partners, add_tags, remove_tags)
    if not any(edits) and new_due is None:
        raise ValidationError(_("Choose at least one change."))
    if any(edits):
        _bulk_fields(tasks, by, *edits)
    if new_due is not None:
        bulk_request_extension(tasks, by, new_due, reason)
    return len(tasks)


def _bulk_fields(
    tasks: Sequence[Task],
    by: User,
    add_assignees: Sequence[User],
    remove_assignees: Sequence[User],
    add_partners: Sequence[Organisation],
    remove_partners: Sequence[Organisation],
    add_tags: Sequence[str],
    remove_tags: Sequence[str],
) -> None:
    from ..models import Tag

    refused = [t for t in tasks if not by.has_perm("programmes.change_task", t)]
    if refused:
        raise PermissionDenied(
            _("You may not change these tasks: %(titles)s") % {"titles": _titles(refused)}
        )
    errors: list[str] = []
    party_ids = {
        a.pk: set(a.parties.values_list("pk", flat=True))
        for a in {t.commitment.agreement for t in tasks}
    }
    for t in tasks:
        for org in add_partners:
            if org.pk == t.lead_id:
                errors.append(
                    _("%(org)s leads “%(title)s”: it cannot also be a partner.")
                    % {"org": org, "title": t.title}
                )
            elif org.locality_id not in party_ids[t.commitment.agreement_id]:
                errors.append(
                    _("%(org)s is not of a party to the agreement of “%(title)s”.")
                    % {"org": org, "title": t.title}
                )
    if add_assignees:
        member_of = _memberships_of(add_assignees)
        for t in tasks:
            allowed = {t.lead_id, *(p.pk for p in t.partners.all()), *(p.pk for p in add_partners)}
            allowed -= {p.pk for p in remove_partners}
            for user in add_assignees:
                if not member_of[user.pk] & allowed:
                    errors.append(
                        _("%(user)s works neither for the lead nor for a partner of “%(title)s”.")
                        % {"user": user, "title": t.title}
                    )
    tag_names = _tag_names(add_tags)
    if errors:
        raise ValidationError(_bounded(errors))
    tags = [Tag.objects.get_or_create(name=n)[0] for n in tag_names]
    drop_tags = list(
        Tag.objects.filter(name__in=[n for n in _tag_names(remove_tags) if n not in tag_names])
    )
    for t in tasks:
        t.skip_history_when_saving = True
        try:
            t.assignees.add(*add_assignees)
            t.assignees.remove(*[u for u in remove_assignees if u not in add_assignees])
            t.partners.add(*add_partners)
            t.partners.remove(*[o for o in remove_partners if o not in add_partners])
            t.tags.add(*tags)
            t.tags.remove(*drop_tags)
        finally:
            del t.skip_history_when_saving
        t._history_user = by
        t._change_reason = str(_("bulk edit"))
        t.save(update_fields=["progress"])  # the one history entry, with the new relations
        tell_watchers(
            t,
            by,
            message(
                _("%(who)s changed the assignees, partners or tags of “%(title)s”"),
                who=by,
                title=t.title,
            ),
            already=list(add_assignees),
        )
    if add_assignees:
        for t in tasks:
            notify(
                [u for u in add_assignees if u.pk != by.pk],
                message(_("You were assigned to “%(title)s”"), title=t.title),
                reverse("programmes:task_detail", args=[t.pk]),
            )


def _memberships_of(users: Sequence[User]) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {u.pk: set() for u in users}
    for user_id, org_id in Membership.objects.filter(user__in=users).values_list(
        "user_id", "organisation_id"
    ):
        out[user_id].add(org_id)
    return out


def _tag_names(names: Sequence[str]) -> list[str]:
    cleaned = []
    for name in names:
        name = " ".join(name.split())
        if len(name) > 50:
            raise ValidationError(
                _("A tag has at most 50 characters: “%(name)s”.") % {"name": name[:60]}
            )
        if name and name not in cleaned:
            cleaned.append(name)
    return cleaned


@transaction.atomic
def bulk_request_extension(
    tasks: Sequence[Task], by: User, new_due: dt.date, reason: str
) -> list[ExtensionRequest]:
    """Ask for the same later due date on many tasks, all or nothing: the due date only ever
    moves through an extension the coordinator approves, so the baseline stays true."""
    refused = [t for t in tasks if not by.has_perm("programmes.request_extension", t)]
    if refused:
        raise PermissionDenied(
            _("You may not ask for more time on these tasks: %(titles)s")
            % {"titles": _titles(refused)}
        )
    errors = []
    pending = set(
        ExtensionRequest.objects.filter(
            task__in=tasks, state=ExtensionRequest.State.PENDING
        ).values_list("task_id", flat=True)
    )
    for t in tasks:
        if t.completed_on:
            errors.append(_("“%(title)s” is already done.") % {"title": t.title})
        elif new_due <= t.due_date:
            errors.append(
                _("“%(title)s” is already due %(date)s: the new date must be later.")
                % {"title": t.title, "date": t.due_date.strftime("%d/%m/%Y")}
            )
        elif t.pk in pending:
            errors.append(
                _("An extension request for “%(title)s” is already waiting.") % {"title": t.title}
            )
    if errors:
        raise ValidationError(_bounded(errors))
    return [request_extension(t, by, new_due, reason) for t in tasks]


def save_task_filter(by: User, name: str, query: str) -> SavedTaskFilter:
    """Keep the task list's query string under a name (the same name replaces it)."""
    from urllib.parse import parse_qsl, urlencode

    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the filter a name.")})
    where = {"page", "after", "before", "last", "format"}  # where the list is, not what
    pairs = [(k, v) for k, v in parse_qsl(query) if k not in where and v]
    query = urlencode(pairs)
    if len(query) > 1000:
        raise ValidationError(_("This filter is too long to be saved."))
    saved, _created = SavedTaskFilter.objects.update_or_create(
        user=by, name=name[:80], defaults={"query": query}
    )
    return saved


def delete_task_filter(by: User, pk: int) -> None:
    """Forget one of the user's own saved filters (another user's is a DoesNotExist)."""
    SavedTaskFilter.objects.get(user=by, pk=pk).delete()
