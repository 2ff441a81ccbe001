"""Quoted phrases on the posting lists: two words from their pair's list, longer ones from the
pairs' lists proven by the counts or checked by the index among those documents only; the same
documents as the index's own phrase query wherever its positions are exact."""

from __future__ import annotations

import numpy as np
import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from hoptac.search import index, matching, postings, queries
from hoptac.search.backends import get_backend
from hoptac.search.backends.postgres import MAX_POSITION
from hoptac.search.models import Document, Posting

from .helpers import add
from .test_postings import both, note, rounded

pytestmark = pytest.mark.django_db

ANON = AnonymousUser()


def phrase(snap: postings.Snapshot, words: list[str]) -> set[int]:
    """The documents the lists say hold the quoted phrase (the plan's matches)."""
    plan = matching.Plan(list(dict.fromkeys(words)), [words], 1)
    return set(np.flatnonzero(postings.matches(snap, plan, get_backend())).tolist())


def titles(ids: set[int]) -> set[str]:
    return set(Document.objects.filter(pk__in=ids).values_list("title", flat=True))


def asked(monkeypatch) -> list[list[int] | None]:
    """The candidates each phrase query of the backend was asked about (None: every document)."""
    calls: list[list[int] | None] = []
    backend = type(get_backend())
    own = backend.phrase_ids

    def phrase_ids(self, words, ids=None, title=False):
        calls.append(None if ids is None else sorted(ids))
        return own(self, words, ids, title)

    monkeypatch.setattr(backend, "phrase_ids", phrase_ids)
    return calls


def test_a_two_word_phrase_is_its_pair_s_list_without_a_query(lists, django_assert_num_queries):
    add("Quy hoạch đô thị", "bản đồ")
    add("Thị trường", "đô la")  # both words, never side by side
    add("Văn bản", "thị trấn và đô thị loại một")
    snap = lists()
    postings.postings(snap, ["do thi", "quy", "do", "thi"])  # read by the search's statistics
    with django_assert_num_queries(0):
        found = phrase(snap, ["do", "thi"])
    assert titles(found) == {"Quy hoạch đô thị", "Văn bản"}
    assert found == set(get_backend().phrase_ids(["do", "thi"]))


def packed_before_the_listing(monkeypatch) -> None:
    """Lists packed as before 8 December 2026: no list of unproven phrases, nor of the
    documents whose phrases are listed."""
    own = postings._counts

    def unlisted(t):
        return {w: c for w, c in own(t).items() if not w.startswith(" p")}

    monkeypatch.setattr(postings, "_counts", unlisted)


@pytest.mark.parametrize("listed", [True, False])
def test_three_words_whose_pairs_are_apart_do_not_match(lists, monkeypatch, listed):
    true = add("Kế hoạch năm", "bàn về quy hoạch đô thị mới")
    apart = add("Kế hoạch tháng", "quy hoạch mới và hoạch đô")  # "quy hoạch" … "hoạch đô"
    across = add("Quy hoạch", "hoạch đô")  # the title's pair, then the body's
    twice = add("Quy hoạch đô thị", "quy hoạch đô thị và quy hoạch đô")  # proven by counts
    add("Quy hoạch", "đô thị")  # no pair "hoạch đô": the title never runs into the body
    # the counts leave it unproven ("hoạch" three times, the pairs twice): listed
    unproven = add("Hoạch định", "hoạch định quy hoạch đô thị")
    if not listed:
        packed_before_the_listing(monkeypatch)
    snap = lists()
    calls = asked(monkeypatch)
    found = phrase(snap, ["quy", "hoach", "do"])
    # the candidates the counts leave unproven are decided by the list of the unproven, with
    # no query; lists packed before it ask the index about them, by id
    assert calls == ([] if listed else [sorted([apart.pk, across.pk, unproven.pk])])
    assert found == {true.pk, twice.pk, unproven.pk}
    assert found == set(get_backend().phrase_ids(["quy", "hoach", "do"]))


def test_a_longer_phrase_needs_every_word_in_a_row(lists):
    add("Một", "uy ban nhan dan tinh")
    add("Hai", "uy ban nhan x ban nhan dan")  # every three words of it, never all four
    add("Ba", "ban nhan dan uy ban nhan")
    snap = lists()
    words = ["uy", "ban", "nhan", "dan"]
    assert titles(phrase(snap, words)) == {"Một"}
    assert phrase(snap, words) == set(get_backend().phrase_ids(words))


def test_phrases_find_documents_written_since_the_build_and_not_deleted_ones(lists):
    add("Quy hoạch", "quy hoạch đô thị")
    lists()
    new = note("Đô thị loại một", "quy hoạch đô thị mới", object_id="new")
    apart = note("Khác", "quy hoạch mới, hoạch đô", object_id="apart")
    snap = postings.snapshot()
    assert snap.delta
    assert new.pk in phrase(snap, ["quy", "hoach", "do"])
    assert apart.pk not in phrase(snap, ["quy", "hoach", "do"])
    assert new.pk in phrase(snap, ["do", "thi"])
    for q in ('"quy hoạch đô"', '"đô thị"', '"quy hoạch đô thị" mới'):
        sql, fast = both(q)
        assert rounded(sql[2]) == rounded(fast[2]) and sql[1] == fast[1], q
    index._delete(Document.objects.filter(pk=new.pk))
    snap = postings.snapshot()
    assert new.pk not in phrase(snap, ["quy", "hoach", "do"])
    assert new.pk not in phrase(snap, ["do", "thi"])
    hits = queries.search('"quy hoạch đô"', ANON, limit=10).hits
    assert [h.document.title for h in hits] == ["Quy hoạch"]


def filler(n: int) -> str:
    """``n`` words none of the tests' phrases hold."""
    return " ".join(f"w{i}" for i in range(n))


def test_a_phrase_past_postgresql_s_last_position_is_found_and_only_where_it_is(lists):
    # a tsvector keeps positions up to 16,383: every later word is there (the body starts at
    # the title's length + 6), so beyond it a phrase is missed, or found where its words are
    # not side by side; the lists and the text say where the words are
    body_start = 1 + 6  # a title of one word
    late = add("Muộn", filler(MAX_POSITION) + " alpha beta gamma")
    # "alpha beta" at 16,381 and 16,382, then "beta gamma" far after: both at 16,383
    skew = add(
        "Lệch", filler(MAX_POSITION - body_start - 2) + " alpha beta " + filler(20) + " beta gamma"
    )
    snap = lists()
    assert phrase(snap, ["alpha", "beta"]) == {late.pk, skew.pk}
    assert phrase(snap, ["beta", "gamma"]) == {late.pk, skew.pk}
    assert phrase(snap, ["alpha", "beta", "gamma"]) == {late.pk}
    hits = queries.search('"alpha beta gamma"', ANON, limit=10).hits
    assert [h.document.pk for h in hits] == [late.pk]
    if connection.vendor == "postgresql":  # what the tsvector alone answers
        assert set(get_backend().phrase_ids(["alpha", "beta", "gamma"])) == {skew.pk}
    else:  # FTS5 keeps every position
        assert set(get_backend().phrase_ids(["alpha", "beta", "gamma"])) == {late.pk}


def test_a_phrase_after_a_word_s_255th_occurrence_is_found(lists):
    # a tsvector keeps the first 255 positions of a word: a phrase through a later one is
    # missed there; the inner word's many occurrences leave the counts no proof
    again = add("Lặp", " ".join(["lap khac"] * 300) + " truoc lap sau")
    add("Khác", "truoc lap va lap sau")
    snap = lists()
    assert phrase(snap, ["truoc", "lap", "sau"]) == {again.pk}
    expected = set() if connection.vendor == "postgresql" else {again.pk}
    assert set(get_backend().phrase_ids(["truoc", "lap", "sau"])) == expected


@pytest.mark.parametrize("counted", [True, False])
def test_a_pair_s_count_proves_a_phrase_and_lists_packed_without_it_still_answer(
    lists, monkeypatch, counted
):
    # "hoạch" twice, each between "quy" and "đô": the pairs' four occurrences prove it; lists
    # packed before pairs kept their count (0) know only one of each, so the index is asked
    both_times = add("Văn bản", "quy hoạch đô thị và quy hoạch đô thị")
    if not counted:
        own = postings._counts

        def without_pairs_counts(t):  # (nor, then, the listing of unproven phrases)
            return {
                w: (c[0], 0) if " " in w else c for w, c in own(t).items() if not w.startswith(" p")
            }

        monkeypatch.setattr(postings, "_counts", without_pairs_counts)
    snap = lists()
    calls = asked(monkeypatch)
    assert phrase(snap, ["quy", "hoach", "do"]) == {both_times.pk}
    assert calls == ([] if counted else [[both_times.pk]])


def test_a_phrase_of_one_word_repeated_needs_it_three_times_in_a_row(lists):
    add("Một", "cao cao cao")
    add("Hai", "cao cao")
    add("Ba", "cao cao thấp cao cao")
    snap = lists()
    words = ["cao", "cao", "cao"]
    assert titles(phrase(snap, words)) == {"Một"}
    assert phrase(snap, words) == set(get_backend().phrase_ids(words))


@pytest.mark.parametrize("listed", [True, False])
def test_a_document_written_since_the_pack_has_its_unproven_phrases_listed(
    lists, monkeypatch, listed
):
    add("Quy hoạch", "quy hoạch đô thị")
    lists()
    if not listed:  # written by a process that ran the code before the listing
        packed_before_the_listing(monkeypatch)
    new = note("Hoạch định", "hoạch định quy hoạch đô thị", object_id="new")  # unproven
    apart = note("Khác", "hoạch định quy hoạch mới, hoạch đô", object_id="apart")
    snap = postings.snapshot()
    assert snap.delta
    calls = asked(monkeypatch)
    found = phrase(snap, ["quy", "hoach", "do"])
    assert new.pk in found and apart.pk not in found
    assert calls == ([] if listed else [sorted([new.pk, apart.pk])])


def test_the_pack_job_packs_lists_packed_before_the_listing_again(lists, monkeypatch):
    unproven = add("Hoạch định", "hoạch định quy hoạch đô thị")
    with monkeypatch.context() as before:
        packed_before_the_listing(before)
        lists()
    assert not Posting.objects.filter(term=postings.LISTED).exists()
    assert postings.pack() == "packed"
    assert Posting.objects.filter(term=postings.LISTED).exists()
    assert postings.pack() == "fresh"
    calls = asked(monkeypatch)
    assert phrase(postings.snapshot(), ["quy", "hoach", "do"]) == {unproven.pk}
    assert calls == []


def test_every_phrase_of_three_words_is_decided_as_the_text_says(lists, monkeypatch):
    # four words repeated in every order, in titles and bodies: most documents hold both
    # pairs of a phrase, many more often than its middle word; the lists decide each with no
    # query, and exactly as the words side by side say
    import random

    rnd = random.Random(19)
    vocabulary = ["ba", "bon", "nam", "sau"]
    texts = []
    for _ in range(60):
        title = [rnd.choice(vocabulary) for _ in range(rnd.randint(0, 4))]
        body = [rnd.choice(vocabulary) for _ in range(rnd.randint(2, 12))]
        texts.append((add(" ".join(title) or "x", " ".join(body)).pk, title, body))
    snap = lists()
    calls = asked(monkeypatch)
    for words in ([a, b, c] for a in vocabulary for b in vocabulary for c in vocabulary):
        expected = {
            pk
            for pk, title, body in texts
            if any(seq[i : i + 3] == words for seq in (title, body) for i in range(len(seq)))
        }
        assert phrase(snap, words) == expected, words
    assert calls == []
