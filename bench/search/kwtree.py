"""The keyword-quality step alone, for any version of the code, on a database that version builds.

    PYTHONPATH=bench/search python bench/search/kwtree.py --code var/kw_old \
        --db var/bench/kw_old100k.sqlite3 [--docs 100000] --out var/bench/kw_old.json

``--code``: a checkout or ``git archive`` of the version to measure (its ``hoptac`` package is
imported; this file and ``scoring.py`` are read from this checkout). When the database holds no
corpus yet, it is built with that version's own steps, as ``run.py`` builds it before the keyword
step: ``migrate``, ``load_demo``, ``rebuild_search_index``, ``build_search_corpus`` (the same
seeded generator, so ``#corpus-N`` is the same document), and ``optimize()`` where the backend
has one (the posting lists). Then every query of ``judged.json`` (all 56, both splits) is ranked
as written and folded, and the first ``--depth`` (30) keys of each are written to ``--out``
with the keys the database holds, so that ``kwcompare.py`` scores any judgement file against
any version afterwards. Each document is written as its url when a benchmark document's
(``#corpus-…``), and its title: the judgements name the url of a benchmark document, else the
title (``scoring.key_of``); those before 2026-12-05 named titles only.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from common import HERE, K, django_on
from scoring import fold


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--code", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--out", required=True)
    parser.add_argument("--judged", default=str(HERE / "judged.json"))
    parser.add_argument("--depth", type=int, default=3 * K)
    args = parser.parse_args()
    django_on(args.db, code=args.code)
    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command
    from django.db import connection

    from hoptac.search import queries
    from hoptac.search.backends import get_backend
    from hoptac.search.models import Document

    built = None
    tables = connection.introspection.table_names()
    if (
        "search_document" not in tables
        or not Document.objects.filter(url__startswith="#corpus-").exists()
    ):
        devnull = open(os.devnull, "w")  # noqa: SIM115
        started, cpu = time.perf_counter(), time.process_time()
        call_command("migrate", verbosity=0, stdout=devnull)
        call_command("load_demo", stdout=devnull)
        call_command("rebuild_search_index", stdout=devnull)
        call_command("build_search_corpus", count=args.docs, stdout=devnull)
        backend = get_backend()
        if hasattr(backend, "optimize"):
            backend.optimize()
        built = {
            "wall_s": round(time.perf_counter() - started, 1),
            "cpu_s": round(time.process_time() - cpu, 1),
        }
    anon = AnonymousUser()
    rows = {
        pk: (title, url) for pk, title, url in Document.objects.values_list("pk", "title", "url")
    }
    queries_ = json.loads(Path(args.judged).read_text(encoding="utf-8"))
    load = [round(x, 2) for x in os.getloadavg()]
    started, cpu = time.perf_counter(), time.process_time()
    ranked = {}
    for item in queries_:
        for q in (item["q"], fold(item["q"])):
            ids = queries.ranked_ids(q, anon, args.depth)
            ranked[q] = [
                {"url": rows[i][1] if rows[i][1].startswith("#") else "", "title": rows[i][0]}
                for i in ids
            ]
    out = {
        "code": str(Path(args.code).resolve()),
        "db": str(Path(args.db).resolve()),
        "documents": len(rows),
        "built": built,
        "depth": args.depth,
        "load_before_queries": load,
        "load_after_queries": [round(x, 2) for x in os.getloadavg()],
        "queries_wall_s": round(time.perf_counter() - started, 1),
        "queries_cpu_s": round(time.process_time() - cpu, 1),
        "titles": sorted({t for t, u in rows.values() if not u.startswith("#")}),
        "urls": sorted({u for _, u in rows.values() if u.startswith("#")}),
        "ranked": ranked,
    }
    Path(args.out).write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    print(args.out, out["documents"], "documents", built, "load", load)


if __name__ == "__main__":
    main()
