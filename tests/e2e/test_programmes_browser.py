from __future__ import annotations

import pytest
from playwright.sync_api import expect

from hoptac.programmes.models import Agreement, ProgressReport

from .accounts import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_officer_reports_progress_and_coordinator_follows_the_programme(load_demo, page, shot):
    load_demo(["core", "programmes"])
    agreement = Agreement.objects.get(reference="2138-TB/TU")
    sign_in(page, "hn-chuyenvien")
    page.get_by_role("link", name="Việc của tôi").click()
    shot(page, "programmes-my-work-vi")
    own_row = page.locator("main tbody tr", has_text="Sở Khoa học và Công nghệ Hà Nội")
    own_row.filter(has_text="chưa hoàn thành").first.locator("a").first.click()
    page.get_by_label("Tiến độ (%)").fill("70")
    page.get_by_label("Kết quả thực hiện").fill(
        "Đã tổ chức hội thảo trực tuyến với Sở Khoa học và Công nghệ Đà Nẵng."
    )
    page.get_by_role("button", name="Gửi báo cáo").click()
    shot(page, "programmes-task-after-report-vi")
    assert page.get_by_text("Đã lưu báo cáo tiến độ.").is_visible()
    shot(page, "programmes-task-vi")
    assert ProgressReport.objects.filter(text__startswith="Đã tổ chức hội thảo trực tuyến").exists()

    page.context.clear_cookies()
    sign_in(page, "hn-dieuphoi")
    for path, name in [
        (f"/chuong-trinh/{agreement.pk}/", "programmes-agreement-vi"),
        (f"/chuong-trinh/{agreement.pk}/bang/", "programmes-board-vi"),
        (f"/chuong-trinh/{agreement.pk}/tien-do/", "programmes-timeline-vi"),
        ("/nhiem-vu/thong-ke/", "programmes-dashboard-vi"),
    ]:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        shot(page, name)
    # the charts were drawn from local Chart.js
    assert page.evaluate("typeof Chart") == "function"
    assert page.evaluate("Object.keys(Chart.instances).length") == 2


PLAN = (
    "KẾ HOẠCH Triển khai hợp tác với thành phố Đà Nẵng năm 2030\n\n"
    "Ủy ban nhân dân Thành phố ban hành Kế hoạch với các nội dung sau:\n\n"
    "1. Xây dựng cơ sở dữ liệu dùng chung về quy hoạch đô thị và chia sẻ dữ liệu không gian.\n\n"
    "- Cơ quan chủ trì: Sở Quy hoạch - Kiến trúc.\n\n"
    "- Thời gian thực hiện: quý III/2030.\n\n"
    "2. Phối hợp tổ chức tuần lễ văn hóa, ẩm thực hai thành phố mỗi năm một lần."
)


def test_coordinator_sees_why_each_commitment_is_proposed_and_accepts_its_deadline(
    load_demo, page, shot
):
    from hoptac.programmes.models import Task

    load_demo(["core", "programmes"])
    agreement = Agreement.objects.get(reference="2138-TB/TU")
    sign_in(page, "hn-dieuphoi")
    page.goto(f"/chuong-trinh/{agreement.pk}/du-thao/")
    page.get_by_label("Nội dung văn bản").fill(PLAN)
    page.get_by_role("button", name="Đề xuất cam kết").click()
    framing = page.locator("details.framing")
    # The proposals page comes after a POST: wait for it (under load the old page is still up)
    expect(framing.get_by_text("Ủy ban nhân dân Thành phố ban hành Kế hoạch")).to_be_visible(
        timeout=30_000
    )
    expect(page.get_by_text("Không có lĩnh vực phù hợp.").first).to_be_visible(timeout=10_000)
    for why in page.locator("details.why summary").all():
        why.click()
    first = page.locator("li.proposal").first
    assert first.get_by_text("quý III/2030").is_visible()
    assert first.get_by_text("được nêu ở dòng “Cơ quan chủ trì”").is_visible()
    shot(page, "programmes-draft-review-vi")
    page.get_by_role("button", name="Tạo các cam kết đã chấp nhận").click()
    page.wait_for_url(f"**/chuong-trinh/{agreement.pk}/")
    task = Task.objects.get(commitment__text__startswith="Xây dựng cơ sở dữ liệu dùng chung")
    assert f"{task.due_date:%d/%m/%Y}" == "30/09/2030"
    assert task.lead.name_vi == "Sở Quy hoạch - Kiến trúc Hà Nội"
