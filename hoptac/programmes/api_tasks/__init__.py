"""The writing half of the programmes API: other systems create and change tasks, report
progress with evidence files, comment, ask for more time, and subscribe to webhooks.

Authentication is a personal token (`Authorization: Bearer hpk_…`, `core.api_auth`) or the
site's session (with its CSRF token). A write checks the same permission and calls the same
action as the page, with the same form validating the input, so the history and the
notifications are the same; a refusal is a JSON error, never a page.

The operations live in one module per section (`tasks`, `reports`, `comments`, `webhooks`) and
join the read router when this package is imported (by `hoptac.api`); they are imported in this
order, the order of the OpenAPI document.
"""

from __future__ import annotations

from importlib import import_module

for _section in ("tasks", "reports", "comments", "webhooks"):
    import_module(f"{__name__}.{_section}")
