"""A citizen reads the demo's public pages: a published commitment shows its public evidence and
what carries it out (desktop and a 390 px phone)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from hoptac.programmes.models import Commitment

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PARTS = [
    "core",
    "programmes",
    "programmes-public",
    "exchange",
    "investment",
    "geodata",
    "programmes-public-links",
]


def test_a_citizen_sees_the_evidence_and_what_carries_a_commitment_out(load_demo, page, shot):
    load_demo(PARTS)
    commitment = (
        Commitment.objects.filter(published_at__isnull=False, links__isnull=False)
        .distinct()
        .order_by("order")
        .first()
    )
    page.goto("/cong-khai/")
    page.get_by_role("link", name="2138-TB/TU").first.click()
    page.locator(f"#cam-ket-{commitment.pk} a").first.click()
    expect(page.get_by_role("heading", name="Minh chứng")).to_be_visible()
    evidence = page.locator("ul.files a").first
    expect(evidence).to_have_text(re.compile(r"^bao-cao-ket-qua-\d{4}-\d\d-\d\d\.pdf$"))
    download = page.request.get(evidence.get_attribute("href"))
    assert download.ok and download.body().startswith(b"%PDF")
    carried = page.get_by_role("heading", name="Được thực hiện qua")
    expect(carried).to_be_visible()
    shot(page, "public-demo-commitment-vi")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    shot(page, "public-demo-commitment-vi-390")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 392, f"the page scrolls sideways at 390 px ({width})"
