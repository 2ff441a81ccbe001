"""Agreements (with their reference numbers), the commitments they contain, and the links from a
commitment to what carries it out."""

from __future__ import annotations

import re

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from hoptac.core.bilingual import is_english, pick
from hoptac.core.models import CooperationField, Locality, Organisation

# "2138-TB/TU" (Party style: number-type/issuer) or "15/BC-UBND" (state style: number/type-issuer).
# Letters include Đ; parts may carry more hyphenated pieces ("45/KH-UBND-VX", "01/2024/NQ-HĐND").
# Symbols keep their case: "CTr" (chương trình) is not "CTR".
_PIECE = r"[A-ZĐ][A-Za-zĐđ0-9]*(?:-[A-ZĐ][A-Za-zĐđ0-9]*)*"


REFERENCE_RE = re.compile(
    rf"^(?P<number>\d{{1,6}})(?:(?P<sep>-)(?P<ptype>[A-ZĐ]+)/(?P<pissuer>{_PIECE})"
    rf"|/(?:(?P<year>\d{{4}})/)?(?P<symbol>{_PIECE}))$"
)


def parse_reference(value: str) -> tuple[int, str]:
    """Split an official number and symbol ('2138-TB/TU', '15/BC-UBND') into (number, symbol).

    Raises ValidationError with a Vietnamese-translated message when the form is wrong.
    """
    text = re.sub(r"\s*([-/])\s*", r"\1", (value or "").strip())
    if text.lower() == text:  # typed all in lower case: "2138-tb/tu"
        text = text.upper()
    match = REFERENCE_RE.match(text)
    if not match:
        raise ValidationError(
            _(
                "“%(value)s” is not an official number and symbol. Write it as 2138-TB/TU "
                "(Party documents) or 15/BC-UBND (State documents)."
            ),
            params={"value": value},
            code="reference",
        )
    number = int(match["number"])
    if number == 0:
        raise ValidationError(_("The document number must be greater than zero."), code="reference")
    symbol = text[len(match["number"]) :]
    return number, symbol


class Agreement(models.Model):
    """A cooperation agreement: a concluding notice, memorandum, programme or plan."""

    class Kind(models.TextChoices):
        NOTICE = "notice", _("concluding notice")
        MEMORANDUM = "memorandum", _("memorandum of understanding")
        AGREEMENT = "agreement", _("cooperation agreement")
        PROGRAMME = "programme", _("cooperation programme")
        PLAN = "plan", _("plan")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("status of an agreement", "draft")
        IN_FORCE = "in_force", _("in force")
        COMPLETED = "completed", _("completed")
        SUPERSEDED = "superseded", _("superseded")

    reference = models.CharField(_("number and symbol"), max_length=60)
    number = models.PositiveIntegerField(_("number"), editable=False)
    symbol = models.CharField(_("symbol"), max_length=50, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(pgettext_lazy("of an official document", "title"), max_length=500)
    title_en = models.CharField(
        pgettext_lazy("of an official document", "title (English)"), max_length=500, blank=True
    )
    signed_on = models.DateField(pgettext_lazy("the date an agreement was signed", "date"))
    issuer = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="issued_agreements",
        verbose_name=_("issuing body"),
    )
    parties = models.ManyToManyField(Locality, related_name="agreements", verbose_name=_("parties"))
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IN_FORCE
    )
    is_public = models.BooleanField(_("public"), default=False)
    source_file = models.FileField(_("source document"), upload_to="agreements/%Y/", blank=True)
    source_text = models.TextField(_("text of the source"), blank=True)
    history = HistoricalRecords(m2m_fields=[parties])

    class Meta:
        ordering = ["-signed_on", "reference"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "reference", "signed_on"], name="agreement_unique_reference"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.title}"

    @property
    def shown_title(self) -> str:
        """The title in the page's language: the English one on an English page when given."""
        return pick(self, "title", vietnamese="title")

    @property
    def locality_id(self) -> int:
        return self.issuer.locality_id

    @property
    def is_party_style(self) -> bool:
        """Party documents (Guidance 36-HD/VPTW) write 'Số 2138-TB/TU', without a colon."""
        return self.issuer.kind in {
            Organisation.Kind.PARTY_COMMITTEE,
            Organisation.Kind.PARTY_BOARD,
        }

    def clean(self) -> None:
        super().clean()
        if self.reference:
            try:
                self.number, self.symbol = parse_reference(self.reference)
                self.reference = f"{self.number}{self.symbol}"
            except ValidationError as err:
                raise ValidationError({"reference": err.messages}) from err
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The end of the period is before its start.")})

    def save(self, *args, **kwargs) -> None:
        self.number, self.symbol = parse_reference(self.reference)
        self.reference = f"{self.number}{self.symbol}"
        super().save(*args, **kwargs)


class Commitment(models.Model):
    """One promise of an agreement, in the words of its source."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("agreement")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("commitment"))
    text_en = models.TextField(_("commitment (English)"), blank=True)
    fields = models.ManyToManyField(
        CooperationField, related_name="commitments", verbose_name=_("cooperation fields")
    )
    localities = models.ManyToManyField(
        Locality, related_name="commitments", verbose_name=_("localities bound")
    )
    source_paragraph = models.PositiveSmallIntegerField(
        _("paragraph of the source"), null=True, blank=True
    )
    # Set by the coordinator's explicit act of publication (actions.publish_commitment); the
    # public pages show a commitment only while it is set.
    published_at = models.DateTimeField(_("published on"), null=True, blank=True, editable=False)
    history = HistoricalRecords(m2m_fields=[fields, localities])

    class Meta:
        ordering = ["agreement", "order", "pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self) -> str:
        return self.text if len(self.text) <= 120 else self.text[:117] + "…"

    @property
    def shown_text(self) -> str:
        """The commitment in the page's language: the English text on an English page when
        given, else the words of the source."""
        return pick(self, "text", vietnamese="text")

    @property
    def shown_language(self) -> str:
        """The language of `shown_text`, for the `lang` of the element that shows it."""
        return "en" if is_english() and self.text_en else "vi"


class CommitmentLink(models.Model):
    """A commitment points to what carries it out: a practice, a layer, a project, an activity."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="links")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    note = models.CharField(_("note"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("link to a commitment")
        verbose_name_plural = _("links to commitments")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "content_type", "object_id"], name="commitment_link_unique"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]
