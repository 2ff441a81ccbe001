"""Which VSIC codes and Decision 38/2020/QĐ-TTg items the portal shows as checked against a
source, and which it marks unverified. Every page that shows a code or an item asks `is_sourced`
(through the `source_mark` tags of the `investment` library), so the portal has one answer.

What was checked, and the page it was checked against, is recorded in `data/README.md`
("What was checked, and against what"); this module restates it as rules over the shipped data:

- VSIC 2025: every code, transcribed from Annex I of Decision 36/2025/QĐ-TTg.
- VSIC 2018: every code on the VSIC 2018 side of the official correspondence table (Official
  Letter 3061/CTK-CSCL, Annex II; `correspondence.codes_2018`): 21 sections, 88 divisions, 242
  groups, 464 classes and 734 sub-classes. A code outside it (one loaded from another list, such
  as the VSIC 2007 class 7210) has no source here.
- Decision 38/2020/QĐ-TTg: the items of `data/priority_items.csv` whose `source` column names
  the public pages their wording was found on. The annexes themselves were not found: the other
  items are unverified.

A list loaded later with `manage.py import_vsic` or `import_priority_sectors --items` stays
unverified here until its source is recorded in `data/README.md` and in the shipped data.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from . import correspondence

ITEMS = Path(__file__).resolve().parent / "data" / "priority_items.csv"

VSIC_SCHEMES = ("2018", "2025")
ITEM_KINDS = ("technology", "product")


@cache
def items_checked() -> frozenset[tuple[str, str]]:
    """(kind, item code) of the shipped Decision 38/2020 items that name a source."""
    with ITEMS.open(encoding="utf-8", newline="") as handle:
        return frozenset(
            (row["kind"], row["item"].strip().upper())
            for row in csv.DictReader(handle)
            if (row.get("source") or "").strip()
        )


def is_sourced(scheme: str, code: str) -> bool:
    """True when the code (a VSIC code of version `scheme` "2018"/"2025", or a Decision 38/2020
    item of kind `scheme` "technology"/"product") was checked against a source."""
    code = (code or "").strip().upper()
    if not code:
        return False
    if scheme == "2025":
        return True
    if scheme == "2018":
        return code in correspondence.codes_2018()
    if scheme in ITEM_KINDS:
        return (scheme, code) in items_checked()
    return False
