"""Investor enquiries and the officers' notes on them."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.contrib.gis.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from hoptac.core.models import Locality

from .base import MONEY
from .parks import Park
from .projects import Project


def new_access_key() -> str:
    return secrets.token_urlsafe(32)


class Enquiry(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("received")
        SCREENED = "screened", _("screened")
        PROCESSED = "processed", _("processed")
        ANSWERED = "answered", _("answered")
        FOLLOWED_UP = "followed_up", _("followed up")
        CLOSED = "closed", _("closed")
        SPAM = "spam", _("spam")

    class Stage(models.TextChoices):
        """What the investor sees on the tracking page (spam is not told apart)."""

        RECEIVED = "received", _("received")
        ASSIGNED = "assigned", _("assigned to an officer")
        ANSWERED = "answered", _("answered")
        CLOSED = "closed", _("closed")

    FLOW = {
        "received": ["screened", "spam"],
        "screened": ["processed", "answered", "closed"],
        "processed": ["answered", "closed"],
        "answered": ["followed_up", "closed"],
        "followed_up": ["closed"],
        "closed": [],
        "spam": [],
    }

    locality = models.ForeignKey(
        Locality,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("city that answers"),
    )
    project = models.ForeignKey(
        Project,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enquiries",
        verbose_name=_("project"),
    )
    park = models.ForeignKey(
        Park,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enquiries",
        verbose_name=_("park"),
    )
    reference = models.CharField(
        _("tracking number"), max_length=20, unique=True, null=True, editable=False
    )
    # The private link of the tracking page: whoever holds it reads the answer and replies.
    access_key = models.CharField(
        max_length=43, unique=True, default=new_access_key, editable=False
    )
    name = models.CharField(_("your name"), max_length=150)
    email = models.EmailField(_("e-mail"))
    company = models.CharField(_("company"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=80, blank=True)
    message = models.TextField(_("message"))
    language = models.CharField(_("language"), max_length=2, default="vi")
    vsic_code = models.CharField(_("sector (VSIC 2018)"), max_length=5, blank=True)
    capital_vnd = models.DecimalField(_("planned capital (VND)"), null=True, blank=True, **MONEY)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    account_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("account manager"),
    )
    received_at = models.DateTimeField(
        pgettext_lazy("the date an enquiry arrived", "received"), default=timezone.now
    )
    due_at = models.DateTimeField(_("answer due"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    warned_at = models.DateTimeField(null=True, blank=True, editable=False)
    invested = models.BooleanField(_("the investor came"), default=False)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True, editable=False)
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["warned_at", "access_key"])

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("investor enquiry")
        verbose_name_plural = _("investor enquiries")

    def __str__(self) -> str:
        return f"{self.name} — {self.received_at:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.RECEIVED, self.Status.SCREENED, self.Status.PROCESSED)

    @property
    def stage(self) -> str:
        """The investor's view of the pipeline: received, assigned, answered or closed."""
        if self.status == self.Status.CLOSED:
            return self.Stage.CLOSED
        if self.status in (self.Status.ANSWERED, self.Status.FOLLOWED_UP):
            return self.Stage.ANSWERED
        if self.account_manager_id or self.status in (self.Status.SCREENED, self.Status.PROCESSED):
            return self.Stage.ASSIGNED
        return self.Stage.RECEIVED

    def get_stage_display(self) -> str:
        return str(self.Stage(self.stage).label)

    def sla_state(self, now: dt.datetime | None = None) -> str:
        """ok, soon (less than a quarter of the target left) or late."""
        if not self.is_open:
            return "done"
        now = now or timezone.now()
        if now > self.due_at:
            return "late"
        if (self.due_at - now) < (self.due_at - self.received_at) / 4:
            return "soon"
        return "ok"


class EnquiryNote(models.Model):
    class Kind(models.TextChoices):
        NOTE = "note", _("note")
        AFTERCARE = "aftercare", _("aftercare")

    enquiry = models.ForeignKey(
        Enquiry, on_delete=models.CASCADE, related_name="notes", verbose_name=_("enquiry")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NOTE)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("enquiry note")
        verbose_name_plural = _("enquiry notes")


class EnquiryMessage(models.Model):
    """The conversation on the tracking page: the city's answers and the investor's replies."""

    class Sender(models.TextChoices):
        CITY = "city", _("the city")
        INVESTOR = "investor", _("the investor")

    enquiry = models.ForeignKey(
        Enquiry, on_delete=models.CASCADE, related_name="messages", verbose_name=_("enquiry")
    )
    sender = models.CharField(_("from"), max_length=10, choices=Sender.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=pgettext_lazy("the city's staff member who wrote", "officer"),
    )
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message on an enquiry")
        verbose_name_plural = _("messages on enquiries")
