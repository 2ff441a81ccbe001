#!/usr/bin/env python
"""The exact field set of drafting, leave one part out, by class of error.

    DATABASE_URL=… DEBUG=1 .venv/bin/python bench/drafting/fields.py [parts…]
        [--cache var/bench/drafting-candidates.pickle] [--threshold 0.4] [--dump errors.txt]
        [--json out.json]

For each seen part: the detector's two models (commitments, fields) are trained on the candidates
of every *other* part, as ``lopo.py`` does (commitments l2 3, bar 0.2 for the rules' promises;
fields l2 10, ``--threshold``); the candidates it keeps are aligned with the labels by
``evaluate_drafting``'s measure (body), and each matched pair's field set is classed:

- ``exact``: the set of the label;
- ``none given``: the label has fields, the proposal none;
- ``spurious``: the label has none (a field the core vocabulary lacks: tourism, culture …), the
  proposal some;
- ``missing``: the proposal's fields are some of the label's, not all (a second field dropped);
- ``extra``: the label's fields and more;
- ``wrong``: neither holds the other.

It prints, per part, the commitments kept (matched / proposed, P, R by the body measure), the
classes, the exact rate of the learned field model and of the rules' fields (``FieldModel``), and
the deadlines and leads right among matched pairs; ``--grid`` the exact rate over all parts for a
bar of the most likely field and another of the fields after it (a decision not shipped: on the
twelve seen parts it moved the rate by less than 0.01); ``--dump`` every pair whose field set,
deadline or lead is wrong, with its text.

``--cache`` keeps the candidates (drafting every document is most of the time) between runs: a
change to the field model's features or decision is measured without drafting again; delete the
file after a change to the rules or the commitment features.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from collections import Counter
from pathlib import Path

from harness import django_on, parts_to_read

CLASSES = ("exact", "none given", "spurious", "missing", "extra", "wrong")
L2, BAR, FIELD_L2 = 3.0, 0.2, 10.0


def field_class(predicted: set[str], wanted: set[str]) -> str:
    if predicted == wanted:
        return "exact"
    if not predicted:
        return "none given"
    if not wanted:
        return "spurious"
    if predicted < wanted:
        return "missing"
    if predicted > wanted:
        return "extra"
    return "wrong"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parts", nargs="*")
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--threshold", type=float, default=0.4)
    parser.add_argument("--grid", action="store_true", help="exact rate over a grid of bars")
    parser.add_argument("--dump", type=Path)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    django_on()
    from hoptac.core.models import CooperationField
    from hoptac.programmes.drafting import detector, training
    from hoptac.programmes.management.commands.evaluate_drafting import (
        TRAINING_PARTS,
        _parties,
        align,
        labelled_documents,
    )

    seen = list(TRAINING_PARTS)
    scored = parts_to_read(args.parts)
    if scored is None:
        return 2
    codes = list(CooperationField.objects.values_list("code", flat=True))
    started = time.perf_counter()
    if args.cache and args.cache.is_file():
        rows, golds = pickle.loads(args.cache.read_bytes())  # noqa: S301 (our own file)
    else:
        shipped = detector.MODEL
        detector.MODEL = Path("/nonexistent/detector.json")  # the rules' candidates, no model
        detector.models.cache_clear()
        rows, golds = {}, {}
        for part in seen:
            documents = labelled_documents(part)
            rows[part] = training.candidates(part, documents, _parties)
            golds[part] = {f"{part}/{d.name}": d.gold for d in documents}
        detector.MODEL = shipped
        detector.models.cache_clear()
        if args.cache:
            args.cache.parent.mkdir(parents=True, exist_ok=True)
            args.cache.write_bytes(pickle.dumps((rows, golds)))
    print(f"candidates in {time.perf_counter() - started:.0f} s", file=sys.stderr)

    table: dict[str, Counter] = {}
    lines: list[str] = []
    pairs: list[tuple[dict, set]] = []
    for part in scored:
        others = [p for p in seen if p != part]
        train = [row for p in others for row in rows[p]]
        weights = training.fit(training.commitment_examples(train), l2=L2)
        field_weights = training.fit(
            training.field_examples(train, codes), l2=FIELD_L2, min_count=training.FIELD_MIN_COUNT
        )
        chances = training.predict(weights, rows[part])
        keep = training.keep(rows[part], chances, BAR, 1.01)
        model = detector.Model(field_weights, args.threshold)
        counts: Counter = Counter()
        by_doc: dict[str, list] = {}
        for row, kept in zip(rows[part], keep, strict=True):
            if kept:
                by_doc.setdefault(row.document, []).append(row)
        counts["proposed"] = sum(keep)
        for name, wanted in golds[part].items():
            kept_rows = by_doc.get(name, [])
            texts = [r.proposal.text for r in kept_rows]
            counts["gold"] += len(wanted)
            for i, j, _ in align(texts, [g["text"] for g in wanted], measure="body"):
                proposal = kept_rows[i].proposal
                predicted = detector.fields_of(proposal, codes, model)
                evidence = detector._evidence(proposal)
                chances = {
                    c: model.probability(detector.field_features(proposal, c, evidence))
                    for c in codes
                }
                pairs.append((chances, set(wanted[j]["fields"])))
                kind = field_class(set(predicted), set(wanted[j]["fields"]))
                counts[kind] += 1
                counts["rules " + field_class(set(proposal.fields), set(wanted[j]["fields"]))] += 1
                label = wanted[j]
                if label.get("due"):
                    right = bool(proposal.due and proposal.due.isoformat() == label["due"])
                    counts["due gold"] += 1
                    counts["due right"] += right
                    if not right:
                        lines.append(
                            f"{name}\tdue\tgold {label['due']}\tgot {proposal.due}"
                            f"\t{proposal.reasons.get('due', '')}\t{proposal.text}"
                            f"\t<< {proposal.source}"
                        )
                if label.get("lead"):
                    lead = proposal.lead.name_vi if proposal.lead else ""
                    counts["lead gold"] += 1
                    counts["lead right"] += lead == label["lead"]
                    if lead != label["lead"]:
                        lines.append(
                            f"{name}\tlead\tgold {label['lead']}\tgot {lead}"
                            f"\t{proposal.reasons.get('lead', '')}\t{proposal.text}"
                        )
                if kind != "exact":
                    lines.append(
                        f"{name}\t{kind}\tgold {sorted(wanted[j]['fields'])}\tgot {predicted}"
                        f"\trules {proposal.fields}\t{proposal.text}"
                    )
        table[part] = counts
    print(f"field threshold {args.threshold}")
    print(
        "| part | gold | proposed | matched | P | R | "
        + " | ".join(CLASSES)
        + " | exact rate | rules' exact rate |"
    )
    print("|" + " --- |" * (len(CLASSES) + 8))
    grand: Counter = Counter()
    for part in scored:
        grand += table[part]
    for name, counts in [*[(p, table[p]) for p in scored], ("all", grand)]:
        matched = sum(counts[c] for c in CLASSES)
        p = matched / max(counts["proposed"], 1)
        r = matched / max(counts["gold"], 1)
        print(
            f"| {name} | {counts['gold']} | {counts['proposed']} | {matched} | {p:.3f} | {r:.3f} | "
            + " | ".join(str(counts[c]) for c in CLASSES)
            + f" | {counts['exact'] / max(matched, 1):.3f}"
            f" | {counts['rules exact'] / max(matched, 1):.3f} |"
            f" due {counts['due right']}/{counts['due gold']}"
            f" lead {counts['lead right']}/{counts['lead gold']}"
        )
    if args.grid:
        bars = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6)
        print("exact rate over all matched pairs, first bar (rows) x second bar (columns)")
        print("| first | " + " | ".join(str(b) for b in bars) + " |")
        for first in bars:
            rates = []
            for second in bars:
                exact = 0
                for chances, wanted in pairs:
                    ranked = sorted(chances, key=lambda c: -chances[c])
                    chosen = set()
                    if ranked and chances[ranked[0]] >= first:
                        chosen = {ranked[0]} | {c for c in ranked[1:] if chances[c] >= second}
                    exact += chosen == wanted
                rates.append(f"{exact / max(len(pairs), 1):.3f}")
            print(f"| {first} | " + " | ".join(rates) + " |")
    if args.dump:
        args.dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if args.json:
        args.json.write_text(
            json.dumps({p: dict(c) for p, c in table.items()}, indent=1), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
