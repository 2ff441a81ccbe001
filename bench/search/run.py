"""The search benchmark: `make bench-search`.

For each backend (SpatiaLite file under var/bench/, PostgreSQL) in its own process: migrate a
fresh database, load the demo, index it, add the 100,000-document corpus (timed: build time),
measure the index size, the latency of 300 queries and the quality on the judged set. Then the
two peers (tantivy with ASCII folding; plain FTS5 with unicode61 remove_diacritics 2) index the
same public documents and answer the same queries. Figures are printed and written, each named,
to var/bench/search.json.

PostgreSQL: HOPTAC_TEST_DATABASE_URL if set (a database named hoptac_bench_search is created
next to it), else a throwaway cluster (initdb in a temporary folder, a free port).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
OUT = ROOT / "var" / "bench"
CORPUS = int(os.environ.get("BENCH_SEARCH_DOCS", "100000"))
K = 10


# --- queries ------------------------------------------------------------------------------
def fold(text: str) -> str:
    text = text.lower().replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def latency_queries() -> list[tuple[str, str]]:
    """300 (mode, query): 150 typed with accents, the same 150 without."""
    v = json.loads((HERE / "vocabulary.json").read_text(encoding="utf-8"))
    rnd = random.Random(300)
    phrases = v["topics"] + v["bodies"] + v["provinces"]
    words = sorted({w for p in phrases for w in re.findall(r"\w+", p.lower())})
    picked: list[tuple[str, str]] = []
    picked += [("search", rnd.choice(words)) for _ in range(50)]
    for n, count in ((2, 40), (3, 30)):
        for _ in range(count):
            ws = re.findall(r"\w+", rnd.choice(phrases).lower())
            if len(ws) < n:
                ws = ws + re.findall(r"\w+", rnd.choice(v["provinces"]).lower())
            start = rnd.randint(0, max(0, len(ws) - n))
            picked.append(("search", " ".join(ws[start : start + n])))
    for _ in range(15):
        ws = re.findall(r"\w+", rnd.choice(v["topics"]).lower())
        picked.append(("search", '"' + " ".join(ws[:3]) + '"'))
    for _ in range(15):
        ws = re.findall(r"\w+", rnd.choice(v["topics"] + v["bodies"]).lower())
        n = rnd.randint(1, min(2, len(ws)))
        partial = ws[n - 1][: max(1, len(ws[n - 1]) - 1)]
        picked.append(("prefix", " ".join([*ws[: n - 1], partial])))
    return picked + [(mode, fold(q)) for mode, q in picked]


def judged(split: str = "dev") -> list[dict]:
    """The keyword set: every query as written and folded (without accents); every third query
    (index 2, 5, 8, …) is in the test split, scored only with ``--score-test``."""
    data = json.loads((HERE / "judged.json").read_text(encoding="utf-8"))
    out = []
    for i, item in enumerate(data):
        if _split(i) != split:
            continue
        out.append({"q": item["q"], "rel": item["rel"], "accents": True})
        out.append({"q": fold(item["q"]), "rel": item["rel"], "accents": False, "twin": item["q"]})
    return out


def ndcg(ranked: list[str], rel: dict[str, int]) -> float:
    dcg = sum((2 ** rel.get(t, 0) - 1) / math.log2(i + 2) for i, t in enumerate(ranked[:K]))
    ideal = sorted(rel.values(), reverse=True)[:K]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def mrr(ranked: list[str], rel: dict[str, int]) -> float:
    for i, t in enumerate(ranked[:K]):
        if rel.get(t, 0) > 0:
            return 1 / (i + 1)
    return 0.0


def quality(rank, split: str = "dev") -> dict:
    """nDCG@10, MRR@10 and accent agreement of a ranking function q -> list of keys, on one
    split of the keyword set."""
    items = judged(split)
    firsts: dict[str, str | None] = {}
    nd, rr = [], []
    for item in items:
        titles = rank(item["q"])
        nd.append(ndcg(titles, item["rel"]))
        rr.append(mrr(titles, item["rel"]))
        key = item.get("twin", item["q"])
        first = titles[0] if titles else None
        if item["accents"]:
            firsts[key] = first
        else:
            firsts[key + "\x00plain"] = first
    pairs = [k for k in firsts if not k.endswith("\x00plain")]
    same = sum(1 for k in pairs if firsts[k] is not None and firsts[k] == firsts[k + "\x00plain"])
    return {
        "judged_queries": len(items),
        "ndcg_at_10": round(statistics.mean(nd), 4),
        "mrr_at_10": round(statistics.mean(rr), 4),
        "ndcg_at_10_with_accents": round(statistics.mean(nd[0::2]), 4),
        "ndcg_at_10_without_accents": round(statistics.mean(nd[1::2]), 4),
        "same_first_result_without_accents": round(same / len(pairs), 4),
    }


def keyword_quality(rank, splits: tuple[str, ...]) -> dict:
    """The dev split's figures at the top level (the table), every split under ``keywords``."""
    per_split = {split: quality(rank, split) for split in splits}
    return {**per_split["dev"], "keywords": per_split}


# --- natural questions (bench/search/questions/, see its README) ---------------------------
QUESTIONS = HERE / "questions"
XQUAD = QUESTIONS / "xquad" / "xquad.vi.passages.json"
XQUAD_MODEL = "bench.xquad"


def key_of(title: str, url: str) -> str:
    """What a judgement names: the url of a benchmark document (#corpus-…, #xquad-…), else
    the title (the demo's objects, whose urls depend on the database's ids)."""
    return url if url.startswith("#") else title


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"\w+", fold(text))) + " "


def _split(i: int) -> str:
    return "test" if i % 3 == 2 else "dev"


def question_sets(corpus: list[tuple[str, str, str]]) -> dict[str, list[dict]]:
    """Every question set, each question with its judgements and its split (dev or test).

    ``corpus``: the public benchmark documents (title, body, url) against which the questions
    about the synthetic corpus are judged (rule: every named phrase in the title = the answer,
    2; in the title and body = related, 1)."""
    sets: dict[str, list[dict]] = {}
    site = json.loads((QUESTIONS / "site.json").read_text(encoding="utf-8"))
    sets["site"] = [
        {"q": it["q"], "rel": it["rel"], "split": _split(i)} for i, it in enumerate(site)
    ]
    folded = [(url, _words(title), _words(title + " " + body)) for title, body, url in corpus]
    corpus_q = json.loads((QUESTIONS / "corpus.json").read_text(encoding="utf-8"))
    sets["corpus"] = []
    for i, it in enumerate(corpus_q):
        need = [_words(n) for n in it["need"]]
        rel = {}
        for url, t, tb in folded:
            if all(n in t for n in need):
                rel[url] = 2
            elif all(n in tb for n in need):
                rel[url] = 1
        sets["corpus"].append({"q": it["q"], "rel": rel, "split": _split(i)})
    typed = json.loads((QUESTIONS / "xquad" / "typed.json").read_text(encoding="utf-8"))
    sets["xquad_typed"] = [
        {"q": it["q"], "rel": {f"#xquad-{it['rel']}": 2}, "split": _split(i)}
        for i, it in enumerate(typed)
    ]
    every = int(os.environ.get("BENCH_SEARCH_XQUAD_EVERY", "1"))  # a sample, for big corpora
    sets["xquad_original"] = [
        {"q": q, "rel": {f"#xquad-{p['id']}": 2}, "split": _split(i)}
        for i, p in enumerate(json.loads(XQUAD.read_text(encoding="utf-8")))
        for q in p["questions"]
    ][::every]
    return sets


def question_quality(rank, sets: dict[str, list[dict]], splits: tuple[str, ...]) -> dict:
    """Per set and split: nDCG@10 and MRR@10 as typed, with accents (the questions typed with
    them) and without (every question folded), and the share of questions answered at all."""
    out: dict[str, dict] = {}
    for name, items in sets.items():
        for split in splits:
            chosen = [it for it in items if it["split"] == split and it["rel"]]
            if not chosen:
                continue
            typed_nd, typed_rr, acc_nd, plain_nd, answered = [], [], [], [], 0
            for it in chosen:
                ranked = rank(it["q"])
                answered += bool(ranked)
                typed_nd.append(ndcg(ranked, it["rel"]))
                typed_rr.append(mrr(ranked, it["rel"]))
                plain = fold(it["q"])
                if plain != it["q"].lower():
                    acc_nd.append(typed_nd[-1])
                    plain_nd.append(ndcg(rank(plain), it["rel"]))
                else:
                    plain_nd.append(typed_nd[-1])
            out[f"{name}/{split}"] = {
                "questions": len(chosen),
                "ndcg_at_10": round(statistics.mean(typed_nd), 4),
                "mrr_at_10": round(statistics.mean(typed_rr), 4),
                "ndcg_at_10_with_accents": round(statistics.mean(acc_nd), 4) if acc_nd else None,
                "ndcg_at_10_without_accents": round(statistics.mean(plain_nd), 4),
                "answered": round(answered / len(chosen), 4),
            }
    return out


def question_latency_set(sets: dict[str, list[dict]]) -> list[tuple[str, str]]:
    """200 natural questions (dev, as typed), for the latency of question-like queries."""
    qs = [it["q"] for name in ("site", "corpus", "xquad_typed") for it in sets[name]]
    qs += [it["q"] for it in sets["xquad_original"][::10]]
    return [("search", q) for q in qs[:200]]


def timed(run, qs) -> dict:
    for _, q in qs[:20]:  # warm the caches
        run(_, q)
    times = []
    for mode, q in qs:
        started = time.perf_counter()
        run(mode, q)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "queries": len(times),
        "p50_ms": round(times[len(times) // 2], 2),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
        "max_ms": round(times[-1], 2),
    }


# --- one backend, in its own process ------------------------------------------------------
def add_xquad() -> int:
    """Index the XQuAD passages as public documents (kind ``passage``), for the questions."""
    import datetime as dt

    from hoptac.search import index
    from hoptac.search.models import Document

    prepared = []
    for p in json.loads(XQUAD.read_text(encoding="utf-8")):
        indexed = index.analyse(p["title"], p["context"])
        doc = Document(
            model=XQUAD_MODEL,
            object_id=p["id"],
            kind="passage",
            title=p["title"],
            body=p["context"],
            url=f"#xquad-{p['id']}",
            date=dt.date(2019, 10, 1),
            public=True,
            length=indexed.length,
            title_length=len(indexed.title_folded),
        )
        prepared.append(index.Prepared(doc, [], [], [], indexed))
    index.write(prepared, replace=False)
    return len(prepared)


def worker(database_url: str, docs: int, splits: tuple[str, ...]) -> dict:
    os.environ.update(
        DATABASE_URL=database_url, DEBUG="1", DJANGO_SETTINGS_MODULE="hoptac.settings"
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command

    from hoptac.search import queries
    from hoptac.search.backends import get_backend
    from hoptac.search.models import Document

    devnull = open(os.devnull, "w")  # noqa: SIM115
    call_command("migrate", verbosity=0, stdout=devnull)
    call_command("load_demo", stdout=devnull)
    call_command("rebuild_search_index", stdout=devnull)
    demo_docs = Document.objects.count()
    started = time.perf_counter()
    call_command("build_search_corpus", count=docs, stdout=devnull)
    build = time.perf_counter() - started
    passages = add_xquad()
    backend = get_backend()
    backend.optimize()
    anon = AnonymousUser()

    def run(mode, q):
        if mode == "prefix":
            return queries.suggest(q, anon)
        return queries.search(q, anon, limit=K)

    keys_of: dict[int, str] = {}

    def rank(q):
        ids = queries.ranked_ids(q, anon, K)
        missing = [i for i in ids if i not in keys_of]
        if missing:
            for pk, title, url in Document.objects.filter(pk__in=missing).values_list(
                "pk", "title", "url"
            ):
                keys_of[pk] = key_of(title, url)
        return [keys_of[i] for i in ids]

    public = list(Document.objects.filter(public=True).values_list("title", "body", "url"))
    sets = question_sets([row for row in public if row[2].startswith("#corpus-")])
    result = {
        "load_average_before_queries": [round(x, 2) for x in os.getloadavg()],
        "documents": demo_docs + docs + passages,
        "demo_documents": demo_docs,
        "index_build_s": round(build, 1),
        "index_size_mb": round(backend.size_bytes() / 1e6, 1),
        "latency": timed(run, latency_queries()),
        "latency_ranking_only": timed(
            lambda m, q: queries.ranked_ids(q, anon, K), latency_queries()
        ),
        "latency_questions": timed(run, question_latency_set(sets)),
        **keyword_quality(rank, splits),
        "questions": question_quality(rank, sets, splits),
    }
    # The peers index the same public documents, read from this (SpatiaLite) database.
    if database_url.startswith("spatialite"):
        result["peers"] = peers(public, sets, splits)
    return result


# --- the peers ------------------------------------------------------------------------------
def peer_query(q: str, prefix_star: str = "") -> tuple[list[str], list[str]]:
    phrases = re.findall(r'"([^"]*)"', q)
    loose = re.sub(r'"[^"]*"', " ", q)
    return re.findall(r"\w+", loose.lower()), [
        " ".join(re.findall(r"\w+", p.lower())) for p in phrases
    ]


def tantivy_peer(rows, sets, splits, folding: bool) -> dict:
    """tantivy, BM25, title boosted x3; ``folding``: ASCII folding (folds đ), else lower case
    only (accents kept: a query typed without them finds only unaccented words)."""
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

    def ranker(conjunction: bool):
        def t_rank(q: str) -> list[str]:
            words, phrases = peer_query(q)
            plus = "+" if conjunction else ""
            text = " ".join([f"{plus}{w}" for w in words] + [f'+"{p}"' for p in phrases if p])
            if not text:
                return []
            query = index.parse_query(text, ["title", "body"], {"title": 3.0})
            hits = searcher.search(query, K).hits
            return [searcher.doc(addr)["key"][0] for _, addr in hits]

        return t_rank

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


def fts5_peer(rows, sets, splits) -> dict:
    """Plain FTS5, unicode61 remove_diacritics 2 (đ stays đ), bm25(t, 3.0, 1.0)."""
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

    def f_expr(q: str, star: bool = False, joiner: str = " AND ") -> str:
        words, phrases = peer_query(q)
        parts = [f'"{w}"' for w in words]
        if star and parts:
            parts[-1] += " *"
        expr = joiner.join(parts)
        required = [f'"{p}"' for p in phrases if p]
        if required:
            expr = " AND ".join(([f"({expr})"] if expr else []) + required)
        return expr

    def ranker(joiner: str):
        def f_rank(q: str) -> list[str]:
            expr = f_expr(q, joiner=joiner)
            if not expr:
                return []
            sql = "SELECT key FROM t WHERE t MATCH ? ORDER BY bm25(t, 3.0, 1.0, 0.0) LIMIT ?"
            return [r[0] for r in db.execute(sql, (expr, K))]

        return f_rank

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


# --- orchestration --------------------------------------------------------------------------
def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Postgres:
    """The server named by HOPTAC_TEST_DATABASE_URL, or a throwaway cluster of our own."""

    def __enter__(self) -> str:
        self.dir = None
        given = os.environ.get("HOPTAC_TEST_DATABASE_URL")
        if given:
            return given.rsplit("/", 1)[0] + "/hoptac_bench_search"
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: p.parent.name)
        if not bins:
            raise SystemExit("bench-search: PostgreSQL is not installed (see README).")
        self.bin = bins[-1]
        self.dir = Path(tempfile.mkdtemp(prefix="hoptac-bench-pg."))
        self.run = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        port = free_port()
        data = self.dir / "data"
        subprocess.run(
            [
                *self.run,
                str(self.bin / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
            check=True,
            capture_output=True,
        )
        opts = (
            f"-p {port} -k {self.dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off"
        )
        subprocess.run(
            [
                *self.run,
                str(self.bin / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(self.dir / "log"),
                "-w",
                "-o",
                opts,
                "start",
            ],
            check=True,
            capture_output=True,
        )
        self.data = data
        return f"postgis://postgres@127.0.0.1:{port}/hoptac_bench_search"

    def __exit__(self, *exc) -> None:
        if self.dir:
            subprocess.run(
                [
                    *self.run,
                    str(self.bin / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-m",
                    "immediate",
                    "stop",
                ],
                capture_output=True,
            )
            shutil.rmtree(self.dir, ignore_errors=True)


def recreate_pg(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    admin = base.replace("postgis://", "postgresql://") + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(url.replace("postgis://", "postgresql://")) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")


def spawn(url: str, splits: tuple[str, ...]) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, __file__, "--worker", url, "--docs", str(CORPUS)]
        + (["--splits", ",".join(splits)]),
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode:
        sys.stderr.write(out.stderr[-4000:])
        raise SystemExit(f"bench-search: the worker for {url.split(':')[0]} failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


def systems(figures: dict) -> list[tuple[str, dict]]:
    """(name, figures) for Hoptac's backends and each peer in its AND and OR modes."""
    rows = [(f"hoptac/{k}", figures[k]) for k in ("sqlite", "postgresql") if k in figures]
    for name, f in figures.get("sqlite", {}).get("peers", {}).items():
        rows.append((f"{name}/AND", f))
        if "or" in f:
            rows.append((f"{name}/OR", {**f, **f["or"]}))
    return rows


def report(figures: dict, splits: tuple[str, ...]) -> list[str]:
    rows = systems(figures)
    first = rows[0][1]
    lines = [
        f"search benchmark: {first['documents']} documents, 300 latency queries, "
        f"{first['judged_queries']} judged keyword queries",
        "",
        "keyword queries (judged.json, with and without accents):",
        f"{'system':24} {'p50 ms':>8} {'p95 ms':>8} {'build s':>8} {'size MB':>8} "
        f"{'nDCG@10':>8} {'MRR@10':>8} {'accents':>8} {'plain':>8}",
    ]
    for name, f in rows:
        lat = f["latency"] if "/OR" not in name else {"p50_ms": math.nan, "p95_ms": math.nan}
        lines.append(
            f"{name:24} {lat['p50_ms']:8.2f} {lat['p95_ms']:8.2f} "
            f"{f['index_build_s']:8.1f} {f['index_size_mb']:8.1f} {f['ndcg_at_10']:8.4f} "
            f"{f['mrr_at_10']:8.4f} {f['ndcg_at_10_with_accents']:8.4f} "
            f"{f['ndcg_at_10_without_accents']:8.4f}"
        )
    for split in splits:
        lines += [
            "",
            f"natural questions, {split} split: nDCG@10 as typed / typed with accents / "
            "all without accents, and share answered",
        ]
        names = sorted({k.split("/")[0] for k in first["questions"]})
        header = f"{'system':24}" + "".join(f" {n:>30}" for n in names)
        lines.append(header)
        for name, f in rows:
            cells = []
            for n in names:
                q = f["questions"].get(f"{n}/{split}")
                if not q:
                    cells.append(f" {'':>30}")
                    continue
                acc = q["ndcg_at_10_with_accents"]
                cells.append(
                    f" {q['ndcg_at_10']:.3f}/{(acc if acc is not None else math.nan):.3f}/"
                    f"{q['ndcg_at_10_without_accents']:.3f} {q['answered']:6.1%}".rjust(31)
                )
            lines.append(f"{name:24}" + "".join(cells))
    lines += ["", "latency of 200 natural questions (ms, p50 / p95):"]
    for name, f in rows:
        lat = f.get("latency_questions") if "/OR" not in name else f.get("latency_questions_or")
        if "/AND" in name:
            continue
        if lat:
            lines.append(f"{name:24} {lat['p50_ms']:8.2f} {lat['p95_ms']:8.2f}")
    return lines


KEYWORD_NDCG = 0.88  # issue 18: keyword queries no lower than the first round's figure
ANSWERED = 0.98  # issue 18: results for 98% of the questions that share a word with the corpus
P95_MS = 10.0  # issue 19: p95 at 100,000 documents, both backends
SIZE_RATIO = 1.5  # issue 19: the SQLite index no larger than 1.5x plain FTS5


def verdicts(figures: dict, splits: tuple[str, ...]) -> list[dict]:
    """Each target of issues 18 and 19: the target, Hoptac's figure, the ratio to the peer it
    is measured against, and the verdict."""
    out: list[dict] = []

    def add(what: str, target: str, figure: float, ok: bool, peer: str = "", ratio=None):
        out.append(
            {"what": what, "target": target, "figure": round(figure, 4), "peer": peer,
             "ratio_to_peer": None if ratio is None else round(ratio, 2),
             "verdict": "met" if ok else "NOT MET"}
        )  # fmt: skip

    peers = figures.get("sqlite", {}).get("peers", {})
    or_peers = {f"{n}/OR": f["or"] for n, f in peers.items() if "or" in f}
    for backend in ("sqlite", "postgresql"):
        f = figures.get(backend)
        if not f:
            continue
        for split in splits:
            nd = f["keywords"][split]["ndcg_at_10"]
            best = max(
                or_peers.items(),
                key=lambda kv: kv[1]["keywords"][split]["ndcg_at_10"],
                default=("", {"keywords": {split: {"ndcg_at_10": 0.0}}}),
            )
            peer_nd = best[1]["keywords"][split]["ndcg_at_10"]
            add(f"{backend} keyword nDCG@10 ({split})", f">= {KEYWORD_NDCG}", nd,
                nd >= KEYWORD_NDCG, best[0], nd / peer_nd if peer_nd else None)  # fmt: skip
        for key in sorted(f["questions"]):
            q = f["questions"][key]
            add(f"{backend} questions {key}: answered", f">= {ANSWERED:.0%}", q["answered"],
                q["answered"] >= ANSWERED)  # fmt: skip
            for measure in ("ndcg_at_10", "ndcg_at_10_with_accents", "ndcg_at_10_without_accents"):
                mine = q.get(measure)
                if mine is None or not or_peers:  # no peer in this run (one backend only)
                    continue
                name, best = max(
                    ((n, p["questions"][key].get(measure) or 0.0) for n, p in or_peers.items()),
                    key=lambda kv: kv[1],
                )
                add(f"{backend} questions {key}: {measure}", ">= best OR peer", mine,
                    mine >= best - 1e-9, name, mine / best if best else None)  # fmt: skip
        tantivy = peers.get("tantivy", {}).get("latency", {}).get("p95_ms")
        p95 = f["latency"]["p95_ms"]
        add(f"{backend} latency p95 ms ({f['documents']} documents)", f"<= {P95_MS}", p95,
            p95 <= P95_MS, "tantivy/AND", p95 / tantivy if tantivy else None)  # fmt: skip
    plain = peers.get("fts5_plain", {}).get("index_size_mb")
    if "sqlite" in figures and plain:
        size = figures["sqlite"]["index_size_mb"]
        add("sqlite index size MB", f"<= {SIZE_RATIO} x plain FTS5", size,
            size <= SIZE_RATIO * plain, "fts5_plain", size / plain)  # fmt: skip
    return out


def verdict_lines(rows: list[dict]) -> list[str]:
    header = f"{'what':62} {'target':>18} {'figure':>9} {'peer':>18} {'ratio':>6}  verdict"
    lines = ["", "targets (issues 18 and 19):", header]
    for r in rows:
        ratio = "" if r["ratio_to_peer"] is None else f"{r['ratio_to_peer']:.2f}"
        lines.append(
            f"{r['what'][:62]:62} {r['target']:>18} {r['figure']:9.4g} {r['peer']:>18} "
            f"{ratio:>6}  {r['verdict']}"
        )
    met = sum(r["verdict"] == "met" for r in rows)
    lines.append(f"{met} of {len(rows)} targets met")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--worker")
    parser.add_argument("--docs", type=int, default=CORPUS)
    parser.add_argument("--splits", default="dev")
    parser.add_argument("--out", default="search.json", help="file name under var/bench/")
    parser.add_argument(
        "--only", choices=["sqlite", "postgresql"], help="one backend (development)"
    )
    parser.add_argument(
        "--score-test",
        metavar="METHOD",
        help="also score the test split of the questions, once per change of method, and "
        "record it (date, method, figures) in bench/search/questions/README.md",
    )
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.docs, tuple(args.splits.split(",")))))
        return
    splits = ("dev", "test") if args.score_test else ("dev",)
    OUT.mkdir(parents=True, exist_ok=True)
    sqlite_path = OUT / f"{Path(args.out).stem}.sqlite3"
    sqlite_path.unlink(missing_ok=True)
    figures = {}
    if args.only != "postgresql":
        figures["sqlite"] = spawn(f"spatialite:///{sqlite_path}", splits)
    if args.only != "sqlite":
        with Postgres() as url:
            recreate_pg(url)
            figures["postgresql"] = spawn(url, splits)
    figures["command"] = "make bench-search"
    figures["documents_asked"] = CORPUS
    figures["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    figures["cpus"] = os.cpu_count()
    figures["when"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    figures["targets"] = verdicts(figures, splits)
    figures["xquad_every"] = int(os.environ.get("BENCH_SEARCH_XQUAD_EVERY", "1"))
    (OUT / args.out).write_text(json.dumps(figures, indent=2, ensure_ascii=False))
    lines = report(figures, splits) + verdict_lines(figures["targets"])
    print("\n".join(lines))
    if args.score_test:
        record(args.score_test, figures, lines)
    print(f"written to {OUT / args.out}")


def record(method: str, figures: dict, lines: list[str]) -> None:
    """Append one scoring of the test split to the questions' README (the log of scorings)."""
    readme = QUESTIONS / "README.md"
    entry = [
        "",
        f"### {figures['when']} — {method}",
        "",
        f"Corpus {figures['documents_asked']} synthetic documents; load at end "
        f"{figures['load_average_at_end']}; {figures['cpus']} CPUs.",
        "",
        "```",
        *lines,
        "```",
    ]
    with readme.open("a", encoding="utf-8") as out:
        out.write("\n".join(entry) + "\n")


if __name__ == "__main__":
    main()
