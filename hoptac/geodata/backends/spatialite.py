"""The feature store on SQLite + SpatiaLite: one plain table, tiles encoded in Python."""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.db import connection
from django.db.models.fields.json import KeyTransform, compile_json_path

from ..models import Feature
from .base import (
    BUFFER,
    EXTENT,
    QUERYABLE_INDEX_PREFIX,
    TABLE,
    Store,
    _flat,
    queryable_index_name,
    simplify_tolerance_3857,
    sql_string,
    tile_bounds_3857,
    tile_bounds_4326,
)


class LiteralPathKey(KeyTransform):
    """`properties -> key` with the JSON path written into the SQL instead of bound: SQLite
    uses an expression index only when the query's expression is the index's, literally, and
    a bound parameter is not (Django binds the path)."""

    def as_sqlite(self, compiler, connection):
        # Django's own, but with the path literal and the types in a fixed order (Django's come
        # from a frozenset, whose order changes from one process to the next).
        lhs, params, key_transforms = self.preprocess_lhs(compiler, connection)
        path = sql_string(compile_json_path(key_transforms)).replace("%", "%%")
        types = ",".join(sql_string(t) for t in sorted(connection.ops.jsonfield_datatype_values))
        sql = (
            f"(CASE WHEN JSON_TYPE({lhs}, {path}) IN ({types}) "
            f"THEN JSON_TYPE({lhs}, {path}) ELSE JSON_EXTRACT({lhs}, {path}) END)"
        )
        return sql, tuple(params) * 3


def key_expression(attribute: str) -> str:
    """The SQL of LiteralPathKey(attribute) on the feature table's own columns (an index's
    expression names no table)."""
    query = Feature.objects.all().query
    compiler = query.get_compiler(connection=connection)
    key = LiteralPathKey(attribute, "properties").resolve_expression(query)
    sql, params = compiler.compile(key)
    if params:
        raise ValueError(f"the path of {attribute!r} is not written literally")
    return sql.replace(f'"{TABLE}".', "").replace("%%", "%")


class SpatialiteStore(Store):
    vendor = "sqlite"
    geojson_function = "AsGeoJSON"
    json_text = "{}"

    def key(self, name: str) -> KeyTransform:
        return LiteralPathKey(name, "properties")

    def index_queryables(self, version_id: int, declared: dict[str, str]) -> list[str]:
        """A partial index (WHERE version_id = …) on (the key's expression, id) per declared
        attribute: SQLite picks it for a comparison written by `key` (and the version bound as
        a parameter still matches the partial index's condition)."""
        # one expression for both types: SQLite compares JSON numbers as numbers
        wanted = {queryable_index_name(version_id, n, k): n for n, k in declared.items()}
        with connection.cursor() as cur:
            existing = set(self._indexes(cur, version_id))
            for name in sorted(existing - set(wanted)):
                cur.execute(f'DROP INDEX IF EXISTS "{name}"')
            missing = sorted((a, n) for n, a in wanted.items() if n not in existing)
            for attribute, name in missing:
                cur.execute(
                    f'CREATE INDEX "{name}" ON {TABLE} ({key_expression(attribute)}, id) '
                    f"WHERE version_id = {int(version_id)}"
                )
            if missing:
                cur.execute(f"ANALYZE {TABLE}")
        return [a for a, _n in missing]

    def drop_queryable_indexes(self, version_ids: list[int]) -> None:
        with connection.cursor() as cur:
            for version_id in version_ids:
                for name in self._indexes(cur, version_id):
                    cur.execute(f'DROP INDEX IF EXISTS "{name}"')

    def _indexes(self, cur, version_id: int) -> list[str]:
        prefix = f"{QUERYABLE_INDEX_PREFIX}{int(version_id)}_"
        cur.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
            "AND substr(name, 1, %s) = %s",
            [TABLE, len(prefix), prefix],
        )
        return [r[0] for r in cur.fetchall()]

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

        from .. import crs as crsmod

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

        generalise = simplify_tolerance_3857(z) > 0  # (here in tile units: one unit)
        feats = []
        for fid, wkb, props in rows:
            g = shapely.transform(shapely.from_wkb(bytes(wkb)), to_tile)
            g = shapely.clip_by_rect(g, *clip) if g.geom_type != "Point" else g
            if g.is_empty:
                continue
            if generalise and g.geom_type != "Point":
                g = shapely.simplify(g, 1.0, preserve_topology=True)
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
