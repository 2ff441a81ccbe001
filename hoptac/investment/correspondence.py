"""The correspondence from VSIC 2018 to VSIC 2025 published by the General Statistics Office
(Official Letter 3061/CTK-CSCL, Annex II "VSIC 2018 → VSIC 2025"), as far as it is loaded here.

Only divisions 21, 26, 62 and 63 (pharmaceuticals; electronics and computers; computer
programming; information services: the portal's own sectors) are loaded, read pair by pair
from a public transcription of the annex (see `data/README.md`); for any other VSIC 2018 code
the portal says the correspondence is not loaded, never that there is none. `marked` is the
asterisk the official table puts on some rows without explaining it.
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
# VSIC 2018 divisions whose every code is loaded.
LOADED_DIVISIONS = frozenset({"21", "26", "62", "63"})


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
def codes_2018() -> frozenset[str]:
    """The VSIC 2018 codes the loaded part of the table names (its 2018 side)."""
    return frozenset(p.code_2018 for p in pairs())


def is_loaded(code_2018: str) -> bool:
    """True when the correspondence of this VSIC 2018 code is loaded (its division is)."""
    code = (code_2018 or "").strip()
    return code.isdigit() and code[:2] in LOADED_DIVISIONS


def vsic_2025_for(code_2018: str) -> list[Pair]:
    """The VSIC 2025 codes a VSIC 2018 code corresponds to; empty when not loaded."""
    code = (code_2018 or "").strip()
    return [p for p in pairs() if p.code_2018 == code]
