"""What the user typed, made safe: words and quoted phrases, never the engine's own syntax.

Every FTS operator, quote, star or parenthesis is either a phrase delimiter we understand or
dropped; the backends only ever receive plain words, each quoted on the way in.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from hoptac.core.text import fold

from . import text
from .abbreviations import ABBREVIATIONS

MAX_QUERY_CHARS = 500
_QUOTES = re.compile(r"[\"“”„«»＂]")  # ＂: the full-width quote (U+FF02)


@dataclass(frozen=True)
class Word:
    accented: str
    folded: str

    @property
    def has_accents(self) -> bool:
        return self.accented != self.folded


@dataclass
class Query:
    """A parsed query: its words, its quoted phrases, and what the user should be told."""

    raw: str = ""
    words: list[Word] = field(default_factory=list)  # every word, phrases included, in order
    phrases: list[list[Word]] = field(default_factory=list)  # quoted runs of 2+ words
    # the runs of words typed outside quotes (a quoted single word is one too): each of their
    # words is asked for alone, where a phrase's words are asked for side by side
    loose: list[list[Word]] = field(default_factory=list)
    notices: list = field(default_factory=list)
    # each typed abbreviation (folded, in the order typed) -> the words it stands for ("ubnd":
    # "ủy ban nhân dân"): they match and rank as typed words do, with their pairs
    # (``abbreviations``)
    expansions: dict[str, list[Word]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.words

    def folded_terms(self) -> list[str]:
        """Distinct folded words, in order."""
        return list(dict.fromkeys(w.folded for w in self.words))

    @property
    def expanded(self) -> list[Word]:
        """The words of the expansions, after one another."""
        return [w for expansion in self.expansions.values() for w in expansion]

    def accented_terms(self) -> list[str]:
        """Distinct words the user typed with accents (their exact form ranks higher)."""
        return list(dict.fromkeys(w.accented for w in self.words if w.has_accents))

    def pairs(self) -> list[tuple[str, str]]:
        """Adjacent folded pairs within each run the user typed (phrases and loose words)."""
        return list(dict.fromkeys(tuple(b.split("_", 1)) for b in self._bigrams))

    _bigrams: list[str] = field(default_factory=list)


def _to_words(value: str) -> list[Word]:
    return [Word(w, fold(w)) for w in text.words(value)]


def parse(raw: str | None) -> Query:
    """Turn user input into a Query; an empty or useless input gives an empty Query."""
    raw = raw or ""
    query = Query(raw=raw)
    if len(raw) > MAX_QUERY_CHARS:
        raw = raw[:MAX_QUERY_CHARS]
        query.notices.append(
            _("The query was too long; only its first %(n)d characters were used.")
            % {"n": MAX_QUERY_CHARS}
        )
    parts = _QUOTES.split(raw)
    if len(parts) % 2 == 0:  # an unbalanced quote: the last one opens nothing
        parts[-2:] = [parts[-2] + " " + parts[-1]]
    words: list[Word] = []
    for i, part in enumerate(parts):
        if i % 2 == 1:  # inside quotes
            phrase = _to_words(part)
            if len(phrase) >= 2:
                query.phrases.append(phrase)
            elif phrase:
                query.loose.append(phrase)
            words.extend(phrase)
            query._bigrams.extend(text.bigrams(w.folded for w in phrase))
        else:
            for run in text.runs(part):
                loose = [Word(w, fold(w)) for w in run]
                query.loose.append(loose)
                words.extend(loose)
                query._bigrams.extend(text.bigrams(w.folded for w in loose))
    query.words = words
    for folded in dict.fromkeys(w.folded for w in words):
        if folded in ABBREVIATIONS:
            expansion = _to_words(ABBREVIATIONS[folded])
            query.expansions[folded] = expansion
            query._bigrams.extend(text.bigrams(w.folded for w in expansion))
    return query


class FilterError(ValueError):
    """A filter value that cannot be understood (the message is for the user)."""


@dataclass
class Filters:
    kind: str = ""
    locality: int | None = None
    field: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    @classmethod
    def from_params(cls, params, kinds: dict) -> tuple[Filters, list]:
        """Read filters from request parameters; return them with the messages for bad values."""
        errors: list = []
        f = cls()
        kind = (params.get("kind") or "").strip()
        if kind:
            if kind in kinds:
                f.kind = kind
            else:
                errors.append(_("Unknown type of content: %(v)s") % {"v": kind[:40]})
        for name, label in (("locality", _("locality")), ("field", _("field"))):
            value = (params.get(name) or "").strip()
            if value:
                if value.isdigit() and len(value) < 10:
                    setattr(f, name, int(value))
                else:
                    errors.append(
                        _("The %(name)s filter needs a number, not “%(v)s”.")
                        % {"name": label, "v": value[:40]}
                    )
        for name in ("date_from", "date_to"):
            value = (params.get(name) or "").strip()
            if value:
                # The page writes dd/mm/yyyy like every other form; the API may send ISO dates
                day = _parse_day(value[:10])
                if day is None:
                    errors.append(_("“%(v)s” is not a date (use dd/mm/yyyy).") % {"v": value[:40]})
                else:
                    setattr(f, name, day)
        if f.date_from and f.date_to and f.date_from > f.date_to:
            errors.append(_("The start date is after the end date."))
            f.date_from = f.date_to = None
        return f, errors


def _parse_day(value: str) -> dt.date | None:
    """A date written dd/mm/yyyy (as Vietnamese forms write it) or yyyy-mm-dd; None if neither."""
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None
