"""Files attached to shared items."""

from __future__ import annotations

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .activities import Activity
from .knowledge import Practice
from .requests import Answer


class Attachment(models.Model):
    """A file of a practice, an answer or an activity, checked by content, its text extracted."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"
        XLSX = "xlsx", "XLSX"
        PNG = "png", "PNG"
        JPEG = "jpeg", "JPEG"
        GIF = "gif", "GIF"
        WEBP = "webp", "WebP"

    practice = models.ForeignKey(
        Practice, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    answer = models.ForeignKey(
        Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to="exchange/%Y/%m/", max_length=255)
    name = models.CharField(_("file name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices)
    size = models.PositiveIntegerField(_("size (bytes)"))
    text = models.TextField(_("extracted text"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(practice__isnull=False, answer__isnull=True, activity__isnull=True)
                    | Q(practice__isnull=True, answer__isnull=False, activity__isnull=True)
                    | Q(practice__isnull=True, answer__isnull=True, activity__isnull=False)
                ),
                name="attachment_has_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def owner(self) -> models.Model:
        return self.practice or self.answer or self.activity

    def get_absolute_url(self) -> str:
        return reverse("exchange:attachment", args=[self.pk])
