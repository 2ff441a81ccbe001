"""The planning figures of a park at 390 px (a phone) and on a desktop, in both languages: the
land-use table adds up to the whole area (a row for what the layer does not cover) and every
column of the figures tables is in view on the phone, without scrolling sideways."""

from __future__ import annotations

import pytest

from . import audit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _figures_url() -> str:
    from hoptac.geodata.models import Feature, Layer

    parks = Layer.objects.get(slug="khu-cong-nghiep-cong-nghe-cao")
    park = next(
        f
        for f in Feature.objects.filter(version_id=parks.current_version_id)
        if "Đà Nẵng" in str(f.properties.get("name", "")) and "công nghệ cao" in str(f.properties)
    )
    return (
        f"/chi-so-quy-hoach/?area_layer={parks.slug}&area_feature={park.pk}"
        "&land_use_layer=su-dung-dat"
    )


def _columns_out_of_view(page) -> list[str]:
    """The header and body cells of the figures tables whose right edge passes the screen."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.figures-table th, .figures-table td')]
            .filter(c => c.getBoundingClientRect().right > window.innerWidth + 0.5)
            .map(c => c.textContent.trim().slice(0, 30)
                 + ' ' + Math.round(c.getBoundingClientRect().right))"""
    )


@pytest.mark.parametrize(
    ("lang", "rest"),
    [("vi", "Phần lớp sử dụng đất không phủ tới"), ("en", "Not covered by the land-use layer")],
)
def test_the_figures_tables_fit_a_phone_and_add_up(load_demo, page, shot, settings, lang, rest):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo(["core", "geodata"])
    page.goto("/dang-nhap/")  # the land use is shared with the partner cities only
    page.get_by_label("Tên đăng nhập").fill("dn-chuyenvien")
    page.get_by_label("Mật khẩu").fill("hoptac-demo-2019")
    page.locator("main").get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")
    if lang == "en":
        page.get_by_role("button", name="EN").click()
        page.wait_for_load_state()
    url = _figures_url()

    page.set_viewport_size(audit.DESKTOP)
    page.goto(url)
    page.wait_for_selector("#figures-map[data-ready='1']", timeout=20000)
    table = page.locator("#figures-land-use")
    assert rest in table.inner_text()
    shares = table.locator("tbody td:nth-child(3)").all_inner_texts()
    total = sum(
        float(s.replace(".", "").replace(",", ".") if lang == "vi" else s.replace(",", ""))
        for s in shares
    )
    assert abs(total - 100) <= 0.1 * len(shares), shares  # each share is shown to one decimal
    shot(page, f"geodata-figures-desktop-{lang}")

    page.set_viewport_size(audit.PHONE)
    page.goto(url)
    page.wait_for_selector("#figures-map[data-ready='1']", timeout=20000)
    assert page.locator(".figures-table").count() >= 2  # land use and the parcels inside
    assert _columns_out_of_view(page) == []
    assert audit.horizontal_overflow(page) <= 1, audit.overflowing_elements(page)
    # the area column is read beside its class: same row, on screen
    area = table.locator("tbody tr").last.locator("td").nth(1).bounding_box()
    assert area["x"] + area["width"] <= audit.PHONE["width"]
    table.scroll_into_view_if_needed()
    shot(page, f"geodata-figures-phone-{lang}")
