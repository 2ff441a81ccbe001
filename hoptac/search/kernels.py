"""Compiled loops for the posting lists' hot paths (decision 0022): the passes over a list that
numpy makes one whole array at a time (a gather, a product, a sum, a division, a scatter...),
each loop here makes once, element by element.

Every loop does the same float operations in the same order as the numpy code it replaces (no
``fastmath``: no reassociation, no fused multiply-add), so the figures are the same to the bit
(``test_kernels`` holds each against its numpy formula). Compiled by numba on first use, cached
under ``VAR_DIR / "numba"`` (``NUMBA_CACHE_DIR`` when set): a process imports this module, and
numba, on its first search only (``postings._k``), never at start-up.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np
from django.conf import settings

from .maskbits import ANYWHERE, IN_TITLE


def _compiler() -> Any:
    """numba's ``njit`` with its cache in the project's var directory (a source tree may be
    read-only), or uncached when no directory can hold it."""
    os.environ.setdefault("NUMBA_CACHE_DIR", str(settings.VAR_DIR / "numba"))
    import numba

    numba.config.CACHE_DIR = os.environ["NUMBA_CACHE_DIR"]

    def jit(fn: Any) -> Any:
        try:
            return numba.njit(cache=True, nogil=True)(fn)
        except RuntimeError:  # (numba: "no locator available": nowhere to write the cache)
            return numba.njit(nogil=True)(fn)

    return jit


_jit = _compiler()
BOTH = ANYWHERE | IN_TITLE


@_jit
def term_score(ids, f, below, idf, k1p1):  # noqa: ANN001, ANN201
    """A word's BM25 in each of its documents: idf x (f x (k1 + 1)) / (f + below[id])
    (``postings._term_score``), ``f`` in its packed type (widened as numpy widens it)."""
    n = len(ids)
    out = np.empty(n)
    for i in range(n):
        x = np.float64(f[i])
        out[i] = (idf * (x * k1p1)) / (x + below[ids[i]])
    return out


@_jit
def masks(ids, tt, size):  # noqa: ANN001, ANN201
    """A byte per document: ``ANYWHERE`` at ``ids``, with ``IN_TITLE`` where ``tt`` > 0."""
    out = np.zeros(size, np.uint8)
    for i in range(len(ids)):
        out[ids[i]] = BOTH if tt[i] > 0 else ANYWHERE
    return out


@_jit
def masks_at(ids, at, size):  # noqa: ANN001, ANN201
    """``masks`` with the title's documents given by their places ``at`` in ``ids``."""
    out = np.zeros(size, np.uint8)
    for i in range(len(ids)):
        out[ids[i]] = ANYWHERE
    for j in range(len(at)):
        out[ids[at[j]]] = BOTH
    return out


@_jit
def title_docs(ids, tt, norm):  # noqa: ANN001, ANN201
    """The ids where ``tt`` > 0 and their ``norm`` (``ids[tt > 0]``, ``norm[those]``)."""
    n = 0
    for i in range(len(ids)):
        if tt[i] > 0:
            n += 1
    found = np.empty(n, np.int64)
    values = np.empty(n)
    k = 0
    for i in range(len(ids)):
        if tt[i] > 0:
            found[k] = ids[i]
            values[k] = norm[ids[i]]
            k += 1
    return found, values


@_jit
def title_docs_at(ids, at, norm):  # noqa: ANN001, ANN201
    """The ids at the places ``at`` and their ``norm`` (``ids[at]``, ``norm[those]``)."""
    found = np.empty(len(at), np.int64)
    values = np.empty(len(at))
    for k in range(len(at)):
        found[k] = ids[at[k]]
        values[k] = norm[found[k]]
    return found, values


@_jit
def block_max(ids, values, blocks, shift):  # noqa: ANN001, ANN201
    """The highest of ``values`` (none negative) in each of ``blocks`` blocks of ids, 0.0 in a
    block without one (``postings._block_max``'s spread: the zeros of the block's other ids
    count, so a value below 0.0 would read 0.0 there too, but the highest of a full block)."""
    out = np.zeros(blocks)
    for i in range(len(ids)):
        b = ids[i] >> shift
        v = values[i]
        o = out[b]
        out[b] = v if v > o else o  # (a select, not a branch: 5 to 20 times faster)
    return out


@_jit
def block_any(ids, blocks, shift):  # noqa: ANN001, ANN201
    """1.0 in each block holding one of ``ids``, else 0.0."""
    out = np.zeros(blocks)
    for i in range(len(ids)):
        out[ids[i] >> shift] = 1.0
    return out


@_jit
def block_runs(ids, values, shift):  # noqa: ANN001, ANN201
    """The blocks ``ids`` (ascending) fall in, each once, and the highest of ``values`` in each
    (``np.maximum.reduceat`` over the runs of a block)."""
    n = len(ids)
    blocks = np.empty(n, np.int64)
    out = np.empty(n)
    j = -1
    last = -1
    for i in range(n):
        b = ids[i] >> shift
        v = values[i]
        if b != last:
            j += 1
            blocks[j] = b
            out[j] = v
            last = b
        else:
            o = out[j]
            out[j] = v if v > o else o
    return blocks[: j + 1].copy(), out[: j + 1].copy()


@_jit
def block_starts(ids, shift):  # noqa: ANN001, ANN201
    """The blocks ``ids`` (ascending) fall in, each once."""
    n = len(ids)
    blocks = np.empty(n, np.int64)
    j = -1
    last = -1
    for i in range(n):
        b = ids[i] >> shift
        if b != last:
            j += 1
            blocks[j] = b
            last = b
    return blocks[: j + 1].copy()


@_jit
def count_held(held, mask):  # noqa: ANN001, ANN201
    """``held += mask & ANYWHERE`` (a word's mask counted in the words held per document)."""
    for i in range(len(held)):
        held[i] += mask[i] & ANYWHERE


@_jit
def block_upper(bound, light, shift, out):  # noqa: ANN001, ANN201
    """Per block, its bound plus its first document's light signals, plus the highest light
    sum of its other documents (``postings._top``; none negative), into ``out`` (a scratch
    array as long as ``bound``), which it returns."""
    width = 1 << shift
    for k in range(len(bound)):
        row = k * width
        most = light[row + 1]
        for j in range(2, width):
            v = light[row + j]
            most = v if v > most else most
        out[k] = (bound[k] + light[row]) + most
    return out


@_jit
def count_nonzero(values):  # noqa: ANN001, ANN201
    """How many of ``values`` are not 0.0 (``np.count_nonzero``)."""
    n = 0
    for v in values:
        n += v != 0.0
    return n


@_jit
def nonzero(values, held):  # noqa: ANN001, ANN201
    """The places of the ``held`` values that are not 0.0, and those values
    (``np.flatnonzero(values)``, ``values[those]``)."""
    places = np.empty(held, np.int64)
    found = np.empty(held)
    k = 0
    for i in range(len(values)):
        if values[i] != 0.0:
            places[k] = i
            found[k] = values[i]
            k += 1
    return places, found


@_jit
def _first_at_least(values, x, lo):  # noqa: ANN001, ANN201
    """The first place from ``lo`` on in ``values`` (ascending) whose value is at least ``x``
    (``len(values)`` when none is): a bisection."""
    hi = len(values)
    while lo < hi:
        mid = (lo + hi) >> 1
        if values[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


@_jit
def meet(held, ids):  # noqa: ANN001, ANN201
    """The places in ``held`` and in ``ids`` (both ascending, each id once) of the documents in
    both, by ascending id: a merge when the lists are of like lengths, else each of ``held``
    found in ``ids`` by bisection from where the last was."""
    h, n = len(held), len(ids)
    mine = np.empty(min(h, n), np.int64)
    theirs = np.empty(min(h, n), np.int64)
    k = 0
    j = 0
    if h * 16 >= n:
        i = 0
        while i < h and j < n:
            a, b = held[i], ids[j]
            if a == b:
                mine[k] = i
                theirs[k] = j
                k += 1
                i += 1
                j += 1
            elif a < b:
                i += 1
            else:
                j += 1
    else:
        for i in range(h):
            x = held[i]
            j = _first_at_least(ids, x, j)
            if j == n:
                break
            if ids[j] == x:
                mine[k] = i
                theirs[k] = j
                k += 1
                j += 1
    return mine[:k].copy(), theirs[:k].copy()


@_jit
def add_at(score, places, values, mine):  # noqa: ANN001, ANN201
    """``score[places] += values[mine]`` (each place once)."""
    for j in range(len(places)):
        score[places[j]] += values[mine[j]]


@_jit
def _next_found(held, x, i, merge):  # noqa: ANN001, ANN201
    """The first place from ``i`` on in ``held`` whose value is at least ``x``: stepped to when
    the two lists are of like lengths (a merge), else by bisection."""
    if merge:
        h = len(held)
        while i < h and held[i] < x:
            i += 1
        return i
    return _first_at_least(held, x, i)


@_jit
def add_found(score, ids, held, values):  # noqa: ANN001, ANN201
    """To each of ``ids`` (ascending) held in ``held`` (ascending, not empty), its value
    (``postings._scored``'s bisection: ``searchsorted``, then the ids found): a merge when
    the two are of like lengths, else each found by bisection from where the last was."""
    h, n = len(held), len(ids)
    merge = n * 32 >= h  # of like lengths: a merge (measured faster down to 1 in 32)
    i = 0
    for j in range(n):
        x = ids[j]
        i = _next_found(held, x, i, merge)
        if i == h:
            break
        if held[i] == x:
            score[j] += values[i]


@_jit
def add_found_score(score, ids, held, f, below, idf, k1p1):  # noqa: ANN001, ANN201
    """``add_found`` with each value the word's BM25 computed where it is found, from its
    weighted count ``f`` (``term_score``'s operations, in its order: the same figures), so
    that a long list scored for a few documents is not scored whole first."""
    h, n = len(held), len(ids)
    merge = n * 32 >= h
    i = 0
    for j in range(n):
        x = ids[j]
        i = _next_found(held, x, i, merge)
        if i == h:
            break
        if held[i] == x:
            c = np.float64(f[i])
            score[j] += (idf * (c * k1p1)) / (c + below[x])


@_jit
def add_held(score, mask, ids, bit, weight):  # noqa: ANN001, ANN201
    """``score += weight * ((mask[ids] & bit) != 0)`` (w x 1.0 or w x 0.0 added to each)."""
    for j in range(len(ids)):
        score[j] += weight * np.float64((mask[ids[j]] & bit) != 0)


@_jit
def add_held_over(score, mask, ids, bit, weight, norm):  # noqa: ANN001, ANN201
    """``score += weight * ((mask[ids] & bit) != 0) / norm[ids]``."""
    for j in range(len(ids)):
        i = ids[j]
        score[j] += (weight * np.float64((mask[i] & bit) != 0)) / norm[i]


@_jit
def add_over_at(score, places, weight, norm, ids):  # noqa: ANN001, ANN201
    """``score[places] += weight / norm[ids][places]`` (each place once)."""
    for j in range(len(places)):
        p = places[j]
        score[p] += weight / norm[ids[p]]


@_jit
def add_scaled(bound, values, weight):  # noqa: ANN001, ANN201
    """``bound += values * weight``: the product rounded, then the sum (two roundings, never
    one fused multiply-add; a weight of 1.0 leaves a value as it is)."""
    for k in range(len(bound)):
        bound[k] += values[k] * weight


@_jit
def add_scaled_at(bound, blocks, values, weight):  # noqa: ANN001, ANN201
    """``bound[blocks] += values * weight`` (each block once)."""
    for j in range(len(blocks)):
        bound[blocks[j]] += values[j] * weight


@_jit
def add_weight(light, ids, weight):  # noqa: ANN001, ANN201
    """``light[ids] += weight`` (each id once)."""
    for j in range(len(ids)):
        light[ids[j]] += weight


@_jit
def add_over(light, ids, weight, norm):  # noqa: ANN001, ANN201
    """``light[ids] += weight / norm`` (each id once)."""
    for j in range(len(ids)):
        light[ids[j]] += weight / norm[j]


@_jit
def ids_from_gaps(first, gaps, n):  # noqa: ANN001, ANN201
    """``n`` ascending ids from the first and the gaps between them (``np.cumsum``), as int32
    (``postings.IDS``: the documents' ids are stored so)."""
    ids = np.empty(n, np.int32)
    if n:
        acc = np.int64(first)
        ids[0] = acc
        for i in range(n - 1):
            acc += np.int64(gaps[i])
            ids[i + 1] = acc
    return ids


def _warm() -> None:
    """Every loop compiled (or loaded from the cache) for the types the lists hold, now: a
    process pays it at its first search, not one loop at a time in later ones (a load from
    the cache costs a few milliseconds each, a compile a tenth of a second). A list's ids are
    int32 (``ids_from_gaps``), the documents picked among them (``np.flatnonzero``...) int64."""
    ids = np.arange(2, dtype=np.int64)
    one = np.ones(2)
    counts = []
    for t in (np.uint8, np.uint16, np.uint32):
        counts.append(np.ones(2, t))  # (writable: a sparse title's counts, a list's empty)
        counts.append(np.frombuffer(np.ones(2, t).tobytes(), t))  # (read-only: as unpacked)
    for c in counts:
        ids_from_gaps(0, c[:1], 2)
    for held in (ids, ids.astype(np.int32)):  # a list's ids; ``ids``: the documents scored
        for c in (*counts, one):
            masks(held, c, 2)
            title_docs(held, c, one)
            term_score(held, c, one, 1.0, 2.2)
            add_found_score(one.copy(), ids, held, c, one, 1.0, 2.2)
        masks_at(held, ids[:1], 2)
        title_docs_at(held, ids[:1], one)
        block_max(held, one, 1, 3)
        block_any(held, 1, 3)
        block_runs(held, one, 3)
        block_starts(held, 3)
        meet(held, ids)
        add_found(one.copy(), ids, held, one)
        add_weight(one.copy(), held, 1.0)
    block_upper(one[:1], np.ones(8), 3, np.empty(1))
    nonzero(one, count_nonzero(one))
    for held in (np.zeros(2, np.uint8), np.zeros(2, np.int32)):
        count_held(held, np.ones(2, np.uint8))
    add_at(one.copy(), ids, one, ids)
    add_held(one.copy(), np.ones(2, np.uint8), ids, 1, 1.0)
    add_held_over(one.copy(), np.ones(2, np.uint8), ids, 1, 1.0, one)
    add_over_at(one.copy(), ids, 1.0, one, ids)
    add_scaled(one.copy(), one, 1.0)
    add_scaled_at(one.copy(), ids, one, 1.0)
    add_over(one.copy(), ids, 1.0, one)


_warm()
