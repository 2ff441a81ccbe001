"""The dashboard's counts kept by the writes (decision 0014): every save or delete of a task that
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
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django_tasks import task as background_task

from hoptac.core import dates
from hoptac.core.models import Organisation

from .models import Agreement, Commitment, Task, TaskCount, TaskMonthCount

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
    """Recount every group from the tasks, split at `today`, and the monthly rows; returns
    the number of groups."""
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
    rebuild_months()
    return len(rows)


def party_key(locality_ids) -> str:
    """The set of an agreement's parties as the monthly counts name it ("1,2")."""
    return ",".join(str(i) for i in sorted(set(locality_ids)))


def _parties_by_agreement(agreement_ids: set[int] | None = None) -> dict[int, str]:
    """Each agreement's set of parties (all agreements, or those named)."""
    through = Agreement.parties.through.objects.all()
    if agreement_ids is None:
        ids = list(Agreement.objects.values_list("pk", flat=True))
    else:
        ids = list(agreement_ids)
        through = through.filter(agreement_id__in=ids)
    parties: dict[int, list[int]] = {a: [] for a in ids}
    for agreement_id, locality_id in through.values_list("agreement_id", "locality_id"):
        parties[agreement_id].append(locality_id)
    return {a: party_key(locs) for a, locs in parties.items()}


class _Keys:
    """What counted keys (commitment, lead, due, completed) stand for: the lead's locality and
    the set of parties of the commitment's agreement; two queries for all of them."""

    def __init__(self, keys: list[tuple]) -> None:
        self.locality = dict(
            Organisation.objects.filter(pk__in={k[1] for k in keys}).values_list(
                "pk", "locality_id"
            )
        )
        agreement_of = dict(
            Commitment.objects.filter(pk__in={k[0] for k in keys}).values_list("pk", "agreement_id")
        )
        parties = _parties_by_agreement(set(agreement_of.values()))
        self.parties = {c: parties[a] for c, a in agreement_of.items()}

    def groups(self, keys: list[tuple]) -> set[tuple[int, int]]:
        """The (commitment, lead locality) groups of the keys."""
        return {(k[0], self.locality[k[1]]) for k in keys if k[1] in self.locality}

    def months(self, key: tuple, sign: int, out: dict) -> None:
        """Add (sign = 1) or take away (-1) a task's part of the monthly counts."""
        commitment_id, lead_id, due, done = key
        if lead_id not in self.locality or commitment_id not in self.parties:
            return
        group = (self.parties[commitment_id], self.locality[lead_id])
        out[(*group, due.replace(day=1))][0] += sign
        if done is not None:
            out[(*group, done.replace(day=1))][1 if done <= due else 2] += sign


def _add_months(deltas: dict) -> None:
    for (parties, locality_id, month), (due, on_time, late) in sorted(deltas.items()):
        if not (due or on_time or late):
            continue
        for attempt in range(2):
            try:
                with transaction.atomic():
                    found = TaskMonthCount.objects.filter(
                        parties=parties, locality_id=locality_id, month=month
                    ).update(
                        due=F("due") + due, on_time=F("on_time") + on_time, late=F("late") + late
                    )
                    if not found:
                        TaskMonthCount.objects.create(
                            parties=parties,
                            locality_id=locality_id,
                            month=month,
                            due=due,
                            on_time=on_time,
                            late=late,
                        )
                break
            except IntegrityError:  # created meanwhile by another writer: add to it
                if attempt:
                    raise


def rebuild_months() -> int:
    """Count the monthly rows again from the tasks; returns their number."""
    TaskMonthCount.objects.all().delete()
    parties = _parties_by_agreement()
    rows: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
    tasks = Task.objects.order_by()
    for agreement_id, locality_id, due, n in tasks.values_list(
        "commitment__agreement_id", "lead__locality_id", "due_date"
    ).annotate(n=Count("pk")):
        rows[(parties[agreement_id], locality_id, due.replace(day=1))][0] += n
    for agreement_id, locality_id, done, on_time, late in (
        tasks.filter(completed_on__isnull=False)
        .values_list("commitment__agreement_id", "lead__locality_id", "completed_on")
        .annotate(
            on_time=Count("pk", filter=Q(completed_on__lte=F("due_date"))),
            late=Count("pk", filter=Q(completed_on__gt=F("due_date"))),
        )
    ):
        row = rows[(parties[agreement_id], locality_id, done.replace(day=1))]
        row[1] += on_time
        row[2] += late
    TaskMonthCount.objects.bulk_create(
        [
            TaskMonthCount(parties=p, locality_id=loc, month=m, due=a, on_time=b, late=c)
            for (p, loc, m), (a, b, c) in rows.items()
        ],
        batch_size=1000,
    )
    return len(rows)


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
    known = _Keys(keys)
    for commitment_id, locality_id in sorted(known.groups(keys)):
        recount(commitment_id, locality_id)
    deltas: dict = defaultdict(lambda: [0, 0, 0])
    if before is not None:
        known.months(before, -1, deltas)
    known.months(now, 1, deltas)
    _add_months(deltas)
    instance._counted = now


def _task_deleted(sender, instance: Task, **kwargs) -> None:
    key = getattr(instance, "_counted", None) or instance.counted_key()
    if key is None:
        return
    known = _Keys([key])
    for commitment_id, locality_id in known.groups([key]):
        recount(commitment_id, locality_id)
    deltas: dict = defaultdict(lambda: [0, 0, 0])
    known.months(key, -1, deltas)
    _add_months(deltas)


def _parties_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    """An agreement's parties changed: its tasks move to another set of parties (rare; the
    monthly rows are counted again, when the agreement has tasks)."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    agreements = (pk_set or set()) if reverse else {instance.pk}
    if action == "post_clear" and reverse:
        agreements = None  # a locality left every agreement
    tasks = Task.objects.all()
    if agreements is not None:
        tasks = tasks.filter(commitment__agreement_id__in=agreements)
    if tasks.exists():
        rebuild_months()


def connect() -> None:
    """Keep the counts with every save and delete of a task (called from the app's ready())."""
    post_save.connect(_task_saved, sender=Task, dispatch_uid="programmes.counts.saved")
    post_delete.connect(_task_deleted, sender=Task, dispatch_uid="programmes.counts.deleted")
    m2m_changed.connect(
        _parties_changed,
        sender=Agreement.parties.through,
        dispatch_uid="programmes.counts.parties",
    )


@background_task()
def nightly_rebuild() -> int:
    """The daily job (00:05 in Vietnam): every pivot moves to today, any drift is repaired."""
    return rebuild()
