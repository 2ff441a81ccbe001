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


MAX_HITS = 64  # matches weighed for the snippet's window: the text is read no further


def snippet(value: str, terms: set[str], words: int = 32) -> SafeString:
    """The window of ``words`` words with the most distinct matches among the first
    ``MAX_HITS`` matches, marked; ellipses at cuts."""
    tokens: list[re.Match] = []
    folded: list[str] = []
    hits: list[int] = []
    more = False
    for m in _TOKEN.finditer(value):
        if len(hits) >= MAX_HITS and len(tokens) >= hits[-1] + words:
            more = True
            break
        f = key(m.group(0))
        if f in terms:
            hits.append(len(tokens))
        tokens.append(m)
        folded.append(f)
    if not tokens:
        return mark_safe("")
    best, best_score = 0, -1
    for start in hits if len(tokens) > words else [0]:
        start = max(0, min(start - 4, len(tokens) - words))
        window = folded[start : start + words]
        score = len(set(window) & terms) * 10 + sum(1 for f in window if f in terms)
        if score > best_score:
            best, best_score = start, score
    end = min(len(tokens), best + words)
    begin_char = tokens[best].start()
    end_char = tokens[end - 1].end()
    piece = mark(value[begin_char:end_char], terms)
    prefix = "… " if best > 0 else ""
    suffix = " …" if end < len(tokens) or more else ""
    return mark_safe(f"{prefix}{piece}{suffix}")  # noqa: S308 — mark() escaped it
