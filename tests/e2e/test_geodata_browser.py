"""The map: MapLibre renders the demo layers from local vector tiles, with nothing from outside."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_map_renders_the_demo_layers_from_local_tiles(page, shot, settings):
    from hoptac.core.demo import _load_core
    from hoptac.geodata.demo import load_demo

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    _load_core(lambda msg: None)
    load_demo(lambda msg: None)
    tiles: list[str] = []
    page.on(
        "response", lambda r: tiles.append(r.url) if ".mvt" in r.url and r.status == 200 else None
    )
    page.goto("/ban-do/")
    page.wait_for_selector("#map[data-ready='1']", timeout=20000)
    page.wait_for_function("window.hoptacMap && window.hoptacMap.loaded()", timeout=20000)
    assert page.locator("#layer-list li[data-layer]").count() == 4  # land use is for partners
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
    page.wait_for_function("window.hoptacMap.loaded()", timeout=20000)
    box = page.locator("#map canvas").bounding_box()
    page.mouse.click(
        box["x"] + box["width"] / 2 + 40, box["y"] + box["height"] / 2 + 40
    )  # not a gap
    page.wait_for_selector(".maplibregl-popup", timeout=5000)
    assert "so_thua" in page.locator(".maplibregl-popup").inner_text()
    shot(page, "geodata-map-parcels-popup")
