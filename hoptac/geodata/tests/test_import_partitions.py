"""On PostgreSQL a large version written by the Python import path is a partition of its own,
and a deleted version takes its partition with it (decision 0007)."""

from __future__ import annotations

import mapbox_vector_tile
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from hoptac.geodata.backends import postgis
from hoptac.geodata.models import Feature, Layer

from .conftest import DATA, geojson_upload
from .test_import_bulk import gpkg, partitions, squares, table_exists
from .test_tiles import X, Y, Z

pytestmark = pytest.mark.django_db


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("partitions are for PostgreSQL")


def homes(version_id: int) -> set[str]:
    """The tables that hold the version's rows."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT DISTINCT tableoid::regclass::text FROM geodata_feature WHERE version_id = %s",
            [version_id],
        )
        return {r[0] for r in cur.fetchall()}


def parcels_upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("parcels.zip", (DATA / "parcels_5899.zip").read_bytes())


def test_a_large_version_of_the_python_path_is_its_own_partition(postgres, load, settings):
    settings.GEODATA_PARTITION_THRESHOLD = 3
    small = load(geojson_upload(squares(2)))
    assert small.status == "done", small.message
    assert homes(small.version.pk) == {"geodata_feature_default"}
    job = load(geojson_upload(squares(3)))
    assert job.status == "done", job.message
    assert "path" not in job.report  # the Python path
    part = postgis.partition_name(job.version.pk)
    assert partitions()[part] == f"FOR VALUES IN ('{job.version.pk}')"
    assert homes(job.version.pk) == {part}
    with connection.cursor() as cur:
        cur.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s", [part])
        defs = " ".join(r[0] for r in cur.fetchall())
    assert "gist (geom)" in defs and "(version_id, id)" in defs
    names = Feature.objects.filter(version=job.version).order_by("id")
    assert [f.properties["n"] for f in names] == [1, 2, 3]
    # appending copies the previous version into the new version's own partition
    more = load(geojson_upload(squares(1, x0=107)), layer=job.layer, mode="append")
    assert more.status == "done", more.message
    assert homes(more.version.pk) == {postgis.partition_name(more.version.pk)}
    assert more.version.feature_count == 4
    assert Feature.objects.filter(version=job.version).count() == 3


def test_deleting_a_version_or_a_layer_drops_its_partitions(postgres, load, settings, tmp_path):
    settings.GEODATA_PARTITION_THRESHOLD = 1
    settings.GEODATA_BULK_THRESHOLD = 3
    first = load(geojson_upload(squares(2)))  # the Python path
    second = load(gpkg(tmp_path, squares(4)), layer=first.layer)  # the bulk path
    assert second.report["path"] == "ogr2ogr"
    other = load(geojson_upload(squares(2)))
    v1, v2, kept = first.version.pk, second.version.pk, other.version.pk
    for v in (v1, v2, kept):
        assert postgis.partition_name(v) in partitions()
    first.version.delete()
    assert postgis.partition_name(v1) not in partitions()
    assert not table_exists(postgis.partition_name(v1))
    assert Feature.objects.filter(version=v2).count() == 4
    Layer.objects.get(pk=first.layer_id).delete()
    assert postgis.partition_name(v2) not in partitions()
    assert not Feature.objects.filter(version_id__in=[v1, v2]).exists()
    assert postgis.partition_name(kept) in partitions()
    assert Feature.objects.filter(version=kept).count() == 2
    assert "geodata_feature_default" in partitions()


def test_a_partition_left_behind_goes_with_the_next_deletion(postgres, load, settings):
    settings.GEODATA_PARTITION_THRESHOLD = 1
    with connection.cursor() as cur:
        cur.execute(
            "CREATE TABLE geodata_feature_v987654 PARTITION OF geodata_feature "
            "FOR VALUES IN (987654)"
        )
    job = load(geojson_upload(squares(1)))
    job.version.delete()
    assert "geodata_feature_v987654" not in partitions()


def test_a_busy_table_keeps_the_partition_and_the_deletion_goes_on(
    postgres, load, settings, monkeypatch
):
    settings.GEODATA_PARTITION_THRESHOLD = 1
    monkeypatch.setattr(postgis, "DROP_LOCK_TIMEOUT", "100ms")
    job = load(geojson_upload(squares(2)))
    version, pk = job.version, job.version.pk
    reader = connection.copy()
    try:
        with reader.cursor() as cur:  # a long read of the feature table, in another session
            cur.execute("SET lock_timeout = '5s'")
            reader.set_autocommit(False)
            cur.execute("LOCK TABLE ONLY geodata_feature IN ACCESS SHARE MODE")
            version.delete()
            reader.rollback()
    finally:
        reader.close()
    assert not Feature.objects.filter(version_id=pk).exists()
    assert postgis.partition_name(pk) in partitions()  # empty, dropped another time


def test_reads_are_the_same_from_the_default_partition_and_an_own_one(
    postgres, load, settings, client
):
    settings.GEODATA_PARTITION_THRESHOLD = 10**9
    shared = load(parcels_upload())
    settings.GEODATA_PARTITION_THRESHOLD = 1
    own = load(parcels_upload())
    assert homes(shared.version.pk) == {"geodata_feature_default"}
    assert homes(own.version.pk) == {postgis.partition_name(own.version.pk)}

    def items(layer) -> list:
        r = client.get(
            f"/ogc/collections/{layer.slug}/items",
            {"limit": 100, "bbox": "107.5,15.5,108.5,16.5"},
            HTTP_ACCEPT="application/geo+json",
        )
        assert r.status_code == 200
        return [(f["properties"], f["geometry"]) for f in r.json()["features"]]

    def tile(layer) -> list:
        r = client.get(f"/tiles/{layer.slug}/{Z}/{X}/{Y}.mvt")
        assert r.status_code == 200
        feats = mapbox_vector_tile.decode(r.content)[layer.slug]["features"]
        return sorted((sorted(f["properties"].items()), str(f["geometry"])) for f in feats)

    assert len(items(own.layer)) == 36
    assert items(own.layer) == items(shared.layer)
    assert len(tile(own.layer)) == 36
    assert tile(own.layer) == tile(shared.layer)
