"""Starting an import: the upload saved as a job, run at once (a small file) or queued for
the task worker (a large one); a failed job queued again; a job waiting for its coordinate
system run with the one chosen."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from .. import crs as crsmod
from ..models import ImportJob, Layer, LayerVersion
from ..tasks import import_layer
from .progress import save

# The pipeline (.run: GDAL readers, shapely, pyproj) is imported where a file is imported: every
# web process imports this module for its views.


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
        import_layer.enqueue(job.pk)
        return job
    from .run import run_import

    return run_import(job)


def rerun_import(job: ImportJob) -> ImportJob:
    """Queue a failed import again on the task worker (same file, same options)."""
    if job.status != ImportJob.Status.FAILED:
        raise ValueError(_("Only a failed import can be run again."))
    if not job.file or not job.file.storage.exists(job.file.name):
        raise ValueError(_("The uploaded file is no longer kept; upload it again."))
    save(job, status=ImportJob.Status.QUEUED, progress=0, stage="", message="", finished_at=None)
    import_layer.enqueue(job.pk)
    return job


def retry_with_crs(job: ImportJob, srid: int) -> ImportJob:
    """Run an import again once the user has said which CRS the file uses."""
    crsmod.check_code(srid)
    save(job, source_crs=srid, status=ImportJob.Status.QUEUED)
    from .run import run_import

    return run_import(job)
