"""OGC API – Features, the service (ETS ogcapi-features-1.0 classes): landing page, conformance,
API definition, collections; HTML pages, query counts and methods."""

from __future__ import annotations

import pytest

from .conftest import fc, feature, geojson_upload, square
from .ogc_support import CRS84, EPSG, body, get

pytestmark = pytest.mark.django_db


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


def test_every_page_the_f_parameter_offers_is_declared(client, parcels):
    """schemathesis: `/queryables?f=html` answered a page the document did not declare."""
    doc = body(get(client, "/ogc/api"))
    for path, operation in doc["paths"].items():
        names = {
            p.get("$ref", "").rsplit("/", 1)[-1] for p in operation["get"].get("parameters", [])
        }
        if "f" not in names or "{featureId}" in path:
            continue
        url = "/ogc" + path.replace("{collectionId}", parcels.slug) + "?f=html"
        r = client.get(url)
        declared = operation["get"]["responses"]["200"]["content"]
        assert r.status_code == 200, url
        assert r["Content-Type"].split(";")[0] in declared, (url, r["Content-Type"])


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
