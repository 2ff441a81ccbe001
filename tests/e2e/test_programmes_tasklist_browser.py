from __future__ import annotations

import pytest
from playwright.sync_api import expect

from hoptac.programmes.models import SavedTaskFilter, Task

from .accounts import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_coordinator_sorts_chooses_columns_saves_a_filter_and_tags_tasks(load_demo, page, shot):
    load_demo(["core", "programmes"])
    sign_in(page, "hn-dieuphoi")
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


def test_an_officer_follows_a_task_and_sees_what_changed_since_the_last_visit(
    load_demo, page, shot
):
    import datetime as dt

    from django.utils import timezone

    from hoptac.core.models import User
    from hoptac.programmes import actions
    from hoptac.programmes.models import Agreement, TaskVisit, Watch

    load_demo(["core", "programmes"])
    task = Task.objects.filter(lead__locality__code="01", completed_on__isnull=True).first()
    sign_in(page, "dn-chuyenvien")
    page.goto(f"/nhiem-vu/{task.pk}/")
    page.get_by_role("button", name="☆ Theo dõi").click()
    expect(page.get_by_text("Bạn đang theo dõi")).to_be_visible()
    expect(page.get_by_role("button", name="★ Đang theo dõi")).to_be_visible()
    assert Watch.objects.filter(user__username="dn-chuyenvien", task=task).exists()

    TaskVisit.objects.filter(task=task).update(seen_at=timezone.now() - dt.timedelta(hours=2))
    actions.add_comment(
        task, User.objects.get(username="hn-dieuphoi"), "Đã gửi dự thảo kế hoạch cho Đà Nẵng."
    )
    page.goto(f"/nhiem-vu/{task.pk}/")
    box = page.locator("section.changes-since")
    expect(box).to_contain_text("Đã gửi dự thảo kế hoạch cho Đà Nẵng.")
    shot(page, "programmes-task-changes-since-vi")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "programmes-task-changes-since-390-vi")
    assert page.evaluate("document.documentElement.scrollWidth") <= 391

    page.set_viewport_size({"width": 1280, "height": 900})
    agreement = Agreement.objects.get(reference="2138-TB/TU")
    page.goto(f"/chuong-trinh/{agreement.pk}/")
    page.get_by_role("button", name="☆ Theo dõi cam kết này").first.click()
    expect(page.get_by_text("Bạn đang theo dõi")).to_be_visible()
    assert Watch.objects.filter(user__username="dn-chuyenvien", commitment__isnull=False).exists()
    shot(page, "programmes-agreement-follow-vi")


def test_an_officer_drags_a_bar_sees_the_shift_and_confirms_an_extension_request(
    load_demo, page, shot
):
    from hoptac.programmes.models import Agreement, ExtensionRequest

    load_demo(["core", "programmes"])
    agreement = Agreement.objects.get(reference="2138-TB/TU")
    sign_in(page, "hn-chuyenvien")
    page.goto(f"/chuong-trinh/{agreement.pk}/tien-do/?zoom=quarter")
    expect(page.locator("nav.zoom a[aria-current]")).to_have_text("Quý")
    shot(page, "programmes-gantt-quarter-vi")
    handle = page.locator("g.g-bar.draggable rect.g-handle").first
    expect(handle).to_be_visible()
    before = ExtensionRequest.objects.count()
    handle.scroll_into_view_if_needed()
    box = handle.bounding_box()
    page.mouse.move(box["x"] + 4, box["y"] + 8)
    page.mouse.down()
    page.mouse.move(box["x"] + 60, box["y"] + 8, steps=6)
    page.mouse.up()
    form = page.locator("#reschedule")
    expect(form).to_be_visible()
    assert ExtensionRequest.objects.count() == before  # nothing saved while previewing
    page.get_by_label("Lý do").fill("Chờ kết quả khảo sát của Đà Nẵng.")
    shot(page, "programmes-gantt-drag-vi")
    page.get_by_role("button", name="Xác nhận đề nghị gia hạn").click()
    expect(page.get_by_text("Đã gửi đề nghị gia hạn")).to_be_visible()
    assert ExtensionRequest.objects.count() == before + 1

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/chuong-trinh/{agreement.pk}/tien-do/?zoom=year")
    shot(page, "programmes-gantt-year-390-vi")
    assert page.evaluate("document.documentElement.scrollWidth") <= 391


def test_a_coordinator_calls_the_steering_committee_and_turns_a_conclusion_into_a_task(
    load_demo, page, shot
):
    from hoptac.programmes.models import Agreement, Conclusion

    load_demo(["core", "programmes"])
    agreement = Agreement.objects.get(reference="2138-TB/TU")
    sign_in(page, "hn-dieuphoi")
    page.goto(f"/chuong-trinh/{agreement.pk}/")
    page.get_by_role("link", name="Ban Chỉ đạo").click()
    page.get_by_label("Ngày họp").fill("20/12/2026")
    page.get_by_label("Địa điểm họp").fill("Trụ sở UBND thành phố Đà Nẵng")
    page.get_by_role("button", name="Triệu tập").click()
    expect(page.get_by_text("Đã triệu tập cuộc họp")).to_be_visible()
    page.get_by_role("textbox", name="Biên bản").fill(
        "Hai bên rà soát các nhiệm vụ quá hạn và thống nhất giải pháp."
    )
    page.get_by_role("button", name="Lưu biên bản").click()
    expect(page.get_by_text("Đã lưu biên bản.")).to_be_visible()
    page.get_by_role("textbox", name="Kết luận", exact=True).fill(
        "Sở Khoa học và Công nghệ Hà Nội chủ trì hội thảo về chuyển đổi số trong quý I/2027."
    )
    page.get_by_label("Cam kết (để chuyển thành nhiệm vụ)").select_option(index=1)
    page.get_by_label("Cơ quan chủ trì").select_option(label="Sở Khoa học và Công nghệ Hà Nội")
    page.get_by_label("Hạn hoàn thành").fill("31/03/2027")
    page.get_by_role("button", name="Ghi kết luận").click()
    expect(page.get_by_text("Đã ghi kết luận và tạo nhiệm vụ.")).to_be_visible()
    assert Conclusion.objects.get().task is not None
    shot(page, "programmes-meeting-vi")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "programmes-meeting-390-vi")
    assert page.evaluate("document.documentElement.scrollWidth") <= 391


def test_coordinator_changes_every_task_a_filter_matches_after_confirming_the_count(
    load_demo, page, shot
):
    load_demo(["core", "programmes"])
    sign_in(page, "hn-dieuphoi")
    page.goto("/nhiem-vu/?locality=01&per_page=25")
    matching = Task.objects.filter(lead__locality__code="01").count()
    page.locator("main").get_by_role("link", name=f"Thay đổi tất cả {matching} nhiệm vụ").click()
    expect(page.get_by_role("heading", name="Sửa nhiều nhiệm vụ")).to_be_visible()
    expect(page.locator("main")).to_contain_text(f"{matching} nhiệm vụ khớp với bộ lọc")
    page.get_by_label("Thêm nhãn").fill("Rà soát 2026")
    page.get_by_role("button", name=f"Áp dụng cho {matching} nhiệm vụ").click()
    expect(page.get_by_text("Hãy đánh dấu ô để xác nhận")).to_be_visible()  # not confirmed
    assert not Task.objects.filter(tags__name="Rà soát 2026").exists()
    page.get_by_label("Thêm nhãn").fill("Rà soát 2026")
    page.get_by_label(f"Tôi xác nhận: thay đổi {matching} nhiệm vụ").check()
    shot(page, "programmes-task-bulk-edit-all-vi")
    page.get_by_role("button", name=f"Áp dụng cho {matching} nhiệm vụ").click()
    expect(page.get_by_text(f"Đã sửa {matching} nhiệm vụ.")).to_be_visible()
    assert Task.objects.filter(tags__name="Rà soát 2026").count() == matching
    assert (
        not Task.objects.filter(tags__name="Rà soát 2026")
        .exclude(lead__locality__code="01")
        .exists()
    )


def test_coordinator_pages_through_the_list_and_shares_a_deep_page(load_demo, page, shot):
    from hoptac.programmes.tests.factories import TaskFactory

    load_demo(["core", "programmes"])
    hanoi = Task.objects.filter(lead__locality__code="01").select_related("commitment").first()
    for i in range(60):
        TaskFactory(commitment=hanoi.commitment, lead=hanoi.lead, title=f"Việc thêm {i:02d}")
    sign_in(page, "hn-dieuphoi")
    page.goto("/nhiem-vu/?sort=title&per_page=25")
    pages = page.locator("main nav.pagination")
    first_titles = page.locator("main tbody td.task-title").all_inner_texts()
    pages.get_by_role("link", name="Sau").click()
    page.wait_for_url("**after=**")
    expect(pages).to_contain_text("Trang 2/")
    second_url = page.url
    second_titles = page.locator("main tbody td.task-title").all_inner_texts()
    assert len(second_titles) == 25 and not set(first_titles) & set(second_titles)
    pages.get_by_role("link", name="Trang cuối").click()
    page.wait_for_url("**last=1**")
    expect(pages.get_by_role("link", name="Sau")).to_have_count(0)
    pages.get_by_role("link", name="Trước").click()
    page.wait_for_url("**before=**")
    shot(page, "programmes-task-list-deep-page-vi")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "programmes-task-list-deep-page-390-vi")
    assert page.evaluate("document.documentElement.scrollWidth") <= 391
    page.goto(second_url)  # the shared link opens the same tasks
    assert page.locator("main tbody td.task-title").all_inner_texts() == second_titles
    page.goto(second_url.replace("after=", "after=x"))  # an edited link
    expect(page.get_by_text("Không đọc được liên kết trang này")).to_be_visible()
    assert page.locator("main tbody td.task-title").all_inner_texts() == first_titles
