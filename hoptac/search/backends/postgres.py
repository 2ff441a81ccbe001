"""PostgreSQL: tsvector columns built from pre-folded words (no dictionary, no unaccent), and
the ranking of ``matching`` (FTS5's bm25() and the same signals) computed in SQL.

``v`` holds the folded words with positions (title weighted A, body D) plus, without positions,
the accented forms that differ; ``t`` the folded title alone. A statistics table kept in step
with every write holds each word's document frequency, the number of documents and of words:
the same figures FTS5 keeps, so the idf and the average length are the same as SQLite's.

BM25 needs each word's occurrences in the title and in the document; ``ts_rank`` of one word,
with every weight 1 and no normalisation, is the sum of 1/j² over its j occurrences divided by
pi²/6, so ``width_bucket`` over the partial sums gives the count back (exact up to the 255
positions a tsvector keeps per word). Every document that matches is scored: a real top-k.
"""

from __future__ import annotations

import time
from collections import Counter

from django.db import connection

from .. import matching
from .base import DOC, SearchBackend, postings_built, postings_cleared, where_sql

TABLE = "search_pgindex"
STATS = "search_pgterm"
N_DOCS = " docs"  # rows of the statistics table that are not words (a word has no space)
N_WORDS = " words"
MAX_POSITION = 16383
MAX_POSITIONS_PER_WORD = 255
MAX_LEXEME = 200
SUGGEST_SAMPLE = 500  # titles looked at for suggestions: a short prefix matches most of them

CREATE = [
    f"""CREATE TABLE IF NOT EXISTS {TABLE} (
        id bigint PRIMARY KEY,
        kind varchar(40) NOT NULL,
        public boolean NOT NULL,
        date date,
        length integer NOT NULL,
        title_length integer NOT NULL DEFAULT 0,
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


def _terms(t) -> set[str]:
    return {
        *t.title_folded,
        *t.body_folded,
        *_accented(t.title_accented, t.title_folded),
        *_accented(t.body_accented, t.body_folded),
    }


def _phrase(words) -> str:
    return " <-> ".join(_lit(w) for w in words)


def _stats(cur, terms: list[str]) -> dict[str, int]:
    """Rows of the statistics table: words' document frequencies, documents, words."""
    cur.execute(f"SELECT term, df FROM {STATS} WHERE term = ANY(%s)", [terms])  # noqa: S608
    return dict(cur.fetchall())


def _counts(cur, matches: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """The documents whose column (``v`` all, ``t`` the title) matches each tsquery, in one
    statement."""
    sql = ", ".join(
        f"(SELECT count(*) FROM {TABLE} WHERE {column} @@ %s::tsquery)"  # noqa: S608
        for column, _q in matches
    )
    cur.execute(f"SELECT {sql}", [q for _c, q in matches])  # noqa: S608
    return dict(zip(matches, map(int, cur.fetchone()), strict=True))


class PostgresBackend(SearchBackend):
    vendor = "postgresql"
    # the last word of a document is at its length + 5 (the gap after the title): beyond
    # MAX_POSITION every word is there; a word keeps its first 255 positions; a longer one none
    phrase_limits = (MAX_POSITION - 5, MAX_POSITIONS_PER_WORD, MAX_LEXEME)

    def _adjust(self, cur, delta: Counter) -> None:
        """Add to the words' document frequencies: one statement, the words in order (two
        writers lock the rows they share in the same order)."""
        rows = sorted((term, n) for term, n in delta.items() if n)
        if rows:
            cur.execute(
                f"INSERT INTO {STATS} AS s (term, df) "  # noqa: S608
                "SELECT * FROM unnest(%s::text[], %s::bigint[]) "
                "ON CONFLICT (term) DO UPDATE SET df = s.df + EXCLUDED.df",
                [[t for t, _n in rows], [n for _t, n in rows]],
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
            values.append(
                (doc.pk, doc.kind, doc.public, doc.date, t.length, len(t.title_folded), v, title)
            )
        delta[N_DOCS] += len(rows)
        self._df.clear()
        with connection.cursor() as cur:
            # COPY: the rows in one stream, no statement per row
            with cur.copy(
                f"COPY {TABLE} (id, kind, public, date, length, title_length, v, t) FROM STDIN"
            ) as copy:
                for row in values:
                    copy.write_row(row)
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
        postings_cleared()

    def optimize(self) -> None:
        with connection.cursor() as cur:
            for table in (TABLE, STATS, DOC, "search_documentreader"):
                cur.execute(f"ANALYZE {table}")
        postings_built()

    # --- reading ------------------------------------------------------------------------
    def __init__(self) -> None:
        # (kind, word or pair) -> (read at, count), a few minutes
        self._df: dict[tuple, tuple[float, int]] = {}

    def stats(
        self, words: list[str], pairs: list[tuple[str, str]] = (), also: list[str] = ()
    ) -> matching.Stats:
        """The document count, average length and document frequencies of each word (from the
        statistics table; in titles, counted) and pair (counted as a phrase's matches),
        reused for STATS_TTL seconds."""
        now = time.monotonic()
        with connection.cursor() as cur:
            fresh = self._fresh("df", [*words, N_DOCS, N_WORDS], now, lambda k: _stats(cur, k))
            counts = self._fresh(
                "count",
                [*(("t", _lit(w)) for w in words), *(("v", _phrase(p)) for p in pairs)],
                now,
                lambda chunk: _counts(cur, chunk),
            )
        title_df = {w: n for w in words if (n := counts.get(("t", _lit(w)), 0))}
        pair_df = {p: n for p in pairs if (n := counts.get(("v", _phrase(p)), 0))}
        n = int(fresh.get(N_DOCS, 0))
        average = int(fresh.get(N_WORDS, 0)) / n if n else 1.0
        df = {w: fresh[w] for w in words if w in fresh}
        return matching.Stats(n, average, df, title_df, pair_df)

    def _matching(self, plan: matching.Plan) -> tuple[str, list]:
        """The condition on ``d`` that keeps the documents of the plan's level."""
        every = [_lit(t) for t in plan.terms]
        phrases = ["(" + " <-> ".join(_lit(w) for w in p) + ")" for p in plan.phrases]
        if plan.strict:
            return "d.v @@ %s::tsquery", [" & ".join(every + phrases)]
        sql, params = "d.v @@ %s::tsquery", [" | ".join(every)]
        if plan.need > 1:
            sql += " AND (" + " + ".join(["(d.v @@ %s::tsquery)::int"] * len(every)) + ") >= %s"
            params += [*every, plan.need]
        if phrases:
            sql += " AND d.v @@ %s::tsquery"
            params.append(" & ".join(phrases))
        return sql, params

    def count(self, plan, filters, vis, cap, with_kind=False):
        where, params = where_sql(filters, vis, with_kind=with_kind)
        match, match_params = self._matching(plan)
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT kind, COUNT(*) FROM (SELECT d.kind FROM {TABLE} d "  # noqa: S608
                f"WHERE {match} AND {where} LIMIT %s) s GROUP BY kind",
                [*match_params, *params, cap + 1],
            )
            return dict(cur.fetchall())

    def rank(self, plan, filters, vis, limit, offset):
        """FTS5's bm25() in SQL: for each content word, its occurrences in the title and in
        all (read back from ts_rank, see ``matching.tf_thresholds``), weighted and saturated
        exactly as SQLite does, plus the same signals."""
        where, params = where_sql(filters, vis)
        match, match_params = self._matching(plan)
        stats = plan.stats
        k1, b, title = matching.K1, matching.B, matching.TITLE_WEIGHT
        occurrences = (
            "width_bucket((ts_rank(%s::float4[], c.v, q.query, 0) * 1.64493406685)::float8, "
            "(SELECT th FROM k))"
        )
        f = f"({title} * tt + 1.0 * (ta - tt))"
        bm25 = (
            f"(SELECT COALESCE(SUM(idf * (({f} * ({k1} + 1.0)) / ({f} + {k1} * "  # noqa: S608
            f"(1 - {b} + {b} * c.length / %s)))), 0) FROM (SELECT q.idf, "
            f"{occurrences} AS ta, {occurrences} AS tt "
            "FROM unnest(%s::tsquery[], %s::float8[]) WITH ORDINALITY AS q(query, idf, i) "
            "ORDER BY q.i) w)"
        )
        score, score_params = (
            bm25,
            [
                stats.average_length,
                [1, 1, 1, 1],
                [0, 0, 0, 1],
                [_lit(t) for t in plan.terms],
                [plan.idf(t) for t in plan.terms],
            ],
        )
        for bonus in plan.bonuses:
            column = "c.t" if bonus.kind in ("title_pair", "title_word") else "c.v"
            score += f" + %s * ({column} @@ %s::tsquery)::int"
            if bonus.kind == "title_word":
                score += " / " + matching.title_norm("c.title_length")
            score_params += [bonus.weight, _phrase(bonus.words)]
        sql = (
            "WITH k AS (SELECT %s::float8[] AS th), "  # noqa: S608
            "c AS (SELECT d.id, d.length, d.title_length, d.v, d.t "
            f"FROM {TABLE} d WHERE {match} AND {where}) "
            f"SELECT id, score FROM (SELECT c.id, {score} AS score FROM c) s "
            f"ORDER BY round(score::numeric, {matching.DECIMALS}) DESC, id LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cur:
            cur.execute(
                sql,
                [
                    matching.tf_thresholds(MAX_POSITIONS_PER_WORD + 1),
                    *match_params,
                    *params,
                    *score_params,
                    limit,
                    offset,
                ],
            )
            return [(pk, float(s)) for pk, s in cur.fetchall()]

    def phrase_ids(self, words, ids=None, title=False) -> list[int]:
        """Documents holding the words side by side (in the title only with ``title``),
        among ``ids`` when given (the postings' candidates)."""
        column = "t" if title else "v"
        if ids is None:
            sql = f"SELECT id FROM {TABLE} WHERE {column} @@ %s::tsquery"  # noqa: S608
            params: list = [_phrase(words)]
        else:
            # each candidate by its key, its vector checked by the operator's own function:
            # ``@@`` would let the planner take the GIN index, whose phrase matches are
            # rechecked row by row over every document holding all the words
            sql = (
                f"SELECT id FROM {TABLE} WHERE id = ANY(%s::bigint[]) "  # noqa: S608
                f"AND ts_match_vq({column}, %s::tsquery)"
            )
            # (the ids as one array literal: psycopg dumps a list of thousands of numbers
            # element by element, ~15 ms of CPU for 28,000 at 1,000,000 documents, twice with
            # DEBUG's query log; the literal costs 3)
            params = ["{" + ",".join(map(str, ids)) + "}", _phrase(words)]
        with connection.cursor() as cur:
            cur.execute(sql, params)
            return [row[0] for row in cur.fetchall()]

    def suggest(self, query, vis, limit):
        terms = query.folded_terms()
        if not terms:
            return []
        last = query.words[-1].folded
        parts = [_lit(t) for t in terms if t != last] + [f"{_lit(last)}:*"]
        tsq = " & ".join(parts)
        where, params = where_sql(None, vis)
        # the sample: the first titles by id, as SQLite's (its full-text matches come in rowid
        # order); a LIMIT alone took whichever rows the scan met first, which could differ
        # from one run to the next. ``id + 0``: the matches found by the title's index and
        # the first kept, not the table read in id order until enough match (a rare prefix's
        # read would be the whole table)
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT id FROM (SELECT d.id, d.length, d.t FROM {TABLE} d "  # noqa: S608
                f"WHERE d.t @@ %s::tsquery AND {where} ORDER BY d.id + 0 LIMIT %s) s "
                "ORDER BY ts_rank(s.t, %s::tsquery, 1) DESC, length, id LIMIT %s",
                [tsq, *params, SUGGEST_SAMPLE, tsq, limit],
            )
            return [row[0] for row in cur.fetchall()]

    def size_bytes(self) -> int:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                "WHERE c.relkind = 'r' AND c.relname LIKE 'search\\_%%'"
            )
            return int(cur.fetchone()[0])
