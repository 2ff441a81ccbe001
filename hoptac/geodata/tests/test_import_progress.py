"""The progress of an import as the polling page sees it: ogr2ogr's own progress while it loads,
then each step of the bulk path's transaction, saved through a connection of its own so that
another connection reads it before the transaction commits."""

from __future__ import annotations

import sys

import pytest
from django.db import connection
from django.urls import reverse

from hoptac.geodata.backends import PostgisStore
from hoptac.geodata.imports import bulk, prepare
from hoptac.geodata.imports.progress import ProgressWriter
from hoptac.geodata.models import ImportJob, LayerVersion
from hoptac.geodata.readers import ImportProblem

from .test_import_bulk import gpkg, partitions, squares, table_exists


@pytest.mark.parametrize(
    "printed,percent",
    [
        ("", None),
        ("0", None),  # a number is read once something follows it
        ("0.", 2.5),
        ("0...10", 7.5),
        ("0...10...20.", 22.5),
        ("0...10...20...30...40...50...60...70...80...90...100 - done.\n", 100),
    ],
)
def test_ogr2ogr_progress_is_read_as_it_is_printed(printed, percent):
    assert bulk._ogr_percent(printed) == percent


def test_the_load_maps_ogr2ogr_progress_and_keeps_its_error(tmp_path):
    seen = []
    script = "import sys; [print(s, end='', flush=True) for s in ('0...', '10...', '20.')]; "
    script += "sys.stderr.write('ERROR 1: no such layer\\n'); sys.exit(1)"
    with pytest.raises(ImportProblem, match="no such layer"):
        bulk._load([sys.executable, "-c", script], lambda p, s=None: seen.append((p, s)))
    low, high = bulk.LOAD_RANGE
    assert seen and all(low <= p <= high for p, _s in seen)
    assert [p for p, _s in seen] == sorted(p for p, _s in seen)
    assert seen[-1] == (low + int((high - low) * 22.5 / 100), ImportJob.Stage.LOADING)


def test_a_load_past_its_time_is_stopped(monkeypatch):
    monkeypatch.setattr(bulk, "LOAD_TIMEOUT", 0)
    with pytest.raises(ImportProblem, match="took more than"):
        bulk._load([sys.executable, "-c", "import time; time.sleep(30)"], lambda *a: None)


def _read_from_elsewhere(job_id: int, layer_id: int) -> tuple[int, str, int]:
    """(progress, stage, versions of the layer) as another connection sees them."""
    other = connection.copy()
    try:
        with other.cursor() as cur:
            cur.execute("SELECT progress, stage FROM geodata_importjob WHERE id = %s", [job_id])
            progress, stage = cur.fetchone()
            cur.execute("SELECT count(*) FROM geodata_layerversion WHERE layer_id = %s", [layer_id])
            return progress, stage, cur.fetchone()[0]
    finally:
        other.close()


@pytest.mark.django_db(transaction=True)
def test_progress_is_seen_from_another_connection_while_the_transaction_is_open(
    settings, load, make_layer, tmp_path, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("the bulk path is for PostGIS")
    settings.GEODATA_BULK_THRESHOLD = 1
    layer = make_layer()
    seen, written = [], []
    steps = {
        "_check": (bulk, bulk._check),
        "attach_partition": (PostgisStore, PostgisStore.attach_partition),
    }

    def watching(name):
        def step(*args, **kwargs):
            job = ImportJob.objects.filter(layer=layer).latest("pk")
            seen.append((name, *_read_from_elsewhere(job.pk, layer.pk)))
            return steps[name][1](*args, **kwargs)

        return step

    for name, (owner, _real) in steps.items():
        monkeypatch.setattr(owner, name, watching(name))
    real_update = bulk._fill

    def fill(cur, insert, stage, version_id, progress):
        def recording(percent, stage=None):
            written.append(percent)
            progress(percent, stage)

        return real_update(cur, insert, stage, version_id, recording)

    monkeypatch.setattr(bulk, "_fill", fill)
    job = load(gpkg(tmp_path, squares(40)), layer=layer)
    assert job.status == "done", job.message
    assert job.progress == 100
    assert [name for name, *_ in seen] == ["_check", "attach_partition"]
    for _name, progress, stage, versions in seen:
        assert 50 < progress < 100, seen
        assert stage in {ImportJob.Stage.CHECKING, ImportJob.Stage.INDEXING}
        assert versions == 0  # the version is not committed yet: the transaction is open
    assert seen[0][1] < seen[1][1]
    assert written == sorted(written) and written[-1] == bulk.WRITE_RANGE[1]
    assert LayerVersion.objects.filter(layer=layer).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_failed_bulk_import_after_progress_leaves_nothing(
    settings, load, make_layer, tmp_path, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("the bulk path is for PostGIS")
    settings.GEODATA_BULK_THRESHOLD = 1
    layer = make_layer()

    def broken(self, cur, version_id, done=None):
        done("geom")
        raise ImportProblem("stopped on purpose")

    monkeypatch.setattr(PostgisStore, "attach_partition", broken)
    before = set(partitions())
    job = load(gpkg(tmp_path, squares(3)), layer=layer)
    assert job.status == "failed" and job.message == "stopped on purpose"
    assert job.progress == 0
    assert LayerVersion.objects.filter(layer=layer).count() == 0
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM geodata_feature")
        assert cur.fetchone()[0] == 0
    assert set(partitions()) == before
    assert not table_exists(f"geodata_stage_{job.pk}")


@pytest.mark.django_db
def test_inside_a_transaction_progress_is_saved_the_usual_way(load, make_layer, tmp_path):
    """The job row is not committed: another connection could not update it (nor see it)."""
    job = ImportJob.objects.create(layer=make_layer(), original_name="x.gpkg")
    writer = ProgressWriter(job)
    assert writer.own is None
    writer(42, ImportJob.Stage.WRITING)
    writer.close()
    job.refresh_from_db()
    assert (job.progress, job.stage) == (42, ImportJob.Stage.WRITING)


def test_the_progress_page_names_the_stage(client, member, make_layer, db):
    layer = make_layer()
    job = ImportJob.objects.create(
        layer=layer,
        original_name="x.gpkg",
        status=ImportJob.Status.RUNNING,
        progress=64,
        stage=ImportJob.Stage.WRITING,
    )
    client.force_login(member("officer", "own"))
    r = client.get(reverse("geodata:import_status", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert r.status_code == 200
    text = r.content.decode()
    assert "64%" in text
    assert "đang ghi các đối tượng" in text or "writing the features" in text


@pytest.mark.django_db(transaction=True)
def test_the_python_path_write_shows_progress_while_its_transaction_is_open(
    make_layer, load, monkeypatch
):
    """A file below the bulk threshold (or on SpatiaLite) is written by the Python path: its
    progress moves from 85 to 99 as the rows are written, seen from another connection on
    PostgreSQL before the version is committed."""
    from .conftest import fc, feature, geojson_upload, square

    monkeypatch.setattr(prepare, "PROGRESS_EVERY", 3)
    layer = make_layer()
    seen = []
    real_call = ProgressWriter.__call__

    def watching(self, percent, stage=None):
        real_call(self, percent, stage)
        if connection.vendor == "postgresql" and percent > prepare.SPOOL_WRITE_RANGE[0]:
            seen.append(_read_from_elsewhere(self.job.pk, layer.pk))
        else:
            seen.append((percent, stage or self.job.stage, None))

    monkeypatch.setattr(ProgressWriter, "__call__", watching)
    upload = geojson_upload(fc(*[feature(square(105.8 + i * 0.01, 21.0), n=i) for i in range(12)]))
    job = load(upload, layer=layer)
    assert job.status == "done", job.message
    assert job.progress == 100
    written = [p for p, _stage, _v in seen if p > prepare.SPOOL_WRITE_RANGE[0]]
    assert written == sorted(written) and len(written) == 4, seen  # rows 3, 6, 9 and 12 of 12
    assert all(prepare.SPOOL_WRITE_RANGE[0] < p <= prepare.SPOOL_WRITE_RANGE[1] for p in written)
    if connection.vendor == "postgresql":
        assert all(v == 0 for p, _s, v in seen if p > prepare.SPOOL_WRITE_RANGE[0])  # not committed
