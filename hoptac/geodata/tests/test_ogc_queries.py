"""OGC API – Features queries beyond Part 1: CRS (Part 2), queryables and CQL2 filters (Part 3),
sortby."""

from __future__ import annotations

import pytest
from pyproj import Transformer

from .conftest import fc, feature, geojson_upload
from .ogc_support import EPSG, body, get

pytestmark = pytest.mark.django_db


# --- CRS (Part 2) ---------------------------------------------------------------------------
def test_crs_query_returns_vn2000_coordinates_in_5897_and_5899(client, load):
    # The Hanoi check point, stored in WGS 84, comes back in EPSG:5897 within a millimetre.
    lon, lat = Transformer.from_crs(5897, 4326, always_xy=True).transform(588425.627, 2326344.423)
    job = load(geojson_upload(fc(feature({"type": "Point", "coordinates": [lon, lat]}))))
    url = f"/ogc/collections/{job.layer.slug}/items"
    r = get(client, url, crs=f"{EPSG}5897")
    assert r["Content-Crs"] == f"<{EPSG}5897>"
    x, y = body(r)["features"][0]["geometry"]["coordinates"]
    assert abs(x - 588425.627) < 0.01 and abs(y - 2326344.423) < 0.01
    # EPSG:4326 is latitude first
    lat4326, lon4326 = body(get(client, url, crs=f"{EPSG}4326"))["features"][0]["geometry"][
        "coordinates"
    ]
    assert abs(lat4326 - lat) < 1e-6 and abs(lon4326 - lon) < 1e-6


def test_bbox_crs_in_vn2000(client, parcels):
    t = Transformer.from_crs(4326, 5899, always_xy=True)
    x0, y0 = t.transform(108.0399, 16.0939)
    x1, y1 = t.transform(108.0416, 16.0952)
    data = body(
        get(
            client,
            f"/ogc/collections/{parcels.slug}/items",
            bbox=f"{x0},{y0},{x1},{y1}",
            **{"bbox-crs": f"{EPSG}5899"},
        )
    )
    assert 1 <= data["numberReturned"] <= 4


def test_unsupported_crs_is_a_400(client, parcels):
    assert (
        get(client, f"/ogc/collections/{parcels.slug}/items", crs=f"{EPSG}2000").status_code == 400
    )


# --- Part 3: queryables, CQL2; sortby -------------------------------------------------------
def test_queryables_are_a_json_schema(client, parcels):
    r = get(client, f"/ogc/collections/{parcels.slug}/queryables")
    data = body(r)
    assert r["Content-Type"] == "application/schema+json"
    assert data["properties"]["so_thua"]["type"] == "integer"
    assert data["properties"]["use"]["type"] == "string"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("so_thua = 5", [5]),
        ("so_thua < 3", [1, 2]),
        ("so_thua >= 35 OR so_thua = 1", [1, 35, 36]),
        ("use = 'cay_xanh' AND so_thua <= 10", None),
        ("NOT (so_thua > 2)", [1, 2]),
        ("so_thua BETWEEN 3 AND 4", [3, 4]),
        ("so_thua IN (8, 9)", [8, 9]),
        ("use LIKE 'cay%' AND so_thua < 12", None),
        ("ghi_chu IS NULL AND so_thua < 2", None),
    ],
)
def test_cql2_text_filters(client, parcels, text, expected):
    r = get(client, f"/ogc/collections/{parcels.slug}/items", filter=text, limit=100)
    if "ghi_chu" in text:
        assert r.status_code == 400  # not a queryable
        return
    assert r.status_code == 200, body(r)
    got = sorted(f["properties"]["so_thua"] for f in body(r)["features"])
    if expected is not None:
        assert got == expected
    else:
        assert got and all(n <= 12 for n in got)


@pytest.mark.parametrize(
    "text", ["so_thua >", "(so_thua = 1", "so_thua === 2", "'a", "so_thua = 1 AND"]
)
def test_unparseable_filter_is_a_400(client, parcels, text):
    r = get(client, f"/ogc/collections/{parcels.slug}/items", filter=text)
    assert r.status_code == 400 and body(r)["code"] == "InvalidParameterValue"


@pytest.mark.parametrize(
    "text",
    [
        "so_thua = 1e999",
        "so_thua < -1e999",
        "1e400 > so_thua",
        "so_thua IN (1, 9223372036854775808)",
        "so_thua BETWEEN -99999999999999999999 AND 1",
    ],
)
def test_a_filter_number_out_of_range_is_a_400_naming_it(client, parcels, text):
    r = get(client, f"/ogc/collections/{parcels.slug}/items", filter=text)
    assert r.status_code == 400
    assert body(r)["code"] == "InvalidParameterValue"
    assert "nằm ngoài phạm vi" in body(r)["description"]


@pytest.mark.parametrize("value", ["1e999", "-inf", "nan", "9223372036854775808"])
def test_a_property_number_out_of_range_is_a_400(client, parcels, value):
    r = get(client, f"/ogc/collections/{parcels.slug}/items", so_thua=value)
    assert r.status_code == 400 and body(r)["code"] == "InvalidParameterValue"


def test_sortby_with_keyset_pages(client, parcels):
    url = f"/ogc/collections/{parcels.slug}/items?limit=10&sortby=-so_thua"
    seen = []
    while url:
        data = body(client.get(url))
        seen += [f["properties"]["so_thua"] for f in data["features"]]
        nxt = [link["href"] for link in data["links"] if link["rel"] == "next"]
        url = nxt[0].replace("http://testserver", "") if nxt else None
    assert seen == list(range(36, 0, -1))


def test_sortby_on_a_text_property_then_id(client, parcels):
    data = body(
        get(client, f"/ogc/collections/{parcels.slug}/items", sortby="use,-so_thua", limit=100)
    )
    keys = [(f["properties"]["use"], -f["properties"]["so_thua"]) for f in data["features"]]
    assert keys == sorted(keys)


def test_bad_cursor_and_sortby(client, parcels):
    url = f"/ogc/collections/{parcels.slug}/items"
    assert get(client, url, cursor="%%%").status_code == 400
    assert get(client, url, sortby="nope").status_code == 400
