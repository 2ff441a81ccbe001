"""Planning figures for an area: land use by class, what other layers hold inside it, buffers.

Areas are geodesic (pyproj.Geod on WGS 84), so they hold wherever the area lies.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from dataclasses import dataclass, field

import shapely
from django.contrib.gis.geos import GEOSGeometry
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from pyproj import Geod

from . import crs as crsmod
from .models import Feature, Layer

GEOD = Geod(ellps="WGS84")
MAX_LISTED = 500


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
    contents: list[dict] = field(default_factory=list)  # layer, count, rows
    area_geojson: str = ""


def _features_in(layer: Layer, area) -> QuerySet[Feature]:
    return Feature.objects.filter(
        version_id=layer.current_version_id, geom__intersects=GEOSGeometry(area.wkt, srid=4326)
    )


def compute(
    area, buffer_m: float, land_use: Layer | None, class_attr: str, others: list[Layer]
) -> Figures:
    """The figures of an area (a shapely geometry in WGS 84)."""
    area = buffered(area, buffer_m or 0)
    if not area.is_valid:
        area = shapely.make_valid(area)
    total = area_m2(area)
    result = Figures(area_ha=round(total / 10000, 4), area_geojson=shapely.to_geojson(area))
    if land_use is not None and land_use.current_version_id:
        by_class: dict[str, float] = defaultdict(float)
        for geom, props in _features_in(land_use, area).values_list("geom", "properties"):
            g = shapely.from_wkb(bytes(geom.wkb))
            part = g.intersection(area)
            value = (props or {}).get(class_attr)
            by_class[str(value) if value is not None else _("(no class)")] += area_m2(part)
        for name, m2 in sorted(by_class.items(), key=lambda kv: -kv[1]):
            share = 100 * m2 / total if total else 0
            result.land_use.append((name, round(m2 / 10000, 4), round(share, 2)))
    for layer in others:
        if not layer.current_version_id or (land_use is not None and layer.pk == land_use.pk):
            continue
        rows = []
        count = 0
        for fid, geom, props in _features_in(layer, area).values_list("id", "geom", "properties")[
            :MAX_LISTED
        ]:
            g = shapely.from_wkb(bytes(geom.wkb))
            count += 1
            rows.append(
                {
                    "id": fid,
                    "name": _label(props),
                    "inside": bool(area.contains(g)),
                    "area_ha": round(area_m2(g.intersection(area)) / 10000, 4),
                }
            )
        if count:
            result.contents.append({"layer": layer, "count": count, "rows": rows})
    return result


def _label(props: dict) -> str:
    for key in ("name", "ten", "name_vi", "tên", "id", "code", "ma"):
        if props and props.get(key) not in (None, ""):
            return str(props[key])
    return json.dumps(props, ensure_ascii=False)[:80] if props else ""


def table(fig: Figures) -> list[list]:
    """Rows for CSV/XLSX export."""
    rows: list[list] = [[_("Area (ha)"), fig.area_ha]]
    rows.append([])
    rows.append([_("Land-use class"), _("Area (ha)"), _("Share (%)")])
    rows.extend([list(r) for r in fig.land_use])
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
    buf = io.StringIO()
    csv.writer(buf).writerows(table(fig))
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx(fig: Figures) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = _("Figures")[:31]
    for row in table(fig):
        ws.append(row)
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 30
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
