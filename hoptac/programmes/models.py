"""Agreements become commitments, commitments become tasks; tasks carry progress to the review.

A task's status is never typed: it is derived from its due date, its completion date and today,
in the four states the Government Office reports.
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from hoptac.core import dates
from hoptac.core.models import CooperationField, Locality, Organisation

# "2138-TB/TU" (Party style: number-type/issuer) or "15/BC-UBND" (state style: number/type-issuer).
# Letters include Đ; parts may carry more hyphenated pieces ("45/KH-UBND-VX", "01/2024/NQ-HĐND").
# Symbols keep their case: "CTr" (chương trình) is not "CTR".
_PIECE = r"[A-ZĐ][A-Za-zĐđ0-9]*(?:-[A-ZĐ][A-Za-zĐđ0-9]*)*"
REFERENCE_RE = re.compile(
    rf"^(?P<number>\d{{1,6}})(?:(?P<sep>-)(?P<ptype>[A-ZĐ]+)/(?P<pissuer>{_PIECE})"
    rf"|/(?:(?P<year>\d{{4}})/)?(?P<symbol>{_PIECE}))$"
)


def parse_reference(value: str) -> tuple[int, str]:
    """Split an official number and symbol ('2138-TB/TU', '15/BC-UBND') into (number, symbol).

    Raises ValidationError with a Vietnamese-translated message when the form is wrong.
    """
    text = re.sub(r"\s*([-/])\s*", r"\1", (value or "").strip())
    if text.lower() == text:  # typed all in lower case: "2138-tb/tu"
        text = text.upper()
    match = REFERENCE_RE.match(text)
    if not match:
        raise ValidationError(
            _(
                "“%(value)s” is not an official number and symbol. Write it as 2138-TB/TU "
                "(Party documents) or 15/BC-UBND (State documents)."
            ),
            params={"value": value},
            code="reference",
        )
    number = int(match["number"])
    if number == 0:
        raise ValidationError(_("The document number must be greater than zero."), code="reference")
    symbol = text[len(match["number"]) :]
    return number, symbol


class Agreement(models.Model):
    """A cooperation agreement: a concluding notice, memorandum, programme or plan."""

    class Kind(models.TextChoices):
        NOTICE = "notice", _("concluding notice")
        MEMORANDUM = "memorandum", _("memorandum of understanding")
        AGREEMENT = "agreement", _("cooperation agreement")
        PROGRAMME = "programme", _("cooperation programme")
        PLAN = "plan", _("plan")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("status of an agreement", "draft")
        IN_FORCE = "in_force", _("in force")
        COMPLETED = "completed", _("completed")
        SUPERSEDED = "superseded", _("superseded")

    reference = models.CharField(_("number and symbol"), max_length=60)
    number = models.PositiveIntegerField(_("number"), editable=False)
    symbol = models.CharField(_("symbol"), max_length=50, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(pgettext_lazy("of an official document", "title"), max_length=500)
    title_en = models.CharField(
        pgettext_lazy("of an official document", "title (English)"), max_length=500, blank=True
    )
    signed_on = models.DateField(pgettext_lazy("the date an agreement was signed", "date"))
    issuer = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="issued_agreements",
        verbose_name=_("issuing body"),
    )
    parties = models.ManyToManyField(Locality, related_name="agreements", verbose_name=_("parties"))
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IN_FORCE
    )
    is_public = models.BooleanField(_("public"), default=False)
    source_file = models.FileField(_("source document"), upload_to="agreements/%Y/", blank=True)
    source_text = models.TextField(_("text of the source"), blank=True)
    history = HistoricalRecords(m2m_fields=[parties])

    class Meta:
        ordering = ["-signed_on", "reference"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "reference", "signed_on"], name="agreement_unique_reference"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.title}"

    @property
    def locality_id(self) -> int:
        return self.issuer.locality_id

    @property
    def is_party_style(self) -> bool:
        """Party documents (Guidance 36-HD/VPTW) write 'Số 2138-TB/TU', without a colon."""
        return self.issuer.kind in {
            Organisation.Kind.PARTY_COMMITTEE,
            Organisation.Kind.PARTY_BOARD,
        }

    def clean(self) -> None:
        super().clean()
        if self.reference:
            try:
                self.number, self.symbol = parse_reference(self.reference)
                self.reference = f"{self.number}{self.symbol}"
            except ValidationError as err:
                raise ValidationError({"reference": err.messages}) from err
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The end of the period is before its start.")})

    def save(self, *args, **kwargs) -> None:
        self.number, self.symbol = parse_reference(self.reference)
        self.reference = f"{self.number}{self.symbol}"
        super().save(*args, **kwargs)


class Commitment(models.Model):
    """One promise of an agreement, in the words of its source."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("agreement")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("commitment"))
    text_en = models.TextField(_("commitment (English)"), blank=True)
    fields = models.ManyToManyField(
        CooperationField, related_name="commitments", verbose_name=_("cooperation fields")
    )
    localities = models.ManyToManyField(
        Locality, related_name="commitments", verbose_name=_("localities bound")
    )
    source_paragraph = models.PositiveSmallIntegerField(
        _("paragraph of the source"), null=True, blank=True
    )
    # Set by the coordinator's explicit act of publication (actions.publish_commitment); the
    # public pages show a commitment only while it is set.
    published_at = models.DateTimeField(_("published on"), null=True, blank=True, editable=False)
    history = HistoricalRecords(m2m_fields=[fields, localities])

    class Meta:
        ordering = ["agreement", "order", "pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self) -> str:
        return self.text if len(self.text) <= 120 else self.text[:117] + "…"


class CommitmentLink(models.Model):
    """A commitment points to what carries it out: a practice, a layer, a project, an activity."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="links")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    note = models.CharField(_("note"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("link to a commitment")
        verbose_name_plural = _("links to commitments")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "content_type", "object_id"], name="commitment_link_unique"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]


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
    history = HistoricalRecords(m2m_fields=[partners, assignees, tags])

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [
            models.Index(fields=["lead", "due_date"]),
            models.Index(fields=["due_date", "completed_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__gte=models.F("start_date")), name="task_due_after_start"
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="task_progress_max_100"),
        ]

    def __str__(self) -> str:
        return self.title

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

    def save(self, *args, **kwargs) -> None:
        if self.baseline_due_date is None:
            self.baseline_due_date = self.due_date
        if self.completed_on is not None:
            # a finished task is 100% done: the badge, the export and the review agree
            self.progress = 100
            if (
                kwargs.get("update_fields") is not None
                and "completed_on" in kwargs["update_fields"]
            ):
                kwargs["update_fields"] = {*kwargs["update_fields"], "progress"}
        super().save(*args, **kwargs)


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


class ExtensionRequest(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", pgettext_lazy("a decision on an extension request", "rejected")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="extensions")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    current_due = models.DateField(_("due date before"))
    new_due = models.DateField(_("new due date"))
    reason = models.TextField(_("reason"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")


class ProgressReport(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reported_on = models.DateField(_("report date"))
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    text = models.TextField(pgettext_lazy("a progress report", "what was done"))
    completed = models.BooleanField(_("the task is done"), default=False)
    reopened = models.BooleanField(_("the task was reopened"), default=False)
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-reported_on", "-pk"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")


class Evidence(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to="evidence/%Y/%m/")
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(pgettext_lazy("of a file", "size"))
    content_type = models.CharField(max_length=100)
    # Shown on the public page of a published commitment (actions.set_evidence_public).
    is_public = models.BooleanField(_("public"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")


class Comment(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")


class ReminderPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    days_before = models.CharField(
        _("remind me this many days before the due date"),
        max_length=40,
        default="7,1",
        help_text=_("Numbers separated by commas, e.g. 7,1"),
    )
    by_email = models.BooleanField(_("by e-mail"), default=True)
    in_app = models.BooleanField(_("in Hoptac"), default=True)

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")

    def day_list(self) -> list[int]:
        return sorted(
            {int(x) for x in self.days_before.split(",") if x.strip().isdigit()}, reverse=True
        )


class Reminder(models.Model):
    """A reminder already sent, so that the daily job never sends the same one twice."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("due soon")
        DUE_TODAY = "today", _("due today")
        OVERDUE = "overdue", _("overdue")
        ESCALATION = "escalation", _("overdue – escalated to the coordinator")
        REPORT_DUE = "report", _("periodic report due")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    for_date = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["task", "user", "kind", "for_date"], name="reminder_once"
            )
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


class Watch(models.Model):
    """A user follows a task, a commitment or an agreement: every change to its tasks reaches
    them (in Hoptac, and by e-mail if their reminder preference says so) and the weekly digest."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_watches"
    )
    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, null=True, blank=True, related_name="watches"
    )
    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, null=True, blank=True, related_name="watches"
    )
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, null=True, blank=True, related_name="watches"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("followed item")
        verbose_name_plural = _("followed items")
        constraints = [
            models.CheckConstraint(
                condition=Q(task__isnull=False, commitment__isnull=True, agreement__isnull=True)
                | Q(task__isnull=True, commitment__isnull=False, agreement__isnull=True)
                | Q(task__isnull=True, commitment__isnull=True, agreement__isnull=False),
                name="watch_exactly_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "task"], condition=Q(task__isnull=False), name="watch_task_once"
            ),
            models.UniqueConstraint(
                fields=["user", "commitment"],
                condition=Q(commitment__isnull=False),
                name="watch_commitment_once",
            ),
            models.UniqueConstraint(
                fields=["user", "agreement"],
                condition=Q(agreement__isnull=False),
                name="watch_agreement_once",
            ),
        ]


class TaskVisit(models.Model):
    """When a user last opened a task's page, so that the page can say what changed since."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="visits")
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "task"], name="task_visit_once")]


class WatchDigest(models.Model):
    """A weekly digest already sent, so that a second run of the job sends nothing twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week_of = models.DateField()  # the Monday of the week it covers
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "week_of"], name="watch_digest_once")
        ]


class SteeringMeeting(models.Model):
    """A periodic review meeting of the joint steering committee of an agreement: its agenda is
    drawn from the overdue and at-risk tasks when it is called; minutes and conclusions follow."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("agreement")
    )
    held_on = models.DateField(_("meeting date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("steering committee meeting")
        verbose_name_plural = _("steering committee meetings")


class AgendaItem(models.Model):
    """A task on a meeting's agenda, with why it is there as it stood when the agenda was drawn."""

    class Reason(models.TextChoices):
        OVERDUE = "overdue", _("overdue")
        AT_RISK = "at_risk", _("at risk")

    meeting = models.ForeignKey(SteeringMeeting, on_delete=models.CASCADE, related_name="items")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=10, choices=Reason.choices)
    progress = models.PositiveSmallIntegerField()
    due_date = models.DateField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]


class Conclusion(models.Model):
    """What the committee concluded; a conclusion that assigns work becomes a task."""

    meeting = models.ForeignKey(
        SteeringMeeting, on_delete=models.CASCADE, related_name="conclusions"
    )
    text = models.TextField(_("conclusion"))
    task = models.ForeignKey(
        Task, on_delete=models.SET_NULL, null=True, blank=True, related_name="from_conclusions"
    )
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")


from .webhook_models import WebhookDelivery, WebhookSubscription  # noqa: E402, F401
