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


def test_a_renamed_code_is_updated_and_a_new_one_added_on_the_next_import(db):
    importers.import_vsic(["version,code,name_vi,name_en\n", "2018,62,Tên cũ,Old\n"])
    before = VsicCode.objects.get(version="2018", code="62").pk
    source = [
        "version,code,name_vi,name_en\n",
        "2018,62,Lập trình máy vi tính,Computer programming\n",
        "2018,J,Thông tin và truyền thông,Information and communication\n",
    ]
    assert importers.import_vsic(source) == 2
    renamed = VsicCode.objects.get(version="2018", code="62")
    assert (renamed.pk, renamed.name_vi, renamed.name_en, renamed.level, renamed.section) == (
        before,
        "Lập trình máy vi tính",
        "Computer programming",
        1,
        "J",
    )
    assert VsicCode.objects.get(version="2018", code="J").level == 0
    assert importers.import_vsic(source) == 0


def test_the_session_copy_of_the_list_is_read_without_the_database(shipped_vsic):
    """The tests' `vocab` fixture writes this copy in each test; reading it needs no database."""
    assert len(shipped_vsic) == len(importers.read_vsic())
    assert {(r.version, r.code) for r in shipped_vsic} >= {("2018", "62"), ("2025", "6219")}


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
    # VSIC 2025 is complete at every level (Decision 36/2025/QĐ-TTg: 22, 87, 259, 495, 743)
    assert all(have == size for have, size in sizes["2025"].values())
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
    assert (
        "VSIC 2025 against its decision: level 1 22/22, level 2 87/87, level 3 259/259, "
        "level 4 495/495, level 5 743/743" in out.getvalue()
    )


def _shipped(version: str) -> list[tuple[str, str]]:
    import csv

    with open(importers.DATA / "vsic.csv", encoding="utf-8") as f:
        return [(r["code"], r["name_vi"]) for r in csv.DictReader(f) if r["version"] == version]


def test_every_vsic_2025_code_has_its_parent_and_its_section_in_the_annex_order():
    rows = _shipped("2025")
    codes = {code for code, _name in rows}
    section = None
    for code, name in rows:
        assert name, code
        if code.isalpha():
            section = code
            continue
        # the annex lists each section's divisions after its letter: the ranges used to
        # check a code's section agree with it
        assert importers.section_of("2025", code) == section, code
        if len(code) > 2:
            assert code[:-1] in codes, f"{code} has no parent"
    assert len(rows) == len(codes)


def test_vsic_2025_has_no_division_45_and_splits_programming():
    codes = {code for code, _name in _shipped("2025")}
    assert "45" not in codes and not any(c.startswith("45") for c in codes if c.isdigit())
    assert {"6211", "6219", "62110", "62190"} <= codes
    assert "6201" not in codes and "6210" not in codes


def test_the_migration_drops_the_two_2025_codes_the_annex_does_not_have(db):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "hoptac.investment.migrations.0016_drop_vsic_2025_codes_not_in_the_annex"
    )
    for version, code in [("2025", "6210"), ("2025", "2610"), ("2025", "6219"), ("2018", "6210")]:
        VsicCode.objects.create(version=version, code=code, level=3, section="K", name_vi=code)
    migration.drop(apps, None)
    left = set(VsicCode.objects.values_list("version", "code"))
    assert left == {("2025", "6219"), ("2018", "6210")}


def test_the_loaded_correspondence_links_shipped_codes_of_both_versions():
    import csv

    from hoptac.investment import correspondence

    with open(importers.DATA / "vsic.csv", encoding="utf-8") as f:
        shipped = {(r["version"], r["code"]) for r in csv.DictReader(f)}
    pairs = correspondence.pairs()
    assert len(pairs) == 70
    for pair in pairs:
        assert ("2018", pair.code_2018) in shipped and ("2025", pair.code_2025) in shipped, pair
        assert correspondence.is_loaded(pair.code_2018)
    # every VSIC 2018 code shipped in divisions 21, 26, 62 and 63 has its VSIC 2025 codes
    loaded = {c for v, c in shipped if v == "2018" and c[:2] in ("21", "26", "62", "63")}
    assert loaded == {p.code_2018 for p in pairs}
    assert [p.code_2025 for p in correspondence.vsic_2025_for("6201")] == ["6211", "6219"]
    assert [p.code_2025 for p in correspondence.vsic_2025_for("6202")] == ["6220"]
    assert [p.code_2025 for p in correspondence.vsic_2025_for("26100")] == ["26110", "26190"]
    assert not correspondence.vsic_2025_for("6810") and not correspondence.is_loaded("6810")
    assert not correspondence.is_loaded("J") and not correspondence.is_loaded("")
