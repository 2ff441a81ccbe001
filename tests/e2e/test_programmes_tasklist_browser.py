from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from hoptac.programmes.models import SavedTaskFilter, Task

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sign_in(page, username: str) -> None:
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("hoptac-demo-2019")
    page.locator("main").get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")


def test_coordinator_sorts_chooses_columns_saves_a_filter_and_tags_tasks(page, shot):
    call_command("load_demo", only=["core", "programmes"])
    _sign_in(page, "hn-dieuphoi")
    page.goto("/nhiem-vu/")
    page.locator("main thead").get_by_role("link", name="Tiến độ").click()
    expect(page.locator("main thead th[aria-sort=ascending]")).to_have_text("Tiến độ ▲")
    page.get_by_text("Cột", exact=True).click()
    page.get_by_label("Nhãn", exact=True).last.check()
    page.get_by_role("button", name="Hiển thị các cột này").click()
    expect(page.locator("main thead")).to_contain_text("Nhãn")
    assert "cols=" in page.url and "sort=progress" in page.url

    page.get_by_role("link", name="Đến hạn trong quý này").click()
    page.wait_for_url("**due=this_quarter**")
    page.goto("/nhiem-vu/?locality=01&status=in_term")
    page.get_by_text("Lưu hoặc chia sẻ bộ lọc này").click()
    page.get_by_label("Tên", exact=True).fill("Hà Nội đang làm")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_text("Đã lưu bộ lọc “Hà Nội đang làm”.")).to_be_visible()
    assert SavedTaskFilter.objects.filter(name="Hà Nội đang làm").exists()

    boxes = page.locator("main tbody input[type=checkbox]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    shot(page, "programmes-task-list-vi")
    page.get_by_role("button", name="Sửa các nhiệm vụ đã chọn…").click()
    expect(page.get_by_role("heading", name="Sửa nhiều nhiệm vụ")).to_be_visible()
    page.get_by_label("Thêm nhãn").fill("ODA, ưu tiên 2026")
    shot(page, "programmes-task-bulk-edit-vi")
    page.get_by_role("button", name="Áp dụng cho các nhiệm vụ đã chọn").click()
    expect(page.get_by_text("Đã sửa 2 nhiệm vụ.")).to_be_visible()
    assert Task.objects.filter(tags__name="ODA").count() == 2

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/nhiem-vu/?cols=title,due,status,tags&tag=ODA")
    expect(page.locator("main tbody tr")).to_have_count(2)
    shot(page, "programmes-task-list-390-vi")
    assert page.evaluate("document.documentElement.scrollWidth") <= 391
