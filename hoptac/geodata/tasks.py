"""Background work: large imports and large downloads run on the task worker
(`manage.py db_worker`)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django_tasks import task

from hoptac.core import worker

from . import downloads
from .models import ImportJob, Layer, LayerVersion

# The import pipeline (GDAL readers, shapely, pyproj) is imported by the tasks that run it, in
# the worker: every process imports this module (apps.py), few of them import a layer.


@task()
def import_layer(job_id: int) -> str:
    """Import an uploaded file as a new layer version; the job row shows progress."""
    from .imports.run import run_import

    job = ImportJob.objects.get(pk=job_id)
    return run_import(job).status


@task()
def export_layer_version(version_id: int, fmt: str, srid: int, base: str) -> str:
    """Write a large download (a version in a format and coordinate system) into storage."""
    version = LayerVersion.objects.select_related("layer").get(pk=version_id)
    return downloads.export_in_worker(version.layer, version, fmt, srid, base)


@task()
def index_queryables(layer_id: int) -> list[str]:
    """Build the indexes of the queryables a layer now declares (a large version takes a while)."""
    from .imports.indexes import reindex_layer

    layer = Layer.objects.select_related("current_version").filter(pk=layer_id).first()
    return reindex_layer(layer) if layer is not None else []


@task()
def prerender_tiles(version_id: int) -> int:
    """Render and keep the dense tiles of a version made current again (tiles.prerender)."""
    from .tiles import prerender

    version = LayerVersion.objects.select_related("layer").filter(pk=version_id).first()
    return prerender(version, version.layer.slug) if version is not None else 0


@task()
def discard_abandoned_imports() -> int:
    """Fail imports left waiting for a coordinate system for a day, and delete their files."""
    from .imports.run import discard_abandoned_imports as discard

    return discard()


@task()
def tidy_exports() -> dict[str, int]:
    """Remove the large downloads' stale markers and orphaned files (export_housekeeping)."""
    from .export_housekeeping import tidy_exports as tidy

    return tidy()


@worker.on_lost(import_layer)
def _import_lost(args: list, kwargs: dict, will_retry: bool) -> None:
    from .imports.run import import_interrupted

    import_interrupted(kwargs.get("job_id", args[0] if args else None), will_retry)


def in_background(layer: Layer, version: LayerVersion, fmt: str, srid: int, base: str) -> str:
    """Ask the worker for the download unless it is ready or already asked for (a task left
    pending longer than EXPORT_TIMEOUT is asked for again). A failure is told once, then the
    next request tries again."""
    name = downloads.stored_name(layer, version, downloads.check(fmt, srid), srid)
    if default_storage.exists(name):
        return downloads.Background.READY
    if default_storage.exists(f"{name}.failed"):
        default_storage.delete(f"{name}.failed")
        return downloads.Background.FAILED
    pending = f"{name}.pending"
    if default_storage.exists(pending) and not downloads.stale(pending):
        return downloads.Background.QUEUED
    default_storage.delete(pending)
    default_storage.save(pending, ContentFile(b"queued"))
    export_layer_version.enqueue(version.pk, fmt, srid, base)
    return (
        downloads.Background.READY if default_storage.exists(name) else downloads.Background.QUEUED
    )
