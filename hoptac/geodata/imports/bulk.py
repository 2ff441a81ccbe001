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

import logging
import os
import re
import selectors
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils.translation import gettext as _

from hoptac.core.errors import explain

from ..backends import store
from ..backends.postgis import stage_name
from ..models import ImportJob, LayerVersion
from ..readers import ImportProblem, Source
from .indexes import index_version
from .prepare import MAX_REPAIRS_LISTED, MAX_VERTICES_PER_FEATURE
from .versions import close_version, merged, open_version

logger = logging.getLogger(__name__)

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
LOAD_TIMEOUT = 6 * 3600  # seconds
WRITE_CHUNKS = 8  # the write is cut into block ranges of the staging table to report progress
# The progress shown for each step, as a share of the time it takes (bench/geo, 200k and 1M
# parcels: load 25 %, write 45 %, checks 8 %, indexes and attach 21 %).
LOAD_RANGE = (5, 30)
WRITE_RANGE = (30, 72)
CHECKS_DONE = 80
INDEX_STEPS = {"geom": 90, "pkey": 94, "keyset": 96, "analyze": 97, "attach": 98}
# ogr2ogr -progress prints "0...10...20..." (a dot every 2.5 %) as it goes.
_OGR_PROGRESS = re.compile(r"(\d+)(?=[. ])(\.*)")

Progress = Callable[..., None]  # progress(percent, stage=None)


def applies(source: Source) -> bool:
    threshold = settings.GEODATA_BULK_THRESHOLD
    return (
        store().bulk_import_available()
        and source.path is not None
        and (source.count or 0) >= threshold
        and shutil.which("ogr2ogr") is not None
    )


def _dsn() -> str:
    """The connection string for ogr2ogr's command line: never the password, which anyone on
    the machine could read there (`ps`); it goes through the environment (`_environment`)."""
    s = connection.settings_dict
    parts = [
        f"dbname='{s['NAME']}'",
        f"host='{s.get('HOST') or 'localhost'}'",
        f"port='{s.get('PORT') or 5432}'",
        f"user='{s.get('USER') or ''}'",
    ]
    return " ".join(parts)


def _environment() -> dict[str, str]:
    """ogr2ogr's environment: ours, with the database password as libpq reads it."""
    env = dict(os.environ)
    password = connection.settings_dict.get("PASSWORD")
    if password:
        env["PGPASSWORD"] = str(password)
    else:
        env.pop("PGPASSWORD", None)
    return env


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


def _ogr_percent(text: str) -> float | None:
    """The last percentage in ogr2ogr's `-progress` output so far, None before the first."""
    last = None
    for last in _OGR_PROGRESS.finditer(text):  # noqa: B007 — the last one counts
        pass
    if last is None:
        return None
    return min(100.0, int(last.group(1)) + 2.5 * len(last.group(2)))


def _die_with_parent() -> None:
    """In the child, before exec: on Linux, be killed when the worker that started us dies
    (else a `kill -9` of the worker leaves ogr2ogr writing into the staging table)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _load(cmd: list[str], progress: Progress) -> None:
    """Run ogr2ogr, reading its progress as it prints it (stderr goes to a file, so that a
    talkative run cannot fill a pipe nobody reads); its last words make the error message."""
    low, high = LOAD_RANGE
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(  # noqa: S603
            cmd,
            stdout=subprocess.PIPE,
            stderr=err,
            bufsize=0,
            env=_environment(),
            preexec_fn=_die_with_parent,
        )
        deadline = time.monotonic() + LOAD_TIMEOUT
        seen = ""
        try:
            with selectors.DefaultSelector() as sel:
                sel.register(proc.stdout, selectors.EVENT_READ)
                while True:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        said = _("loading it took more than %(n)s hours.") % {
                            "n": LOAD_TIMEOUT // 3600
                        }
                        raise ImportProblem(
                            _("The file cannot be read: %(error)s") % {"error": said}
                        )
                    if not sel.select(timeout=min(left, 10)):
                        continue
                    chunk = proc.stdout.read(4096)  # unbuffered: one read
                    if not chunk:
                        break
                    seen = (seen + chunk.decode(errors="replace"))[-200:]
                    percent = _ogr_percent(seen)
                    if percent is not None:
                        progress(low + int((high - low) * percent / 100), ImportJob.Stage.LOADING)
            returncode = proc.wait()
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            proc.stdout.close()
        if returncode != 0:
            err.seek(0)
            said = err.read().decode(errors="replace").strip()[-300:]
            raise ImportProblem(_("The file cannot be read: %(error)s") % {"error": said})


def import_staged(job, source: Source, srid: int, progress: Progress):
    """Import `source` as a new version of the job's layer; `progress(percent, stage)` is
    called as the steps go (see progress.ProgressWriter: saved at once, outside this
    transaction)."""
    stage = stage_name(job.pk)
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
        shutil.which("ogr2ogr"), "-progress",
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
        progress(LOAD_RANGE[0], ImportJob.Stage.LOADING)
        _load(cmd, progress)
        clock.lap("load")
        progress(LOAD_RANGE[1], ImportJob.Stage.WRITING)
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
            return _write(job, source, srid, staged, fields, clock, progress)
        except DatabaseError as exc:
            raise ImportProblem(
                _("The file cannot be read: %(error)s") % {"error": explain(exc)}
            ) from exc
    finally:
        with connection.cursor() as cur:
            cur.execute("RESET jit")
            cur.execute("RESET synchronize_seqscans")
            cur.execute(f'DROP TABLE IF EXISTS "{stage}"')


def _write(job, source, srid, staged, fields, clock, progress: Progress):
    stage, geom, props = staged
    with transaction.atomic():
        layer, previous, version = open_version(job, srid)
        db = store()
        with connection.cursor() as cur:
            cur.execute("SELECT pg_get_serial_sequence('geodata_feature', 'id')::regclass::oid")
            ids = f"nextval({int(cur.fetchone()[0])}::regclass)"
            part = db.new_partition(cur, version.pk)
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
            _fill(
                cur,
                f'INSERT INTO "{part}" (id, version_id, geom, properties) '  # noqa: S608
                f'SELECT {ids}, %s, {geom}, {props} FROM "{stage}" s '
                "WHERE s.geom IS NOT NULL AND NOT ST_IsEmpty(s.geom)",
                stage,
                version.pk,
                progress,
            )
            clock.lap("write")
            progress(WRITE_RANGE[1], ImportJob.Stage.CHECKING)
            report = _check(cur, source, srid, stage, geom, part, first_new, fields)
            clock.lap("checks")
            progress(CHECKS_DONE, ImportJob.Stage.INDEXING)
            db.attach_partition(
                cur, version.pk, lambda step: progress(INDEX_STEPS[step], ImportJob.Stage.INDEXING)
            )
            index_version(layer, version)
            clock.lap("index")
        report["seconds"] = clock.seconds
        count, bbox = report["count"] + kept, report["bbox"]
        if kept:
            fields, bbox = merged(previous, fields, bbox)
        close_version(layer, version, srid, report, count, fields, bbox)
    clock.lap("commit")
    version.report = {**version.report, "seconds": clock.seconds}
    version.save(update_fields=["report"])
    return version, report


def _fill(cur, insert: str, stage: str, version_id: int, progress: Progress) -> None:
    """Run `insert` (INSERT … SELECT … FROM the staging table `s` WHERE …) over the staging
    table in WRITE_CHUNKS ranges of its blocks, in block order (a TID range scan each: the
    file's order, and no pass reads another's blocks), reporting progress after each."""
    cur.execute("SELECT pg_relation_size(%s) / current_setting('block_size')::int", [stage])
    blocks = cur.fetchone()[0]
    chunks = max(1, min(WRITE_CHUNKS, blocks))
    size = -(-blocks // chunks)
    low, high = WRITE_RANGE
    for i in range(chunks):
        where, params = [], [version_id]
        if i > 0:
            where.append("s.ctid >= %s::tid")
            params.append(f"({i * size},0)")
        if i < chunks - 1:
            where.append("s.ctid < %s::tid")
            params.append(f"({(i + 1) * size},0)")
        cur.execute(" AND ".join([insert, *where]), params)
        progress(low + (high - low) * (i + 1) // chunks, ImportJob.Stage.WRITING)


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
