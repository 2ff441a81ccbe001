"""CPU of the search call with every list read for the first time, and with every list kept.

    python bench/search/cpu_cold.py var/before --db var/bench/s100k.sqlite3
    python bench/search/cpu_cold.py . --db var/bench/s100k.sqlite3

``cpu_ab.py`` measures the queries in order, each process reading a list the first time a query
needs it: its tail is the questions that read most lists for the first time, and the load moves
it by a third. This one splits the two costs and takes each query's best of a few runs (less
moved by the load): *cold*, the process's lists and the arrays derived from them forgotten
before each run (the documents' arrays kept); *warm*, the same query again with everything kept.
Prints p50 / p95 / mean ms per set, as one JSON line. Run the two versions alternately.
"""

from __future__ import annotations

import argparse
import json
import time

from common import code_under_test


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=4, help="runs per query, the best kept")
    args = code_under_test(parser)
    from django.contrib.auth.models import AnonymousUser
    from scoring import cpu_sets

    from hoptac.search import postings, queries

    anon = AnonymousUser()

    def forget() -> None:
        snap = postings.snapshot()
        snap.packed.clear()
        if hasattr(snap, "bounds"):  # (main's code before the stored bounds has none)
            snap.bounds.clear()
        if hasattr(snap, "titled"):  # (nor before the title's places were stored)
            snap.titled.clear()
        snap.df = {}
        for kept in (
            postings._term_scores,
            postings._masks_cache,
            postings._block_cache,
        ):
            kept.clear()
        if hasattr(postings, "_dense_cache"):  # (code before 7 December 2026, afternoon)
            postings._dense_cache.clear()

    def best(q: str, cold: bool) -> float:
        times = []
        for _ in range(args.runs):
            if cold:
                forget()
            c0 = time.process_time()
            queries.search(q, anon, limit=10)
            times.append((time.process_time() - c0) * 1000)
        return min(times)

    def figures(times: list[float]) -> list[float]:
        times = sorted(times)
        p95 = times[int(len(times) * 0.95) - 1]
        return [round(times[len(times) // 2], 2), round(p95, 2), round(sum(times) / len(times), 2)]

    out: dict = {"code": args.code, "load": open("/proc/loadavg").read().split()[:3]}
    sets = cpu_sets()
    for name, qs in sets.items():
        for q in qs[:20]:
            queries.search(q, anon, limit=10)
        cold = [best(q, True) for q in qs]
        warm = [best(q, False) for q in qs]
        out[name] = {"cold": figures(cold), "warm": figures(warm)}
    out["load_after"] = open("/proc/loadavg").read().split()[:3]
    print(json.dumps(out))


if __name__ == "__main__":
    main()
