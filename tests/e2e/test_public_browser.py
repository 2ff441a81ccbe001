"""Public accountability in the browser: the coordinator publishes, a citizen reads (desktop and
a 390 px phone, Vietnamese and English); a department connects its system."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from hoptac.programmes.models import Agreement, Commitment, Task

from .accounts import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_coordinator_publishes_and_a_citizen_follows(load_demo, page, shot, tmp_path):
    load_demo(["core", "programmes", "programmes-public"])
    agreement = Agreement.objects.get(reference="2138-TB/TU")
    # An open task of the Hanoi officer; its commitment starts unpublished.
    task = Task.objects.filter(
        commitment__agreement=agreement,
        completed_on__isnull=True,
        assignees__username="hn-chuyenvien",
    ).first()
    unpublished = task.commitment
    Commitment.objects.filter(pk=unpublished.pk).update(published_at=None)

    # The coordinator publishes one more commitment from the agreement's page.
    sign_in(page, "hn-dieuphoi")
    page.goto(f"/chuong-trinh/{agreement.pk}/")
    item = page.locator(f"#cam-ket-{unpublished.pk}")
    item.get_by_role("button", name="Công bố cam kết này").click()
    expect(page.get_by_text("Cam kết đã được đưa lên trang công khai.")).to_be_visible()
    expect(
        page.locator(f"#cam-ket-{unpublished.pk}").get_by_role("link", name="trang công khai")
    ).to_be_visible()
    unpublished.refresh_from_db()
    assert unpublished.published_at is not None

    # The lead's officer reports with a file; the coordinator shows the file on the public page.
    evidence = tmp_path / "bien-ban-hop.pdf"
    evidence.write_bytes(PDF)
    page.context.clear_cookies()
    sign_in(page, "hn-chuyenvien")
    page.goto(f"/nhiem-vu/{task.pk}/")
    page.get_by_label("Tiến độ (%)").fill("45")
    page.get_by_label("Kết quả thực hiện").fill("Đã ký biên bản làm việc giữa hai sở.")
    page.locator("#progress_files").set_input_files(str(evidence))
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_text("Đã lưu báo cáo tiến độ.")).to_be_visible()
    page.context.clear_cookies()
    sign_in(page, "hn-dieuphoi")
    page.goto(f"/nhiem-vu/{task.pk}/")
    page.get_by_role("button", name="Hiển thị trên trang công khai").first.click()
    expect(page.get_by_text("Tệp đã được công khai.")).to_be_visible()
    shot(page, "public-task-evidence-toggle-vi")

    # A citizen, not signed in.
    page.context.clear_cookies()
    page.goto("/")
    page.locator("#site-nav").get_by_role("link", name="Công khai", exact=True).click()
    expect(page.get_by_role("heading", name="Công khai kết quả thực hiện")).to_be_visible()
    shot(page, "public-index-vi")
    page.get_by_role("link", name="2138-TB/TU").click()
    expect(page.get_by_role("heading", name="Những thay đổi")).to_be_visible()
    shot(page, "public-agreement-vi")
    page.locator(f"#cam-ket-{unpublished.pk} a").first.click()
    expect(page.get_by_role("heading", name="Tiến độ theo thời gian")).to_be_visible()
    expect(page.get_by_role("link", name="bien-ban-hop.pdf").first).to_be_visible()
    shot(page, "public-commitment-vi")
    feed = page.request.get(f"/cong-khai/cam-ket/{unpublished.pk}/atom.xml")
    assert feed.ok and "<feed" in feed.text()
    download = page.request.get(
        page.get_by_role("link", name="bien-ban-hop.pdf").first.get_attribute("href")
    )
    assert download.ok and download.body().startswith(b"%PDF")

    # The same page on a phone, and in English.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    shot(page, "public-commitment-vi-390")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 392, f"the page scrolls sideways at 390 px ({width})"
    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    page.get_by_role("button", name="EN").click()
    expect(page.get_by_role("heading", name="Progress over time")).to_be_visible()
    shot(page, "public-commitment-en")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    shot(page, "public-commitment-en-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/cong-khai/thoa-thuan/{agreement.pk}/")
    shot(page, "public-agreement-en")


def test_a_department_connects_its_system(load_demo, page, shot):
    load_demo(["core"])
    sign_in(page, "dn-chuyenvien")
    page.goto("/nhiem-vu/nhac-viec/")
    page.get_by_role("link", name="Kết nối hệ thống khác (mã truy cập API, webhook)").click()
    page.get_by_label("Tên (hệ thống nào sử dụng)").fill("Hệ thống quản lý văn bản")
    page.get_by_label("Phạm vi").select_option("write")
    page.get_by_role("button", name="Tạo mã truy cập").click()
    expect(page.get_by_text("chỉ hiển thị một lần này")).to_be_visible()
    key = page.locator(".token-key").first.inner_text()
    assert key.startswith("hpk_")
    answer = page.request.get("/api/tasks", headers={"Authorization": f"Bearer {key}"})
    assert answer.ok and "items" in answer.json()
    page.get_by_label("Địa chỉ (URL)").fill("https://vanban.danang.gov.vn/hoptac")
    page.get_by_label("báo cáo tiến độ").check()
    page.get_by_label("nhiệm vụ hoàn thành").check()
    page.get_by_role("button", name="Thêm webhook").click()
    expect(page.get_by_text("Đã thêm webhook.")).to_be_visible()
    shot(page, "integration-vi")
    page.get_by_role("link", name="https://vanban.danang.gov.vn/hoptac").click()
    expect(page.get_by_text("Chưa gửi lần nào.")).to_be_visible()
    shot(page, "delivery-log-vi")
