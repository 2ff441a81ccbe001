"""Where the SQLite search index's size goes, against plain FTS5 on the same documents.

    PYTHONPATH=. python bench/search/sizes.py --db var/bench/tune100k.sqlite3

Prints one JSON object: every ``search_*`` table and index of the database (``dbstat``, bytes
of its pages), FTS5's shadow tables grouped under their virtual table, the total the benchmark
reports (``SQLiteBackend.size_bytes``), and the size of plain FTS5 (``peers.fts5_database``:
title, body and key of the public documents, content stored, as the benchmark's peer) built
from the same rows, with the ratio.
"""

from __future__ import annotations

import argparse
import json

from common import django_on


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True, help="SQLite path")
    parser.add_argument("--no-plain", action="store_true", help="skip building plain FTS5")
    args = parser.parse_args()
    django_on(args.db)
    from django.db import connection

    from hoptac.search.backends import get_backend
    from hoptac.search.models import Document

    with connection.cursor() as cur:
        cur.execute(
            "SELECT d.name, t.tbl_name, SUM(d.pgsize) FROM dbstat d "
            "JOIN sqlite_master t ON t.name = d.name "
            "WHERE d.name LIKE 'search\\_%' ESCAPE '\\' GROUP BY d.name ORDER BY 3 DESC"
        )
        rows = cur.fetchall()
    tables: dict[str, dict] = {}
    for name, table, size in rows:
        owner = table
        for fts in ("search_fts_accent", "search_fts_title", "search_fts"):
            if table.startswith(fts + "_"):
                owner = fts
                break
        entry = tables.setdefault(owner, {"mb": 0.0, "parts": {}})
        entry["mb"] = round(entry["mb"] + size / 1e6, 2)
        entry["parts"][name] = round(size / 1e6, 2)
    out: dict = {
        "documents": Document.objects.count(),
        "tables_mb": dict(sorted(tables.items(), key=lambda kv: -kv[1]["mb"])),
        "total_mb": round(get_backend().size_bytes() / 1e6, 1),
    }
    if not args.no_plain:
        from common import OUT
        from peers import fts5_database

        public = list(Document.objects.filter(public=True).values_list("title", "body", "url"))
        db, _build, _ranker = fts5_database(public)
        db.close()
        plain = (OUT / "fts5-plain.sqlite3").stat().st_size
        out["plain_fts5_documents"] = len(public)
        out["plain_fts5_mb"] = round(plain / 1e6, 1)
        out["ratio"] = round(out["total_mb"] * 1e6 / plain, 2)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
