"""SQLite: an FTS5 table of six columns ranked by FTS5's own bm25().

Columns: folded title/body (what must match), accented title/body and folded bigrams of
title/body (what ranks a document higher). The bonus clause always matches when the required
words do, so it changes the order, never the set of results.
"""

from __future__ import annotations

from django.db import connection

from .base import DOC, SearchBackend, where_sql

TABLE = "search_fts"
CREATE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    "tf, bf, ta, ba, tb, bb, "
    "tokenize = \"unicode61 remove_diacritics 0 tokenchars '_'\", prefix = '2 3')"
)
DROP = f"DROP TABLE IF EXISTS {TABLE}"
# bm25 column weights: title words count more than body words; accents and bigrams add.
WEIGHTS = "10.0, 1.0, 1.0, 0.2, 5.0, 0.5"
SAMPLE = 1000  # when a query matches more than the count cap, rank within this many
SUGGEST_SAMPLE = 500  # titles looked at for suggestions: a short prefix matches most of them
SUGGEST_WEIGHTS = "1.0, 0.0, 0.0, 0.0, 0.0, 0.0"


def _q(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def match_expression(query) -> str:
    """The FTS5 MATCH string: required words and phrases AND a clause that only ranks."""
    folded = query.folded_terms()
    required = [f"{{tf bf}} : {_q(t)}" for t in folded]
    required += [f"{{tf bf}} : {_q(' '.join(w.folded for w in p))}" for p in query.phrases]
    bonus = [f"{{ta ba}} : {_q(a)}" for a in query.accented_terms()]
    bonus += [f"{{tb bb}} : {_q(b)}" for b in query.bigrams()]
    expression = " AND ".join(required)
    if bonus:
        expression = f"({expression}) AND ({{tf bf}} : {_q(folded[0])} OR {' OR '.join(bonus)})"
    return expression


class SQLiteBackend(SearchBackend):
    vendor = "sqlite"

    def write(self, rows) -> None:
        if not rows:
            return
        with connection.cursor() as cur:
            cur.executemany(
                f"INSERT INTO {TABLE} (rowid, tf, bf, ta, ba, tb, bb) "  # noqa: S608
                "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                [
                    (
                        doc.pk,
                        " ".join(t.title_folded),
                        " ".join(t.body_folded),
                        " ".join(t.title_accented),
                        " ".join(t.body_accented),
                        " ".join(t.title_bigrams),
                        " ".join(t.body_bigrams),
                    )
                    for doc, t in rows
                ],
            )

    def optimize(self) -> None:
        with connection.cursor() as cur:
            cur.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('optimize')")  # noqa: S608
            cur.execute("ANALYZE")

    def delete(self, ids: list[int]) -> None:
        with connection.cursor() as cur:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ", ".join(["%s"] * len(chunk))
                cur.execute(f"DELETE FROM {TABLE} WHERE rowid IN ({marks})", chunk)  # noqa: S608

    def clear(self) -> None:
        super().clear()
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {TABLE}")  # noqa: S608

    def search(self, query, filters, vis, limit, offset, many=False):
        where, params = where_sql(filters, vis)
        expression = match_expression(query)
        select = (
            f"SELECT d.id, bm25({TABLE}, {WEIGHTS}) AS score "  # noqa: S608
            f"FROM {TABLE} JOIN {DOC} d ON d.id = {TABLE}.rowid "
            f"WHERE {TABLE} MATCH %s AND {where}"
        )
        with connection.cursor() as cur:
            if not many:
                cur.execute(
                    f"{select} ORDER BY score, d.id LIMIT %s OFFSET %s",
                    [expression, *params, limit, offset],
                )
                return [(pk, -score) for pk, score in cur.fetchall()]
            # Very many matches: the documents whose title holds every word come first, ranked;
            # then the best of a bounded sample of the others. Cost no longer grows with the
            # corpus beyond walking the posting lists once.
            need = limit + offset
            title = " AND ".join(_q(t) for t in query.folded_terms())
            bounded = f"SELECT id, score FROM ({select} LIMIT %s) ORDER BY score, id LIMIT %s"  # noqa: S608
            cur.execute(
                bounded,
                [f"({expression}) AND ({{tf}} : ({title}))", *params, SAMPLE, need],
            )
            ranked = cur.fetchall()
            if len(ranked) < need:
                seen = {pk for pk, _ in ranked}
                cur.execute(bounded, [expression, *params, SAMPLE, need + len(ranked)])
                ranked += [row for row in cur.fetchall() if row[0] not in seen]
            return [(pk, -score) for pk, score in ranked[offset:need]]

    def counts(self, query, filters, vis, cap, with_kind=False):
        where, params = where_sql(filters, vis, with_kind=with_kind)
        folded = [f"{{tf bf}} : {_q(t)}" for t in query.folded_terms()]
        folded += [f"{{tf bf}} : {_q(' '.join(w.folded for w in p))}" for p in query.phrases]
        sql = (
            f"SELECT kind, COUNT(*) FROM (SELECT d.kind FROM {TABLE} "  # noqa: S608
            f"JOIN {DOC} d ON d.id = {TABLE}.rowid "
            f"WHERE {TABLE} MATCH %s AND {where} LIMIT %s) GROUP BY kind"
        )
        with connection.cursor() as cur:
            cur.execute(sql, [" AND ".join(folded), *params, cap + 1])
            return dict(cur.fetchall())

    def suggest(self, query, vis, limit):
        terms = query.folded_terms()
        if not terms:
            return []
        last = query.words[-1].folded
        parts = [f"tf : {_q(t)}" for t in terms if t != last]
        parts.append(f"tf : {_q(last)} *")
        where, params = where_sql(None, vis)
        sql = (
            "SELECT id FROM ("  # noqa: S608
            f"SELECT d.id, bm25({TABLE}, {SUGGEST_WEIGHTS}) AS score, length(d.title) AS size "
            f"FROM {TABLE} JOIN {DOC} d ON d.id = {TABLE}.rowid "
            f"WHERE {TABLE} MATCH %s AND {where} LIMIT %s) ORDER BY score, size, id LIMIT %s"
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
