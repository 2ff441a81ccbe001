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
