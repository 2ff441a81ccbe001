"""The metadata record of a layer: on its page, as ISO 19139 (read by OWSLib's ISO parser), as
DCAT JSON-LD, and through OGC API – Records (read by OWSLib's Records client)."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.urls import reverse

from .conftest import fc, feature, geojson_upload, square

pytestmark = pytest.mark.django_db


@pytest.fixture
def described(parcels):
    parcels.description = "Các thửa đất mẫu ở Hải Châu"
    parcels.licence = "CC BY 4.0"
    parcels.source = "Sở Tài nguyên và Môi trường"
    parcels.scale = "1:2.000"
    parcels.contact = "gis@danang.gov.vn"
    parcels.source_date = dt.date(2024, 3, 1)
    parcels.save()
    return parcels


def test_the_iso_19139_record_is_read_by_owslib(client, described):
    from lxml import etree
    from owslib.iso import MD_Metadata

    r = client.get(reverse("geodata:metadata_xml", args=[described.slug]))
    assert r.status_code == 200 and r["Content-Type"].startswith("application/xml")
    md = MD_Metadata(etree.fromstring(r.content))  # noqa: S320 — our own document
    ident = md.identification[0]
    assert md.identifier == f"hoptac:layer:{described.slug}"
    assert ident.title == described.name_vi
    assert ident.abstract == "Các thửa đất mẫu ở Hải Châu"
    assert ident.topiccategory == ["planningCadastre"]
    assert ident.denominators == ["2000"]
    box = ident.bbox
    bbox = described.current_version.bbox
    assert float(box.minx) == pytest.approx(bbox[0]) and float(box.maxy) == pytest.approx(bbox[3])
    assert "CC BY 4.0" in ident.uselimitation
    assert (
        {"5899", "4326"} <= {rs.code for rs in md.referencesystems}
        if hasattr(md, "referencesystems")
        else True
    )
    assert md.distribution.online and any("format=gpkg" in o.url for o in md.distribution.online)
    assert md.dataquality.lineage.startswith("Sở Tài nguyên")


def test_the_dcat_record_names_the_dataset_and_its_distributions(client, described):
    r = client.get(reverse("geodata:metadata_dcat", args=[described.slug]))
    doc = json.loads(r.content)
    assert doc["@type"] == "dcat:Dataset"
    assert {"@value": described.name_vi, "@language": "vi"} in doc["dct:title"]
    assert doc["dct:issued"]["@value"] == "2024-03-01"
    assert doc["dct:spatial"]["dcat:bbox"]["@value"].startswith("POLYGON((")
    media = {d.get("dcat:mediaType") for d in doc["dcat:distribution"]}
    assert {"application/geopackage+sqlite3", "application/geo+json"} <= media


def test_the_layer_page_shows_the_record_in_both_languages(client, described):
    from django.utils import translation

    for lang, words in (("vi", "Siêu dữ liệu"), ("en", "Metadata (ISO 19115)")):
        with translation.override(lang):
            client.cookies["django_language"] = lang
            r = client.get(
                reverse("geodata:layer_detail", args=[described.slug]), HTTP_ACCEPT_LANGUAGE=lang
            )
        text = r.content.decode()
        assert words in text
        assert "planningCadastre" in text and "EPSG:5899" in text
        assert "01/03/2024" in text
        # the extent: four numbers of one precision, in the page's notation
        words = r"kinh độ (\S+) đến (\S+), vĩ độ (\S+) đến (\S+)<"
        if lang == "en":
            words = r"longitude (\S+) to (\S+), latitude (\S+) to (\S+)<"
        extent = re.search(words, text)
        assert extent, lang
        number = r"\d+,\d{5}" if lang == "vi" else r"\d+\.\d{5}"
        assert all(re.fullmatch(number, n) for n in extent.groups()), extent.groups()


def test_a_private_layers_record_is_not_shown(client, make_layer, load):
    layer = make_layer(visibility="owner")
    load(geojson_upload(fc(feature(square(105.8, 21.0)))), layer=layer)
    for name in ("geodata:metadata_xml", "geodata:metadata_dcat"):
        assert client.get(reverse(name, args=[layer.slug])).status_code == 403
    r = client.get(f"/ogc/collections/catalogue/items/{layer.slug}")
    assert r.status_code == 404
    r = client.get("/ogc/collections/catalogue/items")
    assert layer.slug not in r.content.decode()


def test_records_search_by_words_without_diacritics_and_by_extent(client, described, load):
    other = load(geojson_upload(fc(feature(square(105.8, 21.0)))))
    r = client.get("/ogc/collections/catalogue/items", {"q": "thua dat hai chau"})
    assert [f["id"] for f in r.json()["features"]] == [described.slug]
    r = client.get("/ogc/collections/catalogue/items", {"bbox": "105.7,20.9,105.9,21.1"})
    assert [f["id"] for f in r.json()["features"]] == [other.layer.slug]
    r = client.get("/ogc/collections/catalogue/items", {"limit": 1})
    body = r.json()
    assert body["numberMatched"] == 2 and body["numberReturned"] == 1
    assert any(link["rel"] == "next" for link in body["links"])
    assert client.get("/ogc/collections/catalogue/items", {"offset": "x"}).status_code == 400
    assert client.get("/ogc/collections/catalogue/items", {"nonsense": 1}).status_code == 400


def test_the_records_pages_answer_in_html(client, described):
    r = client.get("/ogc/collections/catalogue/items", {"f": "html", "q": "thửa"})
    assert r.status_code == 200 and described.name_vi in r.content.decode()
    r = client.get(f"/ogc/collections/catalogue/items/{described.slug}", {"f": "html"})
    assert r.status_code == 200 and "ISO 19139" in r.content.decode()


def test_the_records_pages_name_the_topic_in_the_reader_s_language(client, described):
    """Not the bare ISO code: the theme in words, the code beside it."""
    from django.utils import translation

    urls = (
        "/ogc/collections/catalogue/items",
        f"/ogc/collections/catalogue/items/{described.slug}",
    )
    seen = set()
    for lang in ("vi", "en"):
        with translation.override(lang):
            words = f"{described.get_theme_display()} (<code>planningCadastre</code>)"
            seen.add(words)
            for url in urls:
                client.cookies["django_language"] = lang
                r = client.get(url, {"f": "html"}, HTTP_ACCEPT_LANGUAGE=lang)
                assert words in r.content.decode(), (lang, url)
    assert len(seen) == 2  # the theme's words are the reader's language's
    with translation.override("en"):
        r = client.get(f"/ogc/collections/catalogue/items/{described.slug}")
    concept = r.json()["properties"]["themes"][0]["concepts"][0]
    assert concept["id"] == "planningCadastre" and concept["title"]


@pytest.mark.django_db(transaction=True)
def test_owslib_reads_and_searches_the_catalogue(live_server, described, make_layer, load):
    from owslib.ogcapi.records import Records

    private = make_layer(visibility="owner")
    load(geojson_upload(fc(feature(square(105.8, 21.0)))), layer=private)
    api = Records(f"{live_server.url}/ogc/")
    assert "catalogue" in api.records()
    assert (
        "http://www.opengis.net/spec/ogcapi-records-1/1.0/conf/core"
        in api.conformance()["conformsTo"]
    )
    everything = api.collection_items("catalogue")
    assert [f["id"] for f in everything["features"]] == [described.slug]
    found = api.collection_items("catalogue", q="hai chau")
    assert found["numberMatched"] == 1
    rec = api.collection_item("catalogue", described.slug)
    assert rec["properties"]["type"] == "dataset"
    assert rec["properties"]["themes"][0]["concepts"][0]["id"] == "planningCadastre"
    assert any(link["rel"] == "enclosure" for link in rec["links"])
