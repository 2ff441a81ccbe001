"""Vietnamese text as the index and the queries see it.

Two forms of every word (syllable):
- *accented*: NFKC (full-width "ｃｏｖｉｄ" is "covid"), lower case, the tone mark on one agreed
  vowel ("hoà" and "hòa" are both "hòa", "thuỷ" and "thủy" both "thủy");
- *folded*: no marks at all, ``đ`` folded to ``d`` ("đô thị" -> "do thi"): ``core.text.fold``,
  the one folding of the project.
Adjacent folded words (``bigrams``) are what a query's pairs are made of.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from hoptac.core.text import fold

# Combining tone marks: grave, acute, hook above, tilde, dot below.
_TONES = "\u0300\u0301\u0309\u0303\u0323"
_VOWELS = set("aăâeêioôơuưy")
_MARKED_VOWELS = set("ăâêôơư")  # vowels with a shape mark: the tone goes there
_WORD = re.compile(r"[^\W_]+")
# Anything that ends a run of words for bigrams: punctuation other than letters and spaces.
_BREAK = re.compile(r"[.,;:!?()\[\]{}\"“”'‘’/\\|…–—\n\r\t]+")


@lru_cache(maxsize=100_000)  # Vietnamese has a few thousand syllables: indexing reuses them
def _place_tone(syllable: str) -> str:
    """Put the tone mark of one lower-case NFC syllable on its agreed vowel (old style: hòa)."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tone = ""
    bare_chars = []
    for ch in decomposed:
        if ch in _TONES:
            tone = ch
        else:
            bare_chars.append(ch)
    bare = unicodedata.normalize("NFC", "".join(bare_chars))
    if not tone:
        return bare
    # The vowel cluster: "qu" and "gi" (before a vowel) belong to the initial consonant.
    start = 0
    if bare.startswith("qu"):
        start = 2
    elif bare.startswith("gi") and len(bare) > 2 and bare[2] in _VOWELS:
        start = 2
    i = start
    while i < len(bare) and bare[i] not in _VOWELS:
        i += 1
    j = i
    while j < len(bare) and bare[j] in _VOWELS:
        j += 1
    if i == j:  # no vowel after the initial ("gì", "qu" alone): mark the last vowel-like letter
        positions = [k for k, c in enumerate(bare) if c in _VOWELS]
        if not positions:
            return unicodedata.normalize("NFC", syllable)
        target = positions[-1]
    else:
        cluster = bare[i:j]
        has_final = j < len(bare)
        marked = [k for k, c in enumerate(cluster) if c in _MARKED_VOWELS]
        if marked:
            target = i + marked[-1]  # "ươ" -> on "ơ"; "uyê" -> on "ê"
        elif len(cluster) == 1:
            target = i
        elif has_final:
            target = i + len(cluster) - 1  # "hoàn", "toán"
        elif len(cluster) == 2:
            target = i  # "hòa", "thủy", "mùa", "hài"
        else:
            target = i + 1  # "ngoài", "khuỷu"
    out = bare[:target] + unicodedata.normalize("NFC", bare[target] + tone) + bare[target + 1 :]
    return unicodedata.normalize("NFC", out)


def normalise(text: str) -> str:
    """NFKC, lower case, one tone placement per syllable; punctuation kept."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return _WORD.sub(_tone_of_match, text)


def _tone_of_match(m: re.Match) -> str:
    return _place_tone(m.group(0))


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
