"""The query parameters of OGC API – Features: parsed and checked; a bad one is refused with a
400 that names it."""

from __future__ import annotations

import base64
import datetime as dt
import json

import numpy as np
from django.contrib.gis.geos import Polygon
from django.http import HttpRequest
from django.utils.translation import gettext as _

from .. import crs as crsmod

ITEM_PARAMS = {
    "limit",
    "bbox",
    "bbox-crs",
    "datetime",
    "crs",
    "filter",
    "filter-lang",
    "filter-crs",
    "sortby",
    "cursor",
    "f",
}
DEFAULT_LIMIT = 10
MAX_LIMIT = 10000
# The parameters of the common page request, which `views._public_page` answers in one statement.
PLAIN_PAGE_PARAMS = frozenset({"limit", "cursor", "bbox", "f"})


class OGCError(Exception):
    def __init__(self, status: int, code: str, description: str):
        super().__init__(description)
        self.status, self.code, self.description = status, code, description


def wants_html(request: HttpRequest) -> bool:
    f = request.GET.get("f")
    if f:
        return f == "html"
    accept = request.headers.get("Accept", "")
    return "text/html" in accept and "json" not in accept.split("text/html")[0]


def bad(name: str, message: str) -> OGCError:
    return OGCError(400, "InvalidParameterValue", f"{name}: {message}")


def limit_param(request) -> int:
    raw = request.GET.get("limit")
    if raw is None:
        return DEFAULT_LIMIT
    try:
        value = int(raw)
    except ValueError:
        raise bad("limit", _("must be a whole number.")) from None
    if value < 1:
        raise bad("limit", _("must be at least 1."))
    return min(value, MAX_LIMIT)


def crs_param(request, name: str) -> int | None:
    raw = request.GET.get(name)
    if raw is None:
        return None
    try:
        code = crsmod.parse_crs_uri(raw)
    except crsmod.CRSProblem as exc:
        raise bad(name, str(exc)) from None
    if code is not None and code not in crsmod.OGC_CRS:
        raise bad(name, _("unsupported coordinate system."))
    return code


def bbox(request) -> Polygon | None:
    values = bbox_values(request)
    return None if values is None else Polygon.from_bbox(values)


def bbox_values(request) -> tuple[float, float, float, float] | None:
    """The `bbox` (with `bbox-crs`) as minx, miny, maxx, maxy in WGS 84, or None."""
    raw = request.GET.get("bbox")
    if raw is None:
        return None
    try:
        values = [float(v) for v in raw.split(",")]
    except ValueError:
        raise bad("bbox", _("four or six numbers separated by commas.")) from None
    if len(values) == 6:
        values = [values[0], values[1], values[3], values[4]]
    if len(values) != 4 or not all(np.isfinite(values)):
        raise bad("bbox", _("four or six numbers separated by commas."))
    code = crs_param(request, "bbox-crs")
    minx, miny, maxx, maxy = values
    if code is not None:
        if crsmod.lat_first(code):
            minx, miny, maxx, maxy = miny, minx, maxy, maxx
        if code != 4326:
            t = crsmod.transformer(code, 4326)
            xs, ys = t.transform([minx, maxx, minx, maxx], [miny, miny, maxy, maxy], errcheck=False)
            minx, maxx, miny, maxy = min(xs), max(xs), min(ys), max(ys)
            if not all(np.isfinite([minx, miny, maxx, maxy])):
                raise bad("bbox", _("outside the area of the coordinate system."))
    if minx > maxx or miny > maxy:
        raise bad("bbox", _("the lower corner must come first."))
    if code is None and (miny < -90 or maxy > 90):
        raise bad("bbox", _("latitudes must lie between -90 and 90."))
    minx, maxx = max(minx, -180), min(maxx, 180)
    miny, maxy = max(miny, -90), min(maxy, 90)
    return minx, miny, maxx, maxy


def _parse_instant(text: str) -> dt.datetime | None:
    if text in ("..", ""):
        return None
    try:
        if "T" in text or "t" in text:
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        return dt.datetime.combine(dt.date.fromisoformat(text), dt.time())
    except ValueError:
        raise bad("datetime", _("not an RFC 3339 date or time: %(v)s") % {"v": text[:40]}) from None


def check_datetime(request) -> None:
    raw = request.GET.get("datetime")
    if raw is None:
        return
    parts = raw.split("/")
    if len(parts) > 2 or (len(parts) == 2 and parts == ["..", ".."]):
        raise bad("datetime", _("an instant or an interval start/end."))
    values = [_parse_instant(p) for p in parts]
    if len(parts) == 1 and values[0] is None:
        raise bad("datetime", _("an instant or an interval start/end."))
    if len(values) == 2 and all(values):
        a, b = values
        if (a.tzinfo is None) != (b.tzinfo is None):
            a, b = a.replace(tzinfo=None), b.replace(tzinfo=None)
        if a > b:
            raise bad("datetime", _("the interval ends before it starts."))


def sortby(request, fields: dict) -> list[tuple[str, bool]]:
    raw = request.GET.get("sortby")
    if not raw:
        return []
    keys = []
    for part in raw.split(","):
        part = part.strip()
        desc = part.startswith("-")
        name = part.lstrip("+-").strip()
        if name.endswith((" DESC", " desc")):
            desc, name = True, name[:-5].strip()
        elif name.endswith((" ASC", " asc")):
            name = name[:-4].strip()
        if name not in fields and name != "id":
            raise bad("sortby", _("“%(name)s” is not a sortable property.") % {"name": name[:60]})
        keys.append((name, desc))
    return keys[:3]


def cursor_encode(values: list) -> str:
    return (
        base64.urlsafe_b64encode(json.dumps(values, separators=(",", ":")).encode())
        .decode()
        .rstrip("=")
    )


def cursor_decode(raw: str) -> list:
    try:
        pad = "=" * (-len(raw) % 4)
        values = json.loads(base64.urlsafe_b64decode(raw + pad))
        if not isinstance(values, list) or not values or not isinstance(values[-1], int):
            raise ValueError
        if not -(2**63) < values[-1] < 2**63:  # a feature id is a 64-bit integer
            raise ValueError
        return values
    except (ValueError, TypeError):
        raise bad("cursor", _("not a position given by this server.")) from None


def parse_feature_id(text: str) -> int | None:
    """A feature id from the path: a positive 64-bit integer in plain digits, else None."""
    if not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    value = int(text)
    return value if 0 < value < 2**63 else None


def refuse_unknown(request: HttpRequest, known: set[str] | frozenset[str]) -> None:
    """A 400 naming the query parameters that are not in `known`."""
    unknown = set(request.GET) - known
    if unknown:
        raise OGCError(
            400,
            "InvalidParameterValue",
            _("Unknown parameter: %(names)s") % {"names": ", ".join(sorted(unknown))[:200]},
        )
