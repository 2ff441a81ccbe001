"""The investor's guide in the browser: read in English and Vietnamese by an anonymous investor,
edited by Da Nang's coordinator (who sees only Da Nang's steps)."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_investor_reads_each_city_s_guide_and_the_city_edits_its_own(load_demo, page, shot):
    from playwright.sync_api import expect

    load_demo()
    page.goto("/en/invest/")
    page.locator(".portal-nav").get_by_role("link", name="Investor's guide").click()
    page.wait_for_url("**/en/invest/guide/")
    expect(page.get_by_role("heading", name="Investor's guide")).to_be_visible()
    expect(page.get_by_role("heading", name="Hanoi")).to_be_visible()
    expect(page.get_by_role("heading", name="Da Nang")).to_be_visible()
    shot(page, "investment-guide-en")

    page.get_by_role("link", name="The steps in Da Nang").click()
    expect(page.get_by_role("heading", name="Investing in Da Nang")).to_be_visible()
    expect(page.get_by_role("heading", name="File the project with the Authority")).to_be_visible()
    expect(page.get_by_text("Decision 38/2020/QĐ-TTg of 30 December 2020")).to_be_visible()
    shot(page, "investment-guide-danang-en")

    page.goto("/dau-tu/huong-dan/48/")
    expect(page.get_by_role("heading", name="Nộp hồ sơ dự án tại Ban Quản lý")).to_be_visible()
    expect(page.get_by_text("Đã kiểm tra theo").first).to_be_visible()
    shot(page, "investment-guide-danang-vi")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "investment-guide-danang-vi-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto("/dang-nhap/?next=/dau-tu/quan-ly/huong-dan/")
    page.get_by_label("Tên đăng nhập").fill("dn-dieuphoi")
    page.get_by_label("Mật khẩu").fill("hoptac-demo-2019")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/dau-tu/quan-ly/huong-dan/")
    expect(page.get_by_role("link", name="Chọn địa điểm", exact=True)).to_have_count(0)  # Hanoi
    page.get_by_role("link", name="Nộp hồ sơ dự án tại Ban Quản lý").click()
    page.get_by_label("Tên bước (tiếng Anh)").fill("")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("p.error", has_text="Hãy đặt tiêu đề tiếng Anh cho bước.")).to_be_visible()
    page.get_by_label("Tên bước (tiếng Anh)").fill("File the project with the Authority (DHPIZA)")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu.")).to_be_visible()
    page.goto("/en/invest/guide/48/")
    expect(
        page.get_by_role("heading", name="File the project with the Authority (DHPIZA)")
    ).to_be_visible()
