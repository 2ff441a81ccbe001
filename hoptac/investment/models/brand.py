"""The joint brand of the partner cities and its portal texts."""

from __future__ import annotations

from django.contrib.gis.db import models
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
    localities = models.ManyToManyField(
        Locality, related_name="+", verbose_name=_("partner cities")
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    history = HistoricalRecords(m2m_fields=[])

    class Meta:
        verbose_name = _("brand")
        verbose_name_plural = _("brands")
