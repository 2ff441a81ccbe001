"""The compiled loops (``kernels``) give the figures of the numpy code they replace, to the bit,
on random lists: empty ones, ids at 0 and at the last id, counts in the types the lists hold
them in (read-only views of the decompressed bytes, as ``_unpack_list`` gives them)."""

from __future__ import annotations

import numpy as np
import pytest

from hoptac.search import kernels, matching
from hoptac.search.postings import ANYWHERE, BLOCK_SHIFT, IN_TITLE

SIZE = 1000


def _same(a: np.ndarray, b: np.ndarray) -> None:
    """Equal to the bit (the floats' bytes), and of the same length."""
    a, b = np.asarray(a), np.asarray(b)
    assert a.shape == b.shape
    if a.dtype.kind == "f" or b.dtype.kind == "f":
        assert a.dtype == b.dtype == np.float64
    assert a.tobytes() == b.tobytes()


def _packed(values: np.ndarray, dtype: str) -> np.ndarray:
    """``values`` as a list holds them: a read-only view of bytes."""
    return np.frombuffer(np.asarray(values).astype(dtype).tobytes(), dtype)


def _lists(seed: int) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(ids ascending, title counts, weighted counts) of several lengths and types."""
    rng = np.random.default_rng(seed)
    out = []
    for n in (0, 1, 2, 7, 100, 600, SIZE):
        ids = np.sort(rng.choice(SIZE, n, replace=False)).astype(np.int64)
        if n >= 2:  # the first and the last ids
            ids[0], ids[-1] = 0, SIZE - 1
            ids = np.unique(ids)
        tt = rng.integers(0, 3, len(ids)) * (rng.random(len(ids)) < 0.3)
        ta = tt + rng.integers(1, 400, len(ids))
        f = tt * int(matching.TITLE_WEIGHT - 1.0) + ta
        for ttype, ftype in (("<u1", "<u2"), ("<u2", "<u4"), ("<u1", "<u1"), ("f8", "f8")):
            if ftype == "<u1" and len(f) and f.max() > 255:
                continue
            out.append((ids, _packed(tt, ttype), _packed(f, ftype)))
        out.append((ids, np.zeros(len(ids), "<u1"), (rng.random(len(ids)) * 50).round()))
    return out


LISTS = [x for seed in (1, 2, 3) for x in _lists(seed)]  # (looped over in each test: a test
# per list cost more in the fixtures than the checks)


def test_term_score_is_the_numpy_formula():
    for ids, tt, f in LISTS:
        _term_score(ids, tt, f)


def _term_score(ids, tt, f):
    rng = np.random.default_rng(len(ids))
    length = rng.integers(1, 5000, SIZE).astype(np.float64)
    k1, b = matching.K1, matching.B
    below_all = k1 * (1 - b + b * length / length.mean())
    idf = matching.idf(SIZE, max(len(ids), 1))
    contribution = f * (matching.K1 + 1.0)
    np.multiply(idf, contribution, out=contribution)
    below = below_all[ids]
    np.add(f, below, out=below)
    np.divide(contribution, below, out=contribution)
    _same(kernels.term_score(ids, f, below_all, idf, matching.K1 + 1.0), contribution)


def test_masks_are_the_numpy_scatters():
    for ids, tt, f in LISTS:
        _masks(ids, tt, f)


def _masks(ids, tt, f):
    mask = np.zeros(SIZE, np.uint8)
    mask[ids] = (tt > 0).view(np.uint8) * np.uint8(IN_TITLE) + np.uint8(ANYWHERE)
    _same(kernels.masks(ids, tt, SIZE), mask)
    at = np.flatnonzero(tt)
    mask = np.zeros(SIZE, np.uint8)
    mask[ids] = ANYWHERE
    mask[ids[at]] = ANYWHERE | IN_TITLE
    _same(kernels.masks_at(ids, at, SIZE), mask)


@pytest.mark.parametrize("shift", [1, 2, BLOCK_SHIFT])
def test_block_bounds_are_the_numpy_maxima(shift):
    for ids, tt, f in LISTS:
        _block_bounds(ids, tt, f, shift)


def _block_bounds(ids, tt, f, shift):
    blocks_n = (SIZE >> shift) + 1
    values = np.asarray(f, np.float64) / 3.0
    spread = np.zeros(blocks_n << shift)
    spread[ids] = values
    rows = spread.reshape(blocks_n, 1 << shift)
    highest = rows[:, 0].copy()
    for k in range(1, 1 << shift):
        np.maximum(highest, rows[:, k], out=highest)
    _same(kernels.block_max(ids, values, blocks_n, shift), highest)
    anywhere = np.zeros(blocks_n)
    anywhere[ids >> shift] = 1.0
    _same(kernels.block_any(ids, blocks_n, shift), anywhere)
    blocks = ids >> shift
    starts = np.flatnonzero(np.concatenate(([True], blocks[1:] != blocks[:-1])))[: len(ids)]
    found, most = kernels.block_runs(ids, values, shift)
    _same(found, blocks[starts])
    _same(kernels.block_starts(ids, shift), blocks[starts])
    if len(ids):
        _same(most, np.maximum.reduceat(values, starts))
    else:
        assert len(most) == 0


@pytest.mark.parametrize("share", [0.002, 0.05, 0.5, 1.0])
def test_meeting_and_adding_are_the_numpy_lookups(share):
    for ids, tt, f in LISTS:
        _meeting(ids, tt, f, share)


def _meeting(ids, tt, f, share):
    rng = np.random.default_rng(int(share * 1000) + len(ids))
    scored = np.flatnonzero(rng.random(SIZE) < share)
    if share == 1.0:
        scored = np.arange(SIZE)
    # ``_scored``'s place table
    at = np.full(SIZE, -1, np.int32)
    at[scored] = np.arange(len(scored), dtype=np.int32)
    place = at[ids]
    mine = np.flatnonzero(place >= 0)
    got_mine, got_theirs = kernels.meet(ids, scored)
    _same(got_mine, mine.astype(np.int64))
    _same(got_theirs, place[mine].astype(np.int64))
    values = np.asarray(f, np.float64) / 3.0 + 0.1
    base = rng.random(len(scored))
    score, mine_score = base.copy(), base.copy()
    score[place[mine]] += values[mine]
    kernels.add_at(mine_score, got_theirs, values, got_mine)
    _same(mine_score, score)
    if len(ids):  # ``_scored``'s bisection
        score, found_score = base.copy(), base.copy()
        where = np.searchsorted(ids, scored)
        np.minimum(where, len(ids) - 1, out=where)
        hit = ids[where] == scored
        score[hit] += values[where[hit]]
        kernels.add_found(found_score, scored, ids, values)
        _same(found_score, score)
        # the same with each value the word's BM25 computed where found (``add_found_score``)
        below = rng.random(SIZE) * 2.0 + 0.3
        contribution = kernels.term_score(ids, f, below, 1.9, matching.K1 + 1.0)
        score, found_score = base.copy(), base.copy()
        score[hit] += contribution[where[hit]]
        kernels.add_found_score(found_score, scored, ids, f, below, 1.9, matching.K1 + 1.0)
        _same(found_score, score)
    # ``_light``'s spreads
    light, mine_light = rng.random(SIZE), None
    mine_light = light.copy()
    norm = rng.random(len(ids)) + 0.25
    light[ids] += 1.7 / norm
    kernels.add_over(mine_light, ids, 1.7, norm)
    light[ids] += 0.3
    kernels.add_weight(mine_light, ids, 0.3)
    _same(mine_light, light)


@pytest.mark.parametrize("gap_type", ["<u1", "<u2", "<u4"])
def test_ids_from_gaps_are_the_cumulative_sum(gap_type):
    for ids, _tt, _f in LISTS:
        _gaps(ids, gap_type)


def _gaps(ids, gap_type):
    gaps = np.diff(ids)
    if len(gaps) and gaps.max() >= np.iinfo(gap_type).max:
        gaps = np.minimum(gaps, np.iinfo(gap_type).max)
        ids = np.concatenate(([ids[0]], ids[0] + np.cumsum(gaps))) if len(ids) else ids
    packed = _packed(gaps, gap_type)
    first = int(ids[0]) if len(ids) else 0
    expected = np.empty(len(ids), np.int64)
    if len(ids):
        expected[0] = first
        expected[1:] = packed
        np.cumsum(expected, out=expected)
    _same(kernels.ids_from_gaps(first, packed, len(ids)), expected.astype(np.int32))
    _same(expected, ids)
    top = np.iinfo(np.int32).max  # the highest id a document's row holds ("<i4")
    _same(
        kernels.ids_from_gaps(top - 3, _packed([1, 2], gap_type), 3),
        np.array([top - 3, top - 2, top], np.int32),
    )


@pytest.mark.parametrize("held_type", [np.uint8, np.int32])
def test_counting_the_words_held_is_the_numpy_sum(held_type):
    held, mine = np.zeros(SIZE, held_type), np.zeros(SIZE, held_type)
    for ids, tt, _f in LISTS[:40]:
        mask = kernels.masks(ids, tt, SIZE)
        held += mask & ANYWHERE
        kernels.count_held(mine, mask)
    assert held.max() > 1
    _same(mine, held)


@pytest.mark.parametrize("shift", [1, 2, BLOCK_SHIFT])
def test_block_upper_bounds_are_the_numpy_rows(shift):
    rng = np.random.default_rng(5)
    blocks_n = (SIZE >> shift) + 1
    for share in (0.0, 0.01, 0.3, 1.0):
        light = np.zeros(blocks_n << shift)
        some = rng.random(len(light)) < share
        light[some] = rng.random(int(some.sum())) * 4
        light[:8], light[-8:] = 0.5, 3.25  # (equal values in a row, the last block)
        bound = rng.random(blocks_n) * 10
        each = light.reshape(blocks_n, 1 << shift)
        upper = bound + each[:, 0]
        most = each[:, 1].copy()
        for j in range(2, 1 << shift):
            np.maximum(most, each[:, j], out=most)
        upper += most
        out = np.full(blocks_n, 7.0)  # (a scratch array: what it held is written over)
        _same(kernels.block_upper(bound, light, shift, out), upper)
        _same(out, upper)


@pytest.mark.parametrize("share", [0.002, 0.3, 1.0])
def test_the_signals_added_to_the_scored_are_the_numpy_sums(share):
    # ``_scored``: a long list's kept mask over every document, gathered at the documents
    # scored; a short list's places among them
    rng = np.random.default_rng(int(share * 100))
    scored = np.flatnonzero(rng.random(SIZE) < share)
    title_norm = 1.0 - matching.B + matching.B * rng.integers(0, 30, SIZE) / 12.5
    for ids, tt, _f in LISTS[::3]:
        mask = kernels.masks(ids, tt, SIZE)
        base = rng.random(len(scored))
        for bit in (ANYWHERE, IN_TITLE):
            for weight in (0.35, 2.0, 1.0 / 3.0):
                score, mine = base.copy(), base.copy()
                has = (mask[scored] & bit) != 0
                score += weight * has
                kernels.add_held(mine, mask, scored, bit, weight)
                _same(mine, score)
                norm = title_norm[scored]
                score += weight * has / norm
                kernels.add_held_over(mine, mask, scored, bit, weight, title_norm)
                _same(mine, score)
                places = np.flatnonzero(has)
                score[places] += weight / norm[places]
                kernels.add_over_at(mine, places, weight, title_norm, scored)
                _same(mine, score)


def test_block_parts_are_added_as_numpy_adds_them():
    # ``_add``: a product then a sum, each rounded (a fused multiply-add would round once and
    # differ in the last bit: 63 of these 1,000 sums with numba's "contract" flag)
    rng = np.random.default_rng(11)
    for blocks_n in (0, 1, 126, 1000):
        values = rng.random(blocks_n) * 7.0
        some = np.flatnonzero(rng.random(blocks_n) < 0.4)
        for weight in (1.0, 0.35, 2.5, 1.0 / 3.0):
            bound = rng.random(blocks_n) * 30.0
            mine = bound.copy()
            bound += values * weight if weight != 1.0 else values
            kernels.add_scaled(mine, values, weight)
            _same(mine, bound)
            if weight == 1.0:
                bound[some] += values[some]
            else:
                bound[some] += values[some] * weight
            kernels.add_scaled_at(mine, some, values[some], weight)
            _same(mine, bound)


def test_title_documents_are_the_numpy_selections():
    norm = 1.0 - matching.B + matching.B * np.arange(SIZE) / 12.5
    for ids, tt, _f in LISTS:
        expected = ids[tt > 0]
        found, values = kernels.title_docs(ids, tt, norm)
        _same(found, expected)
        _same(values, norm[expected])
        at = np.flatnonzero(tt)
        found, values = kernels.title_docs_at(ids, at, norm)
        _same(found, ids[at])
        _same(values, norm[ids[at]])


def test_the_blocks_held_are_the_numpy_nonzero():
    rng = np.random.default_rng(13)
    for n in (0, 1, 126, 1000):
        for share in (0.0, 0.1, 1.0):
            total = np.where(rng.random(n) < share, rng.random(n) * 5, 0.0)
            if n:
                total[-1] = -0.0  # (not held, as numpy counts it)
            blocks = np.flatnonzero(total)
            held = kernels.count_nonzero(total)
            assert held == len(blocks) == np.count_nonzero(total)
            found, values = kernels.nonzero(total, held)
            _same(found, blocks)
            _same(values, total[blocks])
