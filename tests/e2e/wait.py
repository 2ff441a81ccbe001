"""Waiting for a page's script under the site's Content-Security-Policy.

Playwright's `page.wait_for_function` builds its predicate with `eval` inside the page, which the
policy refuses (no 'unsafe-eval'); `page.evaluate` goes through the browser's DevTools protocol,
which the policy does not govern. So the browser tests poll with `evaluate`.
"""

from __future__ import annotations

import time

from playwright.sync_api import Error


def wait_for(page, expression: str, timeout: float = 30_000, interval: float = 100) -> None:
    """Return once `expression` is truthy in the page; fail after `timeout` ms with the last
    error the expression raised (a map not created yet raises until it is)."""
    deadline = time.monotonic() + timeout / 1000
    last: Exception | None = None
    while True:
        try:
            if page.evaluate(expression):
                return
            last = None
        except Error as error:
            last = error
        if time.monotonic() > deadline:
            raise AssertionError(
                f"timed out after {timeout:.0f} ms waiting for {expression}"
            ) from last
        page.wait_for_timeout(interval)
