"""Readers of the upload formats: each yields (shapely geometry in the source CRS, properties).

GeoJSON and CSV are read in Python (so that depth, size and column problems get precise
messages); Shapefile, GeoPackage and KML through GDAL (django.contrib.gis.gdal).
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import shapely
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from hoptac.core.errors import explain
from hoptac.core.files import extract_archive

from . import crs as crsmod

MAX_JSON_DEPTH = 40


class ImportProblem(ValueError):
    """Input that cannot be imported, with a message for the user."""


class NeedsCRS(ImportProblem):
    """The file does not say its coordinate system; the user must choose it."""


@dataclass
class Source:
    """An opened upload: its features, their CRS (EPSG, None = unknown) and notes."""

    features: Iterator[tuple[object, dict]]
    srid: int | None
    count: int | None = None
    fmt: str = ""
    notes: list[str] = field(default_factory=list)
    path: Path | None = None  # a file GDAL can read, for the bulk path on PostGIS
    layer: str | None = None


def open_source(path: Path, original_name: str, options: dict, workdir: Path) -> Source:
    """Open an upload by its extension (zip archives are unpacked into workdir)."""
    name = original_name.lower()
    if name.endswith((".zip", ".kmz")):
        return _open_zip(path, name, options, workdir)
    if name.endswith((".geojson", ".json")):
        return _open_geojson(path, options)
    if name.endswith(".csv"):
        return _open_csv(path, options)
    if name.endswith(".gpkg"):
        return _open_ogr(path, options, "GeoPackage")
    if name.endswith(".kml"):
        return _open_ogr(path, options, "KML", default_srid=4326)
    if name.endswith(".shp"):
        raise ImportProblem(
            _("Upload a Shapefile as one .zip holding its .shp, .shx, .dbf and .prj files.")
        )
    raise ImportProblem(
        _(
            "Unsupported file type “%(name)s”. Accepted: GeoJSON, zipped Shapefile, GeoPackage, "
            "KML/KMZ, CSV."
        )
        % {"name": original_name}
    )


def _forced_srid(options: dict) -> int | None:
    code = options.get("srid")
    return crsmod.check_code(int(code)) if code else None


# --- zip / kmz ----------------------------------------------------------------------------
def _open_zip(path: Path, name: str, options: dict, workdir: Path) -> Source:
    try:
        # Declared sizes and ratio checked before unpacking, bytes written capped while unpacking.
        extract_archive(
            path,
            workdir,
            name,
            max_unzipped=settings.GEODATA_MAX_UNZIPPED_BYTES,
            max_ratio=settings.GEODATA_MAX_ZIP_RATIO,
        )
    except ValidationError as exc:
        raise ImportProblem(" ".join(exc.messages)) from exc
    files = sorted(p for p in workdir.rglob("*") if p.is_file() and "__MACOSX" not in p.parts)
    by_ext: dict[str, list[Path]] = {}
    for p in files:
        by_ext.setdefault(p.suffix.lower(), []).append(p)
    if name.endswith(".kmz") or (".kml" in by_ext and ".shp" not in by_ext):
        if ".kml" not in by_ext:
            raise ImportProblem(_("The KMZ archive holds no .kml document."))
        return _open_ogr(by_ext[".kml"][0], options, "KML", default_srid=4326)
    if ".shp" in by_ext:
        shp = by_ext[".shp"][0]
        stem = shp.with_suffix("")
        siblings = {p.suffix.lower(): p for p in files if p.with_suffix("") == stem}
        missing = [ext for ext in (".shx", ".dbf") if ext not in siblings]
        if missing:
            raise ImportProblem(
                _("The Shapefile “%(name)s” is incomplete: %(missing)s missing.")
                % {"name": shp.name, "missing": ", ".join(missing)}
            )
        srid = _forced_srid(options)
        if srid is None:
            if ".prj" in siblings:
                prj = siblings[".prj"].read_text(errors="replace")
                srid = crsmod.identify(prj)  # raises CRSProblem for nonsense or deprecated
        return _open_ogr(shp, options, "Shapefile", srid=srid)
    if ".gpkg" in by_ext:
        return _open_ogr(by_ext[".gpkg"][0], options, "GeoPackage")
    for ext in (".geojson", ".json"):
        if ext in by_ext:
            return _open_geojson(by_ext[ext][0], options)
    if ".csv" in by_ext:
        return _open_csv(by_ext[".csv"][0], options)
    raise ImportProblem(_("The archive holds no Shapefile, GeoPackage, GeoJSON, KML or CSV."))


# --- GDAL formats -------------------------------------------------------------------------
def _open_ogr(
    path: Path,
    options: dict,
    fmt: str,
    srid: int | None = None,
    default_srid: int | None = None,
) -> Source:
    from django.contrib.gis.gdal import DataSource, GDALException

    try:
        ds = DataSource(str(path))
    except GDALException as exc:
        raise ImportProblem(
            _("The %(fmt)s file cannot be read: %(error)s") % {"fmt": fmt, "error": explain(exc)}
        ) from exc
    if len(ds) == 0:
        raise ImportProblem(_("The file holds no layer."))
    wanted = options.get("layer")
    names = [lyr.name for lyr in ds]
    if wanted and wanted not in names:
        raise ImportProblem(
            _("The file has no layer “%(name)s”; it has: %(names)s")
            % {"name": wanted, "names": ", ".join(names)}
        )
    layer = ds[names.index(wanted)] if wanted else ds[0]
    notes = []
    if len(names) > 1 and not wanted:
        notes.append(
            _("The file has %(n)s layers; “%(name)s” was read.")
            % {"n": len(names), "name": names[0]}
        )
    if srid is None:
        srid = _forced_srid(options)
    if srid is None and fmt != "Shapefile":
        srs = layer.srs
        if srs is not None:
            srid = crsmod.identify(srs.wkt)
        else:
            srid = default_srid

    def features() -> Iterator[tuple[object, dict]]:
        field_names = layer.fields
        for feat in layer:
            try:
                geom = feat.geom
            except GDALException:
                geom = None
            g = shapely.from_wkb(bytes(geom.wkb)) if geom is not None else None
            props = {}
            for fname in field_names:
                try:
                    props[fname] = clean_value(feat.get(fname))
                except (GDALException, UnicodeDecodeError, ValueError):
                    props[fname] = None
            yield g, props

    return Source(
        features(), srid, count=layer.num_feat, fmt=fmt, notes=notes, path=path, layer=layer.name
    )


# --- GeoJSON ------------------------------------------------------------------------------
def _depth(obj, limit: int) -> int:
    stack = [(obj, 1)]
    deepest = 0
    while stack:
        item, d = stack.pop()
        deepest = max(deepest, d)
        if deepest > limit:
            return deepest
        if isinstance(item, dict):
            stack.extend((v, d + 1) for v in item.values())
        elif isinstance(item, list) and item and isinstance(item[0], list | dict):
            stack.extend((v, d + 1) for v in item)
    return deepest


def _open_geojson(path: Path, options: dict) -> Source:
    try:
        data = json.loads(path.read_bytes())
    except RecursionError as exc:
        raise ImportProblem(_("The GeoJSON is nested too deeply to be geographic data.")) from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise ImportProblem(
            _("The file is not valid JSON: %(error)s") % {"error": explain(exc)}
        ) from exc
    if _depth(data, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        raise ImportProblem(_("The GeoJSON is nested too deeply to be geographic data."))
    if not isinstance(data, dict) or "type" not in data:
        raise ImportProblem(_("The JSON is not GeoJSON: a “type” member is missing."))
    kind = data.get("type")
    if kind == "FeatureCollection":
        feats = data.get("features")
        if not isinstance(feats, list):
            raise ImportProblem(_("The FeatureCollection has no list of features."))
    elif kind == "Feature":
        feats = [data]
    elif kind in {
        "Point",
        "MultiPoint",
        "LineString",
        "MultiLineString",
        "Polygon",
        "MultiPolygon",
        "GeometryCollection",
    }:
        feats = [{"type": "Feature", "geometry": data, "properties": {}}]
    else:
        raise ImportProblem(_("Unknown GeoJSON type “%(type)s”.") % {"type": str(kind)[:40]})
    srid = _forced_srid(options)
    if srid is None:
        named = ((data.get("crs") or {}).get("properties") or {}).get("name")
        if named:
            try:
                srid = crsmod.parse_crs_uri(named) or 4326
            except crsmod.CRSProblem:
                srid = crsmod.identify(named)
        else:
            srid = 4326  # RFC 7946: longitude, latitude on WGS 84

    def features() -> Iterator[tuple[object, dict]]:
        for i, f in enumerate(feats, start=1):
            if not isinstance(f, dict):
                raise ImportProblem(_("Feature %(n)s is not an object.") % {"n": i})
            gj = f.get("geometry")
            props = f.get("properties") or {}
            if not isinstance(props, dict):
                props = {"value": props}
            if gj is None:
                yield None, props
                continue
            try:
                g = shapely.from_geojson(json.dumps(gj))
            except (shapely.errors.GEOSException, ValueError, TypeError) as exc:
                raise ImportProblem(
                    _("Feature %(n)s: the geometry cannot be read (%(error)s).")
                    % {"n": i, "error": _why_unreadable(exc)}
                ) from exc
            if "id" in f and "id" not in props:
                props = {"id": f["id"], **props}
            yield g, props

    return Source(features(), srid, count=len(feats), fmt="GeoJSON")


# --- CSV ----------------------------------------------------------------------------------
LON_NAMES = ("lon", "lng", "long", "longitude", "kinh_do", "kinhdo", "kinh do")
LAT_NAMES = ("lat", "latitude", "vi_do", "vido", "vi do")
X_NAMES = ("x", "easting", "e", "toa_do_x")
Y_NAMES = ("y", "northing", "n", "toa_do_y")
WKT_NAMES = ("wkt", "geometry", "geom")


def _open_csv(path: Path, options: dict) -> Source:
    raw = path.read_bytes()
    for enc in ("utf-8-sig", "cp1258", "latin-1"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = csv.DictReader(io.StringIO(text), dialect=dialect)
    headers = [h.strip() for h in (rows.fieldnames or [])]
    lower = {h.lower(): h for h in headers}

    def find(names):
        for n in names:
            if n in lower:
                return lower[n]
        return None

    xcol = options.get("x_column") or find(LON_NAMES) or find(X_NAMES)
    ycol = options.get("y_column") or find(LAT_NAMES) or find(Y_NAMES)
    wcol = find(WKT_NAMES)
    if not ((xcol and ycol) or wcol):
        raise ImportProblem(
            _(
                "The CSV needs coordinate columns: lon/lat (or kinh_do/vi_do), X/Y, or WKT. "
                "Columns found: %(cols)s"
            )
            % {"cols": ", ".join(headers) or "—"}
        )
    srid = _forced_srid(options)
    geographic = xcol is not None and xcol.lower() in LON_NAMES
    if srid is None and geographic:
        srid = 4326
    # VN-2000 survey convention: X is northing, Y is easting; read them as such when asked.
    swap = bool(options.get("xy_is_northing_easting"))

    def features() -> Iterator[tuple[object, dict]]:
        for line, row in enumerate(rows, start=2):
            row = {(k or "").strip(): v for k, v in row.items()}
            props = {k: _csv_value(v) for k, v in row.items() if k not in {xcol, ycol, wcol}}
            try:
                if xcol and ycol and row.get(xcol) not in (None, ""):
                    x = _coordinate(row[xcol])
                    y = _coordinate(row[ycol])
                    if swap:
                        x, y = y, x
                    yield shapely.Point(x, y), props
                elif wcol and row.get(wcol):
                    yield shapely.from_wkt(row[wcol]), props
                else:
                    yield None, props
            except (ValueError, shapely.errors.GEOSException) as exc:
                raise ImportProblem(
                    _("Line %(line)s: the coordinates cannot be read (%(error)s).")
                    % {"line": line, "error": _why_unreadable(exc)}
                ) from exc

    return Source(features(), srid, fmt="CSV")


def _coordinate(cell: object) -> float:
    """A CSV cell as a coordinate: a finite number, with a decimal point or a comma."""
    value = float(str(cell).replace(",", ".").strip())
    if not math.isfinite(value):
        raise ValueError("not a finite number")
    return value


def _why_unreadable(exc: BaseException) -> str:
    """Why a geometry or a coordinate could not be read, in the reader's language: GEOS and
    Python say it in English ("IllegalArgumentException: Points of LinearRing do not form a
    closed linestring", "could not convert string to float: 'abc'")."""
    text = str(exc)
    if "LinearRing" in text and "closed" in text:
        return _("a polygon's ring must end on the point it starts from")
    if "LinearRing" in text:
        return _("a polygon's ring needs at least four points")
    if isinstance(exc, ValueError) or "must be number" in text:
        return _("a coordinate is not a number")
    return explain(exc)


def _csv_value(v):
    """CSV cells are text: numbers that look like numbers become numbers."""
    if v is None:
        return None
    text = str(v).strip()
    if text == "":
        return None
    try:
        if text.lstrip("-").isdigit() and not (len(text) > 1 and text.lstrip("-")[0] == "0"):
            return int(text)
        if any(c.isdigit() for c in text):
            return float(text)
    except ValueError:
        pass
    return text


def clean_value(v):
    """A JSON-serialisable attribute value."""
    if v is None or isinstance(v, bool | int | str):
        return v
    if isinstance(v, float):
        return v if v == v and v not in (float("inf"), float("-inf")) else None
    if isinstance(v, decimal.Decimal):
        return float(v)
    if isinstance(v, dt.datetime | dt.date | dt.time):
        return v.isoformat()
    if isinstance(v, bytes):
        return v.decode("utf-8", errors="replace")
    if isinstance(v, list | tuple):
        return [clean_value(x) for x in v]
    if isinstance(v, dict):
        return {str(k): clean_value(x) for k, x in v.items()}
    return str(v)
