"""The interface of the feature store, and what both backends share (see the package's doc)."""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterable

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import QuerySet
from django.db.models.fields.json import KeyTransform

from ..models import Feature, Layer, LayerVersion, Visibility

TABLE = Feature._meta.db_table
LAYER_TABLE = Layer._meta.db_table
VERSION_TABLE = LayerVersion._meta.db_table
# Public layer slug -> the current version id last read in this process. Only a hint for
# `Store.public_feature` and `Store.public_page`: every read checks it against the layer in the
# same statement.
_CURRENT_VERSION: dict[str, int] = {}
# Version id -> feature count of versions seen current: a version's data are final once it is
# current (a change of data is a new version), so the count needs no reading again.
_VERSION_COUNT: dict[int, int] = {}
# The columns of a layer and its current version that the OGC API's JSON and the tiles need.
_LAYER_COLUMNS = (
    "id",
    "slug",
    "name_vi",
    "name_en",
    "description",
    "visibility",
    "licence",
    "theme",
    "organisation_id",
    "locality_id",
)
EXTENT = 4096
BUFFER = 64
# Up to this zoom a tile's geometries are generalised (Douglas-Peucker) by one tile unit before
# they are snapped to the tile's grid: what is dropped is less than a unit, which the snapping
# would hide anyway, and a planning polygon of thousands of vertices costs a few at a city's
# zoom. Above it (streets, parcels) every vertex the grid can show is kept.
GENERALISE_UP_TO_ZOOM = 12
WEB_MERCATOR_HALF = 20037508.342789244


def simplify_tolerance_3857(z: int) -> float:
    """One tile unit in metres (EPSG:3857) at zoom `z`, or 0 where nothing is generalised."""
    if z > GENERALISE_UP_TO_ZOOM:
        return 0.0
    return 2 * 20037508.342789244 / 2**z / EXTENT


def tile_bounds_3857(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    size = 2 * WEB_MERCATOR_HALF / (2**z)
    minx = -WEB_MERCATOR_HALF + x * size
    maxy = WEB_MERCATOR_HALF - y * size
    return minx, maxy - size, minx + size, maxy


def tile_bounds_4326(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    n = 2**z

    def lat(yy: int) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * yy / n))))

    return x / n * 360 - 180, lat(y + 1), (x + 1) / n * 360 - 180, lat(y)


class Store:
    vendor = ""
    geojson_function = "ST_AsGeoJSON"
    json_text = "{}::text"

    def public_layer(self, slug: str) -> Layer | None:
        """The public layer `slug` with its current version (the fields the JSON needs), or None.

        One query with no ORM compilation: public layers are readable by everybody, so this needs
        no user; other layers go through `queries.published_layers(user)`.
        """
        cols = ", ".join(f"l.{c}" for c in _LAYER_COLUMNS)
        sql = (
            f"SELECT {cols}, v.id, v.number, v.feature_count, "  # noqa: S608 — fixed names
            f"{self.json_text.format('v.fields')}, {self.json_text.format('v.bbox')}, "
            f"{self.json_text.format('l.queryables')} "
            f"FROM {LAYER_TABLE} l JOIN {VERSION_TABLE} v ON v.id = l.current_version_id "
            "WHERE l.slug = %s AND l.visibility = %s"
        )
        with connection.cursor() as cur:
            cur.execute(sql, [slug, Visibility.PUBLIC])
            row = cur.fetchone()
        if row is None:
            _CURRENT_VERSION.pop(slug, None)
            return None
        n = len(_LAYER_COLUMNS)
        layer = Layer(**dict(zip(_LAYER_COLUMNS, row[:n], strict=True)))
        version_id, number, count, fields, bbox, queryables = row[n:]
        layer.queryables = json.loads(queryables) if queryables else {}
        _CURRENT_VERSION[slug] = version_id
        _VERSION_COUNT[version_id] = count
        layer.current_version = LayerVersion(
            id=version_id,
            layer_id=layer.id,
            number=number,
            feature_count=count,
            fields=json.loads(fields) if fields else {},
            bbox=json.loads(bbox) if bbox else None,
        )
        return layer

    def public_version_hint(self, slug: str) -> tuple[int, int] | None:
        """(version id, feature count) of the version last seen current for the public layer
        `slug` in this process, or None. A hint only: `public_page` checks it."""
        version_id = _CURRENT_VERSION.get(slug)
        count = _VERSION_COUNT.get(version_id) if version_id is not None else None
        return None if count is None else (version_id, count)

    def public_page(
        self,
        slug: str,
        version_id: int,
        limit: int,
        after_id: int | None = None,
        bbox: tuple[float, float, float, float] | None = None,
    ) -> list[tuple] | None:
        """`page`, in the same statement checking that `slug` is public with `version_id`
        current. An empty list when it is not, or when the page is empty (the caller takes the
        full path to tell which); None where the backend leaves pages to the ORM."""
        return None

    def public_feature(self, slug: str, fid: int) -> tuple[int, str | None, str] | None:
        """(id, GeoJSON geometry, properties JSON) of a feature of a public layer's current
        version; None when the layer is not public or has no such feature.

        One query in the usual case: the current version last seen for the layer is named as a
        constant (so PostgreSQL prunes the partitions of the feature table when planning, which a
        join on the layer cannot do), and the same statement checks that the layer is still
        public with that version current. A hint that no longer holds costs a second read.
        """
        hint = _CURRENT_VERSION.get(slug)
        if hint is not None:
            row = self._feature_if_current(slug, hint, fid)
            if row is not None:
                return row
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT current_version_id FROM {LAYER_TABLE} "  # noqa: S608 — fixed names
                "WHERE slug = %s AND visibility = %s AND current_version_id IS NOT NULL",
                [slug, Visibility.PUBLIC],
            )
            found = cur.fetchone()
        if found is None:
            _CURRENT_VERSION.pop(slug, None)
            return None
        _CURRENT_VERSION[slug] = found[0]
        if found[0] == hint:
            return None  # the hint held: there is no such feature
        return self._feature_if_current(slug, found[0], fid)

    def _feature_if_current(self, slug: str, version_id: int, fid: int):
        sql = (
            f"SELECT f.id, {self.geojson_function}(f.geom, 7, 0), "  # noqa: S608 — fixed names
            f"{self.json_text.format('f.properties')} FROM {TABLE} f "
            "WHERE f.version_id = %s AND f.id = %s AND EXISTS ("
            f"SELECT 1 FROM {LAYER_TABLE} l WHERE l.slug = %s AND l.visibility = %s "
            "AND l.current_version_id = %s)"
        )
        with connection.cursor() as cur:
            cur.execute(sql, [version_id, fid, slug, Visibility.PUBLIC, version_id])
            return cur.fetchone()

    def page(
        self,
        version_id: int,
        limit: int,
        after_id: int | None = None,
        bbox: tuple[float, float, float, float] | None = None,
    ) -> list[tuple] | None:
        """A page of features in plain SQL, or None where the backend leaves it to the ORM."""
        return None

    def insert(self, version_id: int, rows: Iterable[tuple[bytes, str]]) -> int:
        """Write (WKB in WGS 84, properties JSON text) rows to a version; returns the count."""
        raise NotImplementedError

    def copy_version(self, source_id: int, target_id: int) -> int:
        """Copy every feature of one version into another (append keeps the old version)."""
        with connection.cursor() as cur:
            cur.execute(
                f"INSERT INTO {TABLE} (version_id, geom, properties) "  # noqa: S608 — fixed names
                f"SELECT %s, geom, properties FROM {TABLE} WHERE version_id = %s ORDER BY id",
                [target_id, source_id],
            )
            return cur.rowcount

    def tile(
        self, version_id: int, z: int, x: int, y: int, layer_name: str, limit: int
    ) -> tuple[bytes, int]:
        """The MVT of one tile and the number of features in it."""
        raise NotImplementedError

    def within_bbox(self, qs: QuerySet, box) -> QuerySet:
        """`qs` (features) restricted to those intersecting the polygon `box` (WGS 84)."""
        return qs.filter(geom__intersects=box)

    # The import engine (hoptac.geodata.imports) asks these; the defaults are SpatiaLite's
    # (one plain table, one writer at a time, no bulk path).

    def bulk_import_available(self) -> bool:
        """Whether large files may take the bulk path (ogr2ogr into a staging table)."""
        return False

    def progress_connection(self) -> BaseDatabaseWrapper | None:
        """A connection of its own on which an import saves its progress while its transaction
        is open (None: save it through the usual connection)."""
        return None

    def own_partition(self, version_id: int) -> None:
        """Give a version about to be written a table of its own (in the caller's transaction)."""

    def new_partition(self, cur, version_id: int) -> str:
        """Create the empty table of `version_id`'s own partition; returns its name."""
        raise NotImplementedError

    def attach_partition(
        self, cur, version_id: int, done: Callable[[str], None] | None = None
    ) -> None:
        """Index and attach the partition made by `new_partition`; `done(step)` after each
        step ('geom', 'pkey', 'keyset', 'analyze', 'attach')."""
        raise NotImplementedError

    def drop_partitions(self, version_ids: list[int]) -> None:
        """Drop the partitions of versions being deleted, and any left by versions gone."""

    def drop_stage(self, job_id: int) -> None:
        """Drop the staging table an attempt at import `job_id` may have left."""

    # Queryables a layer owner declares (Layer.queryables) get an index of their own, so that a
    # CQL2 comparison on them (written by cql2.py through Django's JSON key lookups) reads an
    # index instead of the whole version.

    def key(self, name: str) -> KeyTransform:
        """`properties -> name` as the filters compare it: the expression the indexes of
        `index_queryables` are built on."""
        return KeyTransform(name, "properties")

    def number_key(self, name: str):
        """The expression a comparison with a number reads for a queryable declared a number,
        or None where `key` serves numbers as well."""
        return None

    def index_queryables(self, version_id: int, declared: dict[str, str]) -> list[str]:
        """Make the indexes of `version_id` those of the queryables `declared` (name -> text or
        number): build the missing ones, drop the others; returns the names built."""
        return []

    def drop_queryable_indexes(self, version_ids: list[int]) -> None:
        """Drop the queryable indexes of versions being deleted."""


def queryable_index_name(version_id: int, attribute: str, kind: str) -> str:
    """The index of one queryable (name and type) of one version: short enough for
    PostgreSQL's 63 bytes whatever the attribute's name."""
    digest = hashlib.sha1(f"{kind}:{attribute}".encode(), usedforsecurity=False).hexdigest()[:10]
    return f"{QUERYABLE_INDEX_PREFIX}{int(version_id)}_{digest}"


QUERYABLE_INDEX_PREFIX = "geodata_fq_"


def sql_string(text: str) -> str:
    """`text` as an SQL string literal (the DDL of an index takes no parameters)."""
    if "\x00" in text:
        raise ValueError("NUL in an attribute name")
    return "'" + text.replace("'", "''") + "'"


def _flat(props: dict) -> dict:
    """MVT values are scalars: nested values become JSON text, None is dropped."""
    out = {}
    for k, v in (props or {}).items():
        if v is None:
            continue
        if isinstance(v, bool | int | float | str):
            out[k] = v
        else:
            out[k] = json.dumps(v, ensure_ascii=False)
    return out
