"""The portal marks the VSIC codes and Decision 38/2020 items it has no source for, on a desktop
and on a phone, in both languages (the sourced ones carry no mark)."""

from __future__ import annotations

import pytest

from . import audit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("lang", "project", "enterprises", "word"),
    [
        ("vi", "/dau-tu/du-an/HN-CNTT-03/", "/dau-tu/doanh-nghiep/", "chưa kiểm chứng"),
        ("en", "/en/invest/projects/HN-CNTT-03/", "/en/invest/enterprises/", "unverified"),
    ],
)
def test_unverified_codes_and_items_are_marked_on_the_project_and_enterprise_pages(
    load_demo, page, shot, lang, project, enterprises, word
):
    from hoptac.investment.models import Enterprise

    load_demo(["core", "investment"])
    # HN-CNTT-03 is classed VSIC 2018 6201 (sourced: the correspondence table names it) with the
    # item SOFTWARE (no source found for its wording); an enterprise with a sourced item (AI) and
    # one with an unsourced one
    sourced = Enterprise.objects.filter(priority_item__code="AI", verification="verified").first()
    for size, label in ((audit.DESKTOP, "desktop"), (audit.PHONE, "phone")):
        page.set_viewport_size(size)
        page.goto(project)
        marks = page.locator("dl.facts [data-unverified]")
        assert marks.count() == 1
        assert marks.first.get_attribute("data-unverified") == "SOFTWARE"
        assert marks.first.inner_text() == word and marks.first.is_visible()
        box = marks.first.bounding_box()
        assert box["x"] + box["width"] <= size["width"]
        assert audit.horizontal_overflow(page) <= 1, audit.overflowing_elements(page)
        shot(page, f"investment-project-marks-{label}-{lang}")
        page.goto(enterprises)
        assert page.locator("table [data-unverified]").count() >= 1
        shot(page, f"investment-enterprises-marks-{label}-{lang}")
        page.goto(f"{enterprises}{sourced.tax_code}/")
        item = page.locator(
            "dl.facts dd",
            has_text=sourced.priority_item.name_vi
            if lang == "vi"
            else (sourced.priority_item.name_en or sourced.priority_item.name_vi),
        )
        assert item.locator("[data-unverified]").count() == 0
        shot(page, f"investment-enterprise-marks-{label}-{lang}")
