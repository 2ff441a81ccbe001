"""The dashboard's counts kept by the writes (decision 0013): every save or delete of a task that
changes its commitment, lead, due date or completion recounts the one or two groups
(commitment, lead locality) it leaves and joins, in the same transaction; `rebuild` recounts
everything (the nightly job, `manage.py rebuild_task_counts`, and after bulk inserts that skip
`save()`, as the benchmark's generator does).

A recount locks its group's row first (`select_for_update`), so two writers of one group
recount one after the other and the second sees the first's task; it is a grouped count of the
tasks of one commitment (tens, at most a few thousand), never of all tasks.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.db.models.signals import post_delete, post_save
from django_tasks import task as background_task

from hoptac.core import dates
from hoptac.core.models import Organisation

from .models import Task, TaskCount

# the fields a save names (`update_fields`) that may change a task's group or state
_RELEVANT = {"commitment", "commitment_id", "lead", "lead_id", "due_date", "completed_on"}


def _aggregates(pivot: dt.date) -> dict:
    """The four counts of a group's tasks, the open ones split at `pivot`."""
    return {
        "done_on_time": Count(
            "pk", filter=Q(completed_on__isnull=False, completed_on__lte=F("due_date"))
        ),
        "done_late": Count(
            "pk", filter=Q(completed_on__isnull=False, completed_on__gt=F("due_date"))
        ),
        "open_from_pivot": Count("pk", filter=Q(completed_on__isnull=True, due_date__gte=pivot)),
        "open_before_pivot": Count("pk", filter=Q(completed_on__isnull=True, due_date__lt=pivot)),
    }


def recount(commitment_id: int, locality_id: int, today: dt.date | None = None) -> None:
    """Count one group's tasks again and store it, split at `today` (its row goes if empty)."""
    today = today or dates.today()
    for attempt in range(2):
        try:
            with transaction.atomic():
                _recount(commitment_id, locality_id, today)
            return
        except IntegrityError:  # another writer created the row first: lock it and recount
            if attempt:
                raise


def _recount(commitment_id: int, locality_id: int, today: dt.date) -> None:
    row = (
        TaskCount.objects.select_for_update()
        .filter(commitment_id=commitment_id, locality_id=locality_id)
        .first()
    )
    counts = Task.objects.filter(
        commitment_id=commitment_id, lead__locality_id=locality_id
    ).aggregate(**_aggregates(today))
    if not any(counts.values()):
        if row is not None:
            row.delete()
        return
    if row is None:
        row = TaskCount(commitment_id=commitment_id, locality_id=locality_id)
    row.pivot = today
    for name, value in counts.items():
        setattr(row, name, value)
    row.save()


@transaction.atomic
def rebuild(today: dt.date | None = None) -> int:
    """Recount every group from the tasks, split at `today`; returns the number of groups."""
    today = today or dates.today()
    TaskCount.objects.all().delete()
    names = list(_aggregates(today))
    grouped = (
        Task.objects.order_by()
        .values_list("commitment_id", "lead__locality_id")
        .annotate(**_aggregates(today))
    )
    rows = [
        TaskCount(
            commitment_id=commitment_id,
            locality_id=locality_id,
            pivot=today,
            **dict(zip(names, values, strict=True)),
        )
        for commitment_id, locality_id, *values in grouped
    ]
    TaskCount.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _groups(keys: list[tuple]) -> set[tuple[int, int]]:
    """The (commitment, lead locality) groups of some counted keys."""
    localities = dict(
        Organisation.objects.filter(pk__in={k[1] for k in keys}).values_list("pk", "locality_id")
    )
    return {(k[0], localities[k[1]]) for k in keys if k[1] in localities}


def _task_saved(sender, instance: Task, raw: bool = False, update_fields=None, **kwargs) -> None:
    if raw or (update_fields is not None and not _RELEVANT & set(update_fields)):
        return
    before = getattr(instance, "_counted", None)
    now = instance.counted_key()
    if now is None:  # a partly loaded task was saved whole: read what it now holds
        now = tuple(
            Task.objects.filter(pk=instance.pk).values_list(
                "commitment_id", "lead_id", "due_date", "completed_on"
            )[0]
        )
    if before == now:
        return
    keys = [now] if before is None else [before, now]
    for commitment_id, locality_id in sorted(_groups(keys)):
        recount(commitment_id, locality_id)
    instance._counted = now


def _task_deleted(sender, instance: Task, **kwargs) -> None:
    key = getattr(instance, "_counted", None) or instance.counted_key()
    if key is None:
        return
    for commitment_id, locality_id in _groups([key]):
        recount(commitment_id, locality_id)


def connect() -> None:
    """Keep the counts with every save and delete of a task (called from the app's ready())."""
    post_save.connect(_task_saved, sender=Task, dispatch_uid="programmes.counts.saved")
    post_delete.connect(_task_deleted, sender=Task, dispatch_uid="programmes.counts.deleted")


@background_task()
def nightly_rebuild() -> int:
    """The daily job (00:05 in Vietnam): every pivot moves to today, any drift is repaired."""
    return rebuild()
