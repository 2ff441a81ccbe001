from __future__ import annotations

import pytest

from hoptac.core import searchable as registry
from hoptac.search import postings

from .helpers import note_entry


@pytest.fixture(autouse=True)
def _note_kind(monkeypatch):
    monkeypatch.setitem(registry._entries, "test.note", note_entry())


@pytest.fixture(autouse=True)
def _without_pages(request):
    """These tests search their own documents: the pages apps make from their data files (the
    766 index, DTI…), which migrate indexes, are out of the registry and of the index meanwhile.
    The database is set up first so that its teardown (a flush, whose post_migrate indexes the
    pages again) runs after the registry is whole again."""
    marker = request.node.get_closest_marker("django_db")
    if marker is not None:
        transaction = marker.kwargs.get("transaction") or (len(marker.args) > 0 and marker.args[0])
        request.getfixturevalue("transactional_db" if transaction else "db")
    pages = {e.model_key: e for e in registry.page_entries()}
    for key in pages:
        del registry._entries[key]
    if marker is not None:
        from hoptac.search import index
        from hoptac.search.models import Document

        index._delete(Document.objects.filter(model__in=list(pages)))
    yield
    registry._entries.update(pages)


@pytest.fixture(autouse=True)
def _not_preloading(monkeypatch):
    """A test that runs the warm-up (``postings.preload``) leaves no later test's process
    reading each new build's long words in the background."""
    monkeypatch.setattr(postings, "_preloading", False)
    monkeypatch.setattr(postings, "_preloaded_build", None)


@pytest.fixture
def lists(settings):
    """Build the posting lists on demand (``lists()``) with the setting on; the snapshot."""
    settings.SEARCH_POSTINGS = True

    def built() -> postings.Snapshot:
        postings.build()
        snap = postings.snapshot()
        assert snap is not None
        return snap

    return built
