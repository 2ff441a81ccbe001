"""B2B meeting days: events, sessions, slots, tables, participants, requests and meetings."""

from __future__ import annotations

from django.contrib.gis.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from hoptac.core import dates
from hoptac.core.bilingual import pick
from hoptac.core.models import Locality

from .base import Bilingual
from .enterprises import Enterprise


class Event(Bilingual):
    locality = models.ForeignKey(
        Locality, on_delete=models.PROTECT, related_name="+", verbose_name=_("host city")
    )
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    venue = models.CharField(_("venue"), max_length=200)
    venue_en = models.CharField(_("venue (English)"), max_length=200, blank=True)
    day = models.DateField(_("day"))
    request_ttl_hours = models.PositiveIntegerField(_("requests expire after (hours)"), default=72)
    open_for_registration = models.BooleanField(_("open for registration"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-day"]
        verbose_name = _("B2B event")
        verbose_name_plural = _("B2B events")

    @property
    def is_over(self) -> bool:
        """The day is past in Vietnam's calendar (the day itself is not over)."""
        return self.day < dates.today()

    @property
    def registration_open(self) -> bool:
        """Open for registration, and the day not yet past in Vietnam: a B2B day that is over
        takes no registration, whatever its switch says."""
        return self.open_for_registration and not self.is_over

    @property
    def place(self) -> str:
        """The venue in the page's language (the Vietnamese one when no other)."""
        return pick(self, "venue", vietnamese="venue")


class Session(models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("event")
    )
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    venue = models.CharField(_("room or venue"), max_length=200, blank=True)
    venue_en = models.CharField(_("room or venue (English)"), max_length=200, blank=True)

    class Meta:
        ordering = ["event", "id"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The session's name in the page's language (the Vietnamese one when no other)."""
        return pick(self, "name", vietnamese="name")

    @property
    def place(self) -> str:
        """The session's room in the page's language (the Vietnamese one when no other)."""
        return pick(self, "venue", vietnamese="venue")


class Slot(models.Model):
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="slots", verbose_name=_("session")
    )
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="slots", verbose_name=_("event")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("time slot")
        verbose_name_plural = _("time slots")

    def __str__(self) -> str:
        start = timezone.localtime(self.starts_at)
        end = timezone.localtime(self.ends_at)
        return f"{start:%H:%M}–{end:%H:%M}"


class Table(models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="tables", verbose_name=_("event")
    )
    label = models.CharField(_("label"), max_length=20)

    class Meta:
        ordering = ["event", "id"]
        verbose_name = _("table")
        verbose_name_plural = _("tables")
        constraints = [models.UniqueConstraint(fields=["event", "label"], name="table_unique")]

    def __str__(self) -> str:
        return self.label


class Participant(models.Model):
    class Language(models.TextChoices):
        VI = "vi", _("Vietnamese")
        EN = "en", _("English")
        BOTH = "both", _("Vietnamese or English")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="participants", verbose_name=_("event")
    )
    # A Vietnamese enterprise registers through its directory profile (tax code); a foreign
    # company, which has no Vietnamese tax code, by its name and country.
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
    )
    company_name = models.CharField(_("company"), max_length=255, blank=True)
    country = models.CharField(_("country"), max_length=80, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150)
    contact_email = models.EmailField(_("contact e-mail"))
    unavailable = models.ManyToManyField(Slot, blank=True, verbose_name=_("unavailable slots"))
    registered_at = models.DateTimeField(default=timezone.now)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    offers = models.TextField(_("what we offer"), blank=True, max_length=2000)
    needs = models.TextField(_("what we look for"), blank=True, max_length=2000)
    vsic_division = models.CharField(
        _("sector (VSIC 2018 division)"), max_length=2, blank=True, help_text=_("Two digits.")
    )
    language = models.CharField(
        _("meeting language"),
        max_length=4,
        choices=Language.choices,
        default=Language.VI,
        help_text=_("The language the participant meets in."),
    )
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True, editable=False)
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)

    class Meta:
        ordering = ["event", "id"]
        verbose_name = pgettext_lazy("a company at a B2B day", "participant")
        verbose_name_plural = pgettext_lazy("companies at a B2B day", "participants")
        constraints = [
            models.UniqueConstraint(fields=["event", "enterprise"], name="participant_unique"),
            models.UniqueConstraint(
                fields=["event", "company_name", "country"],
                condition=Q(enterprise__isnull=True),
                name="participant_foreign_unique",
            ),
            models.CheckConstraint(
                condition=Q(enterprise__isnull=False) | (~Q(company_name="") & ~Q(country="")),
                name="participant_enterprise_or_foreign_company",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The enterprise's name in the page's language, or the foreign company's."""
        if self.enterprise_id:
            return self.enterprise.name
        return f"{self.company_name} ({self.country})"

    @property
    def languages(self) -> set[str]:
        """The languages the participant can meet in."""
        if self.language == self.Language.BOTH:
            return {self.Language.VI.value, self.Language.EN.value}
        return {self.language}

    @property
    def mail_language(self) -> str:
        """The language of the e-mails the participant receives."""
        return "en" if self.language == self.Language.EN else "vi"

    def shared_languages(self, other: Participant) -> list[str]:
        """The languages both can meet in (Vietnamese first); empty: an interpreter is needed."""
        return sorted(self.languages & other.languages, reverse=True)

    @property
    def name_vi(self) -> str:
        if self.enterprise_id:
            return self.enterprise.name_vi
        return f"{self.company_name} ({self.country})"


class MeetingRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("a meeting request", "pending")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        EXPIRED = "expired", _("expired")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="requests", verbose_name=_("event")
    )
    requester = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="sent", verbose_name=_("from")
    )
    target = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="received", verbose_name=_("to")
    )
    message = models.CharField(_("message"), max_length=500, blank=True)
    online_url = models.URLField(
        _("online meeting link"),
        blank=True,
        help_text=_("For a meeting held online (https link to the video call)."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        constraints = [
            models.UniqueConstraint(fields=["requester", "target"], name="meeting_request_unique"),
            models.CheckConstraint(
                condition=~Q(requester=models.F("target")), name="meeting_request_not_self"
            ),
        ]


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("a B2B meeting", "planned")
        HELD = "held", _("held")
        NO_SHOW = "no_show", _("no-show")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("event")
    )
    request = models.OneToOneField(
        MeetingRequest, on_delete=models.CASCADE, related_name="meeting", verbose_name=_("request")
    )
    slot = models.ForeignKey(
        Slot,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
        verbose_name=_("slot"),
    )
    table = models.ForeignKey(
        Table,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
        verbose_name=_("table"),
    )
    locked = models.BooleanField(_("locked"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )

    @property
    def languages(self) -> list[str]:
        """The languages the two sides share; empty when the meeting needs an interpreter."""
        return self.request.requester.shared_languages(self.request.target)

    class Meta:
        ordering = ["slot__starts_at", "table_id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(fields=["slot", "table"], name="meeting_table_once_per_slot")
        ]
