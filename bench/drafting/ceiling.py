#!/usr/bin/env python
"""How many labelled commitments the cut can reach at all (the ceiling of the detector).

    DATABASE_URL=… DEBUG=1 .venv/bin/python bench/drafting/ceiling.py [parts…] [--dump misses.txt]

Each document is drafted with every candidate (``draft(…, candidates=True)``). For each part:
the labels that some piece of the rules matches (``rule`` and not a finer cut), aligned one to one
with ``evaluate_drafting``'s measure (Jaccard of folded syllables ≥ 0.6, ``body``): what a
detector that keeps or drops the rules' pieces can reach at best; and the labels that any
candidate matches (the rules' pieces, the clauses of sentences where they read none, the finer
cuts), each set aligned on its own. ``--dump`` writes every label no piece of the rules matches,
with the labelled sentence it comes from and the pieces drafted from that sentence, for
classing the misses by hand.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from harness import django_on, parts_to_read


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parts", nargs="*")
    parser.add_argument("--dump", type=Path)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    django_on()
    from hoptac.programmes.drafting import draft
    from hoptac.programmes.drafting.detector import MODEL
    from hoptac.programmes.management.commands.evaluate_drafting import (
        MEASURE,
        _parties,
        align,
        body_similarity,
        labelled_documents,
    )

    parts = parts_to_read(args.parts)
    if parts is None:
        return 2
    print(f"detector file: {MODEL.name if MODEL.exists() else 'absent'}")
    print("| part | gold | rules' pieces | reached by them | all candidates | reached by any |")
    print("| --- | --- | --- | --- | --- | --- |")
    totals = [0, 0, 0, 0, 0]
    out, dump = {}, []
    for part in parts:
        row = [0, 0, 0, 0, 0]
        for doc in labelled_documents(part):
            result = draft(doc.text, parties=_parties(doc.parties), candidates=True)
            gold = [g["text"] for g in doc.gold]
            rules = [p for p in result.proposals if p.rule and not p.fine]
            reached = {j for _i, j, _s in align([p.text for p in rules], gold, measure=MEASURE)}
            any_reached = set()
            for fine in (False, True):
                chosen = [p.text for p in result.proposals if p.fine == fine]
                any_reached |= {j for _i, j, _s in align(chosen, gold, measure=MEASURE)}
            row[0] += len(gold)
            row[1] += len(rules)
            row[2] += len(reached)
            row[3] += len(result.proposals)
            row[4] += len(reached | any_reached)
            for j, g in enumerate(doc.gold):
                if j in reached:
                    continue
                best = max(rules, key=lambda p: body_similarity(p.text, g["text"]), default=None)
                dump.append(
                    {
                        "part": part,
                        "document": doc.name,
                        "label": g["text"],
                        "by any candidate": j in any_reached,
                        "closest rule piece": best.text if best else "",
                        "similarity": round(body_similarity(best.text, g["text"]), 2)
                        if best
                        else 0.0,
                        "source": best.source if best else "",
                    }
                )
        out[part] = row
        totals = [a + b for a, b in zip(totals, row, strict=True)]
        print(f"| {part} | {row[0]} | {row[1]} | {row[2]} | {row[3]} | {row[4]} |", flush=True)
    print(f"| all | {totals[0]} | {totals[1]} | {totals[2]} | {totals[3]} | {totals[4]} |")
    if args.dump:
        args.dump.write_text(json.dumps(dump, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(out, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
