"""Snippets with the matched words marked, found accent-insensitively in the original text."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from html import escape  # the standard library's: Django's adds a lazy-string check per call

from django.utils.safestring import SafeString, mark_safe

from hoptac.core.text import fold

_TOKEN = re.compile(r"[^\W_]+")


@lru_cache(maxsize=100_000)  # a few thousand syllables recur in every text
def key(word: str) -> str:
    """The folded form of one word of a text, as the index folds it (``text.normalise`` then
    ``fold``: tone placement only moves the marks that folding drops, so NFKC is enough)."""
    return fold(unicodedata.normalize("NFKC", word))


def _matches(word: str, terms: set[str], prefix: str | None) -> bool:
    f = key(word)
    return f in terms or (prefix is not None and f.startswith(prefix))


def mark(value: str, terms: set[str], prefix: str | None = None) -> SafeString:
    """The whole value, escaped, with matching words in <mark>."""
    out: list[str] = []
    last = 0
    for m in _TOKEN.finditer(value):
        if _matches(m.group(0), terms, prefix):
            out.append(escape(value[last : m.start()]))
            out.append(f"<mark>{escape(m.group(0))}</mark>")
            last = m.end()
    out.append(escape(value[last:]))
    return mark_safe("".join(out))  # noqa: S308 — every piece is escaped above


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
def _finder(terms: frozenset[str]) -> re.Pattern:
    """A pattern that finds every term as a whole word in the text translated through
    ``_FOLD`` (plain alternatives: compiling it costs little, whatever the words)."""
    alternatives = [re.escape(term) for term in sorted(terms, key=len, reverse=True)]
    return re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + r")(?![^\W_])", re.IGNORECASE)


def snippet(value: str, terms: set[str], words: int = 32) -> SafeString:
    """The window of ``words`` words with the most distinct matches (among the first
    ``MAX_HITS``), marked; ellipses at cuts. The matches are found by one pattern over the
    text folded character by character; only the window is split into words."""
    if not value:
        return mark_safe("")
    hits = []
    if terms:
        for m in _finder(frozenset(terms)).finditer(value.translate(_FOLD)):
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
        end = 0
        for i, (pos, word) in enumerate(hits):  # (the positions ascend: the window slides)
            while end < len(hits) and hits[end][0] < pos + span:
                inside[hits[end][1]] = inside.get(hits[end][1], 0) + 1
                end += 1
            score = len(inside) * 10 + (end - i)
            if score > best_score:
                best, best_score = pos, score
            inside[word] -= 1
            if not inside[word]:
                del inside[word]
        before = list(_TOKEN.finditer(value, max(0, best - 200), best))
        begin = (
            before[-CONTEXT].start()
            if len(before) >= CONTEXT
            else (before[0].start() if before and best - 200 > 0 else 0)
        )
    window = []
    for m in _TOKEN.finditer(value, begin):
        window.append(m)
        if len(window) >= words:
            break
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
