"""CPU of each search call with the database server's share, for a before/after comparison.

    python bench/search/cpu_server.py var/before --db postgis://…/NAME
    python bench/search/cpu_server.py . --db var/bench/p100k.sqlite3

Runs the code under CODE on the database (posting lists on), the latency sets in
``compare_postings.py``'s order (270 keyword queries, 200 questions, the first 20 of each
first to warm), and times each ``queries.search(q, anonymous, limit=10)`` by the CPU of this
process (``process_time``) plus, on PostgreSQL, of its server backend (``/proc/<pid>/schedstat``:
the same machine), so that work moved between the two is seen and the machine's load weighs less
than on the wall clock. Prints p50 / p95 / max ms per set, and for the keyword queries holding
a quoted phrase their sum and maximum, as one JSON line.
"""

from __future__ import annotations

import argparse
import json
import time

from common import code_under_test


def main() -> None:
    args = code_under_test(argparse.ArgumentParser())
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from scoring import latency_queries, question_latency_set, question_sets

    from hoptac.search import queries

    server = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_backend_pid()")
            server = f"/proc/{cur.fetchone()[0]}/schedstat"

    def cpu() -> float:
        own = time.process_time()
        if server is None:
            return own
        with open(server) as f:
            return own + int(f.read().split()[0]) / 1e9

    anon = AnonymousUser()
    out: dict = {"code": args.code, "load": open("/proc/loadavg").read().split()[:3]}
    sets = {
        "keywords": [q for m, q in latency_queries() if m == "search"],
        "questions": [q for _m, q in question_latency_set(question_sets([]))],
    }
    for name, qs in sets.items():
        for q in qs[:20]:
            queries.search(q, anon, limit=10)
        spent = []
        for q in qs:
            c0 = cpu()
            queries.search(q, anon, limit=10)
            spent.append((cpu() - c0) * 1000)
        ranked = sorted(spent)
        out[name] = {
            "p50_p95_max": [
                round(ranked[len(ranked) // 2], 2),
                round(ranked[int(len(ranked) * 0.95) - 1], 2),
                round(ranked[-1], 2),
            ]
        }
        quoted = [s for q, s in zip(qs, spent, strict=True) if '"' in q]
        if quoted:
            out[name]["phrases_n_sum_max"] = [
                len(quoted),
                round(sum(quoted), 1),
                round(max(quoted), 2),
            ]
    out["load_after"] = open("/proc/loadavg").read().split()[:3]
    print(json.dumps(out))


if __name__ == "__main__":
    main()
