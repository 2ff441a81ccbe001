"""The shipped VSIC list: every 2018 section and division, loaded idempotently, checked first."""

from __future__ import annotations

import pytest

from hoptac.investment import importers
from hoptac.investment.models import VsicCode

# ISIC Rev. 4 divisions, which VSIC 2018 follows (88 in all)
DIVISIONS_2018 = (
    [1, 2, 3, 5, 6, 7, 8, 9, *range(10, 34), 35, *range(36, 40), 41, 42, 43, 45, 46, 47]
    + [*range(49, 54), 55, 56, *range(58, 67), 68, *range(69, 76), *range(77, 83), 84, 85]
    + [86, 87, 88, *range(90, 97), 97, 98, 99]
)


def test_every_vsic_2018_section_and_division_is_shipped(db):
    importers.import_vsic()
    rows = VsicCode.objects.filter(version="2018")
    sections = set(rows.filter(level=0).values_list("code", flat=True))
    assert sections == set("ABCDEFGHIJKLMNOPQRSTU")
    divisions = dict(rows.filter(level=1).values_list("code", "section"))
    assert sorted(divisions) == [f"{d:02d}" for d in DIVISIONS_2018]
    assert len(divisions) == 88
    assert divisions["62"] == "J" and divisions["84"] == "O" and divisions["99"] == "U"
    assert all(v.name_vi and v.name_en for v in rows.filter(level__lte=1))


def test_loading_the_list_twice_changes_nothing(db):
    first = importers.import_vsic()
    assert first == VsicCode.objects.count()
    assert importers.import_vsic() == 0


def test_a_bad_row_stops_the_whole_import(db):
    source = [
        "version,code,name_vi,name_en\n",
        "2018,62,Lập trình máy vi tính,Computer programming\n",
        "2018,34,Không có,None\n",  # no division 34 in VSIC 2018
        "2030,62,Phiên bản lạ,Unknown version\n",
    ]
    with pytest.raises(importers.ImportProblem) as err:
        importers.import_vsic(source)
    assert len(err.value.problems) == 2
    assert not VsicCode.objects.exists()


def test_the_shipped_vsic_matches_the_decisions_sizes_where_it_claims_completeness():
    import csv

    from hoptac.investment import vsic_structure

    with open(importers.DATA / "vsic.csv", encoding="utf-8") as f:
        rows = [(r["version"], r["code"]) for r in csv.DictReader(f)]
    sizes = vsic_structure.completeness(rows)
    # VSIC 2018 is complete at its top two levels (Decision 27/2018/QĐ-TTg, Article 3: 21, 88)
    assert sizes["2018"][1] == (21, 21)
    assert sizes["2018"][2] == (88, 88)
    # and no level, of either version, holds more codes than its decision has
    for levels in sizes.values():
        for have, size in levels.values():
            assert have <= size


def test_import_vsic_reports_how_complete_each_version_is(db):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("import_vsic", stdout=out)
    assert "VSIC 2018 against its decision: level 1 21/21, level 2 88/88" in out.getvalue()
    assert "VSIC 2025 against its decision: level 1 14/22" in out.getvalue()
