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
    # VSIC 2018 is the correspondence table's 2018 side: the sizes of Decision 27/2018/QĐ-TTg,
    # Article 3 (21, 88, 242, 486, 734) but 464 classes: the table and the OCR of the signed
    # decision name the same 464, and no list found names the other 22 (data/README.md)
    assert sizes["2018"] == {1: (21, 21), 2: (88, 88), 3: (242, 242), 4: (464, 486), 5: (734, 734)}
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
    assert (
        "VSIC 2018 against its decision: level 1 21/21, level 2 88/88, level 3 242/242, "
        "level 4 464/486, level 5 734/734" in out.getvalue()
    )
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
    assert len(pairs) == 2204  # every row of Annex II, sections to sub-classes
    assert len(set(pairs)) == len(pairs)
    for pair in pairs:
        assert ("2018", pair.code_2018) in shipped and ("2025", pair.code_2025) in shipped, pair
        assert pair.relationship in ("one_to_one", "one_to_many", "many_to_one", "many_to_many")
        # a row keeps its level: a section goes to a section, a class to a class
        assert pair.code_2018.isalpha() == pair.code_2025.isalpha(), pair
        assert pair.code_2018.isalpha() or len(pair.code_2018) == len(pair.code_2025), pair
    # the shipped VSIC 2018 list is the table's 2018 side, code for code
    assert {c for v, c in shipped if v == "2018"} == correspondence.codes_2018()
    assert sum(p.marked for p in pairs) == 1128
    assert [p.code_2025 for p in correspondence.vsic_2025_for("6201")] == ["6211", "6219"]
    assert [p.code_2025 for p in correspondence.vsic_2025_for("6202")] == ["6220"]
    assert [p.code_2025 for p in correspondence.vsic_2025_for("26100")] == ["26110", "26190"]
    assert [p.code_2025 for p in correspondence.vsic_2025_for("j")] == ["J", "K"]
    assert [p.code_2025 for p in correspondence.vsic_2025_for("T")] == ["U"]
    assert [p.code_2025 for p in correspondence.vsic_2025_for("45")] == ["46", "47", "95"]
    split = correspondence.vsic_2025_for("35119")  # "other electricity": four VSIC 2025 classes
    assert [p.code_2025 for p in split] == ["35119", "35124", "35125", "35129"]
    assert all(p.marked and p.relationship == "one_to_many" for p in split)
    (same,) = correspondence.vsic_2025_for("6810")
    assert (same.code_2025, same.relationship, same.marked) == ("6810", "one_to_one", False)
    (unmarked,) = correspondence.vsic_2025_for("4512")  # one of six many-to-one rows without (*)
    assert (unmarked.code_2025, unmarked.relationship, unmarked.marked) == (
        "4781",
        "many_to_one",
        False,
    )
    assert correspondence.is_loaded("6810") and correspondence.is_loaded("J")
    assert not correspondence.vsic_2025_for("7210") and not correspondence.is_loaded("7210")
    assert not correspondence.is_loaded("") and not correspondence.is_loaded("6219")


def test_vsic_2018_has_the_decisions_sizes_but_464_classes_and_every_parent():
    rows = _shipped("2018")
    codes = [code for code, _name in rows]
    assert len(codes) == len(set(codes)) == 21 + 88 + 242 + 464 + 734
    known = set(codes)
    for code, name in rows:
        assert name, code
        if not code.isalpha() and len(code) > 2:
            assert code[:-1] in known, f"{code} has no parent"
    # every class has at least one sub-class, and every sub-class a class: the 22 classes
    # Article 3 counts beyond 464 cannot hide under the 734 sub-classes
    classes = {c for c in codes if len(c) == 4 and c.isdigit()}
    assert classes == {c[:4] for c in codes if len(c) == 5}
    # codes of VSIC 2007 and OCR misreadings are not VSIC 2018 codes
    assert not known & {"7210", "0221", "0612", "4930", "6210"}
    # VSIC 2018 still has division 45 (sale and repair of motor vehicles), gone in VSIC 2025
    assert {"45", "451", "4511", "45111"} <= known


@pytest.mark.parametrize(
    ("code", "name"),
    [
        # checked against a second source, independent of the correspondence table
        ("21001", "Sản xuất thuốc các loại"),  # ketoanapolo.vn/ma-nganh-2100
        ("21002", "Sản xuất hoá dược và dược liệu"),  # ditto (the table: "hoá dược, dược liệu")
        ("6202", "Tư vấn máy vi tính và quản trị hệ thống máy vi tính"),  # thuvienphapluat.vn
        ("47910", "Bán lẻ theo yêu cầu đặt hàng qua bưu điện hoặc internet"),  # thanhlapdoanhnghiep
        # divisions: a VSIC 2018 seed in ducanhtranptit/ESG-tool-backend (84 of 88 identical)
        ("46", "Bán buôn (trừ ô tô, mô tô, xe máy và xe có động cơ khác)"),
        ("72", "Nghiên cứu khoa học và phát triển công nghệ"),
        (  # the seed writes "Đảng cộng sản" (one of its 4 differences, all spelling or case)
            "84",
            "Hoạt động của Đảng Cộng sản, tổ chức chính trị - xã hội, quản lý nhà nước, an ninh "
            "quốc phòng, đối ngoại và bảo đảm xã hội bắt buộc",
        ),
        # the table's own wording where it differs from VSIC 2025's Annex I
        ("302", "Sản xuất đầu máy xe lửa, xe điện và toa xe"),
        ("71103", "Hoạt động thăm dò địa chất, nguồn nước"),
        ("J", "THÔNG TIN VÀ TRUYỀN THÔNG"),
    ],
)
def test_spot_checked_vsic_2018_names(code, name):
    assert dict(_shipped("2018"))[code] == name
