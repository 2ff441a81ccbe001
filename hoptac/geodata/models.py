"""Layers of the shared urban spatial database, their versions, features, imports and API tokens.

Features of every layer live in one table (geometry in WGS 84 + JSON properties), each row tied
to the layer version that holds it; a new version never touches the rows of the previous one.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hoptac.core.bilingual import pick
from hoptac.core.models import Locality, Organisation


class Theme(models.TextChoices):
    BOUNDARIES = "boundaries", _("administrative boundaries")
    PLANNING_ZONES = "planning_zones", _("planning zones")
    LAND_USE = "land_use", _("land use")
    PARKS = "parks", _("industrial and high-tech parks")
    TRANSPORT = "transport", _("transport")
    INFRASTRUCTURE = "infrastructure", _("infrastructure")
    PARCELS = "parcels", _("land parcels")
    OTHER = "other", _("other")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("public")
    PARTNERS = "partners", _("partner cities")
    OWNER = "owner", _("owner locality only")


class Layer(models.Model):
    """A named set of features published by one organisation of a locality."""

    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="layers", verbose_name=_("owner")
    )
    locality = models.ForeignKey(
        Locality, on_delete=models.PROTECT, related_name="layers", verbose_name=_("locality")
    )
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PARTNERS
    )
    # Metadata
    source = models.CharField(_("source"), max_length=255, blank=True)
    source_date = models.DateField(_("date of the data"), null=True, blank=True)
    scale = models.CharField(_("scale"), max_length=30, blank=True)
    source_crs = models.PositiveIntegerField(_("source CRS (EPSG)"), null=True, blank=True)
    licence = models.CharField(_("licence"), max_length=120, blank=True)
    contact = models.CharField(_("contact"), max_length=255, blank=True)
    is_demo = models.BooleanField(_("approximate demo geometry"), default=False)
    # Style: {"attribute": "class", "colors": {"value": "#hex"}, "default": "#hex"}
    style = models.JSONField(_("style"), default=dict, blank=True)
    # Attributes filters use, declared by the owner: name -> "text" or "number". Each version
    # gets an index per queryable (imports/indexes.py), built by the import or on a change.
    queryables = models.JSONField(_("indexed queryables"), default=dict, blank=True)
    current_version = models.ForeignKey(
        "LayerVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("current version"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["locality__code", "theme", "name_vi"]
        verbose_name = _("layer")
        verbose_name_plural = _("layers")

    @property
    def name(self) -> str:
        return pick(self, "name")

    def __str__(self) -> str:
        return self.name

    @property
    def extent(self) -> list[float] | None:
        v = self.current_version
        if v is None or v.bbox is None:
            return None
        return list(v.bbox)


class LayerVersion(models.Model):
    """One state of a layer's data; replacing or appending makes a new one."""

    class Mode(models.TextChoices):
        REPLACE = "replace", _("replace the data")
        APPEND = "append", _("append to the data")

    layer = models.ForeignKey(Layer, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.REPLACE)
    source_name = models.CharField(_("file"), max_length=255, blank=True)
    source_crs = models.PositiveIntegerField(_("source CRS (EPSG)"), null=True, blank=True)
    feature_count = models.PositiveIntegerField(_("features"), default=0)
    bbox = models.JSONField(_("extent"), null=True, blank=True)  # [minx, miny, maxx, maxy] WGS 84
    fields = models.JSONField(_("attributes"), default=dict, blank=True)  # name -> type
    report = models.JSONField(_("import report"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["layer", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["layer", "number"], name="geodata_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.layer} v{self.number}"


class PrerenderedTile(models.Model):
    """A vector tile of a version rendered when the version was imported (tiles.prerender):
    the dense low-zoom tiles, read by the first visit instead of rendered on request. Valid only
    for the layer name and feature cap it was rendered with; goes with its version."""

    version = models.ForeignKey(
        LayerVersion, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    z = models.PositiveSmallIntegerField()
    x = models.PositiveIntegerField()
    y = models.PositiveIntegerField()
    name = models.CharField(max_length=200)  # the MVT layer's name (the layer's slug)
    feature_limit = models.PositiveIntegerField()
    feature_count = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["version", "z", "x", "y"], name="geodata_prerendered_tile_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.version_id}:{self.z}/{self.x}/{self.y}"


class Feature(models.Model):
    """A feature of a layer version: WGS 84 geometry and its attributes.

    On PostgreSQL the table is partitioned by version (migration 0002, decision 0007): a version
    written by the bulk import path, or of GEODATA_PARTITION_THRESHOLD features or more by the
    Python path, is its own partition (dropped with the version); the others share the default
    one.
    """

    # No index of its own: the keyset index (version, id) serves every lookup by version.
    version = models.ForeignKey(
        LayerVersion, on_delete=models.CASCADE, related_name="features", db_index=False
    )
    geom = models.GeometryField(srid=4326)
    properties = models.JSONField(default=dict)

    class Meta:
        indexes = [models.Index(fields=["version", "id"], name="geodata_feature_keyset")]

    def __str__(self) -> str:
        return f"{self.version_id}:{self.pk}"


class ImportJob(models.Model):
    """An upload being read, checked and written as a new layer version."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        NEEDS_CRS = "needs_crs", _("coordinate system needed")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    class Stage(models.TextChoices):
        READING = "reading", _("reading and checking the file")
        LOADING = "loading", _("loading the file")
        WRITING = "writing", _("writing the features")
        CHECKING = "checking", _("checking the geometries")
        INDEXING = "indexing", _("building the indexes")

    layer = models.ForeignKey(Layer, on_delete=models.CASCADE, related_name="imports")
    file = models.FileField(upload_to="geodata/imports/%Y/%m/")
    original_name = models.CharField(max_length=255)
    mode = models.CharField(
        max_length=10, choices=LayerVersion.Mode.choices, default=LayerVersion.Mode.REPLACE
    )
    source_crs = models.PositiveIntegerField(null=True, blank=True)
    options = models.JSONField(default=dict, blank=True)  # CSV columns, layer name…
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    # What the running import is doing (shown beside the progress bar).
    stage = models.CharField(max_length=10, choices=Stage.choices, blank=True, default="")
    message = models.TextField(blank=True)
    report = models.JSONField(default=dict, blank=True)
    version = models.ForeignKey(
        LayerVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    @property
    def in_progress(self) -> bool:
        """Waiting for the worker or being read: the page keeps polling."""
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} → {self.layer}"


class ApiToken(models.Model):
    """A personal token for the OGC API and tiles (`Authorization: Bearer …`).

    Only its hash is kept.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="geodata_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name: str) -> tuple[ApiToken, str]:
        """Create a token; the clear key is returned once and never stored."""
        key = "hpt_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, key_hash=cls.hash(key), prefix=key[4:12])
        return token, key
