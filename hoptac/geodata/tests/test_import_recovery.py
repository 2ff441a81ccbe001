"""An import whose task worker died (kill -9) ends exactly once, or fails and can be run again;
nothing of the interrupted attempt is left behind."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from hoptac.core import worker
from hoptac.core.models import WorkerLease
from hoptac.geodata.imports.run import run_import, workdir_prefix
from hoptac.geodata.imports.start import start_import
from hoptac.geodata.models import ImportJob, LayerVersion

from .conftest import fc, feature, geojson_upload, square

pytestmark = pytest.mark.django_db(transaction=True)


def dead_worker(name: str) -> str:
    proc = subprocess.Popen(["true"])  # noqa: S607
    proc.wait()
    now = timezone.now()
    WorkerLease.objects.create(
        worker_id=name, host=__import__("socket").gethostname(), pid=proc.pid,
        started_at=now, seen_at=now,
    )  # fmt: skip
    return name


def interrupted(layer, *worker_ids: str) -> ImportJob:
    """An import queued on the worker, then claimed by workers that died in turn, the last one
    at 30 % with its staging table and temporary folder still there."""
    upload = geojson_upload(fc(*[feature(square(105.8 + i * 0.01, 21.0), n=i) for i in range(7)]))
    job = start_import(layer, upload, None, background=True)
    DBTaskResult.objects.filter(task_path__endswith="import_layer").update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now(), worker_ids=list(worker_ids)
    )
    ImportJob.objects.filter(pk=job.pk).update(status="running", progress=30, stage="loading")
    Path(tempfile.mkdtemp(prefix=workdir_prefix(job))).joinpath("spool").write_text("x")
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(f"CREATE UNLOGGED TABLE geodata_stage_{job.pk} (stage_fid int)")
    job.refresh_from_db()
    return job


def leftovers(job: ImportJob) -> list[str]:
    found = [str(p) for p in Path(tempfile.gettempdir()).glob(f"{workdir_prefix(job)}*")]
    if connection.vendor == "postgresql":
        found += [
            t for t in connection.introspection.table_names() if t == f"geodata_stage_{job.pk}"
        ]
    return found


def test_a_new_worker_runs_the_interrupted_import_again_and_it_ends_once(make_layer):
    job = interrupted(make_layer(), dead_worker("w1"))
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    job.refresh_from_db()
    assert job.status == "done", job.message
    assert job.report["count"] == 7
    assert LayerVersion.objects.filter(layer=job.layer).count() == 1
    assert job.version.features.count() == 7
    assert leftovers(job) == []


def test_an_import_lost_twice_fails_with_a_message_and_nothing_left(make_layer):
    job = interrupted(make_layer(), "w0", dead_worker("w1"))
    assert worker.recover_lost()
    job.refresh_from_db()
    assert job.status == "failed"
    assert "interrupted twice" in job.message
    assert not LayerVersion.objects.filter(layer=job.layer).exists()
    assert leftovers(job) == []


def test_the_owner_runs_a_failed_import_again(client, member, make_layer):
    job = interrupted(make_layer(), "w0", dead_worker("w1"))
    worker.recover_lost()
    client.force_login(member("officer", "own"))
    page = client.get(reverse("geodata:import_status", args=[job.pk])).content.decode()
    assert reverse("geodata:import_rerun", args=[job.pk]) in page
    r = client.post(reverse("geodata:import_rerun", args=[job.pk]))
    assert r.status_code == 302
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    job.refresh_from_db()
    assert job.status == "done", job.message
    assert LayerVersion.objects.filter(layer=job.layer).count() == 1


def test_a_partner_city_cannot_run_our_import_again(client, member, make_layer):
    job = interrupted(make_layer(), "w0", dead_worker("w1"))
    worker.recover_lost()
    client.force_login(member("coordinator", "partner"))
    assert client.post(reverse("geodata:import_rerun", args=[job.pk])).status_code == 403
    job.refresh_from_db()
    assert job.status == "failed"


def test_a_worker_killed_after_the_version_committed_does_not_write_it_twice(load):
    job = load(geojson_upload(fc(feature(square(105.8, 21.0)), feature(square(105.9, 21.0)))))
    assert job.status == "done"
    # the worker died between the version's commit and the job's own update
    ImportJob.objects.filter(pk=job.pk).update(status="running", progress=98, version=None)
    job.refresh_from_db()
    run_import(job)
    job.refresh_from_db()
    assert job.status == "done" and job.version is not None
    assert job.report["count"] == 2
    assert LayerVersion.objects.filter(layer=job.layer).count() == 1
