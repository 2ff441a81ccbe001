"""Background work: large imports run on the task worker (`manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task

from hoptac.core import worker


@task()
def import_layer(job_id: int) -> str:
    """Import an uploaded file as a new layer version; the job row shows progress."""
    from .actions import run_import
    from .models import ImportJob

    job = ImportJob.objects.get(pk=job_id)
    return run_import(job).status


@task()
def discard_abandoned_imports() -> int:
    """Fail imports left waiting for a coordinate system for a day, and delete their files."""
    from .actions import discard_abandoned_imports as discard

    return discard()


@worker.on_lost(import_layer)
def _import_lost(args: list, kwargs: dict, will_retry: bool) -> None:
    from .actions import import_interrupted

    import_interrupted(kwargs.get("job_id", args[0] if args else None), will_retry)
