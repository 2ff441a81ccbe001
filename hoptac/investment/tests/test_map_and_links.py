"""Footprints on the geodata map, and the commitments a project carries out."""

from __future__ import annotations

import json

from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.urls import reverse

SQUARE = MultiPolygon(
    Polygon(((108.2, 16.0), (108.21, 16.0), (108.21, 16.01), (108.2, 16.01), (108.2, 16.0))),
    srid=4326,
)


def _geojson(page: str) -> dict:
    start = page.index('<script id="footprint-map-data" type="application/json">')
    body = page[start:].split(">", 1)[1].split("</script>", 1)[0]
    return json.loads(body)


def test_project_page_draws_its_footprint_on_the_local_map(client, portal_world):
    project = portal_world.project["own"]
    project.footprint = SQUARE
    project.location = Point(108.205, 16.005, srid=4326)
    project.save()
    page = client.get(reverse("investment:project_detail", args=[project.code])).content.decode()
    data = _geojson(page)
    kinds = [f["geometry"]["type"] for f in data["features"]]
    assert kinds == ["MultiPolygon", "Point"]
    assert data["features"][0]["geometry"]["coordinates"][0][0][0] == [108.2, 16.0]
    # The same local MapLibre as /ban-do/ and its layers for the base; nothing from outside
    assert "/static/vendor/maplibre-gl/maplibre-gl.js" in page
    assert "/static/geodata/footprint.js" in page
    assert f'data-layers-url="{reverse("geodata:map_layers")}"' in page
    assert "https://" not in page.split('id="footprint-map"', 1)[1].split("</div>", 1)[0]
    # Without JavaScript the inline drawing stays
    assert "<svg" in page


def test_base_raster_tiles_come_from_the_geodata_setting(client, portal_world, settings):
    settings.GEODATA_BASE_TILE_URL = "/tiles/base/{z}/{x}/{y}.png"
    park = portal_world.park["own"]
    park.footprint = SQUARE
    park.save()
    page = client.get(reverse("investment:park_detail_en", args=[park.slug])).content.decode()
    assert 'data-base-tiles="/tiles/base/{z}/{x}/{y}.png"' in page
    assert _geojson(page)["features"][0]["geometry"]["type"] == "MultiPolygon"


def test_a_project_without_footprint_shows_its_park_s(client, portal_world):
    project, park = portal_world.project["own"], portal_world.park["own"]
    park.footprint = SQUARE
    park.save()
    page = client.get(reverse("investment:project_detail", args=[project.code])).content.decode()
    assert _geojson(page)["features"][0]["geometry"]["type"] == "MultiPolygon"


def test_a_project_with_no_shape_has_no_map(client, portal_world):
    project = portal_world.project["own"]
    page = client.get(reverse("investment:project_detail", args=[project.code])).content.decode()
    assert "footprint-map-data" not in page
    assert "maplibre-gl.js" not in page
