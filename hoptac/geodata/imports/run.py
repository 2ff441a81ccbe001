"""Running an import: from the stored upload to a new version, or a clear message; never
half-done, and run again after an interruption it cleans up first and never writes twice."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import shutil
import tempfile
import time
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hoptac.core import files
from hoptac.core.errors import explain

from .. import crs as crsmod
from ..backends import store
from ..models import ImportJob
from ..readers import ImportProblem, NeedsCRS, open_source
from . import bulk
from .prepare import SPOOL_WRITE_RANGE, counted, prepare, spooled
from .progress import ProgressWriter, save
from .versions import committed_version, write_version

logger = logging.getLogger(__name__)


def workdir_prefix(job: ImportJob) -> str:
    """Temporary folders are named by database and job: the leftovers of a dead attempt are
    found again, and another Hoptac on the same machine (another database) is never touched."""
    cfg = connection.settings_dict
    where = f"{cfg.get('HOST')}:{cfg.get('PORT')}/{cfg.get('NAME')}"
    return f"hoptac-import-{hashlib.sha256(where.encode()).hexdigest()[:8]}-{job.pk}-"


def remove_leftovers(job: ImportJob, partitions: bool = False) -> None:
    """What an interrupted attempt at `job` may have left: its folder of temporary files (on
    this machine), on PostGIS its staging table and, with `partitions`, any partition whose
    version is gone (an attempt's own partition goes with its transaction; this sweeps what
    an earlier failed drop left)."""
    for folder in Path(tempfile.gettempdir()).glob(workdir_prefix(job) + "*"):
        shutil.rmtree(folder, ignore_errors=True)
    db = store()
    db.drop_stage(job.pk)
    if partitions:
        db.drop_partitions([])


def run_import(job: ImportJob) -> ImportJob:
    """Read, check and write an upload as a new version of its layer; never half-done.
    Run again after an interruption, it removes the leftovers first and never writes a
    second version."""
    if job.status == ImportJob.Status.DONE:
        return job
    remove_leftovers(job)
    done = committed_version(job)
    if done is not None:
        report = {k: v for k, v in done.report.items() if k not in ("job", "fields")}
        save(
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
    workdir = Path(tempfile.mkdtemp(prefix=workdir_prefix(job)))
    save(
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
                save(job, progress=min(80, 1 + int(79 * done / total)))

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
                    rows = counted(spooled(spool), report["count"], writer)
                    with transaction.atomic():
                        version = write_version(job, srid, report, rows)
            finally:
                writer.close()
        report.pop("fields", None)
        report.setdefault("seconds", {})["tiles"] = prerender_tiles(version)
        save(
            job,
            status=ImportJob.Status.DONE,
            progress=100,
            version=version,
            report=report,
            source_crs=srid,
            finished_at=timezone.now(),
        )
    except NeedsCRS as exc:
        save(job, status=ImportJob.Status.NEEDS_CRS, progress=0, message=str(exc))
    except (ImportProblem, crsmod.CRSProblem) as exc:
        save(
            job,
            status=ImportJob.Status.FAILED,
            progress=0,
            message=str(exc),
            finished_at=timezone.now(),
        )
    except MemoryError:
        save(
            job,
            status=ImportJob.Status.FAILED,
            message=_("The file is too large to be read."),
            finished_at=timezone.now(),
        )
    except Exception as exc:  # a reader library failing on odd input must not become a 500
        logger.exception("geodata import %s failed", job.pk)
        save(
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


def prerender_tiles(version) -> float:
    """Render the new version's dense tiles (tiles.prerender) once it is committed; seconds
    taken. A failure costs only speed: those tiles are rendered on request instead."""
    from ..tiles import prerender

    started = time.perf_counter()
    try:
        with transaction.atomic():
            prerender(version, version.layer.slug)
    except Exception:
        logger.exception("geodata: pre-rendering the tiles of version %s failed", version.pk)
    return round(time.perf_counter() - started, 2)


def discard_upload(job: ImportJob) -> None:
    """Delete the stored file of an import that failed or was abandoned (its report stays)."""
    name = job.file.name
    if name:
        save(job, file="")
        files.delete(name)


def discard_abandoned_imports(older_than: dt.timedelta = dt.timedelta(days=1)) -> int:
    """Imports left waiting for a coordinate system longer than `older_than` fail, and their
    files are deleted; returns how many."""
    stale = ImportJob.objects.filter(
        status=ImportJob.Status.NEEDS_CRS, created_at__lt=timezone.now() - older_than
    ).exclude(file="")
    count = 0
    for job in stale:
        save(
            job,
            status=ImportJob.Status.FAILED,
            message=_("The import was abandoned: no coordinate system was chosen."),
            finished_at=timezone.now(),
        )
        discard_upload(job)
        count += 1
    return count


def import_interrupted(job_id: int, will_retry: bool) -> None:
    """The worker running import `job_id` died: remove what it left and say so on the job.
    It is either queued again (the worker runs it once more) or failed, to be run again by
    its owner (rerun_import)."""
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or job.status == ImportJob.Status.DONE:
        return
    remove_leftovers(job, partitions=True)
    if will_retry:
        save(
            job,
            status=ImportJob.Status.QUEUED,
            progress=0,
            stage="",
            message=_("The import was interrupted (the task worker stopped); it starts again."),
        )
    else:
        save(
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
