"""What differs between PostGIS and SpatiaLite, behind one small interface chosen by vendor.

- writing features in bulk (COPY on PostGIS, executemany on SpatiaLite);
- vector tiles (ST_AsMVT on PostGIS, mapbox-vector-tile in Python on SpatiaLite);
- the lean reads of the OGC API and the tiles: a public layer, a feature by id, in plain SQL
  (compiling the ORM query cost more than running it).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable

from django.db import connection

from .models import Feature, Layer, LayerVersion, Visibility

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
WEB_MERCATOR_HALF = 20037508.342789244


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
            f"{self.json_text.format('v.fields')}, {self.json_text.format('v.bbox')} "
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
        version_id, number, count, fields, bbox = row[n:]
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


class PostgisStore(Store):
    vendor = "postgresql"

    def page(self, version_id, limit, after_id=None, bbox=None):
        """(id, GeoJSON geometry or 'null', properties JSON) of the next `limit` features by id,
        after `after_id` and within `bbox` (minx, miny, maxx, maxy in WGS 84): the common shape
        of an items request, in plain SQL (the ORM's compilation cost as much as the query)."""
        return self._page(version_id, limit, after_id, bbox)

    def public_page(self, slug, version_id, limit, after_id=None, bbox=None):
        check = (
            f"EXISTS (SELECT 1 FROM {LAYER_TABLE} l WHERE l.slug = %s "  # noqa: S608
            "AND l.visibility = %s AND l.current_version_id = %s)",
            [slug, Visibility.PUBLIC, version_id],
        )
        return self._page(version_id, limit, after_id, bbox, check)

    def _page(self, version_id, limit, after_id, bbox, check=None):
        where, params = ["version_id = %s"], [version_id]
        if check is not None:
            where.append(check[0])
            params += check[1]
        if after_id is not None:
            where.append("id > %s")
            params.append(after_id)
        if bbox is not None:
            # `&&` as well as ST_Intersects: see features_query in ogc/queries.py.
            where.append(
                "geom && ST_MakeEnvelope(%s, %s, %s, %s, 4326) "
                "AND ST_Intersects(geom, ST_MakeEnvelope(%s, %s, %s, %s, 4326))"
            )
            params += [*bbox, *bbox]
        sql = (
            # Never a NULL: the view writes these texts into the document as they are.
            "SELECT id, coalesce(ST_AsGeoJSON(geom, 7, 0), 'null'), "  # noqa: S608
            f"coalesce(properties::text, '{{}}') FROM {TABLE} "
            f"WHERE {' AND '.join(where)} ORDER BY id LIMIT %s"
        )
        with connection.cursor() as cur:
            cur.execute(sql, [*params, limit])
            return cur.fetchall()

    def insert(self, version_id: int, rows: Iterable[tuple[bytes, str]]) -> int:
        n = 0
        with connection.cursor() as cur:
            raw = cur.cursor  # psycopg 3
            with raw.copy(f"COPY {TABLE} (version_id, geom, properties) FROM STDIN") as copy:
                prefix = str(version_id)
                for wkb, props in rows:
                    copy.write_row((prefix, "SRID=4326;" + wkb.hex(), props))
                    n += 1
        return n

    def tile(self, version_id, z, x, y, layer_name, limit):
        # The envelope is computed in Python so that the spatial index on geom (4326) is used.
        w, s, e, n = tile_bounds_4326(z, x, y)
        margin = (e - w) * BUFFER / EXTENT
        sql = f"""
            WITH env AS (SELECT ST_TileEnvelope(%s, %s, %s) AS e),
            src AS (
              SELECT id, properties, geom FROM {TABLE}
              WHERE version_id = %s AND geom && ST_MakeEnvelope(%s, %s, %s, %s, 4326)
              LIMIT %s
            ),
            mvt AS (
              SELECT src.id, src.properties,
                     ST_AsMVTGeom(
                       ST_Transform(src.geom, 3857), env.e, {EXTENT}, {BUFFER}, true
                     ) AS g
              FROM src, env
            )
            SELECT ST_AsMVT(q, %s, {EXTENT}, 'g', 'id'), count(*)
            FROM (
              SELECT id, g, properties FROM mvt WHERE g IS NOT NULL
            ) q
        """  # noqa: S608 — fixed names; values are parameters
        with connection.cursor() as cur:
            cur.execute(
                sql,
                [
                    z,
                    x,
                    y,
                    version_id,
                    w - margin,
                    max(s - margin, -85.06),
                    e + margin,
                    min(n + margin, 85.06),
                    limit,
                    layer_name,
                ],
            )
            data, count = cur.fetchone()
        return bytes(data or b""), count


class SpatialiteStore(Store):
    vendor = "sqlite"
    geojson_function = "AsGeoJSON"
    json_text = "{}"

    def insert(self, version_id: int, rows: Iterable[tuple[bytes, str]]) -> int:
        n = 0
        batch: list[tuple] = []
        sql = (
            f"INSERT INTO {TABLE} (version_id, geom, properties) "  # noqa: S608
            "VALUES (%s, GeomFromWKB(%s, 4326), %s)"
        )
        with connection.cursor() as cur:
            for wkb, props in rows:
                batch.append((version_id, wkb, props))
                if len(batch) >= 5000:
                    cur.executemany(sql, batch)
                    n += len(batch)
                    batch = []
            if batch:
                cur.executemany(sql, batch)
                n += len(batch)
        return n

    def tile(self, version_id, z, x, y, layer_name, limit):
        import mapbox_vector_tile
        import shapely

        from . import crs as crsmod

        w, s, e, n = tile_bounds_4326(z, x, y)
        margin = (e - w) * BUFFER / EXTENT
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT id, AsBinary(geom), properties FROM {TABLE} "  # noqa: S608
                "WHERE version_id = %s AND id IN (SELECT ROWID FROM SpatialIndex "
                "WHERE f_table_name = %s AND f_geometry_column = 'geom' "
                "AND search_frame = BuildMbr(%s, %s, %s, %s, 4326)) ORDER BY id LIMIT %s",
                [version_id, TABLE, w - margin, s - margin, e + margin, n + margin, limit],
            )
            rows = cur.fetchall()
        if not rows:
            return b"", 0
        minx, miny, maxx, maxy = tile_bounds_3857(z, x, y)
        scale = EXTENT / (maxx - minx)
        to_merc = crsmod.transformer(4326, 3857)
        clip = (-BUFFER, -BUFFER, EXTENT + BUFFER, EXTENT + BUFFER)

        def to_tile(coords):
            mx, my = to_merc.transform(coords[:, 0], coords[:, 1])
            coords[:, 0] = (mx - minx) * scale
            coords[:, 1] = (maxy - my) * scale
            return coords

        feats = []
        for fid, wkb, props in rows:
            g = shapely.transform(shapely.from_wkb(bytes(wkb)), to_tile)
            g = shapely.clip_by_rect(g, *clip) if g.geom_type != "Point" else g
            if g.is_empty:
                continue
            g = shapely.set_precision(g, 1.0)
            if g.is_empty:
                continue
            p = json.loads(props) if isinstance(props, str) else props
            feats.append({"geometry": g, "properties": _flat(p), "id": fid})
        if not feats:
            return b"", 0
        data = mapbox_vector_tile.encode(
            [{"name": layer_name, "features": feats}],
            default_options={"extents": EXTENT, "y_coord_down": True, "on_invalid_geometry": None},
        )
        return data, len(feats)


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


def store() -> Store:
    return PostgisStore() if connection.vendor == "postgresql" else SpatialiteStore()
