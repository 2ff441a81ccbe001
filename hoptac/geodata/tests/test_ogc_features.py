"""OGC API – Features, items and single features (ETS ogcapi-features-1.0 classes: limit, bbox,
datetime, errors, feature) and who may read a collection."""

from __future__ import annotations

import json

import pytest

from hoptac.geodata.models import ApiToken, Feature

from .conftest import fc, feature, geojson_upload, square
from .ogc_support import CRS84, body, get

pytestmark = pytest.mark.django_db


# --- Features -------------------------------------------------------------------------------
def test_items_are_geojson_with_links_and_counts(client, parcels):
    r = get(client, f"/ogc/collections/{parcels.slug}/items", limit=5)
    assert r.status_code == 200 and r["Content-Type"] == "application/geo+json"
    assert r["Content-Crs"] == f"<{CRS84}>"
    data = body(r)
    assert data["type"] == "FeatureCollection"
    assert data["numberReturned"] == 5 and data["numberMatched"] == 36
    assert {"self", "alternate", "next"} <= {link["rel"] for link in data["links"]}
    assert "timeStamp" in data


def test_next_links_walk_every_feature_exactly_once(client, parcels):
    url, seen = f"/ogc/collections/{parcels.slug}/items?limit=7", []
    while url:
        data = body(client.get(url))
        seen += [f["id"] for f in data["features"]]
        nxt = [link["href"] for link in data["links"] if link["rel"] == "next"]
        url = nxt[0].replace("http://testserver", "") if nxt else None
    assert len(seen) == 36 == len(set(seen))


def test_plain_sql_pages_equal_the_orm_pages(client, parcels, monkeypatch):
    """Limit, cursor and bbox pages read in plain SQL (`Store.page`, PostGIS) are the documents
    the ORM path writes (the path of every other request and of SpatiaLite)."""
    from hoptac.geodata import backends

    url = f"/ogc/collections/{parcels.slug}/items"
    first = body(get(client, url, limit=100))["features"][0]["geometry"]["coordinates"][0][0]
    box = f"{first[0] - 0.0001},{first[1] - 0.0001},{first[0] + 0.0004},{first[1] + 0.0004}"

    def pages():
        out, next_url = [], f"{url}?limit=4"
        while next_url:
            data = body(client.get(next_url))
            out.append((data["features"], data["numberReturned"]))
            nxt = [link["href"] for link in data["links"] if link["rel"] == "next"]
            next_url = nxt[0].replace("http://testserver", "") if nxt else None
        boxed = body(get(client, url, bbox=box, limit=3))
        return out, (boxed["features"], boxed["numberReturned"])

    fast = pages()
    for name in ("page", "public_page"):
        monkeypatch.setattr(backends.Store, name, lambda self, *a, **k: None)
        monkeypatch.setattr(backends.PostgisStore, name, lambda self, *a, **k: None)
    assert pages() == fast
    assert len(fast[0]) == 10 and fast[0][-1][1] == 0 and fast[1][1] >= 1  # 36 features


def test_a_page_of_a_public_layer_is_one_query_once_its_version_is_known(
    client, parcels, django_assert_num_queries
):
    from django.db import connection

    url = f"/ogc/collections/{parcels.slug}/items"
    full = body(get(client, url, limit=5))  # reads the layer: its current version is now known
    nxt = next(link["href"] for link in full["links"] if link["rel"] == "next")
    queries = 1 if connection.vendor == "postgresql" else 2  # SpatiaLite: the ORM path
    with django_assert_num_queries(queries):
        again = body(get(client, url, limit=5))
    assert {**again, "timeStamp": None} == {**full, "timeStamp": None}
    with django_assert_num_queries(queries):
        second = body(client.get(nxt.replace("http://testserver", "")))
    assert second["numberReturned"] == 5 and "numberMatched" not in second
    assert {f["id"] for f in second["features"]}.isdisjoint(f["id"] for f in full["features"])
    # Past the last feature: an empty page, not an error
    last = body(get(client, url, limit=36))
    end = next(link["href"] for link in last["links"] if link["rel"] == "next")
    empty = client.get(end.replace("http://testserver", ""))
    assert empty.status_code == 200 and body(empty)["features"] == []


def test_a_cursor_beyond_64_bits_is_a_400(client, parcels):
    import base64

    cursor = base64.urlsafe_b64encode(json.dumps([2**70]).encode()).decode()
    r = get(client, f"/ogc/collections/{parcels.slug}/items", cursor=cursor)
    assert r.status_code == 400 and body(r)["code"] == "InvalidParameterValue"


@pytest.mark.parametrize("limit,status", [("0", 400), ("-3", 400), ("abc", 400), ("20000", 200)])
def test_limit_errors_and_ceiling(client, parcels, limit, status):
    r = get(client, f"/ogc/collections/{parcels.slug}/items", limit=limit)
    assert r.status_code == status
    if status == 400:
        assert body(r)["code"] == "InvalidParameterValue"


def test_bbox_selects_what_intersects(client, parcels):
    all_ = body(get(client, f"/ogc/collections/{parcels.slug}/items", limit=100))["features"]
    first = all_[0]["geometry"]["coordinates"][0][0]
    box = f"{first[0] - 0.0001},{first[1] - 0.0001},{first[0] + 0.0002},{first[1] + 0.0002}"
    data = body(get(client, f"/ogc/collections/{parcels.slug}/items", bbox=box))
    assert 1 <= data["numberReturned"] < 36
    assert "numberMatched" not in data


@pytest.mark.parametrize("bbox", ["1,2,3", "a,b,c,d", "10,10,0,0", "0,-100,1,100", ""])
def test_bad_bbox_is_a_400(client, parcels, bbox):
    r = get(client, f"/ogc/collections/{parcels.slug}/items", bbox=bbox)
    assert r.status_code == 400 and body(r)["code"] == "InvalidParameterValue"


@pytest.mark.parametrize(
    "value,status",
    [
        ("2024-01-01T00:00:00Z", 200),
        ("2024-01-01/2025-01-01", 200),
        ("../2025-01-01T00:00:00Z", 200),
        ("2024-01-01/..", 200),
        ("not-a-date", 400),
        ("2025-01-01/2024-01-01", 400),
        ("../..", 400),
    ],
)
def test_datetime_is_parsed(client, parcels, value, status):
    assert (
        get(client, f"/ogc/collections/{parcels.slug}/items", datetime=value).status_code == status
    )


def test_unknown_parameter_is_a_400(client, parcels):
    r = get(client, f"/ogc/collections/{parcels.slug}/items", foo="bar")
    assert r.status_code == 400


def test_property_equality_parameter(client, parcels):
    data = body(get(client, f"/ogc/collections/{parcels.slug}/items", so_thua="7"))
    assert [f["properties"]["so_thua"] for f in data["features"]] == [7]


# --- Feature --------------------------------------------------------------------------------
def test_single_feature_and_missing_feature(client, parcels):
    first = body(get(client, f"/ogc/collections/{parcels.slug}/items", limit=1))["features"][0]
    r = get(client, f"/ogc/collections/{parcels.slug}/items/{first['id']}")
    assert r.status_code == 200 and body(r)["id"] == first["id"]
    assert {"self", "collection"} <= {link["rel"] for link in body(r)["links"]}
    assert get(client, f"/ogc/collections/{parcels.slug}/items/999999").status_code == 404
    assert get(client, f"/ogc/collections/{parcels.slug}/items/abc").status_code == 404


def test_feature_by_id_of_a_public_layer_is_one_query(client, parcels, django_assert_num_queries):
    first = body(get(client, f"/ogc/collections/{parcels.slug}/items", limit=1))["features"][0]
    url = f"/ogc/collections/{parcels.slug}/items/{first['id']}"
    with django_assert_num_queries(1):
        r = get(client, url)
    assert r["Content-Type"] == "application/geo+json"
    assert r["Content-Crs"] == f"<{CRS84}>"
    assert body(r) == {**first, "links": body(r)["links"]}
    assert body(r)["links"][0]["href"].endswith(f"{url}?f=json")
    # The same document as the general path (which a crs parameter takes)
    general = body(get(client, url, crs=CRS84))
    assert general == body(r)


@pytest.mark.parametrize("fid", ["0", "-1", "1_0", "99999999999999999999", "٣", "1e3"])
def test_odd_feature_ids_are_404(client, parcels, fid):
    assert get(client, f"/ogc/collections/{parcels.slug}/items/{fid}").status_code == 404


def test_feature_by_id_follows_visibility_and_the_current_version(
    client, load, make_layer, django_assert_num_queries
):
    from hoptac.geodata.actions import activate_version

    layer = make_layer(visibility="public")
    load(geojson_upload(fc(feature(square(105.8, 21.0), n=1))), layer=layer)
    old_version = layer.versions.get(number=1)
    fid = body(get(client, f"/ogc/collections/{layer.slug}/items"))["features"][0]["id"]
    url = f"/ogc/collections/{layer.slug}/items/{fid}"
    assert get(client, url).status_code == 200
    # A new version replaces the data: the old feature is no longer in the collection
    load(geojson_upload(fc(feature(square(105.9, 21.0), n=2))), layer=layer)
    assert get(client, url).status_code == 404
    new_fid = Feature.objects.get(version=layer.versions.get(number=2)).pk
    new_url = f"/ogc/collections/{layer.slug}/items/{new_fid}"
    assert body(get(client, new_url))["properties"] == {"n": 2}
    with django_assert_num_queries(1):  # the new current version is known again
        assert get(client, new_url).status_code == 200
    items = body(get(client, f"/ogc/collections/{layer.slug}/items"))
    assert [f["properties"]["n"] for f in items["features"]] == [2]
    assert items["numberMatched"] == 1
    # Back to the first version
    layer.refresh_from_db()
    activate_version(layer, old_version)
    assert get(client, url).status_code == 200
    # No longer public: no feature, no items, no tiles for an anonymous request
    assert get(client, new_url).status_code == 404
    layer.visibility = "owner"
    layer.save()
    assert get(client, url).status_code == 401
    assert get(client, f"/ogc/collections/{layer.slug}/items").status_code == 401
    assert client.get(f"/tiles/{layer.slug}/10/812/450.mvt").status_code == 401


def test_a_token_on_a_public_layer_is_recorded_as_used(client, parcels, member):
    token, key = ApiToken.issue(member("officer", "own"), "gis")
    assert token.last_used is None
    fid = body(get(client, f"/ogc/collections/{parcels.slug}/items"))["features"][0]["id"]
    r = client.get(
        f"/ogc/collections/{parcels.slug}/items/{fid}", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert r.status_code == 200
    token.refresh_from_db()
    assert token.last_used is not None


# --- Access ---------------------------------------------------------------------------------
def test_private_collection_needs_a_user_or_a_token(client, load, make_layer, member):
    layer = make_layer(visibility="owner")
    load(geojson_upload(fc(feature(square(105.8, 21.0)))), layer=layer)
    url = f"/ogc/collections/{layer.slug}/items"
    assert get(client, url).status_code == 401
    assert layer.slug not in [c["id"] for c in body(get(client, "/ogc/collections"))["collections"]]
    # A partner-city officer may not read an owner-only layer
    partner = member("officer", "partner")
    _t, key = ApiToken.issue(partner, "gis")
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 403
    own = member("officer", "own")
    _t, key = ApiToken.issue(own, "gis")
    r = client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert r.status_code == 200 and body(r)["numberReturned"] == 1
    assert client.get(url, HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    client.force_login(own)
    assert get(client, url).status_code == 200
    fid = body(get(client, url))["features"][0]["id"]
    client.logout()
    # One feature: the same rules
    assert get(client, f"{url}/{fid}").status_code == 401
    assert client.get(f"{url}/{fid}", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    assert client.get(f"{url}/{fid}", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200


def test_partners_layer_is_readable_by_the_partner_city(client, load, make_layer, member):
    layer = make_layer(visibility="partners")
    load(geojson_upload(fc(feature(square(105.8, 21.0)))), layer=layer)
    client.force_login(member("officer", "partner"))
    assert get(client, f"/ogc/collections/{layer.slug}/items").status_code == 200
    client.force_login(member("officer", "unrelated"))
    assert get(client, f"/ogc/collections/{layer.slug}/items").status_code == 403
