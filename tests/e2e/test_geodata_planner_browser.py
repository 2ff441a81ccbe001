"""A planner's flows in both languages: a layer's metadata and its download (opened with
ogrinfo), the catalogue of OGC API – Records, the map's controls in the page's language, and the
print/export of the map view to PNG and PDF with its legend, scale and north arrow."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from .wait import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PARCELS = "thua-dat-khu-cnc-da-nang"


@pytest.fixture
def demo(load_demo, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo(["core", "geodata"])


def _ogrinfo(path) -> str:
    ogrinfo = shutil.which("ogrinfo") or "/usr/bin/ogrinfo"
    return subprocess.run(  # noqa: S603
        [ogrinfo, "-ro", "-al", "-so", str(path)], capture_output=True, text=True, check=True
    ).stdout


def test_a_planner_reads_the_metadata_and_downloads_a_layer_in_both_languages(
    page, shot, demo, tmp_path
):
    page.goto(f"/du-lieu-khong-gian/{PARCELS}/")
    expect(page.get_by_role("heading", name="Siêu dữ liệu (ISO 19115)")).to_be_visible()
    expect(page.get_by_text("planningCadastre")).to_be_visible()
    page.get_by_label("Định dạng").select_option("gpkg")
    page.get_by_label("Hệ tọa độ").select_option("5899")
    shot(page, "geodata-layer-metadata-vi")
    with page.expect_download() as info:
        page.locator("form[action$='/tai-ve/']").get_by_role("button", name="Tải về").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.name.endswith("-epsg5899.gpkg")
    text = _ogrinfo(path)
    assert "VN-2000" in text and "Feature Count: 36" in text

    page.get_by_role("button", name="EN").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Metadata (ISO 19115)")).to_be_visible()
    page.get_by_label("Format").select_option("kml")
    page.get_by_label("Coordinate system").select_option("5897")
    page.locator("form[action$='/tai-ve/']").get_by_role("button", name="Download").click()
    expect(page.get_by_text("KML is always in WGS 84")).to_be_visible()
    shot(page, "geodata-download-refused-en")
    page.get_by_label("Coordinate system").select_option("4326")
    with page.expect_download() as info:
        page.locator("main form").get_by_role("button", name="Download").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert "Feature Count: 36" in _ogrinfo(path)


def test_the_catalogue_is_searched_in_both_languages(page, shot, demo):
    page.goto("/ogc/collections/catalogue/items?f=html")
    page.get_by_label("Từ khóa", exact=True).fill("thua dat")
    page.get_by_role("button", name="Tìm kiếm").click()
    expect(page.get_by_role("link", name="Thửa đất", exact=False).first).to_be_visible()
    shot(page, "geodata-records-vi")
    page.get_by_role("link", name="Thửa đất", exact=False).first.click()
    expect(page.get_by_role("link", name="ISO 19139")).to_be_visible()
    shot(page, "geodata-record-vi")
    page.goto("/")
    page.get_by_role("button", name="EN").click()
    page.wait_for_load_state()
    page.goto("/ogc/collections/catalogue/items?f=html")
    expect(page.get_by_role("heading", name="Catalogue of the layers")).to_be_visible()
    shot(page, "geodata-records-en")


def _ready(page) -> None:
    page.wait_for_selector("#map[data-ready='1']", timeout=20000)
    wait_for(page, "window.hoptacMap && window.hoptacMap.loaded()", timeout=20000)


@pytest.mark.parametrize("lang,zoom_in,north", [("vi", "Phóng to", "B"), ("en", "Zoom in", "N")])
def test_the_map_view_is_exported_to_png_and_pdf_in_the_page_language(
    page, shot, demo, tmp_path, lang, zoom_in, north
):
    from io import BytesIO

    from PIL import Image
    from pypdf import PdfReader

    if lang == "en":
        page.goto("/")
        page.get_by_role("button", name="EN").click()
        page.wait_for_load_state()
    page.goto("/ban-do/")
    _ready(page)
    expect(page.locator(".maplibregl-ctrl-zoom-in")).to_have_attribute("title", zoom_in)
    page.locator(f"li[data-layer='{PARCELS}'] button").click()
    page.wait_for_timeout(1500)
    wait_for(page, "window.hoptacMap.loaded()", timeout=20000)
    with page.expect_download() as info:
        page.locator("#map-export button[data-export='png']").click()
    png = tmp_path / f"map-{lang}.png"
    info.value.save_as(png)
    image = Image.open(png)
    canvas = page.locator("#map canvas").bounding_box()
    assert image.width >= canvas["width"] and image.height > canvas["height"]
    # not a blank picture: the map's colours and the legend's
    assert len(set(image.convert("RGB").resize((200, 150)).get_flattened_data())) > 50
    shutil.copy(png, f"var/screenshots/geodata-map-export-{lang}.png")
    with page.expect_download() as info:
        page.locator("#map-export button[data-export='pdf']").click()
    pdf = tmp_path / f"map-{lang}.pdf"
    info.value.save_as(pdf)
    reader = PdfReader(BytesIO(pdf.read_bytes()))
    assert len(reader.pages) == 1
    assert round(float(reader.pages[0].mediabox.width)) == 842
    images = list(reader.pages[0].images)
    assert len(images) == 1
    # The PDF is for printing: the map is rendered again at print resolution, so the picture is
    # no longer the screen's PNG (it used to be, and printed at ~90 dpi, blurred). The same view:
    # the same proportions as the PNG. At least 200 dpi once placed on the page (the size it is
    # drawn at, in points, is in the page's content stream: "q w 0 0 h x y cm /Im0 Do Q").
    embedded = images[0].image
    assert abs(embedded.width / embedded.height - image.width / image.height) < 0.01
    drawn = reader.pages[0].get_contents().get_data().decode().split()
    width_pt, height_pt = float(drawn[1]), float(drawn[4])
    dpi = (embedded.width / (width_pt / 72), embedded.height / (height_pt / 72))
    assert min(dpi) >= 200, dpi
    # the map on the screen is back at the screen's resolution
    assert page.evaluate(
        "() => { const c = document.querySelector('#map canvas');"
        " return Math.abs(c.width - Math.floor(c.clientWidth * devicePixelRatio)) <= 1; }"
    )
    labels = page.evaluate(
        "() => JSON.parse(document.getElementById('map-export-labels').textContent)"
    )
    assert labels["north"] == north
    shot(page, f"geodata-map-{lang}")
