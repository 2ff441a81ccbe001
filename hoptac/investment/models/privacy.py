"""The log of personal-data requests (Decree 13/2023/NĐ-CP, Articles 14 and 16): what was asked,
when, and when it was carried out. It names the record, never the person."""

from __future__ import annotations

from django.contrib.gis.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DataRequest(models.Model):
    class Kind(models.TextChoices):
        EXPORT = "export", _("copy of the data")
        ERASURE = "erasure", _("erasure")
        EXPIRY = "expiry", _("erasure at the end of the retention period")

    class Subject(models.TextChoices):
        ENQUIRY = "enquiry", _("investor enquiry")
        PARTICIPANT = "participant", _("B2B participant")

    kind = models.CharField(_("request"), max_length=10, choices=Kind.choices)
    subject = models.CharField(_("record"), max_length=12, choices=Subject.choices)
    record_id = models.PositiveBigIntegerField(_("record number"))
    reference = models.CharField(_("reference"), max_length=40, blank=True)
    requested_at = models.DateTimeField(_("asked"), default=timezone.now)
    done_at = models.DateTimeField(_("carried out"), null=True, blank=True)
    detail = models.CharField(_("what was done"), max_length=300, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("personal-data request")
        verbose_name_plural = _("personal-data requests")
