"""Tiles rendered at import (tiles.prerender): the same bytes as on request, per version, and
behind the same permission check."""

from __future__ import annotations

import mapbox_vector_tile
import pytest

from hoptac.geodata.backends import store
from hoptac.geodata.models import PrerenderedTile
from hoptac.geodata.tiles import prerender_plan

from .conftest import fc, feature, geojson_upload, square

pytestmark = pytest.mark.django_db

URL = "/tiles/{slug}/10/812/450.mvt"  # holds the squares near 105.8 E, 21.0 N


@pytest.fixture(autouse=True)
def _small_layers_are_dense(settings):
    settings.GEODATA_PRERENDER_MIN_FEATURES = 1  # so that a test layer of a few squares is
    settings.GEODATA_PRERENDER_MIN_ZOOM = 10


def squares(n: int, **props) -> dict:
    return fc(*(feature(square(105.8 + i * 0.002, 21.0), n=i, **props) for i in range(n)))


@pytest.fixture
def no_rendering(monkeypatch):
    """Rendering on request fails the test: the tile must come from the table."""
    store_cls = type(store())

    def refuse(self, *args, **kwargs):
        raise AssertionError("rendered on request")

    def apply():
        monkeypatch.setattr(store_cls, "tile", refuse)

    return apply


def test_import_keeps_the_dense_tiles_byte_identical_to_those_rendered_on_request(
    client, load, make_layer
):
    layer = make_layer()
    job = load(geojson_upload(squares(5, use="dat_o")), layer=layer)
    assert job.status == "done", job.message
    assert "tiles" in job.report["seconds"]
    kept = PrerenderedTile.objects.filter(version=job.version)
    assert kept.filter(z=10, x=812, y=450).exists()
    for tile in kept:
        data, count = store().tile(job.version_id, tile.z, tile.x, tile.y, layer.slug, 5000)
        assert bytes(tile.data) == data and tile.feature_count == count > 0


def test_a_first_visit_reads_the_tile_kept_at_import(client, load, make_layer, no_rendering):
    layer = make_layer()
    job = load(geojson_upload(squares(5)), layer=layer)
    kept = PrerenderedTile.objects.get(version=job.version, z=10, x=812, y=450)
    no_rendering()
    r = client.get(URL.format(slug=layer.slug))
    assert r.status_code == 200 and r.content == bytes(kept.data)
    assert r["X-Feature-Count"] == "5"


def test_a_new_version_does_not_serve_the_old_versions_tiles(client, load, make_layer):
    layer = make_layer()
    load(geojson_upload(squares(3, era="cu")), layer=layer)
    url = URL.format(slug=layer.slug)
    old = client.get(url)
    load(geojson_upload(squares(4, era="moi")), layer=layer)
    new = client.get(url)
    assert new.content != old.content and new["ETag"] != old["ETag"]
    features = mapbox_vector_tile.decode(new.content)[layer.slug]["features"]
    assert len(features) == 4 and {f["properties"]["era"] for f in features} == {"moi"}


def test_a_tile_kept_with_another_cap_or_layer_name_is_rendered_again(
    client, load, make_layer, settings
):
    layer = make_layer()
    load(geojson_upload(squares(5)), layer=layer)
    settings.GEODATA_TILE_MAX_FEATURES = 2
    r = client.get(URL.format(slug=layer.slug))
    assert r["X-Feature-Count"] == "2" and r["X-Features-Capped"] == "2"
    type(layer).objects.filter(pk=layer.pk).update(slug="ten-moi")
    settings.GEODATA_TILE_MAX_FEATURES = 5000
    r = client.get(URL.format(slug="ten-moi"))
    assert set(mapbox_vector_tile.decode(r.content)) == {"ten-moi"}


@pytest.mark.parametrize("visibility", ["owner", "partners"])
def test_kept_tiles_of_a_layer_that_is_not_public_still_need_access(
    client, load, make_layer, member, visibility, no_rendering
):
    layer = make_layer(visibility=visibility)
    job = load(geojson_upload(squares(5)), layer=layer)
    assert PrerenderedTile.objects.filter(version=job.version).exists()
    no_rendering()
    url = URL.format(slug=layer.slug)
    assert client.get(url).status_code == 401
    client.force_login(member("officer", "unrelated"))
    assert client.get(url).status_code == 403
    client.force_login(member("officer", "own"))
    r = client.get(url)
    assert r.status_code == 200 and r["Cache-Control"].startswith("private")


def test_the_plan_stops_where_tiles_are_sparse_or_too_many(settings):
    bbox = [105.80, 21.00, 105.85, 21.05]  # about 5 km
    settings.GEODATA_PRERENDER_MIN_FEATURES = 1000
    zooms = {z for z, _x, _y in prerender_plan(bbox, 50_000)}
    assert min(zooms) == 10 and 16 not in zooms and 14 in zooms
    assert not list(prerender_plan(bbox, 500))  # a small layer renders fast on request
    settings.GEODATA_PRERENDER_MIN_FEATURES = 1
    settings.GEODATA_PRERENDER_MAX_TILES = 20
    assert 0 < len(list(prerender_plan(bbox, 50_000))) <= 20


def test_a_version_made_current_again_gets_its_tiles_rendered_on_the_worker(
    load, make_layer, django_capture_on_commit_callbacks
):
    from hoptac.geodata.actions import activate_version
    from hoptac.geodata.tasks import prerender_tiles

    layer = make_layer()
    first = load(geojson_upload(squares(3)), layer=layer).version
    load(geojson_upload(squares(4)), layer=layer)
    PrerenderedTile.objects.filter(version=first).delete()  # as if imported before they were kept
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        activate_version(layer, first)
    assert len(callbacks) == 1
    assert prerender_tiles.call(first.pk) > 0
    assert PrerenderedTile.objects.filter(version=first, z=10, x=812, y=450).exists()
