"""PostgreSQL's search tables on two fixed corpora, as any version of the code builds them.

    python bench/search/pg_sizes.py CODE --db postgis://hoptac:hoptac@127.0.0.1:5432/NAME

``CODE`` is the directory holding the ``hoptac`` package to measure (a ``git archive`` of a
commit, or this checkout), the database an empty one with PostGIS. Migrates it, builds the
synthetic corpus (``build_search_corpus``, 100,000 documents, seed 2138) with that code's own
builder, removes every other document (the demo's or the site's pages that a migrate indexes,
which differ between versions), then measures (A) the generated documents alone and (B) the same
plus the 240 XQuAD passages of the benchmark: each after the code's own ``optimize`` (which packs
the posting lists where they exist) and ``vacuumdb --full --analyze``. Counted: every ``public``
table named ``search_%`` with its TOAST and indexes (``pg_total_relation_size``, the figure the
benchmark's ``size_bytes`` gives), and each part. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import XQUAD, XQUAD_MODEL, django_on  # noqa: E402

PARTS = """
SELECT c.relname, pg_total_relation_size(c.oid), pg_relation_size(c.oid),
       COALESCE(pg_total_relation_size(NULLIF(c.reltoastrelid, 0)), 0),
       c.reltuples::bigint
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r' AND n.nspname = 'public' AND c.relname LIKE 'search\\_%%'
ORDER BY 2 DESC
"""
INDEXES = """
SELECT t.relname, i.relname, pg_relation_size(i.oid)
FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = 'public' AND t.relname LIKE 'search\\_%%'
ORDER BY 3 DESC
"""


def vacuum(url: str) -> None:
    u = urlparse(url)
    subprocess.run(
        ["vacuumdb", "-q", "--full", "--analyze", "-h", u.hostname, "-p", str(u.port or 5432)]
        + ["-U", u.username, "-d", u.path.lstrip("/")],
        check=True,
        env={**os.environ, "PGPASSWORD": u.password or ""},
    )


def sizes() -> dict:
    from django.db import connection

    from hoptac.search.models import Document

    with connection.cursor() as cur:
        cur.execute(PARTS)
        tables = {
            name: {
                "mb": round(total / 1e6, 2),
                "heap": round(heap / 1e6, 2),
                "toast": round(toast / 1e6, 2),
                "rows": rows,
            }
            for name, total, heap, toast, rows in cur.fetchall()
        }
        cur.execute(INDEXES)
        for table, name, size in cur.fetchall():
            tables[table].setdefault("indexes", {})[name] = round(size / 1e6, 2)
    return {
        "documents": Document.objects.count(),
        "total_mb": round(sum(t["mb"] for t in tables.values()), 2),
        "tables": tables,
    }


def add_passages() -> int:
    """The benchmark's 240 XQuAD passages (``worker.add_xquad``), for any version of the code."""
    from hoptac.search import index
    from hoptac.search.models import Document

    has_title_length = any(f.name == "title_length" for f in Document._meta.get_fields())
    prepared = []
    for p in json.loads(Path(XQUAD).read_text(encoding="utf-8")):
        indexed = index.analyse(p["title"], p["context"])
        extra = {"title_length": len(indexed.title_folded)} if has_title_length else {}
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
            **extra,
        )
        prepared.append(index.Prepared(doc, [], [], [], indexed))
    index.write(prepared, replace=False)
    return len(prepared)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("code", help="the directory holding the hoptac package to measure")
    parser.add_argument("--db", required=True, help="postgis:// URL of an empty database")
    parser.add_argument("--docs", type=int, default=100_000)
    args = parser.parse_args()
    django_on(args.db, args.code, HOPTAC_SEARCH_POSTINGS="1")
    from django.core.management import call_command
    from django.db import transaction

    from hoptac.search import index
    from hoptac.search.backends import get_backend
    from hoptac.search.models import Document

    assert index.__file__.startswith(os.path.abspath(args.code)), index.__file__
    out: dict = {
        "code": args.code,
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    t0, c0 = time.perf_counter(), time.process_time()
    call_command("migrate", verbosity=0)
    call_command("build_search_corpus", count=args.docs, verbosity=0, stdout=sys.stderr)
    with transaction.atomic():
        index._delete(Document.objects.exclude(model="bench.corpus"))
    get_backend().optimize()
    out["build_s"] = round(time.perf_counter() - t0, 1)
    out["build_cpu_s"] = round(time.process_time() - c0, 1)
    out["load"] = open("/proc/loadavg").read().split()[:3]
    vacuum(args.db)
    out["generated"] = sizes()
    add_passages()
    get_backend().optimize()
    vacuum(args.db)
    out["passages"] = sizes()
    out["load_after"] = open("/proc/loadavg").read().split()[:3]
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
