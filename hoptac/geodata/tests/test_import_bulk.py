"""The bulk import path on PostGIS: a large version is a partition of its own (decision 0007)."""

from __future__ import annotations

import json
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from hoptac.geodata.models import Feature, LayerVersion

from .conftest import fc, feature, geojson_upload, square

pytestmark = pytest.mark.django_db


@pytest.fixture
def bulk(settings):
    if connection.vendor != "postgresql":
        pytest.skip("the ogr2ogr bulk path and the partitions are for PostGIS")
    settings.GEODATA_BULK_THRESHOLD = 1


def gpkg(tmp_path, data: dict, name: str = "a.gpkg") -> SimpleUploadedFile:
    src = tmp_path / "src.geojson"
    src.write_text(json.dumps(data))
    out = tmp_path / name
    out.unlink(missing_ok=True)
    subprocess.run(["ogr2ogr", "-f", "GPKG", str(out), str(src)], check=True, capture_output=True)  # noqa: S603,S607
    return SimpleUploadedFile(name, out.read_bytes())


def partitions() -> dict[str, str]:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
            "JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = 'geodata_feature'::regclass"
        )
        return dict(cur.fetchall())


def table_exists(name: str) -> bool:
    return name in connection.introspection.table_names()


BOX = (105, 20, 106, 22)
DEGENERATE = {
    "type": "Polygon",
    "coordinates": [[[108, 16], [108.01, 16], [108.02, 16], [108, 16]]],
}


def squares(n: int, x0: float = 105.8) -> dict:
    return fc(*[feature(square(x0 + i * 0.01, 21.0), n=i + 1, ten=f"Ô {i + 1}") for i in range(n)])


def test_a_bulk_version_is_its_own_partition_with_its_indexes(bulk, load, tmp_path):
    job = load(gpkg(tmp_path, squares(5)))
    assert job.status == "done", job.message
    assert job.report["path"] == "ogr2ogr"
    assert set(job.report["seconds"]) >= {"load", "write", "checks", "index", "commit"}
    part = f"geodata_feature_v{job.version.pk}"
    assert partitions()[part] == f"FOR VALUES IN ('{job.version.pk}')"
    assert partitions()["geodata_feature_default"] == "DEFAULT"
    with connection.cursor() as cur:
        cur.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s", [part])
        defs = " ".join(r[0] for r in cur.fetchall())
    assert "gist (geom)" in defs and "(id, version_id)" in defs and "(version_id, id)" in defs
    # in file order, with their attributes
    rows = Feature.objects.filter(version=job.version).order_by("id")
    assert [f.properties for f in rows] == [{"n": i, "ten": f"Ô {i}"} for i in range(1, 6)]
    assert job.version.feature_count == 5
    assert job.version.fields == {"n": "int", "ten": "str"}
    assert abs(job.version.bbox[0] - 105.8) < 1e-9


def test_queries_of_a_version_read_its_partition_only(bulk, load, tmp_path):
    job = load(gpkg(tmp_path, squares(3)))
    part = f"geodata_feature_v{job.version.pk}"
    from django.contrib.gis.geos import Polygon

    for qs in (
        Feature.objects.filter(version=job.version).order_by("id")[:10],
        Feature.objects.filter(
            version=job.version, geom__intersects=Polygon.from_bbox((105, 20, 106, 22))
        ),
        Feature.objects.filter(version=job.version, pk__gt=0).order_by("pk")[:2],
    ):
        plan = qs.explain()
        assert part in plan, plan
        assert "geodata_feature_default" not in plan, plan
    small = load(geojson_upload(squares(2)))  # GeoJSON: the Python path, the default partition
    plan = Feature.objects.filter(version=small.version).explain()
    assert "geodata_feature_default" in plan and part not in plan


def test_appending_in_bulk_copies_the_previous_version_first(bulk, load, tmp_path):
    first = load(geojson_upload(squares(3)))  # the Python path: in the default partition
    assert first.status == "done", first.message
    second = load(gpkg(tmp_path, squares(2, x0=106.5)), layer=first.layer, mode="append")
    assert second.status == "done", second.message
    v1, v2 = first.version, second.version
    assert v2.mode == LayerVersion.Mode.APPEND
    assert v2.feature_count == 5
    names = list(
        Feature.objects.filter(version=v2).order_by("id").values_list("properties__n", flat=True)
    )
    assert names == [1, 2, 3, 1, 2]
    assert Feature.objects.filter(version=v1).count() == 3
    assert v2.bbox[0] < 105.81 and v2.bbox[2] > 106.5
    third = load(gpkg(tmp_path, squares(1, x0=107)), layer=first.layer, mode="append")
    assert third.version.feature_count == 6  # appended to a bulk version, in bulk


@pytest.mark.parametrize(
    "geometry,words",
    [
        # Named by their number in the file (the fourth feature), as the Python path does.
        ({"type": "Point", "coordinates": [500, 500]}, ["Feature 4:", "(500.0, 500.0)"]),
        (
            DEGENERATE,
            ["Feature 4:", "cannot be repaired"],
        ),
    ],
)
def test_a_failed_bulk_import_leaves_no_table_and_no_version(bulk, load, tmp_path, geometry, words):
    before = set(partitions())
    data = fc(*squares(3)["features"], feature(geometry, n=4))
    job = load(gpkg(tmp_path, data))
    assert job.status == "failed"
    for w in words:
        assert w in job.message, job.message
    assert job.layer.versions.count() == 0
    assert Feature.objects.count() == 0
    assert set(partitions()) == before
    assert not table_exists(f"geodata_stage_{job.pk}")


def test_the_database_password_never_appears_on_ogr2ogr_command_line(monkeypatch):
    """Anyone on the machine reads a command line (`ps`): the password goes through libpq's
    environment."""
    from hoptac.geodata.imports import bulk as bulkmod

    monkeypatch.setitem(connection.settings_dict, "PASSWORD", "s3cret-pw")
    assert "s3cret-pw" not in bulkmod._dsn()
    assert bulkmod._environment()["PGPASSWORD"] == "s3cret-pw"
    monkeypatch.setitem(connection.settings_dict, "PASSWORD", "")
    monkeypatch.setenv("PGPASSWORD", "left-over")
    assert "PGPASSWORD" not in bulkmod._environment()


def test_a_bulk_import_runs_ogr2ogr_with_the_password_in_its_environment(
    bulk, load, tmp_path, monkeypatch
):
    from hoptac.geodata.imports import bulk as bulkmod

    password = connection.settings_dict.get("PASSWORD") or ""
    started = []
    real = subprocess.Popen

    def popen(cmd, *args, **kwargs):
        started.append((cmd, kwargs.get("env")))
        return real(cmd, *args, **kwargs)

    upload = gpkg(tmp_path, squares(3))
    monkeypatch.setattr(bulkmod.subprocess, "Popen", popen)
    job = load(upload)
    assert job.status == "done", job.message
    ((cmd, env),) = started
    assert cmd[0].endswith("ogr2ogr")
    assert not any("password" in str(arg).lower() for arg in cmd)
    if password:  # (the test database's password may be its user's name: not searched for)
        assert env["PGPASSWORD"] == password
