"""Text folding for matching: Vietnamese and English words without accents, `đ` as `d`."""

from __future__ import annotations

import re

from hoptac.core.text import fold

_WORD = re.compile(r"[a-z0-9]+")
STOPWORDS = frozenset(
    """
    va cua cho cac nhung voi trong tai la co duoc mot the nay den tu ve theo khi da se dang
    cong ty tnhh co phan doanh nghiep thanh pho ha noi da nang viet nam san xuat dich vu
    the and of for with in on to a an by from at or is are be as its our we company ltd jsc
    services service products product vietnam city
    """.split()
)


def tokens(*texts: str) -> set[str]:
    """Distinct folded words of 3+ letters that carry meaning."""
    words: set[str] = set()
    for text in texts:
        for word in _WORD.findall(fold(text)):
            if len(word) >= 3 and word not in STOPWORDS:
                words.add(word)
    return words


def keywords(*texts: str) -> str:
    return " ".join(sorted(tokens(*texts)))
