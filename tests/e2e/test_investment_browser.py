from __future__ import annotations

import re

import pytest

from .wait import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_investor_browses_the_portal_in_both_languages_and_enquires(load_demo, page, shot):
    load_demo()
    page.goto("/dau-tu/")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.get_by_role("heading", name="Số liệu chính").wait_for()
    shot(page, "investment-home-vi")

    page.locator(".portal-band").get_by_role("button", name="English", exact=True).click()
    page.wait_for_url("**/en/invest/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("heading", name="Key figures").wait_for()
    shot(page, "investment-home-en")

    page.goto("/en/invest/projects/")
    page.get_by_role("link", name="Semiconductor assembly and test plant").wait_for()
    shot(page, "investment-projects-en")
    page.get_by_role("link", name="Semiconductor assembly and test plant").click()
    # one notation per page: the English page's
    assert page.get_by_text("5.000.000.000.000 ₫").count() == 0
    page.get_by_text("5,000,000,000,000 ₫").first.wait_for()
    # The footprint on the local MapLibre map, over the cities' boundary layer
    page.wait_for_selector("#footprint-map[data-ready='1']", timeout=20_000)
    wait_for(page, "window.hoptacFootprintMap.loaded()", timeout=20_000)
    assert page.locator("#footprint-map canvas").count() == 1
    assert not page.locator(".footprint-map-fallback").is_visible()
    shot(page, "investment-project-en")

    page.goto("/dau-tu/khu/hoa-lac/")
    page.get_by_text("số liệu minh họa gần đúng").wait_for()
    page.wait_for_selector("#footprint-map[data-ready='1']", timeout=20_000)
    wait_for(page, "window.hoptacFootprintMap.loaded()", timeout=20_000)
    shot(page, "investment-park-vi")

    page.goto("/dau-tu/linh-vuc-uu-tien/")
    shot(page, "investment-sectors-vi")

    page.goto("/en/invest/contact/?project=DN-CNC-01")
    page.get_by_label("Your name").fill("Kenji Sato")
    page.get_by_label("E-mail").fill("kenji@example.jp")
    page.get_by_label("Message").fill("We look for 5 ha in Da Nang High-Tech Park.")
    page.get_by_label("I have read what is kept").check()
    page.wait_for_timeout(3100)  # a person takes a few seconds; bots are refused under 3 s
    page.get_by_role("button", name="Send").click()
    page.get_by_text("was received").first.wait_for(timeout=30_000)
    shot(page, "investment-contact-en")


def test_coordinator_schedules_the_b2b_day(load_demo, page, shot):
    load_demo()
    page.goto("/dang-nhap/?next=/dau-tu/quan-ly/")
    page.get_by_label("Tên đăng nhập").fill("dn-dieuphoi")
    page.get_by_label("Mật khẩu").fill("hoptac-demo-2019")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/dau-tu/quan-ly/")
    shot(page, "investment-workspace-vi")
    page.get_by_role(
        "link", name=re.compile(r"^Ngày gặp gỡ doanh nghiệp Hà Nội – Đà Nẵng 20\d\d$")
    ).click()
    page.get_by_role("button", name="Xếp lịch tất cả").click()
    page.get_by_text("cuộc gặp (cận trên").wait_for(timeout=60_000)
    shot(page, "investment-b2b-vi")
    # The project's documents: a real PDF is added, a disguised file refused with a clear message
    from hoptac.exchange.tests.files import pdf_bytes

    page.goto("/dau-tu/quan-ly/du-an/DN-CNC-01/tai-lieu/")
    page.get_by_label("Tên tài liệu").fill("Báo cáo nghiên cứu khả thi")
    page.get_by_label("Tệp").set_input_files(
        files=[{"name": "kha-thi.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    page.get_by_role("button", name="Tải lên").click()
    page.get_by_text("Đã thêm “Báo cáo nghiên cứu khả thi”").wait_for()
    page.get_by_label("Tệp").set_input_files(
        files=[{"name": "hop-dong.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00"}]
    )
    page.get_by_role("button", name="Tải lên").click()
    page.locator("p.error", has_text="không khớp với phần mở rộng").wait_for()
    shot(page, "investment-documents-vi")
    page.goto("/dau-tu/du-an/DN-CNC-01/")
    page.get_by_role("link", name="Báo cáo nghiên cứu khả thi").wait_for()
    page.wait_for_selector("#footprint-map[data-ready='1']", timeout=20_000)
    wait_for(page, "window.hoptacFootprintMap.loaded()", timeout=20_000)
    shot(page, "investment-project-vi")
