"""Tasks, their derived status, the links between them, their tags and the task list's saved
filters."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hoptac.core import dates
from hoptac.core.collation import SortKeyField, stored_key
from hoptac.core.models import Organisation

from .agreements import Commitment


class TaskStatus(models.TextChoices):
    """The Government Office's four states."""

    DONE_ON_TIME = "done_on_time", _("done on time")
    DONE_LATE = "done_late", _("done late")
    IN_TERM = "in_term", _("not done – within term")
    OVERDUE = "overdue", _("not done – overdue")


# The sign shown before a status's name (the colour alone would not tell it).
STATUS_ICONS = {
    TaskStatus.DONE_ON_TIME: "✔",
    TaskStatus.DONE_LATE: "✔!",
    TaskStatus.IN_TERM: "◷",
    TaskStatus.OVERDUE: "⚠",
}


def derive_status(due: dt.date, completed: dt.date | None, today: dt.date) -> str:
    """The status of a task from its dates (the same rule as queries.with_status in SQL)."""
    if completed is not None:
        return TaskStatus.DONE_ON_TIME if completed <= due else TaskStatus.DONE_LATE
    return TaskStatus.IN_TERM if today <= due else TaskStatus.OVERDUE


SHORT_TITLE_MAX = 40

# The fields the dashboard's counts (models.counts.TaskCount) are kept from.
COUNTED_FIELDS = ("commitment_id", "lead_id", "due_date", "completed_on")
_UNLOADED = object()


class Task(models.Model):
    class Recurrence(models.TextChoices):
        NONE = "", _("no recurring report")
        MONTHLY = "monthly", _("monthly")
        QUARTERLY = "quarterly", _("quarterly")
        HALF_YEARLY = "half-yearly", _("half-yearly")
        YEARLY = "yearly", _("yearly")

    commitment = models.ForeignKey(
        Commitment, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("commitment")
    )
    title = models.CharField(_("task"), max_length=500)
    short_title = models.CharField(
        _("short title"),
        max_length=SHORT_TITLE_MAX,
        blank=True,
        help_text=_("A few words that tell this task from its neighbours on the Gantt chart."),
    )
    description = models.TextField(_("description"), blank=True)
    lead = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="led_tasks",
        verbose_name=_("lead organisation"),
    )
    partners = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="partner_tasks",
        verbose_name=_("partner organisations"),
    )
    assignees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="assigned_tasks",
        verbose_name=_("assignees"),
    )
    start_date = models.DateField(_("start date"))
    due_date = models.DateField(_("due date"))
    baseline_due_date = models.DateField(_("original due date"), editable=False)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    reporting = models.CharField(
        _("recurring report"), max_length=12, choices=Recurrence.choices, blank=True, default=""
    )
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True, editable=False)
    tags = models.ManyToManyField(
        "programmes.Tag", blank=True, related_name="tasks", verbose_name=_("tags")
    )
    created = models.DateTimeField(auto_now_add=True)
    # The task list's sort keys (Vietnamese order, `core.collation`), kept by save() and, for
    # a lead renamed, by `sortkeys.connect`: an index then serves a page sorted by either.
    title_sort = SortKeyField(max_length=500, editable=False, default="")
    lead_sort = SortKeyField(max_length=500, editable=False, default="")
    # the agreement's reference, kept the same way (its renaming: `sortkeys.connect`)
    agreement_sort = SortKeyField(max_length=500, editable=False, default="")
    history = HistoricalRecords(
        m2m_fields=[partners, assignees, tags],
        excluded_fields=["title_sort", "lead_sort", "agreement_sort"],
    )

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        # The dashboard's three grouped passes read only these four columns: each walks an
        # index that holds them (no table row per task), in the order it needs.
        indexes = [
            models.Index(fields=["lead", "due_date"]),
            # the list by due date; the tasks falling due per month
            models.Index(fields=["due_date", "completed_on", "commitment"]),
            # the tasks completed per month
            models.Index(fields=["completed_on", "due_date", "commitment"]),
            # the four states by commitment (hence field) and lead (hence locality)
            models.Index(fields=["commitment", "lead", "due_date", "completed_on"]),
            # the list by title and by lead, in Vietnamese order (the id breaks ties); the
            # commitment, which the visibility rule reads, without a visit to the row
            models.Index(fields=["title_sort", "id", "commitment"], name="task_title_sort"),
            models.Index(fields=["lead_sort", "id", "commitment"], name="task_lead_sort"),
            models.Index(fields=["agreement_sort", "id", "commitment"], name="task_agreement_sort"),
            # the list by state: the open tasks along their ids (SQLite otherwise reads every
            # open task through (completed_on, due_date) and sorts them by id for a page of 50)
            models.Index(
                fields=["completed_on", "id", "due_date", "commitment"], name="task_open_by_id"
            ),
            # the list by start and by progress: a page walks the index from its cursor
            models.Index(fields=["start_date", "id", "commitment"], name="task_start_id"),
            models.Index(fields=["progress", "id", "commitment"], name="task_progress_id"),
            # "my work": the user's tasks (a union of ids) are sorted and counted by state from
            # this index, never from the rows (PostgreSQL scanned all 100,000, issue 19)
            models.Index(
                fields=["id", "commitment", "due_date", "completed_on"], name="task_mine_by_id"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__gte=models.F("start_date")), name="task_due_after_start"
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="task_progress_max_100"),
        ]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def from_db(cls, db, field_names, values):
        task = super().from_db(db, field_names, values)
        task._counted = task.counted_key()  # what the dashboard's counts hold for it
        task._loaded_lead = task.__dict__.get("lead_id", _UNLOADED)
        task._loaded_commitment = task.__dict__.get("commitment_id", _UNLOADED)
        return task

    def counted_key(self) -> tuple | None:
        """What the dashboard's counts depend on (decision 0014): None if a field was not
        loaded, so a save of a partly loaded task recounts rather than guesses."""
        values = tuple(self.__dict__.get(f, _UNLOADED) for f in COUNTED_FIELDS)
        return None if _UNLOADED in values else values

    @property
    def locality_id(self) -> int:
        return self.lead.locality_id

    @property
    def organisation_id(self) -> int:
        return self.lead_id

    def status_on(self, today: dt.date | None = None) -> str:
        return derive_status(self.due_date, self.completed_on, today or dates.today())

    @property
    def status(self) -> str:
        return getattr(self, "status_db", None) or self.status_on()

    def get_status_display(self) -> str:
        return TaskStatus(self.status).label

    @property
    def status_icon(self) -> str:
        return STATUS_ICONS[TaskStatus(self.status)]

    def clean(self) -> None:
        super().clean()
        if self.start_date and self.due_date and self.due_date < self.start_date:
            raise ValidationError({"due_date": _("The due date cannot be before the start date.")})
        if self.completed_on and self.start_date and self.completed_on < self.start_date:
            raise ValidationError(
                {"completed_on": _("The completion date cannot be before the start date.")}
            )

    def fill_sort_keys(
        self, lead_name: str | None = None, reference: str | None = None
    ) -> set[str]:
        """Compute the list's sort keys; the fields that changed. The lead's name (the
        agreement's reference) is read only if it is not given, not loaded and the lead (the
        commitment) is new to this task."""
        changed = set()
        title_sort = stored_key(self.title)
        if title_sort != self.title_sort:
            self.title_sort, changed = title_sort, {"title_sort"}
        if lead_name is None and Task.lead.is_cached(self):
            lead_name = self.lead.name_vi if self.lead else ""
        if lead_name is None and (
            not self.lead_sort or self.lead_id != getattr(self, "_loaded_lead", None)
        ):
            lead_name = (
                Organisation.objects.filter(pk=self.lead_id).values_list("name_vi", flat=True)
            ).first() or ""
        if lead_name is not None and stored_key(lead_name) != self.lead_sort:
            self.lead_sort = stored_key(lead_name)
            changed.add("lead_sort")
        if reference is None and Task.commitment.is_cached(self) and self.commitment:
            if Commitment.agreement.is_cached(self.commitment):
                reference = self.commitment.agreement.reference
        if reference is None and (
            not self.agreement_sort
            or self.commitment_id != getattr(self, "_loaded_commitment", None)
        ):
            reference = (
                Commitment.objects.filter(pk=self.commitment_id)
                .values_list("agreement__reference", flat=True)
                .first()
            ) or ""
        if reference is not None and stored_key(reference) != self.agreement_sort:
            self.agreement_sort = stored_key(reference)
            changed.add("agreement_sort")
        return changed

    def save(self, *args, **kwargs) -> None:
        if self.baseline_due_date is None:
            self.baseline_due_date = self.due_date
        update_fields = kwargs.get("update_fields")
        keyed = {"title", "lead", "lead_id", "commitment", "commitment_id"}
        if update_fields is None or keyed & set(update_fields):
            changed = self.fill_sort_keys()
            if update_fields is not None and changed:
                kwargs["update_fields"] = {*update_fields, *changed}
        if self.completed_on is not None:
            # a finished task is 100% done: the badge, the export and the review agree
            self.progress = 100
            if (
                kwargs.get("update_fields") is not None
                and "completed_on" in kwargs["update_fields"]
            ):
                kwargs["update_fields"] = {*kwargs["update_fields"], "progress"}
        super().save(*args, **kwargs)
        self._loaded_lead = self.lead_id  # the lead the database now holds
        self._loaded_commitment = self.commitment_id


class TaskDependency(models.Model):
    """Finish-to-start: the successor may start `lag_days` after the predecessor finishes."""

    predecessor = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="successor_links")
    successor = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="predecessor_links")
    lag_days = models.SmallIntegerField(_("lag (days)"), default=0)

    class Meta:
        verbose_name = _("dependency")
        verbose_name_plural = _("dependencies")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="dependency_unique"),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")), name="dependency_not_self"
            ),
        ]


class Tag(models.Model):
    """A free label on tasks ("ODA", "priority 2026"), shared by the partner cities."""

    name = models.CharField(_("tag"), max_length=50, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class SavedTaskFilter(models.Model):
    """A filter of the task list a user keeps under a name: the list's query string, whose
    relative values ("my organisation", "this quarter") are read for whoever opens it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="task_filters"
    )
    name = models.CharField(_("name"), max_length=80)
    query = models.CharField(_("filter"), max_length=1000)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="saved_task_filter_unique")
        ]

    def __str__(self) -> str:
        return self.name
