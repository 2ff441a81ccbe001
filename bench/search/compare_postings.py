"""The posting lists' engine against the SQL path on one database, query by query.

    python bench/search/compare_postings.py --db var/bench/postings.sqlite3 --docs 100000
    python bench/search/compare_postings.py --db postgis://hoptac:hoptac@127.0.0.1:5432/NAME

Builds the database when it holds no corpus yet (migrate, `build_search_corpus`, the XQuAD
passages, `optimize`, which packs the lists), then asks every query of the benchmark's latency
sets (300 keyword queries, 200 natural questions) of both paths, alternately so that both see
the same load: wall and CPU time per path (p50, p95) and whether the ranked ids of the first
page are the same. Prints one JSON object. ``--paths postings`` measures the lists alone (the
1M-document run: a question's SQL path takes seconds there).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

from common import ROOT


def percentiles(times: list[float]) -> dict:
    times = sorted(times)
    return {
        "p50_ms": round(times[len(times) // 2], 2),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
        "max_ms": round(times[-1], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True, help="SQLite path or postgis:// URL")
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--pack", action="store_true", help="pack the lists again (timed)")
    parser.add_argument("--every", type=int, default=1, help="one query in N (quick runs)")
    parser.add_argument(
        "--paths",
        default="sql,postings",
        help="'postings' measures the lists alone (at 1M documents the SQL path of a question "
        "takes seconds); no first pages are compared then",
    )
    args = parser.parse_args()
    url = args.db if "://" in args.db else f"spatialite:///{os.path.abspath(args.db)}"
    os.environ.update(
        DATABASE_URL=url,
        DEBUG="1",
        DJANGO_SETTINGS_MODULE="hoptac.settings",
        HOPTAC_SEARCH_POSTINGS="1",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command
    from django.db import connection
    from scoring import latency_queries, question_latency_set, question_sets
    from worker import add_xquad

    from hoptac.search import postings, queries
    from hoptac.search.backends import get_backend
    from hoptac.search.models import Document

    started = time.perf_counter()
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        # only when something is to apply: every migrate re-indexes the site's pages
        # (post_migrate), which left each later run measuring with a delta of ~160 pages
        call_command("migrate", verbosity=0)
    built = out_pack = None
    if Document.objects.count() < args.docs:
        # the lists packed once, at the end (the command's own optimize() would pack them
        # before the passages, and the passages' write mark them stale again)
        settings.SEARCH_POSTINGS = False
        call_command("build_search_corpus", count=args.docs, verbosity=0, stdout=sys.stderr)
        add_xquad()
        settings.SEARCH_POSTINGS = True
        t0 = time.perf_counter()
        get_backend().optimize()
        out_pack = round(time.perf_counter() - t0, 1)
        built = round(time.perf_counter() - started, 1)
    elif args.pack or postings.snapshot() is None:
        t0 = time.perf_counter()
        postings.build()
        out_pack = round(time.perf_counter() - t0, 1)
    from hoptac.core import warmup

    warmup.run()  # as a serving process does when it starts (its loops; its heap settled)
    anon = AnonymousUser()
    sets = {
        "keywords": [q for m, q in latency_queries() if m == "search"],
        "questions": [q for _m, q in question_latency_set(question_sets([]))],
    }
    out: dict = {"documents": Document.objects.count(), "build_s": built, "pack_s": out_pack}
    out["load_before"] = open("/proc/loadavg").read().split()[:3]
    paths = [p.strip() for p in args.paths.split(",")]
    if not paths or set(paths) - {"sql", "postings"}:
        parser.error("--paths: sql, postings or both")
    for name, qs in sets.items():
        qs = qs[:: args.every]
        times: dict[str, list[float]] = {p: [] for p in paths}
        cpu: dict[str, list[float]] = {p: [] for p in paths}
        same = 0
        for warm in qs[:20]:
            for key in paths:
                settings.SEARCH_POSTINGS = key == "postings"
                queries.search(warm, anon, limit=10)
        for q in qs:
            ranked = {}
            for key in paths:
                settings.SEARCH_POSTINGS = key == "postings"
                t0, c0 = time.perf_counter(), time.process_time()
                results = queries.search(q, anon, limit=10)
                times[key].append((time.perf_counter() - t0) * 1000)
                cpu[key].append((time.process_time() - c0) * 1000)
                ranked[key] = [(h.document.pk, round(h.score, 6)) for h in results.hits]
            same += len(paths) == 2 and ranked["sql"] == ranked["postings"]
        out[name] = {
            "queries": len(qs),
            "same_first_page": same if len(paths) == 2 else None,
            **{f"{k}_wall": percentiles(v) for k, v in times.items()},
            **{f"{k}_cpu": percentiles(v) for k, v in cpu.items()},
        }
    out["load_after"] = open("/proc/loadavg").read().split()[:3]
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute(
                "SELECT name, SUM(pgsize) FROM dbstat WHERE name LIKE 'search%' GROUP BY name"
            )
            out["sizes_mb"] = {n: round(s / 1e6, 1) for n, s in cur.fetchall()}
    else:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c "
                "WHERE c.relkind = 'r' AND c.relname LIKE 'search\\_%%'"
            )
            out["sizes_mb"] = {n: round(s / 1e6, 1) for n, s in cur.fetchall()}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
