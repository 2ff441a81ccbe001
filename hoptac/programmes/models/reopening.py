"""An officer's request to reopen a finished task, and the coordinator's decision on it."""

from __future__ import annotations

from django.conf import settings
from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .tasks import Task


class ReopenRequest(models.Model):
    """A finished task is closed; an officer of its lead or partner body asks for it to be
    reopened, saying why, and a coordinator of the lead's locality confirms or declines."""

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        CONFIRMED = "confirmed", pgettext_lazy("a request to reopen a task", "confirmed")
        DECLINED = "declined", pgettext_lazy("a request to reopen a task", "declined")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reopen_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
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
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("request to reopen a task")
        verbose_name_plural = _("requests to reopen a task")
        constraints = [
            # one request waits at a time per task
            models.UniqueConstraint(
                fields=["task"],
                condition=models.Q(state="pending"),
                name="reopen_request_one_pending",
            )
        ]

    @property
    def is_pending(self) -> bool:
        return self.state == self.State.PENDING
