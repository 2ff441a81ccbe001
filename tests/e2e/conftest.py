"""Playwright (Python) driving Debian's Chromium; Playwright's own browser download is not used."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("HOPTAC_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: install Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-gpu",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


def csp_refusals(page) -> list[str]:
    """A list that fills with what the page's Content-Security-Policy refuses (Chromium reports
    each refusal on the console), across the page's navigations."""
    refused: list[str] = []

    def console(message) -> None:
        if "Content Security Policy" in message.text:
            refused.append(f"{page.url}: {message.text[:300]}")

    page.on("console", console)
    return refused


@pytest.fixture
def page(browser, live_server):
    # The site's Content-Security-Policy is enforced, as in production: an inline script or
    # style without its nonce, or a resource from a host the policy does not name, is refused
    # by the browser and reported on the console, and the test fails listing it.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    refused = csp_refusals(page)
    # Nothing may leave the machine: any request to another host fails the test.
    outside: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith(live_server.url) or url.startswith("data:"):
            return route.continue_()
        outside.append(url)
        return route.abort()

    page.route("**/*", guard)
    yield page
    context.close()
    assert outside == [], f"requests to outside hosts: {outside}"
    assert refused == [], "refused by the Content-Security-Policy:\n" + "\n".join(refused)


@pytest.fixture(scope="session")
def _demo_copies(tmp_path_factory):
    from .demo import DemoCopies

    return DemoCopies(tmp_path_factory.mktemp("demo-copies"))


@pytest.fixture
def load_demo(_demo_copies, transactional_db):
    """`load_demo(parts)`: the demo's parts (every part when None) in the test's database, as
    `manage.py load_demo --only parts` leaves it (tests/e2e/demo.py: a copy after the first)."""
    return _demo_copies.load


@pytest.fixture
def shot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
