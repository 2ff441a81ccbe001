"""The dashboard's counts, kept by the writes instead of counted per request (decision 0014).

One row per (commitment, lead locality): its finished tasks on time and late, and its open
tasks split at the row's `pivot` date — due on or after it (within term on that day) or before
it (overdue on that day). A read on another day moves the open tasks whose due date lies
between the pivot and that day from one side to the other (`queries.dashboard`), so a row never
goes stale with the date; the nightly rebuild brings every pivot to today and keeps that
correction to a day's tasks.
"""

from __future__ import annotations

from django.contrib.gis.db import models

from hoptac.core.models import Locality

from .agreements import Commitment


class TaskCount(models.Model):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="+")
    locality = models.ForeignKey(Locality, on_delete=models.CASCADE, related_name="+")
    pivot = models.DateField()
    done_on_time = models.PositiveIntegerField(default=0)
    done_late = models.PositiveIntegerField(default=0)
    open_from_pivot = models.PositiveIntegerField(default=0)  # due on or after the pivot
    open_before_pivot = models.PositiveIntegerField(default=0)  # due before the pivot

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "locality"], name="task_count_one_per_group"
            )
        ]

    def __str__(self) -> str:
        return f"{self.commitment_id}/{self.locality_id}"


class TaskMonthCount(models.Model):
    """The dashboard's monthly trend, kept by the writes (decision 0014): per set of parties
    (the agreement's localities, e.g. "1,2": who may see the tasks), lead locality and month,
    the tasks falling due in the month and those completed in it on time and late. Grouped by
    the set of parties rather than by agreement, so that the rows stay few (a handful of sets
    times the months) however many agreements and tasks there are."""

    parties = models.CharField(max_length=200)
    locality = models.ForeignKey(Locality, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # its first day
    due = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    late = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["parties", "locality", "month"], name="task_month_count_one_per_group"
            )
        ]

    def __str__(self) -> str:
        return f"{self.parties}/{self.locality_id}/{self.month:%Y-%m}"
