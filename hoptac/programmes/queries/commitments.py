from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import (
    Prefetch,
    QuerySet,
)

from hoptac.core import linkable
from hoptac.core.models import Organisation, User
from hoptac.core.queries import scope_for

from ..models import Agreement, Commitment, CommitmentLink, Task
from .visibility import agreements_visible_to, task_list, tasks_visible_to, with_status


def task_detail(pk: int, user: User) -> Task:
    """One task with everything its page shows, or Task.DoesNotExist if the user may not see it."""
    from ..models import ExtensionRequest, ProgressReport

    return (
        with_status(tasks_visible_to(user))
        .select_related("lead__locality", "commitment__agreement__issuer")
        .prefetch_related(
            Prefetch("partners", queryset=Organisation.objects.select_related("locality")),
            "assignees",
            "commitment__fields",
            Prefetch(
                "reports",
                queryset=ProgressReport.objects.select_related("author").prefetch_related(
                    "evidence"
                ),
            ),
            Prefetch(
                "extensions",
                queryset=ExtensionRequest.objects.select_related("requested_by", "decided_by"),
            ),
            Prefetch(
                "comments",
                queryset=Task.comments.rel.related_model.objects.select_related("author"),
            ),
            Prefetch(
                "predecessor_links",
                queryset=Task.predecessor_links.rel.related_model.objects.select_related(
                    "predecessor"
                ),
            ),
            Prefetch(
                "successor_links",
                queryset=Task.successor_links.rel.related_model.objects.select_related("successor"),
            ),
        )
        .get(pk=pk)
    )


def commitments_of(
    agreement: Agreement, user: User, today: dt.date | None = None
) -> list[Commitment]:
    """The agreement's commitments with fields, localities and (visible) tasks, grouped once."""
    tasks = task_list(tasks_visible_to(user).filter(commitment__agreement=agreement), today)
    commitments = list(
        agreement.commitments.prefetch_related(
            "fields",
            "localities",
            Prefetch("tasks", queryset=tasks, to_attr="visible_tasks"),
            Prefetch("links", queryset=CommitmentLink.objects.prefetch_related("target")),
        )
    )
    _attach_targets(commitments, user)
    return commitments


@dataclass(frozen=True)
class LinkedTarget:
    """An object that carries out a commitment, as a reader may see it."""

    obj: object
    url: str
    # what its app says of it under the commitment (an indicator target's trend), in Vietnamese
    notes: tuple[str, ...] = ()


def _attach_targets(commitments: list[Commitment], user: User) -> None:
    """Set each commitment's `carried_out_by`: the linked objects this user may see (one
    visibility query per kind, through the registry), never those hidden from them."""
    targets = [link.target for c in commitments for link in c.links.all()]
    shown = {(type(o), o.pk) for o in linkable.keep_visible(user, targets)}
    for c in commitments:
        c.carried_out_by = [
            LinkedTarget(link.target, linkable.kind_of(link.target).url(link.target))
            for link in c.links.all()
            if link.target is not None and (type(link.target), link.target.pk) in shown
        ]


def group_by_field(commitments: list[Commitment]) -> list[tuple[object, list[Commitment]]]:
    """Commitments grouped under their first field, fields in their order."""
    groups: dict = defaultdict(list)
    order: dict = {}
    for c in commitments:
        fields = list(c.fields.all())
        key = fields[0] if fields else None
        groups[key].append(c)
        order[key] = key.order if key else 9999
    return sorted(groups.items(), key=lambda kv: order[kv[0]])


def links_to(user: User, obj) -> QuerySet[CommitmentLink]:
    """The links from commitments of agreements the user may see to this object."""
    from django.contrib.contenttypes.models import ContentType

    return CommitmentLink.objects.filter(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        commitment__agreement__in=agreements_visible_to(user),
    ).select_related("commitment__agreement")


def commitments_user_may_link(user: User, exclude: list[int], limit: int = 300) -> list[Commitment]:
    """Commitments of the agreements the user coordinates a party of (all for a superuser)."""
    scope = scope_for(user)
    if not scope.is_superuser and not scope.localities_with("coordinator"):
        return []
    qs = Commitment.objects.select_related("agreement").order_by("agreement", "order")
    if not scope.is_superuser:
        qs = qs.filter(agreement__parties__in=scope.localities_with("coordinator")).distinct()
    return list(qs.exclude(pk__in=exclude)[:limit])
