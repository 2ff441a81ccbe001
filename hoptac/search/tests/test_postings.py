"""The posting lists' engine (``postings.py``) gives the SQL path's results exactly."""

from __future__ import annotations

import datetime as dt
import json
import random
import zlib
from pathlib import Path

import numpy as np
import pytest
from django.contrib.auth.models import AnonymousUser

from hoptac.search import index, matching, postings, queries
from hoptac.search.backends import get_backend
from hoptac.search.models import Document, Posting, PostingDelta
from hoptac.search.parsing import Filters, parse
from hoptac.search.visibility import Visibility

from .helpers import add, add_all, prepared

pytestmark = pytest.mark.django_db

ANON = AnonymousUser()
FIXTURES = Path(__file__).parent / "fixtures"


def both(q: str, filters: Filters | None = None, vis: Visibility | None = None, limit: int = 10):
    """(ranked page, counts) from the SQL path and from the lists, at the level SQL chooses."""
    filters = filters or Filters()
    vis = vis or Visibility()
    backend = get_backend()
    snap = postings.snapshot()
    assert snap is not None
    fast = postings.Engine(backend, snap)
    query = parse(q)
    out = []
    for engine in (backend, fast):
        plan, counts, total = queries._choose(query, filters, vis, engine)
        out.append((plan.need, counts, engine.rank(plan, filters, vis, limit, 0)))
    return out


def rounded(page):
    return [(pk, round(score, 6)) for pk, score in page]


def test_the_shared_fixture_ranks_as_expected(lists):
    data = json.loads((FIXTURES / "ranking.json").read_text(encoding="utf-8"))
    docs = [add(title, body) for title, body in data["documents"]]
    title_of = {d.pk: d.title for d in docs}
    lists()
    expected = json.loads((FIXTURES / "ranking_expected.json").read_text(encoding="utf-8"))
    for q in data["queries"]:
        hits = queries.search(q, ANON, limit=10).hits
        assert [title_of[h.document.pk] for h in hits] == [t for t, _ in expected[q]], q
        assert [h.score for h in hits] == pytest.approx([s for _, s in expected[q]], abs=1e-5)


def corpus():
    words = "quy hoạch đô thị nông thôn đất đai thuế phí tiêm chủng trẻ em khai sinh hộ tịch"
    words = words.split()
    documents = []
    for i in range(120):
        title = " ".join(words[(i * 3 + k) % len(words)] for k in range(2 + i % 4))
        body = " ".join(words[(i * 7 + k * 5) % len(words)] for k in range(5 + i % 11))
        documents.append(
            prepared(
                title.capitalize(),
                body + (" có thể không gian" if i % 5 == 0 else ""),
                kind="note" if i % 3 else "other",
                public=i % 4 != 0,
                readers=[7] if i % 4 == 0 and i % 8 == 0 else [],
                localities=[3] if i % 2 else [],
                date=dt.date(2024, 1 + i % 12, 1) if i % 6 else None,
            )
        )
    add_all(documents)


QUERIES = [
    "quy hoạch đô thị",
    "quy hoach do thi",
    "thuế đất",
    "tiêm chủng cho trẻ em có an toàn không",
    '"khai sinh" hộ tịch',
    "đất",
    "có thể",
    "không gian đô thị nông thôn thuế phí",
    "xyzzy",
    "kết quả phát triển du lịch ở lâm đồng đạt bao nhiêu",
    "ubnd tp cntt",
]


@pytest.mark.parametrize("q", QUERIES)
def test_every_query_filter_and_reader_ranks_and_counts_as_sql(lists, q):
    corpus()
    lists()
    for filters in (
        Filters(),
        Filters(kind="other"),
        Filters(locality=3),
        Filters(date_from=dt.date(2024, 3, 1), date_to=dt.date(2024, 9, 1)),
    ):
        for vis in (Visibility(), Visibility(localities=frozenset({7})), Visibility(True)):
            sql, fast = both(q, filters, vis, limit=50)
            assert sql[0] == fast[0], (q, filters, vis)
            assert sql[1] == fast[1], (q, filters, vis)
            assert rounded(sql[2]) == rounded(fast[2]), (q, filters, vis)


def test_a_pair_signal_counts_only_where_the_words_are_side_by_side(lists):
    # Only the pair signal separates these: ten documents hold the words apart (and the pair
    # the other way round), one holds them side by side; the title and the body never join.
    add("Văn bản đô", "thị nông")
    for i in range(10):
        add(f"Văn bản {i}", "đô nông thị thôn")
    add("Văn bản z", "đô thị")
    lists()
    sql, fast = both("đô thị", limit=12)
    assert rounded(sql[2]) == rounded(fast[2])
    # ("Văn bản đô" may come first: a title word of its own)
    ranked = [Document.objects.get(pk=pk).title for pk, _score in fast[2]]
    assert [t for t in ranked if t != "Văn bản đô"][0] == "Văn bản z"
    snap = postings.snapshot()
    ids, title_tf, _f = postings.postings(snap, [postings.pair_term(("do", "thi"))])["do thi"]
    assert [Document.objects.get(pk=pk).title for pk in ids] == ["Văn bản z"]
    assert list(title_tf) == [0]


def test_documents_that_cannot_reach_the_page_are_never_scored_and_the_page_is_the_same(
    lists, monkeypatch
):
    # block-max: the blocks whose bound stays below the page's floor are never scored
    monkeypatch.setattr(postings, "PRUNE_FIRST", 1)
    monkeypatch.setattr(postings, "BLOCK_SHIFT", 2)
    monkeypatch.setattr(postings, "PRUNE_TERMS", 1)
    corpus()
    snap = lists()
    backend = get_backend()
    engine = postings.Engine(backend, snap)
    left_out = 0
    for q in QUERIES:
        plan, _counts, _total = queries._choose(parse(q), Filters(), Visibility(), engine)
        allowed = postings.matches(snap, plan, backend) & postings.visible(
            snap, Filters(), Visibility()
        )
        every = np.flatnonzero(allowed)
        for limit, offset in ((1, 0), (5, 0), (3, 2)):
            page, scored = postings._top(snap, plan, allowed, limit, offset)
            left_out += len(every) - scored
            assert rounded(page) == rounded(postings._ranked(snap, plan, every, limit, offset)), (
                q,
                limit,
                offset,
            )
    assert left_out > 0


def tied_corpus() -> list[str]:
    """Documents of many words, each written one to three times (the copies tie: the page
    orders them by id), and questions of four to twelve of their words."""
    rnd = random.Random(19)
    words = (
        "quy hoạch đô thị nông thôn đất đai thuế phí tiêm chủng trẻ em khai sinh hộ tịch du "
        "lịch lâm đồng kế hoạch phát triển bền vững đầu tư công nghệ cao hà nội đà nẵng"
    ).split()
    documents = []
    for i in range(150):
        title = " ".join(rnd.choice(words) for _ in range(rnd.randint(1, 6)))
        body = " ".join(rnd.choice(words) for _ in range(rnd.randint(2, 60)))
        for _copy in range(1 + i % 3):
            documents.append(prepared(title.capitalize(), body))
    add_all(documents)
    questions = []
    for _ in range(24):
        n = rnd.randint(4, 12)
        start = rnd.randrange(len(words) - n)
        picked = words[start : start + n] if rnd.random() < 0.5 else rnd.sample(words, n)
        questions.append(" ".join(picked) + (" có không" if rnd.random() < 0.3 else ""))
    return questions


@pytest.mark.parametrize(
    ("light_shift", "short_shift", "block_shift", "first"),
    [(0, 0, 3, 1), (2, 3, 2, 1), (3, 5, 3, 32), (40, 40, 1, 1)],
)
def test_pruning_never_leaves_out_a_document_of_the_page(
    lists, monkeypatch, light_shift, short_shift, block_shift, first
):
    # the page of _top, whatever signals are bounded per document (light) or per block, is
    # the page of every match scored, ties (copies of a document) ordered by id included
    monkeypatch.setattr(postings, "LIGHT_SHIFT", light_shift)
    monkeypatch.setattr(postings, "LIGHT_SHORT_SHIFT", short_shift)
    monkeypatch.setattr(postings, "BLOCK_SHIFT", block_shift)
    monkeypatch.setattr(postings, "PRUNE_FIRST", first)
    questions = tied_corpus()
    snap = lists()
    backend = get_backend()
    engine = postings.Engine(backend, snap)
    left_out = ties = 0
    for q in questions:
        plan, _counts, _total = queries._choose(parse(q), Filters(), Visibility(), engine)
        assert len(plan.terms) >= postings.PRUNE_TERMS, q
        allowed = engine._allowed(plan, Filters(), Visibility(), True)
        every = np.flatnonzero(allowed)
        for limit, offset in ((1, 0), (10, 0), (5, 7), (3, 20)):
            page, scored = postings._top(snap, plan, allowed, limit, offset)
            left_out += len(every) - scored
            expected = postings._ranked(snap, plan, every, limit, offset)
            assert [pk for pk, _s in page] == [pk for pk, _s in expected], (q, limit, offset)
            assert rounded(page) == rounded(expected), (q, limit, offset)
            scores = [round(s, matching.DECIMALS) for _pk, s in expected]
            ties += len(scores) - len(set(scores))
    assert left_out > 0  # documents were left out (pruned), and the pages are still whole
    assert ties > 0  # pages with ties: the order among them is checked too


@pytest.mark.parametrize("reach_most", [0, 2, 1 << 30])
def test_keywords_of_two_or_three_words_matching_many_documents_are_pruned_to_the_same_page(
    lists, monkeypatch, reach_most
):
    # fewer words than PRUNE_TERMS (keywords) are pruned when they match PRUNE_MANY documents
    # or more (here every plan of two words or more); one word is not. Where most matching
    # blocks reach the floor (REACH_MOST), every match is scored after all: the same page
    monkeypatch.setattr(postings, "PRUNE_MANY", 1, raising=False)
    monkeypatch.setattr(postings, "REACH_MOST", reach_most, raising=False)
    monkeypatch.setattr(postings, "BLOCK_SHIFT", 2)
    monkeypatch.setattr(postings, "PRUNE_FIRST", 1)
    tied_corpus()
    snap = lists()
    backend = get_backend()
    engine = postings.Engine(backend, snap)
    rnd = random.Random(11)
    words = "quy hoạch đô thị nông thôn đất đai thuế phí khai sinh hộ tịch du lịch".split()
    keywords = [" ".join(rnd.sample(words, rnd.choice((2, 3)))) for _ in range(16)]
    left_out = 0
    for q in [*keywords, "đô thị", "quy hoach do", "đất"]:
        plan, _counts, _total = queries._choose(parse(q), Filters(), Visibility(), engine)
        assert len(plan.terms) < postings.PRUNE_TERMS, q
        allowed = engine._allowed(plan, Filters(), Visibility(), True)
        every = np.flatnonzero(allowed)
        for limit, offset in ((1, 0), (10, 0), (3, 20)):
            page, scored = postings._top(snap, plan, allowed, limit, offset)
            expected = postings._ranked(snap, plan, every, limit, offset)
            assert [pk for pk, _s in page] == [pk for pk, _s in expected], (q, limit, offset)
            assert rounded(page) == rounded(expected), (q, limit, offset)
            if len(plan.terms) == 1 or reach_most == 1 << 30:
                assert scored == len(every), q  # one word, or every match scored after all
            left_out += len(every) - scored
    assert (left_out > 0) == (reach_most != 1 << 30)


def exact_bounds(snap: postings.Snapshot, t: str) -> np.ndarray:
    """A word's BM25 bound in every block, from its scores (``_block_max``)."""
    blocks, values = postings._block_max(snap, *postings._term_score(snap, t))
    exact = np.zeros(postings._blocks(snap))
    exact[slice(None) if blocks is None else blocks] = values
    return exact


def test_bounds_stored_when_packed_bound_every_block_even_after_writes(lists, monkeypatch):
    monkeypatch.setattr(postings, "PRUNE_FIRST", 1)
    monkeypatch.setattr(postings, "PRUNE_TERMS", 1)
    # every word's bounds stored (PostgreSQL's ids go on from earlier tests: few are long)
    monkeypatch.setattr(postings, "BOUNDS_DENSITY", 1 << 30)
    corpus()
    snap = lists()
    words = ("dat", "thue", "quy", "thi", "co")
    for t in words:
        ids, _tt, _f = postings.postings(snap, [t])[t]
        part = postings._stored_bounds(snap, t)
        assert part is not None and part[0] is None, t
        exact = exact_bounds(snap, t)
        step = matching.idf(snap.documents, len(ids)) * (matching.K1 + 1.0) / 255
        assert (part[1] >= exact - 1e-12).all(), t  # a bound of every block
        assert (part[1] <= exact + step * 1.000001).all(), t  # at most one step above
        assert ((part[1] == 0) == (exact == 0)).all(), t
    for q in QUERIES:
        sql, fast = both(q, limit=5)
        assert rounded(sql[2]) == rounded(fast[2]), q
    # writes since the pack (the delta): a document deleted, documents added, one long enough
    # to raise the average length (every packed document's BM25 rises above its stored part)
    packed_average = snap.average
    first = sorted(Document.objects.values_list("pk", flat=True))[:3]
    index._delete(Document.objects.filter(pk__in=first))
    note("Thuế đất mới", "đất thuế quy hoạch", object_id="new")
    note("Báo cáo dài", " ".join(["nông thôn tiêm chủng"] * 1500) + " đất", object_id="long")
    snap = postings.snapshot()
    assert snap.delta and snap.deleted.any()
    assert snap.average > 2 * packed_average
    raised = 0
    for t in words:
        postings.postings(snap, [t])
        part = postings._stored_bounds(snap, t)
        assert part is not None and part[0] is None, t  # still served
        exact = exact_bounds(snap, t)
        assert (part[1] >= exact - 1e-12).all(), t  # and still a bound of every block
        raised += int((exact > part[1] / (snap.average / packed_average)).sum())
    assert raised > 0  # (without the average's ratio, not a bound)
    for q in QUERIES:
        sql, fast = both(q, limit=5)
        assert rounded(sql[2]) == rounded(fast[2]), q


def test_a_long_list_among_a_few_documents_is_not_scored_whole_and_scores_the_same(lists):
    # a word's BM25 computed only where a few documents scored are found in its long list
    # (``add_found_score``): the same figures as its scores over the whole list, never made
    corpus()
    snap = lists()
    backend = get_backend()
    engine = postings.Engine(backend, snap)
    found = 0
    for q in QUERIES:
        plan, _counts, _total = queries._choose(parse(q), Filters(), Visibility(), engine)
        allowed = postings.matches(snap, plan, backend) & postings.visible(
            snap, Filters(), Visibility()
        )
        lengths = {t: len(postings.postings(snap, [t])[t][0]) for t in plan.terms}
        long = [t for t in plan.terms if lengths[t] > postings.LOOKUP]
        for pk in np.flatnonzero(allowed)[::7]:
            ids = np.array([pk])
            postings._term_scores.clear()
            alone = postings._scored(snap, plan, ids)
            kept = {key[2] for key in postings._term_scores.items}
            assert not kept & set(long), (q, kept & set(long))  # no long list scored whole
            found += len(long)
            for t in long:
                postings._term_score(snap, t)
            assert alone.tolist() == postings._scored(snap, plan, ids).tolist(), (q, pk)
    assert found > 0


def test_the_lists_kept_are_bounded_in_bytes_and_the_pages_stay_the_same(lists, monkeypatch):
    monkeypatch.setattr(postings, "LIST_BYTES", 1)  # each list read drops the ones before
    corpus()
    snap = lists()
    for q in QUERIES:
        sql, fast = both(q, limit=20)
        assert rounded(sql[2]) == rounded(fast[2]), q
        assert sql[1] == fast[1], q
    assert len(snap.packed.items) == 1
    monkeypatch.setattr(postings, "LIST_BYTES", 1 << 30)
    postings.clear()
    snap = lists()
    postings.postings(snap, ["dat", "thue", "dat thue", "xyzzy"])
    assert snap.packed.size == sum(postings._list_bytes(v) for v in snap.packed.items.values())
    assert len(snap.packed.items) == 4 and snap.packed.items["xyzzy"] == ()


def test_documents_written_and_deleted_after_the_build_are_in_the_delta(lists):
    corpus()
    lists()
    snap_before = postings.snapshot()
    # documents written the ordinary way (replace=True) go to the delta
    for n, (title, body) in enumerate((("Đất đai mới", "thuế đất"), ("Đất", "đai đất đai"))):
        note(title, body, object_id=f"delta-{n}")
    assert PostingDelta.objects.exists()
    snap = postings.snapshot()
    assert snap is not None and snap.generation != snap_before.generation
    sql, fast = both("đất đai")
    assert rounded(sql[2]) == rounded(fast[2])
    assert sql[1] == fast[1]
    # deleting documents of the packed lists masks them
    gone = list(Document.objects.filter(title__icontains="đất").values_list("pk", flat=True))[:5]
    index._delete(Document.objects.filter(pk__in=gone))
    sql, fast = both("đất đai")
    assert rounded(sql[2]) == rounded(fast[2])
    assert sql[1] == fast[1]
    assert not set(gone) & {pk for pk, _ in fast[2]}


def test_the_delta_s_documents_are_read_in_order_of_id_whatever_the_table_s_order(lists):
    # PostgreSQL may return the delta's rows in any order (a deleted row's space reused):
    # each list's delta part is still by ascending id, appended after the packed documents
    corpus()
    lists()
    for n in range(4):
        note(f"Đất đai {n}", "thuế đất đai quy hoạch", object_id=f"delta-{n}")
    rows = list(PostingDelta.objects.order_by("-document_id", "term"))
    PostingDelta.objects.all().delete()
    for row in rows:  # one at a time: the table's order is the reverse of the ids'
        row.pk = None
        row.save()
    postings._bump()
    snap = postings.snapshot()
    for t in ("dat", "thue", "dat dai"):
        ids = postings.postings(snap, [t])[t][0]
        assert (np.diff(ids) > 0).all(), t
    for q in ("đất đai", "thuế đất đai quy hoạch nông thôn"):
        sql, fast = both(q, limit=20)
        assert rounded(sql[2]) == rounded(fast[2]), q
        assert sql[1] == fast[1], q


def test_a_deleted_documents_id_written_again_is_that_documents_only(lists):
    # deleted documents stay in the packed lists until the next pack, masked by what exists;
    # an id written again (a table remade may start below it) takes them out of the lists
    corpus()
    lists()
    gone = Document.objects.filter(title__icontains="đất").order_by("pk")[0]
    index._delete(Document.objects.filter(pk=gone.pk))
    sql, fast = both("đất đai thuế")
    assert rounded(sql[2]) == rounded(fast[2]) and sql[1] == fast[1]
    assert not postings._reused(postings.snapshot())
    indexed = index.analyse("Hộ tịch", "khai sinh trẻ em")
    doc = Document(
        pk=gone.pk,
        model="test.note",
        object_id="again",
        kind="note",
        title="Hộ tịch",
        body="khai sinh trẻ em",
        public=True,
        length=indexed.length,
        title_length=len(indexed.title_folded),
    )
    index.write([index.Prepared(doc, [], [], [], indexed)])
    assert postings._reused(postings.snapshot())
    for q in ("đất đai thuế", "hộ tịch khai sinh"):
        sql, fast = both(q)
        assert rounded(sql[2]) == rounded(fast[2]) and sql[1] == fast[1], q
    sql, fast = both("đất")
    assert gone.pk not in {pk for pk, _ in fast[2]}


def test_without_the_setting_or_a_build_search_uses_sql(settings):
    add("Quy hoạch đô thị")
    settings.SEARCH_POSTINGS = True
    assert postings.snapshot() is None  # nothing built
    assert queries.search("quy hoạch", ANON).hits
    postings.build()
    settings.SEARCH_POSTINGS = False
    assert postings.snapshot() is None


def test_a_build_spilled_to_many_files_packs_the_same_lists(lists, monkeypatch):
    corpus()
    lists()
    whole = dict(Posting.objects.values_list("term", "data"))
    # a few postings per flush, spread over three files: every list is cut across flushes
    monkeypatch.setattr(postings, "SPILL_POSTINGS", 37)
    monkeypatch.setattr(postings, "SPILL_FILES", 3)
    assert postings.build() == 120
    spilled = dict(Posting.objects.values_list("term", "data"))
    assert len(whole) > 10  # (the short lists in a few buckets)
    assert spilled == whole


def test_short_lists_are_kept_in_buckets_and_read_as_any(lists):
    """A word or pair held by a few documents has no row of its own (a few bytes of list under
    a row's overhead): its list is in a bucket, read with it and found as any other."""
    corpus()
    add("Trạm bơm Xuân Quan", "cống Xuân Quan tiêu úng")
    lists()
    rows = set(Posting.objects.values_list("term", flat=True))
    assert not {"xuan", "quan", "xuan quan", "tram bom"} & rows
    assert postings.SINGLES in rows and any(t.startswith(postings.BUCKET) for t in rows)
    assert found('"xuân quan"') == found("xuan quan") == ["Trạm bơm Xuân Quan"]
    for q in ["xuân quan", '"trạm bơm"', "cống tiêu úng quy hoạch"]:
        sql, fast = both(q)
        assert (sql[0], sql[1], rounded(sql[2])) == (fast[0], fast[1], rounded(fast[2])), q


def test_stats_are_the_backends(lists):
    corpus()
    lists()
    words = ["quy", "hoach", "dat", "xyzzy"]
    pairs = [("quy", "hoach"), ("hoach", "do"), ("dat", "quy"), ("quy", "xyzzy")]
    sql = get_backend().stats(words, pairs)
    fast = postings.stats(postings.snapshot(), words, pairs)
    assert sql.documents == fast.documents
    assert {w: n for w, n in sql.df.items() if n} == fast.df
    assert sql.title_df == fast.title_df and set(fast.title_df) == {"quy", "hoach", "dat"}
    assert fast.title_df["dat"] < fast.df["dat"]
    assert sql.pair_df == fast.pair_df and set(fast.pair_df) >= {("quy", "hoach"), ("hoach", "do")}
    assert matching.idf(sql.documents, sql.df["dat"]) == matching.idf(
        fast.documents, fast.df["dat"]
    )


@pytest.mark.parametrize(
    "ids", [[], [5], [3, 4, 300, 70_000, 1_000_000], list(range(0, 100_000, 3))]
)
def test_lists_pack_into_the_narrowest_types_and_back(ids):
    tt = np.arange(len(ids)) % 3
    ta = tt + np.arange(len(ids)) % 400
    f = 9 * tt + ta  # the weighted counts, stored (title weight 10: (10 - 1) x tt + ta)
    data = postings._pack(np.array(ids, np.int64), tt, ta)
    got = postings._unpack(data)
    assert [list(a) for a in got] == [ids, list(tt), list(f)]
    assert got[2].dtype.kind == "u"  # as stored: nothing computed when read
    if len(ids) > 1000:  # gaps of 3 in one byte, title counts in one, weighted counts in two
        assert len(postings._decompress(data)) == 11 + len(ids) * 4 - 1
        assert len(data) < len(ids)  # compressed: the gaps and counts repeat
    pair = postings._pack(np.array(ids, np.int64), np.zeros(len(ids), np.int64), tt)
    assert [list(a) for a in postings._unpack(pair)] == [ids, [0] * len(ids), list(tt)]
    if len(ids) > 1000:  # gaps and counts in a byte each, the title counts (all 0) in none
        assert len(postings._decompress(pair)) == 11 + len(ids) * 2 - 1


@pytest.mark.parametrize("n", [40, 1000, 70_000])
def test_title_counts_held_by_few_are_packed_sparse_and_read_the_same(n):
    rng = np.random.default_rng(n)
    ids = np.cumsum(rng.integers(1, 300, n))
    tt = np.where(rng.random(n) < 0.03, rng.integers(1, 400, n), 0)
    tt[-1] = 2  # (the last place too)
    ta = tt + rng.integers(0, 5, n)
    data = postings._pack(ids, tt, ta)
    (got_ids, got_tt, f), at = postings._unpack_list(data)
    assert list(got_ids) == list(ids) and list(got_tt) == list(tt)
    assert list(f) == list(9 * tt + ta)
    assert at is not None and list(at) == list(np.flatnonzero(tt))  # stored sparse
    raw = postings._decompress(data)
    assert len(raw) < 11 + n * (2 + 2 + 2)  # smaller than the dense title counts
    dense = postings._pack(ids, np.ones(n, np.int64), ta)  # every document: dense
    (_ids, tt1, _f), at1 = postings._unpack_list(dense)
    assert at1 is None and list(tt1) == [1] * n


def old_format(ids: np.ndarray, tt: np.ndarray, ta: np.ndarray) -> bytes:
    """A list as packed before its weighted counts were stored: the counts in all, raw."""
    gaps = np.diff(ids)
    head = postings._HEAD.pack(len(ids), int(ids[0]), 4, 2, 2)
    parts = (gaps.astype("<u4"), tt.astype("<u2"), ta.astype("<u2"))
    return head + b"".join(a.tobytes() for a in parts)


def test_lists_packed_before_are_still_read_as_the_new_ones():
    """A database packed before decision 0016's zstd amendment (zlib), or before the weighted
    counts were stored (the counts in all), is read as it is until its next pack: the same
    ids, title counts and weighted counts (as floats there), the same values."""
    ids = np.array([2, 9, 10, 4000, 70_000], np.int64)
    tt, ta = np.array([0, 1, 0, 2, 0]), np.array([1, 3, 1, 2, 7])
    data = postings._pack(ids, tt, ta)
    assert data[:4] == b"\x28\xb5\x2f\xfd"  # a zstd frame
    new = [list(a) for a in postings._unpack(data)]
    assert new == [list(ids), list(tt), [1, 12, 1, 20, 7]]
    raw = old_format(ids, tt, ta)
    for packed in (zlib.compress(raw, 6), postings._compress(raw)):
        ids2, tt2, f2 = postings._unpack(packed)
        assert [list(ids2), list(tt2), list(f2)] == new
        assert f2.dtype == np.float64  # (``_weighted``: the values of the stored counts)
    old = zlib.compress(postings._decompress(data), 6)  # the new format, zlib (not written)
    assert [list(a) for a in postings._unpack(old)] == new


def test_a_count_over_the_cap_is_packed_at_the_cap():
    ids = np.array([1, 2], np.int64)
    got = postings._unpack(postings._pack(ids, np.array([70_000, 0]), np.array([70_000, 80_000])))
    cap = postings.COUNT_CAP
    assert [list(a) for a in got[1:]] == [[cap, 0], [9 * cap + cap, cap]]
    assert got[2].dtype == np.uint32


def test_weighted_counts_are_the_formula_s_floats():
    """(weight - 1) x tt + ta in one array is, float for float, weight x tt + (ta - tt)."""
    import numpy as np

    from hoptac.search import matching

    tt = np.array([0, 1, 2, 65535, 7], np.uint16)
    ta = np.array([1, 1, 9, 65535, 700], np.uint16)
    _ids, _tt, f = postings._weighted(np.arange(5), tt, ta)
    expected = matching.TITLE_WEIGHT * tt + 1.0 * (ta - tt)
    assert f.dtype == np.float64 and f.tobytes() == expected.tobytes()


# --- builds while others write; the scheduled pack --------------------------------------
def note(title: str, body: str = "", object_id: str | None = None) -> Document:
    """A document written the ordinary way (replace=True): a page saved while the lists exist."""
    indexed = index.analyse(title, body)
    doc = Document(
        model="test.note",
        object_id=object_id or title,
        kind="note",
        title=title,
        body=body,
        public=True,
        length=indexed.length,
        title_length=len(indexed.title_folded),
    )
    index.write([index.Prepared(doc, [], [], [], indexed)])
    return doc


def found(q: str) -> list[str]:
    return [h.document.title for h in queries.search(q, ANON, limit=50).hits]


def test_a_page_written_during_a_build_is_found_after_it(lists, monkeypatch):
    corpus()
    lists()
    old = note("Cầu vượt sông Hồng", "cầu vượt", object_id="bridge")
    during = []

    def write_meanwhile():
        during.append(note("Cầu vượt mới", "cầu vượt bắc qua sông", object_id="new"))
        note("Cầu vượt sông Đuống", "cầu vượt", object_id="bridge")  # replaces ``old``

    monkeypatch.setattr(postings, "_between_scan_and_merge", write_meanwhile)
    assert postings.build() == 121  # the corpus and the first bridge
    assert PostingDelta.objects.filter(document_id=during[0].pk).exists()
    assert postings.PostingDeleted.objects.filter(document_id=old.pk).exists()
    monkeypatch.setattr(postings, "_between_scan_and_merge", lambda: None)
    assert sorted(found("cầu vượt")) == ["Cầu vượt mới", "Cầu vượt sông Đuống"]
    sql, fast = both("cầu vượt")
    assert rounded(sql[2]) == rounded(fast[2]) and sql[1] == fast[1]
    # the next build packs them: nothing left in the delta
    postings.build()
    assert not PostingDelta.objects.exists()
    assert not postings.PostingDeleted.objects.exists()
    assert sorted(found("cầu vượt")) == ["Cầu vượt mới", "Cầu vượt sông Đuống"]


def test_a_page_written_while_a_bulk_load_is_packed_is_kept(lists, monkeypatch):
    corpus()
    lists()
    add("Bến xe", "bến xe khách")  # a bulk load: the lists are stale, search uses SQL
    assert postings.snapshot() is None
    monkeypatch.setattr(
        postings, "_between_scan_and_merge", lambda: note("Bến xe mới", "bến xe buýt")
    )
    postings.build()
    assert postings.snapshot() is not None
    assert sorted(found("bến xe")) == ["Bến xe", "Bến xe mới"]


def test_a_build_overtaken_by_a_later_one_does_not_undo_it(lists, monkeypatch):
    corpus()
    lists()
    inner: list = []

    def later_build():
        monkeypatch.setattr(postings, "_between_scan_and_merge", lambda: None)
        note("Chợ đêm", "chợ đêm", object_id="market")  # seen by the later scan only
        inner.append(postings.build())

    monkeypatch.setattr(postings, "_between_scan_and_merge", later_build)
    assert postings.build() is None  # the earlier scan gives way
    assert inner == [121]
    assert found("chợ đêm") == ["Chợ đêm"]
    assert not PostingDelta.objects.exists()


def test_the_pack_job_builds_packs_and_waits(lists, settings):
    import datetime as dt

    from django.utils import timezone

    from hoptac.core import schedule
    from hoptac.search.models import PostingState
    from hoptac.search.tasks import pack_postings

    job = next(j for j in schedule.jobs() if j.name == "search.pack_postings")
    assert job.every == dt.timedelta(minutes=10)
    corpus()
    assert postings.snapshot() is None
    assert pack_postings.func() == "built"
    assert postings.snapshot() is not None
    settings.SEARCH_POSTINGS_PACK_AFTER = 3
    note("Một", "một")
    note("Hai", "hai")
    assert pack_postings.func() == "fresh"
    assert PostingDelta.objects.exists()
    index._delete(Document.objects.filter(title__icontains="quy")[:1])  # a deletion counts too
    # another pack under way (started a minute ago): this one waits
    PostingState.objects.update(scan=99, scan_started=timezone.now() - dt.timedelta(minutes=1))
    assert pack_postings.func() == "busy"
    # ... one that died an hour ago does not block
    PostingState.objects.update(scan_started=timezone.now() - dt.timedelta(hours=2))
    assert pack_postings.func() == "packed"
    assert not PostingDelta.objects.exists()
    assert found("hai") == ["Hai"]
    # a bulk load leaves the lists stale: search uses SQL until the job packs them
    add("Ba", "ba")
    assert postings.snapshot() is None
    assert found("ba") == ["Ba"]
    assert pack_postings.func() == "built"
    assert postings.snapshot() is not None and found("ba") == ["Ba"]
    assert pack_postings.func() == "fresh"


def test_the_pack_job_drops_the_lists_when_the_setting_is_off(lists, settings):
    from hoptac.search.models import Posting, PostingState

    corpus()
    lists()
    settings.SEARCH_POSTINGS = False
    assert postings.pack() == "cleared"
    assert not Posting.objects.exists() and not PostingState.objects.exists()
    note("Một", "một")  # no delta written for lists nobody keeps
    assert not PostingDelta.objects.exists()
    assert postings.pack() == "off"
    settings.SEARCH_POSTINGS = True
    assert postings.snapshot() is None
    assert postings.pack() == "built"
    assert found("một") == ["Một"]


@pytest.mark.django_db(transaction=True)
def test_a_page_saved_by_another_connection_during_a_build_is_kept(settings, monkeypatch):
    import threading

    from django.db import connections

    settings.SEARCH_POSTINGS = True
    corpus()
    postings.build()
    saved: list[int] = []

    def other_process():
        try:
            saved.append(note("Trạm bơm mới", "trạm bơm tiêu úng", object_id="pump").pk)
        finally:
            connections.close_all()

    def meanwhile():
        writer = threading.Thread(target=other_process)
        writer.start()
        writer.join()

    monkeypatch.setattr(postings, "_between_scan_and_merge", meanwhile)
    assert postings.build() == 120
    assert saved and PostingDelta.objects.filter(document_id=saved[0]).exists()
    monkeypatch.setattr(postings, "_between_scan_and_merge", lambda: None)
    assert found("trạm bơm") == ["Trạm bơm mới"]


def test_the_rows_read_in_one_statement_are_the_stored_bytes(lists):
    """``_fetch`` (binary on PostgreSQL) gives each asked row's bytes as stored, and no row
    for a term that has none."""
    corpus()
    lists()
    stored = {p.term: bytes(p.data) for p in Posting.objects.all()}
    asked = [t for t in stored if not t.startswith(" ")][:5] + [postings.DOCS, "no such word"]
    got = postings._fetch(asked)
    assert set(got) == set(asked) - {"no such word"}
    assert all(type(data) is bytes and data == stored[t] for t, data in got.items())


def test_document_ids_beyond_the_lists_int32_put_search_back_on_sql(lists, monkeypatch, caplog):
    """The lists read ids as int32 (``postings.IDS``): a document whose id is above that is
    never packed wrapped round; a build refuses it with a clear error, and a document added
    after the build marks the lists stale (search answers from SQL) instead of failing."""
    corpus()
    lists()
    top = Document.objects.order_by("-pk").values_list("pk", flat=True).first()
    monkeypatch.setattr(postings, "MAX_ID", top)
    note("Đất đai mới", "thuế đất", object_id="beyond")
    assert "the highest the posting lists hold" in caplog.text
    assert postings.snapshot() is None  # stale: the next search takes SQL
    assert not PostingDelta.objects.exists()
    assert queries.search("thuế đất", ANON).hits
    with pytest.raises(ValueError, match="the highest the posting lists hold"):
        postings.build()


def test_the_warm_up_reads_the_long_words_and_derives_their_arrays_before_any_search(
    lists, monkeypatch
):
    """A serving process's warm-up reads the lists whose bounds were stored when packed (the
    long words) and derives their masks and bounds per block (``postings.preload``): a search
    then reads none of them, and its page is the same as in a process that read them itself."""
    from hoptac.core import warmup

    monkeypatch.setattr(postings, "BOUNDS_DENSITY", 1 << 30)  # (every word's bounds stored)
    monkeypatch.setattr(postings, "PRUNE_FIRST", 1)
    monkeypatch.setattr(postings, "PRUNE_TERMS", 1)
    corpus()
    lists()

    def fresh() -> None:  # a new process: nothing read, nothing derived
        monkeypatch.setattr(postings, "_snapshot", None)
        for cache in (postings._masks_cache, postings._block_cache, postings._term_scores):
            cache.clear()

    def pages() -> list:
        return [
            [(h.document.pk, h.score, str(h.snippet)) for h in queries.search(q, ANON).hits]
            for q in QUERIES
        ]

    fresh()
    expected = pages()
    fresh()
    monkeypatch.setattr(postings, "warm", lambda: None)
    monkeypatch.setattr(warmup, "settle", lambda: None)
    assert "search.lists" in warmup.run()
    snap = postings.cached()
    long = [t for t in ("dat", "thue", "quy", "thi", "co") if t in snap.packed]
    assert long == ["dat", "thue", "quy", "thi", "co"]
    for t in long:
        assert (snap.built, snap.generation, t) in postings._masks_cache
        assert (snap.built, snap.generation, "bm25", t) in postings._block_cache
    read: list[str] = []
    reading = postings._read
    monkeypatch.setattr(postings, "_read", lambda s, terms: read.extend(terms) or reading(s, terms))
    assert pages() == expected
    assert read and not set(long) & set(read)  # (the pairs, the short words: read as before)


@pytest.mark.parametrize("warmed", [True, False])
def test_a_warmed_process_reads_a_new_builds_long_words_again_when_it_meets_it(
    lists, monkeypatch, warmed
):
    """A pack (a new build) leaves the long words' lists of the build before: a process the
    warm-up read them in reads the new build's as well, in the background, when a search first
    meets it (once per build); a process never warmed reads them on demand, as before."""
    monkeypatch.setattr(postings, "BOUNDS_DENSITY", 1 << 30)  # (every word's bounds stored)
    corpus()
    lists()
    started: list = []
    # (here, at once and on the test's connection: what ``_preload_again`` runs, less its close)
    monkeypatch.setattr(
        postings, "_in_background", lambda work: started.append(work) or postings.preload()
    )
    if warmed:
        assert postings.preload()
    note("Thuế đất mới", "thuế đất ở đô thị", object_id="after")
    postings.build()
    assert queries.search("thuế đất", ANON).hits
    queries.search("đất", ANON)  # (the same build: not read again)
    snap = postings.cached()
    assert len(started) == (1 if warmed else 0)
    assert ("co" in snap.packed) == warmed  # (a long word no search asked for)
