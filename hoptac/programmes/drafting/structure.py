"""A text cleaned and cut into paragraphs, and the syllable look-ups the other steps share."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from hoptac.core import numbers

from .lexicon import (
    _BLOCK_TAGS,
    _HEADING,
    _HEADLINE_END,
    _MARKER,
    _SCRIPTS,
    _TAGS,
    ACTION_VERBS,
    MAX_CHARS,
)
from .text import (
    _words,
    keys,
)

# --- Cleaning and paragraphs --------------------------------------------------------------------


def clean(text: str) -> str:
    """The plain text of what was pasted: HTML dropped, NFC, one space between words."""
    if not isinstance(text, str):
        raise ValidationError(_("The text of the agreement must be text."), code="invalid")
    if len(text) > MAX_CHARS:
        raise ValidationError(
            _("The text is too long to draft from (%(length)s characters; at most %(limit)s)."),
            code="too_long",
            params={"length": numbers.group(len(text)), "limit": numbers.group(MAX_CHARS)},
        )
    if "<" in text and ">" in text:
        text = _SCRIPTS.sub(" ", text)
        text = _BLOCK_TAGS.sub("\n\n", text)
        text = _TAGS.sub(" ", text)
        text = html.unescape(text)
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch if ch in "\n\t" or unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def paragraphs(text: str) -> list[tuple[int, str]]:
    """(number, text) of each paragraph; a headline first (no closing punctuation) is number 0."""
    if re.search(r"\n\s*\n", text):
        blocks = [
            " ".join(piece.split())
            for i, b in enumerate(re.split(r"\n\s*\n", text))
            for piece in _lines(b, first=i == 0)
        ]
    else:
        blocks = [" ".join(line.split()) for line in text.split("\n")]
    blocks = [b for b in blocks if b]
    numbered: list[tuple[int, str]] = []
    number = 0
    for i, block in enumerate(blocks):
        if i == 0 and len(blocks) > 1 and len(block) < 300 and not _HEADLINE_END.search(block):
            numbered.append((0, block))
            continue
        number += 1
        numbered.append((number, block))
    return numbered


def _lines(block: str, *, first: bool = False) -> list[str]:
    """A block between blank lines, cut again where a line opens with a list marker or a title
    ("II. NHIỆM VỤ CỤ THỂ" then "1. Sở Du lịch …" on the next lines, as a plan is often typed
    or pasted) and, but in the document's first block (its title), after a title line ("I. MỤC
    ĐÍCH, YÊU CẦU", "NHIỆM VỤ CỤ THỂ"); the other lines continue the one above (a line wrapped
    by a PDF or an e-mail)."""
    pieces: list[str] = []
    for line in block.split("\n"):
        text = line.strip()
        if not text:
            continue
        if pieces and not (
            _MARKER.match(line) or _HEADING.match(text) or (not first and _is_title(pieces[-1]))
        ):
            pieces[-1] += " " + text
        else:
            pieces.append(text)
    return pieces


def _is_title(line: str) -> bool:
    """A line that is a title, not the start of a wrapped sentence: in capitals, or a numbered
    title ("I. …", "Điều 2. …") short and without a closing stop."""
    letters = [c for c in line if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return True
    return bool(_HEADING.match(line)) and len(line) < 60 and not _HEADLINE_END.search(line)


def _starts_with(seq: Sequence[str], lexicon: Iterable[tuple[str, ...]], at: int = 0) -> int:
    """Length of the lexicon phrase found at seq[at:], or 0."""
    for phrase in lexicon:
        if tuple(seq[at : at + len(phrase)]) == phrase:
            return len(phrase)
    return 0


def _contains(seq: Sequence[str], lexicon: Iterable[tuple[str, ...]], limit: int | None = None):
    """The first position where a lexicon phrase starts (within limit), or None."""
    end = len(seq) if limit is None else min(limit, len(seq))
    for i in range(end):
        if _starts_with(seq, lexicon, i):
            return i
    return None


def _opens_with_verb(piece: str, lexicon=ACTION_VERBS) -> bool:
    """Whether the piece opens with a verb of the lexicon as a whole word (not "hợp tác xã")."""
    head = piece[:80]
    if not _starts_with(keys(head), lexicon):
        return False  # no verb at all: no need to segment
    words = _words(head)
    length = _starts_with(words.flat, lexicon)
    return bool(length) and length in words.boundaries
