"""The statements a search sends with the posting lists: their number, and that a search run on
the snapshot a process read last without asking still answers from the lists as they are."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hoptac.search import index, postings, queries
from hoptac.search.models import Document

from .helpers import add, prepared

pytestmark = pytest.mark.django_db

ANON = AnonymousUser()


def corpus() -> None:
    add("Quy hoạch đô thị Hải Phòng", "Quy hoạch chung đô thị đến năm 2040, giao thông và cảng.")
    add("Chuyển đổi số tỉnh Nam Định", "Kế hoạch chuyển đổi số, đô thị thông minh.")
    add("Giao thông đô thị", "Quy hoạch giao thông công cộng trong đô thị.")


def statements(q: str) -> tuple[list[str], list[int]]:
    with CaptureQueriesContext(connection) as ctx:
        hits = queries.search(q, ANON, limit=10).hits
    return [c["sql"] for c in ctx.captured_queries], [h.document.pk for h in hits]


def test_a_search_on_lists_already_read_sends_one_statement(lists):
    corpus()
    lists()
    _sql, first = statements("quy hoạch đô thị")
    sql, again = statements("quy hoạch đô thị")
    assert again == first and len(first) == 3
    # the page's documents, with the lists' state in the same statement (no statement of its
    # own asking for the state first)
    assert len(sql) == 1 and "search_postingstate" in sql[0] and "search_document" in sql[0]


def test_a_search_reads_its_words_pairs_and_accented_forms_in_one_statement(lists):
    corpus()
    lists()  # a new build: nothing of it read yet but its documents' arrays
    sql, found = statements("quy hoạch đô thị")
    assert len(found) == 3
    read = [s for s in sql if "search_posting " in s or "search_posting\n" in s]
    assert len(read) == 1 and len(sql) == 2
    assert "hoạch" in read[0] and "quy hoach" in read[0]  # an accented form and a pair


def test_a_document_written_by_another_process_is_found_by_the_next_search(lists, monkeypatch):
    corpus()
    lists()
    statements("quy hoạch đô thị")
    # another process writes (this one is not told: it keeps searching on what it read last)
    monkeypatch.setattr(postings, "_distrust", lambda: None)
    new = add("Quy hoạch đô thị mới", "Quy hoạch đô thị")
    _sql, found = statements("quy hoạch đô thị")
    assert new.pk in found and len(found) == 4
    Document.objects.filter(pk=new.pk).delete()  # (a change the lists do not know of) ...
    postings.removed([new.pk])
    _sql, found = statements("quy hoạch đô thị")
    assert new.pk not in found and len(found) == 3


def test_lists_of_another_build_are_never_read_into_a_snapshot(lists, monkeypatch):
    corpus()
    snap = lists()
    monkeypatch.setattr(postings, "_distrust", lambda: None)
    postings.build()  # by another process: a new build number
    with pytest.raises(postings.Stale):
        postings.postings(snap, ["giao"])
    assert "giao" not in snap.packed
    # a search on the old snapshot starts again on the new build
    postings._trusted, postings._snapshot = True, snap
    _sql, found = statements("giao thông")
    assert postings.snapshot() is not snap
    postings._trusted = False
    assert statements("giao thông")[1] == found and len(found) == 3


def test_a_search_that_finds_nothing_asks_whether_its_snapshot_is_current(lists, monkeypatch):
    corpus()
    lists()
    sql, found = statements("cảng biển xyzw")
    assert len(found) == 1
    sql, found = statements("xyzw")
    assert not found and len(sql) == 1 and "search_postingstate" in sql[0]
    monkeypatch.setattr(postings, "_distrust", lambda: None)
    new = add("Xyzw", "")
    _sql, found = statements("xyzw")
    assert found == [new.pk]


def test_the_page_s_documents_are_read_as_the_orm_reads_them(lists):
    corpus()
    add(
        "Văn bản có ngày",
        "Nội dung dài " * 20,  # long enough to be stored compressed
        date=dt.date(2026, 12, 7),
        public=True,
    )
    ids = list(Document.objects.values_list("pk", flat=True))
    orm = Document.objects.in_bulk(ids)
    read = queries.documents([*ids, 10**9])
    assert read.keys() == orm.keys()
    for pk, doc in read.items():
        want = {k: v for k, v in vars(orm[pk]).items() if k != "_state"}
        got = {k: v for k, v in vars(doc).items() if k != "_state"}
        assert got == want
        assert {k: type(v) for k, v in got.items()} == {k: type(v) for k, v in want.items()}
        assert not doc._state.adding and doc._state.db == orm[pk]._state.db


def test_a_search_that_reads_a_list_of_a_later_generation_stops_before_ranking(lists, monkeypatch):
    corpus()
    lists()
    statements("quy hoạch")
    monkeypatch.setattr(postings, "_distrust", lambda: None)
    new = prepared("Giao thông thông minh")
    index.write([new])  # by another process: a delta row
    new = new.document
    ranked = []
    real = postings.Engine.rank
    monkeypatch.setattr(
        postings.Engine, "rank", lambda self, *a: ranked.append(self.checked) or real(self, *a)
    )
    sql, found = statements("giao thông")  # "giao": a list not read yet, with the state
    assert new.pk in found
    assert ranked == [True]  # ranked once, on the fresh snapshot
    assert sum('"search_document" d' in s for s in sql) == 1  # the page's documents once
    # the snapshot found stale is not searched on unchecked again
    assert postings.cached() is not None and not postings.cached().superseded
