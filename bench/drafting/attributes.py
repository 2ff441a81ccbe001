#!/usr/bin/env python
"""Deadlines, leads and rhythms of drafting on labelled parts: right / labelled per part, and
every wrong one with its words.

    DATABASE_URL=… DEBUG=1 .venv/bin/python bench/drafting/attributes.py [dev heldout5 …]
        [--dump attributes.tsv]

Over the pairs ``evaluate_drafting`` matches (body measure, one to one, Jaccard ≥ 0.6): a label
with ``due`` (``lead``, ``recurrence``) is right when the proposal gives the same date (body of
the directory, rhythm). Each wrong one is written with the proposal's own reading (the words of
the deadline, how the lead was found: ``text``, ``attribute``, ``sentence``, ``assigned``,
``issuer``, ``counterpart``) and its sentence, to class the errors. Never a held-out part.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from harness import django_on, parts_to_read


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parts", nargs="*")
    parser.add_argument("--dump", type=Path)
    args = parser.parse_args()
    django_on()
    from hoptac.programmes.drafting import propose
    from hoptac.programmes.management.commands.evaluate_drafting import (
        MEASURE,
        _parties,
        align,
        labelled_documents,
    )

    parts = parts_to_read(args.parts, "its attributes are not read")
    if parts is None:
        return 2
    lines: list[str] = []
    grand: Counter = Counter()
    print("| part | due | lead | rhythm |\n| --- | --- | --- | --- |")
    for part in parts:
        counts: Counter = Counter()
        for doc in labelled_documents(part):
            proposals = propose(doc.text, parties=_parties(doc.parties))
            texts = [p.text for p in proposals]
            for i, j, _ in align(texts, [g["text"] for g in doc.gold], measure=MEASURE):
                proposal, label = proposals[i], doc.gold[j]
                lead = proposal.lead.name_vi if proposal.lead else ""
                due = proposal.due.isoformat() if proposal.due else ""
                for key, wanted, got, how in (
                    ("due", label.get("due"), due, proposal.reasons.get("due", "")),
                    ("lead", label.get("lead"), lead, proposal.reasons.get("lead", "")),
                    ("recurrence", label.get("recurrence"), proposal.recurrence, ""),
                ):
                    if not wanted:
                        continue
                    counts[key] += 1
                    counts[key + " right"] += got == wanted
                    if got != wanted:
                        lines.append(
                            f"{part}/{doc.name}\t{key}\t{wanted}\t{got or '-'}\t{how}\t"
                            f"{label['text']}\t{proposal.source}"
                        )
        grand += counts
        print(_row(part, counts))
    print(_row("all", grand))
    if args.dump:
        args.dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


def _row(name: str, counts: Counter) -> str:
    cells = [f"{counts[k + ' right']}/{counts[k]}" for k in ("due", "lead", "recurrence")]
    return f"| {name} | " + " | ".join(cells) + " |"


if __name__ == "__main__":
    raise SystemExit(main())
