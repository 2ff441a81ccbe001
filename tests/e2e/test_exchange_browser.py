from __future__ import annotations

import pytest
from playwright.sync_api import expect

from hoptac.core import dates
from hoptac.exchange.demo import training_days

from .accounts import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_public_and_partner_see_practices_requests_and_the_calendar(load_demo, page, shot):
    load_demo()
    page.goto("/trao-doi/")
    expect(page.get_by_role("heading", name="Trao đổi kinh nghiệm", exact=True)).to_be_visible()
    shot(page, "exchange-index-anonymous-vi")

    page.goto("/trao-doi/thuc-tien/")
    # anonymous: public practices only, never the Hanoi draft or the partners-only one
    expect(
        page.get_by_role("link", name="Chính quyền điện tử và Trung tâm giám sát")
    ).to_be_visible()
    assert page.get_by_text("Đánh giá cán bộ theo kết quả").count() == 0
    assert page.get_by_role("link", name="Không tổ chức HĐND phường").count() == 0
    shot(page, "exchange-practices-anonymous-vi")

    sign_in(page, "dn-dieuphoi")
    page.goto("/trao-doi/thuc-tien/")
    expect(page.get_by_role("link", name="Không tổ chức HĐND phường")).to_be_visible()
    assert page.get_by_text("Đánh giá cán bộ theo kết quả").count() == 0
    page.get_by_role("link", name="Chính quyền điện tử và Trung tâm giám sát").click()
    expect(page.get_by_role("link", name="quy-trinh-van-hanh-IOC.docx")).to_be_visible()
    shot(page, "exchange-practice-detail-vi")

    page.goto("/trao-doi/chinh-sach/")
    expect(page.get_by_role("link", name="119/2020/QH14")).to_be_visible()
    shot(page, "exchange-policies-vi")

    page.goto("/trao-doi/hoi-dap/")
    page.get_by_role("link", name="Số hóa hồ sơ thủ tục hành chính").click()
    shot(page, "exchange-request-pending-vi")
    page.goto("/trao-doi/hoi-dap/")
    page.get_by_role("link", name="Kinh nghiệm sắp xếp công chức phường").click()
    shot(page, "exchange-request-answered-vi")
    expect(page.get_by_text("trả lời sau").first).to_be_visible()

    course, _closes = training_days(dates.today())
    page.goto(f"/trao-doi/lich/?thang={course:%Y-%m}")
    expect(page.get_by_role("link", name="Lớp bồi dưỡng về đánh giá cán bộ").first).to_be_visible()
    shot(page, "exchange-calendar-vi")

    page.goto("/trao-doi/hoat-dong/")
    page.get_by_role("link", name="Lớp bồi dưỡng về đánh giá cán bộ").click()
    page.get_by_role("button", name="Đăng ký").click()
    expect(page.get_by_text("Bạn đã đăng ký thành công.")).to_be_visible()
    shot(page, "exchange-activity-registered-vi")


def test_hanoi_department_answers_da_nangs_question(load_demo, page, shot):
    load_demo()
    sign_in(page, "hn-dieuphoi")
    page.goto("/trao-doi/")
    expect(page.get_by_text("Câu hỏi đang chờ thành phố bạn trả lời")).to_be_visible()
    page.get_by_role("link", name="Số hóa hồ sơ thủ tục hành chính").click()
    page.get_by_role("link", name="Trả lời").click()
    page.get_by_label("Cơ quan trả lời").select_option(
        label="Văn phòng Ủy ban nhân dân thành phố Hà Nội"
    )
    page.locator("#id_body").fill("Chúng tôi số hóa ngay khi **tiếp nhận** hồ sơ.")
    shot(page, "exchange-answer-form-vi")
    page.get_by_role("button", name="Gửi trả lời").click()
    page.wait_for_load_state()
    shot(page, "exchange-request-answered-by-hanoi-vi")
    expect(page.get_by_text("Đã gửi trả lời.")).to_be_visible()
    expect(page.locator(".answer strong", has_text="tiếp nhận")).to_be_visible()
    shot(page, "exchange-request-answered-by-hanoi-vi")
