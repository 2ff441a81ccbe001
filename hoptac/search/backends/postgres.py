"""PostgreSQL: tsvector columns built from pre-folded words (no dictionary, no unaccent) and a
BM25-style score computed in SQL.

``ts_rank`` alone knows nothing of how rare a word is. Here each query word's ``ts_rank`` (which
already saturates with repetitions, like BM25's k1) is multiplied by its idf from a statistics
table kept in step with every write, and divided by a length norm against the average document;
bigrams and accented forms add to it the same way.
"""

from __future__ import annotations

import math
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
BIGRAM_FACTOR = 0.9
ACCENT_FACTOR = 1.2

CREATE = [
    f"""CREATE TABLE IF NOT EXISTS {TABLE} (
        id bigint PRIMARY KEY REFERENCES {DOC}(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
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


def tsvector(*parts: tuple[str, list[str], list[str], list[str]]) -> str:
    """A tsvector literal from (weight, folded, accented, bigrams) parts.

    Folded words carry the positions (phrases are matched on them); an accented form that
    differs from its folded form shares the position, and so does the bigram starting there.
    Folded words have no marks and bigrams have an underscore, so the three never collide.
    """
    positions: dict[str, list[str]] = {}

    def put(word: str, pos: int, weight: str) -> None:
        if len(word) > MAX_LEXEME:
            return
        slot = positions.setdefault(word, [])
        if len(slot) < MAX_POSITIONS_PER_WORD:
            slot.append(f"{min(pos, MAX_POSITION)}{weight}")

    pos = 0
    for weight, folded, accented, pairs in parts:
        for i, word in enumerate(folded):
            p = pos + i + 1
            put(word, p, weight)
            if accented and accented[i] != word:
                put(accented[i], p, weight)
            if i < len(pairs):
                put(pairs[i], p, weight)
        pos += len(folded) + 5  # no phrase across title and body
    return " ".join(f"{_lit(w)}:{','.join(p)}" for w, p in positions.items())


def vectors(t) -> tuple[str, str]:
    """The document's vector (title A, body D) and its title-only vector."""
    title = ("A", t.title_folded, t.title_accented, t.title_bigrams)
    body = ("", t.body_folded, t.body_accented, t.body_bigrams)
    return tsvector(title, body), tsvector(("", t.title_folded, [], t.title_bigrams))


def tsquery_all(query) -> str:
    parts = [_lit(t) for t in query.folded_terms()]
    parts += ["(" + " <-> ".join(_lit(w.folded) for w in p) + ")" for p in query.phrases]
    return " & ".join(parts)


def _terms(t) -> set[str]:
    return {
        *t.title_folded,
        *t.body_folded,
        *t.title_accented,
        *t.body_accented,
        *t.title_bigrams,
        *t.body_bigrams,
    }


class PostgresBackend(SearchBackend):
    vendor = "postgresql"
    candidates = 1000  # beyond this many matches, a cheap title rank picks whom to score

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
        with connection.cursor() as cur:
            cur.executemany(
                f"INSERT INTO {TABLE} (id, kind, public, date, length, v, t) "  # noqa: S608
                "VALUES (%s, %s, %s, %s, %s, %s::tsvector, %s::tsvector)",
                values,
            )
            self._adjust(cur, delta)

    def delete(self, ids: list[int]) -> None:
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT w, count(*) FROM (SELECT unnest(tsvector_to_array(v)) AS w "  # noqa: S608
                f"FROM {TABLE} WHERE id = ANY(%s)) t GROUP BY w",
                [ids],
            )
            delta = Counter({w: -n for w, n in cur.fetchall()})
            cur.execute(
                f"SELECT count(*), COALESCE(SUM(length), 0) FROM {TABLE} WHERE id = ANY(%s)",  # noqa: S608
                [ids],
            )
            n, words = cur.fetchone()
            delta[N_DOCS] -= n
            delta[N_WORDS] -= int(words)
            cur.execute(f"DELETE FROM {TABLE} WHERE id = ANY(%s)", [ids])  # noqa: S608
            self._adjust(cur, delta)
            cur.execute(f"DELETE FROM {STATS} WHERE df <= 0")  # noqa: S608

    def clear(self) -> None:
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {TABLE}")  # noqa: S608
            cur.execute(f"DELETE FROM {STATS}")  # noqa: S608
        super().clear()

    def optimize(self) -> None:
        with connection.cursor() as cur:
            for table in (TABLE, STATS, DOC, "search_documentreader"):
                cur.execute(f"ANALYZE {table}")

    # --- reading ------------------------------------------------------------------------
    def _idf(self, cur, terms: list[str]) -> tuple[dict[str, float], float]:
        cur.execute(
            f"SELECT term, df FROM {STATS} WHERE term = ANY(%s)",  # noqa: S608
            [[*terms, N_DOCS, N_WORDS]],
        )
        df = dict(cur.fetchall())
        n = max(int(df.get(N_DOCS, 0)), 1)
        avg = max(int(df.get(N_WORDS, 0)) / n, 1.0)
        idf = {t: math.log(1 + (n - df.get(t, 0) + 0.5) / (df.get(t, 0) + 0.5)) for t in terms}
        return idf, avg

    def search(self, query, filters, vis, limit, offset):
        folded = query.folded_terms()
        bigrams = query.bigrams()
        accented = query.accented_terms()
        where, params = where_sql(filters, vis)
        rank = f"ts_rank('{WEIGHTS}', c.v, %s::tsquery, 0)"
        with connection.cursor() as cur:
            idf, avg = self._idf(cur, folded + bigrams + accented)
            words = " + ".join(f"%s * {rank}" for _ in folded)
            score = f"({words}) / ({1 - B} + {B} * c.length / %s)"
            score_params: list = [x for t in folded for x in (idf[t], _lit(t))] + [avg]
            for b in bigrams:
                score += f" + %s * {rank}"
                score_params += [BIGRAM_FACTOR * idf[b], _lit(b)]
            for a in accented:
                score += f" + %s * {rank}"
                score_params += [ACCENT_FACTOR * idf[a], _lit(a)]
            title_any = " | ".join([_lit(t) for t in folded] + [_lit(b) for b in bigrams])
            sql = (
                f"WITH c AS (SELECT d.id, d.length, d.v FROM {TABLE} d "  # noqa: S608
                f"WHERE d.v @@ %s::tsquery AND {where} "
                "ORDER BY ts_rank(d.t, %s::tsquery, 1) DESC LIMIT %s) "
                f"SELECT c.id, {score} AS score FROM c "
                "ORDER BY score DESC, c.id LIMIT %s OFFSET %s"
            )
            cur.execute(
                sql,
                [
                    tsquery_all(query),
                    *params,
                    title_any,
                    max(self.candidates, 2 * (limit + offset)),
                    *score_params,
                    limit,
                    offset,
                ],
            )
            return [(pk, float(s)) for pk, s in cur.fetchall()]

    def counts(self, query, filters, vis):
        where, params = where_sql(filters, vis, with_kind=False)
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT d.kind, COUNT(*) FROM {TABLE} d "  # noqa: S608
                f"WHERE d.v @@ %s::tsquery AND {where} GROUP BY d.kind",
                [tsquery_all(query), *params],
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
                f"SELECT d.id FROM {TABLE} d "  # noqa: S608
                f"WHERE d.t @@ %s::tsquery AND {where} "
                "ORDER BY ts_rank(d.t, %s::tsquery, 1) DESC, d.length, d.id LIMIT %s",
                [tsq, *params, tsq, limit],
            )
            return [row[0] for row in cur.fetchall()]

    def size_bytes(self) -> int:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                "WHERE c.relkind = 'r' AND c.relname LIKE 'search\\_%%'"
            )
            return int(cur.fetchone()[0])
