"""What a city knows and shares: practices, policies (legal documents) and their adoption by a
partner."""

from __future__ import annotations

from django.conf import settings
from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from hoptac.core import dates
from hoptac.core.bilingual import pick
from hoptac.core.models import Locality, Organisation

from .shared import SharedItem


class Practice(SharedItem):
    """A city's way of doing something that a partner may take over."""

    title_vi = models.CharField(_("title (Vietnamese)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    summary_vi = models.TextField(_("summary (Vietnamese)"), max_length=2000)
    summary_en = models.TextField(_("summary (English)"), max_length=2000, blank=True)
    body_vi = models.TextField(_("description (Vietnamese, Markdown)"), blank=True)
    body_en = models.TextField(_("description (English, Markdown)"), blank=True)
    results = models.TextField(_("results achieved"), blank=True)
    contact = models.CharField(_("contact"), max_length=255, blank=True)
    tags = models.CharField(
        _("tags"), max_length=255, blank=True, help_text=_("Separated by commas.")
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-published_at", "-created_at", "-pk"]
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        indexes = [models.Index(fields=["status", "visibility", "locality"])]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return pick(self, "title")

    @property
    def summary(self) -> str:
        return pick(self, "summary")

    @property
    def body(self) -> str:
        return pick(self, "body")

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]

    def get_absolute_url(self) -> str:
        return reverse("exchange:practice_detail", args=[self.pk])


class Policy(SharedItem):
    """A legal document a city proposed or applied: a resolution, a decree, a decision…"""

    class Kind(models.TextChoices):
        LAW = "law", _("law")
        RESOLUTION_NA = "resolution_na", _("resolution of the National Assembly")
        RESOLUTION = "resolution", _("resolution")
        DECREE = "decree", _("decree")
        DECISION = "decision", _("decision")
        DIRECTIVE = "directive", _("directive")
        PLAN = "plan", _("plan")
        OTHER = "other", _("other document")

    class LegalStatus(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        IN_FORCE = "in_force", _("in force")
        EXPIRED = "expired", pgettext_lazy("legal status of a document", "expired")
        REPLACED = "replaced", _("replaced")

    number = models.CharField(
        pgettext_lazy("of a legal or policy document", "number"), max_length=60
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    issuer = models.CharField(_("issuing body"), max_length=255)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    summary_vi = models.TextField(_("summary (Vietnamese)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    issued_on = models.DateField(_("date issued"), null=True, blank=True)
    effective_on = models.DateField(_("effective date"), null=True, blank=True)
    expires_on = models.DateField(_("end of effect"), null=True, blank=True)
    legal_status = models.CharField(
        _("legal status"), max_length=10, choices=LegalStatus.choices, default=LegalStatus.IN_FORCE
    )
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
    )
    source_url = models.URLField(_("link to the text"), blank=True)
    practices = models.ManyToManyField(
        Practice, verbose_name=_("related practices"), blank=True, related_name="policies"
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("policy or mechanism")
        verbose_name_plural = _("policies and mechanisms")
        constraints = [
            models.UniqueConstraint(fields=["number", "issuer"], name="policy_unique_number"),
            models.CheckConstraint(
                condition=~Q(replaced_by=models.F("pk")),
                name="policy_not_replaced_by_itself",
                violation_error_message=_("A document cannot replace itself."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"

    @property
    def title(self) -> str:
        return pick(self, "title")

    @property
    def summary(self) -> str:
        return pick(self, "summary")

    @property
    def in_force(self) -> bool:
        return self.legal_status == self.LegalStatus.IN_FORCE

    @property
    def superseded(self) -> bool:
        """No longer in force: expired or replaced by another document."""
        return self.legal_status in (self.LegalStatus.EXPIRED, self.LegalStatus.REPLACED)

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.issued_on and self.effective_on and self.effective_on < self.issued_on:
            errors["effective_on"] = _("The effective date cannot be before the date issued.")
        if self.effective_on and self.expires_on and self.expires_on < self.effective_on:
            errors["expires_on"] = _("The end of effect cannot be before the effective date.")
        if self.replaced_by_id and self.replaced_by_id == self.pk:
            errors["replaced_by"] = _("A document cannot replace itself.")
        if self.legal_status == self.LegalStatus.REPLACED and not self.replaced_by_id:
            errors["replaced_by"] = _("Name the document that replaced this one.")
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("exchange:policy_detail", args=[self.pk])


class Adoption(models.Model):
    """A partner takes a practice over; the outcome is reported later."""

    class Outcome(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        ADOPTED = "adopted", _("adopted")
        ABANDONED = "abandoned", _("abandoned")

    practice = models.ForeignKey(
        Practice, verbose_name=_("practice"), on_delete=models.CASCADE, related_name="adoptions"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("adopting organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    locality = models.ForeignKey(
        Locality, verbose_name=_("locality"), on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField(_("started on"), default=dates.today)
    plan = models.TextField(_("how it is taken over"), blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.PLANNED
    )
    outcome_report = models.TextField(_("outcome report"), blank=True)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "organisation"],
                name="adoption_unique_per_organisation",
                violation_error_message=_("This organisation has already recorded taking it over."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.practice}"

    @property
    def adopted(self) -> bool:
        return self.outcome == self.Outcome.ADOPTED

    @property
    def abandoned(self) -> bool:
        return self.outcome == self.Outcome.ABANDONED

    def save(self, *args, **kwargs) -> None:
        if self.organisation_id and not self.locality_id:
            self.locality_id = self.organisation.locality_id
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.practice_id and self.organisation_id:
            if self.organisation.locality_id == self.practice.locality_id:
                raise ValidationError(
                    _("A practice is taken over by a partner locality, not by its own.")
                )
