"""Sharing experience between partner cities: practices, policies, requests and activities.

Every shared item belongs to an organisation (and so to its locality), is a draft or published,
and is shared with partners only or with the public. Links to commitments live in the
programmes app (a generic link from a commitment to any object); nothing here points there.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hoptac.core import dates
from hoptac.core.bilingual import pick
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


class Practice(SharedItem):
    """A city's way of doing something that a partner may take over."""

    title_vi = models.CharField(_("title (Vietnamese)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    summary_vi = models.TextField(_("summary (Vietnamese)"), max_length=2000)
    summary_en = models.TextField(_("summary (English)"), max_length=2000, blank=True)
    body_vi = models.TextField(_("description (Vietnamese, Markdown)"), blank=True)
    body_en = models.TextField(_("description (English, Markdown)"), blank=True)
    results = models.TextField(_("results achieved"), blank=True)
    contact = models.CharField(_("contact"), max_length=255, blank=True)
    tags = models.CharField(
        _("tags"), max_length=255, blank=True, help_text=_("Separated by commas.")
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-published_at", "-created_at", "-pk"]
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        indexes = [models.Index(fields=["status", "visibility", "locality"])]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return pick(self, "title")

    @property
    def summary(self) -> str:
        return pick(self, "summary")

    @property
    def body(self) -> str:
        return pick(self, "body")

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]

    def get_absolute_url(self) -> str:
        return reverse("exchange:practice_detail", args=[self.pk])


class Policy(SharedItem):
    """A legal document a city proposed or applied: a resolution, a decree, a decision…"""

    class Kind(models.TextChoices):
        LAW = "law", _("law")
        RESOLUTION_NA = "resolution_na", _("resolution of the National Assembly")
        RESOLUTION = "resolution", _("resolution")
        DECREE = "decree", _("decree")
        DECISION = "decision", _("decision")
        DIRECTIVE = "directive", _("directive")
        PLAN = "plan", _("plan")
        OTHER = "other", _("other document")

    class LegalStatus(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        IN_FORCE = "in_force", _("in force")
        EXPIRED = "expired", _("expired")
        REPLACED = "replaced", _("replaced")

    number = models.CharField(_("number"), max_length=60)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    issuer = models.CharField(_("issuing body"), max_length=255)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    summary_vi = models.TextField(_("summary (Vietnamese)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    issued_on = models.DateField(_("date issued"), null=True, blank=True)
    effective_on = models.DateField(_("effective date"), null=True, blank=True)
    expires_on = models.DateField(_("end of effect"), null=True, blank=True)
    legal_status = models.CharField(
        _("legal status"), max_length=10, choices=LegalStatus.choices, default=LegalStatus.IN_FORCE
    )
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
    )
    source_url = models.URLField(_("link to the text"), blank=True)
    practices = models.ManyToManyField(
        Practice, verbose_name=_("related practices"), blank=True, related_name="policies"
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("policy or mechanism")
        verbose_name_plural = _("policies and mechanisms")
        constraints = [
            models.UniqueConstraint(fields=["number", "issuer"], name="policy_unique_number"),
            models.CheckConstraint(
                condition=~Q(replaced_by=models.F("pk")),
                name="policy_not_replaced_by_itself",
                violation_error_message=_("A document cannot replace itself."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"

    @property
    def title(self) -> str:
        return pick(self, "title")

    @property
    def summary(self) -> str:
        return pick(self, "summary")

    @property
    def in_force(self) -> bool:
        return self.legal_status == self.LegalStatus.IN_FORCE

    @property
    def superseded(self) -> bool:
        """No longer in force: expired or replaced by another document."""
        return self.legal_status in (self.LegalStatus.EXPIRED, self.LegalStatus.REPLACED)

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.issued_on and self.effective_on and self.effective_on < self.issued_on:
            errors["effective_on"] = _("The effective date cannot be before the date issued.")
        if self.effective_on and self.expires_on and self.expires_on < self.effective_on:
            errors["expires_on"] = _("The end of effect cannot be before the effective date.")
        if self.replaced_by_id and self.replaced_by_id == self.pk:
            errors["replaced_by"] = _("A document cannot replace itself.")
        if self.legal_status == self.LegalStatus.REPLACED and not self.replaced_by_id:
            errors["replaced_by"] = _("Name the document that replaced this one.")
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("exchange:policy_detail", args=[self.pk])


class Adoption(models.Model):
    """A partner takes a practice over; the outcome is reported later."""

    class Outcome(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        ADOPTED = "adopted", _("adopted")
        ABANDONED = "abandoned", _("abandoned")

    practice = models.ForeignKey(
        Practice, verbose_name=_("practice"), on_delete=models.CASCADE, related_name="adoptions"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("adopting organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    locality = models.ForeignKey(
        Locality, verbose_name=_("locality"), on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField(_("started on"), default=dates.today)
    plan = models.TextField(_("how it is taken over"), blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.PLANNED
    )
    outcome_report = models.TextField(_("outcome report"), blank=True)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "organisation"],
                name="adoption_unique_per_organisation",
                violation_error_message=_("This organisation has already recorded taking it over."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.practice}"

    @property
    def adopted(self) -> bool:
        return self.outcome == self.Outcome.ADOPTED

    @property
    def abandoned(self) -> bool:
        return self.outcome == self.Outcome.ABANDONED

    def save(self, *args, **kwargs) -> None:
        if self.organisation_id and not self.locality_id:
            self.locality_id = self.organisation.locality_id
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.practice_id and self.organisation_id:
            if self.organisation.locality_id == self.practice.locality_id:
                raise ValidationError(
                    _("A practice is taken over by a partner locality, not by its own.")
                )


class ExperienceRequest(models.Model):
    """A department asks its counterpart, or every partner locality, how they did something."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ANSWERED = "answered", _("answered")
        CLOSED = "closed", _("closed")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("asking organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    locality = models.ForeignKey(
        Locality, verbose_name=_("locality"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=255)
    question = models.TextField(_("question (Markdown)"))
    due_on = models.DateField(_("answer wanted by"))
    fields = models.ManyToManyField(
        CooperationField, verbose_name=_("cooperation fields"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("experience request")
        verbose_name_plural = _("experience requests")

    def __str__(self) -> str:
        return self.subject

    @property
    def title(self) -> str:
        return self.subject

    def save(self, *args, **kwargs) -> None:
        if self.organisation_id and not self.locality_id:
            self.locality_id = self.organisation.locality_id
        super().save(*args, **kwargs)

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.status == self.Status.OPEN and self.due_on < (today or dates.today())

    def get_absolute_url(self) -> str:
        return reverse("exchange:request_detail", args=[self.pk])


class Addressee(models.Model):
    """One locality (and, when named, one counterpart body) a request is addressed to."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting for an answer")
        ANSWERED = "answered", _("answered")

    request = models.ForeignKey(
        ExperienceRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="addressees",
    )
    locality = models.ForeignKey(
        Locality, verbose_name=_("locality"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("counterpart"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: any body of the locality may answer."),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    last_reminded_on = models.DateField(_("last reminded on"), null=True, blank=True)

    class Meta:
        ordering = ["locality__code", "pk"]
        verbose_name = _("addressee")
        verbose_name_plural = _("addressees")
        constraints = [
            models.UniqueConstraint(fields=["request", "locality"], name="addressee_unique")
        ]

    def __str__(self) -> str:
        return str(self.organisation or self.locality)

    @property
    def answered(self) -> bool:
        return self.state == self.State.ANSWERED

    @property
    def answer_time(self) -> dt.timedelta | None:
        if self.answered_at is None:
            return None
        return self.answered_at - self.request.sent_at

    @property
    def answer_days(self) -> int | None:
        delta = self.answer_time
        return None if delta is None else max(delta.days, 0)


class Answer(models.Model):
    """A counterpart's answer: text, files and links to its practices."""

    addressee = models.ForeignKey(
        Addressee, verbose_name=_("addressee"), on_delete=models.CASCADE, related_name="answers"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("answering organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = models.TextField(_("answer (Markdown)"))
    practices = models.ManyToManyField(
        Practice, verbose_name=_("related practices"), blank=True, related_name="answers"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.body[:60]}"


class Activity(SharedItem):
    """A delegation, study visit, workshop, conference or training course."""

    class Kind(models.TextChoices):
        DELEGATION = "delegation", _("delegation")
        STUDY_VISIT = "study_visit", _("study visit")
        WORKSHOP = "workshop", _("workshop")
        CONFERENCE = "conference", _("conference")
        TRAINING = "training", _("training course")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    description = models.TextField(_("description (Markdown)"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    host_locality = models.ForeignKey(
        Locality,
        verbose_name=_("host locality"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Where it takes place; for a delegation, the city visited."),
    )
    agenda = models.TextField(_("agenda (Markdown)"), blank=True)
    registration_open = models.BooleanField(_("registration open"), default=False)
    registration_deadline = models.DateField(_("registration deadline"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    minutes = models.TextField(_("minutes (Markdown)"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")),
                name="activity_ends_after_start",
                violation_error_message=_("An activity cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return pick(self, "title")

    def clean(self) -> None:
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("An activity cannot end before it starts.")})

    def registration_is_open(self, today: dt.date | None = None) -> bool:
        today = today or dates.today()
        if not self.registration_open or self.status != Publication.PUBLISHED:
            return False
        if self.registration_deadline and today > self.registration_deadline:
            return False
        return timezone.localtime(self.starts_at).date() >= today

    def get_absolute_url(self) -> str:
        return reverse("exchange:activity_detail", args=[self.pk])


class Participant(models.Model):
    """Someone taking part: an account, or an outside guest named by hand."""

    class Role(models.TextChoices):
        HOST = "host", _("host")
        DELEGATE = "delegate", _("delegation member")
        SPEAKER = "speaker", _("speaker")
        ATTENDEE = "attendee", _("attendee")

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    guest_name = models.CharField(_("guest name"), max_length=150, blank=True)
    guest_organisation = models.CharField(_("guest's organisation"), max_length=255, blank=True)
    guest_email = models.EmailField(_("guest's e-mail"), blank=True)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.ATTENDEE)
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "registered_at", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "user"],
                condition=Q(user__isnull=False),
                name="participant_unique_account",
                violation_error_message=_("This account is already registered."),
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(guest_name=""),
                name="participant_account_or_guest",
                violation_error_message=_("Name the guest or choose an account."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.user) if self.user_id else self.guest_name


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
