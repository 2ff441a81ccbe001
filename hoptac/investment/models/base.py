"""The pieces every investment model shares: money and area fields, VSIC version, bilingual text."""

from __future__ import annotations

from django.contrib.gis.db import models
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from hoptac.core.bilingual import pick

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
