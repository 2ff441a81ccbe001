"""Snippets with the matched words marked, found accent-insensitively in the original text."""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache
from html import escape  # the standard library's: Django's adds a lazy-string check per call
from itertools import islice

import numpy as np
from django.utils.safestring import SafeString, mark_safe

from hoptac.core.text import fold

_TOKEN = re.compile(r"[^\W_]+")


@lru_cache(maxsize=100_000)  # a few thousand syllables recur in every text
def key(word: str) -> str:
    """The folded form of one word of a text, as the index folds it (``text.normalise`` then
    ``fold``: tone placement only moves the marks that folding drops, so NFKC is enough)."""
    return fold(unicodedata.normalize("NFKC", word))


_WORDS = re.compile(r"([^\W_]+)")  # split: the text between words, a word, …, the text after


def mark(value: str, terms: set[str], prefix: str | None = None) -> SafeString:
    """The whole value, escaped, with matching words in <mark> (a word holds nothing to
    escape: none of & < > " ' is a word character)."""
    parts = _WORDS.split(value)
    keys = list(map(key, parts[1::2]))
    if prefix is None:
        found = [] if terms.isdisjoint(keys) else [i for i, k in enumerate(keys) if k in terms]
    else:
        found = [i for i, k in enumerate(keys) if k in terms or k.startswith(prefix)]
    if not found:
        return mark_safe(escape(value))  # noqa: S308 — escaped
    if _OPEN in value or _CLOSE in value:  # (never in a text: control characters)
        out: list[str] = []
        last = 0
        for i in found:
            at = 2 * i + 1
            out.append(escape("".join(parts[last:at])))
            out.append(f"<mark>{parts[at]}</mark>")
            last = at + 1
        out.append(escape("".join(parts[last:])))
        return mark_safe("".join(out))  # noqa: S308 — every piece is escaped above
    for i in found:  # the words between two characters that escaping leaves alone, escaped
        parts[2 * i + 1] = f"{_OPEN}{parts[2 * i + 1]}{_CLOSE}"  # at once, then marked
    marked = escape("".join(parts)).replace(_OPEN, "<mark>").replace(_CLOSE, "</mark>")
    return mark_safe(marked)  # noqa: S308 — escaped, then only the marks added


_OPEN, _CLOSE = "\x02", "\x03"


# Markdown's markup in a practice's or policy's body: headings and bullets at a line's start,
# strong and code marks. A snippet shows the words, not the markup ("## Cách làm - Số hóa").
_MARKUP = re.compile(r"(?m)^[ \t]*(?:#{1,6}[ \t]+|[-*+][ \t]+|>[ \t]?)|\*\*|__|`")

MAX_HITS = 64  # matches weighed for the snippet's window: the text is read no further
CONTEXT = 4  # words shown before the first match of the window


def _fold_table() -> dict[int, str]:
    """Each character that folds to one ASCII letter or digit -> that letter or digit: the
    text translated through it keeps every character's place, so a match found in it is at
    the same place in the original."""
    ranges = [range(0x30, 0x250), range(0x1E00, 0x1F00), range(0xFF10, 0xFF5B)]
    out: dict[int, str] = {}
    for ch in (chr(c) for r in ranges for c in r):
        k = key(ch)
        if len(k) == 1 and k.isalnum() and k.isascii():
            out[ord(ch)] = k
    return out


_FOLD = _fold_table()


@lru_cache(maxsize=1024)
def _finder(terms: frozenset[str]) -> tuple[dict[int, str], re.Pattern]:
    """The table to translate a text through and a pattern that finds every term as a whole
    word in it (plain alternatives: compiling it costs little, whatever the words). Terms of
    ASCII letters and digits only (nearly all) are found case-sensitively in the text through
    ``_ascii_table()``, which also gives the few characters outside ``_FOLD`` that match such
    a letter case-insensitively their letter: the same matches as the case-insensitive
    pattern through ``_FOLD``, at a third of its cost."""
    alternatives = [re.escape(term) for term in sorted(terms, key=len, reverse=True)]
    pattern = r"(?<![^\W_])(?:" + "|".join(alternatives) + r")(?![^\W_])"
    if all(_ASCII_TERM.fullmatch(term) for term in terms):
        return _ascii_table(), re.compile(pattern)
    return _FOLD, re.compile(pattern, re.IGNORECASE)


def _translate(value: str, table: dict[int, str]) -> str:
    """``value.translate(table)`` (each character to one character): a long text through an
    array of code points, three times as fast as ``str.translate``'s lookup per character."""
    if len(value) < 128:
        return value.translate(table)
    lut = _LUTS.get(id(table))
    if lut is None:  # (the module's two tables, each made once)
        lut = np.arange(max(table) + 1, dtype=np.uint32)
        lut[list(table)] = [ord(ch) for ch in table.values()]
        _LUTS[id(table)] = lut
    codes = np.frombuffer(value.encode("utf-32-le", "surrogatepass"), np.uint32)
    top = len(lut) - 1
    if codes.max() <= top:
        out = lut[codes]
    else:  # (characters beyond the table's highest stay as they are)
        out = np.where(codes <= top, lut[codes.clip(0, top)], codes)
    return out.tobytes().decode("utf-32-le", "surrogatepass")


_LUTS: dict[int, np.ndarray] = {}  # id of a translation table -> code point to code point


_ASCII_TERM = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=1)
def _ascii_table() -> dict[int, str]:
    """``_FOLD`` and each other character that a case-insensitive pattern takes for an ASCII
    letter or digit (the Kelvin sign for k, the dotless i for i), mapped to it: found once,
    by such a pattern over every code point."""
    out = dict(_FOLD)
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    for m in re.finditer(r"[a-z0-9]", every, re.IGNORECASE):
        ch = m.group(0)
        if ord(ch) not in out:
            out[ord(ch)] = next(a for a in _ALNUM if re.fullmatch(a, ch, re.IGNORECASE))
    return out


_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"


def snippet(value: str, terms: set[str], words: int = 32) -> SafeString:
    """The window of ``words`` words with the most distinct matches (among the first
    ``MAX_HITS``), marked; ellipses at cuts. The matches are found by one pattern over the
    text folded character by character; only the window is split into words."""
    if not value:
        return mark_safe("")
    hits = []
    if terms:
        table, finder = _finder(frozenset(terms))
        for m in finder.finditer(_translate(value, table)):
            word = key(value[m.start() : m.end()])
            if word in terms:  # the pattern is the sieve, the key the judge
                hits.append((m.start(), word))
                if len(hits) >= MAX_HITS:
                    break
    begin = 0
    if hits:
        span = words * 8  # characters: a window of words, roughly
        best, best_score = 0, -1
        inside: dict[str, int] = {}  # the words of the window hits[i:end], with their counts
        end, n = 0, len(hits)
        for i, (pos, word) in enumerate(hits):  # (the positions ascend: the window slides)
            reach = pos + span
            while end < n:
                at, entering = hits[end]
                if at >= reach:
                    break
                inside[entering] = inside.get(entering, 0) + 1
                end += 1
            score = len(inside) * 10 + (end - i)
            if score > best_score:
                best, best_score = pos, score
            inside[word] -= 1
            if not inside[word]:
                del inside[word]
        # the words before the window's first match: the last few of those starting in the
        # 200 characters before it; read from 60 characters before when that holds more than
        # CONTEXT words (all but the first, which may be cut, are the same words)
        start = max(0, best - 200)
        before = list(_TOKEN.finditer(value, max(start, best - 60), best))
        if len(before) <= CONTEXT and best - 60 > start:
            before = list(_TOKEN.finditer(value, start, best))
        begin = (
            before[-CONTEXT].start()
            if len(before) >= CONTEXT
            else (before[0].start() if before and best - 200 > 0 else 0)
        )
    window = list(islice(_TOKEN.finditer(value, begin), words))
    if not window:
        return mark_safe("")
    if hits and begin > 0 and len(window) < words:  # near the end: take words before
        earlier = list(_TOKEN.finditer(value, max(0, begin - words * 20), begin))
        missing = words - len(window)
        window = earlier[-missing:] + window
    first, last = window[0].start(), window[-1].end()
    prefix = "… " if _TOKEN.search(value, 0, first) else ""
    suffix = " …" if _TOKEN.search(value, last) else ""
    first, last = (first if prefix else 0), (last if suffix else len(value))
    piece = mark(" ".join(_MARKUP.sub("", value[first:last]).split()), terms)
    return mark_safe(f"{prefix}{piece}{suffix}")  # noqa: S308 — mark() escaped it
