"""The land-use table of the planning figures adds up to the whole area: the part on which the
land-use layer has no feature is a row of its own ("not covered by the land-use layer")."""

from __future__ import annotations

import pytest

from hoptac.geodata.figures import GEOD

from . import test_figures_links as links
from .conftest import fc, feature, geojson_upload, square
from .test_figures_links import PARK_RING, URL, park_id

park = links.park  # the fixture: one planned park over the test parcels

pytestmark = pytest.mark.django_db


def _ha(ring) -> float:
    lons, lats = zip(*ring, strict=True)
    return abs(GEOD.polygon_area_perimeter(lons, lats)[0]) / 10000


@pytest.fixture
def land(load, make_layer):
    """Two classes over a corner of the park, overlapping each other by half."""
    layer = make_layer(theme="land_use", slug="su-dung-dat-thu")
    load(
        geojson_upload(
            fc(
                feature(square(108.0395, 16.0935, 0.002), loai="cong_nghiep"),
                feature(square(108.0405, 16.0935, 0.002), loai="cay_xanh"),
            )
        ),
        layer=layer,
    )
    layer.refresh_from_db()
    return layer


def _figures(client, park, land, **extra):
    params = {
        "area_layer": park.slug,
        "area_feature": park_id(park),
        "land_use_layer": land.slug,
        "class_attribute": "loai",
        **extra,
    }
    return client.get(URL, params)


def test_the_rest_of_the_area_is_a_row_and_the_overlap_is_counted_once(client, park, land):
    result = _figures(client, park, land).context["result"]
    covered_ring = [
        [108.0395, 16.0935],
        [108.0425, 16.0935],
        [108.0425, 16.0955],
        [108.0395, 16.0955],
        [108.0395, 16.0935],
    ]  # the union of the two squares, inside the park
    rest_ha, rest_pct = result.uncovered
    assert rest_ha == pytest.approx(_ha(PARK_RING) - _ha(covered_ring), rel=1e-3)
    assert rest_pct == pytest.approx(100 * rest_ha / result.area_ha, abs=0.01)
    assert 60 < rest_pct < 70


def test_the_land_use_table_adds_up_to_the_whole_area_in_both_languages(
    client, park, load, make_layer
):
    land = make_layer(theme="land_use", slug="mot-loai")
    load(
        geojson_upload(fc(feature(square(108.0395, 16.0935, 0.002), loai="cong_nghiep"))),
        layer=land,
    )
    land.refresh_from_db()
    result = _figures(client, park, land).context["result"]
    shares = [pct for _name, _ha, pct in result.land_use] + [result.uncovered[1]]
    areas = [ha for _name, ha, _pct in result.land_use] + [result.uncovered[0]]
    assert sum(shares) == pytest.approx(100, abs=0.02)
    assert sum(areas) == pytest.approx(result.area_ha, abs=0.001)
    vi = _figures(client, park, land).content.decode()
    assert "Phần lớp sử dụng đất không phủ tới" in vi and "Tổng" in vi
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    en = _figures(client, park, land).content.decode()
    assert '<html lang="en">' in en
    assert "Not covered by the land-use layer" in en


def test_an_area_with_no_land_use_feature_is_wholly_not_covered(client, park, load, make_layer):
    far = make_layer(theme="land_use", slug="xa")
    load(geojson_upload(fc(feature(square(108.20, 16.20, 0.002), loai="o"))), layer=far)
    far.refresh_from_db()
    r = _figures(client, park, far)
    assert r.context["result"].land_use == []
    assert r.context["result"].uncovered == (r.context["result"].area_ha, 100.0)
    assert "Không có khoanh đất nào của lớp sử dụng đất nằm trong vùng này" in r.content.decode()


def test_the_exports_carry_the_row_and_the_total(client, park, land):
    csv = _figures(client, park, land, export="csv").content.decode("utf-8-sig")
    lines = csv.splitlines()
    rest = next(line for line in lines if line.startswith("Phần lớp sử dụng đất không phủ tới"))
    total = next(line for line in lines if line.startswith("Tổng,"))
    assert rest.count(",") == 2 and total.endswith(",100")


def test_without_a_land_use_layer_there_is_no_such_row(client, park):
    r = client.get(URL, {"area_layer": park.slug, "area_feature": park_id(park)})
    assert r.context["result"].uncovered is None
    assert "figures-uncovered" not in r.content.decode()
