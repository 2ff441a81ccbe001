"""The bulk import path on PostGIS: large GDAL-readable files go through `ogr2ogr`.

ogr2ogr loads the file into a staging table, transformed to WGS 84 by PROJ (the same library and
the same best-available operation as pyproj, so VN-2000 keeps its datum shift; PROJ knows the
provincial zones 9205–9218 that spatial_ref_sys lacks). The checks of the Python path — extent,
vertices, validity with repairs reported, geometry kinds — then run in SQL, and the new version
is written with one INSERT … SELECT in the same transaction as its bookkeeping. The staging table
is dropped whatever happens.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils.translation import gettext as _

from .readers import ImportProblem, Source

TYPES = {
    "integer": "int",
    "bigint": "int",
    "smallint": "int",
    "numeric": "float",
    "double precision": "float",
    "real": "float",
    "boolean": "bool",
}


def applies(source: Source) -> bool:
    threshold = getattr(settings, "GEODATA_BULK_THRESHOLD", 50_000)
    return (
        connection.vendor == "postgresql"
        and source.path is not None
        and (source.count or 0) >= threshold
        and shutil.which("ogr2ogr") is not None
    )


def _dsn() -> str:
    s = connection.settings_dict
    parts = [
        f"dbname='{s['NAME']}'",
        f"host='{s.get('HOST') or 'localhost'}'",
        f"port='{s.get('PORT') or 5432}'",
        f"user='{s.get('USER') or ''}'",
    ]
    if s.get("PASSWORD"):
        parts.append(f"password='{s['PASSWORD']}'")
    return " ".join(parts)


def import_staged(job, source: Source, srid: int, progress: Callable[[int], None]):
    table = f"geodata_stage_{job.pk}"
    # PostGIS transforms fastest (parallel, cached PROJ objects) for codes in spatial_ref_sys;
    # the provincial zones 9205–9218 are missing there, and ogr2ogr transforms those with PROJ.
    with connection.cursor() as cur:
        cur.execute("SELECT 1 FROM spatial_ref_sys WHERE auth_name = 'EPSG' AND srid = %s", [srid])
        in_database = cur.fetchone() is not None
    if in_database:
        reproject = ["-a_srs", f"EPSG:{srid}"]
    else:
        reproject = ["-s_srs", f"EPSG:{srid}", "-t_srs", "EPSG:4326"]
    cmd = [
        shutil.which("ogr2ogr"),
        "-f", "PostgreSQL", f"PG:{_dsn()}", str(source.path), source.layer or "",
        "-nln", table, "-overwrite", *reproject,
        "-nlt", "GEOMETRY", "-dim", "XY", "-lco", "GEOMETRY_NAME=geom", "-lco", "FID=stage_fid",
        "-lco", "SPATIAL_INDEX=NONE", "-lco", "LAUNDER=NO", "-lco", "PRECISION=NO",
        "--config", "PG_USE_COPY", "YES", "-gt", "65536",
    ]  # fmt: skip
    try:
        progress(10)
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=6 * 3600)  # noqa: S603
        if done.returncode != 0:
            raise ImportProblem(
                _("The file cannot be read: %(error)s") % {"error": done.stderr.strip()[-300:]}
            )
        progress(60)
        # Both go through PROJ's best operation for the pair, as pyproj does (datum shift kept).
        # OFFSET 0 keeps the transform computed once per row however often the checks use it.
        geom = (
            f"ST_Transform(ST_SetSRID(geom, {int(srid)}), 4326)"
            if in_database and srid != 4326
            else "ST_SetSRID(geom, 4326)"
        )
        staged = f'(SELECT stage_fid, {geom} AS geom, s AS rec FROM "{table}" s OFFSET 0) t'  # noqa: S608
        try:
            return _check_and_write(job, source, srid, table, staged, progress)
        except DatabaseError as exc:
            raise ImportProblem(
                _("The file cannot be read: %(error)s") % {"error": str(exc).strip()[:300]}
            ) from exc
    finally:
        with connection.cursor() as cur:
            cur.execute(f'DROP TABLE IF EXISTS "{table}"')


def _check_and_write(job, source, srid, table, staged, progress):
    from .actions import MAX_REPAIRS_LISTED, MAX_VERTICES_PER_FEATURE, _write_version

    with connection.cursor() as cur:
        cur.execute(
            f"""SELECT count(*) FILTER (WHERE geom IS NOT NULL AND NOT ST_IsEmpty(geom)),
                   count(*) FILTER (WHERE geom IS NULL OR ST_IsEmpty(geom)),
                   ST_XMin(ST_Extent(geom)), ST_YMin(ST_Extent(geom)),
                   ST_XMax(ST_Extent(geom)), ST_YMax(ST_Extent(geom)),
                   count(*) FILTER (WHERE NOT ST_IsValid(geom)), max(ST_NPoints(geom))
            FROM {staged}"""  # noqa: S608 — our own table name
        )
        count, skipped, minx, miny, maxx, maxy, invalid, nmax = cur.fetchone()
        if not count:
            raise ImportProblem(_("The file holds no feature with a geometry."))
        if nmax and nmax > MAX_VERTICES_PER_FEATURE:
            raise ImportProblem(
                _("Feature %(n)s has %(v)s vertices; the limit is %(max)s.")
                % {"n": "?", "v": nmax, "max": MAX_VERTICES_PER_FEATURE}
            )
        if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
            raise ImportProblem(
                _(
                    "Feature %(n)s: coordinates (%(x).1f, %(y).1f) fall outside the Earth in "
                    "%(crs)s; check the coordinate system or the order of the columns."
                )
                % {"n": "?", "x": minx, "y": miny, "crs": f"EPSG:{srid}"}
            )
        repairs = []
        if invalid:
            cur.execute(
                f"SELECT stage_fid, ST_IsValidReason(geom) FROM {staged} "  # noqa: S608
                "WHERE NOT ST_IsValid(geom) ORDER BY stage_fid LIMIT %s",
                [MAX_REPAIRS_LISTED],
            )
            repairs = [
                _("Feature %(n)s: %(reason)s — repaired.") % {"n": fid, "reason": reason}
                for fid, reason in cur.fetchall()
            ]
        cur.execute(
            f"SELECT ST_GeometryType(geom), count(*) FROM {staged} "  # noqa: S608
            "WHERE geom IS NOT NULL GROUP BY 1"
        )
        kinds = {k.removeprefix("ST_"): n for k, n in cur.fetchall()}
        cur.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = %s AND column_name NOT IN ('geom', 'stage_fid') "
            "ORDER BY ordinal_position",
            [table],
        )
        fields = {name: TYPES.get(t, "str") for name, t in cur.fetchall()}
    progress(70)
    notes = list(source.notes)
    if len({k.replace("Multi", "") for k in kinds}) > 1:
        notes.append(
            _("Mixed geometry types: %(kinds)s.")
            % {"kinds": ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))}
        )
    if skipped:
        notes.append(_("%(n)s features without geometry were skipped.") % {"n": skipped})
    report = {
        "count": count,
        "kinds": kinds,
        "repaired": invalid,
        "repairs": repairs,
        "skipped": skipped,
        "notes": notes,
        "fields": fields,
        "categories": {},
        "bbox": [round(v, 7) for v in (minx, miny, maxx, maxy)],
        "source_crs": srid,
        "format": source.fmt,
        "path": "ogr2ogr",
    }

    def write(version_id: int) -> None:
        with connection.cursor() as cur:
            cur.execute(
                f"""INSERT INTO geodata_feature (version_id, geom, properties)
                SELECT %s, CASE WHEN ST_IsValid(geom) THEN geom ELSE
                         ST_CollectionExtract(ST_MakeValid(geom), ST_Dimension(geom) + 1) END,
                       to_jsonb(t.rec) - 'geom' - 'stage_fid'
                FROM {staged} WHERE geom IS NOT NULL AND NOT ST_IsEmpty(geom)
                ORDER BY stage_fid""",  # noqa: S608
                [version_id],
            )

    with transaction.atomic():
        version = _write_version(job, srid, report, write)
    return version, {k: v for k, v in report.items() if k != "fields"}
