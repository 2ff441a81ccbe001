"""Two independent clients read the OGC API: OWSLib and GDAL's OAPIF driver (ogrinfo)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from .conftest import fc, feature, geojson_upload, square

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def published(parcels, load, make_layer):
    """The 36 VN-2000 parcels, a 23-feature public layer, and a private one."""
    many = load(
        geojson_upload(fc(*[feature(square(105.8 + i * 0.01, 21.0), n=i) for i in range(23)]))
    )
    private = make_layer(visibility="owner")
    load(geojson_upload(fc(feature(square(105.8, 21.0)))), layer=private)
    return {parcels.slug: 36, many.layer.slug: 23}, private.slug


def test_owslib_reads_every_public_collection(live_server, published):
    from owslib.ogcapi.features import Features

    expected, private = published
    api = Features(f"{live_server.url}/ogc/")
    assert (
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core"
        in api.conformance()["conformsTo"]
    )
    ids = {c["id"] for c in api.collections()["collections"] if c["itemType"] == "feature"}
    assert ids == set(expected) and private not in ids
    for cid, count in expected.items():
        seen = []
        items = api.collection_items(cid, limit=10)
        seen += items["features"]
        while True:
            nxt = [link["href"] for link in items["links"] if link["rel"] == "next"]
            if not nxt:
                break
            cursor = re.search(r"cursor=([^&]+)", nxt[0]).group(1)
            items = api.collection_items(cid, limit=10, cursor=cursor)
            seen += items["features"]
        assert len({f["id"] for f in seen}) == count
    feature = api.collection_item(cid, str(seen[0]["id"]))
    assert feature["type"] == "Feature"


def test_gdal_oapif_driver_reads_every_public_collection(live_server, published):
    expected, private = published
    out = subprocess.run(  # noqa: S603
        [
            shutil.which("ogrinfo") or "/usr/bin/ogrinfo",
            "-ro",
            "-al",
            "-q",
            "--config",
            "OAPIF_PAGE_SIZE",
            "10",
            f"OAPIF:{live_server.url}/ogc/",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    counts: dict[str, int] = {}
    layer = None
    for line in out.splitlines():
        m = re.match(r"Layer name: (\S+)", line)
        if m:
            layer = m.group(1)
            counts[layer] = 0
        elif line.startswith("OGRFeature(") and layer:
            counts[layer] += 1
    assert counts.pop("catalogue") == len(expected)  # the records, one a public layer
    assert counts == expected
