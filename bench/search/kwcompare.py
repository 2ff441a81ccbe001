"""Scores the rankings ``kwtree.py`` wrote, one file per version of the code, on a judgement file.

    PYTHONPATH=bench/search python bench/search/kwcompare.py var/bench/kw_old100k.json \
        var/bench/kw_cur100k.json [--judged bench/search/judged.json] [--titles] [--common]
        [--per-query]

Per split (dev: queries 0, 1, 3, 4, …; test: every third, index 2, 5, …) and for all 56: nDCG@10
as the benchmark gives it (the mean of the queries as written and folded), with accents, folded,
MRR@10; the standard error over the queries (a query's two forms averaged: they are not
independent) and, for two versions, the paired difference with its standard error.
``--titles``: judgements name titles only (the set before 2026-12-05, which the first round
scored by title). ``--common``: only the judgements of documents every version's database holds
(the demo grew after the first round; a version cannot rank what its database lacks), and each
ranking condensed to those documents (the others taken out, the rest moving up; ``kwtree.py``
writes 30 deep so that ten remain).
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
from pathlib import Path

from common import HERE, K
from scoring import _split, fold, mrr, ndcg


def keys(ranked: list[dict], titles: bool, held: set[str] | None = None) -> list[str]:
    """The first ``K`` keys; with ``held``, of the documents in it only (a condensed list)."""
    out = [r["title"] if titles or not r["url"] else r["url"] for r in ranked]
    if held is not None:
        out = [k for k in out if k in held]
    return out[:K]


def se(values: list[float]) -> float:
    return statistics.stdev(values) / math.sqrt(len(values)) if len(values) > 1 else 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("runs", nargs="+")
    parser.add_argument("--judged", default=str(HERE / "judged.json"))
    parser.add_argument("--titles", action="store_true")
    parser.add_argument("--common", action="store_true")
    parser.add_argument("--per-query", action="store_true")
    parser.add_argument("--split", default="dev,test,all")
    args = parser.parse_args()
    runs = [json.loads(Path(p).read_text(encoding="utf-8")) for p in args.runs]
    judged = json.loads(Path(args.judged).read_text(encoding="utf-8"))
    held = None
    if args.common:
        held = set.intersection(*({*r["titles"], *r["urls"]} for r in runs))
    per_query: list[list[tuple[float, float, float, float]]] = []
    dropped = 0
    for run in runs:
        rows = []
        for item in judged:
            rel = item["rel"]
            if held is not None:
                kept = {k: g for k, g in rel.items() if k in held}
                dropped += len(rel) - len(kept)
                rel = kept
            a = keys(run["ranked"][item["q"]], args.titles, held)
            b = keys(run["ranked"][fold(item["q"])], args.titles, held)
            rows.append((ndcg(a, rel), ndcg(b, rel), mrr(a, rel), mrr(b, rel)))
        per_query.append(rows)
    if held is not None:
        print(
            f"--common: {dropped // len(runs)} judgements left out "
            "(of documents not in every database)"
        )
    names = [Path(p).stem for p in args.runs]
    for split in args.split.split(","):
        idx = [i for i in range(len(judged)) if split == "all" or _split(i) == split]
        print(f"\n{split}: {len(idx)} queries ({2 * len(idx)} as written and folded)")
        print(f"{'run':28} {'nDCG@10':>8} {'accents':>8} {'folded':>8} {'MRR@10':>7} {'SE':>6}")
        means = []
        for name, rows in zip(names, per_query, strict=True):
            q = [(rows[i][0] + rows[i][1]) / 2 for i in idx]
            means.append(q)
            print(
                f"{name:28} {statistics.mean(q):8.4f} "
                f"{statistics.mean(rows[i][0] for i in idx):8.4f} "
                f"{statistics.mean(rows[i][1] for i in idx):8.4f} "
                f"{statistics.mean((rows[i][2] + rows[i][3]) / 2 for i in idx):7.4f} {se(q):6.4f}"
            )
        for j in range(1, len(runs)):
            d = [b - a for a, b in zip(means[0], means[j], strict=True)]
            moved = sum(1 for x in d if abs(x) > 1e-9)
            print(
                f"{names[j]} - {names[0]}: {statistics.mean(d):+.4f} (SE {se(d):.4f}; "
                f"{sum(x > 1e-9 for x in d)} up, {sum(x < -1e-9 for x in d)} down, "
                f"{len(d) - moved} level)"
            )
        if args.per_query:
            for k, i in enumerate(idx):
                cells = " ".join(f"{m[k]:.3f}" for m in means)
                print(f"  {i:2} {cells}  {judged[i]['q']}")


if __name__ == "__main__":
    main()
