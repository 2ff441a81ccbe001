"""Snippets with the matched words marked, found accent-insensitively in the original text."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from hoptac.core.text import fold

from . import text

_TOKEN = re.compile(r"[^\W_]+")


def _matches(word: str, terms: set[str], prefix: str | None) -> bool:
    f = fold(text.normalise(word))
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


def snippet(value: str, terms: set[str], words: int = 32) -> SafeString:
    """The window of ``words`` words with the most distinct matches, marked; ellipses at cuts."""
    tokens = list(_TOKEN.finditer(value))
    if not tokens:
        return mark_safe("")
    folded = [fold(text.normalise(t.group(0))) for t in tokens]
    best, best_score = 0, -1
    hits = [i for i, f in enumerate(folded) if f in terms]
    for start in hits if len(tokens) > words else [0]:
        start = max(0, min(start - 4, len(tokens) - words))
        window = set(folded[start : start + words]) & terms
        score = len(window) * 10 + sum(1 for f in folded[start : start + words] if f in terms)
        if score > best_score:
            best, best_score = start, score
    end = min(len(tokens), best + words)
    begin_char = tokens[best].start()
    end_char = tokens[end - 1].end()
    piece = mark(value[begin_char:end_char], terms)
    prefix = "… " if best > 0 else ""
    suffix = " …" if end < len(tokens) else ""
    return mark_safe(f"{prefix}{piece}{suffix}")  # noqa: S308 — mark() escaped it
