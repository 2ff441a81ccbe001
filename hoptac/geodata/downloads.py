"""Downloads of a layer version in GeoPackage, zipped Shapefile, KML, GeoJSON or CSV, in WGS 84
or VN-2000 (TM-3 105°00' or 107°45'), written by `ogr2ogr` with the layer's metadata inside.

A version's data never change (a change is a new version), so each file is written once per
version, format and coordinate system into the default storage (`geodata/exports/<version>/`) and
served from there like every other protected file: `core.files.serve`, through nginx's
X-Accel-Redirect in production. The view checks the permission first.

The metadata each format carries: GeoPackage — the ISO 19139 record in `gpkg_metadata` (tied to
the table), title and abstract as GDAL metadata; Shapefile — `<layer>.shp.xml` (ISO 19139) and
`.cpg`, `.prj`; CSV — `<layer>.xml` (ISO 19139), `.prj`, `.csvt`; GeoJSON — the layer's name and
description in the collection; KML — the document's name, description and author.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.contrib.gis.db.models.functions import AsGeoJSON
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hoptac.core import files
from hoptac.core.exports import safe_cell

from . import metadata
from .models import Feature, Layer, LayerVersion

EXPORT_TIMEOUT = 30 * 60  # seconds


@dataclass(frozen=True)
class Format:
    key: str
    label: str
    driver: str
    extension: str
    media_type: str
    zipped: bool = False  # a folder of files, zipped (with the ISO 19139 record)
    wgs84_only: bool = False


FORMATS = {
    f.key: f
    for f in (
        Format("gpkg", "GeoPackage", "GPKG", "gpkg", "application/geopackage+sqlite3"),
        Format(
            "shp", gettext_lazy("Shapefile (zip)"), "ESRI Shapefile", "shp", "application/zip",
            zipped=True,
        ),
        Format(
            "kml", "KML", "LIBKML", "kml", "application/vnd.google-earth.kml+xml",
            wgs84_only=True,
        ),
        Format("geojson", "GeoJSON", "GeoJSON", "geojson", "application/geo+json"),
        Format(
            "csv", gettext_lazy("CSV with WKT geometry (zip)"), "CSV", "csv", "application/zip",
            zipped=True,
        ),
    )
}  # fmt: skip
# WGS 84 and VN-2000 / TM-3 for Hanoi (105°00') and Da Nang (107°45'). The central meridians are
# the EPSG registry's (pyproj: EPSG:5897 "TM-3 zone 482", 105.0; EPSG:5899 "TM-3 107-45", 107.75);
# Hanoi's local meridian 105°00' as tabled at https://rtk.com.vn/tin-tuc/kinh-tuyen-truc-he-toa-do-dia-phuong-vn2000.html
# (searched 5 December 2026). 105°30' is EPSG:9209, not offered here.
CRS_CHOICES = {
    4326: gettext_lazy("WGS 84 (EPSG:4326)"),
    5897: gettext_lazy("VN-2000 / TM-3 zone 105°00′ (EPSG:5897)"),
    5899: gettext_lazy("VN-2000 / TM-3 zone 107°45′ (EPSG:5899)"),
}


class ExportProblem(ValueError):
    """A download that cannot be made, with a message for the user."""


def check(fmt: str, srid: int) -> Format:
    """The format, once it is known and allowed in `srid`."""
    if fmt not in FORMATS:
        raise ExportProblem(_("Unknown format “%(f)s”.") % {"f": fmt[:20]})
    if srid not in CRS_CHOICES:
        raise ExportProblem(_("Unknown coordinate system EPSG:%(c)s.") % {"c": srid})
    spec = FORMATS[fmt]
    if spec.wgs84_only and srid != 4326:
        raise ExportProblem(_("KML is always in WGS 84 (EPSG:4326); choose WGS 84."))
    return spec


def layer_name(layer: Layer) -> str:
    return layer.slug.replace("-", "_")


def file_name(layer: Layer, version: LayerVersion, spec: Format, srid: int) -> str:
    """The name the reader gets, which is also the stored one: a zipped format names its own
    format (the Shapefile and the CSV are both `.zip`, and must not be taken for each other)."""
    ext = f"{spec.key}.zip" if spec.zipped else spec.extension
    return f"{layer.slug}-v{version.number}-epsg{srid}.{ext}"


def stored_name(layer: Layer, version: LayerVersion, spec: Format, srid: int) -> str:
    return f"geodata/exports/{version.pk}/{file_name(layer, version, spec, srid)}"


def export(layer: Layer, version: LayerVersion, fmt: str, srid: int, base: str) -> str:
    """The stored name of `version` written in `fmt` and `srid`, written now if it is not yet.
    `base` (scheme and host) makes the links of the metadata record."""
    spec = check(fmt, srid)
    name = stored_name(layer, version, spec, srid)
    if default_storage.exists(name):
        return name
    rec = metadata.record(layer, base)
    rec["version"], rec["features"] = version.number, version.feature_count
    xml = metadata.iso19139(rec)
    with tempfile.TemporaryDirectory(prefix="hoptac-export-") as tmp:
        work = Path(tmp)
        source = work / "features.geojsonl"
        _write_source(version, source, spreadsheet=spec.key == "csv")
        out_dir = work / "out"
        out_dir.mkdir()
        lname = layer_name(layer)
        target = out_dir / (lname if spec.zipped else f"{lname}.{spec.extension}")
        _ogr2ogr(spec, source, target, lname, srid, rec)
        if spec.key == "gpkg":
            _gpkg_metadata(target, lname, xml)
            result = target
        elif spec.zipped:
            folder = target
            if spec.key == "shp":
                (folder / f"{lname}.shp.xml").write_bytes(xml)
            else:
                (folder / f"{lname}.xml").write_bytes(xml)
                from pyproj import CRS  # here, not at start: every process imports this module

                (folder / f"{lname}.prj").write_text(CRS.from_epsg(srid).to_wkt("WKT1_ESRI"))
            result = work / "out.zip"
            with zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as zf:
                for path in sorted(folder.iterdir()):
                    zf.write(path, path.name)
        else:
            result = target
        with result.open("rb") as fh:
            saved = default_storage.save(name, File(fh))
    if saved != name:  # written at the same time by another request: keep one
        default_storage.delete(saved)
    return name


class Background:
    """Where a download written by the task worker stands: its storage name has two markers
    beside it, `.pending` while a task is queued or running and `.failed` (the reason) when it
    failed. Storage, not the cache, holds them: the worker and the web processes share it."""

    READY, QUEUED, FAILED = "ready", "queued", "failed"


def export_in_worker(layer: Layer, version: LayerVersion, fmt: str, srid: int, base: str) -> str:
    """The worker's side of `in_background`: write the file, mark a failure, clear the marker."""
    name = stored_name(layer, version, check(fmt, srid), srid)
    try:
        return export(layer, version, fmt, srid, base)
    except Exception as e:
        default_storage.delete(f"{name}.failed")
        default_storage.save(f"{name}.failed", ContentFile(str(e)[:300].encode()))
        raise
    finally:
        default_storage.delete(f"{name}.pending")


def stale(name: str) -> bool:
    try:
        age = timezone.now() - default_storage.get_modified_time(name)
    except (NotImplementedError, OSError):
        return False
    return age.total_seconds() > EXPORT_TIMEOUT


def _write_source(version: LayerVersion, path: Path, spreadsheet: bool) -> None:
    """The version's features as GeoJSON text sequence, in WGS 84, in id order. For a
    spreadsheet, text a spreadsheet would run as a formula is neutralised."""
    rows = (
        Feature.objects.filter(version=version)
        .order_by("id")
        .annotate(gj=AsGeoJSON("geom", precision=8))
        .values_list("id", "gj", "properties")
    )
    with path.open("w", encoding="utf-8") as fh:
        for fid, geometry, props in rows.iterator(chunk_size=2000):
            if isinstance(props, str):
                props = json.loads(props)
            if spreadsheet:
                props = {k: safe_cell(v) for k, v in (props or {}).items()}
            text = json.dumps(props or {}, ensure_ascii=False)
            fh.write(f'{{"type":"Feature","id":{int(fid)},"geometry":{geometry or "null"},')
            fh.write(f'"properties":{text}}}\n')


def _ogr2ogr(spec: Format, source: Path, target: Path, lname: str, srid: int, rec: dict) -> None:
    title = rec["title_vi"] + (f" / {rec['title_en']}" if rec["title_en"] else "")
    abstract = rec["abstract"] or title
    options = {
        "gpkg": [
            "-lco", f"IDENTIFIER={title}", "-lco", f"DESCRIPTION={abstract}",
            "-mo", f"TITLE={title}", "-mo", f"ABSTRACT={abstract}",
            "-mo", f"ORGANISATION={rec['organisation']}", "-mo", f"LICENCE={rec['licence']}",
            "-mo", f"SOURCE={rec['lineage']}", "-mo", f"METADATA={rec['page']}",
        ],
        "shp": ["-lco", "ENCODING=UTF-8"],
        "kml": [
            "-dsco", f"NAME={title}", "-dsco", f"DESCRIPTION={abstract}",
            "-dsco", f"AUTHOR_NAME={rec['organisation']}", "-dsco", f"LINK={rec['page']}",
        ],
        "geojson": [
            "-lco", f"DESCRIPTION={abstract}", "-lco", "RFC7946=NO", "-lco", "WRITE_NAME=YES",
        ],
        "csv": [
            "-lco", "GEOMETRY=AS_WKT", "-lco", "CREATE_CSVT=YES",
            "-lco", "STRING_QUOTING=IF_NEEDED",
        ],
    }[spec.key]  # fmt: skip
    if spec.key == "csv":
        target.mkdir()
        target = target / f"{lname}.csv"
    cmd = [
        shutil.which("ogr2ogr") or "ogr2ogr",
        "-f", spec.driver, str(target), str(source),
        "-nln", lname, "-t_srs", f"EPSG:{srid}", *options,
    ]  # fmt: skip
    done = subprocess.run(  # noqa: S603
        cmd, capture_output=True, timeout=EXPORT_TIMEOUT, check=False
    )
    if done.returncode != 0:
        said = done.stderr.decode(errors="replace").strip()[-300:]
        raise RuntimeError(f"ogr2ogr failed: {said}")


def _gpkg_metadata(path: Path, lname: str, xml: bytes) -> None:
    """The ISO 19139 record into the GeoPackage's metadata extension, tied to the table (the
    extension's tables were made by ogr2ogr for the `-mo` items)."""
    con = sqlite3.connect(path)
    try:
        with con:
            cur = con.execute(
                "INSERT INTO gpkg_metadata (md_scope, md_standard_uri, mime_type, metadata) "
                "VALUES ('dataset', 'http://www.isotc211.org/2005/gmd', 'text/xml', ?)",
                [xml.decode()],
            )
            con.execute(
                "INSERT INTO gpkg_metadata_reference (reference_scope, table_name, column_name, "
                "row_id_value, timestamp, md_file_id, md_parent_id) VALUES "
                "('table', ?, NULL, NULL, strftime('%Y-%m-%dT%H:%M:%fZ','now'), ?, NULL)",
                [lname, cur.lastrowid],
            )
    finally:
        con.close()


def response(layer: Layer, version: LayerVersion, fmt: str, srid: int, stored: str) -> HttpResponse:
    """The download, served like every protected file (X-Accel-Redirect behind nginx)."""
    spec = FORMATS[fmt]
    answer = files.serve(stored, name=file_name(layer, version, spec, srid))
    answer["Content-Type"] = spec.media_type
    return answer


def discard_exports(sender, instance: LayerVersion, **kwargs) -> None:
    """post_delete of LayerVersion (connected in apps.py): its downloads go too, once the
    deletion is committed."""
    from django.db import transaction

    folder = f"geodata/exports/{int(instance.pk)}"

    def remove() -> None:
        try:
            _dirs, names = default_storage.listdir(folder)
        except FileNotFoundError:
            return
        for name in names:
            default_storage.delete(f"{folder}/{name}")

    transaction.on_commit(remove)
