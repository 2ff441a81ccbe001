"""Vietnamese collation: the order of a Vietnamese dictionary, for every list sorted for people.

Source: Vũ Xuân Lương (Vietnam Lexicography Centre), "Rules for Vietnamese alphabetical
ordering", http://vietunicode.sourceforge.net/charset/quytacABC_en.html —
1. letters in the order a ă â b c d đ e ê (f) g h i (j) k l m n o ô ơ p q r s t u ư v (w) x y (z);
2. tone marks in the order: none, grave (huyền), hook above (hỏi), tilde (ngã), acute (sắc),
   dot below (nặng);
3. letters decide first and tone marks only between texts with the same letters
   ("ang" before "anh" whatever their tones); a lowercase text before its uppercase twin.

Code-point order puts "Cải cách" after "Cơ sở" and "Đ…" after "Z"; `vi_sort_key` does not.
Where a list is sorted in SQL the database knows no such order; the lists Hoptac shows are
small (tens to a few hundred rows), so they are sorted in Python after the fetch with
`vi_sorted` — simpler and exact, where a collation key column would have to be kept in step
with every write of every named model. A list too long to sort in Python (the task list,
paginated) sorts its ids in Python by `core.collation.vi_key`, which compares as `vi_sort_key`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any, TypeVar

T = TypeVar("T")

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {letter: i for i, letter in enumerate(_ALPHABET)}
# The vowel modifiers that make a letter of its own (ă â ê ô ơ ư), as combining marks.
_MODIFIERS = {"\u0306", "\u0302", "\u031b"}
# Tone marks, in dictionary order after the unmarked tone (0).
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _letter(ch: str) -> tuple[str, int]:
    """The letter without its tone (ă stays ă) and the tone's rank."""
    letter, tone = split_tone(ch)
    return letter, _TONES.get(tone, 0)


def split_tone(text: str) -> tuple[str, str]:
    """The text (NFC) without its tone marks, and the tone mark (the last one; "" if none):
    "Hoá" -> ("Hoa", acute); the shape marks stay ("ắ" -> ("ă", acute))."""
    tone = ""
    kept = []
    for ch in unicodedata.normalize("NFD", text):
        if ch in _TONES:
            tone = ch
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)), tone


_VOWELS = set("aăâeêioôơuưy")
_SHAPED_VOWELS = set("ăâêôơư")  # vowels with a shape mark: the tone goes there


@lru_cache(maxsize=100_000)  # Vietnamese has a few thousand syllables: indexing reuses them
def place_tone(syllable: str) -> str:
    """One lower-case syllable (NFC) with its tone mark on the agreed vowel: "hoà" and "hòa" are
    "hòa", "thuỷ" and "thủy" "thủy", "uỷ" "ủy" (the tone of "oa", "oe", "uy" closing a syllable
    on their first vowel); "hoàn", "quý", "người", "khuỷu" as they are. The one placement of
    Hoptac: the search index's words (``search.text``) and names as the directory spells them
    (``drafting.organisations``)."""
    bare, tone = split_tone(syllable)
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
        marked = [k for k, c in enumerate(cluster) if c in _SHAPED_VOWELS]
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


def fold(text: Any) -> str:
    """Lower case without any mark, đ -> d ("Đô thị hoà" -> "do thi hoa").

    The one way Hoptac compares Vietnamese text loosely (search, matching, headers of imported
    files, drafting). Short texts (words, names) are cached: they recur.
    """
    value = str(text or "")
    if len(value) < 40:
        return _fold_short(value)
    return _fold(value)


@lru_cache(maxsize=100_000)
def _fold_short(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    text = text.lower().replace("đ", "d")
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


def fold_key(text: Any) -> str:
    """`fold` of the compatibility form with white space collapsed: how a header or a choice
    typed in a spreadsheet is compared ("Tỷ  lệ" and "ty le" are one key)."""
    return " ".join(fold(unicodedata.normalize("NFKC", str(text or ""))).split())


def vi_sort_key(text: Any) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """A key that sorts Vietnamese text as a dictionary does (see the module's docstring).

    Letters first, then the tones, then case; digits and spaces come before letters, other
    characters after them by code point.
    """
    return _vi_sort_key(str(text or ""))


@lru_cache(maxsize=100_000)
def _vi_sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """The key of one text, cached: the same names (organisations, fields, localities) are
    sorted on every page that offers them as choices."""
    value = unicodedata.normalize("NFC", text)
    primary: list[int] = []
    tones: list[int] = []
    cases: list[int] = []
    for ch in value:
        lower = ch.lower()
        letter, tone = _letter(lower)
        if letter in _RANK:
            primary.append(200 + _RANK[letter])
            tones.append(tone)
            cases.append(0 if ch == lower else 1)
        elif ch.isspace():
            primary.append(0)
        elif ch.isdigit():
            primary.append(100 + unicodedata.digit(ch, 0))
        elif unicodedata.category(ch).startswith("P"):
            continue  # punctuation does not decide the order ("Cơ chế, …" as "Cơ chế …")
        else:
            primary.append(1000 + ord(ch))
    return tuple(primary), tuple(tones), tuple(cases)


def vi_sorted(items: Iterable[T], key: Callable[[T], Any] = str, reverse: bool = False) -> list[T]:
    """`items` in Vietnamese order of `key(item)` (the item's text by default)."""
    return sorted(items, key=lambda item: vi_sort_key(key(item)), reverse=reverse)


# Format characters (zero-width spaces and joiners, direction marks and overrides, the BOM)
# show nothing; a name made only of them, or hiding a direction override, misleads readers.
_INVISIBLE_CATEGORIES = {"Cf", "Cc", "Zs", "Zl", "Zp", "Mn"}
_DIRECTION_OVERRIDES = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def visible_name(value: str) -> str:
    """`value` stripped, without direction overrides and zero-width characters; "" when nothing
    visible is left (the caller refuses such a name)."""
    import unicodedata

    text = unicodedata.normalize("NFC", value or "")
    text = "".join(
        ch for ch in text if ch not in _DIRECTION_OVERRIDES and unicodedata.category(ch) != "Cf"
    ).strip()
    if all(unicodedata.category(ch) in _INVISIBLE_CATEGORIES for ch in text):
        return ""
    return text
