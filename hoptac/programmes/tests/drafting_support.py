"""What the drafting tests share: the seed agreement, its gold commitments, the labelled set."""

from __future__ import annotations

import json
from pathlib import Path

from hoptac.programmes.drafting import Proposal
from hoptac.programmes.management.commands.evaluate_drafting import align

DATA = Path(__file__).resolve().parents[1] / "data"
SEED = (DATA / "2138-TB-TU.txt").read_text(encoding="utf-8")
GOLD = json.loads((DATA / "seed_2138.json").read_text(encoding="utf-8"))["commitments"]


def matched_to_gold(proposals: list[Proposal]):
    pairs = align([p.text for p in proposals], [g["text"] for g in GOLD])
    return [(proposals[i], GOLD[j]) for i, j, _ in pairs]


def names(bodies) -> list[str]:
    return [b.name_vi for b in bodies]
