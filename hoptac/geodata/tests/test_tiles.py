"""Vector tiles and TileJSON."""

from __future__ import annotations

import math

import mapbox_vector_tile
import pytest

from .conftest import fc, feature, geojson_upload, square

pytestmark = pytest.mark.django_db

# The z14 tile over the Da Nang High-Tech Park demo parcels
Z, X, Y = 14, 13109, 7449


def test_tile_holds_the_features_with_their_properties(client, parcels):
    r = client.get(f"/tiles/{parcels.slug}/{Z}/{X}/{Y}.mvt")
    assert r.status_code == 200
    assert r["Content-Type"] == "application/vnd.mapbox-vector-tile"
    assert r["Cache-Control"].startswith("public")
    layer = mapbox_vector_tile.decode(r.content)[parcels.slug]
    assert len(layer["features"]) == 36
    props = layer["features"][0]["properties"]
    assert {"so_thua", "use"} <= set(props)
    for f in layer["features"]:
        for ring in f["geometry"]["coordinates"]:
            for x, y in ring:
                assert -64 <= x <= 4096 + 64 and -64 <= y <= 4096 + 64


def test_empty_tile_and_bad_tiles(client, parcels):
    assert client.get(f"/tiles/{parcels.slug}/14/0/0.mvt").status_code == 204
    assert client.get(f"/tiles/{parcels.slug}/3/9/0.mvt").status_code == 404
    assert client.get("/tiles/khong-co/1/0/0.mvt").status_code == 404


def test_etag_gives_304(client, parcels):
    url = f"/tiles/{parcels.slug}/{Z}/{X}/{Y}.mvt"
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_features_per_tile_are_capped(client, parcels, settings):
    settings.GEODATA_TILE_MAX_FEATURES = 10
    r = client.get(f"/tiles/{parcels.slug}/{Z}/{X}/{Y}.mvt")
    assert len(mapbox_vector_tile.decode(r.content)[parcels.slug]["features"]) == 10
    assert r["X-Features-Capped"] == "10"


def test_private_layer_tiles_need_access(client, load, make_layer, member):
    layer = make_layer(visibility="owner")
    load(geojson_upload(fc(feature(square(105.8, 21.0, 0.01)))), layer=layer)
    url = f"/tiles/{layer.slug}/10/812/450.mvt"
    assert client.get(url).status_code == 401
    client.force_login(member("officer", "own"))
    r = client.get(url)
    assert r.status_code == 200 and r["Cache-Control"].startswith("private")


def test_tilejson(client, parcels):
    data = client.get(f"/tiles/{parcels.slug}.json").json()
    assert data["tilejson"] == "3.0.0"
    assert data["tiles"][0].endswith(f"/tiles/{parcels.slug}/{{z}}/{{x}}/{{y}}.mvt")
    assert data["vector_layers"][0]["id"] == parcels.slug


def test_a_rendered_tile_is_kept_for_its_version_and_a_new_version_gets_its_own(
    client, load, make_layer, monkeypatch
):
    from hoptac.geodata.backends import store

    calls = []
    store_cls = type(store())
    real = store_cls.tile

    def counting(self, *args, **kwargs):
        calls.append(args[:4])
        return real(self, *args, **kwargs)

    monkeypatch.setattr(store_cls, "tile", counting)
    layer = make_layer()
    load(geojson_upload(fc(feature(square(105.8, 21.0)))), layer=layer)
    url = f"/tiles/{layer.slug}/10/812/450.mvt"
    first = client.get(url)
    second = client.get(url)
    assert first.status_code == 200 and first.content == second.content
    assert len(calls) == 1
    load(
        geojson_upload(fc(feature(square(105.8, 21.0)), feature(square(105.81, 21.0)))), layer=layer
    )
    third = client.get(url)
    assert len(calls) == 2 and third["ETag"] != first["ETag"]
    assert third.status_code == 200


def test_a_cached_tile_still_checks_who_reads_it(client, load, make_layer):
    layer = make_layer()
    load(geojson_upload(fc(feature(square(105.8, 21.0)))), layer=layer)
    url = f"/tiles/{layer.slug}/10/812/450.mvt"
    assert client.get(url).status_code in (200, 204)
    type(layer).objects.filter(pk=layer.pk).update(visibility="owner")
    assert client.get(url).status_code == 401


def _zigzag_polygon(lon: float, lat: float, width: float, teeth: int, depth: float) -> dict:
    """A rectangle whose top edge zigzags `teeth` times by `depth` degrees."""
    top = [
        (lon + width * i / teeth, lat + width / 4 + (depth if i % 2 else 0))
        for i in range(teeth + 1)
    ]
    ring = [(lon, lat), (lon + width, lat), *reversed(top), (lon, lat)]
    return {
        "type": "Feature",
        "properties": {"name": "ranh giới"},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def _tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 2**z
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
    return int((lon + 180) / 360 * n), int(y)


def _vertices(content: bytes) -> int:
    (layer,) = mapbox_vector_tile.decode(content).values()
    return sum(len(ring) for f in layer["features"] for ring in f["geometry"]["coordinates"])


def test_low_zoom_tiles_generalise_what_a_tile_unit_cannot_show(client, load, make_layer):
    """A boundary of 2,000 teeth, each 0.6 of a z10 tile unit deep: snapping alone would keep
    a zigzag of whole units at z10; generalising first drops it. At z16 (a unit 64 times
    smaller) every tooth the grid can show stays."""
    layer = make_layer()
    unit_z10 = 360 / 2**10 / 4096  # degrees of longitude per tile unit at z10
    lon, lat, width = 105.80, 21.00, 0.02
    load(geojson_upload(fc(_zigzag_polygon(lon, lat, width, 2000, 0.6 * unit_z10))), layer=layer)
    top = lat + width / 4

    z10 = client.get("/tiles/{}/10/{}/{}.mvt".format(layer.slug, *_tile_of(lon + 0.01, top, 10)))
    z16 = client.get("/tiles/{}/16/{}/{}.mvt".format(layer.slug, *_tile_of(lon + 0.001, top, 16)))

    assert z10.status_code == 200 and z16.status_code == 200
    assert _vertices(z10.content) < 20
    assert _vertices(z16.content) > 100
