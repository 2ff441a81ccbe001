"""A city's own indicator framework in a browser: the coordinator downloads the template, uploads
a file with a bad row (named, nothing saved), uploads it corrected, checks the preview, confirms,
and edits an indicator; an anonymous visitor then reads it because it is public."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from hoptac.indicators import framework_files
from hoptac.indicators.models import FrameworkIndicator, IndicatorFramework

from .accounts import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEADER = "Mã chỉ số,Tên chỉ số (tiếng Việt),Tên chỉ số (tiếng Anh),Đơn vị tính,Chiều tốt,Nhóm"
ROWS = (
    "CDS-1,Tỷ lệ hồ sơ nộp trực tuyến,Share of dossiers filed online,%,Cao hơn là tốt,Dịch vụ số",
    "CDS-2,Thời gian giải quyết bình quân,Average processing time,ngày,{direction},Dịch vụ số",
)


def _csv(direction: str) -> dict:
    text = "\n".join([HEADER, ROWS[0], ROWS[1].format(direction=direction)]) + "\n"
    return {"name": "khung.csv", "mimeType": "text/csv", "buffer": text.encode("utf-8-sig")}


def _upload(page, file: dict) -> None:
    page.get_by_label("Tên bộ chỉ số (tiếng Việt)").fill("Bộ chỉ số chuyển đổi số Hà Nội")
    page.get_by_label("Công khai").check()
    page.get_by_label("Tệp chỉ số").set_input_files(file)
    page.get_by_role("button", name="Kiểm tra tệp").click()


def test_a_coordinator_imports_checks_and_edits_a_framework(load_demo, page, shot):
    load_demo(["core"])
    sign_in(page, "hn-dieuphoi")
    page.goto("/chi-so/khung/")
    page.get_by_role("link", name="Nhập bộ chỉ số").click()
    expect(page.get_by_role("heading", name="Nhập bộ chỉ số")).to_be_visible()

    with page.expect_download() as info:
        page.get_by_role("link", name="Tải tệp mẫu (XLSX)").click()
    template = info.value
    assert template.suggested_filename == "mau-khung-chi-so.xlsx"
    parsed = framework_files.parse("mau.xlsx", open(template.path(), "rb").read())
    assert parsed.errors == [] and len(parsed.rows) == 2

    _upload(page, _csv("Không rõ"))
    alert = page.locator(".notice-error")
    expect(alert).to_contain_text("Tệp có 1 lỗi; chưa lưu gì.")
    expect(alert).to_contain_text("Dòng 3, cột “Chiều tốt”: “Không rõ” không phải")
    shot(page, "indicators-framework-import-errors-vi")
    assert not IndicatorFramework.objects.exists()

    _upload(page, _csv("Thấp hơn là tốt"))
    expect(page.get_by_role("heading", name="Kiểm tra trước khi lưu")).to_be_visible()
    expect(page.get_by_role("cell", name="Thời gian giải quyết bình quân")).to_be_visible()
    shot(page, "indicators-framework-preview-vi")
    assert not IndicatorFramework.objects.exists()
    page.get_by_role("button", name="Lưu bộ chỉ số").click()

    expect(page.get_by_role("heading", name="Bộ chỉ số chuyển đổi số Hà Nội")).to_be_visible()
    expect(
        page.get_by_text("Đã lưu bộ chỉ số “Bộ chỉ số chuyển đổi số Hà Nội” với 2")
    ).to_be_visible()
    page.get_by_role("link", name="Sửa CDS-2").click()
    page.get_by_label("Đơn vị tính").fill("ngày làm việc")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_text("Đã lưu chỉ số CDS-2.")).to_be_visible()
    expect(page.get_by_role("cell", name="ngày làm việc")).to_be_visible()
    expect(page.locator("nav.tabs a[aria-current=page]")).to_have_text("Chỉ số đã công bố")
    shot(page, "indicators-framework-city-vi")
    assert FrameworkIndicator.objects.get(code="CDS-2").unit == "ngày làm việc"

    framework = IndicatorFramework.objects.get()
    page.context.clear_cookies()
    page.goto(f"/en/indicators/city-frameworks/{framework.pk}/")
    expect(page.get_by_role("cell", name="Lower is better")).to_be_visible()
    expect(page.get_by_role("link", name="Edit")).to_have_count(0)
    shot(page, "indicators-framework-city-en")
    page.goto("/chi-so/khung/")
    own = page.locator("table", has_text="Bộ chỉ số riêng của các thành phố")
    expect(own.get_by_role("row", name="Bộ chỉ số chuyển đổi số Hà Nội")).to_contain_text(
        "Mọi người"
    )
    shot(page, "indicators-frameworks-list-vi")
