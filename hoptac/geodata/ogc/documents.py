"""The documents of OGC API – Features: JSON and GeoJSON (written as text), their links, and
the exception documents."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import numpy as np
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import crs as crsmod
from ..models import Layer
from .parameters import cursor_encode, wants_html

CONF = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
    "http://www.opengis.net/spec/ogcapi-features-5/1.0/conf/sortables",
]
GEOJSON = "application/geo+json"
OAS30 = "application/vnd.oai.openapi+json;version=3.0"


def exception(request: HttpRequest, status: int, code: str, description: str) -> HttpResponse:
    if wants_html(request):
        return render(
            request,
            "geodata/ogc/exception.html",
            {"code": code, "description": description},
            status=status,
        )
    return JsonResponse({"code": code, "description": description}, status=status)


def ogc_base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/ogc").rstrip("/")


def json_response(data, content_type="application/json", status=200) -> HttpResponse:
    return HttpResponse(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")),
        content_type=content_type,
        status=status,
    )


def self_links(base_url: str, rel_self_type: str, html: bool) -> list[dict]:
    self_type, other_type = ("text/html", rel_self_type) if html else (rel_self_type, "text/html")
    sep = "&" if "?" in base_url else "?"
    return [
        {
            "href": f"{base_url}{sep}f={'html' if html else 'json'}",
            "rel": "self",
            "type": self_type,
        },
        {
            "href": f"{base_url}{sep}f={'json' if html else 'html'}",
            "rel": "alternate",
            "type": other_type,
        },
    ]


def collection_document(layer: Layer, base: str) -> dict:
    url = f"{base}/collections/{layer.slug}"
    version = layer.current_version
    crs_list = [crsmod.CRS84] + [crsmod.EPSG_URI.format(c) for c in crsmod.OGC_CRS]
    data = {
        "id": layer.slug,
        "title": layer.name,
        "description": layer.description or layer.name_vi,
        "itemType": "feature",
        "crs": crs_list,
        "storageCrs": crsmod.CRS84,
        "keywords": [layer.get_theme_display()],
        "links": [
            {"href": url, "rel": "self", "type": "application/json"},
            {"href": f"{url}?f=html", "rel": "alternate", "type": "text/html"},
            {"href": f"{url}/items", "rel": "items", "type": GEOJSON},
            {"href": f"{url}/items?f=html", "rel": "items", "type": "text/html"},
            {
                "href": f"{url}/queryables",
                "rel": "http://www.opengis.net/def/rel/ogc/1.0/queryables",
                "type": "application/schema+json",
            },
        ],
    }
    if layer.licence:
        data["license"] = layer.licence
    if version is not None and version.bbox:
        data["extent"] = {
            "spatial": {"bbox": [version.bbox], "crs": crsmod.CRS84},
            "temporal": {"interval": [[None, None]]},
        }
    return data


def geometry_writer(code: int | None):
    """A function (ids, rows) → GeoJSON geometry texts in the requested CRS."""
    if code is None:
        return None
    import shapely  # with pyproj, by the requests that ask for another CRS only

    swap = crsmod.lat_first(code)
    t = None if code == 4326 else crsmod.transformer(4326, code)

    def convert(wkbs: list) -> list[str]:
        geoms = shapely.from_wkb([bytes(w) for w in wkbs])
        if t is not None:

            def reproject(c):
                x, y = t.transform(c[:, 0], c[:, 1], errcheck=False)
                return np.column_stack([x, y])

            geoms = shapely.transform(geoms, reproject)
        if swap:
            geoms = shapely.transform(geoms, lambda c: c[:, ::-1])
        precision = 7 if code in (4326, 4756) else 3
        return [_round_geojson(g, precision) for g in geoms]

    return convert


def _round_geojson(g, precision: int) -> str:
    import shapely

    g = shapely.set_precision(g, 10**-precision, mode="pointwise")
    return shapely.to_geojson(g)


def page_links(request, base: str, slug: str, rows, limit: int, html: bool) -> list[dict]:
    """self, alternate and collection links of a page, and `next` when the page is full (its
    cursor holds the sort values of the last row, then its id)."""
    url = f"{base}/collections/{slug}/items"
    params = {k: v for k, v in request.GET.items() if k not in ("cursor", "f")}
    links = [
        {
            "href": f"{url}?{urlencode({**params, 'f': 'json'})}",
            "rel": "self" if not html else "alternate",
            "type": GEOJSON,
        },
        {
            "href": f"{url}?{urlencode({**params, 'f': 'html'})}",
            "rel": "alternate" if not html else "self",
            "type": "text/html",
        },
        {"href": f"{base}/collections/{slug}", "rel": "collection", "type": "application/json"},
    ]
    if len(rows) == limit:
        last = rows[-1]
        keys = [_json_scalar(v) for v in last[3:]] + [last[0]]
        nxt = {**params, "cursor": cursor_encode(keys)}
        fmt = ("html", "text/html") if html else ("json", GEOJSON)
        links.append(
            {"href": f"{url}?{urlencode({**nxt, 'f': fmt[0]})}", "rel": "next", "type": fmt[1]}
        )
    return links


def page_document(
    request, slug: str, rows, geometries, limit: int, number_matched, content_crs: str
) -> HttpResponse:
    """A page as a GeoJSON FeatureCollection, written as text around the geometries and
    properties the database wrote as JSON (no parsing and dumping them again). `geometries`
    None: the rows are (id, geometry, properties) texts with no NULL, as `Store.page` gives."""
    links = page_links(request, ogc_base(request), slug, rows, limit, html=False)
    head = {
        "type": "FeatureCollection",
        "timeStamp": timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "numberReturned": len(rows),
        "links": links,
    }
    if number_matched is not None:
        head["numberMatched"] = number_matched
    if geometries is None:
        parts = [
            f'{{"type":"Feature","id":{fid:d},"geometry":{g},"properties":{p}}}'
            for fid, g, p in rows
        ]
    else:
        parts = [
            f'{{"type":"Feature","id":{r[0]:d},"geometry":{g or "null"},'
            f'"properties":{props_text(r[2])}}}'
            for r, g in zip(rows, geometries, strict=True)
        ]
    body = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1]
    body += ',"features":[' + ",".join(parts) + "]}"
    response = HttpResponse(body, content_type=GEOJSON)
    response.headers["Content-Crs"] = f"<{content_crs}>"
    return response


def _json_scalar(v):
    if isinstance(v, str):
        try:
            return json.loads(v)
        except ValueError:
            return v
    return v


def props_text(p) -> str:
    if p is None:
        return "{}"
    if isinstance(p, str):
        return p
    return json.dumps(p, ensure_ascii=False, separators=(",", ":"))


def feature_links(base: str, slug: str, fid: int) -> list[dict]:
    url = f"{base}/collections/{slug}/items/{fid}"
    return [
        {"href": f"{url}?f=json", "rel": "self", "type": GEOJSON},
        {"href": f"{url}?f=html", "rel": "alternate", "type": "text/html"},
        {"href": f"{base}/collections/{slug}", "rel": "collection", "type": "application/json"},
    ]


def feature_document(request, slug: str, row, geometry, content_crs: str) -> HttpResponse:
    links = feature_links(ogc_base(request), slug, row[0])
    body = (
        f'{{"type":"Feature","id":{row[0]:d},"geometry":{geometry or "null"},'
        f'"properties":{props_text(row[2])},"links":{json.dumps(links)}}}'
    )
    response = HttpResponse(body, content_type=GEOJSON)
    response.headers["Content-Crs"] = f"<{content_crs}>"
    return response


def landing_document(base: str, html: bool) -> dict:
    """The landing page: the links to the API definition, the conformance and the collections."""
    return {
        "title": "Hoptac — OGC API – Features",
        "description": _("Layers of the shared urban spatial database of the partner cities."),
        "links": self_links(f"{base}/", "application/json", html)
        + [
            {"href": f"{base}/api", "rel": "service-desc", "type": OAS30, "title": "OpenAPI 3.0"},
            {"href": f"{base}/api?f=html", "rel": "service-doc", "type": "text/html"},
            {
                "href": f"{base}/conformance",
                "rel": "conformance",
                "type": "application/json",
                "title": _("Conformance classes"),
            },
            {
                "href": f"{base}/conformance",
                "rel": "http://www.opengis.net/def/rel/ogc/1.0/conformance",
                "type": "application/json",
            },
            {
                "href": f"{base}/collections",
                "rel": "data",
                "type": "application/json",
                "title": _("Collections"),
            },
            {
                "href": f"{base}/collections",
                "rel": "http://www.opengis.net/def/rel/ogc/1.0/data",
                "type": "application/json",
            },
        ],
    }


def queryables_document(layer: Layer, base: str) -> dict:
    """The JSON Schema of the properties a filter may name."""
    types = {"int": "integer", "float": "number", "bool": "boolean", "str": "string"}
    props = {
        "geometry": {
            "$ref": "https://geojson.org/schema/Geometry.json",
            "x-ogc-role": "primary-geometry",
        }
    }
    for name, t in sorted((layer.current_version.fields or {}).items()):
        props[name] = {"title": name, "type": types.get(t, "string")}
    return {
        "$schema": "https://json-schema.org/draft/2019-09/schema",
        "$id": f"{base}/collections/{layer.slug}/queryables",
        "type": "object",
        "title": layer.name,
        "properties": props,
        "additionalProperties": False,
    }
