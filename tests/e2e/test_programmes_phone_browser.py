"""The programmes pages at 390 px (a phone): nothing wider than the screen; a wide table
scrolls inside its own frame, and the task list's filters fold away under one summary."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from hoptac.programmes.models import Agreement, Task

from . import audit
from .accounts import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_programmes_pages_fit_a_phone(load_demo, page, shot):
    load_demo(["core", "programmes"])
    agreement = Agreement.objects.get(reference="2138-TB/TU")
    task = Task.objects.filter(commitment__agreement=agreement, lead__locality__code="01").first()
    sign_in(page, "hn-dieuphoi")
    page.set_viewport_size(audit.PHONE)
    every_column = "cols=title,agreement,lead,partners,assignees,tags,start,due,progress,status"
    pages = {
        "task-list": f"/nhiem-vu/?{every_column}",
        "bulk-edit-all": "/nhiem-vu/sua-nhieu/?all=1&back=locality%3D01",
        "dashboard": "/nhiem-vu/thong-ke/",
        "my-work": "/nhiem-vu/cua-toi/",
        "agreements": "/chuong-trinh/",
        "agreement": f"/chuong-trinh/{agreement.pk}/",
        "board": f"/chuong-trinh/{agreement.pk}/bang/",
        "gantt": f"/chuong-trinh/{agreement.pk}/tien-do/",
        "meetings": f"/chuong-trinh/{agreement.pk}/hop-ban-chi-dao/",
        "task": f"/nhiem-vu/{task.pk}/",
        "public": "/cong-khai/",
    }
    wide = {}
    for name, url in pages.items():
        response = page.goto(url)
        assert response.status == 200, (name, response.status)
        shot(page, f"programmes-phone-{name}")
        if audit.horizontal_overflow(page) > 1:
            wide[name] = audit.overflowing_elements(page)
        # a table wider than the screen is inside a frame that scrolls sideways
        loose = page.evaluate(
            """() => [...document.querySelectorAll('main table')].filter(t => {
                const w = t.closest('.table-wrap');
                return t.getBoundingClientRect().width > window.innerWidth
                    && !(w && getComputedStyle(w).overflowX === 'auto');
            }).length"""
        )
        assert loose == 0, (name, loose)
    assert not wide, wide

    # the timeline on a phone: bars show beside the task names, which stay put as the bars scroll
    page.goto(pages["gantt"])
    wrap = page.locator(".gantt-wrap")
    labels = page.locator("td.gantt-labels")
    room = wrap.evaluate("w => w.getBoundingClientRect().right") - labels.evaluate(
        "l => l.getBoundingClientRect().right"
    )
    assert room >= 150, room  # px of bars in view before any scrolling
    left = labels.evaluate("l => l.getBoundingClientRect().left")
    wrap.evaluate("w => { w.scrollLeft = 400; }")
    assert wrap.evaluate("w => w.scrollLeft") > 0
    assert abs(labels.evaluate("l => l.getBoundingClientRect().left") - left) < 1
    shot(page, "programmes-phone-gantt-scrolled")

    # the task list on a phone: filters folded, the tasks close to the top
    page.goto("/nhiem-vu/")
    filters = page.locator("details.filters-fold")
    expect(filters).to_be_visible()
    assert not filters.evaluate("d => d.open")
    top = page.locator("main table.task-table").evaluate("t => t.getBoundingClientRect().top")
    assert top < 844 * 1.5, top
    filters.locator("summary").click()
    expect(page.locator("form.filters #id_status")).to_be_visible()
