"""The OpenAPI 3.0 document of /ogc/ (the OGC test suite reads 3.0 only)."""

from __future__ import annotations

from .. import crs as crsmod


def _param(name, where, schema, description, required=False, style=None, explode=None):
    p = {
        "name": name,
        "in": where,
        "required": required,
        "schema": schema,
        "description": description,
    }
    if style:
        p["style"] = style
    if explode is not None:
        p["explode"] = explode
    return p


def document(base: str) -> dict:
    crs_enum = [crsmod.CRS84] + [crsmod.EPSG_URI.format(c) for c in crsmod.OGC_CRS]
    params = {
        "collectionId": _param(
            "collectionId", "path", {"type": "string"}, "Identifier of a collection", True
        ),
        "featureId": _param(
            "featureId", "path", {"type": "string"}, "Identifier of a feature", True
        ),
        "limit": _param(
            "limit",
            "query",
            {"type": "integer", "minimum": 1, "maximum": 10000, "default": 10},
            "Largest number of features in the response (values above 10000 are reduced).",
            style="form",
            explode=False,
        ),
        "bbox": _param(
            "bbox",
            "query",
            {
                "type": "array",
                "minItems": 4,
                "maxItems": 6,
                "items": {"type": "number"},
            },
            "Only features that intersect the box minx,miny,maxx,maxy "
            "(in bbox-crs, CRS84 by default).",
            style="form",
            explode=False,
        ),
        "bbox-crs": _param(
            "bbox-crs",
            "query",
            {"type": "string", "format": "uri", "enum": crs_enum},
            "Coordinate system of bbox.",
            style="form",
            explode=False,
        ),
        "crs": _param(
            "crs",
            "query",
            {"type": "string", "format": "uri", "enum": crs_enum},
            "Coordinate system of the geometries in the response.",
            style="form",
            explode=False,
        ),
        "datetime": _param(
            "datetime",
            "query",
            {"type": "string"},
            "An instant or interval (RFC 3339, '..' for open ends). Layers without time ignore it.",
            style="form",
            explode=False,
        ),
        "filter": _param(
            "filter", "query", {"type": "string"}, "A CQL2 text filter (Basic CQL2).", style="form"
        ),
        "filter-lang": _param(
            "filter-lang",
            "query",
            {"type": "string", "enum": ["cql2-text"], "default": "cql2-text"},
            "Language of the filter.",
            style="form",
        ),
        "sortby": _param(
            "sortby",
            "query",
            {"type": "array", "items": {"type": "string"}},
            "Properties to sort by, '-' for descending (e.g. -area,name).",
            style="form",
            explode=False,
        ),
        "cursor": _param(
            "cursor",
            "query",
            {"type": "string"},
            "Opaque position given by a 'next' link.",
            style="form",
        ),
        "f": _param(
            "f",
            "query",
            {"type": "string", "enum": ["json", "html"]},
            "Output format (JSON by default for programs, HTML for browsers).",
            style="form",
            explode=False,
        ),
    }
    exception = {
        "description": "An error, as an OGC exception document.",
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["code"],
                    "properties": {"code": {"type": "string"}, "description": {"type": "string"}},
                }
            },
            "text/html": {"schema": {"type": "string"}},
        },
    }

    def ok(description: str, schema: dict, geo: bool = False) -> dict:
        content = {"application/geo+json" if geo else "application/json": {"schema": schema}}
        content["text/html"] = {"schema": {"type": "string"}}
        return {
            "200": {"description": description, "content": content},
            "400": {"$ref": "#/components/responses/Exception"},
            "default": {"$ref": "#/components/responses/Exception"},
        }

    def ref(name):
        return {"$ref": f"#/components/parameters/{name}"}

    obj = {"type": "object"}
    item_params = [
        ref("collectionId"),
        ref("limit"),
        ref("bbox"),
        ref("bbox-crs"),
        ref("datetime"),
        ref("crs"),
        ref("filter"),
        ref("filter-lang"),
        ref("sortby"),
        ref("cursor"),
        ref("f"),
    ]
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Hoptac — OGC API – Features",
            "version": "1.0.0",
            "description": "Layers of the shared urban spatial database of the partner cities.",
            "license": {"name": "Per layer; see each collection."},
        },
        "servers": [{"url": base}],
        "tags": [{"name": "Capabilities"}, {"name": "Data"}],
        "paths": {
            "/": {
                "get": {
                    "tags": ["Capabilities"],
                    "summary": "Landing page",
                    "operationId": "getLandingPage",
                    "parameters": [ref("f")],
                    "responses": ok("The landing page", obj),
                }
            },
            "/conformance": {
                "get": {
                    "tags": ["Capabilities"],
                    "summary": "Conformance classes",
                    "operationId": "getConformanceDeclaration",
                    "parameters": [ref("f")],
                    "responses": ok("The conformance classes", obj),
                }
            },
            "/api": {
                "get": {
                    "tags": ["Capabilities"],
                    "summary": "This API definition",
                    "operationId": "getApiDefinition",
                    "responses": {
                        "200": {
                            "description": "The OpenAPI 3.0 document",
                            "content": {"application/vnd.oai.openapi+json;version=3.0": {}},
                        }
                    },
                }
            },
            "/collections": {
                "get": {
                    "tags": ["Capabilities"],
                    "summary": "The collections (layers)",
                    "operationId": "getCollections",
                    "parameters": [ref("f")],
                    "responses": ok("The collections", obj),
                }
            },
            "/collections/{collectionId}": {
                "get": {
                    "tags": ["Capabilities"],
                    "summary": "One collection",
                    "operationId": "describeCollection",
                    "parameters": [ref("collectionId"), ref("f")],
                    "responses": {
                        **ok("The collection", obj),
                        "404": {"$ref": "#/components/responses/Exception"},
                    },
                }
            },
            "/collections/{collectionId}/queryables": {
                "get": {
                    "tags": ["Capabilities"],
                    "summary": "Properties that filters may use",
                    "operationId": "getQueryables",
                    "parameters": [ref("collectionId"), ref("f")],
                    "responses": {
                        "200": {
                            "description": "A JSON Schema of the queryables",
                            # `f=html` answers a page (schemathesis found it undeclared).
                            "content": {
                                "application/schema+json": {"schema": obj},
                                "text/html": {"schema": {"type": "string"}},
                            },
                        },
                        "400": {"$ref": "#/components/responses/Exception"},
                        "404": {"$ref": "#/components/responses/Exception"},
                        "default": {"$ref": "#/components/responses/Exception"},
                    },
                }
            },
            "/collections/{collectionId}/items": {
                "get": {
                    "tags": ["Data"],
                    "summary": "Features of a collection",
                    "operationId": "getFeatures",
                    "parameters": item_params,
                    "responses": {
                        **ok(
                            "The features",
                            {"$ref": "#/components/schemas/featureCollectionGeoJSON"},
                            True,
                        ),
                        "404": {"$ref": "#/components/responses/Exception"},
                    },
                }
            },
            "/collections/{collectionId}/items/{featureId}": {
                "get": {
                    "tags": ["Data"],
                    "summary": "One feature",
                    "operationId": "getFeature",
                    "parameters": [ref("collectionId"), ref("featureId"), ref("crs"), ref("f")],
                    "responses": {
                        **ok("The feature", {"$ref": "#/components/schemas/featureGeoJSON"}, True),
                        "404": {"$ref": "#/components/responses/Exception"},
                    },
                }
            },
        },
        "components": {
            "parameters": params,
            "responses": {"Exception": exception},
            "schemas": {
                "featureCollectionGeoJSON": {
                    "type": "object",
                    "required": ["type", "features"],
                    "properties": {
                        "type": {"type": "string", "enum": ["FeatureCollection"]},
                        "features": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/featureGeoJSON"},
                        },
                        "links": {"type": "array", "items": obj},
                        "timeStamp": {"type": "string", "format": "date-time"},
                        "numberMatched": {"type": "integer", "minimum": 0},
                        "numberReturned": {"type": "integer", "minimum": 0},
                    },
                },
                "featureGeoJSON": {
                    "type": "object",
                    "required": ["type", "geometry", "properties"],
                    "properties": {
                        "type": {"type": "string", "enum": ["Feature"]},
                        "geometry": {"nullable": True, "type": "object"},
                        "properties": {"nullable": True, "type": "object"},
                        "id": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
                        "links": {"type": "array", "items": obj},
                    },
                },
            },
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "description": "A Hoptac API token"}
            },
        },
    }
