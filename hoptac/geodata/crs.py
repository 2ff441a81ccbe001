"""Coordinate systems: recognising them, refusing the deprecated VN-2000 codes, transforming.

Transformations go through pyproj (PROJ picks the best available operation, the VN-2000 →
WGS 84 Helmert shift included), never through the database: Debian's PostGIS 3.3 lacks the
provincial zones EPSG:9205–9218.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from pyproj import CRS, Transformer

# pyproj is imported by the functions that use it: the constants below are read by every
# process (forms, the OGC API's documents), which need not load PROJ for them.

STORAGE_SRID = 4326
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EPSG_URI = "http://www.opengis.net/def/crs/EPSG/0/{}"

# VN-2000 TM-3 zones accepted on import (national 5896–5899, provincial 9205–9218),
# UTM 48N/49N on WGS 84 and VN-2000, the geographic systems.
VN2000_TM3 = [5896, 5897, 5898, 5899, *range(9205, 9219)]
ACCEPTED = [4326, 4756, 3405, 3406, 32648, 32649, 3857, *VN2000_TM3]
DEPRECATED = {6956, 6957, 6958, 6959}
# CRS offered by the OGC API (Part 2), besides CRS84.
OGC_CRS = [4326, 3857, 5897, 5899, 4756, 32648, 32649]


class CRSProblem(ValueError):
    """A coordinate system that cannot be used, with a message for the user."""


def epsg_label(code: int) -> str:
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    try:
        return f"EPSG:{code} — {CRS.from_epsg(code).name}"
    except CRSError:
        return f"EPSG:{code}"


def choices() -> list[tuple[int, str]]:
    return [(c, epsg_label(c)) for c in ACCEPTED]


def check_code(code: int) -> int:
    """Refuse codes that are deprecated or unknown; return the code."""
    if code in DEPRECATED:
        raise CRSProblem(
            _(
                "EPSG:%(code)s is deprecated: its false easting and northing were swapped, so "
                "coordinates would land hundreds of kilometres away. Use EPSG:5896–5899 (VN-2000 "
                "TM-3) or a provincial zone EPSG:9205–9218 instead."
            )
            % {"code": code}
        )
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    try:
        crs = CRS.from_epsg(code)
    except CRSError as exc:
        raise CRSProblem(
            _("EPSG:%(code)s is not a known coordinate system.") % {"code": code}
        ) from exc
    if crs.is_deprecated:
        raise CRSProblem(_("EPSG:%(code)s is deprecated; choose its replacement.") % {"code": code})
    return code


def identify(wkt_or_name: str) -> int:
    """The EPSG code of a `.prj` / WKT / 'EPSG:n' text, or CRSProblem."""
    text = (wkt_or_name or "").strip()
    if not text:
        raise CRSProblem(_("The coordinate system is missing."))
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    try:
        crs = CRS.from_user_input(text)
    except CRSError as exc:
        raise CRSProblem(
            _("The coordinate system description (.prj) cannot be read: %(text)s")
            % {"text": text[:120]}
        ) from exc
    code = crs.to_epsg(min_confidence=70)
    if code is None:
        code = _match_vn2000(crs)
    if code is None:
        raise CRSProblem(
            _("The coordinate system “%(name)s” is not recognised; choose it from the list.")
            % {"name": crs.name}
        )
    if code in DEPRECATED:
        return check_code(code)
    return check_code(code)


def _match_vn2000(crs: CRS) -> int | None:
    """ESRI .prj files name VN-2000 zones loosely: match by datum and central meridian."""
    name = (crs.name or "").lower().replace("_", " ")
    datum = (crs.datum.name if crs.datum else "").lower().replace("_", " ")
    if "2000" not in name + datum or "vn" not in (name + datum).replace("viet", "vn"):
        return None
    params = {}
    try:
        for p in crs.coordinate_operation.params:
            params[p.name.lower()] = p.value
    except AttributeError:
        return None
    lon0 = params.get("longitude of natural origin")
    k = params.get("scale factor at natural origin")
    if lon0 is None:
        return None
    from pyproj import CRS

    for code in VN2000_TM3:
        cand = CRS.from_epsg(code)
        cp = {p.name.lower(): p.value for p in cand.coordinate_operation.params}
        if abs(cp["longitude of natural origin"] - lon0) < 1e-6 and (
            k is None or abs(cp["scale factor at natural origin"] - k) < 1e-6
        ):
            return code
    return None


@lru_cache(maxsize=64)
def transformer(src: int, dst: int) -> Transformer:
    """A cached transformer with x = easting/longitude, y = northing/latitude on both sides."""
    from pyproj import Transformer

    return Transformer.from_crs(src, dst, always_xy=True)


def parse_crs_uri(uri: str | None) -> int | None:
    """An OGC CRS URI (or 'EPSG:n') to an EPSG code; CRS84 is 4326 in lon/lat order → None."""
    if not uri:
        return None
    u = uri.strip().strip("[]")
    if u in (CRS84, "CRS84", "OGC:CRS84", "urn:ogc:def:crs:OGC:1.3:CRS84"):
        return None
    for prefix in (
        "http://www.opengis.net/def/crs/EPSG/0/",
        "https://www.opengis.net/def/crs/EPSG/0/",
        "EPSG:",
        "urn:ogc:def:crs:EPSG::",
    ):
        if u.startswith(prefix):
            try:
                return int(u[len(prefix) :])
            except ValueError:
                break
    raise CRSProblem(_("Unsupported coordinate system: %(uri)s") % {"uri": uri[:100]})


@lru_cache(maxsize=64)
def lat_first(code: int) -> bool:
    """Whether the authority axis order of the CRS puts latitude/northing first."""
    from pyproj import CRS

    axes = CRS.from_epsg(code).axis_info
    return bool(axes) and axes[0].direction.lower() == "north"
