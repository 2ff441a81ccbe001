"""The forms in which drafting compares Vietnamese text: folded, with marks, as words."""

from __future__ import annotations

import functools
import re
import unicodedata

from hoptac.core.text import fold

# Word segmentation is for pieces of sentence size; longer runs fall back to syllables.
MAX_SEGMENTED = 3_000

_SYLLABLE = re.compile(r"[^\W_]+")


def syllables(text: str) -> list[str]:
    """The folded syllables of a text (punctuation dropped)."""
    return list(_folded_syllables(text))


@functools.lru_cache(maxsize=8192)
def _folded_syllables(text: str) -> tuple[str, ...]:
    return tuple(_SYLLABLE.findall(fold(text)))


_TONES = {"\u0300": "2", "\u0301": "1", "\u0309": "3", "\u0303": "4", "\u0323": "5"}


def _marked(syllable: str) -> str:
    """A syllable with its marks, the tone as a digit wherever it sits ("hoà", "hòa": "hoa2")."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tone = "".join(_TONES.get(ch, "") for ch in decomposed) or "0"
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES)) + tone


@functools.lru_cache(maxsize=8192)
def keys(text: str) -> tuple[str, ...]:
    """How the syllables of a text are compared. A text written with marks is compared with its
    marks ("thuê" is not "thuế", "cung cấp" is not "cùng"); a text typed without any mark is
    compared folded, so that "quan ly thue" finds "quản lý thuế"."""
    lowered = unicodedata.normalize("NFC", text or "").lower()
    found = _SYLLABLE.findall(lowered)
    if fold(lowered) == lowered:
        return tuple(found)
    return tuple(_marked(s) for s in found)


def _phrase_forms(phrase: str) -> set[tuple[str, ...]]:
    """A phrase as written (with its marks) and folded, so that both kinds of text match."""
    return {keys(phrase), tuple(syllables(phrase))} - {()}


@functools.lru_cache(maxsize=4096)
def _words(text: str) -> _Words:
    """underthesea's segmentation of a piece, once per piece."""
    return _Words(text)


class _Words:
    """A piece of text as underthesea's words, with the keys of their syllables."""

    def __init__(self, text: str, segment: bool = True):
        from underthesea import word_tokenize

        if segment and len(text) <= MAX_SEGMENTED:
            self.words = [w for w in word_tokenize(text) if _SYLLABLE.search(w)]
        else:
            self.words = _SYLLABLE.findall(text)
        self.flat = keys(text)  # the whole text decides whether marks count
        counts = [len(_SYLLABLE.findall(w)) for w in self.words]
        self.boundaries = {0}
        position = 0
        for count in counts:
            position += count
            self.boundaries.add(position)
        if position != len(self.flat):  # the segmenter changed the text: every syllable counts
            self.boundaries = set(range(len(self.flat) + 1))


def _surface(text: str, start: int, end: int) -> str:
    """The original words of syllables [start, end) of the text."""
    spans = [m.span() for m in _SYLLABLE.finditer(unicodedata.normalize("NFC", text))]
    if start >= len(spans):
        return ""
    return text[spans[start][0] : spans[min(end, len(spans)) - 1][1]]
