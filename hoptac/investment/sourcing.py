"""Which VSIC codes and Decision 38/2020/QĐ-TTg items the portal shows as checked against a
source, and which it marks unverified. Every page that shows a code or an item asks `is_sourced`
(through the `source_mark` tags of the `investment` library), so the portal has one answer.

What was checked, and the page it was checked against, is recorded in `data/README.md`
("What was checked, and against what"); this module only restates it code by code:

- VSIC 2025: every code, transcribed from Annex I of Decision 36/2025/QĐ-TTg.
- VSIC 2018: the sections and divisions (the sizes of Article 3 of Decision 27/2018/QĐ-TTg; the
  sectors page has treated them as sourced since it was written), class 2100 and its sub-classes
  21001 and 21002 (https://ketoanapolo.vn/ma-nganh-2100), class 6202 (thuvienphapluat.vn), and
  every code of divisions 21, 26, 62 and 63, named on the VSIC 2018 side of the official
  correspondence table (Official Letter 3061/CTK-CSCL, Annex II; `correspondence.codes_2018`).
  No source was found for the other groups, classes and sub-classes: they are unverified.
- Decision 38/2020/QĐ-TTg: artificial intelligence and the Internet of things in Annex I (the
  technologies; vdb.gov.vn, trademarkvn.com.vn). The wording of the other items was not checked.

A full list loaded later with `manage.py import_vsic` stays unverified here until its source is
recorded in `data/README.md` and in this module.
"""

from __future__ import annotations

from . import correspondence

# Below the divisions, besides the codes the correspondence table names (`is_sourced`).
VSIC_2018_CHECKED_BELOW_DIVISIONS = frozenset({"2100", "21001", "21002", "6202"})

# (kind of the item, our item code): Annex I holds the technologies, Annex II the products.
ITEMS_CHECKED = frozenset({("technology", "AI"), ("technology", "IOT")})

VSIC_SCHEMES = ("2018", "2025")
ITEM_KINDS = ("technology", "product")


def is_sourced(scheme: str, code: str) -> bool:
    """True when the code (a VSIC code of version `scheme` "2018"/"2025", or a Decision 38/2020
    item of kind `scheme` "technology"/"product") was checked against a source."""
    code = (code or "").strip().upper()
    if not code:
        return False
    if scheme == "2025":
        return True
    if scheme == "2018":
        return (
            code.isalpha()
            or len(code) <= 2
            or code in VSIC_2018_CHECKED_BELOW_DIVISIONS
            or code in correspondence.codes_2018()
        )
    if scheme in ITEM_KINDS:
        return (scheme, code) in ITEMS_CHECKED
    return False
