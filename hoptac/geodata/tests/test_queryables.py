"""Queryables a layer's owner declares get an index per version, built by the import, rebuilt
when the declaration changes and dropped with the version; a CQL2 filter on them reads it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from hoptac.geodata import actions
from hoptac.geodata.backends.base import queryable_index_name
from hoptac.geodata.imports.indexes import reindex_layer
from hoptac.geodata.models import LayerVersion
from hoptac.geodata.ogc.queries import features_query, keyset_page

from .conftest import fc, feature, geojson_upload

pytestmark = pytest.mark.django_db
N = 3000


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("the expression indexes are PostGIS's")


def parcels(n: int = N) -> dict:
    """`use` is "cay_xanh" for one feature in 500; `so_thua` counts from 1."""
    return fc(
        *[
            feature(
                {"type": "Point", "coordinates": [105.8 + i * 1e-4, 21.0]},
                use="cay_xanh" if i % 500 == 0 else f"u{i % 5}",
                so_thua=i + 1,
            )
            for i in range(n)
        ]
    )


def indexes(version_id: int) -> dict[str, str]:
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SELECT indexname, indexdef FROM pg_indexes")
        else:
            cur.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'")
        prefix = f"geodata_fq_{version_id}_"
        return {name: d for name, d in cur.fetchall() if name.startswith(prefix)}


def plan(layer, text: str) -> str:
    """The plan of the first page of the items request with `filter=text`, as the OGC API
    builds it."""
    layer.refresh_from_db()
    request = RequestFactory().get(f"/ogc/collections/{layer.slug}/items", {"filter": text})
    qs, *_rest = features_query(request, layer)
    qs, *_rest = keyset_page(qs, [], None)
    return qs.values_list("id")[:100].explain()


@pytest.mark.parametrize("own_partition", [False, True], ids=["default-partition", "own"])
def test_a_cql2_equality_or_range_on_a_queryable_reads_its_index(
    make_layer, load, settings, own_partition
):
    if own_partition and connection.vendor != "postgresql":
        pytest.skip("partitions are PostgreSQL's")
    settings.GEODATA_PARTITION_THRESHOLD = 1 if own_partition else 10**9
    layer = make_layer(queryables={"use": "text", "so_thua": "number"})
    job = load(geojson_upload(parcels()), layer=layer)
    assert job.status == "done", job.message
    v = job.version.pk
    use, so_thua = (
        queryable_index_name(v, "use", "text"),
        queryable_index_name(v, "so_thua", "number"),
    )
    assert set(indexes(v)) == {use, so_thua}
    assert (
        "WHERE (version_id = " in indexes(v)[use].replace("WHERE version_id", "WHERE (version_id")
    ) is not own_partition
    equality = plan(layer, "use = 'cay_xanh'")
    assert use in equality, equality
    for text in ("so_thua >= 100 AND so_thua < 120", "so_thua BETWEEN 2000 AND 2010"):
        assert so_thua in plan(layer, text), plan(layer, text)
    # and the rows are those of the filter
    request = RequestFactory().get("/", {"filter": "use = 'cay_xanh' AND so_thua > 1000"})
    qs, *_rest = features_query(request, layer)
    assert sorted(f.properties["so_thua"] for f in qs) == [1001, 1501, 2001, 2501]


def test_a_number_queryable_compared_with_a_number_matches_numbers_only(postgres, make_layer, load):
    # (SQLite compares its JSON values by SQLite's type order, indexed or not.)
    layer = make_layer(queryables={"so_thua": "number"})
    data = parcels(4)
    data["features"][1]["properties"]["so_thua"] = "abc"  # a string among numbers
    data["features"][2]["properties"]["so_thua"] = True
    job = load(geojson_upload(data), layer=layer)
    assert job.status == "done", job.message
    layer.refresh_from_db()
    for text, expected in (
        ("so_thua >= 1", [1, 4]),
        ("so_thua BETWEEN 2 AND 9", [4]),
        ("so_thua IN (1, 2)", [1]),
        ("so_thua <> 4", [1]),
        ("so_thua = 'abc'", ["abc"]),  # a text literal compares the JSON value
    ):
        request = RequestFactory().get("/", {"filter": text})
        qs, *_rest = features_query(request, layer)
        assert [f.properties["so_thua"] for f in qs.order_by("id")] == expected, text


def test_an_undeclared_attribute_has_no_index_and_the_filter_still_works(make_layer, load):
    layer = make_layer(queryables={"use": "text"})
    job = load(geojson_upload(parcels(50)), layer=layer)
    assert set(indexes(job.version.pk)) == {queryable_index_name(job.version.pk, "use", "text")}
    layer.refresh_from_db()
    request = RequestFactory().get("/", {"filter": "so_thua < 3"})
    qs, *_rest = features_query(request, layer)
    assert qs.count() == 2


def test_a_changed_declaration_rebuilds_the_current_versions_indexes(make_layer, load):
    layer = make_layer(queryables={"use": "text"})
    job = load(geojson_upload(parcels(50)), layer=layer)
    v = job.version.pk
    layer.refresh_from_db()
    layer.queryables = {"so_thua": "number"}
    layer.save()
    assert reindex_layer(layer) == ["so_thua"]
    assert set(indexes(v)) == {queryable_index_name(v, "so_thua", "number")}
    assert reindex_layer(layer) == []  # nothing to build twice


def test_an_earlier_version_made_current_again_gets_the_declared_indexes(make_layer, load):
    layer = make_layer()
    first = load(geojson_upload(parcels(50)), layer=layer).version
    load(geojson_upload(parcels(60)), layer=layer)
    layer.refresh_from_db()
    layer.queryables = {"use": "text"}
    layer.save()
    actions.activate_version(layer, first)
    assert set(indexes(first.pk)) == {queryable_index_name(first.pk, "use", "text")}


def test_deleting_a_version_drops_its_indexes(make_layer, load, settings):
    settings.GEODATA_PARTITION_THRESHOLD = 10**9  # partial indexes on the default partition
    layer = make_layer(queryables={"use": "text", "so_thua": "number"})
    first = load(geojson_upload(parcels(50)), layer=layer).version
    second = load(geojson_upload(parcels(50)), layer=layer).version
    assert len(indexes(first.pk)) == 2
    LayerVersion.objects.filter(pk=first.pk).delete()
    assert indexes(first.pk) == {}
    assert len(indexes(second.pk)) == 2


def test_the_bulk_import_indexes_the_queryables_on_its_partition(
    postgres, make_layer, load, settings, tmp_path
):
    from .test_import_bulk import gpkg

    settings.GEODATA_BULK_THRESHOLD = 1
    layer = make_layer(queryables={"use": "text"})
    job = load(gpkg(tmp_path, parcels(200)), layer=layer)
    assert job.status == "done", job.message
    assert job.report["path"] == "ogr2ogr"
    (definition,) = indexes(job.version.pk).values()
    assert f"geodata_feature_v{job.version.pk}" in definition
    assert "WHERE" not in definition


# --- the declaration, in the layer form --------------------------------------------------------
def post_edit(client, layer, text: str):
    data = {
        "name_vi": layer.name_vi,
        "organisation": layer.organisation_id,
        "theme": layer.theme,
        "visibility": layer.visibility,
        "queryables_text": text,
    }
    return client.post(reverse("geodata:layer_edit", args=[layer.slug]), data)


def test_the_owner_declares_queryables_and_the_current_version_is_indexed(
    client, member, load, delivered
):
    job = load(geojson_upload(parcels(5)))
    client.force_login(member("officer", "own"))
    with delivered():
        r = post_edit(client, job.layer, "use\nso_thua: text\n\n")
    assert r.status_code == 302, r.content.decode()[:2000]
    job.layer.refresh_from_db()
    assert job.layer.queryables == {"use": "text", "so_thua": "text"}
    v = job.version.pk
    assert set(indexes(v)) == {
        queryable_index_name(v, "use", "text"),
        queryable_index_name(v, "so_thua", "text"),
    }
    page = client.get(reverse("geodata:layer_edit", args=[job.layer.slug])).content.decode()
    assert "so_thua: text" in page


def test_a_number_attribute_is_a_number_queryable_unless_said_otherwise(client, member, load):
    job = load(geojson_upload(parcels(5)))
    client.force_login(member("officer", "own"))
    assert post_edit(client, job.layer, "so_thua").status_code == 302
    job.layer.refresh_from_db()
    assert job.layer.queryables == {"so_thua": "number"}


@pytest.mark.parametrize("text", ["nothing_such", "use: date", ": number"])
def test_an_unknown_attribute_or_type_is_refused(client, member, load, text):
    job = load(geojson_upload(parcels(5)))
    client.force_login(member("officer", "own"))
    r = post_edit(client, job.layer, text)
    assert r.status_code == 200
    assert "queryables_text" in r.context["form"].errors
    job.layer.refresh_from_db()
    assert job.layer.queryables == {}
