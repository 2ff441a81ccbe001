"""Vocabularies: VSIC codes, Decision 38/2020 priority lists, priority sectors, incentive rules."""

from __future__ import annotations

from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hoptac.core.models import Locality

from .base import MONEY, Bilingual, VsicVersion


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
    legal_basis_en = models.CharField(_("legal basis (English)"), max_length=200, blank=True)
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
    source_url = models.URLField(
        _("source"),
        max_length=500,
        blank=True,
        help_text=_(
            "Where the rates, periods and legal basis were checked. Without one the portal "
            "marks the rule unverified."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("incentive rule")
        verbose_name_plural = _("incentive rules")
