from __future__ import annotations

import pytest

from hoptac.core import searchable as registry

from .helpers import note_entry


@pytest.fixture(autouse=True)
def _note_kind(monkeypatch):
    monkeypatch.setitem(registry._entries, "test.note", note_entry())
