"""How many codes each level of the VSIC has, from the decisions that issue it, so that the
shipped lists (VSIC 2018 has 464 of its 486 classes) and any full list loaded later can be
checked against the official size.

Sources (found with the project's search tool, 5 December 2026):
- VSIC 2018, Decision 27/2018/QĐ-TTg of 6 July 2018, in force 20 August 2018, Article 3:
  https://dazpro.com/decision-27-2018-vietnam-on-industrial-classification (English text) and
  https://tdtnn2025.gso.gov.vn/Blog/Detail/he-thong-nganh-kinh-te-viet-nam (General Statistics
  Office); the date in force: https://luatgpt.vn/legal-document/27-2018-qd-ttg-decision-no-27-2018-qd-ttg-issuing-the-vietnamese-economic-indust
- VSIC 2025, Decision 36/2025/QĐ-TTg of 29 September 2025, in force 15 November 2025, replacing
  Decision 27/2018/QĐ-TTg: https://sotuphap.hochiminhcity.gov.vn/hoat-dong-chuyen-mon/-/asset_publisher/emZ19pfF3Yyq/content/cau-truc-co-ban-va-cach-danh-ma-so-trong-he-thong-nganh-kinh-te-viet-nam
  (Ho Chi Minh City Department of Justice) and https://baogialai.com.vn/ban-hanh-he-thong-nganh-kinh-te-viet-nam-post568024.html
"""

from __future__ import annotations

from collections import Counter

# version → {level: number of codes}; level 1 is the section letter, levels 2–5 the digits.
STRUCTURE: dict[str, dict[int, int]] = {
    "2018": {1: 21, 2: 88, 3: 242, 4: 486, 5: 734},
    "2025": {1: 22, 2: 87, 3: 259, 4: 495, 5: 743},
}


def level(code: str) -> int:
    """1 for a section letter, else the number of digits."""
    return 1 if code.isalpha() else len(code)


def completeness(codes: list[tuple[str, str]]) -> dict[str, dict[int, tuple[int, int]]]:
    """For (version, code) pairs: version → level → (codes held, codes the decision has)."""
    held = Counter((version, level(code)) for version, code in codes)
    return {
        version: {lvl: (held[(version, lvl)], size) for lvl, size in levels.items()}
        for version, levels in STRUCTURE.items()
    }
