"""The investor's guide: each city's steps from choosing a location to the investment
registration certificate and the enterprise registration, as content the city edits."""

from __future__ import annotations

from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hoptac.core.models import Locality

from .base import Bilingual


class GuideStep(Bilingual):
    """One step of one city's guide, with the body that handles it and where the facts come from.

    Legal facts (laws, decrees, time limits) are written only with the source they were checked
    against, so that an investor can see the source and a city officer can re-check it."""

    locality = models.ForeignKey(
        Locality, on_delete=models.PROTECT, related_name="+", verbose_name=_("city")
    )
    order = models.PositiveSmallIntegerField(
        _("step number"), validators=[MinValueValidator(1)], default=1
    )
    title_vi = models.CharField(_("step title (Vietnamese)"), max_length=200)
    title_en = models.CharField(_("step title (English)"), max_length=200)
    body_vi = models.TextField(_("what to do (Vietnamese)"))
    body_en = models.TextField(_("what to do (English)"))
    competent_body_vi = models.CharField(
        _("competent body (Vietnamese)"), max_length=300, blank=True
    )
    competent_body_en = models.CharField(_("competent body (English)"), max_length=300, blank=True)
    contact = models.CharField(
        _("address and telephone"), max_length=300, blank=True, help_text=_("Where to submit.")
    )
    online_url = models.URLField(_("online submission"), blank=True)
    legal_basis_vi = models.CharField(_("legal basis (Vietnamese)"), max_length=300, blank=True)
    legal_basis_en = models.CharField(_("legal basis (English)"), max_length=300, blank=True)
    source_url = models.URLField(
        _("source"), blank=True, help_text=_("Where the legal facts of this step were checked.")
    )
    published = models.BooleanField(_("published"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["locality", "order", "pk"]
        verbose_name = _("guide step")
        verbose_name_plural = _("guide steps")

    def clean(self) -> None:
        super().clean()
        if (self.legal_basis_vi or self.legal_basis_en) and not self.source_url:
            raise ValidationError(
                {
                    "source_url": _(
                        "A step that names a legal basis needs the source it was checked against."
                    )
                }
            )
