#!/usr/bin/env python
"""Every false positive and false negative of drafting on labelled parts, by class.

    DATABASE_URL=… DEBUG=1 .venv/bin/python bench/drafting/errors.py [heldout5 heldout6 …]
        [--measure text|body] [--dump errors.txt]

The errors are those of ``evaluate_drafting``'s alignment (one to one, Jaccard of folded
syllables ≥ 0.6) under the measure asked for: ``text`` (the whole texts, the measure until
decision 0019) or ``body`` (each text without the subject it opens with, the measure since).
Each unmatched label (false negative) and unmatched proposal (false positive) gets one class,
the first that fits:

- ``convention``: matched under the ``body`` measure (the same promise, written with or
  without its subject / the parties resolved to names) — only when scoring with ``text``;
- ``framing``: a proposal that comes from a sentence labelled framing;
- ``non-promise``: a proposal from a sentence labelled context, heading or attribute;
- ``not cut``: a proposal that holds two labelled commitments or more (each at least half
  inside it), or a label held by such a proposal: a multi-promise sentence not cut;
- ``no head``: a proposal that is a fragment of an unmatched label (at least 0.8 of its
  syllables inside it, and shorter), or a label with such a fragment from its sentence: a
  list whose shared head ("hợp tác trong lĩnh vực …") was not repeated for each item;
- ``missed``: a label whose sentence gives no proposal, or that no proposal shares a third of
  its syllables with;
- ``other``: the rest (a cut in the wrong place, a fragment, a second proposal for one promise,
  a label the proposal covers only in part).

Prints a table of counts per part and class; ``--dump`` writes every error with its text.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from harness import django_on, parts_to_read

CLASSES = ("convention", "framing", "non-promise", "not cut", "no head", "missed", "other")


# Classes that do not apply to one side: a proposal is never "missed", a label never framing or
# a non-promise.
_NEVER = {("FP", "missed"), ("FN", "framing"), ("FN", "non-promise")}


def _sentence_of(proposal, sentences: list[dict], cover) -> int:
    """The labelled sentence a proposal comes from (its source, else its text)."""
    where = proposal.source or proposal.text
    return max(
        range(len(sentences)),
        key=lambda k: (
            cover(where, sentences[k]["s"]),
            cover(proposal.text, sentences[k]["s"]),
            sentences[k]["label"] == "commitment",
        ),
    )


def _sentences(path: Path, gold: list[dict]) -> list[dict]:
    """The labelled sentences of a document; for one labelled by commitments only (the seed,
    a ``.txt`` with its ``.json`` of commitments), each commitment as its own sentence."""
    labels = json.loads(path.read_text("utf-8")) if path.is_file() else {}
    if "paragraphs" in labels:
        return [s for paragraph in labels["paragraphs"] for s in paragraph]
    return [{"s": g["text"], "label": "commitment", "commitments": [g]} for g in gold] or [
        {"s": "", "label": "context"}
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parts", nargs="*")
    parser.add_argument("--measure", choices=("text", "body"), default="text")
    parser.add_argument("--dump", type=Path)
    args = parser.parse_args()
    django_on()
    from hoptac.programmes.drafting import propose, syllables
    from hoptac.programmes.management.commands.evaluate_drafting import (
        LABELLED,
        _parties,
        align,
        labelled_documents,
    )

    parts = parts_to_read(args.parts, "its errors are not read")
    if parts is None:
        return 2

    def cover(inner: str, outer: str) -> float:
        x = set(syllables(inner))
        return len(x & set(syllables(outer))) / len(x) if x else 0.0

    table: dict[str, Counter] = {}
    totals: dict[str, Counter] = {}
    lines: list[str] = []
    for part in parts:
        counts: Counter = Counter()
        figures: Counter = Counter()
        for doc in labelled_documents(part):
            sentences = _sentences(LABELLED / part / f"{doc.name}.json", doc.gold)
            proposals = propose(doc.text, parties=_parties(doc.parties))
            texts, gold = [p.text for p in proposals], [g["text"] for g in doc.gold]
            by_text = {(i, j) for i, j, _ in align(texts, gold)}
            by_body = {(i, j) for i, j, _ in align(texts, gold, measure="body")}
            pairs = by_text if args.measure == "text" else by_body
            matched_p, matched_g = {i for i, _ in pairs}, {j for _, j in pairs}
            body_p = {i for i, _ in by_body}
            body_g = {j for _, j in by_body}
            figures.update(
                gold=len(gold), proposed=len(texts), text=len(by_text), body=len(by_body)
            )
            # The labelled sentence of each label, and the one each proposal comes from.
            of_gold = [k for k, s in enumerate(sentences) for _ in s.get("commitments", [])]

            of_proposal = [_sentence_of(p, sentences, cover) for p in proposals]
            # Which labels each proposal holds (at least half of the label's syllables).
            holds = {
                i: [j for j, g in enumerate(gold) if cover(g, t) >= 0.5]
                for i, t in enumerate(texts)
            }
            uncut = {i for i, held in holds.items() if len(held) >= 2}
            for i, t in enumerate(texts):
                if i in matched_p:
                    continue
                source = sentences[of_proposal[i]]
                if args.measure == "text" and i in body_p:
                    kind = "convention"
                elif source["label"] == "framing":
                    kind = "framing"
                elif source["label"] in ("context", "heading", "attribute"):
                    kind = "non-promise"
                elif i in uncut:
                    kind = "not cut"
                elif any(
                    cover(t, g) >= 0.8 and len(syllables(t)) < len(syllables(g))
                    for j, g in enumerate(gold)
                    if j not in matched_g
                ):
                    kind = "no head"
                else:
                    kind = "other"
                counts["FP " + kind] += 1
                lines.append(f"{part}/{doc.name}\tFP {kind}\t{t}\t[{source['label']}]")
            for j, g in enumerate(gold):
                if j in matched_g:
                    continue
                best = max((cover(g, t) for t in texts), default=0.0)
                if args.measure == "text" and j in body_g:
                    kind = "convention"
                elif any(j in holds[i] for i in uncut if i not in matched_p):
                    kind = "not cut"
                elif any(
                    cover(t, g) >= 0.8 and len(syllables(t)) < len(syllables(g))
                    for i, t in enumerate(texts)
                    if i not in matched_p and of_proposal[i] == of_gold[j]
                ):
                    kind = "no head"
                elif best < 1 / 3 or of_gold[j] not in of_proposal:
                    kind = "missed"
                else:
                    kind = "other"
                counts["FN " + kind] += 1
                near = max(texts, key=lambda t: cover(g, t), default="")
                lines.append(f"{part}/{doc.name}\tFN {kind}\t{g}\t<- {near}")
        table[part], totals[part] = counts, figures
    header = (
        "| part | gold | prop | matched (text) | matched (body) | "
        + " | ".join(f"{side} {c}" for side in ("FP", "FN") for c in CLASSES)
        + " |"
    )
    print(f"measure: {args.measure}")
    print(header)
    print("|" + " --- |" * (len(CLASSES) * 2 + 5))
    grand: Counter = Counter()
    grand_f: Counter = Counter()
    for part in parts:
        grand += table[part]
        grand_f += totals[part]
    for name, counts, figures in [
        *[(p, table[p], totals[p]) for p in parts],
        ("all", grand, grand_f),
    ]:
        print(
            f"| {name} | {figures['gold']} | {figures['proposed']} | {figures['text']} | "
            f"{figures['body']} | "
            + " | ".join(
                "—" if (side, c) in _NEVER else str(counts[side + " " + c])
                for side in ("FP", "FN")
                for c in CLASSES
            )
            + " |"
        )
    if args.dump:
        args.dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
