"""Every write of the geodata app: imports, versions, tokens.

An import reads the whole upload once, transforming, checking and repairing each feature into
a spool file (progress is saved as it goes); only when every feature is good does it write the
new version, in one transaction. A failure leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import pickle
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np
import shapely
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hoptac.core import files
from hoptac.core.errors import explain

from . import crs as crsmod
from .backends import store
from .models import ImportJob, Layer, LayerVersion
from .readers import ImportProblem, NeedsCRS, open_source

logger = logging.getLogger(__name__)
MAX_VERTICES_PER_FEATURE = 1_000_000
MAX_REPAIRS_LISTED = 50
PROGRESS_EVERY = 5000
MAX_CATEGORIES = 20


def _kind(g) -> str:
    return g.geom_type.replace("Multi", "")


def _repair(g):
    """A valid geometry of the same dimension, or None when nothing of it survives."""
    fixed = shapely.make_valid(g)
    if fixed.geom_type == "GeometryCollection":
        want = _kind(g)
        parts = [p for p in shapely.get_parts(fixed) if _kind(p) == want]
        if not parts:
            return None
        fixed = shapely.union_all(parts) if len(parts) > 1 else parts[0]
    return fixed


def _range_problem(g, index: int, srid: int) -> str:
    minx, miny, maxx, maxy = g.bounds
    if srid == 4326 and -90 <= minx <= 90 and -180 <= miny <= 180 and abs(maxy) > 90:
        return _(
            "Feature %(n)s: the coordinates look like latitude, longitude in the wrong order "
            "(longitude must come first)."
        ) % {"n": index}
    if srid == 4326 and (abs(minx) > 180 or abs(maxx) > 180):
        return _(
            "Feature %(n)s: coordinates (%(x).1f, %(y).1f) are not longitude/latitude; the file "
            "is probably in a projected system such as VN-2000 — choose it."
        ) % {"n": index, "x": minx, "y": miny}
    return _(
        "Feature %(n)s: coordinates (%(x).1f, %(y).1f) fall outside the Earth in %(crs)s; check "
        "the coordinate system or the order of the columns."
    ) % {"n": index, "x": minx, "y": miny, "crs": f"EPSG:{srid}"}


def prepare(source, srid: int, spool, progress: Callable[[int], None]) -> dict:
    """Transform, check and repair every feature into the spool; returns the report."""
    to_wgs = None if srid == 4326 else crsmod.transformer(srid, 4326)

    def reproject(coords: np.ndarray) -> np.ndarray:
        x, y = to_wgs.transform(coords[:, 0], coords[:, 1], errcheck=False)
        return np.column_stack([x, y])

    kinds: Counter = Counter()
    repairs: list[str] = []
    repaired = skipped = count = 0
    fields: dict[str, str] = {}
    categories: dict[str, set] = {}
    bbox = [180.0, 90.0, -180.0, -90.0]
    for index, (g, props) in enumerate(source.features, start=1):
        if g is None or g.is_empty:
            skipped += 1
            continue
        if shapely.has_z(g):
            g = shapely.force_2d(g)
        nverts = shapely.get_num_coordinates(g)
        if nverts > MAX_VERTICES_PER_FEATURE:
            raise ImportProblem(
                _("Feature %(n)s has %(v)s vertices; the limit is %(max)s.")
                % {"n": index, "v": nverts, "max": MAX_VERTICES_PER_FEATURE}
            )
        raw = g
        if to_wgs is not None:
            g = shapely.transform(g, reproject)
        coords = shapely.get_coordinates(g)
        if not np.isfinite(coords).all():
            raise ImportProblem(_range_problem(raw, index, srid))
        minx, miny, maxx, maxy = g.bounds
        if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
            raise ImportProblem(_range_problem(raw, index, srid))
        if not g.is_valid:
            reason = shapely.is_valid_reason(g)
            fixed = _repair(g)
            if fixed is None or fixed.is_empty:
                raise ImportProblem(
                    _("Feature %(n)s: the geometry is invalid (%(reason)s) and cannot be repaired.")
                    % {"n": index, "reason": reason}
                )
            g = fixed
            repaired += 1
            if len(repairs) < MAX_REPAIRS_LISTED:
                repairs.append(
                    _("Feature %(n)s: %(reason)s — repaired.") % {"n": index, "reason": reason}
                )
        kinds[g.geom_type] += 1
        for k, v in props.items():
            t = type(v).__name__ if v is not None else None
            if t and fields.get(k) in (None, t):
                fields[k] = t
            elif t and fields.get(k) != t:
                fields[k] = "str" if "str" in (t, fields[k]) else "float"
            else:
                fields.setdefault(k, "str")
        for k, v in props.items():
            if isinstance(v, str | int | bool) and len(categories.get(k, ())) <= MAX_CATEGORIES:
                categories.setdefault(k, set()).add(v)
        bx = g.bounds
        bbox = [min(bbox[0], bx[0]), min(bbox[1], bx[1]), max(bbox[2], bx[2]), max(bbox[3], bx[3])]
        pickle.dump((shapely.to_wkb(g), json.dumps(props, ensure_ascii=False)), spool)
        count += 1
        if count % PROGRESS_EVERY == 0:
            progress(count)
    if count == 0:
        raise ImportProblem(_("The file holds no feature with a geometry."))
    notes = list(source.notes)
    if len(kinds) > 1 and len({k.replace("Multi", "") for k in kinds}) > 1:
        notes.append(
            _("Mixed geometry types: %(kinds)s.")
            % {"kinds": ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))}
        )
    if skipped:
        notes.append(_("%(n)s features without geometry were skipped.") % {"n": skipped})
    return {
        "count": count,
        "kinds": dict(kinds),
        "repaired": repaired,
        "repairs": repairs,
        "skipped": skipped,
        "notes": notes,
        "fields": fields,
        "categories": {
            k: sorted(map(str, v)) for k, v in categories.items() if len(v) <= MAX_CATEGORIES
        },
        "bbox": [round(v, 7) for v in bbox],
        "source_crs": srid,
        "format": source.fmt,
    }


def _spooled(spool):
    spool.seek(0)
    while True:
        try:
            yield pickle.load(spool)  # noqa: S301 — our own spool file
        except EOFError:
            return


# The progress of the Python path's write (the reading and checks take it to 80).
SPOOL_WRITE_RANGE = (85, 99)


def _counted(rows, total: int, progress: Callable[[int], None]):
    """The rows, reporting the share written every PROGRESS_EVERY rows, within
    SPOOL_WRITE_RANGE."""
    low, high = SPOOL_WRITE_RANGE
    for n, row in enumerate(rows, 1):
        yield row
        if total and n % PROGRESS_EVERY == 0:
            progress(low + (high - low) * n // total)


def _save(job: ImportJob, **fields) -> None:
    for k, v in fields.items():
        setattr(job, k, v)
    job.save(update_fields=list(fields))


class ProgressWriter:
    """Saves a job's progress and stage at once, even while the import's transaction is open.

    On PostgreSQL, through a connection of its own in autocommit (the polling page reads the
    job from another connection, which cannot see what the import's transaction writes until it
    commits). On SQLite a second writer would wait for the first, and when the job row is not
    committed yet (the caller is itself inside a transaction) another connection cannot update
    it: then the job is saved through the usual connection, as before. Progress is only shown,
    so a failure to save it (the row locked for more than a second) is logged and passed over.
    """

    def __init__(self, job: ImportJob):
        self.job = job
        self.own = None
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            self.own = connection.copy()

    def __call__(self, percent: int, stage: str | None = None) -> None:
        stage = self.job.stage if stage is None else stage
        if percent == self.job.progress and stage == self.job.stage:
            return
        if self.own is None:
            _save(self.job, progress=percent, stage=stage)
            return
        self.job.progress, self.job.stage = percent, stage
        try:
            with self.own.cursor() as cur:
                cur.execute("SET lock_timeout = '1s'")
                cur.execute(
                    f"UPDATE {ImportJob._meta.db_table} SET progress = %s, stage = %s "  # noqa: S608
                    "WHERE id = %s",
                    [percent, stage, self.job.pk],
                )
        except DatabaseError:
            logger.warning("geodata import %s: progress %s not saved", self.job.pk, percent)

    def close(self) -> None:
        if self.own is not None:
            self.own.close()


def _workdir_prefix(job: ImportJob) -> str:
    """Temporary folders are named by database and job: the leftovers of a dead attempt are
    found again, and another Hoptac on the same machine (another database) is never touched."""
    import hashlib

    from django.db import connection

    cfg = connection.settings_dict
    where = f"{cfg.get('HOST')}:{cfg.get('PORT')}/{cfg.get('NAME')}"
    return f"hoptac-import-{hashlib.sha256(where.encode()).hexdigest()[:8]}-{job.pk}-"


def remove_leftovers(job: ImportJob, partitions: bool = False) -> None:
    """What an interrupted attempt at `job` may have left: its folder of temporary files (on
    this machine), on PostGIS its staging table and, with `partitions`, any partition whose
    version is gone (an attempt's own partition goes with its transaction; this sweeps what
    an earlier failed drop left)."""
    for folder in Path(tempfile.gettempdir()).glob(_workdir_prefix(job) + "*"):
        shutil.rmtree(folder, ignore_errors=True)
    from . import bulk

    bulk.drop_stage(job.pk)
    if partitions:
        bulk.drop_partitions([])


def _committed_version(job: ImportJob) -> LayerVersion | None:
    """The version an earlier attempt at `job` wrote, if it committed (the worker can die
    between that commit and the job's own update)."""
    return LayerVersion.objects.filter(layer_id=job.layer_id, report__job=job.pk).first()


def run_import(job: ImportJob) -> ImportJob:
    """Read, check and write an upload as a new version of its layer; never half-done.
    Run again after an interruption, it removes the leftovers first and never writes a
    second version."""
    if job.status == ImportJob.Status.DONE:
        return job
    remove_leftovers(job)
    done = _committed_version(job)
    if done is not None:
        report = {k: v for k, v in done.report.items() if k not in ("job", "fields")}
        _save(
            job,
            status=ImportJob.Status.DONE,
            progress=100,
            version=done,
            report=report,
            source_crs=done.source_crs,
            message="",
            finished_at=timezone.now(),
        )
        return job
    workdir = Path(tempfile.mkdtemp(prefix=_workdir_prefix(job)))
    _save(
        job,
        status=ImportJob.Status.RUNNING,
        progress=1,
        stage=ImportJob.Stage.READING,
        message="",
    )
    try:
        if not job.file.name:  # a failed import's file is deleted (discard_upload)
            raise ImportProblem(_("The file of this import is no longer kept; upload it again."))
        options = dict(job.options)
        if job.source_crs:
            options["srid"] = job.source_crs
        source = open_source(Path(job.file.path), job.original_name, options, workdir)
        srid = source.srid
        if srid is None:
            raise NeedsCRS(
                _(
                    "The file does not say which coordinate system it uses. "
                    "Choose it and import again."
                )
            )
        srid = crsmod.check_code(srid)
        total = source.count or 0

        def progress(done: int) -> None:
            if total:
                _save(job, progress=min(80, 1 + int(79 * done / total)))

        from . import bulk

        if bulk.applies(source):
            writer = ProgressWriter(job)
            try:
                version, report = bulk.import_staged(job, source, srid, progress=writer)
            finally:
                writer.close()
        else:
            writer = ProgressWriter(job)
            try:
                with tempfile.TemporaryFile(dir=workdir) as spool:
                    report = prepare(source, srid, spool, progress)
                    writer(SPOOL_WRITE_RANGE[0], ImportJob.Stage.WRITING)
                    rows = _counted(_spooled(spool), report["count"], writer)
                    with transaction.atomic():
                        version = _write_version(job, srid, report, rows)
            finally:
                writer.close()
        report.pop("fields", None)
        _save(
            job,
            status=ImportJob.Status.DONE,
            progress=100,
            version=version,
            report=report,
            source_crs=srid,
            finished_at=timezone.now(),
        )
    except NeedsCRS as exc:
        _save(job, status=ImportJob.Status.NEEDS_CRS, progress=0, message=str(exc))
    except (ImportProblem, crsmod.CRSProblem) as exc:
        _save(
            job,
            status=ImportJob.Status.FAILED,
            progress=0,
            message=str(exc),
            finished_at=timezone.now(),
        )
    except MemoryError:
        _save(
            job,
            status=ImportJob.Status.FAILED,
            message=_("The file is too large to be read."),
            finished_at=timezone.now(),
        )
    except Exception as exc:  # a reader library failing on odd input must not become a 500
        logger.exception("geodata import %s failed", job.pk)
        _save(
            job,
            status=ImportJob.Status.FAILED,
            progress=0,
            message=_("The file cannot be read: %(error)s") % {"error": explain(exc)},
            finished_at=timezone.now(),
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if job.status == ImportJob.Status.FAILED:
        discard_upload(job)
    return job


def discard_upload(job: ImportJob) -> None:
    """Delete the stored file of an import that failed or was abandoned (its report stays)."""
    name = job.file.name
    if name:
        _save(job, file="")
        files.delete(name)


def discard_abandoned_imports(older_than: dt.timedelta = dt.timedelta(days=1)) -> int:
    """Imports left waiting for a coordinate system longer than `older_than` fail, and their
    files are deleted; returns how many."""
    stale = ImportJob.objects.filter(
        status=ImportJob.Status.NEEDS_CRS, created_at__lt=timezone.now() - older_than
    ).exclude(file="")
    count = 0
    for job in stale:
        _save(
            job,
            status=ImportJob.Status.FAILED,
            message=_("The import was abandoned: no coordinate system was chosen."),
            finished_at=timezone.now(),
        )
        discard_upload(job)
        count += 1
    return count


def _open_version(job: ImportJob, srid: int) -> tuple[Layer, LayerVersion | None, LayerVersion]:
    """The layer (locked), its current version and the new, still empty version."""
    layer = Layer.objects.select_for_update().get(pk=job.layer_id)
    previous = layer.current_version
    number = (layer.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    mode = job.mode if previous is not None else LayerVersion.Mode.REPLACE
    version = LayerVersion.objects.create(
        layer=layer,
        number=number,
        mode=mode,
        source_name=job.original_name[:255],
        source_crs=srid,
        created_by=job.created_by,
        report={"job": job.pk},  # commits with the version: see _committed_version
    )
    return layer, previous, version


def _merged(previous: LayerVersion, fields: dict, bbox: list) -> tuple[dict, list]:
    """Attributes and extent of an appended version: the previous ones and the new ones."""
    fields = {**previous.fields, **fields}
    if previous.bbox:
        pb = previous.bbox
        bbox = [min(pb[0], bbox[0]), min(pb[1], bbox[1]), max(pb[2], bbox[2]), max(pb[3], bbox[3])]
    return fields, bbox


def _close_version(layer, version, srid: int, report: dict, count: int, fields, bbox) -> None:
    version.feature_count = count
    version.bbox = bbox
    version.fields = fields
    version.report = {**version.report, **{k: v for k, v in report.items() if k != "fields"}}
    version.save(update_fields=["feature_count", "bbox", "fields", "report"])
    layer.current_version = version
    if not layer.source_crs:
        layer.source_crs = srid
    layer.save(update_fields=["current_version", "source_crs", "updated_at"])


def _write_version(job: ImportJob, srid: int, report: dict, rows) -> LayerVersion:
    layer, previous, version = _open_version(job, srid)
    fields = dict(report["fields"])
    bbox = report["bbox"]
    count = report["count"]
    db = store()
    total = count + (previous.feature_count if version.mode == LayerVersion.Mode.APPEND else 0)
    # On PostgreSQL a version this large gets a partition of its own (the bulk path always makes
    # one); smaller ones share the default partition. See decision 0007.
    if total >= settings.GEODATA_PARTITION_THRESHOLD:
        from .bulk import own_partition

        own_partition(version.pk)  # PostgreSQL only: the rows below are routed to it
    if version.mode == LayerVersion.Mode.APPEND:
        count += db.copy_version(previous.pk, version.pk)
        fields, bbox = _merged(previous, fields, bbox)
    db.insert(version.pk, rows)
    _close_version(layer, version, srid, report, count, fields, bbox)
    return version


def start_import(
    layer: Layer,
    upload,
    user,
    mode: str = LayerVersion.Mode.REPLACE,
    srid: int | None = None,
    options: dict | None = None,
    background: bool | None = None,
) -> ImportJob:
    """Save the upload and import it now (small files) or on the task worker (large ones)."""
    job = ImportJob.objects.create(
        layer=layer,
        file=upload,
        original_name=getattr(upload, "name", "upload")[:255],
        mode=mode,
        source_crs=srid,
        options=options or {},
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    if background is None:
        background = job.file.size > settings.GEODATA_INLINE_IMPORT_BYTES
    if background:
        from .tasks import import_layer

        import_layer.enqueue(job.pk)
        return job
    return run_import(job)


def import_interrupted(job_id: int, will_retry: bool) -> None:
    """The worker running import `job_id` died: remove what it left and say so on the job.
    It is either queued again (the worker runs it once more) or failed, to be run again by
    its owner (rerun_import)."""
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or job.status == ImportJob.Status.DONE:
        return
    remove_leftovers(job, partitions=True)
    if will_retry:
        _save(
            job,
            status=ImportJob.Status.QUEUED,
            progress=0,
            stage="",
            message=_("The import was interrupted (the task worker stopped); it starts again."),
        )
    else:
        _save(
            job,
            status=ImportJob.Status.FAILED,
            progress=0,
            stage="",
            message=_(
                "The import was interrupted twice (the task worker stopped); nothing was "
                "saved. Run it again."
            ),
            finished_at=timezone.now(),
        )


def rerun_import(job: ImportJob) -> ImportJob:
    """Queue a failed import again on the task worker (same file, same options)."""
    if job.status != ImportJob.Status.FAILED:
        raise ValueError(_("Only a failed import can be run again."))
    if not job.file or not job.file.storage.exists(job.file.name):
        raise ValueError(_("The uploaded file is no longer kept; upload it again."))
    _save(job, status=ImportJob.Status.QUEUED, progress=0, stage="", message="", finished_at=None)
    from .tasks import import_layer

    import_layer.enqueue(job.pk)
    return job


def retry_with_crs(job: ImportJob, srid: int) -> ImportJob:
    """Run an import again once the user has said which CRS the file uses."""
    crsmod.check_code(srid)
    _save(job, source_crs=srid, status=ImportJob.Status.QUEUED)
    return run_import(job)


def activate_version(layer: Layer, version: LayerVersion) -> None:
    """Make an earlier version current again (nothing is deleted)."""
    if version.layer_id != layer.pk:
        raise ValueError("version of another layer")
    layer.current_version = version
    layer.save(update_fields=["current_version", "updated_at"])
