"""CPU of the search call split by phase, for a before/after comparison of the code.

    git archive <commit> hoptac | tar -x -C var/before
    python bench/search/cpu_phases.py var/before --db var/bench/p100k.sqlite3
    python bench/search/cpu_phases.py . --db var/bench/p100k.sqlite3

Runs the code under CODE (its ``hoptac`` package) on the database: every query of the latency
sets (270 keyword queries asked of ``search``, 200 natural questions), the first 20 of each set
first to warm (the other queries' lists are read for the first time when they need them), then
the CPU time (``process_time``) of each ``queries.search(q, anonymous, limit=10)``, and of the
calls made inside it, wrapped: ``lists`` (``postings.postings``, every call, also those made by
``stats``, ``rank``), ``stats``, ``choose`` (statistics, plan and counts), ``holds``, ``rank``,
``documents`` (the page's documents: ``queries.documents``, or ``in_bulk`` in code before it),
``snippet`` (with its ``mark``) and ``mark`` (titles and snippets). Prints p50 / p95 ms per set,
the mean ms of each phase and the load average, as one JSON line. Run the two versions
alternately so that both see the same load.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from common import code_under_test

PHASES = ["lists", "stats", "choose", "holds", "rank", "documents", "snippet", "mark"]


def main() -> None:
    parser = argparse.ArgumentParser()
    args = code_under_test(parser)
    from django.contrib.auth.models import AnonymousUser
    from scoring import latency_queries, question_latency_set, question_sets

    from hoptac.search import highlight, postings, queries
    from hoptac.search.models import Document

    spent: dict[str, float] = {}

    def wrap(owner: object, name: str, label: str) -> None:
        inner = getattr(owner, name)

        def timed(*a: object, **k: object) -> object:
            c0 = time.process_time()
            try:
                return inner(*a, **k)
            finally:
                spent[label] = spent.get(label, 0.0) + time.process_time() - c0

        setattr(owner, name, timed)

    wrap(queries, "_choose", "choose")
    wrap(queries, "_holds_every_word", "holds")
    wrap(postings.Engine, "rank", "rank")
    wrap(postings, "postings", "lists")
    wrap(postings, "stats", "stats")
    wrap(highlight, "snippet", "snippet")
    wrap(highlight, "mark", "mark")
    if hasattr(queries, "documents"):
        wrap(queries, "documents", "documents")
    else:
        wrap(Document.objects, "in_bulk", "documents")
    anon = AnonymousUser()
    out: dict = {"code": args.code, "load": open("/proc/loadavg").read().split()[:3]}
    sets = {
        "keywords": [q for m, q in latency_queries() if m == "search"],
        "questions": [q for _m, q in question_latency_set(question_sets([]))],
    }
    for name, qs in sets.items():
        for q in qs[:20]:
            queries.search(q, anon, limit=10)
        cpu, phases = [], []
        for q in qs:
            spent.clear()
            c0 = time.process_time()
            queries.search(q, anon, limit=10)
            cpu.append((time.process_time() - c0) * 1000)
            phases.append(dict(spent))
        cpu.sort()
        out[name] = {
            "p50_p95": (round(cpu[len(cpu) // 2], 2), round(cpu[int(len(cpu) * 0.95) - 1], 2)),
            "mean_ms": {
                k: round(statistics.mean(p.get(k, 0.0) for p in phases) * 1000, 2) for k in PHASES
            },
        }
    out["load_after"] = open("/proc/loadavg").read().split()[:3]
    print(json.dumps(out))


if __name__ == "__main__":
    main()
