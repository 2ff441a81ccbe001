from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_officer_signs_in_switches_language_and_sees_the_directory(load_demo, page, shot):
    load_demo(["core"])
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "vi"
    shot(page, "home-anonymous-vi")

    page.get_by_role("link", name="Đăng nhập").click()
    page.get_by_label("Tên đăng nhập").fill("hn-dieuphoi")
    page.get_by_label("Mật khẩu").fill("hoptac-demo-2019")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")
    assert page.get_by_role("heading", name="Cơ quan của tôi").is_visible()
    shot(page, "home-coordinator-vi")

    page.get_by_role("button", name="EN").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="My organisations").is_visible()
    shot(page, "home-coordinator-en")

    # Organisations and localities are one "Directory" entry of the menu, with a tab each
    page.get_by_role("link", name="Directory", exact=True).click()
    expect(page.get_by_role("link", name="Localities", exact=True)).to_be_visible()
    page.get_by_label("Locality").select_option(label="Da Nang")
    page.get_by_role("button", name="Filter").click()
    shot(page, "organisations-en")
    expect(page.get_by_role("link", name="Da Nang Department of Finance")).to_be_visible()
    shot(page, "organisations-en")

    page.get_by_role("button", name="VI").click()
    page.goto("/dia-phuong/")
    assert page.get_by_text("sáp nhập vào Thành phố Đà Nẵng").is_visible()
    shot(page, "localities-vi")


def test_keyboard_user_reaches_the_content_first(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Chuyển đến nội dung chính" in focused


def test_phone_width_layout_keeps_navigation_reachable(load_demo, page, shot):
    load_demo(["core"])
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/co-quan/")
    # the demo's directory, whose long names are what could push the page sideways
    expect(page.get_by_role("link", name="Sở Khoa học và Công nghệ Hà Nội")).to_be_visible()
    page.get_by_role("button", name="Trình đơn").click()
    assert page.get_by_role("navigation", name="Điều hướng chính").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1
    shot(page, "organisations-phone-vi")


@pytest.mark.parametrize(
    "user,path",
    [(None, "/"), (None, "/en/invest/"), ("hn-dieuphoi", "/"), ("hn-dieuphoi", "/en/")],
)
def test_the_main_navigation_is_one_row_on_a_laptop_screen(load_demo, page, user, path):
    """At 1280 px every section sits on one row, anonymous or signed in (nine entries with
    "My work"), in both languages: a second row for one item pushed every page down."""
    page.set_viewport_size({"width": 1280, "height": 800})
    if user:
        load_demo(["core"])
        page.goto("/dang-nhap/")
        page.locator("input[name=username]").fill(user)
        page.locator("input[name=password]").fill("hoptac-demo-2019")
        page.locator("form button[type=submit]").last.click()
        page.wait_for_load_state()
    page.goto(path)
    tops = page.evaluate("[...document.querySelectorAll('.site-nav li')].map(li => li.offsetTop)")
    assert len(tops) >= 8 and len(set(tops)) == 1, tops
    if user:  # signed in as the demo's coordinator: the longer menu, with "My work"
        my_work = "My work" if path.startswith("/en/") else "Việc của tôi"
        nav = page.get_by_role("navigation", name=re.compile("Main navigation|Điều hướng chính"))
        expect(nav.get_by_role("link", name=my_work, exact=True)).to_be_visible()
        assert len(tops) >= 9, tops


def test_a_text_field_in_error_is_marked_like_a_text_area_in_error(load_demo, page):
    # Found walking the demo: on a refused form the text area and the list in error had the
    # red border, the text and e-mail fields beside them (a more specific rule) did not.
    load_demo(["core"])
    page.goto("/dau-tu/lien-he/")
    form = page.locator("main form[method=post]").last
    form.evaluate("f => f.noValidate = true")
    form.locator("[name=email]").fill("khong-phai-thu")
    form.locator("[name=message]").fill("Ngắn")
    form.locator("[type=submit]").click()
    page.wait_for_load_state()
    border = "e => getComputedStyle(e).borderTopColor + ' ' + getComputedStyle(e).borderTopWidth"
    email, message = page.locator("[name=email]"), page.locator("[name=message]")
    expect(email.locator("xpath=ancestor::div[contains(@class, 'field-error')]")).to_have_count(1)
    assert email.evaluate(border) == message.evaluate(border)
