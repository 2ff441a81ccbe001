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
TITLE_BODY_WEIGHTS = "{0.35, 0.35, 0.35, 1.0}"  # D (body) ... A (title)
BIGRAM_FACTOR = 0.9
ACCENT_FACTOR = 1.2

CREATE = [
    f"""CREATE TABLE IF NOT EXISTS {TABLE} (
        document_id bigint PRIMARY KEY REFERENCES {DOC}(id) ON DELETE CASCADE
            DEFERRABLE INITIALLY DEFERRED,
        fv tsvector NOT NULL, av tsvector NOT NULL, bv tsvector NOT NULL)""",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_fv ON {TABLE} USING gin (fv)",
    f"CREATE TABLE IF NOT EXISTS {STATS} (term text PRIMARY KEY, df bigint NOT NULL)",
]
DROP = [f"DROP TABLE IF EXISTS {TABLE}", f"DROP TABLE IF EXISTS {STATS}"]


def _lit(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector(title: list[str], body: list[str]) -> str:
    """A tsvector literal: title words weighted A, body words D, positions kept for phrases."""
    positions: dict[str, list[str]] = {}
    pos = 0
    for weight, words in (("A", title), ("", body)):
        for word in words:
            pos += 1
            if len(word) > MAX_LEXEME:
                continue
            slot = positions.setdefault(word, [])
            if len(slot) < MAX_POSITIONS_PER_WORD:
                slot.append(f"{min(pos, MAX_POSITION)}{weight}")
        pos += 5  # no phrase across title and body
    return " ".join(f"{_lit(w)}:{','.join(p)}" for w, p in positions.items())


def tsquery_all(query) -> str:
    parts = [_lit(t) for t in query.folded_terms()]
    parts += ["(" + " <-> ".join(_lit(w.folded) for w in p) + ")" for p in query.phrases]
    return " & ".join(parts)


def _terms(t) -> set[str]:
    return {w for w in t.title_folded + t.body_folded + t.title_bigrams + t.body_bigrams}


class PostgresBackend(SearchBackend):
    vendor = "postgresql"

    def _adjust(self, cur, delta: Counter) -> None:
        rows = [(term, n) for term, n in delta.items() if n]
        if rows:
            cur.executemany(
                f"INSERT INTO {STATS} (term, df) VALUES (%s, %s) "  # noqa: S608
                "ON CONFLICT (term) DO UPDATE SET df = {STATS}.df + EXCLUDED.df".replace(
                    "{STATS}", STATS
                ),
                rows,
            )

    def write(self, rows) -> None:
        if not rows:
            return
        delta: Counter = Counter()
        for _, t in rows:
            delta.update(_terms(t))
            delta[N_WORDS] += t.length
        delta[N_DOCS] += len(rows)
        with connection.cursor() as cur:
            cur.executemany(
                f"INSERT INTO {TABLE} (document_id, fv, av, bv) "  # noqa: S608
                "VALUES (%s, %s::tsvector, %s::tsvector, %s::tsvector)",
                [
                    (
                        pk,
                        tsvector(t.title_folded, t.body_folded),
                        tsvector(t.title_accented, t.body_accented),
                        tsvector(t.title_bigrams, t.body_bigrams),
                    )
                    for pk, t in rows
                ],
            )
            self._adjust(cur, delta)

    def delete(self, ids: list[int]) -> None:
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT w, count(*) FROM (SELECT unnest(tsvector_to_array(fv)) AS w "  # noqa: S608
                f"FROM {TABLE} WHERE document_id = ANY(%s) UNION ALL "
                f"SELECT unnest(tsvector_to_array(bv)) FROM {TABLE} WHERE document_id = ANY(%s)) t "
                "GROUP BY w",
                [ids, ids],
            )
            delta = Counter({w: -n for w, n in cur.fetchall()})
            cur.execute(
                f"SELECT count(*), COALESCE(SUM(d.length), 0) FROM {TABLE} x "  # noqa: S608
                f"JOIN {DOC} d ON d.id = x.document_id WHERE x.document_id = ANY(%s)",
                [ids],
            )
            n, words = cur.fetchone()
            delta[N_DOCS] -= n
            delta[N_WORDS] -= int(words)
            cur.execute(f"DELETE FROM {TABLE} WHERE document_id = ANY(%s)", [ids])  # noqa: S608
            self._adjust(cur, delta)
            cur.execute(f"DELETE FROM {STATS} WHERE df <= 0")  # noqa: S608

    def clear(self) -> None:
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {TABLE}")  # noqa: S608
            cur.execute(f"DELETE FROM {STATS}")  # noqa: S608
        super().clear()

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
        with connection.cursor() as cur:
            idf, avg = self._idf(cur, folded + bigrams)
            parts: list[str] = []
            score_params: list = []
            for t in folded:
                parts.append(f"%s * ts_rank('{TITLE_BODY_WEIGHTS}', x.fv, %s::tsquery, 0)")
                score_params += [idf[t], _lit(t)]
            words = " + ".join(parts)
            score = f"({words}) / ({1 - B} + {B} * d.length / %s)"
            score_params.append(avg)
            for b in bigrams:
                score += f" + %s * ts_rank('{TITLE_BODY_WEIGHTS}', x.bv, %s::tsquery, 0)"
                score_params += [BIGRAM_FACTOR * idf[b], _lit(b)]
            if accented:
                score += f" + %s * ts_rank('{TITLE_BODY_WEIGHTS}', x.av, %s::tsquery, 0)"
                score_params += [
                    ACCENT_FACTOR
                    * sum(idf[w.folded] for w in query.words if w.has_accents)
                    / max(len(accented), 1),
                    " | ".join(_lit(a) for a in accented),
                ]
            sql = (
                f"SELECT d.id, {score} AS score FROM {TABLE} x "  # noqa: S608
                f"JOIN {DOC} d ON d.id = x.document_id "
                f"WHERE x.fv @@ %s::tsquery AND {where} "
                "ORDER BY score DESC, d.id LIMIT %s OFFSET %s"
            )
            cur.execute(sql, [*score_params, tsquery_all(query), *params, limit, offset])
            return [(pk, float(s)) for pk, s in cur.fetchall()]

    def counts(self, query, filters, vis):
        where, params = where_sql(filters, vis, with_kind=False)
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT d.kind, COUNT(*) FROM {TABLE} x "  # noqa: S608
                f"JOIN {DOC} d ON d.id = x.document_id "
                f"WHERE x.fv @@ %s::tsquery AND {where} GROUP BY d.kind",
                [tsquery_all(query), *params],
            )
            return dict(cur.fetchall())

    def suggest(self, query, vis, limit):
        terms = query.folded_terms()
        if not terms:
            return []
        last = query.words[-1].folded
        parts = [f"{_lit(t)}:A" for t in terms if t != last] + [f"{_lit(last)}:*A"]
        tsq = " & ".join(parts)
        where, params = where_sql(None, vis)
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT d.id FROM {TABLE} x JOIN {DOC} d ON d.id = x.document_id "  # noqa: S608
                f"WHERE x.fv @@ %s::tsquery AND {where} "
                "ORDER BY ts_rank('{0, 0, 0, 1.0}', x.fv, %s::tsquery) DESC, "
                "length(d.title), d.id LIMIT %s",
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
