"""The feature store on SQLite + SpatiaLite: one plain table, tiles encoded in Python."""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.db import connection

from .base import BUFFER, EXTENT, TABLE, Store, _flat, tile_bounds_3857, tile_bounds_4326


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
