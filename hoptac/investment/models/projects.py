"""Projects calling for investment and their documents."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.gis.db import models
from django.core.validators import MinValueValidator, RegexValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from hoptac.core.models import Locality, Organisation

from ..text import keywords
from ..validators import lies_in_park, validate_in_vietnam
from .base import AREA, MONEY, Bilingual, VsicVersion, _extend_update_fields
from .parks import Park
from .vocabularies import PriorityItem, VsicCode


class Project(Bilingual):
    class Form(models.TextChoices):
        FDI = "fdi", _("wholly foreign-owned")
        JOINT_VENTURE = "jv", _("joint venture")
        PPP = "ppp", _("public–private partnership (PPP)")
        BCC = "bcc", _("business cooperation contract (BCC)")
        DOMESTIC = "domestic", _("domestic investment")
        ANY = "any", _("any form")

    class Clearance(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("land cleared")
        NOT_NEEDED = "not_needed", _("not needed")

    class Source(models.TextChoices):
        NATIONAL = "national", _("national list")
        CITY = "city", _("city list")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        CALLING = "calling", _("calling for investment")
        TALKS = "talks", _("in talks")
        AWARDED = "awarded", _("investor selected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    code = models.CharField(
        _("code"),
        max_length=30,
        unique=True,
        validators=[RegexValidator(r"^[A-Z0-9][A-Z0-9-]*$", _("Capital letters, digits, dashes."))],
    )
    title_vi = models.CharField(pgettext_lazy("of a project", "title (Vietnamese)"), max_length=300)
    title_en = models.CharField(
        pgettext_lazy("of a project", "title (English)"), max_length=300, blank=True
    )
    description_vi = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    locality = models.ForeignKey(
        Locality, on_delete=models.PROTECT, related_name="+", verbose_name=_("locality")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("responsible body"),
    )
    vsic_version = models.CharField(_("VSIC version"), max_length=4, choices=VsicVersion.choices)
    vsic_code = models.CharField(_("VSIC code"), max_length=5, db_index=True)
    priority_item = models.ForeignKey(
        PriorityItem,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("high-tech item"),
    )
    park = models.ForeignKey(
        Park,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("park"),
    )
    location = models.PointField(
        _("location"), srid=4326, null=True, blank=True, validators=[validate_in_vietnam]
    )
    footprint = models.MultiPolygonField(
        _("footprint"), srid=4326, null=True, blank=True, validators=[validate_in_vietnam]
    )
    land_area_ha = models.DecimalField(_("land area (ha)"), null=True, blank=True, **AREA)
    capital_vnd = models.DecimalField(_("total capital (VND)"), **MONEY)
    usd_rate = models.DecimalField(
        _("VND per USD"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
    )
    rate_date = models.DateField(_("date of the rate"), null=True, blank=True)
    investment_form = models.CharField(
        _("investment form"), max_length=10, choices=Form.choices, default=Form.ANY
    )
    clearance = models.CharField(
        _("land clearance"), max_length=12, choices=Clearance.choices, default=Clearance.NOT_STARTED
    )
    source = models.CharField(_("list"), max_length=10, choices=Source.choices)
    source_decision = models.CharField(_("decision of the list"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_source_url = models.URLField(
        _("source of the contact"),
        max_length=500,
        blank=True,
        help_text=_(
            "The page that gives this contact (the body's own site, an official notice). "
            "Without one the portal marks the contact unverified."
        ),
    )
    keywords = models.TextField(editable=False, blank=True)  # folded tokens for matching
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["keywords", "updated_at"])

    class Meta:
        ordering = ["locality__code", "code"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        indexes = [models.Index(fields=["status", "locality"])]
        constraints = [
            models.CheckConstraint(condition=Q(capital_vnd__gte=0), name="project_capital_ok")
        ]

    TEXT_FIELDS = ("title_vi", "title_en", "description_vi", "description_en")

    @property
    def title(self) -> str:
        return self.text("title")

    def save(self, *args, **kwargs) -> None:
        self.keywords = keywords(*(getattr(self, f) for f in self.TEXT_FIELDS))
        _extend_update_fields(kwargs, self.TEXT_FIELDS, ("keywords",))
        super().save(*args, **kwargs)

    def usd_terms(self, brand=None) -> tuple[Decimal, dt.date | None] | None:
        """(VND per USD, date): the project's own rate, else the one the cities set for the
        portal (`Brand.usd_rate`), else None (the amount is shown in VND only)."""
        if self.usd_rate:
            return Decimal(self.usd_rate), self.rate_date
        if brand is not None and brand.usd_rate:
            return Decimal(brand.usd_rate), brand.rate_date
        return None

    @property
    def capital_usd(self) -> Decimal | None:
        if not self.usd_rate:
            return None
        return (Decimal(self.capital_vnd) / Decimal(self.usd_rate)).quantize(
            Decimal("1"), rounding=ROUND_HALF_UP
        )

    @property
    def is_public(self) -> bool:
        return self.status != self.Status.DRAFT

    @property
    def outline(self):
        """The project's own plot, else its park's footprint (a project may have no park)."""
        if self.footprint:
            return self.footprint
        return self.park.footprint if self.park_id and self.park else None

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        super().clean()
        errors = {}
        if self.vsic_version and self.vsic_code:
            if not VsicCode.objects.filter(version=self.vsic_version, code=self.vsic_code).exists():
                errors["vsic_code"] = _(
                    "VSIC %(version)s has no code %(code)s. Check the code against its version."
                ) % {"version": self.vsic_version, "code": self.vsic_code}
        if self.usd_rate and not self.rate_date:
            errors["rate_date"] = _("Give the date of the exchange rate.")
        if self.park_id and self.locality_id and self.park.locality_id != self.locality_id:
            errors["park"] = _("The park must be in the project's locality.")
        elif self.park_id and not lies_in_park(self.location, self.footprint, self.park.footprint):
            errors["park"] = _(
                "The project's location or plot lies outside the park it names. Check the "
                "coordinates (longitude first, WGS 84), or choose the park it is really in."
            )
        if errors:
            raise ValidationError(errors)


class ProjectAttachment(models.Model):
    """A document of a project, checked by its content (hoptac.core.files) when uploaded."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("project")
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="investment/projects/", max_length=255)
    name = models.CharField(_("file name"), max_length=150, blank=True)
    kind = models.CharField(_("kind"), max_length=5, blank=True)  # pdf, docx, xlsx, png…
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    text = models.TextField(_("extracted text"), blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    history = HistoricalRecords(excluded_fields=["text"])

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title
