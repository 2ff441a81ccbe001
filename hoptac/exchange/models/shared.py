"""What every shared item has: an owning organisation and locality, a publication state and a
visibility (partners only or public), fields of cooperation."""

from __future__ import annotations

from django.conf import settings
from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hoptac.core.models import CooperationField, Locality, Organisation


class Visibility(models.TextChoices):
    PARTNERS = "partners", _("partners only")
    PUBLIC = "public", _("public")


class Publication(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class SharedItem(models.Model):
    """An item owned by an organisation of a locality, with visibility and publication."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    locality = models.ForeignKey(
        Locality, verbose_name=_("locality"), on_delete=models.PROTECT, related_name="+"
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PARTNERS
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Publication.choices, default=Publication.DRAFT
    )
    fields = models.ManyToManyField(
        CooperationField, verbose_name=_("cooperation fields"), blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        # The locality always follows the owning organisation: permissions rely on it.
        if self.organisation_id and not self.locality_id:
            self.locality_id = self.organisation.locality_id
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.organisation_id and self.locality_id:
            if self.organisation.locality_id != self.locality_id:
                raise ValidationError(
                    {"organisation": _("The organisation must belong to the item's locality.")}
                )

    @property
    def is_public(self) -> bool:
        return self.status == Publication.PUBLISHED and self.visibility == Visibility.PUBLIC

    @property
    def is_draft(self) -> bool:
        return self.status == Publication.DRAFT

    @property
    def partners_only(self) -> bool:
        return self.visibility == Visibility.PARTNERS
