"""The ranked pages of one version of the code, to compare two versions on the same database.

    git archive <commit> hoptac | tar -x -C var/before
    python bench/search/ranked_pages.py var/before --db var/bench/p100k.sqlite3 > before.json
    python bench/search/ranked_pages.py . --db var/bench/p100k.sqlite3 > after.json
    python bench/search/ranked_pages.py --compare before.json after.json

Runs the code under CODE (its ``hoptac`` package) on the database with the posting lists on:
every query of the latency sets (300 keyword queries, prefix ones asked as searches too, and 200
natural questions), for an anonymous reader, and writes each query's ranked ids and scores
(``repr``: every bit) at several depths: the first page of 10, the first 50, and 10 from 90;
its counts per kind and total, and for a query with a quoted phrase every document matching.
``--compare`` says how many pages differ in their ids (their order included) and the largest
difference of a score.
"""

from __future__ import annotations

import argparse
import json
import sys

PAGES = ((10, 0), (50, 0), (10, 90))


def compare(before: str, after: str) -> None:
    old = json.load(open(before, encoding="utf-8"))
    new = json.load(open(after, encoding="utf-8"))
    assert old.keys() == new.keys()
    differ, worst, pages = [], 0.0, 0
    for key in old:
        pages += 1
        a, b = old[key], new[key]
        if [pk for pk, _s in a] != [pk for pk, _s in b]:
            differ.append(key)
            continue
        for (_pk, x), (_pk2, y) in zip(a, b, strict=True):
            worst = max(worst, abs(float(x) - float(y)))
    print(json.dumps({"pages": pages, "ids_differ": len(differ), "max_score_diff": worst}))
    for key in differ[:20]:
        print(key, old[key][:10], new[key][:10], file=sys.stderr)


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--compare":
        compare(sys.argv[2], sys.argv[3])
        return
    from common import code_under_test

    code_under_test(argparse.ArgumentParser())
    from django.contrib.auth.models import AnonymousUser
    from scoring import latency_queries, question_latency_set, question_sets

    from hoptac.search import postings, queries
    from hoptac.search.backends import get_backend
    from hoptac.search.parsing import Filters, parse

    vis = queries.visibility_for(AnonymousUser())
    sets = {
        "keywords": [q for _m, q in latency_queries()],
        "questions": [q for _m, q in question_latency_set(question_sets([]))],
    }
    out: dict[str, list] = {}
    for name, qs in sets.items():
        for i, q in enumerate(qs):
            engine = postings.engine(get_backend())
            query = parse(q)
            if query.empty:
                continue
            plan, counts, total = queries._choose(query, Filters(), vis, engine)
            # the counts per kind, and a quoted phrase's every document, as ids that compare
            out[f"{name} {i} counts {q}"] = [
                (f"{kind}={n}", "0") for kind, n in [*sorted(counts.items()), ("total", total)]
            ]
            if plan.phrases:
                held = postings.matches(engine.snap, plan, get_backend())
                out[f"{name} {i} matches {q}"] = [(int(pk), "0") for pk in held.nonzero()[0]]
            for limit, offset in PAGES:
                ranked = engine.rank(plan, Filters(), vis, limit, offset) if total else []
                out[f"{name} {i} {limit}+{offset} {q}"] = [(pk, repr(s)) for pk, s in ranked]
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    sys.path.insert(0, __file__.rsplit("/", 1)[0])
    main()
