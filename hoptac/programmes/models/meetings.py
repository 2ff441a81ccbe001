"""Steering committee meetings: the agenda drawn from the tasks, and the conclusions."""

from __future__ import annotations

from django.conf import settings
from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .agreements import Agreement
from .tasks import Task


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
