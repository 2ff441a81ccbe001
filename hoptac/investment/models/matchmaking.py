"""Feedback on match suggestions."""

from __future__ import annotations

from django.conf import settings
from django.contrib.gis.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
