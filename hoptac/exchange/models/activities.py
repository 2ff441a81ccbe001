"""Activities (visits, workshops, meetings) and the people taking part."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hoptac.core import dates
from hoptac.core.bilingual import pick
from hoptac.core.models import Locality

from .shared import Publication, SharedItem


class Activity(SharedItem):
    """A delegation, study visit, workshop, conference or training course."""

    class Kind(models.TextChoices):
        DELEGATION = "delegation", _("delegation")
        STUDY_VISIT = "study_visit", _("study visit")
        WORKSHOP = "workshop", _("workshop")
        CONFERENCE = "conference", _("conference")
        TRAINING = "training", _("training course")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    description = models.TextField(_("description (Markdown)"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    host_locality = models.ForeignKey(
        Locality,
        verbose_name=_("host locality"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Where it takes place; for a delegation, the city visited."),
    )
    agenda = models.TextField(_("agenda (Markdown)"), blank=True)
    registration_open = models.BooleanField(_("registration open"), default=False)
    registration_deadline = models.DateField(_("registration deadline"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    minutes = models.TextField(_("minutes (Markdown)"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")),
                name="activity_ends_after_start",
                violation_error_message=_("An activity cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return pick(self, "title")

    def clean(self) -> None:
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("An activity cannot end before it starts.")})

    def registration_is_open(self, today: dt.date | None = None) -> bool:
        today = today or dates.today()
        if not self.registration_open or self.status != Publication.PUBLISHED:
            return False
        if self.registration_deadline and today > self.registration_deadline:
            return False
        return timezone.localtime(self.starts_at).date() >= today

    def get_absolute_url(self) -> str:
        return reverse("exchange:activity_detail", args=[self.pk])


class Participant(models.Model):
    """Someone taking part: an account, or an outside guest named by hand."""

    class Role(models.TextChoices):
        HOST = "host", _("host")
        DELEGATE = "delegate", _("delegation member")
        SPEAKER = "speaker", _("speaker")
        ATTENDEE = "attendee", _("attendee")

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    guest_name = models.CharField(_("guest name"), max_length=150, blank=True)
    guest_organisation = models.CharField(_("guest's organisation"), max_length=255, blank=True)
    guest_email = models.EmailField(_("guest's e-mail"), blank=True)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.ATTENDEE)
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "registered_at", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "user"],
                condition=Q(user__isnull=False),
                name="participant_unique_account",
                violation_error_message=_("This account is already registered."),
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(guest_name=""),
                name="participant_account_or_guest",
                violation_error_message=_("Name the guest or choose an account."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.user) if self.user_id else self.guest_name
