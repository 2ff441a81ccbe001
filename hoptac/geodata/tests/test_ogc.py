"""OGC API – Features, organised as the classes of the official test suite (ETS ogcapi-features-1.0
and Part 2): landing page, conformance, API definition, collections, features (limit, bbox,
datetime, errors), feature, CRS discovery and queries; plus Part 3 queryables, CQL2 and sortby."""

from __future__ import annotations

import json

import pytest
from pyproj import Transformer

from hoptac.geodata.models import ApiToken, Feature

from .conftest import fc, feature, geojson_upload, square

pytestmark = pytest.mark.django_db

CORE = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EPSG = "http://www.opengis.net/def/crs/EPSG/0/"


def get(client, url, **params):
    response = client.get(url, params, HTTP_ACCEPT="application/json")
    return response


def body(response):
    return json.loads(response.content)


# --- Landing page ---------------------------------------------------------------------------
def test_landing_page_has_the_required_links(client):
    r = get(client, "/ogc/")
    assert r.status_code == 200
    rels = {link["rel"]: link for link in body(r)["links"]}
    for rel in ("self", "alternate", "service-desc", "service-doc", "conformance", "data"):
        assert rel in rels
    assert rels["service-desc"]["type"].startswith("application/vnd.oai.openapi+json;version=3.0")


def test_landing_page_in_html(client):
    r = client.get("/ogc/", HTTP_ACCEPT="text/html")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/html")


# --- Conformance ----------------------------------------------------------------------------
def test_conformance_declares_core_geojson_html_oas30_crs_and_filter(client):
    classes = body(get(client, "/ogc/conformance"))["conformsTo"]
    for suffix in ("core", "geojson", "html", "oas30"):
        assert f"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/{suffix}" in classes
    assert "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs" in classes
    assert "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2" in classes


# --- API definition -------------------------------------------------------------------------
def test_api_definition_is_openapi_3_0_with_every_path(client):
    r = get(client, "/ogc/api")
    assert r["Content-Type"].startswith("application/vnd.oai.openapi+json;version=3.0")
    doc = body(r)
    assert doc["openapi"].startswith("3.0.")
    for path in (
        "/",
        "/conformance",
        "/collections",
        "/collections/{collectionId}",
        "/collections/{collectionId}/items",
        "/collections/{collectionId}/items/{featureId}",
    ):
        assert path in doc["paths"]
    names = {
        p["$ref"].rsplit("/", 1)[1]
        for p in doc["paths"]["/collections/{collectionId}/items"]["get"]["parameters"]
    }
    assert {"limit", "bbox", "datetime", "crs", "bbox-crs", "filter", "sortby"} <= names


# --- Collections ----------------------------------------------------------------------------
def test_collections_list_public_layers_with_links_extent_and_crs(client, parcels, make_layer):
    make_layer(visibility="owner")  # no data: not a collection
    data = body(get(client, "/ogc/collections"))
    ids = [(c["id"], c["itemType"]) for c in data["collections"]]
    assert ids == [(parcels.slug, "feature"), ("catalogue", "record")]
    c = data["collections"][0]
    assert {"self", "items"} <= {link["rel"] for link in c["links"]}
    assert len(c["extent"]["spatial"]["bbox"][0]) == 4
    assert c["storageCrs"] == CRS84
    assert CRS84 in c["crs"] and f"{EPSG}5897" in c["crs"] and f"{EPSG}5899" in c["crs"]


def test_unknown_collection_is_an_exception_document(client):
    r = get(client, "/ogc/collections/khong-co")
    assert r.status_code == 404 and body(r)["code"] == "NotFound"


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


# --- HTML and query counts ------------------------------------------------------------------
def test_html_pages(client, parcels):
    for url in (
        "/ogc/collections",
        f"/ogc/collections/{parcels.slug}",
        f"/ogc/collections/{parcels.slug}/items",
        f"/ogc/collections/{parcels.slug}/queryables",
        "/ogc/conformance",
        "/ogc/api",
    ):
        r = client.get(url, {"f": "html"})
        assert r.status_code == 200 and r["Content-Type"].startswith("text/html"), url


@pytest.mark.parametrize("n", [3, 30])
def test_items_and_collections_take_a_fixed_number_of_queries(
    client, load, n, django_assert_max_num_queries
):
    layer = load(
        geojson_upload(fc(*[feature(square(108 + i * 0.01, 16.0), n=i) for i in range(n)]))
    ).layer
    for _i in range(n // 3):
        load(geojson_upload(fc(feature(square(105.8, 21.0)))))
    with django_assert_max_num_queries(3):
        get(client, f"/ogc/collections/{layer.slug}/items", limit=100)
    with django_assert_max_num_queries(2):
        get(client, "/ogc/collections")


def test_cookieless_reads_take_the_short_path_with_the_same_document_and_headers(
    client, parcels, load, make_layer, member
):
    """ReadApiMiddleware: the same answer with or without the site's middleware chain."""
    fid = body(get(client, f"/ogc/collections/{parcels.slug}/items"))["features"][0]["id"]
    urls = [
        f"/ogc/collections/{parcels.slug}/items/{fid}",
        f"/ogc/collections/{parcels.slug}/items?limit=3",
        f"/tiles/{parcels.slug}/14/13109/7449.mvt",
    ]
    for url in urls:
        short = client.get(url)
        full = client.get(url, HTTP_COOKIE="hoptac_lang=vi")  # any cookie: the full chain
        assert short.status_code == full.status_code == 200, url
        if "items?" not in url:  # the page carries a time stamp
            assert short.content == full.content, url
        for header in (
            "Content-Type",
            "X-Frame-Options",
            "X-Content-Type-Options",
            "Referrer-Policy",
            "Content-Language",
            "Content-Length",
        ):
            assert short.get(header) == full.get(header), (url, header)
        assert "Cookie" in short["Vary"], url
    # Private layers: still a user or a token
    layer = make_layer(visibility="owner")
    load(geojson_upload(fc(feature(square(105.8, 21.0)))), layer=layer)
    assert get(client, f"/ogc/collections/{layer.slug}/items").status_code == 401
    client.force_login(member("officer", "own"))
    assert get(client, f"/ogc/collections/{layer.slug}/items").status_code == 200
    # HTML is never on the short path, and a path that is not a view is the site's 404
    assert client.get(f"/ogc/collections/{parcels.slug}/items", {"f": "html"}).status_code == 200
    assert client.get("/tiles/x/1/2.mvt").status_code == 404


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "QUERY"])
def test_another_method_than_get_is_a_405_naming_get_not_a_csrf_403(parcels, method):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    for url in ["/ogc/", f"/ogc/collections/{parcels.slug}/items", "/ogc/api"]:
        response = client.generic(method, url)
        assert response.status_code == 405, (method, url)
        assert response["Allow"] == "GET"
