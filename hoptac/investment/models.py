"""Investment promotion (paragraph 5 of Notice 2138-TB/TU): the joint portal, projects, parks,
priority sectors, enterprises and their offers, investor enquiries, matchmaking feedback and
B2B meeting days.

Money is whole đồng (Decimal, no fraction). Sectors are VSIC codes *with their version*: codes
differ between VSIC 2018 and VSIC 2025, so a code alone means nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.gis.db import models
from django.core.validators import MinValueValidator, RegexValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hoptac.core.bilingual import pick
from hoptac.core.models import Locality, Organisation

from .text import keywords
from .validators import validate_colour, validate_in_vietnam

MONEY = {"max_digits": 20, "decimal_places": 0, "validators": [MinValueValidator(0)]}
AREA = {"max_digits": 10, "decimal_places": 2, "validators": [MinValueValidator(0)]}


def _extend_update_fields(kwargs: dict, sources: tuple, derived: tuple) -> None:
    """A partial save that touches a source field also saves what is derived from it."""
    fields = kwargs.get("update_fields")
    if fields is not None and set(fields) & set(sources):
        kwargs["update_fields"] = set(fields) | set(derived)


class VsicVersion(models.TextChoices):
    V2018 = "2018", _("VSIC 2018 (Decision 27/2018/QĐ-TTg)")
    V2025 = "2025", _("VSIC 2025 (Decision 36/2025/QĐ-TTg)")


class Bilingual(models.Model):
    """Text kept in Vietnamese and English; `text("title")` picks the current language."""

    class Meta:
        abstract = True

    def text(self, field: str) -> str:
        return pick(self, field)

    @property
    def name(self) -> str:
        return self.text("name")

    def __str__(self) -> str:
        return self.text("name") or self.text("title")


# --- Vocabularies -------------------------------------------------------------------------
class VsicCode(Bilingual):
    """One code of the Vietnam Standard Industrial Classification, in one version."""

    version = models.CharField(_("VSIC version"), max_length=4, choices=VsicVersion.choices)
    code = models.CharField(_("code"), max_length=5)
    level = models.PositiveSmallIntegerField(_("level"))  # 0 section letter, 1..5 digits
    section = models.CharField(_("section"), max_length=1)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)

    class Meta:
        ordering = ["version", "code"]
        verbose_name = _("VSIC code")
        verbose_name_plural = _("VSIC codes")
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="vsic_unique")]

    def __str__(self) -> str:
        return f"{self.code} — {self.name} (VSIC {self.version})"


class PriorityList(Bilingual):
    """A versioned legal list, e.g. Decision 38/2020/QĐ-TTg annex I (technologies)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=200)
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    effective_to = models.DateField(_("effective to"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("priority list")
        verbose_name_plural = _("priority lists")


class PriorityItem(Bilingual):
    class Kind(models.TextChoices):
        TECHNOLOGY = "technology", _("high technology prioritised for investment")
        PRODUCT = "product", _("high-tech product encouraged")

    priority_list = models.ForeignKey(
        PriorityList, on_delete=models.CASCADE, related_name="items", verbose_name=_("list")
    )
    code = models.CharField(_("code"), max_length=30)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    tags = models.CharField(_("tags"), max_length=100, blank=True)

    class Meta:
        ordering = ["priority_list", "code"]
        verbose_name = _("high-technology item")
        verbose_name_plural = _("high-technology items")
        constraints = [
            models.UniqueConstraint(fields=["priority_list", "code"], name="priority_item_unique")
        ]


class PrioritySector(Bilingual):
    """A city's (or, without a locality, the joint) priority high-tech sector, per vocabulary."""

    vocabulary = models.CharField(_("vocabulary version"), max_length=20)
    code = models.SlugField(_("code"), max_length=40)
    locality = models.ForeignKey(
        Locality,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("locality"),
        help_text=_("Empty for a sector both cities share."),
    )
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    vsic_version = models.CharField(_("VSIC version"), max_length=4, choices=VsicVersion.choices)
    vsic_codes = models.CharField(_("VSIC codes"), max_length=200, blank=True)
    items = models.ManyToManyField(PriorityItem, blank=True, verbose_name=_("high-tech items"))

    class Meta:
        ordering = ["vocabulary", "locality__code", "code"]
        verbose_name = _("priority sector")
        verbose_name_plural = _("priority sectors")
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "code"], name="priority_sector_unique")
        ]

    @property
    def is_joint(self) -> bool:
        return self.locality_id is None


class IncentiveRule(Bilingual):
    """An incentive and when it applies; projects derive theirs from these, never by hand."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    summary_vi = models.TextField(_("summary (Vietnamese)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    legal_basis_en = models.CharField(_("legal basis (English)"), max_length=300, blank=True)
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    vsic_prefixes = models.CharField(
        _("VSIC prefixes"), max_length=200, blank=True, help_text=_("Separated by spaces.")
    )
    requires_high_tech = models.BooleanField(_("requires a high-tech item"), default=False)
    park_kinds = models.CharField(
        _("park kinds"), max_length=100, blank=True, help_text=_("Separated by spaces.")
    )
    min_capital_vnd = models.DecimalField(
        _("minimum capital (VND)"), null=True, blank=True, **MONEY
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("incentive rule")
        verbose_name_plural = _("incentive rules")


# --- The brand ------------------------------------------------------------------------------
class Brand(Bilingual):
    """The joint brand under which the cities present themselves to investors (one row)."""

    name_vi = models.CharField(_("name (Vietnamese)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    tagline_vi = models.CharField(_("tagline (Vietnamese)"), max_length=300, blank=True)
    tagline_en = models.CharField(_("tagline (English)"), max_length=300, blank=True)
    logo = models.FileField(_("logo"), upload_to="investment/brand/", blank=True)
    primary_colour = models.CharField(
        _("primary colour"), max_length=7, default="#a4161a", validators=[validate_colour]
    )
    accent_colour = models.CharField(
        _("accent colour"), max_length=7, default="#0b4f9c", validators=[validate_colour]
    )
    localities = models.ManyToManyField(
        Locality, related_name="+", verbose_name=_("partner cities")
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    history = HistoricalRecords(m2m_fields=[])

    class Meta:
        verbose_name = _("brand")
        verbose_name_plural = _("brands")


# --- Parks ----------------------------------------------------------------------------------
class Park(Bilingual):
    class Kind(models.TextChoices):
        INDUSTRIAL = "industrial", _("industrial park")
        HIGH_TECH = "high_tech", _("high-tech park")
        IT = "it", _("IT park")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    locality = models.ForeignKey(
        Locality, on_delete=models.PROTECT, related_name="+", verbose_name=_("locality")
    )
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_vi = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    total_area_ha = models.DecimalField(_("total area (ha)"), **AREA)
    leased_area_ha = models.DecimalField(_("leased area (ha)"), default=0, **AREA)
    available_area_ha = models.DecimalField(_("available area (ha)"), default=0, **AREA)
    land_price_min_vnd = models.DecimalField(
        _("land price from (VND/m²)"), null=True, blank=True, **MONEY
    )
    land_price_max_vnd = models.DecimalField(
        _("land price to (VND/m²)"), null=True, blank=True, **MONEY
    )
    infrastructure_vi = models.TextField(_("infrastructure (Vietnamese)"), blank=True)
    infrastructure_en = models.TextField(_("infrastructure (English)"), blank=True)
    port_name = models.CharField(_("nearest port"), max_length=100, blank=True)
    port_distance_km = models.DecimalField(
        _("distance to port (km)"), null=True, blank=True, **AREA
    )
    airport_name = models.CharField(_("nearest airport"), max_length=100, blank=True)
    airport_distance_km = models.DecimalField(
        _("distance to airport (km)"), null=True, blank=True, **AREA
    )
    tenants = models.TextField(_("main tenants"), blank=True, help_text=_("One per line."))
    footprint = models.MultiPolygonField(
        _("footprint"), srid=4326, null=True, blank=True, validators=[validate_in_vietnam]
    )
    demo_figures = models.BooleanField(_("approximate demonstration figures"), default=False)
    published = models.BooleanField(_("published"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["locality__code", "kind", "name_vi"]
        verbose_name = _("park")
        verbose_name_plural = _("parks")

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        super().clean()
        total = self.total_area_ha or 0
        if (self.leased_area_ha or 0) + (self.available_area_ha or 0) > total:
            raise ValidationError(
                _("Leased and available land together cannot exceed the total area.")
            )
        lo, hi = self.land_price_min_vnd, self.land_price_max_vnd
        if lo is not None and hi is not None and lo > hi:
            raise ValidationError({"land_price_max_vnd": _("The upper price is below the lower.")})

    @property
    def occupancy_percent(self) -> Decimal | None:
        usable = (self.leased_area_ha or 0) + (self.available_area_ha or 0)
        if not usable:
            return None
        return (Decimal(self.leased_area_ha) * 100 / usable).quantize(Decimal("0.1"))

    def tenant_list(self) -> list[str]:
        return [line.strip() for line in self.tenants.splitlines() if line.strip()]


class ParkOccupancy(models.Model):
    park = models.ForeignKey(
        Park, on_delete=models.CASCADE, related_name="occupancy", verbose_name=_("park")
    )
    on = models.DateField(_("date"))
    leased_area_ha = models.DecimalField(_("leased area (ha)"), **AREA)
    tenant_count = models.PositiveIntegerField(_("tenants"), default=0)

    class Meta:
        ordering = ["park", "on"]
        verbose_name = _("occupancy record")
        verbose_name_plural = _("occupancy history")
        constraints = [models.UniqueConstraint(fields=["park", "on"], name="occupancy_unique")]


# --- Projects -------------------------------------------------------------------------------
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
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
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


# --- Enterprises ------------------------------------------------------------------------------
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
        indexes = [models.Index(fields=["vsic_division", "verification"])]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from .validators import check_tax_code

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
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("offer or request")
        verbose_name_plural = _("offers and requests")

    def __str__(self) -> str:
        return self.title


# --- Enquiries ------------------------------------------------------------------------------
class Enquiry(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("received")
        SCREENED = "screened", _("screened")
        PROCESSED = "processed", _("processed")
        ANSWERED = "answered", _("answered")
        FOLLOWED_UP = "followed_up", _("followed up")
        SPAM = "spam", _("spam")

    FLOW = {
        "received": ["screened", "spam"],
        "screened": ["processed", "answered"],
        "processed": ["answered"],
        "answered": ["followed_up"],
        "followed_up": [],
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
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    due_at = models.DateTimeField(_("answer due"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    warned_at = models.DateTimeField(null=True, blank=True, editable=False)
    invested = models.BooleanField(_("the investor came"), default=False)
    history = HistoricalRecords(excluded_fields=["warned_at"])

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("investor enquiry")
        verbose_name_plural = _("investor enquiries")

    def __str__(self) -> str:
        return f"{self.name} — {self.received_at:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.RECEIVED, self.Status.SCREENED, self.Status.PROCESSED)

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


# --- Matchmaking feedback -------------------------------------------------------------------
class MatchFeedback(models.Model):
    """A pair someone judged; declined pairs never come back in the ranking."""

    class Decision(models.TextChoices):
        INTERESTED = "interested", _("interested")
        DECLINED = "declined", _("declined")

    source_kind = models.CharField(max_length=12)  # project | enterprise | enquiry
    source_id = models.PositiveBigIntegerField()
    target_kind = models.CharField(max_length=12)
    target_id = models.PositiveBigIntegerField()
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("match feedback")
        verbose_name_plural = _("match feedback")
        constraints = [
            models.UniqueConstraint(
                fields=["source_kind", "source_id", "target_kind", "target_id"],
                name="match_feedback_unique",
            )
        ]


# --- B2B meeting days -----------------------------------------------------------------------
class Event(Bilingual):
    locality = models.ForeignKey(
        Locality, on_delete=models.PROTECT, related_name="+", verbose_name=_("host city")
    )
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    venue = models.CharField(_("venue"), max_length=200)
    day = models.DateField(_("day"))
    request_ttl_hours = models.PositiveIntegerField(_("requests expire after (hours)"), default=72)
    open_for_registration = models.BooleanField(_("open for registration"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-day"]
        verbose_name = _("B2B event")
        verbose_name_plural = _("B2B events")


class Session(models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("event")
    )
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)

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

    class Meta:
        ordering = ["event", "id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
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
    def name_vi(self) -> str:
        if self.enterprise_id:
            return self.enterprise.name_vi
        return f"{self.company_name} ({self.country})"


class MeetingRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
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
        PLANNED = "planned", _("planned")
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

    class Meta:
        ordering = ["slot__starts_at", "table_id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(fields=["slot", "table"], name="meeting_table_once_per_slot")
        ]
