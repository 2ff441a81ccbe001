"""Commitments: created from an agreement's text, linked to what carries them out, published."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import update_change_reason

from hoptac.core.models import CooperationField, Locality, User

from ..models import (
    Agreement,
    Commitment,
    CommitmentLink,
    Evidence,
    Task,
)
from .common import require_perm
from .tasks import create_task


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
                    title=short_title(p["text"]),
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


def short_title(text: str) -> str:
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
    require_perm(by, "programmes.publish_evidence", evidence.report.task)
    if evidence.is_public != public:
        evidence.is_public = public
        evidence._history_user = by
        evidence.save(update_fields=["is_public"])
        update_change_reason(evidence, str(_("made public") if public else _("made private again")))
    return evidence
