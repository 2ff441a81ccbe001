"""The browser tests run with the site's Content-Security-Policy enforced (no bypass), and the
`page` fixture fails a test on anything the policy refuses: shown here on a page that breaks it."""

from __future__ import annotations

import pytest

from .conftest import csp_refusals

pytestmark = pytest.mark.e2e


def test_the_site_sends_its_policy_and_the_browser_enforces_it(page, live_server):
    response = page.goto("/")
    assert "script-src 'self' 'nonce-" in response.headers["content-security-policy"]
    assert page.evaluate("typeof htmx") == "object"  # the site's own scripts still run


def test_an_inline_script_without_the_nonce_is_refused_and_reported(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    try:
        probe = context.new_page()
        refused = csp_refusals(probe)
        probe.route(
            "**/csp-probe/",
            lambda route: route.fulfill(
                status=200,
                headers={
                    "Content-Type": "text/html",
                    "Content-Security-Policy": "script-src 'self'",
                },
                body="<!doctype html><title>p</title><script>window.ran = true</script>",
            ),
        )
        probe.goto("/csp-probe/")
        assert probe.evaluate("window.ran === undefined")
        assert refused and "inline script" in refused[0]
    finally:
        context.close()
