"""Industrial, high-tech and IT parks and their occupancy history."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hoptac.core.models import Locality

from ..validators import validate_in_vietnam
from .base import AREA, MONEY, Bilingual


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
