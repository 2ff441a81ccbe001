"""Background work: large imports and large downloads run on the task worker
(`manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task

from hoptac.core import worker

from .imports.run import discard_abandoned_imports as discard
from .imports.run import import_interrupted, run_import
from .models import ImportJob, LayerVersion


@task()
def import_layer(job_id: int) -> str:
    """Import an uploaded file as a new layer version; the job row shows progress."""
    job = ImportJob.objects.get(pk=job_id)
    return run_import(job).status


@task()
def export_layer_version(version_id: int, fmt: str, srid: int, base: str) -> str:
    """Write a large download (a version in a format and coordinate system) into storage."""
    from .downloads import export_in_worker

    version = LayerVersion.objects.select_related("layer").get(pk=version_id)
    return export_in_worker(version.layer, version, fmt, srid, base)


@task()
def discard_abandoned_imports() -> int:
    """Fail imports left waiting for a coordinate system for a day, and delete their files."""
    return discard()


@worker.on_lost(import_layer)
def _import_lost(args: list, kwargs: dict, will_retry: bool) -> None:
    import_interrupted(kwargs.get("job_id", args[0] if args else None), will_retry)
