"""The map: MapLibre renders the demo layers from local vector tiles, with nothing from outside."""

from __future__ import annotations

import pytest

from .wait import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_map_renders_the_demo_layers_from_local_tiles(load_demo, page, shot, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo(["core", "geodata"])
    tiles: list[str] = []
    page.on(
        "response", lambda r: tiles.append(r.url) if ".mvt" in r.url and r.status == 200 else None
    )
    page.goto("/ban-do/")
    page.wait_for_selector("#map[data-ready='1']", timeout=20000)
    wait_for(page, "window.hoptacMap && window.hoptacMap.loaded()", timeout=20000)
    # land use (one layer per city) is for partners only
    assert page.locator("#layer-list li[data-layer]").count() == 6
    assert page.locator("#demo-note").is_visible()
    # The canvas has drawn something other than the background colour
    drawn = page.evaluate(
        """() => {
          const c = document.querySelector('#map canvas');
          const gl = c.getContext('webgl2', {preserveDrawingBuffer: true}) || c.getContext('webgl');
          return c.width > 0 && c.height > 0;
        }"""
    )
    assert drawn
    assert tiles, "no vector tile was loaded"
    shot(page, "geodata-map-vi")
    # Zoom to the VN-2000 parcels and open a pop-up
    page.locator("li[data-layer='thua-dat-khu-cnc-da-nang'] button").click()
    page.wait_for_timeout(1500)
    wait_for(page, "window.hoptacMap.loaded()", timeout=20000)
    box = page.locator("#map canvas").bounding_box()
    page.mouse.click(
        box["x"] + box["width"] / 2 + 40, box["y"] + box["height"] / 2 + 40
    )  # not a gap
    page.wait_for_selector(".maplibregl-popup", timeout=5000)
    popup = page.locator(".maplibregl-popup").inner_text()
    # attributes by their labels (the raw names stay as tooltips)
    assert "Số thửa" in popup and "so_thua" not in popup
    shot(page, "geodata-map-parcels-popup")


def _click_at(page, lon: float, lat: float) -> None:
    """Click the map canvas where the point (lon, lat) is drawn."""
    box = page.locator("#map canvas").bounding_box()
    xy = page.evaluate(f"() => window.hoptacMap.project([{lon}, {lat}])")
    page.mouse.click(box["x"] + xy["x"], box["y"] + xy["y"])


def _map_at(page, lon: float, lat: float, zoom: float) -> None:
    page.evaluate(f"() => window.hoptacMap.jumpTo({{center: [{lon}, {lat}], zoom: {zoom}}})")
    page.wait_for_timeout(500)
    wait_for(page, "window.hoptacMap.loaded() && window.hoptacMap.areTilesLoaded()")


def test_planner_opens_the_figures_of_a_park_and_of_a_drawn_area_from_the_map(
    load_demo, page, shot, settings
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo(["core", "geodata"])
    # A Da Nang officer sees the city's land use (shared with partners) too
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("dn-chuyenvien")
    page.get_by_label("Mật khẩu").fill("hoptac-demo-2019")
    page.locator("main").get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")

    page.goto("/ban-do/")
    page.wait_for_selector("#map[data-ready='1']", timeout=20000)
    wait_for(page, "window.hoptacMap && window.hoptacMap.loaded()", timeout=20000)
    # Da Nang High-Tech Park, beside its parcels
    _map_at(page, 108.052, 16.100, 13.5)
    _click_at(page, 108.062, 16.108)
    link = page.locator(
        ".maplibregl-popup a.popup-figures[href*='area_layer=khu-cong-nghiep-cong-nghe-cao']"
    )
    link.wait_for(timeout=5000)
    assert link.inner_text() == "Chỉ số quy hoạch cho đối tượng này"
    assert "land_use_layer=su-dung-dat" in link.get_attribute("href")
    shot(page, "geodata-map-figures-link")
    link.click()

    page.wait_for_url("**/chi-so-quy-hoach/?*")
    page.wait_for_selector("#figures-map[data-ready='1']", timeout=20000)
    title = page.locator("#figures-title").inner_text()
    assert "Khu công nghiệp và khu công nghệ cao" in title and "Khu công nghệ cao Đà Nẵng" in title
    parcels = page.locator("table[data-layer='thua-dat-khu-cnc-da-nang'] tbody tr")
    assert parcels.count() >= 30
    assert "Thửa số" in parcels.first.inner_text()
    assert page.get_by_role("heading", name="Sử dụng đất").is_visible()
    assert "," in page.locator("#figures-area").inner_text()  # 1.234,56 ha
    shot(page, "geodata-figures-vi")

    # Draw an area with the measure tool and follow its link
    page.goto("/ban-do/")
    page.wait_for_selector("#map[data-ready='1']", timeout=20000)
    _map_at(page, 108.045, 16.097, 15)
    page.locator("#measure-toggle").click()
    assert not page.locator("#measure-figures").is_visible()
    for lon, lat in [(108.0415, 16.0950), (108.0475, 16.0950), (108.0475, 16.0995)]:
        _click_at(page, lon, lat)
    drawn = page.locator("#measure-figures")
    assert drawn.is_visible() and drawn.inner_text() == "Tính chỉ số cho vùng đã vẽ"
    assert "ha" in page.locator("#measure-result").inner_text()
    shot(page, "geodata-map-drawn-area")
    drawn.click()
    page.wait_for_url("**/chi-so-quy-hoach/?*")
    page.wait_for_selector("#figures-map[data-ready='1']", timeout=20000)
    assert page.locator("#figures-title").inner_text() == "Vùng đã vẽ"
    assert page.locator("table[data-layer='thua-dat-khu-cnc-da-nang'] tbody tr").count() >= 3
    shot(page, "geodata-figures-drawn-vi")
