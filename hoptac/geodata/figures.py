"""Planning figures for an area: land use by class, what other layers hold inside it, buffers.

Areas are geodesic (pyproj.Geod on WGS 84), so they hold wherever the area lies.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import shapely
from django.contrib.gis.db.models.functions import AsWKB
from django.contrib.gis.geos import GEOSGeometry
from django.db.models import Count, F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils.translation import get_language, gettext_lazy, pgettext
from django.utils.translation import gettext as _
from pyproj import Geod

from hoptac.core import exports

from . import crs as crsmod
from .attributes import describe, value_label
from .models import Feature, Layer

GEOD = Geod(ellps="WGS84")
# The row of the land-use table for the part of the area the layer has no feature on.
NOT_COVERED = gettext_lazy("Not covered by the land-use layer")
MAX_LISTED = 500


# Shares of the land-use table, in per cent: the page shows one decimal, the exports the same.
SHARE_DECIMALS = 1


def largest_remainder(values: Sequence[float], decimals: int = SHARE_DECIMALS) -> list[float]:
    """Round non-negative values to `decimals` places so that they add up to their rounded sum
    (the largest remainder method): each is rounded down, then the units the total lacks go to
    the values with the largest remainders (the earlier first, on a tie)."""
    scale = 10**decimals
    scaled = [v * scale for v in values]
    units = [math.floor(v) for v in scaled]
    short = round(sum(scaled)) - sum(units)
    by_remainder = sorted(range(len(values)), key=lambda i: (units[i] - scaled[i], i))
    for i in by_remainder[: max(short, 0)]:
        units[i] += 1
    return [u / scale for u in units]


def area_m2(g) -> float:
    if g.is_empty or g.geom_type not in ("Polygon", "MultiPolygon", "GeometryCollection"):
        return 0.0
    return abs(GEOD.geometry_area_perimeter(g)[0])


def utm_for(g) -> int:
    lon = g.centroid.x
    return 32648 if lon < 108 else 32649


def buffered(g, metres: float):
    if not metres:
        return g
    code = utm_for(g)
    fwd, back = crsmod.transformer(4326, code), crsmod.transformer(code, 4326)

    def proj(t):
        def f(c):
            x, y = t.transform(c[:, 0], c[:, 1])
            c[:, 0], c[:, 1] = x, y
            return c

        return f

    return shapely.transform(shapely.transform(g, proj(fwd)).buffer(metres), proj(back))


@dataclass
class Figures:
    area_ha: float
    land_use: list[tuple[str, float, float]] = field(default_factory=list)  # class, ha, %
    # The part of the area no feature of the land-use layer covers (ha, %), so that the classes
    # and this row add up to the whole area; None without a land-use layer.
    uncovered: tuple[float, float] | None = None
    contents: list[dict] = field(default_factory=list)  # layer, count, rows
    area_geojson: str = ""  # the area with its buffer
    title: str = ""  # what the area is: "Layer — feature 12 — name", or "Drawn area"
    source_geojson: str = ""  # the area as chosen or drawn, before the buffer
    source_ha: float = 0.0
    buffer_m: float = 0.0

    def map_data(self) -> dict:
        """A FeatureCollection for the small map: the features found inside (blue), the buffer
        (pale) and the area (red); the colours are read by footprint.js."""
        features = []
        for block in self.contents:
            for row in block["rows"]:
                if row.get("geometry"):
                    features.append(_map_feature(row["geometry"], "inside", "#1d4ed8", 0.1))
        if self.buffer_m:
            features.append(_map_feature(self.area_geojson, "buffer", "#e85d04", 0.12))
        features.append(_map_feature(self.source_geojson or self.area_geojson, "area", None, 0.15))
        return {"type": "FeatureCollection", "features": features}


def _map_feature(geojson: str, role: str, colour: str | None, opacity: float) -> dict:
    props: dict = {"role": role, "opacity": opacity}
    if colour:
        props["color"] = colour
    return {"type": "Feature", "properties": props, "geometry": json.loads(geojson)}


def _features_in(layer: Layer, area) -> QuerySet[Feature]:
    return Feature.objects.filter(
        version_id=layer.current_version_id, geom__intersects=GEOSGeometry(area.wkt, srid=4326)
    )


def _features_of_layers_in(layers: list[Layer], area) -> dict[int, tuple[int, list]]:
    """Per version: how many features meet the area, and the first MAX_LISTED of them by id,
    read for all the layers in one query."""
    found: dict[int, tuple[int, list]] = {}
    versions = [layer.current_version_id for layer in layers]
    if not versions:
        return found
    rows = (
        Feature.objects.filter(
            version_id__in=versions, geom__intersects=GEOSGeometry(area.wkt, srid=4326)
        )
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("version_id")], order_by=F("id").asc()),
            total=Window(Count("id"), partition_by=[F("version_id")]),
            # WKB, not the geometry column: the ranked rows are read through a subquery, where
            # SpatiaLite's geometry would come back undecoded
            wkb=AsWKB("geom"),
        )
        .filter(rank__lte=MAX_LISTED)
        .order_by("version_id", "id")
        .values_list("version_id", "total", "id", "wkb", "properties")
    )
    for version_id, total, fid, wkb, props in rows:
        if isinstance(props, str):  # a JSON column read through the subquery
            props = json.loads(props)
        found.setdefault(version_id, (total, []))[1].append(
            (fid, shapely.from_wkb(bytes(wkb)), props)
        )
    return found


def compute(
    area,
    buffer_m: float,
    land_use: Layer | None,
    class_attr: str,
    others: list[Layer],
    exclude: tuple[int, int] | None = None,
) -> Figures:
    """The figures of an area (a shapely geometry in WGS 84). `exclude` is the (layer id,
    feature id) the area was taken from: it is not listed among the features inside itself."""
    source = area if area.is_valid else shapely.make_valid(area)
    area = buffered(source, buffer_m or 0)
    if not area.is_valid:
        area = shapely.make_valid(area)
    total = area_m2(area)
    result = Figures(
        area_ha=round(total / 10000, 4),
        area_geojson=shapely.to_geojson(area),
        source_geojson=shapely.to_geojson(source),
        source_ha=round(area_m2(source) / 10000, 4),
        buffer_m=buffer_m or 0,
    )
    if land_use is not None and land_use.current_version_id:
        by_class: dict[str, float] = defaultdict(float)
        parts = []
        for geom, props in _features_in(land_use, area).values_list("geom", "properties"):
            g = shapely.from_wkb(bytes(geom.wkb))
            part = g.intersection(area)
            parts.append(part)
            value = (props or {}).get(class_attr)
            name = value_label(land_use, class_attr, value) if value is not None else None
            by_class[name or str(_("(no class)"))] += area_m2(part)
        classes = sorted(by_class.items(), key=lambda kv: -kv[1])
        # What the layer leaves out: the area less the union of its features there (features
        # that overlap are counted once), never below zero.
        covered = area_m2(shapely.union_all(parts)) if parts else 0.0
        rest = max(total - covered, 0.0)
        # The shares are rounded together, so that the rows add up to the rounded sum of their
        # exact shares (100.0 when no features overlap), never to 99.9 or 100.1.
        shares = largest_remainder(
            [100 * m2 / total if total else 0.0 for _name, m2 in classes]
            + [100 * rest / total if total else 0.0],
            SHARE_DECIMALS,
        )
        for (name, m2), share in zip(classes, shares, strict=False):
            result.land_use.append((name, round(m2 / 10000, 4), share))
        result.uncovered = (round(rest / 10000, 4), shares[-1])
    listed = [
        layer
        for layer in others
        if layer.current_version_id and (land_use is None or layer.pk != land_use.pk)
    ]
    found = _features_of_layers_in(listed, area)
    for layer in listed:
        total_count, features = found.get(layer.current_version_id, (0, []))
        rows = []
        skipped = 0
        for fid, g, props in features:
            if exclude is not None and (layer.pk, fid) == exclude:
                skipped += 1
                continue
            part = g if g.geom_type in ("Point", "MultiPoint") else g.intersection(area)
            inside_m2 = area_m2(part)
            polygonal = g.geom_type in ("Polygon", "MultiPolygon")
            if polygonal and inside_m2 < 0.01 and not area.contains(g):
                skipped += 1  # a neighbour that only touches the edge
                continue
            rows.append(
                {
                    "id": fid,
                    "name": _label(props, layer),
                    "inside": bool(area.contains(g)),
                    "area_ha": round(inside_m2 / 10000, 4),
                    # the part inside, for the page's map: it stays fitted to the area
                    "geometry": None if part.is_empty else shapely.to_geojson(part),
                }
            )
        count = total_count - skipped
        if rows or count > 0:
            result.contents.append(
                {"layer": layer, "count": count, "rows": rows, "more": count > len(rows)}
            )
    return result


LABEL_KEYS = ("name", "ten", "tên", "name_vi", "ten_khu", "label", "id", "code", "ma")
# An English page calls a feature by its English name when the data give one.
LABEL_KEYS_EN = ("name_en", "ten_en", "ten_tieng_anh")


def _name(props: dict | None) -> str:
    """A feature's name (its English one on an English page, when it has one), or a cadastral
    parcel by number and map sheet; "" when it has none."""
    if not props:
        return ""
    keys = (*LABEL_KEYS_EN, *LABEL_KEYS) if get_language() == "en" else LABEL_KEYS
    for key in keys:
        if props.get(key) not in (None, ""):
            return str(props[key])
    parcel, sheet = props.get("so_thua"), props.get("to_ban_do")
    if parcel not in (None, ""):
        if sheet not in (None, ""):
            return _("Parcel %(parcel)s, map sheet %(sheet)s") % {"parcel": parcel, "sheet": sheet}
        return _("Parcel %(parcel)s") % {"parcel": parcel}
    return ""


def _label(props: dict | None, layer: Layer | None = None) -> str:
    """What to call a feature: its name, else its first attributes in words with the labels
    the legend and the glossary give them ("Block 48-11 · City (code) 48"), never raw JSON."""
    return _name(props) or describe(layer, props or {})


def label_of(props: dict | None) -> str:
    """The name of a feature as the page shows it (empty when it has no name-like attribute)."""
    return _name(props)


def table(fig: Figures) -> list[list]:
    """Rows for CSV/XLSX export."""
    rows: list[list] = (
        [[pgettext("the place the figures are for", "Area"), fig.title]] if fig.title else []
    )
    if fig.buffer_m:
        rows.append([_("Buffer (metres)"), fig.buffer_m])
        rows.append([_("Area before the buffer (ha)"), fig.source_ha])
    rows.append([_("Area (ha)"), fig.area_ha])
    rows.append([])
    rows.append([_("Land-use class"), _("Area (ha)"), _("Share (%)")])
    rows.extend([list(r) for r in fig.land_use])
    if fig.uncovered is not None:
        rows.append([str(NOT_COVERED), *fig.uncovered])
        rows.append([_("Total"), fig.area_ha, 100])
    for block in fig.contents:
        rows.append([])
        rows.append([str(block["layer"]), _("features: %(n)s") % {"n": block["count"]}])
        rows.append([_("Feature"), _("Name"), _("Wholly inside"), _("Area inside (ha)")])
        for r in block["rows"]:
            rows.append(
                [r["id"], r["name"], _("yes") if r["inside"] else _("partly"), r["area_ha"]]
            )
    return rows


def to_csv(fig: Figures) -> bytes:
    return exports.csv_bytes(table(fig))


def to_xlsx(fig: Figures) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = _("Figures")[:31]
    for row in table(fig):
        ws.append(row)
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 30
    return exports.xlsx_bytes(wb)
