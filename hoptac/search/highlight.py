"""Snippets with the words a query asked for marked, found accent-insensitively in the original
text; what is marked follows what was typed (``Terms``)."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from html import escape  # the standard library's: Django's adds a lazy-string check per call
from itertools import islice

import numpy as np
from django.utils.safestring import SafeString, mark_safe

from hoptac.core.text import fold

from . import matching, text
from .parsing import Query, Word

_TOKEN = re.compile(r"[^\W_]+")


@lru_cache(maxsize=100_000)  # a few thousand syllables recur in every text
def key(word: str) -> str:
    """The folded form of one word of a text, as the index folds it (``text.normalise`` then
    ``fold``: tone placement only moves the marks that folding drops, so NFKC is enough)."""
    return fold(unicodedata.normalize("NFKC", word))


@lru_cache(maxsize=100_000)
def accented(word: str) -> str:
    """The accented form of one word of a text, as a query's words are read (``text.normalise``:
    case and tone placement aside, "Hoà" and "hòa" are one form)."""
    return text.normalise(word)


Form = tuple[str, str]  # (folded, accented): accented "" when the word was typed without marks


class Terms:
    """What a query marks in a text. The search is accent-insensitive, the marks follow what was
    typed: a word typed with marks marks its own form only ("số" marks "Số", not "sở"; "hoà"
    marks "hòa" too), a word typed without any mark every word that folds to it. ``alone``: the
    words marked wherever they stand; ``together``: runs of words marked only where they stand
    side by side (a quoted phrase; a typed function word beside its neighbour), as the index
    reads side by side (punctuation between them aside)."""

    __slots__ = ("as_typed", "everywhere", "folded", "starts", "together")

    def __init__(self, alone: Iterable[Form] = (), together: Iterable[Sequence[Form]] = ()):
        forms: dict[str, set[str]] = {}
        for folded, form in alone:
            forms.setdefault(folded, set()).add(form)
        # the words marked alone in every form (typed once without marks is enough), and the
        # accented forms of the others
        self.everywhere = frozenset(f for f, a in forms.items() if "" in a)
        self.as_typed = {f: frozenset(a) for f, a in forms.items() if "" not in a}
        self.together = tuple(dict.fromkeys(tuple(run) for run in together if len(run) >= 2))
        # the runs by the folded form of their first word
        self.starts: dict[str, list[tuple[Form, ...]]] = {}
        for run in self.together:
            self.starts.setdefault(run[0][0], []).append(run)
        self.folded = frozenset(forms).union(f for run in self.together for f, _a in run)

    @classmethod
    def any_form(cls, words: Iterable[str]) -> Terms:
        """Folded words, each marked in every form and wherever it stands."""
        return cls((w, "") for w in words)

    @classmethod
    def typed(cls, words: Iterable[Word]) -> Terms:
        """Typed words, each marked as typed wherever it stands."""
        return cls(map(_form, words))

    @classmethod
    def of(cls, query: Query) -> Terms:
        """What ``query`` asks for (``matching``): its content words typed outside quotes
        alone, each quoted phrase side by side, a function word typed outside quotes only beside
        the typed word next to it (it scores only through that pair), and the words a typed
        abbreviation stands for alone, in every form (they were not typed)."""
        content = set(matching.typed_content_words(query))
        kept = {w.folded for w in matching.content_words(query)}
        alone = [_form(w) for run in query.loose for w in run if w in content]
        alone += [(w.folded, "") for w in query.expanded]
        together = [list(map(_form, phrase)) for phrase in query.phrases]
        for run in query.loose:
            for a, b in zip(run, run[1:], strict=False):
                function = a not in content or b not in content
                if function and (a.folded in kept or b.folded in kept):
                    together.append([_form(a), _form(b)])
        return cls(alone, together)

    def alone(self, folded: str, word: str) -> bool:
        """Whether ``word`` of a text (folded: ``folded``) is marked wherever it stands."""
        if folded in self.everywhere:
            return True
        forms = self.as_typed.get(folded)
        return forms is not None and accented(word) in forms


def _form(word: Word) -> Form:
    return (word.folded, word.accented if word.has_accents else "")


def _fits(form: Form, folded: str, word: str) -> bool:
    """Whether ``word`` of a text (folded: ``folded``) is the form a query typed."""
    return form[0] == folded and (not form[1] or accented(word) == form[1])


def _terms(terms: Terms | Iterable[str]) -> Terms:
    return terms if isinstance(terms, Terms) else Terms.any_form(terms)


_WORDS = re.compile(r"([^\W_]+)")  # split: the text between words, a word, …, the text after


def mark(value: str, terms: Terms | Iterable[str], prefix: str | None = None) -> SafeString:
    """The whole value, escaped, with the words ``terms`` asks for in <mark> (folded words: each
    in every form) and, with ``prefix``, every word that starts with it (a word holds nothing to
    escape: none of & < > " ' is a word character)."""
    terms = _terms(terms)
    parts = _WORDS.split(value)
    words = parts[1::2]
    keys = list(map(key, words))
    folded = terms.folded
    if prefix is None:  # (only the words asked for are looked at further: one pass)
        asked = [i for i, k in enumerate(keys) if k in folded]
    else:
        asked = range(len(keys))
    if not asked:
        found = []
    else:
        everywhere, typed, starts = terms.everywhere, terms.as_typed, terms.starts
        marked = {i for i in asked if keys[i] in everywhere}
        if typed:
            marked.update(
                i for i in asked if keys[i] in typed and accented(words[i]) in typed[keys[i]]
            )
        if prefix is not None:
            marked.update(i for i, k in enumerate(keys) if k.startswith(prefix))
        if starts:
            for i in [i for i in asked if keys[i] in starts]:
                for run in starts[keys[i]]:
                    end = i + len(run)
                    if end <= len(keys) and all(map(_fits, run, keys[i:end], words[i:end])):
                        marked.update(range(i, end))
        found = sorted(marked)
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
def _finder(terms: frozenset[str]) -> tuple[dict[int, str], Callable[[str], list[tuple[int, int]]]]:
    """The table to translate a text through and a function giving the spans, in order, of every
    term as a whole word in it. Terms of ASCII letters and digits only (nearly all) are found
    case-sensitively in the text through ``_ascii_table()``, which also gives the few characters
    outside ``_FOLD`` that match such a letter case-insensitively their letter (the same matches
    as a case-insensitive pattern through ``_FOLD``, at a third of its cost), each by a pattern
    of its own, kept from one query to the next (``_word``): a whole word is one term at most,
    so their spans, merged, are those of one pattern of all the terms, which cost a fifth of a
    millisecond to compile at each query (its terms are new); the others by such a pattern."""
    if all(_ASCII_TERM.fullmatch(term) for term in terms):
        patterns = [_word(term) for term in sorted(terms)]

        def spans(text: str) -> list[tuple[int, int]]:
            found = [m.span() for pattern in patterns for m in pattern.finditer(text)]
            found.sort()
            return found

        return _ascii_table(), spans
    alternatives = [re.escape(term) for term in sorted(terms, key=len, reverse=True)]
    pattern = re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + r")(?![^\W_])", re.I)
    return _FOLD, lambda text: [m.span() for m in pattern.finditer(text)]


@lru_cache(maxsize=10_000)
def _word(term: str) -> re.Pattern:
    """A pattern finding ``term`` as a whole word: the term first (a literal, which the pattern
    engine looks for fast), then that no letter or digit comes before it or after it."""
    literal = re.escape(term)
    return re.compile(literal + r"(?<![^\W_]" + literal + r")(?![^\W_])")


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


def snippet(value: str, terms: Terms | Iterable[str], words: int = 32) -> SafeString:
    """The window of ``words`` words with the most distinct matches (among the first
    ``MAX_HITS``), marked; ellipses at cuts. The matches are found by one pattern over the
    text folded character by character; only the window is split into words. A text that holds
    the words asked for in other forms only (it matched accent-insensitively) shows the window
    of those, unmarked."""
    if not value:
        return mark_safe("")
    terms = _terms(terms)
    hits: list[tuple[int, object]] = []
    if terms.folded:
        table, find = _finder(terms.folded)
        others: list[tuple[int, object]] = []  # words asked for, in another form or place
        asked, everywhere, typed, starts = (
            terms.folded,
            terms.everywhere,
            terms.as_typed,
            terms.starts,
        )
        hit, other = hits.append, others.append
        for start, end in find(_translate(value, table)):
            word = value[start:end]
            folded = key(word)
            if folded not in asked:  # the pattern is the sieve, the key the judge
                continue
            # (``Terms.alone``, inline: the loop runs for every match)
            held = folded in everywhere or (
                (forms := typed.get(folded)) is not None and accented(word) in forms
            )
            if held:
                hit((start, folded))
            runs = starts.get(folded)
            if runs is not None:
                for run in runs:
                    if _fits(run[0], folded, word) and _followed_by(value, end, run[1:]):
                        hit((start, run))
                        held = True
            if held:
                if len(hits) >= MAX_HITS:
                    break
            elif len(others) < MAX_HITS:
                other((start, folded))
        hits = hits or others
    begin = 0
    if hits:
        span = words * 8  # characters: a window of words, roughly
        best, best_score = 0, -1
        # the words (and runs) of the window hits[i:end], with their counts
        inside: dict[object, int] = {}
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
    piece = mark(_lines(_MARKUP.sub("", value[first:last])), terms)
    return mark_safe(f"{prefix}{piece}{suffix}")  # noqa: S308 — mark() escaped it


def _lines(text: str) -> str:
    """The text on one line: its runs of spaces as one space, and its lines (a procedure's code,
    field, level and agency; a list's items) kept apart by " · " where no punctuation ends one,
    not run together into one phrase."""
    out = ""
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            out = f"{out}{' ' if out.endswith(_ENDS) else ' · '}{line}" if out else line
    return out


_ENDS = (".", "!", "?", ":", ";", ",", "…")


def _followed_by(value: str, at: int, forms: Sequence[Form]) -> bool:
    """Whether the words of ``value`` after the position ``at`` are ``forms``."""
    for form in forms:
        m = _TOKEN.search(value, at)
        if m is None or not _fits(form, key(m.group(0)), m.group(0)):
            return False
        at = m.end()
    return True
