"""The search benchmark's peers, on the same documents and queries: tantivy (with and without
ASCII folding) and plain SQLite FTS5 with unicode61 remove_diacritics 2."""

from __future__ import annotations

import re
import shutil
import sqlite3
import time

from common import OUT, K
from scoring import (
    fold,
    key_of,
    keyword_quality,
    latency_queries,
    question_latency_set,
    question_quality,
    timed,
)


# --- the peers ------------------------------------------------------------------------------
def peer_query(q: str, prefix_star: str = "") -> tuple[list[str], list[str]]:
    phrases = re.findall(r'"([^"]*)"', q)
    loose = re.sub(r'"[^"]*"', " ", q)
    return re.findall(r"\w+", loose.lower()), [
        " ".join(re.findall(r"\w+", p.lower())) for p in phrases
    ]


def tantivy_searcher(rows, folding: bool):
    """A tantivy index of ``rows`` (title, body, url): BM25, title boosted x3; ``folding``:
    ASCII folding (folds đ), else lower case only. Returns (index, searcher, ranker, build
    seconds, path); ``ranker(conjunction, k)`` ranks a query's keys (AND or OR mode)."""
    import tantivy

    path = OUT / ("tantivy" if folding else "tantivy-accents")
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("title", stored=False, tokenizer_name="vi")
    sb.add_text_field("body", stored=False, tokenizer_name="vi")
    sb.add_text_field("key", stored=True, tokenizer_name="raw")
    index = tantivy.Index(sb.build(), path=str(path))
    analyzer = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(
        tantivy.Filter.lowercase()
    )
    if folding:
        analyzer = analyzer.filter(tantivy.Filter.ascii_fold())
    index.register_tokenizer("vi", analyzer.build())
    started = time.perf_counter()
    writer = index.writer(200_000_000, 1)
    for title, body, url in rows:
        writer.add_document(tantivy.Document(title=title, body=body, key=key_of(title, url)))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    build = time.perf_counter() - started
    searcher = index.searcher()

    def ranker(conjunction: bool, k: int = K):
        def t_rank(q: str) -> list[str]:
            words, phrases = peer_query(q)
            plus = "+" if conjunction else ""
            text = " ".join([f"{plus}{w}" for w in words] + [f'+"{p}"' for p in phrases if p])
            if not text:
                return []
            query = index.parse_query(text, ["title", "body"], {"title": 3.0})
            hits = searcher.search(query, k).hits
            return [searcher.doc(addr)["key"][0] for _, addr in hits]

        return t_rank

    return index, searcher, ranker, build, path


def tantivy_peer(rows, sets, splits, folding: bool) -> dict:
    """tantivy, BM25, title boosted x3; ``folding``: ASCII folding (folds đ), else lower case
    only (accents kept: a query typed without them finds only unaccented words)."""
    import tantivy

    index, searcher, ranker, build, path = tantivy_searcher(rows, folding)

    def t_run(mode, q):
        if mode == "prefix":
            words, _ = peer_query(q)
            if not words:
                return []
            last = fold(words[-1]) if folding else words[-1]
            query = tantivy.Query.boolean_query(
                [(tantivy.Occur.Must, index.parse_query(w, ["title"])) for w in words[:-1]]
                + [
                    (
                        tantivy.Occur.Must,
                        tantivy.Query.regex_query(index.schema, "title", re.escape(last) + ".*"),
                    )
                ]
            )
            return searcher.search(query, 8).hits
        return ranker(True)(q)

    size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    out = {
        "index_build_s": round(build, 1),
        "index_size_mb": round(size / 1e6, 1),
        "latency": timed(t_run, latency_queries()),
        "latency_questions_or": timed(lambda m, q: ranker(False)(q), question_latency_set(sets)),
        **keyword_quality(ranker(True), splits),
        "questions": question_quality(ranker(True), sets, splits),
        "or": {
            **keyword_quality(ranker(False), splits),
            "questions": question_quality(ranker(False), sets, splits),
        },
    }
    return out


def fts5_database(rows) -> tuple[sqlite3.Connection, float, object]:
    """Plain FTS5 over ``rows`` (title, body, url), unicode61 remove_diacritics 2 (đ stays đ).
    Returns (connection, build seconds, ranker); ``ranker(joiner, k)`` ranks a query's keys by
    bm25(t, 3.0, 1.0), its words joined by `` AND `` or `` OR ``."""
    db_path = OUT / "fts5-plain.sqlite3"
    db_path.unlink(missing_ok=True)
    db = sqlite3.connect(db_path)
    db.execute(
        "CREATE VIRTUAL TABLE t USING fts5(title, body, key UNINDEXED, "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    started = time.perf_counter()
    with db:
        db.executemany(
            "INSERT INTO t (title, body, key) VALUES (?, ?, ?)",
            [(title, body, key_of(title, url)) for title, body, url in rows],
        )
    build = time.perf_counter() - started

    def ranker(joiner: str, k: int = K):
        def f_rank(q: str) -> list[str]:
            expr = f_expr(q, joiner=joiner)
            if not expr:
                return []
            sql = "SELECT key FROM t WHERE t MATCH ? ORDER BY bm25(t, 3.0, 1.0, 0.0) LIMIT ?"
            return [r[0] for r in db.execute(sql, (expr, k))]

        return f_rank

    return db, build, ranker


def f_expr(q: str, star: bool = False, joiner: str = " AND ") -> str:
    """The FTS5 expression of a query: its words joined by ``joiner``, quoted phrases required."""
    words, phrases = peer_query(q)
    parts = [f'"{w}"' for w in words]
    if star and parts:
        parts[-1] += " *"
    expr = joiner.join(parts)
    required = [f'"{p}"' for p in phrases if p]
    if required:
        expr = " AND ".join(([f"({expr})"] if expr else []) + required)
    return expr


def fts5_peer(rows, sets, splits) -> dict:
    """Plain FTS5, unicode61 remove_diacritics 2 (đ stays đ), bm25(t, 3.0, 1.0)."""
    db, build, ranker = fts5_database(rows)
    db_path = OUT / "fts5-plain.sqlite3"

    def f_run(mode, q):
        if mode == "prefix":
            expr = f_expr(q, star=True)
            if not expr:
                return []
            return db.execute(
                "SELECT key FROM t WHERE title MATCH ? ORDER BY bm25(t) LIMIT 8",
                ("{title} : (" + expr + ")",),
            ).fetchall()
        return ranker(" AND ")(q)

    out = {
        "index_build_s": round(build, 1),
        "index_size_mb": round(db_path.stat().st_size / 1e6, 1),
        "latency": timed(f_run, latency_queries()),
        "latency_questions_or": timed(lambda m, q: ranker(" OR ")(q), question_latency_set(sets)),
        **keyword_quality(ranker(" AND "), splits),
        "questions": question_quality(ranker(" AND "), sets, splits),
        "or": {
            **keyword_quality(ranker(" OR "), splits),
            "questions": question_quality(ranker(" OR "), sets, splits),
        },
    }
    db.close()
    return out


def peers(rows, sets, splits) -> dict:
    return {
        "tantivy": tantivy_peer(rows, sets, splits, folding=True),
        "tantivy_accents": tantivy_peer(rows, sets, splits, folding=False),
        "fts5_plain": fts5_peer(rows, sets, splits),
    }
