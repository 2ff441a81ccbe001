"""SQLite: contentless FTS5 tables over the folded words, ranked by FTS5's own ``bm25()``.

No text is stored twice: the documents' title and body live in ``search_document`` (for
snippets); the FTS5 tables keep only their index (``content=''``):

- ``search_fts(t, b)``: folded title and body, with positions (phrases, pairs);
- ``search_fts_accent(a)``: the accented words whose form differs from the folded one, without
  positions (``detail=none``), for the accent signal only;
- ``search_fts_title(t)``: the folded title with prefix indexes, for suggestions only.

A contentless table forgets its rows' values; deleting a row needs them, and they are derived
again from the document's stored texts (``analysis.document_text`` is deterministic).
SQLite 3.43's ``contentless_delete`` would remove that step; Debian 12 ships 3.40.
"""

from __future__ import annotations

import time

from django.db import connection

from .. import matching
from ..analysis import document_text
from ..models import unpack_text
from .base import DOC, STATS_TTL, SearchBackend, postings_built, postings_cleared, where_sql

TABLE = "search_fts"
ACCENTS = "search_fts_accent"
TITLES = "search_fts_title"
VOCABULARY = "search_fts_vocab"
TOKENIZER = "tokenize = 'unicode61 remove_diacritics 0'"
CREATE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(t, b, content='', {TOKENIZER})",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {ACCENTS} USING fts5("
    f"a, content='', detail=none, columnsize=0, {TOKENIZER})",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TITLES} USING fts5("
    f"t, content='', detail=column, prefix='2 3', {TOKENIZER})",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {VOCABULARY} USING fts5vocab({TABLE}, 'row')",
]
DROP = [f"DROP TABLE IF EXISTS {t}" for t in (VOCABULARY, TABLE, ACCENTS, TITLES)]
HITS = f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s"  # noqa: S608
SUGGEST_SAMPLE = 500  # titles looked at for suggestions: a short prefix matches most of them


def _q(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _phrase(words) -> str:
    return _q(" ".join(words))


def any_expression(plan: matching.Plan) -> str:
    """The words that score, any of them: FTS5's bm25() sees exactly these phrases."""
    return " OR ".join(_q(t) for t in plan.terms)


def _rows(pk: int, t) -> tuple:
    """The values of one document in each table: the same on insert and on delete."""
    return (
        (pk, " ".join(t.title_folded), " ".join(t.body_folded)),
        (pk, " ".join(t.accented_only())),
        (pk, " ".join(t.title_folded)),
    )


def _vocabulary(cur, words: list[str]) -> dict[str, int]:
    """The document frequency of each word (of those some document holds)."""
    marks = ", ".join(["%s"] * len(words))
    cur.execute(f"SELECT term, doc FROM {VOCABULARY} WHERE term IN ({marks})", words)  # noqa: S608
    return dict(cur.fetchall())


def _counts(cur, matches: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """The documents each (table, MATCH expression) finds, in one statement."""
    sql = ", ".join(f"(SELECT COUNT(*) FROM {t} WHERE {t} MATCH %s)" for t, _m in matches)  # noqa: S608
    cur.execute(f"SELECT {sql}", [m for _t, m in matches])  # noqa: S608
    return dict(zip(matches, map(int, cur.fetchone()), strict=True))


class SQLiteBackend(SearchBackend):
    vendor = "sqlite"

    def __init__(self) -> None:
        self._documents: tuple[float, int] | None = None
        self._df: dict[tuple, tuple[float, int]] = {}  # (kind, word or pair) -> (read at, n)

    # --- writing ------------------------------------------------------------------------
    def _insert(self, cur, rows: list[tuple], command: str = "") -> None:
        """Insert (or, with the 'delete' command, remove) rows of the three tables."""
        head, mark = ("%s, ", [command]) if command else ("", [])
        for table, columns, i in (
            (TABLE, "rowid, t, b", 0),
            (ACCENTS, "rowid, a", 1),
            (TITLES, "rowid, t", 2),
        ):
            marks = ", ".join(["%s"] * (columns.count(",") + 1))
            cur.executemany(
                f"INSERT INTO {table} ({table + ', ' if command else ''}{columns}) "  # noqa: S608
                f"VALUES ({head}{marks})",
                [(*mark, *row[i]) for row in rows],
            )

    def write(self, rows) -> None:
        if not rows:
            return
        self._forget()
        with connection.cursor() as cur:
            self._insert(cur, [_rows(doc.pk, t) for doc, t in rows])

    def optimize(self) -> None:
        with connection.cursor() as cur:
            for table in (TABLE, ACCENTS, TITLES):
                cur.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")  # noqa: S608
            cur.execute("ANALYZE")
        postings_built()

    def _forget(self) -> None:
        self._documents = None
        self._df.clear()

    def delete(self, ids: list[int]) -> None:
        self._forget()
        with connection.cursor() as cur:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ", ".join(["%s"] * len(chunk))
                cur.execute(
                    f"SELECT id, title, body, title_en, body_en FROM {DOC} "  # noqa: S608
                    f"WHERE id IN ({marks})",
                    chunk,
                )
                rows = [
                    _rows(pk, document_text(title, unpack_text(body), title_en, unpack_text(en)))
                    for pk, title, body, title_en, en in cur.fetchall()
                ]
                self._insert(cur, rows, command="delete")

    def clear(self) -> None:
        super().clear()
        self._forget()
        postings_cleared()
        with connection.cursor() as cur:
            for table in (TABLE, ACCENTS, TITLES):
                cur.execute(f"INSERT INTO {table} ({table}) VALUES ('delete-all')")  # noqa: S608

    # --- reading ------------------------------------------------------------------------
    def stats(
        self, words: list[str], pairs: list[tuple[str, str]] = (), also: list[str] = ()
    ) -> matching.Stats:
        """The document count and the document frequencies of each word (in all and in
        titles) and pair, reused for STATS_TTL seconds (as PostgreSQL's backend does):
        ``fts5vocab`` counts a word's documents by reading its whole posting list, 30 ms for a
        syllable in most of 100,000 documents; a pair's are counted as a phrase's matches."""
        now = time.monotonic()
        with connection.cursor() as cur:
            if self._documents is None or now - self._documents[0] > STATS_TTL:
                cur.execute(f"SELECT COUNT(*) FROM {DOC}")  # noqa: S608
                self._documents = (now, int(cur.fetchone()[0]))
            df = self._fresh("df", words, now, lambda chunk: _vocabulary(cur, chunk))
            counts = self._fresh(
                "count",
                [*((TITLES, _q(w)) for w in words), *((TABLE, _phrase(p)) for p in pairs)],
                now,
                lambda chunk: _counts(cur, chunk),
            )
        title_df = {w: n for w in words if (n := counts.get((TITLES, _q(w)), 0))}
        pair_df = {p: n for p in pairs if (n := counts.get((TABLE, _phrase(p)), 0))}
        return matching.Stats(self._documents[1], 0.0, df, title_df, pair_df)

    def _matching(self, plan: matching.Plan) -> tuple[str, list, str | None]:
        """The main MATCH expression (its phrases are what bm25() scores) and, when it does
        not say which documents the level keeps, a subquery that does, with its parameters."""
        phrases = " AND ".join(_phrase(p) for p in plan.phrases)
        scoring = any_expression(plan)
        if plan.strict:
            every = " AND ".join(_q(t) for t in plan.terms)
            if not phrases:  # the same phrases as the scoring expression: the same bm25()
                return every, [], None
            return scoring, [f"{every} AND {phrases}"], HITS
        if plan.need <= 1:
            return (scoring, [phrases], HITS) if phrases else (scoring, [], None)
        union = " UNION ALL ".join([HITS] * len(plan.terms))
        subquery = f"SELECT rowid FROM ({union}) GROUP BY rowid HAVING COUNT(*) >= %s"  # noqa: S608
        params: list = [*(_q(t) for t in plan.terms), plan.need]
        if phrases:
            subquery += f" INTERSECT {HITS}"
            params.append(phrases)
        return scoring, params, subquery

    def count(self, plan, filters, vis, cap, with_kind=False):
        where, params = where_sql(filters, vis, with_kind=with_kind)
        expression, sub_params, subquery = self._matching(plan)
        keep = f" AND +{TABLE}.rowid IN ({subquery})" if subquery else ""
        sql = (
            f"SELECT kind, COUNT(*) FROM (SELECT d.kind FROM {TABLE} "  # noqa: S608
            f"JOIN {DOC} d ON d.id = {TABLE}.rowid "
            f"WHERE {TABLE} MATCH %s{keep} AND {where} LIMIT %s) GROUP BY kind"
        )
        with connection.cursor() as cur:
            cur.execute(sql, [expression, *sub_params, *params, cap + 1])
            return dict(cur.fetchall())

    def _bonus(self, bonus: matching.Bonus) -> tuple[str, str]:
        if bonus.kind == "accent":
            return ACCENTS, _q(bonus.words[0])
        if bonus.kind == "pair":
            return TABLE, _phrase(bonus.words)
        if bonus.kind == "title_word":
            return TITLES, _q(bonus.words[0])
        return TABLE, "{t} : " + _phrase(bonus.words)

    def rank(self, plan, filters, vis, limit, offset):
        where, params = where_sql(filters, vis)
        expression, sub_params, subquery = self._matching(plan)
        keep = f" AND +{TABLE}.rowid IN ({subquery})" if subquery else ""
        score = f"-bm25({TABLE}, {matching.TITLE_WEIGHT}, 1.0)"
        score_params: list = []
        for bonus in plan.bonuses:
            table, match = self._bonus(bonus)
            norm = (
                " / " + matching.title_norm("d.title_length") if bonus.kind == "title_word" else ""
            )
            score += (
                f" + %s * ({TABLE}.rowid IN (SELECT rowid FROM {table} WHERE {table} MATCH %s))"  # noqa: S608
                + norm
            )
            score_params += [bonus.weight, match]
        sql = (
            f"SELECT id, score FROM (SELECT {TABLE}.rowid AS id, {score} AS score "  # noqa: S608
            f"FROM {TABLE} JOIN {DOC} d ON d.id = {TABLE}.rowid "
            f"WHERE {TABLE} MATCH %s{keep} AND {where}) "
            f"ORDER BY round(score, {matching.DECIMALS}) DESC, id LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cur:
            cur.execute(sql, [*score_params, expression, *sub_params, *params, limit, offset])
            return [(pk, float(s)) for pk, s in cur.fetchall()]

    def phrase_ids(self, words, ids=None, title=False) -> list[int]:
        """Documents holding the words side by side (in the title only with ``title``),
        among ``ids`` when given (the postings' candidates)."""
        match = ("{t} : " if title else "") + _phrase(words)
        with connection.cursor() as cur:
            cur.execute(HITS, [match])
            found = [row[0] for row in cur.fetchall()]
        if ids is None:
            return found
        # the phrase query once, then the candidates kept: FTS5 takes no ``rowid IN`` list, so
        # each statement of 500 ids cost the whole phrase query (2,818 ids of "co so du": 728
        # ms against 11 ms, 100,399 documents)
        wanted = set(ids)
        return [pk for pk in found if pk in wanted]

    def suggest(self, query, vis, limit):
        terms = query.folded_terms()
        if not terms:
            return []
        last = query.words[-1].folded
        parts = [_q(t) for t in terms if t != last]
        parts.append(f"{_q(last)} *")
        where, params = where_sql(None, vis)
        sql = (
            "SELECT id FROM ("  # noqa: S608
            f"SELECT d.id, bm25({TITLES}) AS score, length(d.title) AS size "
            f"FROM {TITLES} JOIN {DOC} d ON d.id = {TITLES}.rowid "
            f"WHERE {TITLES} MATCH %s AND {where} LIMIT %s) ORDER BY score, size, id LIMIT %s"
        )
        with connection.cursor() as cur:
            cur.execute(sql, [" AND ".join(parts), *params, SUGGEST_SAMPLE, limit])
            return [row[0] for row in cur.fetchall()]

    def size_bytes(self) -> int:
        with connection.cursor() as cur:
            try:
                cur.execute(
                    "SELECT COALESCE(SUM(pgsize), 0) FROM dbstat "
                    "WHERE name LIKE 'search\\_%' ESCAPE '\\'"
                )
                return int(cur.fetchone()[0])
            except Exception:  # noqa: BLE001 — dbstat is optional in SQLite builds
                cur.execute("PRAGMA page_count")
                pages = cur.fetchone()[0]
                cur.execute("PRAGMA page_size")
                return int(pages * cur.fetchone()[0])
