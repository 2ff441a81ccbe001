"""Webhooks: another system asks to be told of task events; each delivery is logged."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hoptac.core.models import Locality


class WebhookEvent(models.TextChoices):
    CREATED = "task.created", _("task created")
    DUE = "task.due", _("task due today")
    OVERDUE = "task.overdue", _("task overdue")
    REPORTED = "task.reported", _("progress reported")
    DONE = "task.done", _("task done")


class WebhookSubscription(models.Model):
    """A URL told (signed with its secret) of the events of the tasks its owner may see in
    `locality` (or every locality the owner works in, when empty)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhooks"
    )
    url = models.URLField(_("address (URL)"), max_length=500)
    secret = models.CharField(_("signing secret"), max_length=100, editable=False)
    events = models.JSONField(_("events"), default=list)
    locality = models.ForeignKey(
        Locality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("locality"),
    )
    active = models.BooleanField(pgettext_lazy("a webhook subscription", "active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("waiting")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(_("event"), max_length=20, choices=WebhookEvent.choices)
    task = models.ForeignKey(
        "programmes.Task", on_delete=models.CASCADE, related_name="+", null=True
    )
    # An event happens once per task and date (a task falls due once a day at most).
    for_date = models.DateField()
    payload = models.JSONField()
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    response_status = models.PositiveSmallIntegerField(
        pgettext_lazy("the receiving server's HTTP response", "answer"), null=True, blank=True
    )
    error = models.CharField(_("error"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [
            models.Index(fields=["subscription", "-created_at"]),
            models.Index(fields=["state", "next_attempt_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event", "task", "for_date"],
                condition=models.Q(event__in=["task.due", "task.overdue"]),
                name="webhook_due_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} #{self.pk}"
