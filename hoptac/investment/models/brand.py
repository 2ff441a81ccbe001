"""The joint brand of the partner cities and its portal texts."""

from __future__ import annotations

from django.contrib.gis.db import models
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hoptac.core.models import Locality

from ..validators import validate_colour
from .base import Bilingual


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
    usd_rate = models.DecimalField(
        _("VND per USD for the portal"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("The rate the cities set: amounts are shown in VND with this US$ figure."),
    )
    rate_date = models.DateField(_("date of the rate"), null=True, blank=True)
    localities = models.ManyToManyField(
        Locality, related_name="+", verbose_name=_("partner cities")
    )
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
    history = HistoricalRecords(m2m_fields=[])

    class Meta:
        verbose_name = _("brand")
        verbose_name_plural = _("brands")
