"""Shared by the OGC API tests: the conformance and CRS URIs, a JSON GET and its parsed body."""

from __future__ import annotations

import json

CORE = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EPSG = "http://www.opengis.net/def/crs/EPSG/0/"


def get(client, url, **params):
    response = client.get(url, params, HTTP_ACCEPT="application/json")
    return response


def body(response):
    return json.loads(response.content)
