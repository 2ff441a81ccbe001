from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _notify_at_once(monkeypatch):
    """Notifications go out after the commit; tests run inside a transaction, so send at once."""
    monkeypatch.setattr("hoptac.exchange.notify.on_commit", lambda fn: fn())
