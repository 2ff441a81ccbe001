"""Enterprises of the cities and their offers and requests."""

from __future__ import annotations

from django.contrib.gis.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from hoptac.core.models import Locality

from ..text import keywords
from ..validators import validate_in_vietnam
from .base import MONEY, Bilingual, VsicVersion, _extend_update_fields
from .vocabularies import PriorityItem, VsicCode


class Enterprise(Bilingual):
    class LegalForm(models.TextChoices):
        COMPANY = "company", _("company")
        BRANCH = "branch", _("branch")
        HOUSEHOLD = "household", _("household business")
        INDIVIDUAL = "individual", _("individual")

    class Size(models.TextChoices):
        MICRO = "micro", _("micro")
        SMALL = "small", _("small")
        MEDIUM = "medium", _("medium")
        LARGE = "large", _("large")

    class Verification(models.TextChoices):
        PENDING = "pending", _("not yet verified")
        VERIFIED = "verified", _("verified")
        REJECTED = "rejected", _("rejected")

    locality = models.ForeignKey(
        Locality, on_delete=models.PROTECT, related_name="+", verbose_name=_("locality")
    )
    tax_code = models.CharField(_("tax code"), max_length=14, unique=True)
    legal_form = models.CharField(
        _("legal form"), max_length=10, choices=LegalForm.choices, default=LegalForm.COMPANY
    )
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    vsic_version = models.CharField(
        _("VSIC version"), max_length=4, choices=VsicVersion.choices, default=VsicVersion.V2018
    )
    vsic_code = models.CharField(_("main VSIC code"), max_length=5, db_index=True)
    vsic_division = models.CharField(max_length=2, editable=False, db_index=True)
    vsic_class = models.CharField(max_length=4, editable=False, db_index=True, default="")
    other_vsic_codes = models.CharField(_("other VSIC codes"), max_length=200, blank=True)
    priority_item = models.ForeignKey(
        PriorityItem,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("high-tech item"),
    )
    size = models.CharField(_("size"), max_length=6, choices=Size.choices, default=Size.SMALL)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    charter_capital_vnd = models.DecimalField(
        _("charter capital (VND)"), null=True, blank=True, **MONEY
    )
    products = models.TextField(_("products and services"), blank=True)
    capabilities = models.TextField(_("capabilities"), blank=True)
    certificates = models.TextField(_("certificates"), blank=True, help_text=_("One per line."))
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    location = models.PointField(
        _("location"), srid=4326, null=True, blank=True, validators=[validate_in_vietnam]
    )
    verification = models.CharField(
        _("verification"),
        max_length=10,
        choices=Verification.choices,
        default=Verification.PENDING,
        db_index=True,
    )
    keywords = models.TextField(editable=False, blank=True)
    history = HistoricalRecords(excluded_fields=["keywords", "vsic_division", "vsic_class"])

    class Meta:
        ordering = ["name_vi"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        indexes = [
            models.Index(fields=["vsic_division", "verification"]),
            # matchmaking reads verified enterprises in groups by these columns (matching.py),
            # on PostgreSQL from the index alone: it holds every column the scorer reads
            models.Index(
                fields=[
                    "vsic_division",
                    "vsic_version",
                    "vsic_class",
                    "priority_item_id",
                    "size",
                    "locality_id",
                ],
                include=["id", "vsic_code", "other_vsic_codes", "keywords"],
                condition=Q(verification="verified", other_vsic_codes=""),
                name="enterprise_match_idx",
            ),
            models.Index(
                fields=["priority_item_id", "vsic_division", "size", "locality_id"],
                condition=Q(verification="verified", other_vsic_codes=""),
                name="enterprise_match_item_idx",
            ),
            models.Index(
                fields=["vsic_division", "priority_item_id"],
                condition=Q(verification="verified") & ~Q(other_vsic_codes=""),
                name="enterprise_match_other_idx",
            ),
        ]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from ..validators import check_tax_code

        super().clean()
        errors = {}
        if self.tax_code:
            try:
                self.tax_code = check_tax_code(self.tax_code, self.legal_form)
            except ValidationError as e:
                errors["tax_code"] = e.messages
        if self.vsic_version and self.vsic_code:
            if not VsicCode.objects.filter(version=self.vsic_version, code=self.vsic_code).exists():
                errors["vsic_code"] = _(
                    "VSIC %(version)s has no code %(code)s. Check the code against its version."
                ) % {"version": self.vsic_version, "code": self.vsic_code}
        if errors:
            raise ValidationError(errors)

    TEXT_FIELDS = ("name_vi", "name_en", "products", "capabilities")

    def save(self, *args, **kwargs) -> None:
        self.vsic_division = (self.vsic_code or "")[:2]
        self.vsic_class = (self.vsic_code or "")[:4]
        self.keywords = keywords(*(getattr(self, f) for f in self.TEXT_FIELDS))
        _extend_update_fields(
            kwargs,
            self.TEXT_FIELDS + ("vsic_code",),
            ("keywords", "vsic_division", "vsic_class"),
        )
        super().save(*args, **kwargs)


class Offer(models.Model):
    """What an enterprise offers or seeks."""

    class Kind(models.TextChoices):
        TECH_OFFER = "tech_offer", _("technology offer")
        TECH_REQUEST = "tech_request", _("technology request")
        BUSINESS_OFFER = "biz_offer", _("business offer")
        BUSINESS_REQUEST = "biz_request", _("business request")
        RND_REQUEST = "rnd_request", _("R&D request")
        INVESTMENT_SOUGHT = "investment", _("investment sought")
        LAND_SOUGHT = "land", _("land sought")

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="offers", verbose_name=_("enterprise")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(
        pgettext_lazy("an offer or need still open", "active"), default=True
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("offer or request")
        verbose_name_plural = _("offers and requests")

    def __str__(self) -> str:
        return self.title
