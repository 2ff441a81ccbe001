"""A layer's metadata record: the core elements of ISO 19115, written as ISO 19139 XML, as DCAT
(JSON-LD) and as an OGC API – Records record.

Everything comes from the layer and its current version (title, abstract, owner and contact,
dates, extent, reference systems, scale, lineage, licence, the formats it can be downloaded in);
nothing is typed twice. The topic categories are the code list MD_TopicCategoryCode of
ISO 19115:2003, annex B.5.27 (the values as written by GDI-DE's conventions for ISO metadata,
annex 2, and by every ISO 19139 catalogue).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: S405 — we write XML, we never parse any here
from typing import Any

from django.urls import reverse
from django.utils import timezone

from .models import Layer, Theme, Visibility

GMD = "http://www.isotc211.org/2005/gmd"
GCO = "http://www.isotc211.org/2005/gco"
CODELISTS = "http://standards.iso.org/iso/19139/resources/gmxCodelists.xml"
TOPIC_SCHEME = CODELISTS + "#MD_TopicCategoryCode"
ET.register_namespace("gmd", GMD)
ET.register_namespace("gco", GCO)

# Theme -> ISO 19115 topic category (MD_TopicCategoryCode).
TOPIC = {
    Theme.BOUNDARIES: "boundaries",
    Theme.PLANNING_ZONES: "planningCadastre",
    Theme.LAND_USE: "planningCadastre",
    Theme.PARKS: "economy",
    Theme.TRANSPORT: "transportation",
    Theme.INFRASTRUCTURE: "utilitiesCommunication",
    Theme.PARCELS: "planningCadastre",
    Theme.OTHER: "location",
}
# The formats a layer is downloaded in (downloads.FORMATS), as catalogues name them.
FORMAT_NAMES = {
    "gpkg": ("GeoPackage", "1.2", "application/geopackage+sqlite3"),
    "shp": ("ESRI Shapefile (zip)", "1998", "application/zip"),
    "kml": ("KML", "2.2", "application/vnd.google-earth.kml+xml"),
    "geojson": ("GeoJSON", "RFC 7946", "application/geo+json"),
    "csv": ("CSV with WKT geometry (zip)", "RFC 4180", "application/zip"),
}
_SCALE = re.compile(r"^\s*1\s*[:/]\s*([\d.,\s]+)$")


def denominator(scale: str) -> int | None:
    """The denominator of a scale written "1:2000", "1/2.000" or "1 : 10 000"."""
    m = _SCALE.match(scale or "")
    if not m:
        return None
    digits = re.sub(r"[^\d]", "", m.group(1))
    return int(digits) if digits else None


def record(layer: Layer, base: str) -> dict[str, Any]:
    """The core elements of ISO 19115 for `layer`, as plain values; `base` is the site's
    address (scheme and host) for the links."""
    version = layer.current_version
    page = base + reverse("geodata:layer_detail", args=[layer.slug])
    crs = sorted({4326, *([layer.source_crs] if layer.source_crs else [])})
    return {
        "identifier": f"hoptac:layer:{layer.slug}",
        "slug": layer.slug,
        "title_vi": layer.name_vi,
        "title_en": layer.name_en,
        "abstract": layer.description,
        "topic": TOPIC.get(layer.theme, "location"),
        "theme": layer.get_theme_display(),
        "keywords": [str(layer.get_theme_display()), layer.locality.name],
        "organisation": layer.organisation.name,
        "locality": layer.locality.name,
        "contact": layer.contact,
        "date": layer.source_date.isoformat() if layer.source_date else None,
        "created": layer.created_at.date().isoformat() if layer.created_at else None,
        "updated": (layer.updated_at or timezone.now()).date().isoformat(),
        "bbox": list(version.bbox) if version is not None and version.bbox else None,
        "crs": [f"EPSG:{c}" for c in crs],
        "scale": layer.scale,
        "scale_denominator": denominator(layer.scale),
        "lineage": layer.source,
        "licence": layer.licence,
        "public": layer.visibility == Visibility.PUBLIC,
        "features": version.feature_count if version is not None else 0,
        "version": version.number if version is not None else None,
        "page": page,
        "ogc": base + reverse("geodata:ogc_collection", args=[layer.slug]),
        "downloads": {
            fmt: base
            + reverse("geodata:download", args=[layer.slug])
            + f"?version={version.number}&format={fmt}&crs=4326"
            for fmt in FORMAT_NAMES
        }
        if version is not None
        else {},
    }


# ISO 19139 ---------------------------------------------------------------------------------


def _el(parent, tag: str, ns: str = GMD, **attrs) -> ET.Element:
    return ET.SubElement(parent, f"{{{ns}}}{tag}", attrs)


def _text(parent, tag: str, value: Any, kind: str = "CharacterString") -> ET.Element:
    wrap = _el(parent, tag)
    _el(wrap, kind, GCO).text = str(value)
    return wrap


def _code(parent, tag: str, codelist: str, value: str) -> None:
    wrap = _el(parent, tag)
    _el(wrap, codelist, codeList=f"{CODELISTS}#{codelist}", codeListValue=value).text = value


def _party(parent, tag: str, rec: dict, role: str) -> None:
    party = _el(_el(parent, tag), "CI_ResponsibleParty")
    _text(party, "organisationName", rec["organisation"])
    if rec["contact"]:
        info = _el(_el(_el(party, "contactInfo"), "CI_Contact"), "address")
        _text(_el(info, "CI_Address"), "electronicMailAddress", rec["contact"])
    _code(party, "role", "CI_RoleCode", role)


def iso19139(rec: dict) -> bytes:
    """The record as an ISO 19139 `gmd:MD_Metadata` document."""
    root = ET.Element(f"{{{GMD}}}MD_Metadata")
    _text(root, "fileIdentifier", rec["identifier"])
    lang = _el(root, "language")
    _el(
        lang, "LanguageCode", codeList="http://www.loc.gov/standards/iso639-2/", codeListValue="vie"
    )
    lang[0].text = "vie"
    _code(root, "characterSet", "MD_CharacterSetCode", "utf8")
    _code(root, "hierarchyLevel", "MD_ScopeCode", "dataset")
    _party(root, "contact", rec, "pointOfContact")
    _text(root, "dateStamp", rec["updated"], "Date")
    _text(root, "metadataStandardName", "ISO 19115:2003/19139")
    _text(root, "metadataStandardVersion", "1.0")
    for code in rec["crs"]:
        rs = _el(
            _el(_el(root, "referenceSystemInfo"), "MD_ReferenceSystem"), "referenceSystemIdentifier"
        )
        ident = _el(rs, "RS_Identifier")
        _text(ident, "code", code.split(":")[1])
        _text(ident, "codeSpace", "EPSG")
    info = _el(_el(root, "identificationInfo"), "MD_DataIdentification")
    cit = _el(_el(info, "citation"), "CI_Citation")
    _text(cit, "title", rec["title_vi"])
    if rec["title_en"]:
        _text(cit, "alternateTitle", rec["title_en"])
    for value, kind in ((rec["date"], "creation"), (rec["updated"], "revision")):
        if value:
            date = _el(_el(cit, "date"), "CI_Date")
            _text(date, "date", value, "Date")
            _code(date, "dateType", "CI_DateTypeCode", kind)
    _text(info, "abstract", rec["abstract"] or rec["title_vi"])
    _party(info, "pointOfContact", rec, "owner")
    keywords = _el(_el(info, "descriptiveKeywords"), "MD_Keywords")
    for word in rec["keywords"]:
        _text(keywords, "keyword", word)
    constraints = _el(_el(info, "resourceConstraints"), "MD_LegalConstraints")
    if rec["licence"]:
        _text(constraints, "useLimitation", rec["licence"])
    _code(
        constraints,
        "accessConstraints",
        "MD_RestrictionCode",
        "license" if rec["public"] else "restricted",
    )
    _code(info, "spatialRepresentationType", "MD_SpatialRepresentationTypeCode", "vector")
    if rec["scale_denominator"]:
        fraction = _el(
            _el(_el(_el(info, "spatialResolution"), "MD_Resolution"), "equivalentScale"),
            "MD_RepresentativeFraction",
        )
        _text(fraction, "denominator", rec["scale_denominator"], "Integer")
    _el(
        _el(info, "language"),
        "LanguageCode",
        codeList="http://www.loc.gov/standards/iso639-2/",
        codeListValue="vie",
    ).text = "vie"
    _code(info, "characterSet", "MD_CharacterSetCode", "utf8")
    _el(info, "topicCategory").append(_topic(rec["topic"]))
    if rec["bbox"]:
        box = _el(
            _el(_el(_el(info, "extent"), "EX_Extent"), "geographicElement"),
            "EX_GeographicBoundingBox",
        )
        for tag, value in zip(
            (
                "westBoundLongitude",
                "eastBoundLongitude",
                "southBoundLatitude",
                "northBoundLatitude",
            ),
            (rec["bbox"][0], rec["bbox"][2], rec["bbox"][1], rec["bbox"][3]),
            strict=True,
        ):
            _text(box, tag, value, "Decimal")
    dist = _el(_el(root, "distributionInfo"), "MD_Distribution")
    for key, (name, version, _media) in FORMAT_NAMES.items():
        if key in rec["downloads"]:
            fmt = _el(_el(dist, "distributionFormat"), "MD_Format")
            _text(fmt, "name", name)
            _text(fmt, "version", version)
    options = _el(_el(dist, "transferOptions"), "MD_DigitalTransferOptions")
    for url, protocol in [
        (rec["ogc"], "OGC:API-Features"),
        *[(u, "WWW:DOWNLOAD-1.0-http--download") for u in rec["downloads"].values()],
    ]:
        online = _el(_el(options, "onLine"), "CI_OnlineResource")
        _el(_el(online, "linkage"), "URL").text = url
        _text(online, "protocol", protocol)
    quality = _el(_el(root, "dataQualityInfo"), "DQ_DataQuality")
    _code(_el(_el(quality, "scope"), "DQ_Scope"), "level", "MD_ScopeCode", "dataset")
    statement = rec["lineage"] or ""
    if rec["version"]:
        statement = f"{statement} (Hoptac v{rec['version']}, {rec['features']})".strip()
    if statement:
        _text(_el(_el(quality, "lineage"), "LI_Lineage"), "statement", statement)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _topic(value: str) -> ET.Element:
    el = ET.Element(f"{{{GMD}}}MD_TopicCategoryCode")
    el.text = value
    return el


# DCAT ----------------------------------------------------------------------------------------

DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "locn": "http://www.w3.org/ns/locn#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
WKT = "http://www.opengis.net/ont/geosparql#wktLiteral"


def bbox_wkt(bbox: list[float]) -> str:
    w, s, e, n = bbox
    return f"POLYGON(({w} {s},{e} {s},{e} {n},{w} {n},{w} {s}))"


def dcat(rec: dict) -> dict[str, Any]:
    """The record as a DCAT 2 `dcat:Dataset` in JSON-LD."""
    titles = [{"@value": rec["title_vi"], "@language": "vi"}]
    if rec["title_en"]:
        titles.append({"@value": rec["title_en"], "@language": "en"})
    doc: dict[str, Any] = {
        "@context": DCAT_CONTEXT,
        "@id": rec["page"],
        "@type": "dcat:Dataset",
        "dct:identifier": rec["identifier"],
        "dct:title": titles,
        "dct:description": rec["abstract"] or rec["title_vi"],
        "dcat:keyword": rec["keywords"],
        "dcat:theme": {"@id": f"{TOPIC_SCHEME}/{rec['topic']}"},
        "dct:publisher": {"@type": "foaf:Organization", "foaf:name": rec["organisation"]},
        "dct:modified": {"@value": rec["updated"], "@type": "xsd:date"},
        "dcat:landingPage": {"@id": rec["page"]},
        "dct:conformsTo": [
            {"@id": f"http://www.opengis.net/def/crs/EPSG/0/{c.split(':')[1]}"} for c in rec["crs"]
        ],
    }
    if rec["contact"]:
        doc["dcat:contactPoint"] = {
            "@type": "vcard:Organization",
            "vcard:fn": rec["organisation"],
            "vcard:hasEmail": {"@id": f"mailto:{rec['contact']}"}
            if "@" in rec["contact"]
            else rec["contact"],
        }
    if rec["date"]:
        doc["dct:issued"] = {"@value": rec["date"], "@type": "xsd:date"}
    if rec["licence"]:
        doc["dct:license"] = rec["licence"]
    if rec["lineage"]:
        doc["dct:provenance"] = {"@type": "dct:ProvenanceStatement", "rdfs:label": rec["lineage"]}
        doc["@context"] = {**DCAT_CONTEXT, "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
    if rec["bbox"]:
        doc["dct:spatial"] = {
            "@type": "dct:Location",
            "dcat:bbox": {"@value": bbox_wkt(rec["bbox"]), "@type": WKT},
        }
    doc["dcat:distribution"] = [
        {
            "@type": "dcat:Distribution",
            "dct:title": FORMAT_NAMES[fmt][0],
            "dcat:downloadURL": {"@id": url},
            "dcat:mediaType": FORMAT_NAMES[fmt][2],
        }
        for fmt, url in rec["downloads"].items()
    ] + [
        {
            "@type": "dcat:Distribution",
            "dct:title": "OGC API – Features",
            "dcat:accessURL": {"@id": rec["ogc"]},
            "dct:conformsTo": {"@id": "http://www.opengis.net/doc/IS/ogcapi-features-1/1.0"},
        }
    ]
    return doc
