"""What every search backend does, and the SQL they share (filters and visibility)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import connection

from ..visibility import Visibility

if TYPE_CHECKING:
    from ..analysis import IndexedText
    from ..matching import Plan, Stats
    from ..models import Document
    from ..parsing import Filters, Query

DOC = "search_document"
STATS_TTL = 120.0  # seconds a process reuses the document frequencies it read


def where_sql(filters: Filters | None, vis: Visibility, with_kind: bool = True):
    """SQL conditions on the document alias ``d`` and their parameters."""
    sql: list[str] = []
    params: list = []
    if not vis.everything:
        if vis.localities:
            marks = ", ".join(["%s"] * len(vis.localities))
            sql.append(
                f"(d.public OR d.id IN (SELECT r.document_id FROM search_documentreader r "  # noqa: S608
                f"WHERE r.locality_id IN ({marks})))"
            )
            params.extend(sorted(vis.localities))
        else:
            sql.append("d.public")
    if filters is not None:
        if with_kind and filters.kind:
            sql.append("d.kind = %s")
            params.append(filters.kind)
        if filters.locality is not None:
            sql.append(
                "d.id IN (SELECT l.document_id FROM search_documentlocality l "
                "WHERE l.locality_id = %s)"
            )
            params.append(filters.locality)
        if filters.field is not None:
            sql.append(
                "d.id IN (SELECT f.document_id FROM search_documentfield f WHERE f.field_id = %s)"
            )
            params.append(filters.field)
        if filters.date_from is not None:
            sql.append("d.date >= %s")
            params.append(filters.date_from)
        if filters.date_to is not None:
            sql.append("d.date <= %s")
            params.append(filters.date_to)
    return " AND ".join(sql) or "1=1", params


def postings_built() -> None:
    """After a bulk load: pack the posting lists (when the setting asks for them)."""
    from .. import postings

    if postings.enabled():
        postings.build()


def postings_cleared() -> None:
    from .. import postings

    postings.clear()


class SearchBackend:
    """Stores the full-text forms of documents and answers ranked, filtered queries."""

    vendor = ""
    # (words of a document, occurrences of a word, characters of a word) beyond which the
    # index's phrases may not be the words side by side (``postings`` then reads the text);
    # None: its phrases are exact
    phrase_limits: tuple[int, int, int] | None = None

    # --- writing ------------------------------------------------------------------------
    def write(self, rows: list[tuple[Document, IndexedText]]) -> None:
        """Add the full-text part of documents just saved (their rows exist)."""
        raise NotImplementedError

    def optimize(self) -> None:
        """After a bulk load: merge segments, refresh planner statistics."""

    def delete(self, ids: list[int]) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        """Empty the whole index, documents included (fast: no per-row work)."""
        with connection.cursor() as cur:
            for table in (
                "search_documentreader",
                "search_documentlocality",
                "search_documentfield",
                DOC,
            ):
                cur.execute(f"DELETE FROM {table}")  # noqa: S608 — fixed table names

    # --- reading ------------------------------------------------------------------------
    # A search runs on an engine: the posting lists' (``postings.Engine``) or the backend
    # itself, which answers the same calls. ``checked`` False: the engine's answers may come
    # from lists gone stale, and the search ends with ``confirm``; the SQL reads the tables
    # as they are, so it is always checked.
    checked = True

    def confirm(self, state: tuple[int, int] | None = None) -> None:
        """Nothing to confirm: the SQL read the tables as they are."""

    def stats(
        self, words: list[str], pairs: list[tuple[str, str]] = (), also: list[str] = ()
    ) -> Stats:
        """The number of documents and the document frequencies of each folded word (in all
        and in titles) and of each pair of folded words side by side. ``also``: what the
        ranking reads next (the accented forms typed), for an engine that reads ahead (the
        posting lists'); the SQL reads nothing ahead."""
        raise NotImplementedError

    _df: dict[tuple, tuple[float, int]]  # (kind, word or pair) -> (read at, count)

    def _fresh(self, kind: str, keys, now: float, read) -> dict:
        """The counts (those above 0) of ``keys``, each read by ``read(missing)`` (a dict) at
        most once every ``STATS_TTL`` seconds: counting a common word's or pair's documents
        reads its whole posting list."""
        fresh = {}
        missing = []
        for key in dict.fromkeys(keys):
            seen = self._df.get((kind, key))
            if seen and now - seen[0] < STATS_TTL:
                fresh[key] = seen[1]
            else:
                missing.append(key)
        for start in range(0, len(missing), 200):
            chunk = missing[start : start + 200]
            found = read(chunk)
            if len(self._df) > 50_000:
                self._df.clear()
            for key in chunk:
                self._df[(kind, key)] = (now, int(found.get(key, 0)))
                fresh[key] = int(found.get(key, 0))
        return {key: n for key, n in fresh.items() if n}

    def count(
        self, plan: Plan, filters: Filters, vis: Visibility, cap: int, with_kind: bool = False
    ) -> dict[str, int]:
        """Documents the plan matches, per kind (the kind filter ignored unless
        ``with_kind``), counting no further than ``cap + 1`` documents in all: beyond that,
        counting costs more than it tells."""
        raise NotImplementedError

    def rank(
        self, plan: Plan, filters: Filters, vis: Visibility, limit: int, offset: int
    ) -> list[tuple[int, float]]:
        """Document ids and scores, best first: every document the plan matches is scored
        (``matching`` says how) and ordered by its rounded score, then by id."""
        raise NotImplementedError

    def suggest(self, query: Query, vis: Visibility, limit: int) -> list[int]:
        """Documents whose title starts with the words typed, the last one as a prefix."""
        raise NotImplementedError

    def size_bytes(self) -> int:
        """Disk used by the index (documents and full-text part), for the benchmark."""
        raise NotImplementedError
