"""Posting lists we control: the fast path of counting and ranking, the same on both backends.

Per folded word (and per accented form that differs, for the accent signal), the ids of its
documents and its occurrences in the title and in the whole document, packed as numpy arrays
(compressed) in ``Posting`` rows; per pair of folded words side by side (``pair_term``), the
documents where they are and its occurrences in the title and in all; the documents' own
arrays (length, title length, kind, public, date) in a row of their own. A process loads a
word's list once and reuses it while the build number is unchanged; documents written since
the build are ``PostingDelta`` rows and deleted ones ``PostingDeleted`` rows, re-read when the
generation (bumped by every write) changes: one cheap query per search tells both.

Counts are the words' masks combined (nothing scored). Ranking is ``matching``'s, exact top-k:
BM25 exactly as FTS5's ``bm25()`` (k1, b, the idf floor, the title weight, the same document
lengths and average), the accent and title-word signals, computed with numpy for the documents
that may reach the page only (block-max, ``_top``: per block of 8 document ids, the most a
document of the block can score, derived from the lists when they are read; a block whose
bound stays below the page's floor is never scored; the signals held by few documents, a
pair side by side or a word in a title, are added per document to its block's bound of the
rest). The pair signals are read from the pairs' lists, exact as the full-text index's
phrases, so a pair bounds only the documents where its words are side by side. A quoted
phrase of two words is its pair's list; a longer one is held by the documents holding each of
its pairs where the counts prove it; of three words, the rest are in the list of the documents
the counts leave unproven (``unproven_term``), of more, checked by the database's index
(``_phrase``).

Used when ``settings.SEARCH_POSTINGS`` is on and the lists have been built (``build``, run by
the backends' ``optimize`` after a bulk load and by ``rebuild_search_index``).
"""

from __future__ import annotations

import json
import logging
import secrets
import struct
import tempfile
import threading
import time
import zlib
from array import array
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import zstandard
from django.conf import settings
from django.db import connection, transaction
from django.db.models.functions import Length

from . import matching
from .analysis import IndexedText, document_text
from .maskbits import ANYWHERE, IN_TITLE
from .models import (
    Document,
    Posting,
    PostingDeleted,
    PostingDelta,
    PostingState,
)
from .parsing import Filters
from .visibility import Visibility

logger = logging.getLogger(__name__)

DOCS = " docs"  # the documents' arrays
KINDS = " kinds"  # the kinds' names, in the order of their codes
MAX_TERM = 255  # longer words are not indexed here (nobody types them)
CACHE_TERMS = 20_000  # words' document frequencies kept per snapshot (``stats``)
LIST_BYTES = 256 << 20  # lists read kept per process, the least recently used dropped first
BATCH = 2000


def enabled() -> bool:
    return settings.SEARCH_POSTINGS


_HEAD = struct.Struct("<iiBBB")  # count, first id, widths of the id gaps, title and all counts
LEVEL = 17  # zstd's level for a packed list and its bounds (decision 0016, amended 7 December
# 2026): at 100k documents 10 % smaller than zlib's level 6 and decoded 3x faster (the first
# read of a list was a question's largest single cost); packing costs about 8 s more
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"  # a zstd frame's first bytes; zlib's streams never start so
_codec = threading.local()  # zstd's contexts are not shared between threads


def _compress(raw: bytes) -> bytes:
    made = getattr(_codec, "compressor", None)
    if made is None:
        made = _codec.compressor = zstandard.ZstdCompressor(level=LEVEL)
    return made.compress(raw)


def _decompress(data: bytes) -> bytes:
    """A packed list or bounds row: zstd, or zlib for what was packed before the change (read
    as it is until the next pack)."""
    if data[:4] != _ZSTD_MAGIC:
        return zlib.decompress(data)
    made = getattr(_codec, "decompressor", None)
    if made is None:
        made = _codec.decompressor = zstandard.ZstdDecompressor()
    return made.decompress(data)


def _k() -> Any:
    """The compiled loops (``kernels``): imported, numba with them, on a process's first
    search, not when it starts."""
    global _kernels
    if _kernels is None:
        from . import kernels

        _kernels = kernels
    return _kernels


def warm() -> None:
    """The compiled loops loaded now (``_k``): an app process's workers call it in the
    background as they start (``deploy/gunicorn.conf.py``), so that no search waits for them."""
    _k()


_kernels = None


PRELOAD_SHARE = 2  # the words ``preload`` reads fill at most about 1 / this of the lists kept, and
# those it derives 1 / this of the masks' and the block bounds' caches (the rest for the words
# the searches meet)
PRELOAD_BATCH = 64  # lists read per statement by ``preload``


_preloading = False  # whether this process keeps the long words read (``preload`` has run): a
# new build's are then read again in the background when a search first meets it (``snapshot``)
_preloaded_build: int | None = None  # the last build whose reading ``snapshot`` started


def preload() -> int:
    """The long words' lists (those whose BM25 bounds were stored when packed: held by more
    documents than there are blocks of ids, at 100,399 documents 288 words), read now, with
    what a search derives from them when it first meets one (its mask, its BM25 and title
    bounds per block, its title documents): a serving process's warm-up (``hoptac.core.warmup``)
    rather than its first searches, which each met a few of them for the first time (issue 19).
    The lists are kept for the build (every generation of it), and read again for each new build
    (a pack, every few minutes while documents are written: ``_preload_again``); what is
    derived, for the generation, then derived again when first needed, as before. Returns how
    many words."""
    global _preloading
    snap = snapshot()
    if snap is None:
        return 0
    _preloading = True
    long = [
        t[len(BOUNDS) :]
        for t in Posting.objects.filter(term__startswith=BOUNDS).values_list("term", flat=True)
    ]
    # the longest first (the most often met, and the dearest to read and derive): by the size
    # of their packed lists (read from the rows' headers, not the data), as many as a share of
    # the lists kept holds
    sizes = dict(
        Posting.objects.filter(term__in=long)
        .annotate(packed=Length("data"))
        .values_list("term", "packed")
    )
    long.sort(key=lambda t: (-sizes.get(t, 0), t))
    words: list[str] = []
    for i in range(0, len(long), PRELOAD_BATCH):
        if snap.packed.size > snap.packed.limit // PRELOAD_SHARE:
            break
        batch = long[i : i + PRELOAD_BATCH]
        postings(snap, batch)
        words += batch
    # what a search derives from them, as many as a share of those caches holds
    most = min(_masks_cache.limit // max(snap.size, 1), _block_cache.limit // (2 * _blocks(snap)))
    for word in words[: most // PRELOAD_SHARE]:
        _masks(snap, word)
        _block_part(snap, "bm25", word)
        _block_part(snap, "title", word)
    return len(words)


def _width(values: np.ndarray) -> int:
    top = int(values.max()) if len(values) else 0
    return 0 if top == 0 else 1 if top < 1 << 8 else 2 if top < 1 << 16 else 4


_TYPES = {1: "<u1", 2: "<u2", 4: "<u4"}
IDS = np.int32  # a list's document ids as read (``_unpack_list``, the delta's): the ids of the
# documents' own row (``DOCS``, "<i4"); half the bytes of int64, and at 1,000,000 documents the
# fresh pages of a common word's ids were a cold question's largest cost (page faults)
MAX_ID = int(np.iinfo(IDS).max)  # the highest document id the lists hold (``_over_ids``)
COUNT_CAP = 65535  # counts are packed up to this (``_pack``): a count there may be more


def _pack(ids: np.ndarray, title_tf: np.ndarray, tf: np.ndarray) -> bytes:
    """A list as stored in its own row: ``_pack_raw``'s bytes compressed (zstd)."""
    return _compress(_pack_raw(ids, title_tf, tf))


def _pack_raw(ids: np.ndarray, title_tf: np.ndarray, tf: np.ndarray) -> bytes:
    """Sorted ids as gaps, the title counts and the weighted counts (``_weighted``: what BM25
    saturates, stored so that a first read computes nothing), each in the narrowest unsigned
    type that holds it (none when every value is 0: no document holds the word in its title),
    behind a head (count, first id, widths). The third width carries ``WEIGHTED``; a list
    packed before holds the counts in all there (``_unpack`` weighs them when read). Title
    counts held by few of the documents are stored sparse (``SPARSE``): how many, their places
    in the list as gaps and their counts, so that a first read finds the title's documents
    without a pass over the list (``_title_docs``)."""
    ids = np.asarray(ids, np.int64)
    gaps = np.diff(ids) if len(ids) else ids
    title_tf = np.minimum(title_tf, COUNT_CAP).astype(np.int64)
    f = title_tf * _EXTRA + np.minimum(tf, COUNT_CAP)
    widths = [_width(gaps), _width(title_tf), _width(f)]
    title = [title_tf.astype(_TYPES[widths[1]]).tobytes()] if widths[1] else []
    if widths[1]:
        at = np.flatnonzero(title_tf)
        steps = np.diff(at, prepend=0)  # (the first place itself)
        step = _width(steps) or 1
        if len(at) * (step + widths[1]) + _SPARSE.size < len(ids) * widths[1]:
            title = [
                _SPARSE.pack(len(at), step),
                steps.astype(_TYPES[step]).tobytes(),
                title_tf[at].astype(_TYPES[widths[1]]).tobytes(),
            ]
            widths[1] |= SPARSE
    head = _HEAD.pack(len(ids), int(ids[0]) if len(ids) else 0, *widths[:2], widths[2] | WEIGHTED)
    parts = [head]
    if widths[0]:
        parts.append(gaps.astype(_TYPES[widths[0]]).tobytes())
    parts.extend(title)
    if widths[2]:
        parts.append(f.astype(_TYPES[widths[2]]).tobytes())
    return b"".join(parts)


WEIGHTED = 0x80  # the third width's flag: the weighted counts are stored (since 7 December
# 2026), not the counts in all
SPARSE = 0x40  # the second width's flag: the title counts stored for their documents only
_SPARSE = struct.Struct("<IB")  # how many documents hold it in the title, the places' width
_EXTRA = int(matching.TITLE_WEIGHT - 1.0)  # a title occurrence's weight beyond its count
assert _EXTRA == matching.TITLE_WEIGHT - 1.0  # (whole: the weighted counts are whole numbers)


def _unpack(data: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ids, title counts, weighted counts) of a packed list (``_unpack_list``)."""
    return _unpack_list(data)[0]


def _unpack_list(
    data: bytes, compressed: bool = True
) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray], Any]:
    """((ids, title counts, weighted counts), the places in the list of the documents holding
    it in the title or None) of a packed list: the counts in their packed types, views of the
    decompressed bytes (read only); a list packed before the weighted counts were stored has
    them computed (``_weighted``: the same values, as floats); the places are known when the
    title counts were stored sparse. ``compressed`` False: ``_pack_raw``'s bytes (a list of
    few documents, from its bucket: ``_buckets``)."""
    if compressed:
        data = _decompress(data)
    n, first, *widths = _HEAD.unpack_from(data)
    weighted = bool(widths[2] & WEIGHTED)
    sparse = bool(widths[1] & SPARSE)
    widths[1] &= ~SPARSE
    widths[2] &= ~WEIGHTED
    offset = _HEAD.size
    arrays = []
    at = None
    for count, width, part in zip((max(n - 1, 0), n, n), widths, range(3), strict=True):
        if not width:
            arrays.append(np.zeros(count, "<u1"))
        elif part == 1 and sparse:
            held, step = _SPARSE.unpack_from(data, offset)
            offset += _SPARSE.size
            at = np.frombuffer(data, _TYPES[step], held, offset).astype(np.int64)
            np.cumsum(at, out=at)
            offset += held * step
            title = np.zeros(n, _TYPES[width])
            title[at] = np.frombuffer(data, _TYPES[width], held, offset)
            offset += held * width
            arrays.append(title)
        else:
            arrays.append(np.frombuffer(data, _TYPES[width], count, offset))
            offset += count * width
    ids = _k().ids_from_gaps(first, arrays[0], n)  # (one pass: numpy's widening then sum
    # in place was most of a first read)
    if weighted:
        return (ids, arrays[1], arrays[2]), at
    return _weighted(ids, arrays[1], arrays[2]), at


def pair_term(words: tuple[str, ...] | list[str]) -> str:
    """The list of two folded words side by side: its documents, and (title counts) those
    that hold them side by side in the title. Words hold no space."""
    return " ".join(words)


def _counts(t: IndexedText) -> dict[str, tuple[int, int]]:
    """Each word of a document with its occurrences in the title and in all; each pair of
    folded words side by side (``pair_term``), in the title or in the body (never from the
    title into the body, as a phrase of the full-text index), with its occurrences in the
    title and in all (what proves most quoted phrases without the index: ``_phrase_counted``)."""
    out: dict[str, list[int]] = {}
    for w in t.title_folded:
        c = out.setdefault(w, [0, 0])
        c[0] += 1
        c[1] += 1
    for w in t.body_folded:
        out.setdefault(w, [0, 0])[1] += 1
    for w in t.accented_only():
        out.setdefault(w, [0, 1])
    runs = []
    for words, title in ((t.title_folded, 1), (t.body_folded, 0)):
        pairs = [pair_term(p) for p in zip(words, words[1:], strict=False)]
        for pair in pairs:
            c = out.setdefault(pair, [0, 0])
            c[0] += title
            c[1] += 1
        runs.append((words, pairs))
    for words, pairs in runs:  # each three words side by side, once every count is known
        for i in range(1, len(pairs)):
            ab, bc, b = out[pairs[i - 1]], out[pairs[i]], out[words[i]]
            if b[1] < COUNT_CAP and ab[1] + bc[1] > b[1]:
                continue  # (most: proven by the counts in all, as ``_proven`` would say)
            if not _proven(ab, bc, b):
                out.setdefault(UNPROVEN + pairs[i - 1] + " " + words[i + 1], [0, 1])
    out[LISTED] = [0, 1]
    return {w: (c[0], c[1]) for w, c in out.items() if len(w) <= MAX_TERM}


UNPROVEN = " p "  # + three folded words: the documents holding them side by side that their
# counts do not prove (``_proven``): with them a phrase of three words is decided from the lists
LISTED = " phrases"  # the documents whose unproven phrases of three words are listed (every one
# packed or written since this list exists; a document packed before it is asked of the index)


def unproven_term(words: tuple[str, ...] | list[str]) -> str:
    """The list of the documents holding three folded words side by side where the counts of
    their pairs and of the middle word prove nothing (``_proven``)."""
    return UNPROVEN + " ".join(words)


def _proven(ab: list[int], bc: list[int], b: list[int]) -> bool:
    """Whether a document holding the pairs "a b" and "b c" holds "a b c" as the lists' counts
    (each [in the title, in all]) prove it when read (``_phrase_counted``: the counts as packed,
    cut at ``COUNT_CAP``): the pairs occur more often than "b" in the title, in the body or in
    all. Cut counts prove less, never more (a pair's are lower bounds; the word's unknown)."""
    if b[0] >= COUNT_CAP or b[1] >= COUNT_CAP:
        return False
    seen = []
    for title, every in (ab, bc, b):
        title, every = min(title, COUNT_CAP), min(every, COUNT_CAP)
        seen.append((title, every - title, every))
    return any(x + y > z for x, y, z in zip(*seen, strict=True))


def _state() -> PostingState | None:
    return PostingState.objects.filter(pk=1).first()


def _bump() -> None:
    PostingState.objects.filter(pk=1).update(generation=models_f("generation") + 1)


def models_f(name: str) -> Any:
    from django.db.models import F

    return F(name)


def _date_ordinal(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, str):
        from datetime import date

        value = date.fromisoformat(value[:10])
    return value.toordinal()


# --- writing ----------------------------------------------------------------------------
def _between_scan_and_merge() -> None:
    """Nothing: a place where tests write, as another process would while a build runs."""


def _start_scan() -> int:
    """The state row (created if need be, so that writes from now on go to the delta) and
    this scan's number."""
    from django.utils import timezone

    with transaction.atomic():
        PostingState.objects.get_or_create(pk=1)
        PostingState.objects.filter(pk=1).update(
            scan=models_f("scan") + 1, scan_started=timezone.now()
        )
        return PostingState.objects.get(pk=1).scan


def build() -> int | None:
    """Pack every document's words from the stored texts (a full rebuild, which also merges
    the delta). Returns the number of documents, or None when a later build was merged first.

    Writes may go on meanwhile: the scan reads the documents in short batches (no statement
    or transaction lasts the whole scan), and the merge keeps every delta row and deletion
    mark of a document the scan did not see. A document is never changed in place (a new
    version is a new row), so a document is either in the packed lists or in the delta.

    Memory stays bounded whatever the number of documents (``_Spill``): the scan's postings go
    to temporary files, a share of the words per file; each file is then sorted and packed on
    its own, and the packed lists are written from disk. Only the words themselves (one id
    each) and the documents' arrays (24 bytes a document) are held throughout."""
    _distrust()
    scan = _start_scan()
    with tempfile.TemporaryDirectory(prefix="hoptac-postings-") as tmp:
        spill = _Spill(Path(tmp))
        kinds: dict[str, int] = {}
        doc_parts: list[np.ndarray] = []
        last = 0
        while True:
            rows = list(
                Document.objects.filter(pk__gt=last)
                .order_by("pk")
                .values_list(
                    "pk",
                    "title",
                    "body",
                    "title_en",
                    "body_en",
                    "kind",
                    "public",
                    "date",
                    "length",
                    "title_length",
                )[:BATCH]
            )
            if not rows:
                break
            last = rows[-1][0]
            if last > MAX_ID:
                raise _over_ids(last)
            batch = []
            for (
                pk,
                title,
                body,
                title_en,
                body_en,
                kind,
                public,
                date,
                length,
                title_length,
            ) in rows:
                spill.add(pk, _counts(document_text(title, body, title_en, body_en)))
                code = kinds.setdefault(kind, len(kinds))
                batch.append((pk, length, title_length, int(public), code, _date_ordinal(date)))
            doc_parts.append(np.array(batch, dtype="<i4").reshape(-1, 6))
        docs = np.concatenate(doc_parts) if doc_parts else np.zeros((0, 6), "<i4")
        del doc_parts
        packed = spill.pack(_PackBounds(docs))
        _between_scan_and_merge()
        with transaction.atomic():
            state = PostingState.objects.select_for_update().filter(pk=1).first()
            if state is None or state.merged > scan:  # cleared meanwhile, or a later scan won
                return None
            Posting.objects.all().delete()
            Posting.objects.bulk_create(
                [Posting(term=DOCS, data=docs.tobytes()), Posting(term=KINDS, data=_json(kinds))]
            )
            objs: list[Posting] = []
            for term, data in _read_packed(packed):
                objs.append(Posting(term=term, data=data))
                if len(objs) >= BATCH:
                    Posting.objects.bulk_create(objs)
                    objs = []
            Posting.objects.bulk_create(objs)
            # the delta of the documents now packed, and the marks of documents the lists no
            # longer hold; what was written after the scan passed by stays
            scanned = docs[:, 0]
            delta = np.array(list(PostingDelta.objects.values_list("pk", "document_id")), "<i8")
            if len(delta):
                _delete_pks(PostingDelta, delta[np.isin(delta[:, 1], scanned), 0].tolist())
            marks = np.array(list(PostingDeleted.objects.values_list("document_id", flat=True)))
            if len(marks):
                _delete_pks(PostingDeleted, marks[~np.isin(marks, scanned)].tolist())
            # a build number no process has seen (a flushed table would start again at 1)
            state.built = state.generation = secrets.randbelow(2**30) + 1
            state.merged = scan
            if state.scan == scan:
                state.scan_started = None
            state.save()
    return len(docs)


SPILL_POSTINGS = 4_000_000  # postings a scan holds in memory before writing them to its files
SPILL_FILES = 64  # the words are spread over this many files: each is sorted and packed alone
_SPILLED = np.dtype([("term", "<u4"), ("doc", "<i4"), ("title", "<u2"), ("all", "<u2")])
_RECORD = struct.Struct("<HI")  # a packed list on disk: the word's and the list's byte lengths


class _Spill:
    """A scan's postings on disk: (word id, document, title and all counts) records, appended
    in the documents' order to the file of their word (id modulo ``SPILL_FILES``), so that a
    file sorted by word (stably) holds each word's documents in order, as a list is packed."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.ids: dict[str, int] = {}
        self.words: list[str] = []
        self.terms = array("I")
        self.docs = array("i")
        self.title = array("I")
        self.all = array("I")
        self.files: set[int] = set()

    def add(self, pk: int, counts: dict[str, tuple[int, int]]) -> None:
        ids, words = self.ids, self.words
        for w, (tt, ta) in counts.items():
            i = ids.get(w)
            if i is None:
                i = ids[w] = len(words)
                words.append(w)
            self.terms.append(i)
            self.title.append(tt)
            self.all.append(ta)
        self.docs.extend([pk] * len(counts))
        if len(self.terms) >= SPILL_POSTINGS:
            self._flush()

    def _flush(self) -> None:
        if not self.terms:
            return
        rec = np.empty(len(self.terms), _SPILLED)
        rec["term"] = np.frombuffer(self.terms, np.uint32)
        rec["doc"] = np.frombuffer(self.docs, np.int32)
        rec["title"] = np.minimum(np.frombuffer(self.title, np.uint32), 65535)
        rec["all"] = np.minimum(np.frombuffer(self.all, np.uint32), 65535)
        self.terms, self.docs, self.title, self.all = array("I"), array("i"), array("I"), array("I")
        part = rec["term"] % SPILL_FILES
        order = np.argsort(part, kind="stable")
        rec, part = rec[order], part[order]
        bounds = np.searchsorted(part, np.arange(SPILL_FILES + 1))
        for f in range(SPILL_FILES):
            if bounds[f] < bounds[f + 1]:
                with open(self.folder / f"{f}.postings", "ab") as out:
                    rec[bounds[f] : bounds[f + 1]].tofile(out)
                self.files.add(f)

    def pack(self, bounds: _PackBounds | None = None) -> Path:
        """Every word's packed list, in one file of records (``_read_packed``); with
        ``bounds``, after each long word's list its BM25 bounds per block (``_PackBounds``);
        the short lists in buckets (``_buckets``), after the rest."""
        self._flush()
        path = self.folder / "packed"
        singles: list[tuple[bytes, bytes]] = []  # (the word's, the list's raw bytes)
        with open(path, "wb") as out:
            for f in sorted(self.files):
                rec = np.fromfile(self.folder / f"{f}.postings", _SPILLED)
                (self.folder / f"{f}.postings").unlink()
                rec = rec[np.argsort(rec["term"], kind="stable")]
                terms = rec["term"]
                starts = np.flatnonzero(np.r_[True, terms[1:] != terms[:-1]])
                ends = np.r_[starts[1:], len(rec)]
                for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
                    term = self.words[int(terms[s])]
                    word = term.encode()
                    lists = rec["doc"][s:e], rec["title"][s:e], rec["all"][s:e]
                    extra = None if bounds is None else bounds.row(term, *lists)
                    if extra is None and e - s <= SHORT and _bucketed(term):
                        singles.append((word, _pack_raw(*lists)))
                        continue
                    data = _pack(*lists)
                    out.write(_RECORD.pack(len(word), len(data)))
                    out.write(word)
                    out.write(data)
                    if extra is not None:
                        word = (BOUNDS + term).encode()
                        out.write(_RECORD.pack(len(word), len(extra)))
                        out.write(word)
                        out.write(extra)
            for term, data in _buckets(singles):
                word = term.encode()
                out.write(_RECORD.pack(len(word), len(data)))
                out.write(word)
                out.write(data)
        return path


SINGLES = " singles"  # how many buckets hold the short lists (``_buckets``)
BUCKET = " s "  # + a bucket's number: short lists (``_buckets``)
SHORT = 8  # lists of at most this many documents go in buckets
BUCKET_BYTES = 1536  # a bucket's entries' bytes before compression, about (its row stays
# within the page, under the size where PostgreSQL would move it to TOAST)
_ENTRY = struct.Struct("<HH")  # a bucket's entry: the word's and the raw list's byte lengths


def _bucketed(term: str) -> bool:
    """Whether a short list of ``term`` is stored in a bucket (every term's but the
    listing's, whose row tells that the phrases were listed: ``pack``)."""
    return term != LISTED


def _bucket_of(term: str, buckets: int) -> str:
    return BUCKET + str(zlib.crc32(term.encode()) % buckets)


def _buckets(singles: list[tuple[bytes, bytes]]) -> Iterator[tuple[str, bytes]]:
    """The rows of the short lists (``SHORT`` documents at most): most of the words and pairs
    (names, numbers, a passage's rare words) and of the unproven phrases, each of which was a
    row of its own of a few bytes, the row's overhead most of its size (at 100,240 documents
    75,000 of 112,000 rows). They go in buckets of about ``BUCKET_BYTES``, a word's bucket
    chosen by its hash (crc32, the same in every process), each bucket's entries (``_ENTRY``,
    the word, its raw list: ``_pack_raw``) compressed together; then the number of buckets
    (``SINGLES``), read with the documents' arrays (``_load``). A search reads a word's
    bucket with its row, in the same statement (``postings``)."""
    if not singles:
        return
    count = -(-sum(_ENTRY.size + len(w) + len(r) for w, r in singles) // BUCKET_BYTES)
    grouped: dict[int, list[bytes]] = {}
    for word, raw in sorted(singles):  # (the same rows however the scan was spilled)
        entry = _ENTRY.pack(len(word), len(raw)) + word + raw
        grouped.setdefault(zlib.crc32(word) % count, []).append(entry)
    for number, entries in sorted(grouped.items()):
        yield BUCKET + str(number), _compress(b"".join(entries))
    yield SINGLES, str(count).encode()


def _bucket_entries(data: bytes) -> dict[str, bytes]:
    """A bucket's lists (word -> raw list) (``_buckets``)."""
    data = _decompress(data)
    out = {}
    at = 0
    while at < len(data):
        n_word, n_raw = _ENTRY.unpack_from(data, at)
        at += _ENTRY.size
        word = data[at : at + n_word].decode()
        at += n_word
        out[word] = data[at : at + n_raw]
        at += n_raw
    return out


BOUNDS = " b "  # a long word's BM25 bounds per block, computed when packed (``_PackBounds``)
_BOUNDS_HEAD = struct.Struct("<dii")  # the average length, the documents and the blocks


class _PackBounds:
    """Per block of document ids, the most BM25's part that is not the idf can give a
    document of the block for a word, f x (k1 + 1) / (f + k1 x (1 - b + b x length /
    average)), for the words held by more blocks than a block-max over every block costs
    (``_block_max``'s long lists): computed when packed, a first read then only decodes them
    (at 1,000,000 documents, 125,000 blocks a word, they were most of a question's ranking).
    Each bound is rounded up to one of 255 steps of k1 + 1 (one byte a block, compressed):
    still a bound, a little looser. Valid for the documents, lengths and average of the pack:
    a snapshot with a delta or deletions computes its bounds from the lists as before."""

    def __init__(self, docs: np.ndarray) -> None:
        snap = _arrays(docs, [], 0, 0)
        self.size = snap.size
        self.blocks = _blocks(snap)
        self.documents = int(snap.exists.sum())
        total = float(snap.length[snap.exists].sum())
        self.average = total / self.documents if self.documents else 1.0
        snap.documents, snap.average = self.documents, self.average
        self.denominators = _denominators(snap)

    def row(self, term: str, ids: np.ndarray, tt: np.ndarray, ta: np.ndarray) -> bytes | None:
        if len(ids) * BOUNDS_DENSITY <= self.blocks or " " in term or len(BOUNDS + term) > MAX_TERM:
            return None  # short (cheap to bound when read), a pair, or too long a key
        ids = np.asarray(ids, np.int64)
        _ids, _tt, f = _weighted(ids, tt, ta)
        part = f * (matching.K1 + 1.0) / (f + self.denominators[ids])
        spread = np.zeros(self.blocks << BLOCK_SHIFT)
        spread[ids] = part
        highest = spread.reshape(self.blocks, 1 << BLOCK_SHIFT).max(axis=1)
        steps = np.floor(highest * (BOUND_STEPS / (matching.K1 + 1.0))) + 1  # strictly above
        steps = np.minimum(steps, BOUND_STEPS)  # (part < k1 + 1: the top step holds it)
        steps[highest == 0] = 0
        head = _BOUNDS_HEAD.pack(self.average, self.documents, self.blocks)
        return _compress(head + steps.astype(np.uint8).tobytes())


BOUND_STEPS = 255
BOUNDS_DENSITY = 1  # a word's bounds are stored when its list is longer than the blocks / this


def _unpack_bounds(data: bytes) -> tuple[np.ndarray, np.ndarray]:
    """A stored bounds row (``_PackBounds``): (its steps, [average, documents, blocks])."""
    data = _decompress(data)
    average, documents, blocks = _BOUNDS_HEAD.unpack_from(data)
    steps = np.frombuffer(data, np.uint8, blocks, _BOUNDS_HEAD.size)
    return steps, np.array([average, documents, blocks])


def _read_packed(path: Path) -> Iterator[tuple[str, bytes]]:
    with open(path, "rb") as f:
        while head := f.read(_RECORD.size):
            n_word, n_data = _RECORD.unpack(head)
            yield f.read(n_word).decode(), f.read(n_data)


def _delete_pks(model: Any, pks: list[int]) -> None:
    for start in range(0, len(pks), 500):
        model.objects.filter(pk__in=pks[start : start + 500]).delete()


def _json(kinds: dict[str, int]) -> bytes:
    return json.dumps(sorted(kinds, key=kinds.get)).encode()


def clear() -> None:
    """Forget the lists (the index was emptied): searching falls back to SQL until a build."""
    _distrust()
    Posting.objects.all().delete()
    PostingDelta.objects.all().delete()
    PostingDeleted.objects.all().delete()
    PostingState.objects.all().delete()


def _over_ids(pk: int) -> ValueError:
    return ValueError(
        f"search document id {pk} is above {MAX_ID:,}, the highest the posting lists hold"
        " (int32): search answers from SQL, slower, until the lists are widened"
    )


def stale() -> None:
    """A bulk load is under way: search uses SQL until ``build`` packs the lists again."""
    _distrust()
    PostingState.objects.filter(pk=1).update(built=0)


def added(rows: list[tuple[Document, IndexedText]]) -> None:
    """Documents just written: their words as delta rows (when the lists exist or are being
    built: a build keeps what it did not see)."""
    _distrust()
    if not rows or not PostingState.objects.filter(pk=1).exists():
        return
    if max(doc.pk for doc, _ in rows) > MAX_ID:  # search goes on with SQL; nothing is lost
        logger.error("%s", _over_ids(max(doc.pk for doc, _ in rows)))
        stale()
        return
    PostingDelta.objects.bulk_create(
        (
            PostingDelta(document_id=doc.pk, term=w, title_tf=tt, tf=ta)
            for doc, t in rows
            for w, (tt, ta) in _counts(t).items()
        ),
        batch_size=BATCH,
    )
    _bump()


def removed(ids: list[int]) -> None:
    """Documents about to be deleted: masked in the packed lists, dropped from the delta."""
    _distrust()
    if not ids or not PostingState.objects.filter(pk=1).exists():
        return
    PostingDelta.objects.filter(document_id__in=ids).delete()
    PostingDeleted.objects.bulk_create(
        [PostingDeleted(document_id=i) for i in ids], ignore_conflicts=True
    )
    _bump()


SCAN_TIMEOUT_S = 3600  # a scan not merged after this long is taken to have died


def pack(now: Any = None) -> str:
    """The scheduled job (``search.pack_postings``): build the lists when they are missing or
    stale (a bulk load), pack them again when the delta holds more than
    ``SEARCH_POSTINGS_PACK_AFTER`` documents (written or deleted since the last build) or when
    they were packed before the phrases' listing (no ``LISTED`` row); drop
    them when the setting is off (writes stop paying for a delta nobody reads). Says what it
    did."""
    from datetime import timedelta

    from django.utils import timezone

    if not enabled():
        if PostingState.objects.exists():
            clear()
            return "cleared"
        return "off"
    now = now or timezone.now()
    state = _state()
    if (
        state is not None
        and state.scan > state.merged
        and state.scan_started is not None
        and state.scan_started > now - timedelta(seconds=SCAN_TIMEOUT_S)
    ):
        return "busy"
    if state is None or not state.built:
        return "built" if build() is not None else "superseded"
    if not Posting.objects.filter(term=LISTED).exists() and Document.objects.exists():
        # packed before the phrases' listing (7 December 2026): phrases ask the index until then
        return "packed" if build() is not None else "superseded"
    pending = PostingDelta.objects.values("document_id").distinct().count()
    pending += PostingDeleted.objects.count()
    if pending < settings.SEARCH_POSTINGS_PACK_AFTER:
        return "fresh"
    return "packed" if build() is not None else "superseded"


# --- reading ----------------------------------------------------------------------------
@dataclass
class Snapshot:
    """What one process knows of the lists at one (build, generation)."""

    built: int
    generation: int
    size: int  # arrays are indexed by document id, 0 .. size - 1
    exists: np.ndarray  # bool
    length: np.ndarray  # float64
    title_length: np.ndarray
    public: np.ndarray  # bool
    kind: np.ndarray  # int32 code, -1 none
    date: np.ndarray  # int32 ordinal, 0 none
    kinds: list[str]
    deleted: np.ndarray  # bool: packed entries of these ids are masked
    delta: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]
    documents: int = 0
    average: float = 1.0
    buckets: int = 0  # of the short lists (``_buckets``); 0: each in its own row
    packed: _Bounded = field(default_factory=lambda: _Bounded(LIST_BYTES, _list_bytes))
    # (the lists read, shared across generations of a build)
    bounds: _Bounded = field(default_factory=lambda: _Bounded(LIST_BYTES >> 3, _list_bytes))
    # (the long words' bounds stored when packed, read with their lists: ``_PackBounds``)
    titled: _Bounded = field(default_factory=lambda: _Bounded(LIST_BYTES >> 4, _array_bytes))
    # (the places in its packed list of the documents holding a word in the title, where
    # they were stored sparse: ``_title_docs``)
    # derived when first needed, once per snapshot (each by the function named)
    superseded: bool = False  # a search found it stale (``_supersede``)
    packed_exists: np.ndarray | None = None  # ``exists`` as packed (``_load``, ``_arrays``)
    derived: _Bounded | None = None  # the lists its delta changes (``_derived``)
    df: dict[str, tuple[int, int]] | None = None  # (documents, in titles) per term (``stats``)
    reused: bool | None = None  # (``_reused``)
    any_deleted: bool | None = None  # (``_any_deleted``)
    denominators: np.ndarray | None = None  # (``_denominators``)
    kind_split: tuple[int, np.ndarray] | None = None  # (``_kind_split``)
    kind_index: np.ndarray | None = None  # (``_kind_index``)
    title_norm: np.ndarray | None = None  # (``_title_norm``)


def _list_bytes(lists: tuple) -> int:
    return sum(a.nbytes for a in lists) + 100


def _array_bytes(a: np.ndarray) -> int:
    return a.nbytes + 100


class _Bounded:
    """Values kept, the most recently used last, up to ``limit`` in all as ``weigh`` counts
    them (the newest stays even when it alone is over): callers hold ``_lock``."""

    def __init__(self, limit: int, weigh: Any) -> None:
        self.limit, self.weigh = limit, weigh
        self.items: OrderedDict = OrderedDict()
        self.size = 0

    def __contains__(self, key: Any) -> bool:
        return key in self.items

    def get(self, key: Any) -> Any:
        hit = self.items.get(key)
        if hit is not None:
            self.items.move_to_end(key)
        return hit

    def put(self, key: Any, value: Any) -> None:
        if key in self.items:
            return
        self.items[key] = value
        self.size += self.weigh(value)
        while self.size > self.limit and len(self.items) > 1:
            _key, old = self.items.popitem(last=False)
            self.size -= self.weigh(old)

    def clear(self) -> None:
        self.items.clear()
        self.size = 0


_lock = threading.Lock()
_snapshot: Snapshot | None = None
_trusted = False  # whether a search may run on ``_snapshot`` without asking (``cached``): set
# when ``snapshot`` finds the lists, cleared when it does not or this process writes
_accumulated: OrderedDict = OrderedDict()  # (generation key, "phrase", words) -> mask
MASK_BYTES = 64 << 20  # words' masks kept per process (a byte per document each)
# (generation key, word) -> a byte per document (``_masks``)
_masks_cache = _Bounded(MASK_BYTES, lambda mask: mask.nbytes)


def cached() -> Snapshot | None:
    """The snapshot this process read last, unchecked (no statement), or None when none was
    read or the lists are not enabled: a search may run on it and check at its last
    statement that it is still current (``Engine.checked``)."""
    if not enabled() or not _trusted:
        return None
    with _lock:
        snap = _snapshot
    return None if snap is None or snap.superseded else snap


def _distrust() -> None:
    """This process writes to the index: its next search asks for the state first (it would
    find the snapshot stale at its end, and start again)."""
    global _trusted
    _trusted = False


def snapshot() -> Snapshot | None:
    """The lists as they are now, or None when they are not built (or not enabled)."""
    global _snapshot, _trusted, _preloaded_build
    if not enabled():
        return None
    with connection.cursor() as cur:
        cur.execute("SELECT built, generation FROM search_postingstate WHERE id = 1")
        row = cur.fetchone()
    if row is None or not row[0]:
        _trusted = False
        return None
    built, generation = row
    with _lock:
        old = _snapshot
    if old is not None and old.built == built and old.generation == generation:
        _trusted = True
        return old
    snap = _load(built, generation, old if old is not None and old.built == built else None)
    with _lock:
        _scale_caches(snap)
        _snapshot = snap
        _trusted = True
        _accumulated.clear()
        _term_scores.clear()  # scored with the former counts
        _masks_cache.clear()
        _block_cache.clear()
        again = _preloading and old is not None and built not in (old.built, _preloaded_build)
        if again:
            _preloaded_build = built  # (one reading per build, whichever search met it first)
    if again:
        _in_background(_preload_again)
    return snap


def _preload_again() -> None:
    """A new build's long words read as the warm-up read the former's (``preload``), on a
    connection of its own, closed after; a failure is logged (the searches read them on demand)."""
    try:
        preload()
    except Exception:
        logger.exception("reading the long words of a new build failed")
    finally:
        connection.close()


def _in_background(work) -> None:
    threading.Thread(target=work, name="search-preload", daemon=True).start()


CACHE_DOCUMENTS = 100_000  # the caches' sizes above are for this many documents


def _scale_caches(snap: Snapshot) -> None:
    """Each cache's limit for the snapshot's document ids: its size for ``CACHE_DOCUMENTS`` times
    the documents over it (at least 1, at most ``settings.SEARCH_CACHE_SCALE_MAX``): the masks,
    scores and bounds are a value per document or per block, and the common words' lists grow
    with the documents, so the caches then hold as many words as at 100,000 documents. At most, per
    process: lists 2.5 GB (and 1.25 GB of them merged with a delta), stored bounds 320 MB,
    masks 640 MB, block bounds and word scores 640 MB each
    (callers hold ``_lock``)."""
    most = settings.SEARCH_CACHE_SCALE_MAX  # HOPTAC_SEARCH_CACHE_SCALE_MAX, default 10
    scale = min(max(snap.size / CACHE_DOCUMENTS, 1.0), max(most, 1.0))
    for cache, limit in (
        (_masks_cache, MASK_BYTES),
        (_block_cache, BLOCK_ITEMS),
        (_term_scores, TERM_SCORES),
    ):
        cache.limit = int(limit * scale)
    snap.packed.limit = int(LIST_BYTES * scale)
    snap.bounds.limit = int((LIST_BYTES >> 3) * scale)
    snap.titled.limit = int((LIST_BYTES >> 4) * scale)
    _derived(snap).limit = int((LIST_BYTES >> 1) * scale)


def _load(built: int, generation: int, old: Snapshot | None) -> Snapshot:
    if old is not None:
        base = old
    else:
        rows = _fetch([DOCS, KINDS, SINGLES])
        if DOCS not in rows or KINDS not in rows:
            raise Posting.DoesNotExist(f"{DOCS!r} or {KINDS!r}")
        docs = np.frombuffer(rows[DOCS], "<i4").reshape(-1, 6)
        kinds = json.loads(rows[KINDS])
        base = _arrays(docs, kinds, built, generation)
        base.buckets = int(rows[SINGLES]) if SINGLES in rows else 0
    deleted_ids = list(PostingDeleted.objects.values_list("document_id", flat=True))
    delta_rows = list(  # by id: each list's delta part ascends, as the packed part
        PostingDelta.objects.order_by("document_id").values_list(
            "document_id", "term", "title_tf", "tf"
        )
    )
    delta_ids = sorted({r[0] for r in delta_rows})
    extra = list(
        Document.objects.filter(pk__in=delta_ids).values_list(
            "pk", "length", "title_length", "public", "kind", "date"
        )
    )
    size = max([base.size - 1, *deleted_ids, *delta_ids]) + 1
    snap = Snapshot(
        built=built,
        generation=generation,
        size=size,
        exists=_grow(base.exists, size),
        length=_grow(base.length, size),
        title_length=_grow(base.title_length, size),
        public=_grow(base.public, size),
        kind=_grow(base.kind, size, -1),
        date=_grow(base.date, size),
        kinds=list(base.kinds),
        deleted=np.zeros(size, bool),
        delta={},
        packed=base.packed,
        bounds=base.bounds,
        titled=base.titled,
        buckets=base.buckets,
    )
    if old is not None:  # the packed documents' own arrays, before any delta
        snap.exists[:] = _grow(old.packed_exists, size)
    snap.packed_exists = snap.exists.copy()
    snap.deleted[deleted_ids] = True
    snap.exists[deleted_ids] = False
    for pk, length, title_length, public, kind, date in extra:
        if kind not in snap.kinds:
            snap.kinds.append(kind)
        snap.exists[pk] = True
        snap.length[pk] = length
        snap.title_length[pk] = title_length
        snap.public[pk] = bool(public)
        snap.kind[pk] = snap.kinds.index(kind)
        snap.date[pk] = _date_ordinal(date)
    grouped: dict[str, tuple[list, list, list]] = {}
    for pk, term, tt, ta in delta_rows:
        slot = grouped.setdefault(term, ([], [], []))
        slot[0].append(pk)
        slot[1].append(tt)
        slot[2].append(ta)
    snap.delta = {
        t: _weighted(np.array(a, IDS), np.array(b, np.float64), np.array(c, np.float64))
        for t, (a, b, c) in grouped.items()
    }
    snap.documents = int(snap.exists.sum())
    total = float(snap.length[snap.exists].sum())
    snap.average = total / snap.documents if snap.documents else 1.0
    return snap


def _grow(a: np.ndarray, size: int, fill: int = 0) -> np.ndarray:
    out = np.full(size, fill, a.dtype)
    n = min(size, len(a))
    out[:n] = a[:n]
    return out


def _arrays(docs: np.ndarray, kinds: list[str], built: int, generation: int) -> Snapshot:
    ids = docs[:, 0].astype(np.int64)
    size = int(ids.max()) + 1 if len(ids) else 1

    def dense(col: int, dtype: Any, fill: int = 0) -> np.ndarray:
        out = np.full(size, fill, dtype)
        out[ids] = docs[:, col]
        return out

    exists = np.zeros(size, bool)
    exists[ids] = True
    snap = Snapshot(
        built=built,
        generation=generation,
        size=size,
        exists=exists,
        length=dense(1, np.float64),
        title_length=dense(2, np.float64),
        public=dense(3, bool),
        kind=dense(4, np.int32, -1),
        date=dense(5, np.int32),
        kinds=kinds,
        deleted=np.zeros(size, bool),
        delta={},
    )
    snap.packed_exists = exists.copy()
    return snap


def _weighted(
    ids: np.ndarray, tt: np.ndarray, ta: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ids, title occurrences, occurrences weighted as bm25() weighs the columns): the
    frequency BM25 saturates, computed once when the list is read: (weight - 1) x title
    occurrences + all occurrences, in one array (small whole numbers: exactly the floats of
    weight x tt + (ta - tt))."""
    f = tt.astype(np.float64)
    f *= matching.TITLE_WEIGHT - 1.0
    f += ta
    return ids, tt, f


def _occurrences(tt: np.ndarray, f: np.ndarray) -> np.ndarray:
    """The occurrences in all from a list's weighted count (``_weighted`` undone)."""
    return f - (matching.TITLE_WEIGHT - 1.0) * tt


def postings(snap: Snapshot, terms: list[str]) -> dict[str, tuple[np.ndarray, ...]]:
    """Each word's (ids, title occurrences, weighted occurrences), by ascending id, the delta's
    documents in. Deleted documents stay in until the next pack: whatever reads a list is
    masked by ``exists`` (the matches by ``visible``, the candidates come from them; a bound
    counting a deleted document is still a bound), and ``_frequencies`` does not count them."""
    if len(terms) == 1 and terms[0] not in snap.delta and not _reused(snap):
        with _lock:  # one list already read, as it is: most calls, on the way to an array kept
            hit = snap.packed.get(terms[0])
        if hit is not None:
            return {terms[0]: hit or (np.zeros(0, IDS), np.zeros(0), np.zeros(0))}
    read: dict[str, tuple] = {}
    with _lock:
        for t in terms:
            hit = snap.packed.get(t)
            if hit is not None:
                read[t] = hit
    missing = [t for t in dict.fromkeys(terms) if t not in read]
    if missing:
        # a word's stored bounds (``_PackBounds``) and its bucket (``_buckets``, where its
        # list is when short) with its list, in the same statement
        buckets = {t: _bucket_of(t, snap.buckets) for t in missing if snap.buckets and _bucketed(t)}
        found = _read(
            snap,
            missing
            + [BOUNDS + t for t in missing if " " not in t]
            + list(dict.fromkeys(buckets.values())),
        )
        titled = {}
        opened: dict[str, dict[str, bytes]] = {}
        for t in missing:
            data = found.get(t)
            if data is not None:
                read[t], titled[t] = _unpack_list(data)
                continue
            raw = None
            if t in buckets and buckets[t] in found:
                if buckets[t] not in opened:
                    opened[buckets[t]] = _bucket_entries(found[buckets[t]])
                raw = opened[buckets[t]].get(t)
            read[t], titled[t] = _unpack_list(raw, compressed=False) if raw else ((), None)
        with _lock:
            for t in missing:
                snap.packed.put(t, read[t])
                if titled[t] is not None:
                    snap.titled.put(t, titled[t])
                data = found.get(BOUNDS + t)
                if data is not None:
                    snap.bounds.put(t, _unpack_bounds(data))
    out = {}
    reused = _reused(snap)
    for t in terms:
        packed = read[t]
        if t not in snap.delta and not reused:  # the packed list as it is
            out[t] = packed or (np.zeros(0, IDS), np.zeros(0), np.zeros(0))
            continue
        with _lock:  # with the generation's delta: merged once, kept
            hit = _derived(snap).get(t)
        if hit is None:
            hit = _merged(snap, packed, t)
            with _lock:
                _derived(snap).put(t, hit)
        out[t] = hit
    return out


class Stale(Exception):  # noqa: N818 — what happened, not an error
    """The lists were built again since the snapshot a search runs on was read (or, for a
    search that did not ask first, the generation moved on): the search starts again."""


def _read(snap: Snapshot, terms: list[str]) -> dict[str, bytes]:
    """The stored rows of ``terms`` (term -> data), with the build number in the same
    statement: the rows of another build than the snapshot's are never taken for its lists
    (``Stale``; a search that did not ask for the state first learns of a new build here).
    PostgreSQL sends them in binary: a bytea's text form is hex, twice the bytes to send and
    then to decode (a common word's list is about 1 MB at 1,000,000 documents; 2.5 times the
    CPU, 100,399 documents)."""
    rows = _rows(
        "SELECT s.built, s.generation, p.term, p.data FROM search_postingstate s "
        "LEFT JOIN search_posting p ON p.term {} WHERE s.id = 1",
        terms,
    )
    if not rows or rows[0][0] != snap.built:
        _supersede(snap)
        raise Stale
    if rows[0][1] != snap.generation:  # (the same build's lists: still the snapshot's)
        _supersede(snap)
    return {term: bytes(data) for _built, _generation, term, data in rows if term is not None}


def _fetch(terms: list[str]) -> dict[str, bytes]:
    """The packed rows of ``terms`` (those that exist), in one statement; binary on PostgreSQL
    (``_read``)."""
    rows = _rows("SELECT term, data FROM search_posting WHERE term {}", terms)
    return {t: bytes(data) for t, data in rows}


def _rows(sql: str, terms: list[str]) -> list[tuple]:
    """The rows of ``sql`` whose ``{}`` is the condition on the terms: ``= ANY(%s)`` sent in
    binary on PostgreSQL (``_binary``), ``IN (%s, …)`` elsewhere."""
    if connection.vendor == "postgresql" and _psycopg3():
        return _binary(sql.format("= ANY(%s)"), [terms])
    marks = ", ".join(["%s"] * len(terms))
    with connection.cursor() as cur:
        cur.execute(sql.format(f"IN ({marks})"), terms)
        return cur.fetchall()


def _binary(sql: str, params: list) -> list[tuple]:
    """The rows of ``sql`` sent by psycopg in binary (a bytea as its bytes, not hex), past
    Django's cursor; logged as Django logs its own statements when it does (``DEBUG``, the
    tests' ``CaptureQueriesContext``), so that no statement goes unseen."""
    import psycopg

    started = time.perf_counter()
    with connection.cursor() as cur, psycopg.Cursor(cur.cursor.connection) as raw:
        raw.execute(sql, params, binary=True)
        rows = raw.fetchall()
    if connection.queries_logged:
        shown = sql.replace("%s", "{!r}").format(*params)
        connection.queries_log.append(
            {"sql": shown, "time": f"{time.perf_counter() - started:.3f}"}
        )
    return rows


def _psycopg3() -> bool:
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    return is_psycopg3


def _supersede(snap: Snapshot) -> None:
    """A statement found the lists' state past ``snap``'s: no search starts on it unchecked
    any more (``cached``), and one running on it unchecked stops at its next check
    (``Engine.stats``, ``Engine.confirm``)."""
    snap.superseded = True


def _derived(snap: Snapshot) -> _Bounded:
    """The lists of this generation that its delta changes (``postings``)."""
    found = snap.derived
    if found is None:
        found = snap.derived = _Bounded(LIST_BYTES >> 1, _list_bytes)
    return found


def _merged(snap: Snapshot, packed: tuple, t: str) -> tuple[np.ndarray, ...]:
    """A packed list with the delta's documents (by ascending id); less the deleted ones when
    an id of theirs is a delta document's (``_reused``)."""
    parts = []
    if packed:  # (an empty tuple: no such list)
        ids, tt, f = packed
        if _reused(snap):
            keep = ~snap.deleted[ids]
            ids, tt, f = ids[keep], tt[keep], f[keep]
        parts.append((ids, tt, f))
    if t in snap.delta:
        parts.append(snap.delta[t])
    if not parts:
        return (np.zeros(0, IDS), np.zeros(0), np.zeros(0))
    if len(parts) == 1:
        return parts[0]
    # by ascending id, as a packed list: the delta's documents (never in the packed lists)
    # inserted where they come between
    (ids, tt, f), (dids, dtt, df) = parts
    if len(dtt) and dtt.max() <= np.iinfo(tt.dtype).max:  # the packed type, if it holds the
        dtt = dtt.astype(tt.dtype)  # delta's counts (the list stays as small)
    else:
        tt = tt.astype(np.result_type(tt, dtt))
    if not len(ids) or dids[0] > ids[-1]:  # (nearly always: documents written since the pack
        # have higher ids) appended, at a twentieth of ``np.insert``'s cost
        return (np.concatenate((ids, dids)), np.concatenate((tt, dtt)), np.concatenate((f, df)))
    at = np.searchsorted(ids, dids)
    f = f.astype(np.result_type(f, df))  # (``np.insert`` casts to the array's type)
    return (np.insert(ids, at, dids), np.insert(tt, at, dtt), np.insert(f, at, df))


def _frequencies(snap: Snapshot, lists: tuple[np.ndarray, ...]) -> tuple[int, int]:
    """The documents of a list (``postings``) and those holding it in the title, the deleted
    ones not counted."""
    ids, tt, _f = lists
    if _any_deleted(snap) and not _reused(snap):  # (else deleted ones were taken out)
        keep = ~snap.deleted[ids]
        return int(np.count_nonzero(keep)), int(np.count_nonzero(tt[keep]))
    return len(ids), int(np.count_nonzero(tt))


def _holders(snap: Snapshot, term: str, lists: tuple[np.ndarray, ...]) -> int:
    """The documents of ``term``'s list (``lists``): those ``stats`` counted, else counted."""
    known = snap.df
    found = known.get(term) if known is not None else None
    return found[0] if found is not None else _frequencies(snap, lists)[0]


def _reused(snap: Snapshot) -> bool:
    """Whether a deleted document's id is a document's again (ids are not reused, but a
    table remade may start again below a deleted id): the lists then leave the deleted out."""
    found = snap.reused
    if found is None:
        found = snap.reused = bool((snap.deleted & snap.exists).any())
    return found


def _any_deleted(snap: Snapshot) -> bool:
    found = snap.any_deleted
    if found is None:
        found = snap.any_deleted = bool(snap.deleted.any())
    return found


def stats(snap: Snapshot, words: list[str], pairs: list[tuple[str, str]] = ()) -> matching.Stats:
    """Document count, average length and the document frequencies of each word (in all and
    in titles) and pair (kept for the snapshot: with deletions, counting a word's documents
    reads its whole list)."""
    known = snap.df
    if known is None:
        known = snap.df = {}
    terms = [*dict.fromkeys(words), *dict.fromkeys(pair_term(p) for p in pairs)]
    missing = [t for t in terms if t not in known]
    if missing:
        lists = postings(snap, missing)
        with _lock:
            if len(known) > CACHE_TERMS:
                known.clear()
            for t in missing:  # (documents, documents holding it in the title)
                known[t] = _frequencies(snap, lists[t])
    df = {w: known[w][0] for w in words if known[w][0]}
    title_df = {w: known[w][1] for w in words if known[w][1]}
    pair_df = {p: n for p in pairs if (n := known[pair_term(p)][0])}
    return matching.Stats(snap.documents, snap.average, df, title_df, pair_df)


TERM_SCORES = 4_000_000  # a word's score in each of its documents, kept for this many in all
# (generation key, word) -> (ids, BM25 in each), weighed by its documents
_term_scores = _Bounded(TERM_SCORES, lambda scores: len(scores[0]))


def _denominators(snap: Snapshot) -> np.ndarray:
    """Each document's k1 x (1 - b + b x length / average), the part of BM25's denominator
    that is not the word's: computed once per snapshot."""
    cached = snap.denominators
    if cached is None:
        k1, b = matching.K1, matching.B
        cached = k1 * (1 - b + b * snap.length / snap.average)
        snap.denominators = cached
    return cached


def _term_score(snap: Snapshot, term: str) -> tuple[np.ndarray, np.ndarray]:
    """One word's BM25 in each of its documents (FTS5's bm25() of one phrase); the same
    operations, element by element, as the formula written out, so the same figures."""
    key = (snap.built, snap.generation, term)
    with _lock:
        hit = _term_scores.get(key)
    if hit is not None:
        return hit
    ids, tt, f = postings(snap, [term])[term]
    idf = matching.idf(snap.documents, _holders(snap, term, (ids, tt, f)))
    # idf x (f x (k1 + 1)) / (f + denominator), the same operations on the same operands,
    # in one compiled pass over the list
    contribution = _k().term_score(ids, f, _denominators(snap), idf, matching.K1 + 1.0)
    with _lock:
        _term_scores.put(key, (ids, contribution))
    return ids, contribution


def _ids_mask(snap: Snapshot, ids: list[int]) -> np.ndarray:
    mask = np.zeros(snap.size, bool)
    a = np.array([i for i in ids if 0 <= i < snap.size], np.int64)
    if len(a):
        mask[a] = True
    return mask


def _sql_ids(sql: str, params: list) -> list[int]:
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return [row[0] for row in cur.fetchall()]


def visible(
    snap: Snapshot, filters: Filters | None, vis: Visibility, with_kind: bool = True
) -> np.ndarray:
    """The documents the user may see that pass the filters (``where_sql`` as a mask)."""
    mask = snap.exists.copy()
    if not vis.everything:
        allowed = snap.public.copy()
        if vis.localities:
            marks = ", ".join(["%s"] * len(vis.localities))
            allowed |= _ids_mask(
                snap,
                _sql_ids(
                    "SELECT document_id FROM search_documentreader "  # noqa: S608
                    f"WHERE locality_id IN ({marks})",
                    sorted(vis.localities),
                ),
            )
        mask &= allowed
    if filters is not None:
        if with_kind and filters.kind:
            code = snap.kinds.index(filters.kind) if filters.kind in snap.kinds else -2
            mask &= snap.kind == code
        if filters.locality is not None:
            mask &= _ids_mask(
                snap,
                _sql_ids(
                    "SELECT document_id FROM search_documentlocality WHERE locality_id = %s",
                    [filters.locality],
                ),
            )
        if filters.field is not None:
            mask &= _ids_mask(
                snap,
                _sql_ids(
                    "SELECT document_id FROM search_documentfield WHERE field_id = %s",
                    [filters.field],
                ),
            )
        if filters.date_from is not None:
            mask &= (snap.date > 0) & (snap.date >= filters.date_from.toordinal())
        if filters.date_to is not None:
            mask &= (snap.date > 0) & (snap.date <= filters.date_to.toordinal())
    return mask


def matches(snap: Snapshot, plan: matching.Plan, backend: Any) -> np.ndarray:
    """The documents of the plan's level: ``need`` of its words, and every quoted phrase."""
    mask = _holding(snap, plan.terms, plan.need) if plan.terms else snap.exists.copy()
    for phrase in plan.phrases:
        mask &= _phrase(snap, phrase, backend)
    return mask


def _phrase(snap: Snapshot, words: list[str], backend: Any) -> np.ndarray:
    """The documents holding a quoted phrase's folded words side by side, in the title or in
    the body (a mask, kept for the generation). Two words: their pair's list, no query. More:
    the documents holding each of its pairs (a superset), proven by the counts, else (three
    words) in its list of the unproven or (more) checked by the backend's index
    (``_phrase_checked``). A phrase with a pair too long for the lists: the
    index alone. Where the index and the text differ (PostgreSQL's limits, ``_beyond_index``)
    the text is right: what the pairs' lists and FTS5 hold."""
    key = (snap.built, snap.generation, "phrase", tuple(words))
    with _lock:
        found = _accumulated.get(key)
    if found is not None:
        return found
    terms = [pair_term(p) for p in zip(words, words[1:], strict=False)]
    if any(len(t) > MAX_TERM for t in terms):
        found = _ids_mask(snap, backend.phrase_ids(words))
    else:
        also = [*words[1:-1], *_listing(words)]  # (what ``_phrase_checked`` reads: one statement)
        lists = postings(snap, [*terms, *(also if len(words) > 2 else [])])
        ids = None
        for t in sorted(dict.fromkeys(terms), key=lambda t: len(lists[t][0])):
            held = lists[t][0]
            ids = held if ids is None else ids[_found_in(held, ids)[0]]
        ids = ids[snap.exists[ids]]  # a deleted document stays in the lists until the next pack
        if len(words) > 2 and len(ids):
            ids = _phrase_checked(snap, words, ids, backend)
        found = np.zeros(snap.size, bool)
        found[ids] = True
    with _lock:
        _accumulated[key] = found
    return found


def _phrase_checked(snap: Snapshot, words: list[str], ids: np.ndarray, backend: Any) -> np.ndarray:
    """Those of ``ids`` (documents holding each pair of a phrase of three words or more) that
    hold the whole phrase: sure from the counts (``_phrase_counted``), else, for three words,
    in the list of the documents holding it unproven (``unproven_term``: every document packed
    or written since that list exists is in ``LISTED``), else asked of the backend's index
    (``phrase_ids`` with the candidates: PostgreSQL reads them by key, SQLite runs the phrase
    query once), or read from the text (``_phrase_in_texts``) where that index's positions
    are not exact (``_beyond_index``)."""
    sure = _phrase_counted(snap, words, ids)
    out = [ids[sure]]
    rest = ids[~sure]
    listing = _listing(words)
    if len(rest) and listing:
        # the documents whose unproven phrases are listed: those holding this one are in its
        # list, the others do not hold it; the rest (packed before the listing) are asked
        lists = postings(snap, listing)
        listed = _found_in(lists[LISTED][0], rest)[0]
        out.append(rest[listed & _found_in(lists[listing[0]][0], rest)[0]])
        rest = rest[~listed]
    if len(rest):
        from_text = _beyond_index(snap, words, rest, backend)
        if not from_text.all():
            out.append(np.array(backend.phrase_ids(words, ids=rest[~from_text].tolist()), np.int64))
        if from_text.any():
            out.append(np.array(_phrase_in_texts(words, rest[from_text].tolist()), np.int64))
    return np.sort(np.concatenate(out))


def _listing(words: list[str]) -> list[str]:
    """The lists that decide a phrase's candidates the counts leave unproven: for three words,
    their ``unproven_term`` and ``LISTED``; none for more words (or too long a term)."""
    term = unproven_term(words)
    return [term, LISTED] if len(words) == 3 and len(term) <= MAX_TERM else []


def _phrase_counted(snap: Snapshot, words: list[str], ids: np.ndarray) -> np.ndarray:
    """Which of ``ids`` (each holding every pair of the phrase) hold the phrase, as the counts
    alone prove it, in the title, in the body or anywhere. Three words a b c: if the pairs
    "a b" and "b c" occur more often there than b, one b is in both, so "a b c" is there (each
    pair's occurrence has its own b; pairs never run from the title into the body). Longer
    phrases: every inner word occurs once there, so the pairs run through it. Counts that may
    have been cut when packed (``COUNT_CAP``) prove nothing; a pair's are lower bounds. The
    rest is unproven, not absent."""
    terms = [pair_term(p) for p in zip(words, words[1:], strict=False)]
    inner = words[1:-1]
    lists = postings(snap, [*dict.fromkeys(inner), *dict.fromkeys(terms)])

    def counts(term: str) -> tuple[np.ndarray, np.ndarray]:
        held, tt, f = lists[term]
        inside, at = _found_in(held, ids)
        if not len(held):
            return np.zeros(len(ids)), np.zeros(len(ids))
        title = np.where(inside, tt[at], 0).astype(np.float64)
        return title, np.where(inside, _occurrences(title, f[at]), 0.0)

    pairs = []
    for t in terms:
        title, every = counts(t)
        # lists packed before pairs kept their count in all hold 0 there: at least one
        # anywhere, and in the body where none is in the title
        before = every == 0
        pairs.append(
            {
                "title": title,
                "all": np.where(before, np.maximum(title, 1.0), every),
                "body": np.where(before, 1.0 * (title == 0), every - title),
            }
        )
    known = np.ones(len(ids), bool)
    fields = []
    for w in inner:
        title, every = counts(w)
        known &= (title < COUNT_CAP) & (every < COUNT_CAP)
        fields.append({"title": title, "all": every, "body": every - title})
    sure = np.zeros(len(ids), bool)
    for where in ("title", "body", "all"):
        if len(words) == 3:
            sure |= pairs[0][where] + pairs[1][where] > fields[0][where]
        else:
            once = np.ones(len(ids), bool)
            for c in fields:
                once &= c[where] == 1
            for c in pairs:
                once &= c[where] >= 1
            sure |= once
    return sure & known


def _beyond_index(snap: Snapshot, words: list[str], ids: np.ndarray, backend: Any) -> np.ndarray:
    """Which of ``ids`` the backend's index cannot check exactly (``phrase_limits``): on
    PostgreSQL a tsvector caps positions (a document's words after 16,383 all share the last:
    a phrase there is missed, or found where its words are not side by side) and keeps 255 of
    a word (a phrase after them is missed)."""
    out = np.zeros(len(ids), bool)
    limits = backend.phrase_limits
    if limits is None:
        return out
    positions, occurrences, chars = limits
    if any(len(w) > chars for w in words):  # such a word has no position in that index
        out[:] = True
        return out
    out |= snap.length[ids] > positions
    # only a document longer than ``occurrences`` can hold a word more often
    longer = np.flatnonzero(~out & (snap.length[ids] > occurrences))
    if len(longer):
        wanted = list(dict.fromkeys(words))
        lists = postings(snap, wanted)
        for w in wanted:
            held, tt, f = lists[w]
            if not len(held):
                continue
            inside, at = _found_in(held, ids[longer])
            every = _occurrences(tt[at], f[at])
            out[longer[inside & (every > occurrences)]] = True
    return out


def _found_in(held: np.ndarray, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Whether each of ``ids`` is in the sorted ``held``, and where (a valid index of ``held``
    when it is)."""
    if not len(held):
        return np.zeros(len(ids), bool), np.zeros(len(ids), np.intp)
    at = np.minimum(np.searchsorted(held, ids.astype(held.dtype, copy=False)), len(held) - 1)
    # (in the list's own type: numpy would otherwise widen the whole list to search it)
    return held[at] == ids, at


def _phrase_in_texts(words: list[str], ids: list[int]) -> list[int]:
    """Those of ``ids`` whose indexed words (``document_text``, what the lists are made of)
    hold ``words`` side by side in the title or in the body."""
    out = []
    n = len(words)
    for start in range(0, len(ids), 500):
        rows = Document.objects.filter(pk__in=ids[start : start + 500]).values_list(
            "pk", "title", "body", "title_en", "body_en"
        )
        for pk, *texts in rows:
            t = document_text(*texts)
            for seq in (t.title_folded, t.body_folded):
                if any(w == words[0] and seq[i : i + n] == words for i, w in enumerate(seq)):
                    out.append(pk)
                    break
    return out


def count(
    snap: Snapshot,
    backend: Any,
    plan: matching.Plan,
    filters: Filters,
    vis: Visibility,
    with_kind: bool = False,
    mask: np.ndarray | None = None,
) -> dict[str, int]:
    """Exact counts per kind (no cap needed: counting is a bincount) of ``mask``, the plan's
    matches the user may see (computed when not given)."""
    if mask is None:
        mask = matches(snap, plan, backend) & visible(snap, filters, vis, with_kind=with_kind)
    return _per_kind(snap, mask)


def _per_kind(snap: Snapshot, mask: np.ndarray) -> dict[str, int]:
    """The documents of ``mask`` per kind: all of them counted at once, the documents of the
    other kinds than the commonest one counted by kind, the rest are of the commonest."""
    total = int(np.count_nonzero(mask))
    if not total:
        return {}
    common, others = _kind_split(snap)
    counts = np.bincount(_kind_index(snap)[others[mask[others]]], minlength=len(snap.kinds) + 1)
    counts[common] += total - int(counts.sum())
    return {snap.kinds[i]: int(n) for i, n in enumerate(counts[1:]) if n}


def _kind_split(snap: Snapshot) -> tuple[int, np.ndarray]:
    """The commonest kind's index (``_kind_index``) and the ids of every other document,
    whatever its kind (none included): per snapshot."""
    cached = snap.kind_split
    if cached is None:
        index = _kind_index(snap)
        per = np.bincount(index[snap.exists], minlength=len(snap.kinds) + 1)
        common = int(np.argmax(per[1:])) + 1 if len(per) > 1 else 0
        cached = snap.kind_split = (common, np.flatnonzero(index != common))
    return cached


def _kind_index(snap: Snapshot) -> np.ndarray:
    """Each document's kind code + 1 (0: none), for ``np.bincount``: per snapshot."""
    cached = snap.kind_index
    if cached is None:
        cached = snap.kind_index = (snap.kind + 1).astype(np.intp)
    return cached


def _masks(snap: Snapshot, word: str) -> np.ndarray:
    """A byte per document: ``ANYWHERE`` if it holds ``word``, ``IN_TITLE`` if in its title.
    Kept, the most recently used first, up to ``MASK_BYTES`` (the common words, which cost
    the most to spread, are the ones asked again)."""
    key = (snap.built, snap.generation, word)
    with _lock:
        hit = _masks_cache.get(key)
    if hit is not None:
        return hit
    ids, tt, _f = postings(snap, [word])[word]
    at = _title_places(snap, word)
    if at is not None:  # the few title documents' places known: no look at the counts
        mask = _k().masks_at(ids, at, snap.size)
    else:
        mask = _k().masks(ids, tt, snap.size)
    with _lock:
        _masks_cache.put(key, mask)
    return mask


def _anywhere(snap: Snapshot, word: str) -> np.ndarray:
    """A bool per document: it holds ``word`` (a view of the word's kept mask)."""
    return (_masks(snap, word) & ANYWHERE).view(bool)


def _holding(snap: Snapshot, terms: list[str], need: int) -> np.ndarray:
    """The documents holding at least ``need`` (at least one) of ``terms``: the words' kept
    masks combined, nothing scored."""
    need = max(need, 1)
    if need == 1 or need >= len(terms):  # the bytes combined, then their ANYWHERE bit (the
        combined = _masks(snap, terms[0]).copy()  # IN_TITLE bit never comes without it)
        for t in terms[1:]:
            if need == 1:
                combined |= _masks(snap, t)
            else:
                combined &= _masks(snap, t)
        return np.bitwise_and(combined, ANYWHERE, out=combined).view(bool)
    held = np.zeros(snap.size, np.uint8 if len(terms) < 256 else np.int32)
    for t in terms:
        _k().count_held(held, _masks(snap, t))  # (held += mask & ANYWHERE, one pass)
    return held >= need


BLOCK_SHIFT = 3  # block-max bounds per block of 8 document ids (2**3)
BLOCK_ITEMS = 8_000_000  # parts' bounds per block, kept per process (blocks in all)
# (generation key, what, term) -> (blocks, value in each) (``_block_part``); blocks None: a
# value for every block (a common word's)
_block_cache = _Bounded(BLOCK_ITEMS, lambda part: len(part[1]))
DENSE_BLOCKS = 4  # a part held by more than 1 / this many of the blocks has a value for each


def _blocks(snap: Snapshot) -> int:
    return (snap.size >> BLOCK_SHIFT) + 1


def _block_max(
    snap: Snapshot, ids: np.ndarray, values: np.ndarray | None
) -> tuple[np.ndarray | None, np.ndarray]:
    """The blocks of document ids that ``ids`` (ascending) fall in, and the highest of
    ``values`` (one per document; 1.0 when None) in each; for a long list, the highest in
    every block (0.0 where it is not), the blocks None."""
    n = _blocks(snap)
    if not len(ids):
        return np.zeros(0, np.int64), np.zeros(0)
    if len(ids) > n:  # long (most blocks): the highest in every block (0.0 where none is:
        # the values are not negative)
        if values is None:
            return None, _k().block_any(ids, n, BLOCK_SHIFT)
        return None, _k().block_max(ids, values, n, BLOCK_SHIFT)
    if values is None:
        blocks = _k().block_starts(ids, BLOCK_SHIFT)
        return blocks, np.ones(len(blocks))
    return _k().block_runs(ids, values, BLOCK_SHIFT)


def _add(bound: np.ndarray, part: tuple[np.ndarray | None, np.ndarray], weight: float = 1.0):
    """``bound`` plus a part's values times ``weight`` (each block once)."""
    blocks, values = part
    if blocks is None:
        _k().add_scaled(bound, values, weight)
    else:
        _k().add_scaled_at(bound, blocks, values, weight)


def _block_part(snap: Snapshot, what: str, term: str) -> tuple[np.ndarray | None, np.ndarray]:
    """The blocks where ``term`` is, with the most a document of the block gets from it:
    ``bm25`` its BM25; ``title`` 1 / the title's normalisation (the title-word signal's
    divisor) where it is in the title; ``any`` 1.0, ``in_title`` 1.0 where it is in the title
    (times a signal's weight). Kept, the most recently used first."""
    key = (snap.built, snap.generation, what, term)
    with _lock:
        hit = _block_cache.get(key)
    if hit is not None:
        return hit
    if what == "bm25":
        out = _stored_bounds(snap, term)
        if out is None:
            out = _block_max(snap, *_term_score(snap, term))
    else:
        ids, tt, _f = postings(snap, [term])[term]
        values = None
        if what in ("title", "in_title"):
            ids, norm = _title_docs(snap, term)
            if what == "title":
                values = 1.0 / norm
        out = _block_max(snap, ids, values)
    with _lock:
        _block_cache.put(key, out)
    return out


def _stored_bounds(snap: Snapshot, term: str) -> tuple[None, np.ndarray] | None:
    """A long word's BM25 bound in every block from its bounds stored when packed (the idf
    times the stored part), else None (computed from the list). Written and deleted documents
    since the pack (the delta) leave them bounds: a deleted document's bound is still one, the
    packed documents' lengths are the same, a higher average length raises their part by at
    most its ratio to the pack's (the part is scaled by it), and the delta's documents, after
    the packed ones, are added from their scores. Not when a deleted id is a document's again
    (``_reused``), or the delta's documents come before a packed one."""
    if _reused(snap):
        return None
    with _lock:
        kept = snap.bounds.get(term)
    if kept is None:
        return None
    steps, (average, _documents, blocks) = kept
    blocks, n = int(blocks), _blocks(snap)
    if blocks > n:
        return None
    ids, tt, f = postings(snap, [term])[term]
    added = snap.delta.get(term)
    late = 0 if added is None else len(added[0])  # the delta's documents, the list's last
    if late and ids[len(ids) - late] != added[0][0]:
        return None  # (one before a packed one: the list's last are not all the delta's)
    idf = matching.idf(snap.documents, _holders(snap, term, (ids, tt, f)))
    scale = idf * (matching.K1 + 1.0) / BOUND_STEPS
    if snap.average > average:
        scale *= snap.average / average
    if blocks == n and not late:
        return None, steps * scale
    out = np.zeros(n)
    out[:blocks] = steps * scale
    if late:
        _ids, contribution = _term_score(snap, term)
        where, highest = _block_max(snap, added[0], contribution[len(ids) - late :])
        if where is None:
            np.maximum(out, highest, out=out)
        else:
            out[where] = np.maximum(out[where], highest)
    return None, out


def _title_norm(snap: Snapshot) -> np.ndarray:
    """Each document's title normalisation (the title-word signal's divisor): per snapshot."""
    cached = snap.title_norm
    if cached is None:
        b = matching.B
        cached = 1.0 - b + b * snap.title_length / matching.TITLE_AVERAGE
        snap.title_norm = cached
    return cached


def _block_bounds(snap: Snapshot, plan: matching.Plan) -> np.ndarray:
    """Per block of document ids, the most a document of the block can score (block-max): its
    words' highest BM25 in the block, and each signal's weight where the block holds what the
    signal needs (the title-word signal over the block's shortest title holding the word).
    A word's parts (its BM25, its title-word and accent signals) and a pair's (side by side,
    in the title) are summed once and kept together."""
    from hoptac.core.text import fold

    groups: dict[tuple, list] = {("bm25", t): [] for t in plan.terms}
    bound = _scratch_zeros("bound", _blocks(snap))  # (``_top``'s only while it runs)
    for bonus in plan.bonuses:
        if bonus.kind in ("pair", "title_pair"):  # mostly short lists: each block they hold
            term = pair_term(bonus.words)
            what = "in_title" if bonus.kind == "title_pair" else "any"
            ids, tt, _f = postings(snap, [term])[term]
            if len(ids) > SHORT:
                _add(bound, _block_part(snap, what, term), bonus.weight)
                continue
            blocks = (ids[tt > 0] if what == "in_title" else ids) >> BLOCK_SHIFT
            if len(blocks):  # each block once; the pairs' weights added in the plan's order,
                # before any other part, as one ``bincount`` of them all added them
                blocks = blocks[np.concatenate(([True], blocks[1:] != blocks[:-1]))]
                _k().add_weight(bound, blocks, bonus.weight)
            continue
        owner = ("bm25", bonus.words[0] if bonus.kind == "title_word" else fold(bonus.words[0]))
        if owner not in groups:  # (a word not scored: on its own)
            owner = ("lone", bonus.kind, bonus.words)
        groups.setdefault(owner, []).append(bonus)
    for owner, bonuses in groups.items():
        _add(bound, _block_group(snap, owner, bonuses))
    return bound


SHORT = 4000  # a pair's list at most this long is spread on the blocks at each search


def _block_group(
    snap: Snapshot, owner: tuple, bonuses: list[matching.Bonus]
) -> tuple[np.ndarray | None, np.ndarray]:
    """The blocks and bounds of one group of ``_block_bounds`` (a word with its signals, a
    pair with its two, or a lone signal): kept, the most recently used first."""
    parts: list[tuple[str, str, float]] = []
    if owner[0] == "bm25":
        parts.append(("bm25", owner[1], 1.0))
    for bonus in bonuses:
        if bonus.kind == "accent":
            parts.append(("any", bonus.words[0], bonus.weight))
        elif bonus.kind == "title_word":
            parts.append(("title", bonus.words[0], bonus.weight))
        elif bonus.kind == "title_pair":
            parts.append(("in_title", pair_term(bonus.words), bonus.weight))
        else:
            parts.append(("any", pair_term(bonus.words), bonus.weight))
    if len(parts) == 1 and parts[0][2] == 1.0:
        return _block_part(snap, parts[0][0], parts[0][1])
    key = (snap.built, snap.generation, "group", tuple(parts))
    with _lock:
        hit = _block_cache.get(key)
    if hit is not None:
        return hit
    total = np.zeros(_blocks(snap))
    for what, term, weight in parts:
        _add(total, _block_part(snap, what, term), weight)
    held = _k().count_nonzero(total)  # (the blocks only picked when they are few)
    out = (None, total) if held * DENSE_BLOCKS > len(total) else _k().nonzero(total, held)
    with _lock:
        _block_cache.put(key, out)
    return out


PRUNE_FIRST = 512  # documents of the blocks of highest bound, whose words give the floor
PRUNE_MANY = 100_000  # ... unless two words or more match this many documents (``_many``)
REACH_MOST = 2  # ... and more than 1 / this many of its matching blocks reach the floor: all scored
PRUNE_TERMS = 4  # fewer words (keywords): every match scored (the bounds cost what they save)
MARGIN = 1e-6  # float noise between a sum of bounds and a score summed in another order
LIGHT_SHIFT = 3  # a signal held by at most 1 / 2**this of the document ids is added per document
LIGHT_WEIGHT = 1.0  # ... when it weighs this much (a lighter one: by at most 1 / 2**the next)
LIGHT_SHORT_SHIFT = 5


def _top(
    snap: Snapshot, plan: matching.Plan, allowed: np.ndarray, limit: int, offset: int
) -> tuple[list[tuple[int, float]], int]:
    """The page among ``allowed`` (matching, visible), exact, and how many documents were
    scored in full for it. A document's score is bounded by its block's bound of the words'
    BM25 and of the signals held by many documents (block-max), plus its own sum of the signals
    held by few (``_light``: a pair side by side, a word in a title, where the big weights
    are). In the blocks of highest bound, the documents' words' BM25 plus their light signals
    (no signal is negative: at most their scores) give a floor, the ``need``-th highest of them:
    the page cannot end lower. Only the documents whose own bound reaches it are scored."""
    need = offset + limit
    if need <= 0 or len(plan.terms) < PRUNE_TERMS and not _many(plan, allowed):
        ids = np.flatnonzero(allowed)
        return _ranked(snap, plan, ids, limit, offset), len(ids)
    shift = BLOCK_SHIFT
    blocks = (snap.size >> shift) + 1
    padded = _scratch_zeros("padded", blocks << shift, bool)  # (fresh pages cost more than
    padded[: snap.size] = allowed  # zeroing these: ``_scratch_zeros``)
    rows = padded.reshape(blocks, 1 << shift)
    # the blocks holding a document that matches: a block's bytes read as one number
    some = np.flatnonzero(padded.view(f"u{1 << shift}"))
    first = max(PRUNE_FIRST, need)
    if len(some) * 2 <= first >> shift:  # a few: all scored
        ids = np.flatnonzero(allowed)
        return _ranked(snap, plan, ids, limit, offset), len(ids)
    light, heavy = _light(snap, plan, blocks << shift)
    bound = _block_bounds(
        snap, matching.Plan(plan.terms, plan.phrases, plan.need, heavy, plan.stats, plan.typed)
    )
    # a block's bound: the words' and heavy signals' (``bound``) and its highest light sum
    upper = _k().block_upper(bound, light, shift, _scratch_empty("upper", len(bound)))
    # (bound + the first's) + the highest of the rest
    # the blocks of highest bound, at least ``first`` documents
    k = max(1, (first << 1) >> shift)
    while True:
        k = min(k, len(some))
        best = some[np.argpartition(-upper[some], k - 1)[:k]] if k < len(some) else some
        if k == len(some) or int(rows[best].sum()) >= first:
            break
        k *= 4
    if k == len(some):  # every block: every document scored
        ids = np.flatnonzero(allowed)
        return _ranked(snap, plan, ids, limit, offset), len(ids)
    # their scores' lower bounds (the words' BM25 and the light signals: no signal is
    # negative), the ``need``-th highest a floor: the page cannot end lower
    seen = _in_blocks(padded, np.sort(best))
    words = _scored(snap, _words_only(plan), seen)
    lower = words + light[seen]
    floor = float(np.partition(lower, len(lower) - need)[len(lower) - need]) - MARGIN
    # only the documents whose own bound reaches it can be on the page: scored, their words'
    # BM25 taken from the first ones' where they are among them (the same sums)
    reach = np.flatnonzero(upper >= floor)
    if len(plan.terms) < PRUNE_TERMS and len(reach) * REACH_MOST > len(some):
        # a keyword plan (``_many``) whose matching blocks mostly reach the floor (common
        # words): scoring every match costs less than picking them out
        ids = np.flatnonzero(allowed)
        return _ranked(snap, plan, ids, limit, offset), len(ids)
    ids = _in_blocks(padded, reach)
    ids = ids[bound[ids >> shift] + light[ids] >= floor]
    known, at = _found_in(seen, ids)
    base = np.empty(len(ids))
    base[known] = words[at[known]]
    if not known.all():
        base[~known] = _scored(snap, _words_only(plan), ids[~known])
    return _page(ids, _scored(snap, plan, ids, base), offset, limit), len(ids)


def _many(plan: matching.Plan, allowed: np.ndarray) -> bool:
    """Whether a plan of fewer than ``PRUNE_TERMS`` words is pruned all the same: two words or
    more matching at least ``PRUNE_MANY`` documents (at 1,000,000 documents two or three common
    words match a few hundred thousand, and scoring them all was the keywords' tail; one word's
    blocks bound it too loosely to leave many out)."""
    return len(plan.terms) >= 2 and int(np.count_nonzero(allowed)) >= PRUNE_MANY


def _bonus_term(bonus: matching.Bonus) -> str:
    """The list a signal is read from: its pair's for a pair, else its word's."""
    return pair_term(bonus.words) if bonus.kind in ("pair", "title_pair") else bonus.words[0]


def _words_only(plan: matching.Plan) -> matching.Plan:
    """The plan without its signals: its words' BM25 only."""
    return matching.Plan(plan.terms, plan.phrases, plan.need, [], plan.stats, plan.typed)


def _light(
    snap: Snapshot, plan: matching.Plan, length: int
) -> tuple[np.ndarray, list[matching.Bonus]]:
    """Per document id (``length`` of them), the sum of the plan's signals held by few
    documents (at most 1 / 2 ** ``LIGHT_SHIFT`` of the ids, ``LIGHT_SHORT_SHIFT`` for a signal
    weighing less than ``LIGHT_WEIGHT``: their lists cost little to spread, a light weight
    little to bound per block); and the other signals (``_top`` bounds them per block)."""
    cap, short = snap.size >> LIGHT_SHIFT, snap.size >> LIGHT_SHORT_SHIFT
    light = _scratch_zeros("light", length)
    heavy: list[matching.Bonus] = []
    for bonus in plan.bonuses:
        term = _bonus_term(bonus)
        if bonus.kind in ("title_word", "title_pair"):
            docs, norm = _title_docs(snap, term)
        else:
            docs, norm = postings(snap, [term])[term][0], None
        if len(docs) > (cap if bonus.weight >= LIGHT_WEIGHT else short):
            heavy.append(bonus)
        elif bonus.kind == "title_word":  # (each document once in a list: no add is lost)
            _k().add_over(light, docs, bonus.weight, norm)
        else:
            _k().add_weight(light, docs, bonus.weight)
    return light, heavy


_scratch = threading.local()


def _scratch_zeros(name: str, length: int, dtype: Any = np.float64) -> np.ndarray:
    """``length`` zeros in this thread's scratch array ``name``, reused from one search to the
    next (for arrays that live only while ``_top`` runs): zeroing pages already held costs far
    less than the first touch of fresh ones (``_light``'s 8 MB at 1,000,000 documents: page
    faults of up to 50 ms a search on this machine)."""
    kept = getattr(_scratch, name, None)
    if kept is None or len(kept) != length or kept.dtype != dtype:
        kept = np.zeros(length, dtype)
        setattr(_scratch, name, kept)
    else:
        kept.fill(0)
    return kept


def _scratch_empty(name: str, length: int, dtype: Any = np.float64) -> np.ndarray:
    """This thread's scratch array ``name`` of ``length``, as it was left (``_scratch_zeros``
    without the zeros: for an array written whole before it is read)."""
    kept = getattr(_scratch, name, None)
    if kept is None or len(kept) != length or kept.dtype != dtype:
        kept = np.empty(length, dtype)
        setattr(_scratch, name, kept)
    return kept


def _title_docs(snap: Snapshot, term: str) -> tuple[np.ndarray, np.ndarray]:
    """The documents holding ``term`` in their title, with their titles' normalisation (the
    title-word signal's divisor): kept, the most recently used first."""
    key = (snap.built, snap.generation, "title_docs", term)
    with _lock:
        hit = _block_cache.get(key)
    if hit is not None:
        return hit
    ids, tt, _f = postings(snap, [term])[term]
    at = _title_places(snap, term)
    if at is None:
        out = _k().title_docs(ids, tt, _title_norm(snap))
    else:  # (the places stored: no pass over the list)
        out = _k().title_docs_at(ids, at, _title_norm(snap))
    with _lock:
        _block_cache.put(key, out)
    return out


def _title_places(snap: Snapshot, term: str) -> np.ndarray | None:
    """The places in ``term``'s list (as ``postings`` gives it, read before) of the documents
    holding it in the title, when the list was packed with them (``SPARSE``) and is read as
    packed (no delta in it), else None."""
    if term in snap.delta or _reused(snap):
        return None
    with _lock:
        return snap.titled.get(term)


def _in_blocks(padded: np.ndarray, blocks: np.ndarray) -> np.ndarray:
    """The documents of ``padded`` (a bool per id, whole blocks) in ``blocks`` (ascending),
    ascending."""
    ids = ((blocks[:, None] << BLOCK_SHIFT) + np.arange(1 << BLOCK_SHIFT)).ravel()
    return ids[padded[ids]]


def rank(
    snap: Snapshot,
    backend: Any,
    plan: matching.Plan,
    filters: Filters,
    vis: Visibility,
    limit: int,
    offset: int,
    allowed: np.ndarray | None = None,
) -> list[tuple[int, float]]:
    """The page of ``backend.rank``, computed here: exact scores, the same order. Only the
    documents that can reach the page are scored (``_top``) among ``allowed``, the plan's
    matches the user may see (computed when not given)."""
    # the lists of the pairs and of the accented forms read at once (then kept): one
    # statement, not one per accented form when its bound is first asked
    lists = [_bonus_term(b) for b in plan.bonuses if b.kind != "title_word"]
    postings(snap, list(dict.fromkeys(lists)))
    if allowed is None:
        allowed = matches(snap, plan, backend) & visible(snap, filters, vis)
    return _top(snap, plan, allowed, limit, offset)[0]


def _ranked(
    snap: Snapshot, plan: matching.Plan, ids: np.ndarray, limit: int, offset: int
) -> list[tuple[int, float]]:
    """The page among the documents ``ids`` (sorted), by exact scores."""
    if not len(ids):
        return []
    return _page(ids, _scored(snap, plan, ids), offset, limit)


def _scored(
    snap: Snapshot, plan: matching.Plan, ids: np.ndarray, words: np.ndarray | None = None
) -> np.ndarray:
    """The exact scores of the documents ``ids`` (ascending): BM25, the words added in the
    plan's order as FTS5 adds them, then the signals in the plan's order as the SQL adds them
    (a word or signal a document lacks adds nothing: x + 0.0 is x, the same figures). Each
    list is met with the documents once, by the cheapest way its length allows. ``words``:
    the words' BM25 already summed (this plan's words only), then only the signals added."""
    n = len(ids)
    score = np.zeros(n) if words is None else words
    if not n:
        return score
    many = n > snap.size // 32  # many documents: common words' kept masks and scores
    met: dict[str, tuple] = {}
    kernels = _k()

    def meet(term: str) -> tuple:
        """(places in the list, places in ``ids``, title counts) of the documents in both,
        or (None, the word's kept mask over every document, None) for a long list."""
        found = met.get(term)
        if found is not None:
            return found
        holders, tt, _f = postings(snap, [term])[term]
        if len(holders) > (n // LOOKUP if many else LOOKUP * n):  # a long list: its kept mask
            found = (None, _masks(snap, term), None)
        else:  # a short list: its documents met with ``ids`` (both ascending)
            mine, theirs = kernels.meet(holders, ids)
            found = (mine, theirs, tt)
        met[term] = found
        return found

    for t in plan.terms if words is None else ():
        key = (snap.built, snap.generation, t)
        with _lock:
            kept = _term_scores.get(key)
        tids, tt, f = postings(snap, [t])[t] if kept is None else (kept[0], None, None)
        if not len(tids):
            continue
        if len(tids) > (n // LOOKUP if many else LOOKUP * n):  # a long list: the documents
            # found in it (a merge, or by bisection when they are few), its scores kept or
            # (never spread over every document: at 1,000,000 documents the fresh pages of
            # that array cost more than a merge)
            if kept is not None:
                kernels.add_found(score, ids, tids, kept[1])
            else:  # its BM25 computed for those found only (not the whole list first)
                idf = matching.idf(snap.documents, _holders(snap, t, (tids, tt, f)))
                kernels.add_found_score(
                    score, ids, tids, f, _denominators(snap), idf, matching.K1 + 1.0
                )
            continue
        _tids, contribution = kept if kept is not None else _term_score(snap, t)
        mine, theirs, _tt = meet(t)
        kernels.add_at(score, theirs, contribution, mine)
    for bonus in plan.bonuses:
        if bonus.kind in ("accent", "title_word"):
            term = bonus.words[0]
        else:
            term = pair_term(bonus.words)
        bit = IN_TITLE if bonus.kind in ("title_word", "title_pair") else ANYWHERE
        mine, theirs, tt = meet(term)
        norm = _title_norm(snap) if bonus.kind == "title_word" else None
        if mine is None:  # a long list: added to every document, w x (holds it) (w x 0.0 is
            if norm is None:  # 0.0), over its title's normalisation for a title word
                kernels.add_held(score, theirs, ids, bit, bonus.weight)
            else:
                kernels.add_held_over(score, theirs, ids, bit, bonus.weight, norm)
            continue
        places = theirs if bit == ANYWHERE else theirs[tt[mine] > 0]
        if norm is None:
            kernels.add_weight(score, places, bonus.weight)
        else:  # (+= w / the normalisation of the document at each place)
            kernels.add_over_at(score, places, bonus.weight, norm, ids)
    return score


LOOKUP = 8  # a list of at most this many times the documents scored (1 / this many when
# they are many) is looked up by id; a longer one is met through its kept mask, or its
# documents found in it (``add_found``)


def _page(ids: np.ndarray, scores: np.ndarray, offset: int, limit: int) -> list[tuple[int, float]]:
    """The page, by rounded score then id: only the documents that can be on it are sorted."""
    rounded = np.round(scores, matching.DECIMALS)
    need = min(offset + limit, len(ids))
    if need <= 0:
        return []
    if need < len(ids):
        threshold = np.partition(rounded, len(ids) - need)[len(ids) - need]
        keep = np.flatnonzero(rounded >= threshold)
        ids, scores, rounded = ids[keep], scores[keep], rounded[keep]
    order = np.lexsort((ids, -rounded))[offset : offset + limit]
    return [(int(ids[i]), float(scores[i])) for i in order]


class Engine:
    """The backend's reading methods answered from the lists (``stats``, ``count``, ``rank``),
    the rest left to the backend. One engine serves one search: the masks it combines (the
    plan's matches, what the user may see) are kept for its next question."""

    def __init__(self, backend: Any, snap: Snapshot, checked: bool = True) -> None:
        self.backend = backend
        self.snap = snap
        self.checked = checked  # False: a snapshot not asked for, checked by ``confirm``
        self._kept: dict[tuple, np.ndarray] = {}

    def stats(
        self, words: list[str], pairs: list[tuple[str, str]] = (), also: list[str] = ()
    ) -> matching.Stats:
        """``stats``; ``also``: lists the ranking reads next (the accented forms typed), read
        in the same statement as the words' and the pairs' when any is to be read."""
        if also:
            postings(self.snap, [*words, *(pair_term(p) for p in pairs), *also])
        found = stats(self.snap, words, pairs)
        if not self.checked and self.snap.superseded:  # a read found it stale: no ranking
            raise Stale
        return found

    def confirm(self, state: tuple[int, int] | None = None) -> None:
        """A search on a snapshot not asked for (``checked`` False) ends here: ``Stale``
        unless the lists' (build, generation), as its last statement read them (``state``),
        or asked now when not given, are still the snapshot's."""
        if self.checked:
            return
        if state is None:
            current = snapshot()
            state = None if current is None else (current.built, current.generation)
        if state != (self.snap.built, self.snap.generation):
            _supersede(self.snap)
            raise Stale

    def _allowed(self, plan, filters, vis, with_kind: bool) -> np.ndarray:  # noqa: ANN001
        """The plan's matches that the user may see and that pass the filters."""
        found = (tuple(plan.terms), plan.need, tuple(map(tuple, plan.phrases)))
        seen = (
            (filters.kind if with_kind else ""),
            filters.locality,
            filters.field,
            filters.date_from,
            filters.date_to,
            vis,
        )
        key = (found, seen)
        mask = self._kept.get(key)
        if mask is None:
            held = self._kept.get(found)
            if held is None:
                held = self._kept[found] = matches(self.snap, plan, self.backend)
            shown = self._kept.get(seen)
            if shown is None:
                shown = self._kept[seen] = visible(self.snap, filters, vis, with_kind=with_kind)
            mask = self._kept[key] = held & shown
        return mask

    def count(self, plan, filters, vis, cap, with_kind=False) -> dict[str, int]:  # noqa: ANN001
        mask = self._allowed(plan, filters, vis, with_kind)
        return count(self.snap, self.backend, plan, filters, vis, with_kind, mask)

    def rank(self, plan, filters, vis, limit, offset) -> list[tuple[int, float]]:  # noqa: ANN001
        mask = self._allowed(plan, filters, vis, True)
        return rank(self.snap, self.backend, plan, filters, vis, limit, offset, mask)


def engine(backend: Any, check: bool = True) -> Any:
    """The lists' engine when they are enabled and built, else the backend itself (SQL).
    ``check`` False: on the snapshot this process read last (``cached``) without asking
    whether it is current, one statement fewer; the search confirms it at its end
    (``Engine.confirm``: the page's documents are read with the state) and starts again on a
    fresh one when it was not. When none was read yet: asked, as with ``check``."""
    snap = None if check else cached()
    if snap is not None:
        return Engine(backend, snap, checked=False)
    snap = snapshot()
    return Engine(backend, snap) if snap is not None else backend
