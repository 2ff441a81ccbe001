"""The correspondence from VSIC 2018 to VSIC 2025 published by the General Statistics Office
(Official Letter 3061/CTK-CSCL, Annex II "VSIC 2018 → VSIC 2025"): every row of the annex, from
the sections down to the sub-classes, read from a public transcription of it (`data/README.md`).

Its VSIC 2018 side names 21 sections, 88 divisions, 242 groups, 464 classes and 734 sub-classes:
the portal's VSIC 2018 list is this side (`vsic.csv`). A VSIC 2018 code outside it (one loaded
from elsewhere) has no correspondence here: the portal says so, never that there is none.
`marked` is the asterisk the official table puts on some rows without explaining it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "vsic_2018_2025.csv"
SOURCE = "Công văn 3061/CTK-CSCL của Cục Thống kê, Phụ lục II"
SOURCE_EN = "General Statistics Office, Official Letter 3061/CTK-CSCL, Annex II"
SOURCE_URL = "https://www.nso.gov.vn/tin-tuc-thong-ke/2025/12/xay-dung-bang-chuyen-doi-he-thong-nganh-kinh-te-viet-nam/"


@dataclass(frozen=True)
class Pair:
    code_2018: str
    code_2025: str
    relationship: str  # one_to_one, one_to_many, many_to_one, many_to_many
    marked: bool


@cache
def pairs() -> tuple[Pair, ...]:
    """Every loaded pair, in the order of the annex."""
    with DATA.open(encoding="utf-8", newline="") as handle:
        return tuple(
            Pair(r["code_2018"], r["code_2025"], r["relationship"], r["marked"] == "*")
            for r in csv.DictReader(handle)
        )


@cache
def _by_code_2018() -> dict[str, tuple[Pair, ...]]:
    grouped: dict[str, list[Pair]] = {}
    for pair in pairs():
        grouped.setdefault(pair.code_2018, []).append(pair)
    return {code: tuple(found) for code, found in grouped.items()}


@cache
def codes_2018() -> frozenset[str]:
    """The VSIC 2018 codes the table names (its 2018 side)."""
    return frozenset(_by_code_2018())


def is_loaded(code_2018: str) -> bool:
    """True when the table names this VSIC 2018 code (its correspondence is loaded)."""
    return (code_2018 or "").strip().upper() in _by_code_2018()


def vsic_2025_for(code_2018: str) -> list[Pair]:
    """The VSIC 2025 codes a VSIC 2018 code corresponds to, in the order of the annex; empty
    for a code the table does not name."""
    return list(_by_code_2018().get((code_2018 or "").strip().upper(), ()))
