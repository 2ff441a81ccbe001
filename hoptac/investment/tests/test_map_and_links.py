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


def _link(commitment, obj):
    from django.contrib.contenttypes.models import ContentType

    from hoptac.programmes.models import CommitmentLink

    return CommitmentLink.objects.create(
        commitment=commitment, content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    )


def test_a_linked_commitment_shows_on_the_project_page(client, portal_world, member):
    from hoptac.programmes.tests.factories import AgreementFactory, CommitmentFactory

    project = portal_world.project["own"]
    agreement = AgreementFactory(
        reference="2138-TB/TU", is_public=True, parties=[portal_world.localities["own"]]
    )
    commitment = CommitmentFactory(
        agreement=agreement, text="Cùng xúc tiến đầu tư vào các khu công nghệ cao."
    )
    url = reverse("investment:project_detail", args=[project.code])
    # Investors see no empty section while the project serves no commitment
    assert "serves-" not in client.get(url).content.decode()
    _link(commitment, project)
    page = client.get(url).content.decode()
    assert "Cùng xúc tiến đầu tư vào các khu công nghệ cao." in page
    assert "2138-TB/TU" in page
    # A coordinator of a party may link the project to one more commitment from the page
    other = CommitmentFactory(agreement=agreement, text="Phối hợp tổ chức hội nghị đầu tư.")
    client.force_login(member("coordinator", "own"))
    page = client.get(url).content.decode()
    assert 'value="investment.project"' in page
    assert f'<option value="{other.pk}">' in page


def test_a_linked_commitment_shows_on_the_layer_page(client, world, member):
    from hoptac.geodata.models import Layer
    from hoptac.programmes.tests.factories import AgreementFactory, CommitmentFactory

    layer = Layer.objects.create(
        slug="ranh-gioi-thu",
        name_vi="Ranh giới thử",
        theme="boundaries",
        locality=world.localities["own"],
        organisation=world.department["own"],
        visibility="public",
    )
    agreement = AgreementFactory(is_public=True, parties=[world.localities["own"]])
    commitment = CommitmentFactory(agreement=agreement, text="Chia sẻ dữ liệu không gian.")
    _link(commitment, layer)
    page = client.get(reverse("geodata:layer_detail", args=[layer.slug])).content.decode()
    assert "Chia sẻ dữ liệu không gian." in page
