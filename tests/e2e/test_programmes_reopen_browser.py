"""A finished task is closed: the lead's officer asks to reopen it from its page, the coordinator
of the city sees the request and confirms; the officer can report again."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from hoptac.core.models import User
from hoptac.programmes import actions
from hoptac.programmes.models import ReopenRequest, Task

from .accounts import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _finished_task_of(officer: User) -> Task:
    org = officer.memberships.first().organisation_id
    task = Task.objects.filter(lead_id=org).order_by("pk").first()
    if task.completed_on is None:
        actions.report_progress(task, officer, progress=100, text="Đã hoàn thành")
    return task


def test_officer_asks_to_reopen_and_the_coordinator_confirms(load_demo, page, shot):
    load_demo(["core", "programmes"])
    officer = User.objects.get(username="hn-chuyenvien")
    task = _finished_task_of(officer)

    sign_in(page, "hn-chuyenvien")
    page.goto(f"/nhiem-vu/{task.pk}/")
    expect(page.get_by_role("button", name="Gửi báo cáo")).to_have_count(0)
    page.get_by_label("Vì sao cần mở lại nhiệm vụ?").fill(
        "Biên bản nghiệm thu còn thiếu chữ ký của Sở Đà Nẵng."
    )
    page.get_by_role("button", name="Đề nghị mở lại nhiệm vụ").click()
    expect(page.get_by_text("Đề nghị của bạn đã được gửi tới đầu mối điều phối")).to_be_visible()
    expect(page.get_by_text("Đang chờ đầu mối điều phối")).to_be_visible()
    shot(page, "programmes-reopen-asked-vi")
    asked = ReopenRequest.objects.get(task=task)
    assert asked.is_pending

    page.context.clear_cookies()
    sign_in(page, "hn-dieuphoi")
    page.goto(f"/nhiem-vu/{task.pk}/")
    expect(page.get_by_text("thiếu chữ ký của Sở Đà Nẵng")).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "programmes-reopen-pending-390-vi")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Quyết định").select_option("1")
    page.get_by_label("Tiến độ sau khi mở lại (%)").fill("80")
    page.get_by_role("button", name="Ghi nhận trả lời").click()
    expect(page.get_by_text("Đã ghi nhận trả lời")).to_be_visible()
    shot(page, "programmes-reopen-confirmed-vi")
    task.refresh_from_db()
    asked.refresh_from_db()
    assert task.completed_on is None and task.progress == 80
    assert asked.state == ReopenRequest.State.CONFIRMED

    page.context.clear_cookies()
    sign_in(page, "hn-chuyenvien")
    page.goto(f"/nhiem-vu/{task.pk}/")
    expect(page.get_by_role("button", name="Gửi báo cáo")).to_be_visible()
