"""CPU of the search call on the posting lists, for a before/after comparison of the code.

    git archive <commit> hoptac | tar -x -C var/before
    python bench/search/cpu_ab.py var/before --db var/bench/tune100k.sqlite3
    python bench/search/cpu_ab.py . --db var/bench/tune100k.sqlite3
    python bench/search/cpu_ab.py . --db postgis://hoptac:hoptac@127.0.0.1:5432/NAME

Runs the code under CODE (its ``hoptac`` package) on the database: one query in three of the
latency sets (90 keyword queries, 67 natural questions), 20 first to warm, then CPU time of
each search call (``process_time``); prints p50 / p95 ms per set and the load average, as one
JSON line. Run the two versions alternately so that both see the same load.
"""

from __future__ import annotations

import argparse
import json
import time

from common import code_under_test


def main() -> None:
    parser = argparse.ArgumentParser()
    args = code_under_test(parser)
    from django.contrib.auth.models import AnonymousUser
    from scoring import cpu_sets

    from hoptac.search import queries

    anon = AnonymousUser()
    out: dict = {"code": args.code, "load": open("/proc/loadavg").read().split()[:3]}
    sets = cpu_sets()
    for name, qs in sets.items():
        for q in qs[:20]:
            queries.search(q, anon, limit=10)
        cpu = []
        for q in qs:
            c0 = time.process_time()
            queries.search(q, anon, limit=10)
            cpu.append((time.process_time() - c0) * 1000)
        cpu.sort()
        out[name] = (round(cpu[len(cpu) // 2], 1), round(cpu[int(len(cpu) * 0.95) - 1], 1))
    out["load_after"] = open("/proc/loadavg").read().split()[:3]
    print(json.dumps(out))


if __name__ == "__main__":
    main()
