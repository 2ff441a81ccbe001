"""The bulk import path on PostGIS: large GDAL-readable files go through `ogr2ogr`.

ogr2ogr loads the file as it is into an unlogged staging table. Then, in one transaction: the
new version gets a table of its own (the future partition of `geodata_feature`, see decision
0007), filled in one pass in file order with the geometry transformed to WGS 84 by PostGIS with
PROJ (the same library and the same best-available operation as pyproj, so VN-2000 keeps its
datum shift; the provincial zones 9205–9218, missing from spatial_ref_sys, are transformed by
ogr2ogr with PROJ instead) and the attributes as JSON. The checks of the Python path — extent,
vertices, validity with repairs reported, geometry kinds — are aggregates over it; invalid
geometries are repaired in place; its indexes are built at once (a sorted GiST build) and it is
attached as the version's partition. Any failure rolls all of it back; the staging table is
dropped whatever happens. The time of each step is kept in the report (`seconds`).
"""

from __future__ import annotations

import shutil
import subprocess
import time
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
PAIRS_PER_CALL = 50  # jsonb_build_object takes at most 100 arguments


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


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _properties_sql(columns: list[str]) -> str:
    """The attributes as one jsonb object (never through to_jsonb(row): it would encode the
    geometry as GeoJSON only to drop it)."""
    if not columns:
        return "'{}'::jsonb"
    calls = []
    for i in range(0, len(columns), PAIRS_PER_CALL):
        chunk = columns[i : i + PAIRS_PER_CALL]
        args = ", ".join(
            "'{}', s.{}".format(c.replace("'", "''"), _quote(c))  # noqa: UP032
            for c in chunk
        )
        calls.append(f"jsonb_build_object({args})")
    return " || ".join(calls)


class _Clock:
    def __init__(self):
        self.seconds: dict[str, float] = {}
        self._t = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.seconds[name] = round(now - self._t, 2)
        self._t = now


def import_staged(job, source: Source, srid: int, progress: Callable[[int], None]):
    stage = f"geodata_stage_{job.pk}"
    clock = _Clock()
    # PostGIS transforms fastest (cached PROJ objects) for codes in spatial_ref_sys; the
    # provincial zones 9205–9218 are missing there, and ogr2ogr transforms those with PROJ.
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
        "-nln", stage, "-overwrite", *reproject,
        "-nlt", "GEOMETRY", "-dim", "XY", "-lco", "GEOMETRY_NAME=geom", "-lco", "FID=stage_fid",
        "-lco", "SPATIAL_INDEX=NONE", "-lco", "LAUNDER=NO", "-lco", "PRECISION=NO",
        "-lco", "UNLOGGED=ON", "--config", "PG_USE_COPY", "YES", "-gt", "65536",
    ]  # fmt: skip
    geom = (
        f"ST_Transform(ST_SetSRID(s.geom, {int(srid)}), 4326)"
        if in_database and srid != 4326
        else "ST_SetSRID(s.geom, 4326)"
    )
    try:
        progress(10)
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=6 * 3600)  # noqa: S603
        if done.returncode != 0:
            raise ImportProblem(
                _("The file cannot be read: %(error)s") % {"error": done.stderr.strip()[-300:]}
            )
        clock.lap("load")
        progress(50)
        try:
            with connection.cursor() as cur:
                cur.execute("SET jit = off")  # compiling costs more than it saves here
                # A fresh table is read in the order it was written: the file's order.
                cur.execute("SET synchronize_seqscans = off")
                cur.execute(
                    "SELECT column_name, data_type FROM information_schema.columns "
                    "WHERE table_schema = current_schema() AND table_name = %s "
                    "AND column_name NOT IN ('geom', 'stage_fid') ORDER BY ordinal_position",
                    [stage],
                )
                columns = cur.fetchall()
            staged = (stage, geom, _properties_sql([name for name, _t in columns]))
            fields = {name: TYPES.get(t, "str") for name, t in columns}
            return _write(job, source, srid, staged, fields, clock)
        except DatabaseError as exc:
            raise ImportProblem(
                _("The file cannot be read: %(error)s") % {"error": str(exc).strip()[:300]}
            ) from exc
    finally:
        with connection.cursor() as cur:
            cur.execute("RESET jit")
            cur.execute("RESET synchronize_seqscans")
            cur.execute(f'DROP TABLE IF EXISTS "{stage}"')


def _write(job, source, srid, staged, fields, clock):
    from .actions import _close_version, _merged, _open_version
    from .models import LayerVersion

    stage, geom, props = staged
    with transaction.atomic():
        layer, previous, version = _open_version(job, srid)
        part = f"geodata_feature_v{int(version.pk)}"
        with connection.cursor() as cur:
            cur.execute("SELECT pg_get_serial_sequence('geodata_feature', 'id')::regclass::oid")
            ids = f"nextval({int(cur.fetchone()[0])}::regclass)"
            _create_part(cur, part, version.pk)
            kept = 0
            if version.mode == LayerVersion.Mode.APPEND:
                cur.execute(
                    f'INSERT INTO "{part}" (id, version_id, geom, properties) '  # noqa: S608
                    f"SELECT {ids}, %s, geom, properties FROM geodata_feature "
                    "WHERE version_id = %s ORDER BY id",
                    [version.pk, previous.pk],
                )
                kept = cur.rowcount
            cur.execute(f'SELECT coalesce(max(id), 0) FROM "{part}"')  # noqa: S608
            first_new = cur.fetchone()[0] + 1
            cur.execute(
                f'INSERT INTO "{part}" (id, version_id, geom, properties) '  # noqa: S608
                f'SELECT {ids}, %s, {geom}, {props} FROM "{stage}" s '
                "WHERE s.geom IS NOT NULL AND NOT ST_IsEmpty(s.geom)",
                [version.pk],
            )
            clock.lap("write")
            report = _check(cur, source, srid, stage, geom, part, first_new, fields)
            clock.lap("checks")
            _index_and_attach(cur, part, version.pk)
            clock.lap("index")
        report["seconds"] = clock.seconds
        count, bbox = report["count"] + kept, report["bbox"]
        if kept:
            fields, bbox = _merged(previous, fields, bbox)
        _close_version(layer, version, srid, report, count, fields, bbox)
    clock.lap("commit")
    version.report = {**version.report, "seconds": clock.seconds}
    version.save(update_fields=["report"])
    return version, report


def _create_part(cur, part: str, version_id: int) -> None:
    """A table shaped like geodata_feature, holding only this version (the CHECK spares the
    scan that attaching would otherwise make)."""
    cur.execute("SELECT to_regclass(%s) IS NOT NULL", [part])
    if cur.fetchone()[0]:  # an empty partition left by a version number used again
        cur.execute(f'ALTER TABLE geodata_feature DETACH PARTITION "{part}"')
        cur.execute(f'DROP TABLE "{part}"')
    cur.execute(
        f'CREATE TABLE "{part}" (LIKE geodata_feature INCLUDING DEFAULTS, '
        f'CONSTRAINT "{part}_version" CHECK (version_id = {int(version_id)}))'
    )


def _index_and_attach(cur, part: str, version_id: int) -> None:
    # The same indexes as the parent's, so that attaching adopts them instead of building more.
    cur.execute(f'CREATE INDEX "{part}_geom" ON "{part}" USING gist (geom)')
    cur.execute(f'ALTER TABLE "{part}" ADD CONSTRAINT "{part}_pkey" PRIMARY KEY (id, version_id)')
    cur.execute(f'CREATE INDEX "{part}_keyset" ON "{part}" (version_id, id)')
    cur.execute(f'ANALYZE "{part}"')
    cur.execute(
        f'ALTER TABLE geodata_feature ATTACH PARTITION "{part}" FOR VALUES IN ({int(version_id)})'
    )


def _first_in_file(cur, stage: str, geom: str, condition: str):
    """(number in the file, x, y as in the file) of the first staged feature where `condition`
    holds of `g`, the geometry as `geom` makes it. Only on a failure, so one more pass over the
    staging table costs nothing in the usual case."""
    cur.execute(
        "SELECT stage_fid, x, y FROM (SELECT stage_fid, ST_XMin(s.geom) AS x, "  # noqa: S608
        f'ST_YMin(s.geom) AS y, {geom} AS g FROM "{stage}" s WHERE s.geom IS NOT NULL) t '
        f"WHERE {condition} ORDER BY stage_fid LIMIT 1"
    )
    row = cur.fetchone()
    return row if row is not None else ("?", None, None)


def _check(cur, source, srid, stage, geom, part, first_new, fields) -> dict:
    from .actions import MAX_REPAIRS_LISTED, MAX_VERTICES_PER_FEATURE

    new = f'"{part}" WHERE id >= {int(first_new)}'
    cur.execute(
        f"""SELECT count(*), ST_XMin(ST_Extent(geom)), ST_YMin(ST_Extent(geom)),
               ST_XMax(ST_Extent(geom)), ST_YMax(ST_Extent(geom)),
               count(*) FILTER (WHERE NOT ST_IsValid(geom)), max(ST_NPoints(geom))
        FROM {new}"""  # noqa: S608 — our own table name
    )
    count, minx, miny, maxx, maxy, invalid, nmax = cur.fetchone()
    if not count:
        raise ImportProblem(_("The file holds no feature with a geometry."))
    if nmax and nmax > MAX_VERTICES_PER_FEATURE:
        n, _x, _y = _first_in_file(cur, stage, geom, f"ST_NPoints(g) > {MAX_VERTICES_PER_FEATURE}")
        raise ImportProblem(
            _("Feature %(n)s has %(v)s vertices; the limit is %(max)s.")
            % {"n": n, "v": nmax, "max": MAX_VERTICES_PER_FEATURE}
        )
    if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
        n, x, y = _first_in_file(
            cur, stage, geom, "ST_XMin(g) < -180 OR ST_XMax(g) > 180 OR ST_YMin(g) < -90 "
            "OR ST_YMax(g) > 90"
        )  # fmt: skip
        raise ImportProblem(
            _(
                "Feature %(n)s: coordinates (%(x).1f, %(y).1f) fall outside the Earth in "
                "%(crs)s; check the coordinate system or the order of the columns."
            )
            % {
                "n": n,
                "x": minx if x is None else x,
                "y": miny if y is None else y,
                "crs": f"EPSG:{srid}",
            }
        )
    cur.execute(f'SELECT count(*) FROM "{stage}"')  # noqa: S608
    skipped = cur.fetchone()[0] - count
    cur.execute(f"SELECT ST_GeometryType(geom), count(*) FROM {new} GROUP BY 1")  # noqa: S608
    kinds = {k.removeprefix("ST_"): n for k, n in cur.fetchall()}
    repairs = []
    if invalid:
        # Numbered as in the file: the staging table knows the order (one more pass, rare).
        cur.execute(
            f"SELECT stage_fid, ST_IsValidReason(g) FROM (SELECT stage_fid, {geom} AS g "  # noqa: S608
            f'FROM "{stage}" s) t WHERE NOT ST_IsValid(g) ORDER BY stage_fid LIMIT %s',
            [MAX_REPAIRS_LISTED],
        )
        repairs = [
            _("Feature %(n)s: %(reason)s — repaired.") % {"n": fid, "reason": reason}
            for fid, reason in cur.fetchall()
        ]
        # Repaired in place, keeping the dimension (a polygon stays a polygon).
        cur.execute(
            f'UPDATE "{part}" SET geom = '  # noqa: S608
            "ST_CollectionExtract(ST_MakeValid(geom), ST_Dimension(geom) + 1) "
            f"WHERE id >= {int(first_new)} AND NOT ST_IsValid(geom) "
            "RETURNING ST_IsEmpty(geom), ST_IsValidReason(geom)"
        )
        lost = [reason for empty, reason in cur.fetchall() if empty]
        if lost:
            n, _x, _y = _first_in_file(
                cur,
                stage,
                geom,
                "NOT ST_IsValid(g) AND "
                "ST_IsEmpty(ST_CollectionExtract(ST_MakeValid(g), ST_Dimension(g) + 1))",
            )
            raise ImportProblem(
                _("Feature %(n)s: the geometry is invalid (%(reason)s) and cannot be repaired.")
                % {"n": n, "reason": lost[0]}
            )
    notes = list(source.notes)
    if len({k.replace("Multi", "") for k in kinds}) > 1:
        notes.append(
            _("Mixed geometry types: %(kinds)s.")
            % {"kinds": ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))}
        )
    if skipped:
        notes.append(_("%(n)s features without geometry were skipped.") % {"n": skipped})
    return {
        "count": count,
        "kinds": kinds,
        "repaired": invalid,
        "repairs": repairs,
        "skipped": skipped,
        "notes": notes,
        "categories": {},
        "bbox": [round(v, 7) for v in (minx, miny, maxx, maxy)],
        "source_crs": srid,
        "format": source.fmt,
        "path": "ogr2ogr",
    }
