"""Experience requests: a question sent to partner localities, its addressees and answers."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.gis.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hoptac.core import dates
from hoptac.core.models import CooperationField, Locality, Organisation

from .knowledge import Practice


class ExperienceRequest(models.Model):
    """A department asks its counterpart, or every partner locality, how they did something."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ANSWERED = "answered", _("answered")
        CLOSED = "closed", _("closed")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("asking organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    locality = models.ForeignKey(
        Locality, verbose_name=_("locality"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=255)
    question = models.TextField(_("question (Markdown)"))
    due_on = models.DateField(_("answer wanted by"))
    fields = models.ManyToManyField(
        CooperationField, verbose_name=_("cooperation fields"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("experience request")
        verbose_name_plural = _("experience requests")

    def __str__(self) -> str:
        return self.subject

    @property
    def title(self) -> str:
        return self.subject

    def save(self, *args, **kwargs) -> None:
        if self.organisation_id and not self.locality_id:
            self.locality_id = self.organisation.locality_id
        super().save(*args, **kwargs)

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.status == self.Status.OPEN and self.due_on < (today or dates.today())

    def get_absolute_url(self) -> str:
        return reverse("exchange:request_detail", args=[self.pk])


class Addressee(models.Model):
    """One locality (and, when named, one counterpart body) a request is addressed to."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting for an answer")
        ANSWERED = "answered", _("answered")

    request = models.ForeignKey(
        ExperienceRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="addressees",
    )
    locality = models.ForeignKey(
        Locality, verbose_name=_("locality"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("counterpart"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: any body of the locality may answer."),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    last_reminded_on = models.DateField(_("last reminded on"), null=True, blank=True)

    class Meta:
        ordering = ["locality__code", "pk"]
        verbose_name = _("addressee")
        verbose_name_plural = _("addressees")
        constraints = [
            models.UniqueConstraint(fields=["request", "locality"], name="addressee_unique")
        ]

    def __str__(self) -> str:
        return str(self.organisation or self.locality)

    @property
    def answered(self) -> bool:
        return self.state == self.State.ANSWERED

    @property
    def answer_time(self) -> dt.timedelta | None:
        if self.answered_at is None:
            return None
        return self.answered_at - self.request.sent_at

    @property
    def answer_days(self) -> int | None:
        delta = self.answer_time
        return None if delta is None else max(delta.days, 0)


class Answer(models.Model):
    """A counterpart's answer: text, files and links to its practices."""

    addressee = models.ForeignKey(
        Addressee, verbose_name=_("addressee"), on_delete=models.CASCADE, related_name="answers"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("answering organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = models.TextField(_("answer (Markdown)"))
    practices = models.ManyToManyField(
        Practice, verbose_name=_("related practices"), blank=True, related_name="answers"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.body[:60]}"
