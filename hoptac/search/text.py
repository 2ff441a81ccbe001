"""Vietnamese text as the index and the queries see it.

Two forms of every word (syllable):
- *accented*: NFKC (full-width "ｃｏｖｉｄ" is "covid"), lower case, the tone mark on one agreed
  vowel ("hoà" and "hòa" are both "hòa", "thuỷ" and "thủy" both "thủy": ``core.text.place_tone``);
- *folded*: no marks at all, ``đ`` folded to ``d`` ("đô thị" -> "do thi"): ``core.text.fold``,
  the one folding of the project.
Adjacent folded words (``bigrams``) are what a query's pairs are made of.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from hoptac.core.text import fold, place_tone

_WORD = re.compile(r"[^\W_]+")
# Anything that ends a run of words for bigrams: punctuation other than letters and spaces.
_BREAK = re.compile(r"[.,;:!?()\[\]{}\"“”'‘’/\\|…–—\n\r\t]+")


def normalise(text: str) -> str:
    """NFKC, lower case, one tone placement per syllable; punctuation kept."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return _WORD.sub(_tone_of_match, text)


def _tone_of_match(m: re.Match) -> str:
    return place_tone(m.group(0))


def words(text: str) -> list[str]:
    """The accented words of a text, normalised."""
    return _WORD.findall(normalise(text))


def runs(text: str) -> list[list[str]]:
    """Runs of accented words not broken by punctuation (bigrams never cross a break)."""
    return [w for w in (_WORD.findall(normalise(part)) for part in _BREAK.split(text or "")) if w]


def bigrams(folded_run: Iterable[str]) -> list[str]:
    """Adjacent pairs of folded words, joined by an underscore."""
    seq = list(folded_run)
    return [f"{a}_{b}" for a, b in zip(seq, seq[1:], strict=False)]


def is_folded(word: str) -> bool:
    """True when the word carries no mark at all (the user typed it without accents)."""
    return fold(word) == word
