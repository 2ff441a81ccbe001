"""The cities' online public services (administrative procedures), side by side by national code.

A procedure (thủ tục hành chính) carries its code in the national procedure database (``1.001612``)
and, when the export gives it, the full code with the implementing agency's suffix. Procedures are
added, changed and abolished, so a city's catalogue is kept as versions: a change closes the old
row (``valid_to``) and opens a new one; nothing is rewritten.

Online levels are those of Decree 42/2022/NĐ-CP: *toàn trình* (fully online) and *một phần* (partly
online); the old levels 1–4 are gone and are refused on import (docs/product.md,
"Facts to get right").
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hoptac.core.models import Locality, Validity

CODE_RE = r"^\d\.\d{6}$"
FULL_CODE_RE = r"^\d\.\d{6}(\.[0-9A-Za-z]{1,6}){1,6}$"


class Procedure(Validity):
    class OnlineLevel(models.TextChoices):
        FULL = "full", _("Fully online")
        PARTIAL = "partial", _("Partly online")
        NONE = "none", _("Not online")

    class AgencyLevel(models.TextChoices):
        CENTRAL = "central", _("Central")
        PROVINCE = "province", _("Province")
        DISTRICT = "district", _("District (before 1 July 2025)")
        COMMUNE = "commune", _("Commune")

    locality = models.ForeignKey(
        Locality, verbose_name=_("locality"), on_delete=models.PROTECT, related_name="procedures"
    )
    code = models.CharField(
        _("procedure code"),
        max_length=8,
        validators=[RegexValidator(CODE_RE, _("A procedure code is written like 1.001612."))],
        db_index=True,
    )
    full_code = models.CharField(
        _("full code"),
        max_length=40,
        blank=True,
        validators=[
            RegexValidator(FULL_CODE_RE, _("A full code is written like 1.001612.000.00.00.H26."))
        ],
    )
    name = models.CharField(_("name"), max_length=600)
    field_name = models.CharField(_("field"), max_length=255)
    agency_level = models.CharField(
        _("implementing level"), max_length=10, choices=AgencyLevel.choices
    )
    agency = models.CharField(_("implementing agency"), max_length=255, blank=True)
    online_level = models.CharField(_("online service"), max_length=10, choices=OnlineLevel.choices)
    processing_days = models.DecimalField(
        _("processing time (working days)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    fee = models.CharField(_("fees and charges"), max_length=255, blank=True)
    fee_vnd = models.BigIntegerField(_("fee (VND)"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    source = models.CharField(_("source"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("public service procedure")
        verbose_name_plural = _("public service procedures")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["locality", "code"],
                condition=Q(valid_to__isnull=True),
                name="indicators_one_current_procedure_per_code",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def is_fully_online(self) -> bool:
        return self.online_level == self.OnlineLevel.FULL
