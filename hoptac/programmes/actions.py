"""Every write with consequences: the audit trail and the notifications happen here, once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import update_change_reason

from hoptac.core import dates
from hoptac.core import files as files_mod
from hoptac.core.models import CooperationField, Locality, Membership, Organisation, User
from hoptac.core.notifications import message, notify
from hoptac.core.queries import scope_for

from .models import (
    Agreement,
    Comment,
    Commitment,
    CommitmentLink,
    Evidence,
    ExtensionRequest,
    ProgressReport,
    SavedTaskFilter,
    Task,
    TaskDependency,
)
from .queries import coordinators_of, lead_team


def _require(user: User, perm: str, obj) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("You may not do this for this task."))


@transaction.atomic
def create_commitment(
    agreement: Agreement,
    text: str,
    *,
    fields: Sequence[CooperationField] = (),
    localities: Sequence[Locality] = (),
    paragraph: int | None = None,
    order: int | None = None,
) -> Commitment:
    """Add a commitment; it binds the agreement's parties unless told otherwise."""
    if not text.strip():
        raise ValidationError({"text": _("A commitment needs its text.")})
    if order is None:
        order = agreement.commitments.count() + 1
    commitment = Commitment.objects.create(
        agreement=agreement, text=text.strip(), source_paragraph=paragraph, order=order
    )
    commitment.fields.set(fields)
    commitment.localities.set(localities or agreement.parties.all())
    return commitment


@transaction.atomic
def create_task(
    commitment: Commitment,
    by: User,
    *,
    title: str,
    lead: Organisation,
    start_date: dt.date,
    due_date: dt.date,
    partners: Iterable[Organisation] = (),
    assignees: Iterable[User] = (),
    description: str = "",
    reporting: str = "",
) -> Task:
    """Create a task; the creator must coordinate the lead's locality (or be a superuser)."""
    probe = Task(commitment=commitment, lead=lead, start_date=start_date, due_date=due_date)
    _require(by, "programmes.change_task", probe)
    task = Task(
        commitment=commitment,
        title=title,
        description=description,
        lead=lead,
        start_date=start_date,
        due_date=due_date,
        reporting=reporting,
    )
    task.full_clean()
    task._history_user = by
    task.save()
    task.partners.set([p for p in partners if p.pk != lead.pk])
    task.assignees.set(assignees)
    notify(
        lead_team(task),
        message(_("New task for your organisation: %(title)s"), title=title),
        reverse("programmes:task_detail", args=[task.pk]),
    )
    return task


def report_progress(
    task: Task,
    by: User,
    *,
    progress: int,
    text: str,
    reported_on: dt.date | None = None,
    completed: bool = False,
    files: Sequence[UploadedFile] = (),
) -> ProgressReport:
    """Record progress with its evidence; a report that says 'done' (or 100%) completes the task.

    A finished task is closed: reporting on it again needs the coordinator to reopen it first
    (`reopen_task`), so its state and its percentage never disagree. Evidence files stored for a
    report that then fails are deleted again."""
    _require(by, "programmes.report_progress", task)
    if task.completed_on is not None:
        raise ValidationError(
            _(
                "This task is finished. To report on it again, the coordinator of the lead's "
                "locality must first reopen it."
            )
        )
    # All files are checked before anything is written.
    checked = [files_mod.check_upload(f, kinds=files_mod.EVIDENCE, extract=False) for f in files]
    with files_mod.removed_on_failure() as stored, transaction.atomic():
        return _record_progress(task, by, progress, text, reported_on, completed, checked, stored)


def _record_progress(
    task: Task,
    by: User,
    progress: int,
    text: str,
    reported_on: dt.date | None,
    completed: bool,
    checked: list[files_mod.CheckedFile],
    stored: list[str],
) -> ProgressReport:
    reported_on = reported_on or dates.today()
    if reported_on < task.start_date:
        raise ValidationError({"reported_on": _("The report date is before the task starts.")})
    if reported_on > dates.today():
        raise ValidationError({"reported_on": _("The report date is in the future.")})
    if completed or progress >= 100:
        completed, progress = True, 100
    report = ProgressReport.objects.create(
        task=task,
        author=by,
        reported_on=reported_on,
        progress=progress,
        text=text,
        completed=completed,
    )
    for evidence in checked:
        stored.append(files_mod.store(evidence, "evidence"))
        Evidence.objects.create(
            report=report,
            file=stored[-1],
            name=evidence.name,
            size=evidence.size,
            content_type=evidence.content_type,
        )
    task.progress = progress
    if completed and task.completed_on is None:
        task.completed_on = reported_on
    task._history_user = by
    task.save(update_fields=["progress", "completed_on"])
    update_change_reason(task, str(_("progress report")))
    if completed:
        notify(
            coordinators_of(task.lead.locality_id),
            message(_("Task completed: %(title)s"), title=task.title),
            reverse("programmes:task_detail", args=[task.pk]),
        )
    return report


@transaction.atomic
def request_extension(task: Task, by: User, new_due: dt.date, reason: str) -> ExtensionRequest:
    """The lead asks for a later due date; the coordinator of the lead's locality decides."""
    _require(by, "programmes.request_extension", task)
    if task.completed_on:
        raise ValidationError(_("The task is already done."))
    if new_due <= task.due_date:
        raise ValidationError({"new_due": _("The new due date must be after the current one.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for the extension.")})
    if task.extensions.filter(state=ExtensionRequest.State.PENDING).exists():
        raise ValidationError(_("An extension request for this task is already waiting."))
    ext = ExtensionRequest.objects.create(
        task=task,
        requested_by=by,
        current_due=task.due_date,
        new_due=new_due,
        reason=reason.strip(),
    )
    notify(
        coordinators_of(task.lead.locality_id),
        message(
            _("Extension requested for “%(title)s” to %(date)s"),
            title=task.title,
            date=new_due.strftime("%d/%m/%Y"),
        ),
        reverse("programmes:task_detail", args=[task.pk]),
    )
    return ext


@transaction.atomic
def decide_extension(
    ext: ExtensionRequest, by: User, approve: bool, note: str = ""
) -> ExtensionRequest:
    """Approve (the due date moves, the baseline stays) or reject a pending request."""
    task = ext.task
    _require(by, "programmes.decide_extension", task)
    ext = ExtensionRequest.objects.select_for_update().get(pk=ext.pk)
    if ext.state != ExtensionRequest.State.PENDING:
        raise ValidationError(_("This request has already been decided."))
    ext.state = ExtensionRequest.State.APPROVED if approve else ExtensionRequest.State.REJECTED
    ext.decided_by, ext.decided_at, ext.decision_note = by, timezone.now(), note
    ext.save()
    if approve:
        task.due_date = ext.new_due
        task.escalated_on = None
        task._history_user = by
        task.save(update_fields=["due_date", "escalated_on"])
        update_change_reason(task, str(_("extension approved")))
    notify(
        [ext.requested_by, *lead_team(task)],
        message(
            _("Extension approved: “%(title)s” is now due %(date)s")
            if approve
            else _("Extension refused for “%(title)s”; it stays due %(date)s"),
            title=task.title,
            date=task.due_date.strftime("%d/%m/%Y"),
        ),
        reverse("programmes:task_detail", args=[task.pk]),
    )
    return ext


@transaction.atomic
def reopen_task(task: Task, by: User, *, progress: int, reason: str) -> ProgressReport:
    """The coordinator of the lead's locality reopens a finished task, saying why and how far it
    really is (below 100%); the entry joins the task's reports, the lead team is told."""
    _require(by, "programmes.reopen_task", task)
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.completed_on is None:
        raise ValidationError(_("This task is not finished; there is nothing to reopen."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for reopening the task.")})
    if not 0 <= progress < 100:
        raise ValidationError(
            {"progress": _("A reopened task is not done: its progress is between 0 and 99%.")}
        )
    report = ProgressReport.objects.create(
        task=task,
        author=by,
        reported_on=max(dates.today(), task.start_date),
        progress=progress,
        text=reason.strip(),
        reopened=True,
    )
    task.completed_on = None
    task.progress = progress
    task._history_user = by
    task.save(update_fields=["completed_on", "progress"])
    update_change_reason(task, str(_("task reopened")))
    notify(
        [u for u in lead_team(task) if u.pk != by.pk],
        message(
            _("“%(title)s” was reopened by %(who)s: %(reason)s"),
            title=task.title,
            who=by,
            reason=reason.strip(),
        ),
        reverse("programmes:task_detail", args=[task.pk]),
    )
    return report


def record_escalation(task: Task, on: dt.date) -> Task:
    """Mark an overdue task as escalated to its coordinators (the daily job calls this once the
    coordinators are told); the task's history says when and why, by the system."""
    task.escalated_on = on
    task._history_user = None
    task.save(update_fields=["escalated_on"])
    update_change_reason(task, str(_("escalated to the coordinators")))
    return task


def add_comment(task: Task, by: User, text: str) -> Comment:
    """Anyone who may read the task may comment; the lead team hears of it."""
    _require(by, "programmes.comment_task", task)
    if not text.strip():
        raise ValidationError({"text": _("The comment is empty.")})
    comment = Comment.objects.create(task=task, author=by, text=text.strip()[:5000])
    notify(
        [u for u in lead_team(task) if u.pk != by.pk],
        message(_("%(who)s commented on “%(title)s”"), who=by, title=task.title),
        reverse("programmes:task_detail", args=[task.pk]),
        email=False,
    )
    return comment


def would_cycle(predecessor: Task, successor: Task) -> bool:
    """True if making `successor` wait for `predecessor` closes a loop."""
    if predecessor.pk == successor.pk:
        return True
    seen, frontier = {successor.pk}, [successor.pk]
    while frontier:
        nxt = list(
            TaskDependency.objects.filter(predecessor_id__in=frontier).values_list(
                "successor_id", flat=True
            )
        )
        if predecessor.pk in nxt:
            return True
        frontier = [n for n in nxt if n not in seen]
        seen.update(frontier)
    return False


@transaction.atomic
def add_dependency(
    predecessor: Task, successor: Task, by: User, lag_days: int = 0
) -> TaskDependency:
    """Finish-to-start link; refused when it would make a cycle."""
    _require(by, "programmes.change_task", successor)
    if would_cycle(predecessor, successor):
        raise ValidationError(
            _("“%(a)s” cannot wait for “%(b)s”: the tasks would wait for each other.")
            % {"a": successor.title, "b": predecessor.title}
        )
    if TaskDependency.objects.filter(predecessor=predecessor, successor=successor).exists():
        raise ValidationError(
            _("“%(a)s” already waits for “%(b)s”.") % {"a": successor.title, "b": predecessor.title}
        )
    if not -365 <= lag_days <= 365:
        raise ValidationError({"lag_days": _("The lag must be between -365 and 365 days.")})
    return TaskDependency.objects.create(
        predecessor=predecessor, successor=successor, lag_days=lag_days
    )


@transaction.atomic
def accept_proposals(
    agreement: Agreement,
    by: User,
    proposals: Sequence[dict],
    *,
    start_date: dt.date,
    due_date: dt.date,
) -> tuple[list[Commitment], list[Task]]:
    """Create the commitments a coordinator accepted, and a task for each one with a lead.

    Each proposal: text, paragraph, fields (CooperationField list), lead (Organisation or None),
    partners, and optionally due_date (read from the text; ``due_date`` when None) and reporting
    (a Task.Recurrence value). A task is created only where the user may lead it (their own
    locality); the rest stay commitments for the other party's coordinator to assign.
    """
    if not by.has_perm("programmes.add_task_to_agreement", agreement):
        raise PermissionDenied(_("Only a coordinator of a party accepts commitments."))
    commitments, tasks = [], []
    order = agreement.commitments.count()
    for p in proposals:
        order += 1
        commitment = create_commitment(
            agreement, p["text"], fields=p["fields"], paragraph=p.get("paragraph"), order=order
        )
        commitments.append(commitment)
        lead = p.get("lead")
        if lead is not None and by.has_perm(
            "programmes.change_task", Task(lead=lead, commitment=commitment)
        ):
            tasks.append(
                create_task(
                    commitment,
                    by,
                    title=_short_title(p["text"]),
                    lead=lead,
                    start_date=start_date,
                    due_date=p.get("due_date") or due_date,
                    partners=p.get("partners") or (),
                    reporting=p.get("reporting") or "",
                )
            )
    return commitments, tasks


def link_commitment(
    by: User, commitment: Commitment, target_key: str, object_id: int
) -> CommitmentLink:
    """Record that an object of another app (a practice, a layer, a project…) carries out a
    commitment. Only a coordinator of a party links, and only to an object they may see:
    `LookupError` for a kind that cannot be linked, the target model's `DoesNotExist` for one
    that is missing or hidden from `by` (answer both the same way), `PermissionDenied` else."""
    from django.contrib.contenttypes.models import ContentType

    from hoptac.core import linkable

    kind = linkable.kind(target_key)
    if kind is None or not kind.linkable:
        raise LookupError(target_key)
    if not by.has_perm("programmes.add_task_to_agreement", commitment.agreement):
        raise PermissionDenied(_("Only a coordinator of a party links commitments."))
    target = linkable.visible_object(by, target_key, object_id, linkable=True)
    content_type = ContentType.objects.get_for_model(target)
    link = CommitmentLink.objects.filter(
        commitment=commitment, content_type=content_type, object_id=target.pk
    ).first()
    if link is None:
        link = CommitmentLink(commitment=commitment, content_type=content_type, object_id=target.pk)
        link._history_user = by
        link.save()
    return link


def _short_title(text: str) -> str:
    text = text.strip().rstrip(".")
    return text if len(text) <= 200 else text[:197].rsplit(" ", 1)[0] + "…"


def add_field(
    by: User, *, name_vi: str, name_en: str = "", keywords: str = "", description: str = ""
) -> CooperationField:
    """A coordinator extends the vocabulary of cooperation fields (recorded in its history); its
    name, keywords and description are what drafting reads the field from."""
    from django.utils.text import slugify

    from hoptac.core.text import fold  # the same folding as search: đ -> d

    base = slugify(fold(name_vi))[:50] or "linh-vuc"
    code, n = base, 1
    while CooperationField.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    last = CooperationField.objects.order_by("-order").values_list("order", flat=True).first() or 0
    field = CooperationField(
        code=code,
        name_vi=name_vi,
        name_en=name_en,
        keywords=keywords,
        description=description,
        order=last + 1,
    )
    field._history_user = by
    field.save()
    return field


@transaction.atomic
def publish_commitment(commitment: Commitment, by: User) -> Commitment:
    """Put a commitment, its tasks' states and progress, and its public evidence on the public
    pages; recorded in the commitment's history (the audit trail) with who and when."""
    _require_publisher(by, commitment)
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if commitment.published_at is None:
        commitment.published_at = timezone.now()
        commitment._history_user = by
        commitment.save(update_fields=["published_at"])
        update_change_reason(commitment, str(_("published")))
    return commitment


@transaction.atomic
def withdraw_commitment(commitment: Commitment, by: User) -> Commitment:
    """Take a commitment off the public pages (recorded in its history like the publication)."""
    _require_publisher(by, commitment)
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if commitment.published_at is not None:
        commitment.published_at = None
        commitment._history_user = by
        commitment.save(update_fields=["published_at"])
        update_change_reason(commitment, str(_("withdrawn from the public pages")))
    return commitment


def _require_publisher(by: User, commitment: Commitment) -> None:
    if not by.has_perm("programmes.publish_commitment", commitment):
        raise PermissionDenied(_("Only a coordinator of a party publishes a commitment."))


@transaction.atomic
def set_evidence_public(evidence: Evidence, by: User, public: bool) -> Evidence:
    """Mark an evidence file public (shown with its published commitment) or private again; the
    coordinator of the task lead's locality decides, and the file's history records it."""
    _require(by, "programmes.publish_evidence", evidence.report.task)
    if evidence.is_public != public:
        evidence.is_public = public
        evidence._history_user = by
        evidence.save(update_fields=["is_public"])
        update_change_reason(evidence, str(_("made public") if public else _("made private again")))
    return evidence


def change_task(
    task: Task,
    by: User,
    *,
    title: str | None = None,
    description: str | None = None,
    reporting: str | None = None,
    partners: Iterable[Organisation] | None = None,
    assignees: Iterable[User] | None = None,
) -> Task:
    """Change what a task says and who works on it (not its dates: the due date moves only by
    an approved extension); the coordinator of the lead's locality, recorded in its history."""
    _require(by, "programmes.change_task", task)
    with transaction.atomic():
        if title is not None:
            task.title = title
        if description is not None:
            task.description = description
        if reporting is not None:
            task.reporting = reporting
        task.full_clean()
        task._history_user = by
        task.save()
        if partners is not None:
            task.partners.set([p for p in partners if p.pk != task.lead_id])
        if assignees is not None:
            task.assignees.set(assignees)
    return task


def subscribe_webhook(
    owner: User, *, url: str, events: Sequence[str], locality: Locality | None = None
):
    """Register an address to be told of task events; returns the subscription, whose secret
    signs every delivery (shown to its owner)."""
    import secrets

    from django.core.validators import URLValidator

    from .webhook_models import WebhookEvent, WebhookSubscription

    errors: dict[str, list[str]] = {}
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        errors["url"] = [str(_("Give a web address starting with http:// or https://."))]
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


def _titles(tasks: Iterable[Task]) -> str:
    return "; ".join(f"“{t.title}”" for t in tasks)


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
    from .models import Tag

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
        raise ValidationError(errors)
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
        raise ValidationError(errors)
    return [request_extension(t, by, new_due, reason) for t in tasks]


def save_task_filter(by: User, name: str, query: str) -> SavedTaskFilter:
    """Keep the task list's query string under a name (the same name replaces it)."""
    from urllib.parse import parse_qsl, urlencode

    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the filter a name.")})
    pairs = [(k, v) for k, v in parse_qsl(query) if k not in {"page", "format"} and v]
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
