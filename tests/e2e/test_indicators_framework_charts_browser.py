"""A published-index framework in a browser: one chart per indicator over the years (Chart.js
served locally, the 766 page's drawing), the tables kept, on a desktop and on a 390 px phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from hoptac.core.tests.factories import LocalityFactory

from . import audit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_a_framework_draws_each_indicator_over_the_years(page, shot, width):
    LocalityFactory(code="01", name_vi="Thành phố Hà Nội", name_en="Hanoi")
    LocalityFactory(code="48", name_vi="Thành phố Đà Nẵng", name_en="Da Nang")
    if width == "phone":
        page.set_viewport_size(audit.PHONE)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    for url, name, drawn_charts in (
        ("/chi-so/khung/dti/", "dti-vi", True),
        ("/chi-so/khung/pci/", "pci-vi", False),  # one edition: its figures, no chart
        ("/en/indicators/frameworks/papi/", "papi-en", True),
    ):
        assert page.goto(url).status == 200
        charts = page.locator("canvas[data-series]")
        if drawn_charts:
            expect(charts.first).to_be_visible()
            # Chart.js has drawn every canvas (it sizes each to its box)
            drawn = page.evaluate(
                "() => [...document.querySelectorAll('canvas[data-series]')]"
                ".every(c => window.Chart && Chart.getChart(c))"
            )
            assert drawn, name
        else:
            expect(charts).to_have_count(0)
            expect(page.get_by_text("Chỉ có số liệu một năm (2021)").first).to_be_visible()
        expect(page.locator("table").first).to_be_visible()  # the tables stay
        if name == "pci-vi":  # both cities in 2021: the gap in words under each indicator
            expect(
                page.get_by_text("Năm 2021: Thành phố Hà Nội thấp hơn Thành phố Đà Nẵng 1,82.")
            ).to_be_visible()
        assert audit.horizontal_overflow(page) <= 1, audit.overflowing_elements(page)
        shot(page, f"indicators-framework-charts-{name}-{width}")
    assert errors == []
