"""The land-use table of the planning figures adds up to the whole area: the part on which the
land-use layer has no feature is a row of its own ("not covered by the land-use layer")."""

from __future__ import annotations

import pytest

from hoptac.geodata.figures import GEOD, largest_remainder

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
    assert rest_pct == pytest.approx(100 * rest_ha / result.area_ha, abs=0.05)  # 1 decimal
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
    assert round(sum(shares), 1) == 100.0  # rounded together: never 99.9 or 100.1
    assert sum(areas) == pytest.approx(result.area_ha, abs=0.001)
    vi = _figures(client, park, land).content.decode()
    assert "Phần lớp sử dụng đất không phủ tới" in vi and "Tổng" in vi
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    en = _figures(client, park, land).content.decode()
    assert '<html lang="en">' in en
    assert "Not covered by the land-use layer" in en


@pytest.mark.parametrize(
    "exact",
    [
        [100 / 3, 100 / 3, 100 / 3],  # each rounds to 33.3: 99.9
        [33.35, 33.35, 33.3],  # 33.4 + 33.4 + 33.3 rounded one by one: 100.1
        [12.46, 12.46, 12.46, 62.62],  # 12.5 * 3 + 62.6: 100.1
        [0.04, 0.04, 0.04, 99.88],  # three rows too small to show, rounded one by one: 99.9
    ],
)
def test_shares_rounded_together_add_up_to_100(exact):
    assert round(sum(exact), 6) == 100
    one_by_one = round(sum(round(v, 1) for v in exact), 1)
    together = largest_remainder(exact, 1)
    assert round(sum(together), 1) == 100.0
    assert one_by_one != 100.0
    # each share moves by less than one unit of the last decimal from its exact value
    assert all(abs(r - v) < 0.1 for r, v in zip(together, exact, strict=True))
    assert all(round(r, 1) == r for r in together)


def test_largest_remainder_gives_the_missing_units_to_the_largest_remainders():
    assert largest_remainder([100 / 3, 100 / 3, 100 / 3], 1) == [33.4, 33.3, 33.3]
    assert largest_remainder([10.04, 19.98, 69.98], 1) == [10.0, 20.0, 70.0]
    assert largest_remainder([25.0, 75.0], 1) == [25.0, 75.0]
    assert largest_remainder([0.0, 0.0], 1) == [0.0, 0.0]
    assert largest_remainder([], 1) == []
    # overlapping classes may exceed the area: the rows add up to their own rounded sum
    assert round(sum(largest_remainder([60.04, 60.04, 0.0], 1)), 1) == 120.1


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
