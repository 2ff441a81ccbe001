"""What differs between PostGIS and SpatiaLite, behind one small interface chosen by vendor.

- writing features in bulk (COPY on PostGIS, executemany on SpatiaLite);
- vector tiles (ST_AsMVT on PostGIS, mapbox-vector-tile in Python on SpatiaLite);
- the lean reads of the OGC API and the tiles: a public layer, a feature by id, a page, in plain
  SQL (compiling the ORM query cost more than running it), and the bbox filter;
- what the import engine needs of the database: the bulk path, a connection for progress, and on
  PostgreSQL the partitions of the feature table (decision 0007) and the staging tables.
"""

from __future__ import annotations

from django.db import connection

from .base import Store, tile_bounds_3857, tile_bounds_4326
from .postgis import PostgisStore
from .spatialite import SpatialiteStore

__all__ = [
    "PostgisStore",
    "SpatialiteStore",
    "Store",
    "store",
    "tile_bounds_3857",
    "tile_bounds_4326",
]


def store() -> Store:
    return PostgisStore() if connection.vendor == "postgresql" else SpatialiteStore()
