"""OGC API – Records (Part 1) at /ogc/: the catalogue of the layers a reader may see, one
record per layer (the metadata of `geodata.metadata`), searchable by words (`q`), extent
(`bbox`) and type, as GeoJSON or HTML. The catalogue is the collection `catalogue`; it is listed
with the layers' collections (`itemType: record`) and read by OWSLib's `Records`.
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _

from hoptac.core.text import fold

from ..metadata import FORMAT_NAMES, TOPIC_SCHEME, record
from ..queries import published_layers, user_from_request
from .documents import GEOJSON, json_response, ogc_base, self_links
from .parameters import OGCError, bad, bbox_values, limit_param, refuse_unknown, wants_html

CATALOGUE = "catalogue"
RECORD_CORE = "http://www.opengis.net/spec/ogcapi-records-1/1.0/req/record-core"
CONF = [
    "http://www.opengis.net/spec/ogcapi-records-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-records-1/1.0/conf/record-core",
    "http://www.opengis.net/spec/ogcapi-records-1/1.0/conf/record-collection",
    "http://www.opengis.net/spec/ogcapi-records-1/1.0/conf/record-core-query-parameters",
    "http://www.opengis.net/spec/ogcapi-records-1/1.0/conf/json",
    "http://www.opengis.net/spec/ogcapi-records-1/1.0/conf/html",
]
JSON, XML, LD = "application/json", "application/xml", "application/ld+json"
PARAMS = {"f", "q", "bbox", "limit", "offset", "type", "datetime", "externalIds", "ids"}


def catalogue_document(base: str) -> dict:
    url = f"{base}/collections/{CATALOGUE}"
    return {
        "id": CATALOGUE,
        "title": _("Catalogue of the layers"),
        "description": _(
            "Metadata records (ISO 19115 core) of the layers of the shared urban spatial database."
        ),
        "itemType": "record",
        "type": "Catalog",
        "conformsTo": [RECORD_CORE],
        "links": [
            {"href": url, "rel": "self", "type": "application/json"},
            {"href": f"{url}?f=html", "rel": "alternate", "type": "text/html"},
            {"href": f"{url}/items", "rel": "items", "type": GEOJSON},
            {"href": f"{url}/items?f=html", "rel": "items", "type": "text/html"},
        ],
    }


def record_document(rec: dict, base: str) -> dict:
    """One layer's record as an OGC API – Records GeoJSON record."""
    url = f"{base}/collections/{CATALOGUE}/items/{rec['slug']}"
    geometry = None
    if rec["bbox"]:
        w, s, e, n = rec["bbox"]
        geometry = {"type": "Polygon", "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]]}
    properties = {
        "type": "dataset",
        "title": rec["title_vi"],
        "description": rec["abstract"] or rec["title_vi"],
        "keywords": rec["keywords"],
        "themes": [
            {
                "concepts": [{"id": rec["topic"], "title": str(rec["theme"])}],
                "scheme": TOPIC_SCHEME,
            }
        ],
        "language": {"code": "vi"},
        "contacts": [
            {
                "organization": rec["organisation"],
                "roles": ["publisher", "pointOfContact"],
                **({"emails": [{"value": rec["contact"]}]} if "@" in rec["contact"] else {}),
            }
        ],
        "updated": rec["updated"],
        "formats": [
            {"name": FORMAT_NAMES[f][0], "mediaType": FORMAT_NAMES[f][2]} for f in rec["downloads"]
        ],
        "externalIds": [{"scheme": "hoptac", "value": rec["identifier"]}],
    }
    if rec["title_en"]:
        properties["title_en"] = rec["title_en"]
    if rec["created"]:
        properties["created"] = rec["created"]
    if rec["licence"]:
        properties["license"] = rec["licence"]
    if rec["lineage"]:
        properties["rights"] = rec["lineage"]
    page = rec["page"].rstrip("/")
    links = [
        {"href": url, "rel": "self", "type": GEOJSON},
        {"href": f"{url}?f=html", "rel": "alternate", "type": "text/html"},
        {"href": f"{base}/collections/{CATALOGUE}", "rel": "collection", "type": JSON},
        {"href": rec["page"], "rel": "describedby", "type": "text/html"},
        {"href": rec["ogc"], "rel": "item", "type": JSON, "title": "OGC API – Features"},
        {"href": f"{page}/sieu-du-lieu.xml", "rel": "alternate", "type": XML, "title": "ISO 19139"},
        {"href": f"{page}/sieu-du-lieu.jsonld", "rel": "alternate", "type": LD, "title": "DCAT"},
    ]
    for fmt, href in rec["downloads"].items():
        name, _version, media = FORMAT_NAMES[fmt]
        links.append({"href": href, "rel": "enclosure", "type": media, "title": name})
    return {
        "id": rec["slug"],
        "type": "Feature",
        "conformsTo": [RECORD_CORE],
        "geometry": geometry,
        "time": None,
        "properties": properties,
        "links": links,
    }


def _site(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _records(request) -> list[dict]:
    layers = published_layers(user_from_request(request))
    return [record(layer, _site(request)) for layer in layers]


def _matches(rec: dict, words: list[str]) -> bool:
    text = fold(
        " ".join(
            [rec["title_vi"], rec["title_en"], rec["abstract"], rec["organisation"], rec["topic"]]
            + [str(k) for k in rec["keywords"]]
        )
    )
    return all(w in text for w in words)


def _intersects(rec: dict, box) -> bool:
    if not rec["bbox"]:
        return False
    w, s, e, n = rec["bbox"]
    return not (e < box[0] or w > box[2] or n < box[1] or s > box[3])


def catalogue(request):
    data = catalogue_document(ogc_base(request))
    if wants_html(request):
        return render(request, "geodata/ogc/records.html", {"data": data, "records": None})
    return json_response(data)


def items(request):
    refuse_unknown(request, PARAMS)
    base = ogc_base(request)
    limit = limit_param(request)
    try:
        offset = int(request.GET.get("offset", 0))
    except ValueError:
        raise bad("offset", _("must be a whole number.")) from None
    if offset < 0:
        raise bad("offset", _("must be a whole number."))
    kind = request.GET.get("type")
    found = _records(request) if kind in (None, "", "dataset") else []
    words = fold(request.GET.get("q", "")).replace(",", " ").split()
    if words:
        found = [r for r in found if _matches(r, words)]
    box = bbox_values(request)
    if box is not None:
        found = [r for r in found if _intersects(r, box)]
    ids = [i for i in request.GET.get("ids", "").split(",") if i]
    if ids:
        found = [r for r in found if r["slug"] in ids]
    page = found[offset : offset + limit]
    features = [record_document(r, base) for r in page]
    url = f"{base}/collections/{CATALOGUE}/items"
    links = self_links(url, GEOJSON, wants_html(request))
    if offset + limit < len(found):
        query = request.GET.copy()
        query["offset"] = str(offset + limit)
        query["limit"] = str(limit)
        links.append({"href": f"{url}?{query.urlencode()}", "rel": "next", "type": GEOJSON})
    data = {
        "type": "FeatureCollection",
        "features": features,
        "numberMatched": len(found),
        "numberReturned": len(features),
        "links": links,
    }
    if wants_html(request):
        return render(
            request,
            "geodata/ogc/records.html",
            {
                "data": catalogue_document(base),
                "records": features,
                "found": data,
                "q": request.GET.get("q", ""),
            },
        )
    return json_response(data, content_type=GEOJSON)


def item(request, record_id: str):
    refuse_unknown(request, {"f"})
    layer = published_layers(user_from_request(request)).filter(slug=record_id).first()
    if layer is not None:
        doc = record_document(record(layer, _site(request)), ogc_base(request))
        if wants_html(request):
            return render(request, "geodata/ogc/record.html", {"record": doc})
        return json_response(doc, content_type=GEOJSON)
    raise OGCError(404, "NotFound", _("No record “%(id)s”.") % {"id": record_id[:80]})
