"""Who is who: localities, organisations, their counterparts, users and memberships.

History is kept, never rewritten: a 2019 agreement names bodies that have since merged, so
localities and organisations carry validity dates and a successor instead of being renamed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import dates
from .bilingual import pick


class BilingualName(models.Model):
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        return pick(self, "name")

    def __str__(self) -> str:
        return self.name


class ValidityQuerySet(models.QuerySet):
    def valid_on(self, day: dt.date | None = None) -> ValidityQuerySet:
        day = day or dates.today()
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )


class Validity(models.Model):
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError(
                {"valid_to": _("The end of validity cannot be before its start.")}
            )
        successor = getattr(self, "successor", None)
        if successor is not None and successor.pk == self.pk:
            raise ValidationError({"successor": _("A unit cannot succeed itself.")})

    def is_valid_on(self, day: dt.date | None = None) -> bool:
        day = day or dates.today()
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

    @property
    def is_current(self) -> bool:
        return self.is_valid_on()


class Locality(BilingualName, Validity):
    """A province-level unit (tỉnh / thành phố trực thuộc trung ương)."""

    class Kind(models.TextChoices):
        CITY = "city", _("centrally-run city")
        PROVINCE = "province", _("province")

    code = models.CharField(
        _("code"), max_length=3, unique=True, help_text=_("Code in the national registry.")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CITY)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    change_basis = models.CharField(_("legal basis of the change"), max_length=255, blank=True)
    centre = models.PointField(_("centre"), srid=4326, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("locality")
        verbose_name_plural = _("localities")


class Organisation(BilingualName, Validity):
    """A Party committee and its boards, a People's Committee, its office, a department…"""

    class Kind(models.TextChoices):
        PARTY_COMMITTEE = "party_committee", _("Party committee")
        PARTY_BOARD = "party_board", _("Party committee board")
        PEOPLES_COMMITTEE = "peoples_committee", _("People's Committee")
        PC_OFFICE = "pc_office", _("Office of the People's Committee")
        DEPARTMENT = "department", _("department")
        SECTOR_BODY = "sector_body", _("sector body")
        OTHER = "other", _("other body")

    locality = models.ForeignKey(
        Locality, verbose_name=_("locality"), on_delete=models.PROTECT, related_name="organisations"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    abbreviation = models.CharField(_("abbreviation"), max_length=30, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    website = models.URLField(_("website"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["locality__code", "kind", "name_vi"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["locality", "name_vi", "valid_from"], name="organisation_unique_name"
            )
        ]

    def clean(self) -> None:
        super().clean()
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("An organisation cannot be its own parent.")})
        if self.parent and self.locality_id and self.parent.locality_id != self.locality_id:
            raise ValidationError(
                {"parent": _("The parent body must belong to the same locality.")}
            )


class CooperationField(BilingualName):
    """A field of cooperation (lĩnh vực): planning, e-government, investment…"""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    source_paragraph = models.PositiveSmallIntegerField(
        _("paragraph of the source"), null=True, blank=True
    )
    keywords = models.TextField(
        _("keywords"), blank=True, help_text=_("Words that signal this field, one per line.")
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_(
            "What the field covers (the work of the bodies that carry it), in phrases separated "
            "by semicolons; drafting reads a commitment's field from it."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("cooperation field")
        verbose_name_plural = _("cooperation fields")


class CounterpartLink(models.Model):
    """Two organisations of different localities that work together on a field."""

    organisation_a = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    organisation_b = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("counterpart")
    )
    field = models.ForeignKey(
        CooperationField,
        on_delete=models.PROTECT,
        related_name="counterpart_links",
        verbose_name=_("cooperation field"),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("counterpart link")
        verbose_name_plural = _("counterpart links")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation_a", "organisation_b", "field"], name="counterpart_unique"
            ),
            models.CheckConstraint(
                condition=~Q(organisation_a=models.F("organisation_b")),
                name="counterpart_not_self",
            ),
        ]

    def clean(self) -> None:
        super().clean()
        a, b = self.organisation_a_id, self.organisation_b_id
        if a and b:
            if a == b:
                raise ValidationError(_("An organisation cannot be its own counterpart."))
            if self.organisation_a.locality_id == self.organisation_b.locality_id:
                raise ValidationError(_("Counterparts must belong to different localities."))

    def __str__(self) -> str:
        return f"{self.organisation_a} ↔ {self.organisation_b} ({self.field})"

    def other(self, organisation: Organisation) -> Organisation:
        return (
            self.organisation_b
            if organisation.pk == self.organisation_a_id
            else self.organisation_a
        )


class Partnership(models.Model):
    """Two localities that cooperate; members of one may read what the other shares."""

    locality_a = models.ForeignKey(
        Locality, on_delete=models.CASCADE, related_name="+", verbose_name=_("locality")
    )
    locality_b = models.ForeignKey(
        Locality, on_delete=models.CASCADE, related_name="+", verbose_name=_("partner locality")
    )
    since = models.DateField(_("since"), null=True, blank=True)
    basis = models.CharField(_("basis"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [
            models.UniqueConstraint(fields=["locality_a", "locality_b"], name="partnership_unique"),
            models.CheckConstraint(
                condition=~Q(locality_a=models.F("locality_b")), name="partnership_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.locality_a} ↔ {self.locality_b}"


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=[("vi", "Tiếng Việt"), ("en", "English")], default="vi"
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.get_full_name() or self.username


class Membership(Validity):
    """A user works for an organisation with a role."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("coordinator")
        OFFICER = "officer", _("officer")
        LEADER = "leader", _("leader")
        ADMIN = "admin", _("administrator")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"


class Notification(models.Model):
    """An in-app message to one user (reminders, decisions, answers)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    text = models.CharField(_("message"), max_length=500)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text


class ScheduledJob(models.Model):
    """When a periodic job (`hoptac.core.schedule`) is next due; claimed atomically."""

    name = models.CharField(max_length=100, unique=True)
    next_run = models.DateTimeField()
    last_enqueued = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name


class DemoLoad(models.Model):
    """Which demo was loaded into this database: the fingerprint of the code and data it was
    loaded from (`hoptac.core.demo_state`), so that `make demo` a second time starts at once."""

    parts = models.CharField(max_length=200, unique=True)  # "all", or the parts named
    fingerprint = models.CharField(max_length=64)
    loaded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.parts} {self.fingerprint[:12]}"


class WorkerLease(models.Model):
    """A running task worker (`manage.py db_worker`): refreshed while it lives (core.worker)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.worker_id


class ApiToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", _("read only")
        WRITE = "write", _("read and write")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False)
    scope = models.CharField(_("scope"), max_length=5, choices=Scope.choices, default=Scope.READ)
    localities = models.ManyToManyField(
        Locality,
        blank=True,
        related_name="+",
        verbose_name=_("limited to the localities"),
        help_text=_("None: every locality where the user works."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} (hpk_{self.prefix}…)"

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name: str, scope: str = "read", localities=()) -> tuple[ApiToken, str]:
        """Create a token; the clear key is returned once and never stored."""
        key = "hpk_" + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name[:100], key_hash=cls.hash(key), prefix=key[4:12], scope=scope
        )
        token.localities.set(localities)
        return token, key
