"""The Gantt chart names each task "lead · short title": the short title a coordinator gave it,
else the words that tell it from the tasks whose titles begin alike; never wider than its
column, on a desktop and on a 390 px phone."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from hoptac.programmes.models import Agreement, Task

from .accounts import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ALIKE = "Tổ chức đoàn công tác trao đổi kinh nghiệm về chuyển đổi số trong quản lý đô thị tại"

# Every part of a label stays inside the labels' column; text that does not fit is cut there
# with an ellipsis (it overflows only into its own hidden, ellipsised box).
OVERFLOWING = """() => [...document.querySelectorAll(
    '.gantt-label a, .gantt-label .gantt-meta, .gantt-label .g-lead, .gantt-label .g-short')]
  .filter(el => el.getBoundingClientRect().right
                  > el.closest('.gantt-labels').getBoundingClientRect().right + 1
             || (el.scrollWidth > el.clientWidth + 1
                 && getComputedStyle(el).textOverflow !== 'ellipsis'))
  .map(el => el.className + ': ' + el.textContent)"""


def test_the_gantt_names_tasks_by_lead_and_short_title_without_overflowing(load_demo, page, shot):
    load_demo(["core", "programmes"])
    agreement = Agreement.objects.get(reference="2138-TB/TU")
    model = (
        Task.objects.filter(commitment__agreement=agreement, lead__locality__code="01")
        .order_by("start_date")
        .first()
    )
    today = dt.date.today()
    for place in ("Thành phố Hồ Chí Minh", "Thành phố Đà Nẵng"):
        Task.objects.create(
            commitment=model.commitment,
            lead=model.lead,
            title=f"{ALIKE} {place}",
            start_date=today,
            due_date=today + dt.timedelta(days=120),
        )
    sign_in(page, "hn-dieuphoi")

    # the coordinator gives one task a short title in its form
    page.goto(f"/nhiem-vu/{model.pk}/sua/")
    page.get_by_label("Tên ngắn").fill("Khảo sát mô hình")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu nhiệm vụ")).to_be_visible()
    model.refresh_from_db()
    assert model.short_title == "Khảo sát mô hình"

    page.goto(f"/chuong-trinh/{agreement.pk}/tien-do/")
    labels = page.locator(".gantt-label a")
    lead = model.lead.abbreviation or model.lead.name
    expect(labels.filter(has_text="Khảo sát mô hình").first).to_have_text(
        f"{lead} · Khảo sát mô hình"
    )
    # titles that begin alike are told apart by where they differ
    expect(labels.filter(has_text="· … Hồ Chí Minh")).to_have_count(1)
    expect(labels.filter(has_text="· … Đà Nẵng")).to_have_count(1)
    assert page.evaluate(OVERFLOWING) == []
    shot(page, "programmes-gantt-names-vi")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/chuong-trinh/{agreement.pk}/tien-do/")
    assert page.evaluate(OVERFLOWING) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 391
    shot(page, "programmes-gantt-names-390-vi")
