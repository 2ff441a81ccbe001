#!/usr/bin/env python
"""Drafting scored on each seen part by a method that never learned from it (leave one part out).

    DATABASE_URL=… DEBUG=1 .venv/bin/python bench/drafting/lopo.py [parts…]
        [--rules-only] [--nested] [--l2 3] [--bars 0.2,1.01] [--json out.json]

For each part: the detector (``drafting/detector.py``: its commitments model and its field model)
is trained on the candidates of every *other* seen part, written to a temporary model file, and
the part is drafted and scored with ``evaluate_drafting``'s measure: P, R, the exact field set,
lead, named lead, deadline, rhythm. ``--rules-only`` scores the rules without any detector (no
model file). The penalties are fixed (``--l2``; fields: l2 10, threshold 0.4, as shipped); the
bars of the commitments model (the rules' promises, the other candidates) are ``--bars``, or with
``--nested`` chosen for each part by a leave-one-part-out inside the other parts (F summed over
them), so that nothing about the part scored decides anything.

Not retrained per fold: the learned cut (``segmenter``, trained on ``TRAINING_PARTS`` before
2026-12-07: dev … heldout5), the hand-written rules (read on the parts, not fitted).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from harness import django_on, parts_to_read

BARS = [(0.2, 1.01), (0.3, 1.01), (0.4, 1.01), (0.5, 1.01)] + [
    (b, a) for b in (0.2, 0.3, 0.4) for a in (0.4, 0.5, 0.6, 0.7)
]
FIELD_L2, FIELD_THRESHOLD = 10.0, 0.4


def _f(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parts", nargs="*")
    parser.add_argument("--rules-only", action="store_true")
    parser.add_argument("--nested", action="store_true")
    parser.add_argument("--l2", type=float, default=3.0)
    parser.add_argument("--bars", default="0.2,1.01")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    django_on()
    from hoptac.core.models import CooperationField
    from hoptac.programmes.drafting import detector, training
    from hoptac.programmes.management.commands.evaluate_drafting import (
        TRAINING_PARTS,
        _parties,
        evaluate,
        labelled_documents,
    )

    seen = list(TRAINING_PARTS)
    scored = parts_to_read(args.parts)
    if scored is None:
        return 2
    codes = list(CooperationField.objects.values_list("code", flat=True))
    shipped = detector.MODEL
    folder = Path(tempfile.mkdtemp(prefix="lopo-"))
    rows: dict[str, list] = {}
    golds: dict[str, dict] = {}
    started = time.perf_counter()
    if not args.rules_only:
        detector.models.cache_clear()
        for part in seen:
            documents = labelled_documents(part)
            rows[part] = training.candidates(part, documents, _parties)
            golds[part] = {f"{part}/{d.name}": d.gold for d in documents}
        print(f"candidates read in {time.perf_counter() - started:.0f} s", file=sys.stderr)

    def fitted(parts: list[str]):
        train = [row for p in parts for row in rows[p]]
        return training.fit(training.commitment_examples(train), l2=args.l2)

    def choose_bars(inner: list[str]) -> tuple[float, float]:
        """The bars that do best, summed over ``inner`` parts each left out in turn."""
        chances = {
            p: training.predict(fitted([q for q in inner if q != p]), rows[p]) for p in inner
        }
        best, best_f = None, -1.0
        for bars in BARS:
            total = 0.0
            for p in inner:
                keep = training.keep(rows[p], chances[p], *bars)
                s = training.score(rows[p], keep, golds[p])
                total += _f(s["precision"], s["recall"])
            if total > best_f:
                best, best_f = bars, total
        return best

    fixed = tuple(float(x) for x in args.bars.split(","))
    out = {}
    header = (
        "| part | gold | proposed | matched | P | R | fields= | lead | named lead | due | rhythm "
        "| bars |"
    )
    print(header)
    print("|" + " --- |" * 12)
    for part in scored:
        if args.rules_only:
            detector.MODEL = folder / "absent.json"
            bars = None
        else:
            others = [p for p in seen if p != part]
            bars = choose_bars(others) if args.nested else fixed
            train = [row for p in others for row in rows[p]]
            weights = training.fit(training.commitment_examples(train), l2=args.l2)
            field_weights = training.fit(
                training.field_examples(train, codes),
                l2=FIELD_L2,
                min_count=training.FIELD_MIN_COUNT,
            )
            path = folder / f"{part}.json"
            path.write_text(
                training.model_file(
                    weights, bars, field_weights, FIELD_THRESHOLD, others, args.l2, FIELD_L2
                ),
                encoding="utf-8",
            )
            detector.MODEL = path
        detector.models.cache_clear()
        t = evaluate(labelled_documents(part))["total"]
        out[part] = {**t, "bars": bars}
        print(
            f"| {part} | {t['gold']} | {t['proposed']} | {t['matched']} | {t['precision']:.3f} "
            f"| {t['recall']:.3f} | {t['field_exact_rate']:.3f} | {t['lead_right']}/"
            f"{t['lead_gold']} | {t['lead_named_right']}/{t['lead_named_gold']} | "
            f"{t['due_right']}/{t['due_gold']} | {t['recurrence_right']}/"
            f"{t['recurrence_gold']} | {bars or 'rules'} |",
            flush=True,
        )
    detector.MODEL = shipped
    detector.models.cache_clear()
    total = {k: sum(out[p][k] for p in out) for k in ("gold", "proposed", "matched")}
    p, r = total["matched"] / total["proposed"], total["matched"] / total["gold"]
    print(
        f"all: {total['matched']}/{total['proposed']} of {total['gold']}: P {p:.3f} R {r:.3f} "
        f"F {_f(p, r):.3f}; F summed over parts "
        f"{sum(_f(out[x]['precision'], out[x]['recall']) for x in out):.3f} "
        f"({time.perf_counter() - started:.0f} s)"
    )
    if args.json:
        args.json.write_text(json.dumps(out, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
