"""PostgreSQL: tsvector columns built from pre-folded words (no dictionary, no unaccent) and a
BM25-style score computed in SQL.

``ts_rank`` alone knows nothing of how rare a word is. Here each query word's ``ts_rank`` (which
already saturates with repetitions, like BM25's k1) is multiplied by its idf from a statistics
table kept in step with every write, and divided by a length norm against the average document.
Adjacent query words found as a phrase (in the text, and again in the title) and the accented
forms the user typed add to it, weighted by idf too.

The vectors stay small enough to live inside the row (no TOAST): folded words with positions,
plus the accented forms that differ, without positions. Scoring is done in two stages so that a
query matching most of the corpus costs the same as a rare one: candidates are the documents
whose title holds every word (best title rank first) plus the first matches found; only those are
scored. Counts stop at a cap.
"""

from __future__ import annotations

import math
import time
from collections import Counter

from django.db import connection

from .base import DOC, SearchBackend, where_sql

TABLE = "search_pgindex"
STATS = "search_pgterm"
N_DOCS = " docs"  # rows of the statistics table that are not words (a word has no space)
N_WORDS = " words"
MAX_POSITION = 16383
MAX_POSITIONS_PER_WORD = 255
MAX_LEXEME = 200
B = 0.6  # length normalisation
WEIGHTS = "{0.35, 0.35, 0.35, 1.0}"  # D (body) ... A (title)
BIGRAM_FACTOR = 0.5
ACCENT_FACTOR = 0.5
CANDIDATES = 150
SAMPLE = 1000  # title matches looked at when choosing candidates
SUGGEST_SAMPLE = 500  # titles looked at for suggestions: a short prefix matches most of them
STATS_TTL = 120.0  # seconds an idf read from the statistics table is reused by a process

CREATE = [
    f"""CREATE TABLE IF NOT EXISTS {TABLE} (
        id bigint PRIMARY KEY,
        kind varchar(40) NOT NULL,
        public boolean NOT NULL,
        date date,
        length integer NOT NULL,
        v tsvector NOT NULL,
        t tsvector NOT NULL)""",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_v ON {TABLE} USING gin (v)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_t ON {TABLE} USING gin (t)",
    f"CREATE TABLE IF NOT EXISTS {STATS} (term text PRIMARY KEY, df bigint NOT NULL)",
]
DROP = [f"DROP TABLE IF EXISTS {TABLE}", f"DROP TABLE IF EXISTS {STATS}"]


def _lit(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector(parts: list[tuple[str, list[str]]], extra: set[str] = frozenset()) -> str:
    """A tsvector literal: words with positions and a weight per part, extra words bare."""
    positions: dict[str, list[str]] = {}
    pos = 0
    for weight, words in parts:
        for word in words:
            pos += 1
            if len(word) > MAX_LEXEME:
                continue
            slot = positions.setdefault(word, [])
            if len(slot) < MAX_POSITIONS_PER_WORD:
                slot.append(f"{min(pos, MAX_POSITION)}{weight}")
        pos += 5  # no phrase across title and body
    out = [f"{_lit(w)}:{','.join(p)}" for w, p in positions.items()]
    out += [_lit(w) for w in extra if w not in positions and len(w) <= MAX_LEXEME]
    return " ".join(out)


def _accented(words: list[str], folded: list[str]) -> set[str]:
    return {a for a, f in zip(words, folded, strict=False) if a != f}


def vectors(t) -> tuple[str, str]:
    """The document's vector (title A, body D) and its title-only vector."""
    marked = _accented(t.title_accented, t.title_folded)
    v = tsvector(
        [("A", t.title_folded), ("", t.body_folded)],
        marked | _accented(t.body_accented, t.body_folded),
    )
    return v, tsvector([("", t.title_folded)], marked)


def tsquery_all(query) -> str:
    parts = [_lit(t) for t in query.folded_terms()]
    parts += ["(" + " <-> ".join(_lit(w.folded) for w in p) + ")" for p in query.phrases]
    return " & ".join(parts)


def _terms(t) -> set[str]:
    return {
        *t.title_folded,
        *t.body_folded,
        *_accented(t.title_accented, t.title_folded),
        *_accented(t.body_accented, t.body_folded),
    }


class PostgresBackend(SearchBackend):
    vendor = "postgresql"

    def _adjust(self, cur, delta: Counter) -> None:
        rows = [(term, n) for term, n in delta.items() if n]
        if rows:
            cur.executemany(
                f"INSERT INTO {STATS} AS s (term, df) VALUES (%s, %s) "  # noqa: S608
                "ON CONFLICT (term) DO UPDATE SET df = s.df + EXCLUDED.df",
                rows,
            )

    def write(self, rows) -> None:
        if not rows:
            return
        delta: Counter = Counter()
        values = []
        for doc, t in rows:
            delta.update(_terms(t))
            delta[N_WORDS] += t.length
            v, title = vectors(t)
            values.append((doc.pk, doc.kind, doc.public, doc.date, t.length, v, title))
        delta[N_DOCS] += len(rows)
        self._df.clear()
        with connection.cursor() as cur:
            cur.executemany(
                f"INSERT INTO {TABLE} (id, kind, public, date, length, v, t) "  # noqa: S608
                "VALUES (%s, %s, %s, %s, %s, %s::tsvector, %s::tsvector)",
                values,
            )
            self._adjust(cur, delta)

    def delete(self, ids: list[int]) -> None:
        self._df.clear()
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT w, count(*) FROM (SELECT unnest(tsvector_to_array(v)) AS w "  # noqa: S608
                f"FROM {TABLE} WHERE id = ANY(%s)) t GROUP BY w",
                [ids],
            )
            delta = Counter({w: -n for w, n in cur.fetchall()})
            cur.execute(
                f"SELECT count(*), COALESCE(SUM(length), 0) FROM {TABLE} "  # noqa: S608
                "WHERE id = ANY(%s)",
                [ids],
            )
            n, words = cur.fetchone()
            delta[N_DOCS] -= n
            delta[N_WORDS] -= int(words)
            cur.execute(f"DELETE FROM {TABLE} WHERE id = ANY(%s)", [ids])  # noqa: S608
            self._adjust(cur, delta)
            cur.execute(f"DELETE FROM {STATS} WHERE df <= 0")  # noqa: S608

    def prune_orphans(self) -> int:
        """Drop index rows whose document is gone (no foreign key, so that Django's flush, a
        TRUNCATE of the managed tables, is not blocked); keeps the word statistics true."""
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT id FROM {TABLE} p WHERE NOT EXISTS "  # noqa: S608
                f"(SELECT 1 FROM {DOC} d WHERE d.id = p.id)"
            )
            ids = [row[0] for row in cur.fetchall()]
        if ids:
            self.delete(ids)
        return len(ids)

    def clear(self) -> None:
        self._df.clear()
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {TABLE}")  # noqa: S608
            cur.execute(f"DELETE FROM {STATS}")  # noqa: S608
        super().clear()

    def optimize(self) -> None:
        with connection.cursor() as cur:
            for table in (TABLE, STATS, DOC, "search_documentreader"):
                cur.execute(f"ANALYZE {table}")

    # --- reading ------------------------------------------------------------------------
    def __init__(self) -> None:
        self._df: dict[str, tuple[float, int]] = {}  # term -> (read at, df), a few minutes

    def _idf(self, cur, terms: list[str]) -> tuple[dict[str, float], float]:
        now = time.monotonic()
        wanted = [*terms, N_DOCS, N_WORDS]
        fresh = {t: v[1] for t in wanted if (v := self._df.get(t)) and now - v[0] < STATS_TTL}
        missing = [t for t in wanted if t not in fresh]
        if missing:
            cur.execute(
                f"SELECT term, df FROM {STATS} WHERE term = ANY(%s)",  # noqa: S608
                [missing],
            )
            found = dict(cur.fetchall())
            if len(self._df) > 50_000:
                self._df.clear()
            for t in missing:
                self._df[t] = (now, int(found.get(t, 0)))
                fresh[t] = int(found.get(t, 0))
        df = fresh
        n = max(int(df.get(N_DOCS, 0)), 1)
        avg = max(int(df.get(N_WORDS, 0)) / n, 1.0)
        idf = {t: math.log(1 + (n - df.get(t, 0) + 0.5) / (df.get(t, 0) + 0.5)) for t in terms}
        return idf, avg

    def search(self, query, filters, vis, limit, offset, many=False):
        folded = query.folded_terms()
        accented = query.accented_terms()
        where, params = where_sql(filters, vis)
        with connection.cursor() as cur:
            idf, avg = self._idf(cur, folded + accented)
            rank = f"ts_rank('{WEIGHTS}', d.v, %s::tsquery, 0)"
            words = " + ".join(f"%s * {rank}" for _ in folded)
            score = f"({words}) / ({1 - B} + {B} * d.length / %s)"
            score_params: list = [x for t in folded for x in (idf[t], _lit(t))] + [avg]
            for pair in query.bigrams():
                a, b = pair.split("_", 1)
                phrase = f"{_lit(a)} <-> {_lit(b)}"
                score += " + %s * ((d.v @@ %s::tsquery)::int + (d.t @@ %s::tsquery)::int)"
                score_params += [BIGRAM_FACTOR * (idf[a] + idf[b]) / 2, phrase, phrase]
            for word in accented:
                score += " + %s * ((d.v @@ %s::tsquery)::int + (d.t @@ %s::tsquery)::int)"
                score_params += [ACCENT_FACTOR * idf[word], _lit(word), _lit(word)]
            candidates = max(CANDIDATES, limit + offset)
            title_all = " & ".join(_lit(t) for t in folded)
            title_any = " | ".join(_lit(t) for t in folded)
            match = tsquery_all(query)
            sql = (
                "WITH m AS ((SELECT id FROM (SELECT d.id, d.length, "  # noqa: S608
                f"ts_rank(d.t, %s::tsquery, 1) AS r FROM {TABLE} d "
                f"WHERE d.t @@ %s::tsquery AND d.v @@ %s::tsquery AND {where} LIMIT %s) t "
                "ORDER BY r DESC, length LIMIT %s) "
                f"UNION (SELECT d.id FROM {TABLE} d WHERE d.v @@ %s::tsquery AND {where} "
                "LIMIT %s)) "
                f"SELECT d.id, {score} AS score FROM {TABLE} d JOIN m ON m.id = d.id "
                "ORDER BY score DESC, d.id LIMIT %s OFFSET %s"
            )
            cur.execute(
                sql,
                [
                    title_any,
                    title_all,
                    match,
                    *params,
                    SAMPLE,
                    candidates,
                    match,
                    *params,
                    candidates,
                    *score_params,
                    limit,
                    offset,
                ],
            )
            return [(pk, float(s)) for pk, s in cur.fetchall()]

    def counts(self, query, filters, vis, cap, with_kind=False):
        where, params = where_sql(filters, vis, with_kind=with_kind)
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT kind, COUNT(*) FROM (SELECT d.kind FROM {TABLE} d "  # noqa: S608
                f"WHERE d.v @@ %s::tsquery AND {where} LIMIT %s) s GROUP BY kind",
                [tsquery_all(query), *params, cap + 1],
            )
            return dict(cur.fetchall())

    def suggest(self, query, vis, limit):
        terms = query.folded_terms()
        if not terms:
            return []
        last = query.words[-1].folded
        parts = [_lit(t) for t in terms if t != last] + [f"{_lit(last)}:*"]
        tsq = " & ".join(parts)
        where, params = where_sql(None, vis)
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT id FROM (SELECT d.id, d.length, ts_rank(d.t, %s::tsquery, 1) AS r "  # noqa: S608
                f"FROM {TABLE} d WHERE d.t @@ %s::tsquery AND {where} LIMIT %s) s "
                "ORDER BY r DESC, length, id LIMIT %s",
                [tsq, tsq, *params, SUGGEST_SAMPLE, limit],
            )
            return [row[0] for row in cur.fetchall()]

    def size_bytes(self) -> int:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                "WHERE c.relkind = 'r' AND c.relname LIKE 'search\\_%%'"
            )
            return int(cur.fetchone()[0])
