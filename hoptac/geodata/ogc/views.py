"""OGC API – Features at /ogc/: Part 1 Core (GeoJSON, HTML, OpenAPI 3.0), Part 2 CRS, Part 3
queryables and CQL2 text (Basic CQL2), sortby. Plain Django views: we own the document.

Pages are keyset-paginated on the feature id (the `cursor` of a `next` link), so page 3,000 costs
what page 1 costs; with `sortby` the cursor holds the sort values of the last feature as well.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from urllib.parse import urlencode

import numpy as np
import shapely
from django.contrib.gis.db.models.functions import AsGeoJSON, AsWKB
from django.contrib.gis.geos import Polygon
from django.db import connection
from django.db.models import F, Q, TextField
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import Cast
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from .. import cql2
from .. import crs as crsmod
from ..backends import store
from ..models import Feature, Layer
from ..queries import published_layers, record_token_use, user_from_request
from . import openapi

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
ITEM_PARAMS = {
    "limit",
    "bbox",
    "bbox-crs",
    "datetime",
    "crs",
    "filter",
    "filter-lang",
    "filter-crs",
    "sortby",
    "cursor",
    "f",
}
DEFAULT_LIMIT = 10
MAX_LIMIT = 10000
GEOJSON = "application/geo+json"
OAS30 = "application/vnd.oai.openapi+json;version=3.0"


class OGCError(Exception):
    def __init__(self, status: int, code: str, description: str):
        super().__init__(description)
        self.status, self.code, self.description = status, code, description


def exception(request: HttpRequest, status: int, code: str, description: str) -> HttpResponse:
    if _wants_html(request):
        return render(
            request,
            "geodata/ogc/exception.html",
            {"code": code, "description": description},
            status=status,
        )
    return JsonResponse({"code": code, "description": description}, status=status)


def _wants_html(request: HttpRequest) -> bool:
    f = request.GET.get("f")
    if f:
        return f == "html"
    accept = request.headers.get("Accept", "")
    return "text/html" in accept and "json" not in accept.split("text/html")[0]


def ogc_view(fn):
    """GET only; OGCError and unknown formats become exception documents, never a 500.

    Exempt from CSRF: nothing here writes, and any other method (POST, QUERY…) is a 405 naming
    GET, not the CSRF middleware's 403.
    """

    @csrf_exempt
    @require_GET
    def wrapper(request, *args, **kwargs):
        f = request.GET.get("f")
        if f and f not in ("json", "html", "geojson"):
            return exception(
                request, 400, "InvalidParameterValue", _("Unknown format “%(f)s”.") % {"f": f[:20]}
            )
        try:
            response = fn(request, *args, **kwargs)
        except OGCError as exc:
            return exception(request, exc.status, exc.code, exc.description)
        response.headers["Vary"] = "Accept, Authorization, Cookie"
        response.headers.setdefault("Access-Control-Allow-Origin", "*")
        return response

    wrapper.__name__ = fn.__name__
    return wrapper


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/ogc").rstrip("/")


def _json(data, content_type="application/json", status=200) -> HttpResponse:
    return HttpResponse(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")),
        content_type=content_type,
        status=status,
    )


def _links(base_url: str, rel_self_type: str, html: bool) -> list[dict]:
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


@ogc_view
def landing(request):
    base = _base(request)
    html = _wants_html(request)
    data = {
        "title": "Hoptac — OGC API – Features",
        "description": _("Layers of the shared urban spatial database of the partner cities."),
        "links": _links(f"{base}/", "application/json", html)
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
    if html:
        return render(request, "geodata/ogc/landing.html", {"data": data, "base": base})
    return _json(data)


@ogc_view
def conformance(request):
    data = {"conformsTo": CONF}
    if _wants_html(request):
        return render(request, "geodata/ogc/conformance.html", {"data": data})
    return _json(data)


@ogc_view
def api_definition(request):
    doc = openapi.document(_base(request))
    if _wants_html(request):
        return render(request, "geodata/ogc/api.html", {"doc": doc, "base": _base(request)})
    return _json(doc, content_type=OAS30)


# --- collections ------------------------------------------------------------------------------
def _layer(request, collection_id: str, lean: bool = False) -> Layer:
    """The collection's layer if the request may read it, else a 401, 403 or 404 OGCError.

    lean: a public layer is read in one plain query (`Store.public_layer`), with only what the
    JSON documents need (not the owner, not the locality: the HTML pages show those).
    """
    if lean:
        record_token_use(request)
        layer = store().public_layer(collection_id)
        if layer is not None:
            return layer
    user = user_from_request(request)
    layer = published_layers(user).filter(slug=collection_id).first()
    if layer is not None:
        return layer
    exists = Layer.objects.filter(slug=collection_id, current_version__isnull=False).exists()
    if exists and not getattr(user, "is_authenticated", False):
        raise OGCError(
            401,
            "NotAuthorized",
            _(
                "This collection is not public: sign in or send an API token "
                "(Authorization: Bearer …)."
            ),
        )
    if exists:
        raise OGCError(403, "Forbidden", _("You may not read this collection."))
    raise OGCError(404, "NotFound", _("No collection “%(id)s”.") % {"id": collection_id[:80]})


def _collection(layer: Layer, base: str) -> dict:
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


@ogc_view
def collections(request):
    base = _base(request)
    layers = list(published_layers(user_from_request(request)))
    html = _wants_html(request)
    data = {
        "links": _links(f"{base}/collections", "application/json", html),
        "collections": [_collection(layer, base) for layer in layers],
        "crs": [crsmod.CRS84] + [crsmod.EPSG_URI.format(c) for c in crsmod.OGC_CRS],
    }
    if html:
        return render(
            request, "geodata/ogc/collections.html", {"data": data, "layers": layers, "base": base}
        )
    return _json(data)


@ogc_view
def collection(request, collection_id: str):
    layer = _layer(request, collection_id)
    data = _collection(layer, _base(request))
    if _wants_html(request):
        return render(request, "geodata/ogc/collection.html", {"data": data, "layer": layer})
    return _json(data)


@ogc_view
def queryables(request, collection_id: str):
    layer = _layer(request, collection_id)
    base = _base(request)
    types = {"int": "integer", "float": "number", "bool": "boolean", "str": "string"}
    props = {
        "geometry": {
            "$ref": "https://geojson.org/schema/Geometry.json",
            "x-ogc-role": "primary-geometry",
        }
    }
    for name, t in sorted((layer.current_version.fields or {}).items()):
        props[name] = {"title": name, "type": types.get(t, "string")}
    data = {
        "$schema": "https://json-schema.org/draft/2019-09/schema",
        "$id": f"{base}/collections/{layer.slug}/queryables",
        "type": "object",
        "title": layer.name,
        "properties": props,
        "additionalProperties": False,
    }
    if _wants_html(request):
        return render(request, "geodata/ogc/queryables.html", {"data": data, "layer": layer})
    return _json(data, content_type="application/schema+json")


# --- parameters -------------------------------------------------------------------------------
def _bad(name: str, message: str) -> OGCError:
    return OGCError(400, "InvalidParameterValue", f"{name}: {message}")


def _limit(request) -> int:
    raw = request.GET.get("limit")
    if raw is None:
        return DEFAULT_LIMIT
    try:
        value = int(raw)
    except ValueError:
        raise _bad("limit", _("must be a whole number.")) from None
    if value < 1:
        raise _bad("limit", _("must be at least 1."))
    return min(value, MAX_LIMIT)


def _crs_param(request, name: str) -> int | None:
    raw = request.GET.get(name)
    if raw is None:
        return None
    try:
        code = crsmod.parse_crs_uri(raw)
    except crsmod.CRSProblem as exc:
        raise _bad(name, str(exc)) from None
    if code is not None and code not in crsmod.OGC_CRS:
        raise _bad(name, _("unsupported coordinate system."))
    return code


def _bbox(request) -> Polygon | None:
    values = _bbox_values(request)
    return None if values is None else Polygon.from_bbox(values)


def _bbox_values(request) -> tuple[float, float, float, float] | None:
    """The `bbox` (with `bbox-crs`) as minx, miny, maxx, maxy in WGS 84, or None."""
    raw = request.GET.get("bbox")
    if raw is None:
        return None
    try:
        values = [float(v) for v in raw.split(",")]
    except ValueError:
        raise _bad("bbox", _("four or six numbers separated by commas.")) from None
    if len(values) == 6:
        values = [values[0], values[1], values[3], values[4]]
    if len(values) != 4 or not all(np.isfinite(values)):
        raise _bad("bbox", _("four or six numbers separated by commas."))
    code = _crs_param(request, "bbox-crs")
    minx, miny, maxx, maxy = values
    if code is not None:
        if crsmod.lat_first(code):
            minx, miny, maxx, maxy = miny, minx, maxy, maxx
        if code != 4326:
            t = crsmod.transformer(code, 4326)
            xs, ys = t.transform([minx, maxx, minx, maxx], [miny, miny, maxy, maxy], errcheck=False)
            minx, maxx, miny, maxy = min(xs), max(xs), min(ys), max(ys)
            if not all(np.isfinite([minx, miny, maxx, maxy])):
                raise _bad("bbox", _("outside the area of the coordinate system."))
    if minx > maxx or miny > maxy:
        raise _bad("bbox", _("the lower corner must come first."))
    if code is None and (miny < -90 or maxy > 90):
        raise _bad("bbox", _("latitudes must lie between -90 and 90."))
    minx, maxx = max(minx, -180), min(maxx, 180)
    miny, maxy = max(miny, -90), min(maxy, 90)
    return minx, miny, maxx, maxy


def _parse_instant(text: str) -> dt.datetime | None:
    if text in ("..", ""):
        return None
    try:
        if "T" in text or "t" in text:
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        return dt.datetime.combine(dt.date.fromisoformat(text), dt.time())
    except ValueError:
        raise _bad(
            "datetime", _("not an RFC 3339 date or time: %(v)s") % {"v": text[:40]}
        ) from None


def _datetime(request) -> None:
    raw = request.GET.get("datetime")
    if raw is None:
        return
    parts = raw.split("/")
    if len(parts) > 2 or (len(parts) == 2 and parts == ["..", ".."]):
        raise _bad("datetime", _("an instant or an interval start/end."))
    values = [_parse_instant(p) for p in parts]
    if len(parts) == 1 and values[0] is None:
        raise _bad("datetime", _("an instant or an interval start/end."))
    if len(values) == 2 and all(values):
        a, b = values
        if (a.tzinfo is None) != (b.tzinfo is None):
            a, b = a.replace(tzinfo=None), b.replace(tzinfo=None)
        if a > b:
            raise _bad("datetime", _("the interval ends before it starts."))
    # The layers carry no time of their own: a valid datetime selects every feature.


def _sortby(request, fields: dict) -> list[tuple[str, bool]]:
    raw = request.GET.get("sortby")
    if not raw:
        return []
    keys = []
    for part in raw.split(","):
        part = part.strip()
        desc = part.startswith("-")
        name = part.lstrip("+-").strip()
        if name.endswith((" DESC", " desc")):
            desc, name = True, name[:-5].strip()
        elif name.endswith((" ASC", " asc")):
            name = name[:-4].strip()
        if name not in fields and name != "id":
            raise _bad("sortby", _("“%(name)s” is not a sortable property.") % {"name": name[:60]})
        keys.append((name, desc))
    return keys[:3]


def _cursor_encode(values: list) -> str:
    return (
        base64.urlsafe_b64encode(json.dumps(values, separators=(",", ":")).encode())
        .decode()
        .rstrip("=")
    )


def _cursor_decode(raw: str) -> list:
    try:
        pad = "=" * (-len(raw) % 4)
        values = json.loads(base64.urlsafe_b64decode(raw + pad))
        if not isinstance(values, list) or not values or not isinstance(values[-1], int):
            raise ValueError
        if not -(2**63) < values[-1] < 2**63:  # a feature id is a 64-bit integer
            raise ValueError
        return values
    except (ValueError, TypeError):
        raise _bad("cursor", _("not a position given by this server.")) from None


# --- features ---------------------------------------------------------------------------------
def _geometry_writer(code: int | None):
    """A function (ids, rows) → GeoJSON geometry texts in the requested CRS."""
    if code is None:
        return None
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
    g = shapely.set_precision(g, 10**-precision, mode="pointwise")
    return shapely.to_geojson(g)


def _features_query(request, layer: Layer):
    fields = layer.current_version.fields or {}
    unknown = set(request.GET) - ITEM_PARAMS - set(fields)
    if unknown:
        raise OGCError(
            400,
            "InvalidParameterValue",
            _("Unknown parameter: %(names)s") % {"names": ", ".join(sorted(unknown))[:200]},
        )
    qs = Feature.objects.filter(version_id=layer.current_version_id)
    box = _bbox(request)
    if box is not None:
        if connection.vendor == "postgresql":
            # `&&` as well (implied by ST_Intersects, so the result is the same): without it the
            # planner overestimates the rows and starts a parallel worker (20 ms on a busy host)
            # for a page of a few hundred features.
            qs = qs.filter(geom__bboverlaps=box)
        qs = qs.filter(geom__intersects=box)
    _datetime(request)
    lang = request.GET.get("filter-lang", "cql2-text")
    if lang != "cql2-text":
        raise _bad("filter-lang", _("only cql2-text is supported."))
    filtered = box is not None
    plain = True  # no filter but the bbox: the shape `Store.page` answers
    text = request.GET.get("filter")
    if text is not None:
        try:
            q, aliases = cql2.parse(text, set(fields))
        except cql2.FilterError as exc:
            raise _bad("filter", str(exc)) from None
        qs = qs.alias(**aliases).filter(q)
        filtered = True
        plain = False
    for name in set(request.GET) & set(fields):
        if name in ITEM_PARAMS:
            continue
        value = request.GET[name]
        key = KeyTransform(name, "properties")
        alias = f"_eq_{len(qs.query.annotations)}"
        typed: object = value
        if fields.get(name) in ("int", "float"):
            try:
                typed = float(value) if fields[name] == "float" else int(value)
            except ValueError:
                raise _bad(name, _("must be a number.")) from None
            if cql2.number(str(typed)) is None:
                raise _bad(name, _("the number is out of range."))
        qs = qs.alias(**{alias: key}).filter(**{alias: typed})
        filtered = True
        plain = False
    return qs, filtered, fields, box.extent if box is not None else None, plain


# The parameters of the common page request, which `_public_page` answers in one statement.
PLAIN_PAGE_PARAMS = frozenset({"limit", "cursor", "bbox", "f"})


@ogc_view
def items(request, collection_id: str):
    html = _wants_html(request)
    if not html and request.GET.keys() <= PLAIN_PAGE_PARAMS:
        response = _public_page(request, collection_id)
        if response is not None:
            return response
    layer = _layer(request, collection_id, lean=not html)
    limit = _limit(request)
    out_crs = _crs_param(request, "crs")
    qs, filtered, fields, box, plain = _features_query(request, layer)
    sort = _sortby(request, fields)
    cursor = request.GET.get("cursor")

    # Keyset pagination: the sort keys (then the id) of the last feature of the previous page.
    order = []
    sort_aliases = {}
    for i, (name, desc) in enumerate(sort):
        if name == "id":
            continue
        alias = f"_sort{i}"
        sort_aliases[alias] = KeyTransform(name, "properties")
        order.append((alias, desc))
    if sort_aliases:
        qs = qs.annotate(**sort_aliases)
    id_desc = any(n == "id" and d for n, d in sort)
    after_id = None
    if cursor:
        values = _cursor_decode(cursor)
        if len(values) != len(order) + 1:
            raise _bad("cursor", _("not a position given by this server."))
        qs = qs.filter(_keyset_q(order, values, id_desc))
        after_id = values[-1]
    ordering = []
    for alias, desc in order:
        expr = F(alias)
        ordering.append(expr.desc(nulls_last=True) if desc else expr.asc(nulls_last=True))
    ordering.append("-id" if id_desc else "id")
    qs = qs.order_by(*ordering)

    rows = None
    if out_crs is None and plain and not order and not id_desc and not html:
        rows = store().page(layer.current_version_id, limit, after_id, box)
    if rows is not None:
        geometries = None  # texts ready to write (Store.page)
    elif out_crs is None:
        rows = list(
            qs.annotate(
                _gj=AsGeoJSON("geom", precision=7), _props=Cast("properties", TextField())
            ).values_list("id", "_gj", "_props", *[a for a, _d in order])[:limit]
        )
        geometries = [r[1] for r in rows]
    else:
        rows = list(
            qs.annotate(_wkb=AsWKB("geom"), _props=Cast("properties", TextField())).values_list(
                "id", "_wkb", "_props", *[a for a, _d in order]
            )[:limit]
        )
        geometries = _geometry_writer(out_crs)([r[1] for r in rows])

    content_crs = crsmod.CRS84 if out_crs is None else crsmod.EPSG_URI.format(out_crs)
    number_matched = None if (filtered or cursor) else layer.current_version.feature_count
    if not html:
        return _page_document(
            request, layer.slug, rows, geometries, limit, number_matched, content_crs
        )
    base = _base(request)
    feats = [
        {"id": r[0], "properties": json.loads(r[2]) if isinstance(r[2], str) else r[2]}
        for r in rows
    ]
    response = render(
        request,
        "geodata/ogc/items.html",
        {
            "layer": layer,
            "features": feats,
            "columns": sorted(fields),
            "links": _page_links(request, base, layer.slug, rows, limit, html=True),
            "number_matched": number_matched,
            "collection_url": f"{base}/collections/{layer.slug}",
        },
    )
    response.headers["Content-Crs"] = f"<{content_crs}>"
    return response


def _public_page(request, slug: str) -> HttpResponse | None:
    """The common request, a page of a public layer in GeoJSON by limit, cursor and bbox only,
    answered with one statement as `item` answers a feature: the layer's current version last
    seen in this process is checked in the same statement as the page is read. None when this
    process has no such hint, the hint no longer holds or the page is empty: the full path then
    reads the layer first and tells which (another version, not public, or really empty)."""
    hint = store().public_version_hint(slug)
    if hint is None:
        return None
    version_id, feature_count = hint
    record_token_use(request)
    limit = _limit(request)
    box = _bbox_values(request)
    cursor = request.GET.get("cursor")
    after_id = None
    if cursor:
        values = _cursor_decode(cursor)
        if len(values) != 1:
            raise _bad("cursor", _("not a position given by this server."))
        after_id = values[0]
    rows = store().public_page(slug, version_id, limit, after_id, box)
    if not rows:
        return None
    number_matched = None if (box is not None or cursor) else feature_count
    return _page_document(request, slug, rows, None, limit, number_matched, crsmod.CRS84)


def _page_links(request, base: str, slug: str, rows, limit: int, html: bool) -> list[dict]:
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
        nxt = {**params, "cursor": _cursor_encode(keys)}
        fmt = ("html", "text/html") if html else ("json", GEOJSON)
        links.append(
            {"href": f"{url}?{urlencode({**nxt, 'f': fmt[0]})}", "rel": "next", "type": fmt[1]}
        )
    return links


def _page_document(
    request, slug: str, rows, geometries, limit: int, number_matched, content_crs: str
) -> HttpResponse:
    """A page as a GeoJSON FeatureCollection, written as text around the geometries and
    properties the database wrote as JSON (no parsing and dumping them again). `geometries`
    None: the rows are (id, geometry, properties) texts with no NULL, as `Store.page` gives."""
    links = _page_links(request, _base(request), slug, rows, limit, html=False)
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
            f'"properties":{_props_text(r[2])}}}'
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


def _props_text(p) -> str:
    if p is None:
        return "{}"
    if isinstance(p, str):
        return p
    return json.dumps(p, ensure_ascii=False, separators=(",", ":"))


def _keyset_q(order: list[tuple[str, bool]], values: list, id_desc: bool) -> Q:
    """(k1, k2, …, id) strictly after the cursor, honouring each key's direction."""
    *keys, last_id = values
    id_q = Q(id__lt=last_id) if id_desc else Q(id__gt=last_id)
    q = id_q
    # Build from the innermost key outwards: k_n > v_n OR (k_n = v_n AND rest)
    for (alias, desc), value in reversed(list(zip(order, keys, strict=True))):
        if value is None:
            # Nulls sort last: after a null, only nulls with a greater id remain.
            q = Q(**{f"{alias}__isnull": True}) & q
            continue
        after = Q(**{f"{alias}__lt" if desc else f"{alias}__gt": value}) | Q(
            **{f"{alias}__isnull": True}
        )
        q = after | (Q(**{alias: value}) & q)
    return q


def _feature_id(text: str) -> int | None:
    """A feature id from the path: a positive 64-bit integer in plain digits, else None."""
    if not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    value = int(text)
    return value if 0 < value < 2**63 else None


@ogc_view
def item(request, collection_id: str, feature_id: str):
    html = _wants_html(request)
    fid = _feature_id(feature_id)
    if fid is not None and not html and set(request.GET) <= {"f"}:
        # The common case, a public layer in GeoJSON: one query, the JSON written as text.
        record_token_use(request)
        row = store().public_feature(collection_id, fid)
        if row is not None:
            return _feature_document(request, collection_id, row, row[1], crsmod.CRS84)
    layer = _layer(request, collection_id, lean=not html)
    unknown = set(request.GET) - {"crs", "f"}
    if unknown:
        raise OGCError(
            400,
            "InvalidParameterValue",
            _("Unknown parameter: %(names)s") % {"names": ", ".join(sorted(unknown))[:200]},
        )
    out_crs = _crs_param(request, "crs")
    qs = Feature.objects.filter(version_id=layer.current_version_id, pk=fid) if fid else None
    row = None
    if qs is not None:
        if out_crs is None:
            row = (
                qs.annotate(
                    _g=AsGeoJSON("geom", precision=7), _props=Cast("properties", TextField())
                )
                .values_list("id", "_g", "_props")
                .first()
            )
        else:
            row = (
                qs.annotate(_g=AsWKB("geom"), _props=Cast("properties", TextField()))
                .values_list("id", "_g", "_props")
                .first()
            )
    if row is None:
        raise OGCError(
            404, "NotFound", _("No feature “%(id)s” in this collection.") % {"id": feature_id[:40]}
        )
    geometry = row[1] if out_crs is None else _geometry_writer(out_crs)([row[1]])[0]
    content_crs = crsmod.CRS84 if out_crs is None else crsmod.EPSG_URI.format(out_crs)
    if html:
        base = _base(request)
        response = render(
            request,
            "geodata/ogc/item.html",
            {
                "layer": layer,
                "fid": row[0],
                "properties": json.loads(_props_text(row[2])),
                "links": _feature_links(base, layer.slug, row[0]),
            },
        )
        response.headers["Content-Crs"] = f"<{content_crs}>"
        return response
    return _feature_document(request, layer.slug, row, geometry, content_crs)


def _feature_links(base: str, slug: str, fid: int) -> list[dict]:
    url = f"{base}/collections/{slug}/items/{fid}"
    return [
        {"href": f"{url}?f=json", "rel": "self", "type": GEOJSON},
        {"href": f"{url}?f=html", "rel": "alternate", "type": "text/html"},
        {"href": f"{base}/collections/{slug}", "rel": "collection", "type": "application/json"},
    ]


def _feature_document(request, slug: str, row, geometry, content_crs: str) -> HttpResponse:
    links = _feature_links(_base(request), slug, row[0])
    body = (
        f'{{"type":"Feature","id":{row[0]:d},"geometry":{geometry or "null"},'
        f'"properties":{_props_text(row[2])},"links":{json.dumps(links)}}}'
    )
    response = HttpResponse(body, content_type=GEOJSON)
    response.headers["Content-Crs"] = f"<{content_crs}>"
    return response
