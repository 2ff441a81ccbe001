"""Who hears of a task: reminder preferences and reminders sent, followed items, visits and weekly
digests."""

from __future__ import annotations

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .agreements import Agreement, Commitment
from .tasks import Task


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
