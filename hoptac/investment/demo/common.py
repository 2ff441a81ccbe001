"""What the demo's data and loaders share: a billion dong, Vietnam's time zone, tax codes valid in
form, square footprints."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.gis.geos import MultiPolygon, Polygon
from stdnum.vn import mst

BN = Decimal(1_000_000_000)


TZ = dt.timezone(dt.timedelta(hours=7))


def tax_code(prefix: str, seq: int) -> str:
    """The first valid tax code from prefix+seq on (some sequence numbers have no check digit)."""
    while True:
        body = f"{prefix}{seq:07d}"
        check = mst.calc_check_digit(body)
        if len(check) == 1:
            return body + check
        seq += 1


def square(lon: float, lat: float, half: float) -> MultiPolygon:
    return MultiPolygon(
        Polygon.from_bbox((lon - half, lat - half * 0.8, lon + half, lat + half * 0.8)), srid=4326
    )
