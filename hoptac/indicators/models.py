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

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from hoptac.core.models import Locality, Validity
from hoptac.core.numbers import number

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

    @property
    def processing_time(self) -> str:
        """ "1 working day", "2,5 ngày làm việc" as people write it (never "5.0"); "" when
        unknown."""
        from django.utils.translation import ngettext

        from hoptac.core.numbers import number

        days = self.processing_days
        if days is None:
            return ""
        whole = days == days.to_integral_value()
        text = number(days, 0 if whole else 1)
        count = int(days) if whole else 2  # a fraction of days reads as a plural
        return ngettext("%(d)s working day", "%(d)s working days", count) % {"d": text}


class LocalProcedureField(models.Model):
    """A field (lĩnh vực) one city's procedures use that the reference list
    (``data/procedure_fields.json``) lacks, added by the city's coordinator with the reason: that
    city's catalogue files and forms accept it, no other city's. ``key`` is the name as
    ``procedure_fields.key`` compares it (no accents, case or punctuation)."""

    locality = models.ForeignKey(
        Locality, verbose_name=_("city"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("field"), max_length=255)
    key = models.CharField(max_length=255)
    reason = models.CharField(_("why it is not in the reference list"), max_length=500, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("city's own procedure field")
        verbose_name_plural = _("cities' own procedure fields")
        constraints = [
            models.UniqueConstraint(
                fields=["locality", "key"], name="indicators_one_local_field_per_city"
            )
        ]

    def __str__(self) -> str:
        return self.name


COUNTS = (
    "received",
    "received_online",
    "finished_on_time",
    "finished_late",
    "digitised",
    "e_results",
    "payable",
    "paid_online",
    "feedback_received",
    "feedback_on_time",
    "feedback_dissatisfied",
    "rated",
    "rated_dissatisfied",
)
# Every count but those a monthly file must have: NULL when the file had no column for it.
REQUIRED_COUNTS = ("received", "finished_on_time", "finished_late")
OPTIONAL = tuple(c for c in COUNTS if c not in REQUIRED_COUNTS)


class DossierMonth(models.Model):
    """One month's dossier figures of one agency for one procedure, as a one-stop shop's system
    exports them (or as computed from its dossier-level records). No personal data."""

    # No index of its own: the unique constraint's index leads with (locality, month) and serves
    # every look-up by locality or month (two more indexes only slowed the bulk writes). No
    # foreign key: a bulk import writes hundreds of thousands of rows of one locality at once,
    # and PostgreSQL checked each of them at commit (it doubled the insert's CPU). PostgreSQL
    # checks the locality once per statement instead (triggers of migration 0011: the
    # localities written exist and are locked; a locality with figures cannot be deleted), and
    # Django refuses to delete a locality that has figures (PROTECT).
    locality = models.ForeignKey(
        Locality,
        verbose_name=_("locality"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    agency = models.CharField(_("agency"), max_length=255)
    procedure_code = models.CharField(_("procedure code"), max_length=8)
    received = models.PositiveIntegerField(
        pgettext_lazy("dossiers received", "received"), default=0
    )
    finished_on_time = models.PositiveIntegerField(_("finished early or on time"), default=0)
    finished_late = models.PositiveIntegerField(_("finished late"), default=0)
    # The counts a file may leave out (``OPTIONAL``): NULL when its file had no such column
    # ("not reported", never 0), and the components they enter are then not computed.
    received_online = models.PositiveIntegerField(_("received online"), null=True, blank=True)
    digitised = models.PositiveIntegerField(_("digitised"), null=True, blank=True)
    e_results = models.PositiveIntegerField(
        _("results issued electronically"), null=True, blank=True
    )
    payable = models.PositiveIntegerField(_("with fees to pay"), null=True, blank=True)
    paid_online = models.PositiveIntegerField(_("paid online"), null=True, blank=True)
    feedback_received = models.PositiveIntegerField(_("feedback received"), null=True, blank=True)
    feedback_on_time = models.PositiveIntegerField(
        _("feedback handled on time"), null=True, blank=True
    )
    feedback_dissatisfied = models.PositiveIntegerField(
        _("feedback dissatisfied"), null=True, blank=True
    )
    rated = models.PositiveIntegerField(_("dossiers rated"), null=True, blank=True)
    rated_dissatisfied = models.PositiveIntegerField(
        _("dossiers rated dissatisfied"), null=True, blank=True
    )
    is_public = models.BooleanField(_("public"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    source = models.CharField(_("source"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("monthly dossier figures")
        verbose_name_plural = _("monthly dossier figures")
        constraints = [
            models.UniqueConstraint(
                fields=["locality", "month", "agency", "procedure_code"],
                name="indicators_one_dossier_month",
            )
        ]

    def __str__(self) -> str:
        return f"{self.locality_id} {self.month:%m/%Y} {self.agency} {self.procedure_code}"


class ScoresDecoder(json.JSONDecoder):
    """Reads the scores' points as decimals (as they were computed), not floats."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("parse_float", Decimal)
        super().__init__(*args, **kwargs)


class IndexResult(models.Model):
    """Every computed component of an index version for a city (agency "") or one of its
    agencies in a month: ``scores`` maps each component's key to [numerator, denominator,
    points] (points null when there is nothing to rate; numerator or denominator null too when
    a figure it adds up was not reported, see ``OPTIONAL``). ``audience`` "public" is computed from
    public figures only, "all" from every figure (read by the city and its partners).

    One row per agency and month, not per component: a full recompute writes a tenth of the
    rows it used to (the rows, not the arithmetic, were its cost); ``score`` gives one
    component as a ``Score``, what the pages show."""

    version = models.CharField(_("index version"), max_length=20)
    # Derived data, rewritten by the ten thousand at each recompute: without a database
    # constraint PostgreSQL does not check the locality once per row written (Django still
    # deletes a locality's scores with it), and the indexes below serve its look-ups.
    locality = models.ForeignKey(
        Locality,
        verbose_name=_("locality"),
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    agency = models.CharField(_("agency"), max_length=255, blank=True)
    month = models.DateField(_("month"))
    audience = models.CharField(max_length=6, default="all")
    scores = models.JSONField(default=dict, decoder=ScoresDecoder)
    is_demo = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["version", "locality", "agency", "month", "audience"],
                name="indicators_one_result",
            )
        ]
        # The unique constraint serves the city rows (agency ""); a component's detail reads
        # every agency of one month.
        indexes = [models.Index(fields=["locality", "version", "month"])]

    def __str__(self) -> str:
        return f"{self.version} {self.locality_id} {self.month:%m/%Y} {self.agency}"

    def score(self, component: str) -> Score | None:
        """One component's score (None when this version did not compute it, or a figure it
        needs was not reported)."""
        return Score.of(self, component, self.scores.get(component))


def milli(value) -> Decimal | None:
    """A number of points to the thousandth, as it was stored before (numeric(7, 3))."""
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.001"))


@dataclass(frozen=True)
class Score:
    """One component of an index version for a city or agency in a month: the numbers it came
    from and the points."""

    version: str
    locality_id: int
    agency: str
    month: dt.date
    audience: str
    component: str
    numerator: int
    denominator: int
    points: Decimal | None
    max_points: Decimal | None
    is_demo: bool

    @classmethod
    def of(cls, result, component: str, value: list | None) -> Score | None:
        """The score of ``component`` held as ``value`` ([numerator, denominator, points]) by
        ``result`` (an ``IndexResult``, or any object with its key fields)."""
        if value is None:
            return None
        numerator, denominator, points = value
        if numerator is None or denominator is None:
            # a figure it needs was not reported: not computed, shown as "no figures" (not 0)
            return None
        from . import index766

        spec = index766.version(result.version).component(component)
        return cls(
            version=result.version,
            locality_id=result.locality_id,
            agency=result.agency,
            month=result.month,
            audience=result.audience,
            component=component,
            numerator=int(numerator),
            denominator=int(denominator),
            points=milli(points),
            max_points=milli(spec.share if spec is not None else None),
            is_demo=result.is_demo,
        )

    @property
    def rate(self):
        return None if not self.denominator else self.numerator / self.denominator

    @property
    def percent(self) -> str:
        """The rate as a percentage with one decimal in the active language's number format
        ("—" when nothing was counted)."""
        from hoptac.core.numbers import number

        rate = self.rate  # rounded half up: Django's number_format cuts 73.58 to "73,5"
        return "—" if rate is None else f"{number(rate * 100, 1)}%"


class IndicatorTag(models.Model):
    """A practice or policy of another app (a linkable kind of ``hoptac.core.linkable``) named as
    a way to do better on an indicator: a gap on that indicator shows the leading city's tagged
    items. ``indicator`` is a key of ``hoptac.indicators.keys`` ("766:on_time"); ``locality`` is
    the item's city, copied when tagged so that a gap finds the partner's items in one query."""

    indicator = models.CharField(_("indicator"), max_length=60)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    locality = models.ForeignKey(
        Locality, verbose_name=_("locality"), on_delete=models.CASCADE, related_name="+"
    )
    tagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("indicator tag")
        verbose_name_plural = _("indicator tags")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "content_type", "object_id"], name="indicators_one_tag"
            )
        ]
        indexes = [models.Index(fields=["indicator", "locality"])]

    def __str__(self) -> str:
        return f"{self.indicator} → {self.content_type_id}:{self.object_id}"


class IndicatorGoal(models.Model):
    """A city's target on an indicator of the 766 index ("66 % of dossiers online by
    31/12/2026"). A commitment names it through the programmes' links (it is a linkable kind of
    ``hoptac.core.linkable``), and the periodic review report shows the indicator's trend under
    that commitment."""

    locality = models.ForeignKey(
        Locality, verbose_name=_("locality"), on_delete=models.PROTECT, related_name="+"
    )
    indicator = models.CharField(_("indicator"), max_length=60)
    target = models.DecimalField(
        _("target (%)"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    due = models.DateField(_("to reach by"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        ordering = ["locality", "indicator", "due"]

    def __str__(self) -> str:
        from . import keys

        label = keys.label(self.indicator)
        # a Vietnamese label (the city's and the indicator's Vietnamese names), so a decimal
        # comma, as the target's own page writes it: "≥ 66,5%", not "≥ 66.5%"
        target = number(self.target, 1, "vi")
        return f"{self.locality.name_vi}: {label} ≥ {target}% ({self.due:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("indicators:goal", args=[self.pk])


INDICATOR_CODE_RE = r"^[0-9A-Za-zÀ-ỹ][0-9A-Za-zÀ-ỹ._\-]{0,29}$"


class IndicatorFramework(models.Model):
    """A city's own framework of indicators (a set of indicators with their codes, names, units
    and the direction that is better), imported from a spreadsheet and edited by the city's
    coordinators. The published indexes (DTI, PAPI…) stay in ``data/frameworks.json`` (their
    figures there, or a city's own as ``PublishedValue``); this is what a city defines for
    itself. Public frameworks are read by everyone; the others by the city and its partners."""

    locality = models.ForeignKey(
        Locality, verbose_name=_("city"), on_delete=models.PROTECT, related_name="+"
    )
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True)
    is_public = models.BooleanField(_("public"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator framework")
        verbose_name_plural = _("indicator frameworks")
        ordering = ["locality", "name_vi"]

    def __str__(self) -> str:
        return self.name_vi

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name_vi


class FrameworkIndicator(models.Model):
    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    framework = models.ForeignKey(
        IndicatorFramework,
        verbose_name=_("framework"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    position = models.PositiveIntegerField(default=0)
    code = models.CharField(
        _("indicator code"),
        max_length=30,
        validators=[
            RegexValidator(
                INDICATOR_CODE_RE,
                _("A code has letters, digits, dots, dashes or underscores (at most 30)."),
            )
        ],
    )
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=500)
    name_en = models.CharField(_("name (English)"), max_length=500, blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    direction = models.CharField(_("better when"), max_length=6, choices=Direction.choices)
    group = models.CharField(
        pgettext_lazy("of indicators in a framework", "group"), max_length=255, blank=True
    )
    source = models.CharField(_("source"), max_length=500, blank=True)
    # The indicator (dimension, sub-dimension…) this one is part of, in the same framework: a
    # framework is a tree of any depth (none at the top)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="parts",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("framework indicator")
        verbose_name_plural = _("framework indicators")
        ordering = ["framework", "position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"], name="indicators_one_code_per_framework"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name_vi}"

    def clean(self) -> None:
        """A part of an indicator of the same framework, never of itself or of one of its own
        parts."""
        from django.core.exceptions import ValidationError

        if self.parent_id is None:
            return
        up = self.parent
        if up.framework_id != self.framework_id:
            raise ValidationError({"parent": _("Choose an indicator of the same framework.")})
        seen = set()
        while up is not None and up.pk not in seen:
            if self.pk is not None and up.pk == self.pk:
                raise ValidationError(
                    {"parent": _("An indicator cannot be a part of itself or of its own parts.")}
                )
            seen.add(up.pk)
            up = up.parent

    @property
    def locality_id(self) -> int:
        """The owner city, for the permission predicates."""
        return self.framework.locality_id

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name_vi


class PublishedValue(models.Model):
    """One value of a published index (DTI, PAPI, PCI…) for one city and year, imported from the
    published table or entered by hand by the city's coordinators, with its source.

    The frameworks themselves (components, editions, how the total is made) and the values read
    by the maintainers stay in ``data/frameworks.json``; a value is kept here only where that
    file has none for the same framework, year, city and component, so every figure has one
    home. ``component`` is a component's key, or ``total`` for the index itself (the rank goes
    with the total). Public values are read by everyone; the others by the city and its
    partners."""

    framework = models.CharField(_("framework"), max_length=30)
    year = models.PositiveSmallIntegerField(_("year"))
    locality = models.ForeignKey(
        Locality, verbose_name=_("locality"), on_delete=models.PROTECT, related_name="+"
    )
    component = models.CharField(_("component"), max_length=30)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6)
    # The decimals the value was published with (0.8340 → 4): shown alike, never padded.
    places = models.PositiveSmallIntegerField(default=0)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=500)
    is_public = models.BooleanField(_("public"), default=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("published index value")
        verbose_name_plural = _("published index values")
        ordering = ["framework", "year", "locality", "component"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "year", "locality", "component"],
                name="indicators_one_published_value",
            )
        ]

    def __str__(self) -> str:
        return f"{self.framework} {self.year} {self.locality_id} {self.component}"

    @property
    def published(self) -> Decimal:
        """The value with the decimals it was published with."""
        return Decimal(self.value).quantize(Decimal(1).scaleb(-self.places))
