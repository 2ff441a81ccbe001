"""The 766 index tab in a browser: the demo figures side by side, a figure opened to its
agencies, and the charts drawn from the same numbers as the tables."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from . import audit
from .wait import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_anonymous_compares_the_766_index_and_opens_a_figure(load_demo, page, shot):
    load_demo(["core", "indicators"])
    page.goto("/chi-so/chi-so-766/")
    assert page.get_by_role("heading", name="So sánh Chỉ số theo Quyết định 766").is_visible()
    assert page.get_by_text("Dữ liệu minh họa").first.is_visible()
    table = page.locator("table").first
    assert table.get_by_text("Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn").is_visible()
    wait_for(page, "document.getElementById('chart-trend').width > 0")
    shot(page, "indicators-index766-vi")
    # a rate opens its agencies (the component's name opens its page over time)
    table.locator("a[href*='/chi-tiet/']").first.click()
    page.wait_for_url("**/chi-tiet/**")
    shot(page, "indicators-index766-detail-vi")
    assert page.get_by_role("columnheader", name="Cơ quan").is_visible()
    assert page.get_by_text("Sở Xây dựng").first.is_visible()


def test_the_english_tab_reads_in_english(load_demo, page, shot):
    load_demo(["core", "indicators"])
    page.goto("/en/indicators/index-766/")
    assert page.get_by_role("heading", name="Decision 766 index side by side").is_visible()
    assert page.get_by_text("Dossiers handled early or on time").is_visible()
    # what was read and the choices made are folded under a summary: open it
    page.get_by_text("What was read in them, and the choice made where they differ").click()
    assert page.get_by_text("what the on-time rate divides by").is_visible()
    shot(page, "indicators-index766-en")


def test_a_gap_shows_the_partners_practice(load_demo, page, shot):
    load_demo(["core", "exchange", "indicators"])
    page.goto("/chi-so/chi-so-766/")
    practice = page.get_by_role("link", name="Chính quyền điện tử và Trung tâm giám sát").first
    expect(practice).to_be_visible()
    assert page.get_by_text("Cách Thành phố Đà Nẵng làm:").first.is_visible()
    practice.scroll_into_view_if_needed()
    shot(page, "indicators-index766-gap-practice-vi")
    page.goto("/chi-so/khung/pci/")
    expect(
        page.get_by_role("heading", name="Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)")
    ).to_be_visible()
    shot(page, "indicators-framework-pci-vi")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_766_table_reads_on_a_phone(load_demo, page, shot, lang):
    """At 390 px each row of the table is a block: both cities' scores and the gap in view,
    each under its column's name, without scrolling sideways."""
    load_demo(["core", "indicators"])
    page.set_viewport_size(audit.PHONE)
    page.goto("/chi-so/chi-so-766/" if lang == "vi" else "/en/indicators/index-766/")
    table = page.locator(".table-wrap.reflow table")
    expect(table).to_be_visible()
    out = page.evaluate(
        """() => [...document.querySelectorAll('.reflow td, .reflow th')]
            .filter(c => c.getBoundingClientRect().width > 0
                         && c.getBoundingClientRect().right > window.innerWidth + 0.5)
            .map(c => c.textContent.trim().slice(0, 30))"""
    )
    assert out == []
    labelled = page.locator(".reflow td[data-label]")
    assert labelled.count() > 10
    first = table.locator("a[title]").first
    first.scroll_into_view_if_needed()
    expect(first).to_be_in_viewport()
    assert audit.horizontal_overflow(page) <= 1, audit.overflowing_elements(page)
    shot(page, f"indicators-index766-phone-{lang}")
