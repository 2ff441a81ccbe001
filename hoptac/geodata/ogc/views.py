"""OGC API – Features at /ogc/: Part 1 Core (GeoJSON, HTML, OpenAPI 3.0), Part 2 CRS, Part 3
queryables and CQL2 text (Basic CQL2), sortby. Plain Django views: we own the document.

Pages are keyset-paginated on the feature id (the `cursor` of a `next` link), so page 3,000 costs
what page 1 costs; with `sortby` the cursor holds the sort values of the last feature as well.
"""

from __future__ import annotations

import json

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from .. import crs as crsmod
from ..backends import store
from ..queries import published_layers, record_token_use, user_from_request
from . import openapi, records
from .documents import (
    CONF,
    OAS30,
    collection_document,
    exception,
    feature_document,
    feature_links,
    geometry_writer,
    json_response,
    landing_document,
    ogc_base,
    page_document,
    page_links,
    props_text,
    queryables_document,
    self_links,
)
from .parameters import (
    PLAIN_PAGE_PARAMS,
    OGCError,
    bad,
    bbox_values,
    crs_param,
    cursor_decode,
    limit_param,
    parse_feature_id,
    refuse_unknown,
    sortby,
    wants_html,
)
from .queries import feature_row, features_query, keyset_page, layer_for, page_rows


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


@ogc_view
def landing(request):
    base = ogc_base(request)
    html = wants_html(request)
    data = landing_document(base, html)
    if html:
        return render(request, "geodata/ogc/landing.html", {"data": data, "base": base})
    return json_response(data)


@ogc_view
def conformance(request):
    data = {"conformsTo": CONF + records.CONF}
    if wants_html(request):
        return render(request, "geodata/ogc/conformance.html", {"data": data})
    return json_response(data)


@ogc_view
def api_definition(request):
    doc = openapi.document(ogc_base(request))
    if wants_html(request):
        return render(request, "geodata/ogc/api.html", {"doc": doc, "base": ogc_base(request)})
    return json_response(doc, content_type=OAS30)


@ogc_view
def collections(request):
    base = ogc_base(request)
    layers = list(published_layers(user_from_request(request)))
    html = wants_html(request)
    data = {
        "links": self_links(f"{base}/collections", "application/json", html),
        # The layers (features), then the catalogue of their metadata (records).
        "collections": [collection_document(layer, base) for layer in layers]
        + [records.catalogue_document(base)],
        "crs": [crsmod.CRS84] + [crsmod.EPSG_URI.format(c) for c in crsmod.OGC_CRS],
    }
    if html:
        return render(
            request, "geodata/ogc/collections.html", {"data": data, "layers": layers, "base": base}
        )
    return json_response(data)


@ogc_view
def collection(request, collection_id: str):
    layer = layer_for(request, collection_id)
    data = collection_document(layer, ogc_base(request))
    if wants_html(request):
        return render(request, "geodata/ogc/collection.html", {"data": data, "layer": layer})
    return json_response(data)


@ogc_view
def queryables(request, collection_id: str):
    layer = layer_for(request, collection_id)
    base = ogc_base(request)
    data = queryables_document(layer, base)
    if wants_html(request):
        return render(request, "geodata/ogc/queryables.html", {"data": data, "layer": layer})
    return json_response(data, content_type="application/schema+json")


@ogc_view
def items(request, collection_id: str):
    html = wants_html(request)
    if not html and request.GET.keys() <= PLAIN_PAGE_PARAMS:
        response = _public_page(request, collection_id)
        if response is not None:
            return response
    layer = layer_for(request, collection_id, lean=not html)
    limit = limit_param(request)
    out_crs = crs_param(request, "crs")
    qs, filtered, fields, box, plain = features_query(request, layer)
    sort = sortby(request, fields)
    cursor = request.GET.get("cursor")
    qs, order, id_desc, after_id = keyset_page(qs, sort, cursor)

    rows = None
    if out_crs is None and plain and not order and not id_desc and not html:
        rows = store().page(layer.current_version_id, limit, after_id, box)
    if rows is not None:
        geometries = None  # texts ready to write (Store.page)
    elif out_crs is None:
        rows = page_rows(qs, order, limit, wkb=False)
        geometries = [r[1] for r in rows]
    else:
        rows = page_rows(qs, order, limit, wkb=True)
        geometries = geometry_writer(out_crs)([r[1] for r in rows])

    content_crs = crsmod.CRS84 if out_crs is None else crsmod.EPSG_URI.format(out_crs)
    number_matched = None if (filtered or cursor) else layer.current_version.feature_count
    if not html:
        return page_document(
            request, layer.slug, rows, geometries, limit, number_matched, content_crs
        )
    base = ogc_base(request)
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
            "links": page_links(request, base, layer.slug, rows, limit, html=True),
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
    limit = limit_param(request)
    box = bbox_values(request)
    cursor = request.GET.get("cursor")
    after_id = None
    if cursor:
        values = cursor_decode(cursor)
        if len(values) != 1:
            raise bad("cursor", _("not a position given by this server."))
        after_id = values[0]
    rows = store().public_page(slug, version_id, limit, after_id, box)
    if not rows:
        return None
    number_matched = None if (box is not None or cursor) else feature_count
    return page_document(request, slug, rows, None, limit, number_matched, crsmod.CRS84)


@ogc_view
def item(request, collection_id: str, feature_id: str):
    html = wants_html(request)
    fid = parse_feature_id(feature_id)
    if fid is not None and not html and set(request.GET) <= {"f"}:
        # The common case, a public layer in GeoJSON: one query, the JSON written as text.
        record_token_use(request)
        row = store().public_feature(collection_id, fid)
        if row is not None:
            return feature_document(request, collection_id, row, row[1], crsmod.CRS84)
    layer = layer_for(request, collection_id, lean=not html)
    refuse_unknown(request, {"crs", "f"})
    out_crs = crs_param(request, "crs")
    row = feature_row(layer, fid, wkb=out_crs is not None)
    if row is None:
        raise OGCError(
            404, "NotFound", _("No feature “%(id)s” in this collection.") % {"id": feature_id[:40]}
        )
    geometry = row[1] if out_crs is None else geometry_writer(out_crs)([row[1]])[0]
    content_crs = crsmod.CRS84 if out_crs is None else crsmod.EPSG_URI.format(out_crs)
    if html:
        base = ogc_base(request)
        response = render(
            request,
            "geodata/ogc/item.html",
            {
                "layer": layer,
                "fid": row[0],
                "properties": json.loads(props_text(row[2])),
                "links": feature_links(base, layer.slug, row[0]),
            },
        )
        response.headers["Content-Crs"] = f"<{content_crs}>"
        return response
    return feature_document(request, layer.slug, row, geometry, content_crs)
