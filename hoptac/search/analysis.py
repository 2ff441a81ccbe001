"""A document's words as the index stores them: the same on writing and on deleting.

The index holds the Vietnamese title as the title, and the Vietnamese body, the English title
and the English body as the body: a word of either language finds the document. The backends
derive what they store from a document's stored texts with ``document_text`` (SQLite's
contentless tables need the same words again to delete a row).
"""

from __future__ import annotations

from dataclasses import dataclass

from hoptac.core.text import fold

from . import text


@dataclass
class IndexedText:
    """The two forms of a document's title and body, as the backends store them."""

    title_folded: list[str]
    body_folded: list[str]
    title_accented: list[str]
    body_accented: list[str]

    def accented_only(self) -> list[str]:
        """The distinct accented words whose form differs from the folded one (accent signal)."""
        pairs = zip(
            self.title_accented + self.body_accented,
            self.title_folded + self.body_folded,
            strict=True,
        )
        return list(dict.fromkeys(a for a, f in pairs if a != f))

    @property
    def length(self) -> int:
        return len(self.title_folded) + len(self.body_folded)


def analyse(title: str, body: str) -> IndexedText:
    """Split a title and a body into accented and folded words."""
    ta, ba = text.words(title), text.words(body)
    return IndexedText([fold(w) for w in ta], [fold(w) for w in ba], ta, ba)


def document_text(title: str, body: str, title_en: str = "", body_en: str = "") -> IndexedText:
    """The indexed words of a document's Vietnamese and English texts."""
    return analyse(title, "\n".join(p for p in (body, title_en, body_en) if p))
