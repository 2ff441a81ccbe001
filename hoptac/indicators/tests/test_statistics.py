"""Dossier statistics: monthly files and dossier records, each bad input refused with its row and
column, nothing half-saved; the 766 index computed from them on a hand-computed fixture."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest

from hoptac.indicators import actions, index766, statistics
from hoptac.indicators.models import DossierMonth, IndexResult

TODAY = dt.date(2026, 12, 5)
MONTHLY_HEADER = (
    "Tháng,Cơ quan,Mã TTHC,Tiếp nhận,Tiếp nhận trực tuyến,Trước hạn đúng hạn,Quá hạn,Số hóa,"
    "Kết quả điện tử,Phải nộp phí,Thanh toán trực tuyến,Phản ánh kiến nghị,PAKN đúng hạn,"
    "PAKN không hài lòng,Được đánh giá,Không hài lòng"
)
RECORDS_HEADER = (
    "Mã hồ sơ,Mã TTHC,Cơ quan,Ngày tiếp nhận,Ngày hẹn trả,Ngày hoàn thành,Kênh nộp,Trạng thái,"
    "Số hóa,Kết quả điện tử,Phải nộp phí,Thanh toán trực tuyến"
)


def monthly(*rows: str, header: str = MONTHLY_HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def records(*rows: str, header: str = RECORDS_HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


# Hand-computed fixture: two agencies of one city in October 2026.
#   Sở Xây dựng: received 100, online 40, on time 72, late 8, digitised 60, e-results 50,
#                payable 30, paid online 12, feedback 10 (8 on time, 2 dissatisfied),
#                rated 20 (5 dissatisfied)
#   Sở Tư pháp:  received 50, online 30, on time 45, late 5, digitised 50, e-results 40,
#                payable 10, paid online 8, feedback 0, rated 0
GOOD = monthly(
    "10/2026,Sở Xây dựng,1.001612,100,40,72,8,60,50,30,12,10,8,2,20,5",
    "10/2026,Sở Tư pháp,1.000001,50,30,45,5,50,40,10,8,0,0,0,0,0",
)


def test_the_formulas_on_a_hand_computed_fixture(world):
    city = world.localities["own"]
    parsed = statistics.parse_monthly("m.csv", GOOD, TODAY)
    assert parsed.errors == []
    actions.import_statistics(city, parsed, by=None)
    city_row = IndexResult.objects.get(locality=city, agency="", audience="all", version="766/2022")
    city_scores = {key: city_row.score(key) for key in city_row.scores}
    # on time: (72 + 45) / (72 + 8 + 45 + 5) = 117 / 130; the group's 20 points shared by the
    # one computed component of "Tiến độ" → 20 × 117 / 130 = 18.000
    assert (city_scores["on_time"].numerator, city_scores["on_time"].denominator) == (117, 130)
    assert city_scores["on_time"].points == Decimal("18.000")
    # online: 70 / 150 = 46.7 %, share 22 / 2 = 11, full marks from 50 % → 11 × 46.7 / 50 = 10.267
    assert (city_scores["online_share"].numerator, city_scores["online_share"].denominator) == (
        70,
        150,
    )
    assert city_scores["online_share"].points == Decimal("10.267")
    # paid online: 20 / 40 → 11 × 0.5 = 5.500
    assert city_scores["paid_online"].points == Decimal("5.500")
    # digitised 110 / 150 = 73.3 %, full from 80 % → 11 × 73.3 / 80 = 10.083; e-results 90 / 130
    # in proportion → 7.615
    assert city_scores["digitised"].points == Decimal("10.083")
    assert city_scores["e_results"].points == Decimal("7.615")
    # satisfaction: dossiers 6 points (read), full from 90 %: (150-5)/150 = 96.7 % of every dossier
    # received → 6.000; the other 12 shared by 2 = 6: feedback on time 8/10 → 4.800; satisfied
    # (10-2)/10 → 4.800
    assert city_scores["feedback_on_time"].points == Decimal("4.800")
    assert (
        city_scores["feedback_satisfied"].numerator,
        city_scores["feedback_satisfied"].denominator,
    ) == (8, 10)
    assert (
        city_scores["dossier_satisfied"].numerator,
        city_scores["dossier_satisfied"].denominator,
    ) == (145, 150)
    assert city_scores["dossier_satisfied"].points == Decimal("6.000")
    # the agency without feedback has no satisfaction points, not zero
    tu_phap = IndexResult.objects.get(
        locality=city, agency="Sở Tư pháp", audience="all", version="766/2022"
    ).score("feedback_on_time")
    assert tu_phap.denominator == 0 and tu_phap.points is None
    # the component not computed from statistics has no score at all
    assert "procedures_published_on_time" not in city_scores


def test_every_component_of_the_version_cites_a_source_and_a_status():
    spec = index766.version("766/2022")
    assert [g.max_points for g in spec.groups] == [18, 20, 22, 22, 18]
    assert spec.max_points == 100
    assert spec.max_points == sum(g.computed_points for g in spec.groups) + 18  # none of group 1
    for component in spec.components:
        assert component.source_url.startswith(("http", "'Mô tả công thức tính chỉ số 766"))
        assert component.status in {"sourced", "unverified"}
        assert component.part


def test_every_checked_facet_names_a_public_copy_that_was_read():
    spec = index766.version("766/2022")
    raw = json.loads((index766.DATA / index766.VERSIONS["766/2022"]).read_text(encoding="utf-8"))
    assert raw["checked_on"]
    facets = {"name", "order", "max_points", "formula"}
    for entry in [*raw["groups"], *raw["components"]]:
        for facet, names in entry.get("checked", {}).items():
            assert facet in facets and names, (entry["key"], facet)
            for name in names:
                assert spec.sources[name].startswith("https://") or spec.sources[name].startswith(
                    "http://"
                ), (entry["key"], name)
        if entry.get("max_points") and "group" in entry:
            # a component's maximum is read somewhere, and that reading is the one checked
            assert entry["max_points_source"] in entry["checked"].get("max_points", []), entry
    # the maxima read: the on-time rate gives the whole of its group's 20 points
    assert spec.component("on_time").max_points == spec.groups[1].max_points == 20
    assert dict(spec.component("on_time").checked)["name"] == ("baodanang", "dinte")


def test_every_component_says_where_in_the_decision_it_was_read():
    raw = json.loads((index766.DATA / index766.VERSIONS["766/2022"]).read_text(encoding="utf-8"))
    for component in raw["components"]:
        cite = component["cite"]
        assert cite["group"].startswith("Nhóm "), component["key"]
        assert cite["item_status"] in {"sourced", "order only", "unverified"}, component["key"]
        assert (cite["item"] is None) == (cite["item_status"] == "unverified"), component["key"]
        assert all(name in raw["sources"] for name in cite["read_in"]), component["key"]
        # no copy read shows whether the criteria stand in an article or in the annex
        assert cite["article_or_annex"] == "unverified"
    # the one item letter read (aita): the first component of the transparency group
    first = next(c for c in raw["components"] if c["key"] == "procedures_published_on_time")
    assert first["cite"]["item"] == "điểm a)" and "aita" in first["checked"]["formula"]


def test_the_online_group_is_the_five_criteria_read_in_their_order():
    """Fifth search pass: backan lists the online group's criteria; their names and places
    are read there (their formulas and thresholds are still the portal's)."""
    spec = index766.version("766/2022")
    online = next(g for g in spec.groups if g.key == "online")
    assert [c.name_vi for c in online.components] == [
        "Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến",
        "Tỷ lệ dịch vụ công trực tuyến có phát sinh hồ sơ",
        "Tỷ lệ hồ sơ TTHC theo hình thức nộp hồ sơ (nộp trực tuyến)",
        "Tỷ lệ thủ tục hành chính có giao dịch thanh toán trực tuyến",
        "Tỷ lệ hồ sơ thanh toán trực tuyến",
    ]
    raw = json.loads((index766.DATA / index766.VERSIONS["766/2022"]).read_text(encoding="utf-8"))
    cites = [c["cite"] for c in raw["components"] if c["group"] == "online"]
    assert [c["item"] for c in cites] == [f"chỉ số thứ {n} của nhóm" for n in range(1, 6)]
    assert all(c.sourced and dict(c.checked)["name"] == ("backan",) for c in online.components)
    assert all(c.points_status == "unverified" for c in online.components)


def test_dossier_records_compute_the_monthly_figures(world):
    data = records(
        "HS1,1.001612,Sở Xây dựng,01/10/2026 08:00,10/10/2026,09/10/2026 16:00,Trực tuyến,"
        "Đã trả kết quả,Có,Có,Có,Có",
        "HS2,1.001612,Sở Xây dựng,02/10/2026 09:00,05/10/2026 17:00,06/10/2026 08:00,Trực tiếp,"
        "Đã trả kết quả,Không,Không,Có,Không",
        # open: its electronic result is not given yet, and need not be
        "HS3,1.001612,Sở Xây dựng,03/10/2026,20/10/2026,,Bưu chính,Đang xử lý,Có,,Không,Không",
        "HS4,1.001612,Sở Xây dựng,30/09/2026,01/10/2026,01/10/2026 23:00,Trực tuyến,"
        "Đã trả kết quả,Không,Không,Không,Không",
    )
    parsed = statistics.parse_records("r.csv", data, TODAY)
    assert parsed.errors == []
    by_month = {r["month"]: r for r in parsed.rows}
    october = by_month[dt.date(2026, 10, 1)]
    assert october["received"] == 3 and october["received_online"] == 1
    assert october["finished_on_time"] == 1 and october["finished_late"] == 1
    assert october["digitised"] == 2 and october["e_results"] == 1
    assert october["payable"] == 2 and october["paid_online"] == 1
    # due on 01/10 without a time: finished that evening is on time
    assert by_month[dt.date(2026, 9, 1)]["finished_on_time"] == 1


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("10/2026,Sở A,1.001612,10,0,8,5,0,0,0,0,0,0,0,0,0", "Trước hạn, đúng hạn + Quá hạn"),
        ("10/2026,Sở A,1.001612,10,-1,0,0,0,0,0,0,0,0,0,0,0", "Tiếp nhận trực tuyến"),
        ("01/2027,Sở A,1.001612,10,0,0,0,0,0,0,0,0,0,0,0,0", "01/2027"),
        ("10/2026,Sở A,1001612,10,0,0,0,0,0,0,0,0,0,0,0,0", "1001612"),
        ("10/2026,Sở A,1.001612,10,11,0,0,0,0,0,0,0,0,0,0,0", "Tiếp nhận trực tuyến"),
        ("10/2026,Sở A,1.001612,10,0,0,0,0,0,2,3,0,0,0,0,0", "Thanh toán trực tuyến"),
        ("13/2026,Sở A,1.001612,10,0,0,0,0,0,0,0,0,0,0,0,0", "13/2026"),
        ("10/2026,Sở A,1.001612,mười,0,0,0,0,0,0,0,0,0,0,0,0", "Tiếp nhận"),
    ],
)
def test_bad_monthly_figures_are_refused_by_row_and_column(world, row, expected):
    good = "09/2026,Sở B,1.000001,5,0,5,0,0,0,0,0,0,0,0,0,0"
    parsed = statistics.parse_monthly("m.csv", monthly(good, row), TODAY)
    assert len(parsed.errors) == 1, parsed.errors
    assert "Row 3" in parsed.errors[0] or "Dòng 3" in parsed.errors[0]
    assert expected in parsed.errors[0]


def test_a_file_with_one_bad_row_saves_nothing(world):
    city = world.localities["own"]
    parsed = statistics.parse_monthly(
        "m.csv",
        monthly(
            "09/2026,Sở B,1.000001,5,0,5,0,0,0,0,0,0,0,0,0,0",
            "10/2026,Sở A,1.001612,10,0,8,5,0,0,0,0,0,0,0,0,0",
        ),
        TODAY,
    )
    assert len(parsed.errors) == 1 and len(parsed.rows) == 1
    with pytest.raises(ValueError):
        actions.import_statistics(city, parsed, by=None)
    assert not DossierMonth.objects.exists()


def test_a_duplicate_month_agency_and_code_is_refused():
    row = "10/2026,Sở A,1.001612,10,0,8,1,0,0,0,0,0,0,0,0,0"
    parsed = statistics.parse_monthly("m.csv", monthly(row, row), TODAY)
    assert len(parsed.errors) == 1 and "3" in parsed.errors[0] and "2" in parsed.errors[0]


@pytest.mark.parametrize(
    "column",
    ["Họ tên người nộp", "Số CCCD", "Địa chỉ", "Số điện thoại", "Email", "Ngày sinh"],
)
def test_a_records_file_with_personal_data_is_refused_whole(column):
    header = RECORDS_HEADER + "," + column
    row = (
        "HS1,1.001612,Sở Xây dựng,01/10/2026 08:00,10/10/2026,09/10/2026 16:00,Trực tuyến,"
        "Đã trả kết quả,Có,Có,Có,Có,x"
    )
    parsed = statistics.parse_records("r.csv", records(row, header=header), TODAY)
    assert parsed.rows == []
    assert len(parsed.errors) == 1
    assert column in parsed.errors[0] and "13/2023" in parsed.errors[0]
    assert "column M" in parsed.errors[0] or "cột M" in parsed.errors[0]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "HS1,1.001612,Sở A,05/10/2026 08:00,10/10/2026,04/10/2026 16:00,Trực tuyến,"
            "Đã trả kết quả,,,,",
            "Ngày hoàn thành",
        ),
        (
            "HS1,1.001612,Sở A,05/10/2026 08:00,10/10/2026,,Fax,Đang xử lý,,,,",
            "Kênh nộp",
        ),
        (
            "HS1,1.001612,Sở A,05/10/2027 08:00,10/10/2027,,Trực tuyến,Đang xử lý,,,,",
            "Ngày tiếp nhận",
        ),
        (
            "HS1,1.0016,Sở A,05/10/2026 08:00,10/10/2026,,Trực tuyến,Đang xử lý,,,,",
            "Mã TTHC",
        ),
        (
            "HS1,1.001612,Sở A,05/10/2026 08:00,10/10/2026,,Trực tuyến,Đã trả kết quả,,,,",
            "Ngày hoàn thành",
        ),
    ],
)
def test_bad_dossier_records_are_refused_by_row_and_column(row, expected):
    parsed = statistics.parse_records("r.csv", records(row), TODAY)
    assert parsed.rows == []
    assert len(parsed.errors) == 1, parsed.errors
    assert "2" in parsed.errors[0] and expected in parsed.errors[0]


def test_a_records_file_over_the_row_cap_is_refused_with_a_clear_message(monkeypatch):
    row = "HS1,1.001612,Sở A,05/10/2026 08:00,10/10/2026,,Trực tuyến,Đang xử lý,,,,"
    parsed = statistics.parse_records("r.csv", records(*[row] * 6), TODAY, max_rows=5)
    assert parsed.rows == [] and len(parsed.errors) == 1
    assert "5" in parsed.errors[0]
    assert "Split" in parsed.errors[0] or "tách" in parsed.errors[0]


def test_a_twenty_million_row_file_is_refused_before_it_is_read():
    # 20 million records are far over the size cap: refused on its size, nothing parsed
    size = statistics.MAX_RECORD_BYTES + 1
    parsed = statistics.parse_records("r.csv", b"x" * size, TODAY)
    assert parsed.rows == [] and len(parsed.errors) == 1
    assert str(statistics.MAX_RECORD_BYTES // (1024 * 1024)) in parsed.errors[0]
    assert statistics.MAX_RECORD_ROWS < 20_000_000


def test_importing_the_same_month_again_replaces_it(world):
    city = world.localities["own"]
    parsed = statistics.parse_monthly("m.csv", GOOD, TODAY)
    actions.import_statistics(city, parsed, by=None)
    result = actions.import_statistics(city, parsed, by=None)
    assert result.replaced == 2
    assert DossierMonth.objects.filter(locality=city).count() == 2
    (city_row,) = IndexResult.objects.filter(
        locality=city, agency="", audience="all", version=index766.DEFAULT
    )
    assert sorted(city_row.scores) == sorted(c.key for c in index766.version().computed)


def test_private_figures_stay_out_of_the_public_scores(world):
    city = world.localities["own"]
    parsed = statistics.parse_monthly("m.csv", GOOD, TODAY)
    actions.import_statistics(city, parsed, by=None, is_public=False)
    assert IndexResult.objects.filter(locality=city, audience="all").exists()
    assert not IndexResult.objects.filter(locality=city, audience="public").exists()


def test_a_monthly_workbook_is_read_like_the_csv(world):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Báo cáo tình hình giải quyết hồ sơ"])  # a title above the header
    sheet.append(MONTHLY_HEADER.split(","))
    sheet.append(
        [dt.date(2026, 10, 1), "Sở Xây dựng", "1.001612", 100, 40, 72, 8, 60, 50, 30, 12, 10, 8]
        + [2, 20, 5]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    parsed = statistics.parse_monthly("m.xlsx", buffer.getvalue(), TODAY)
    assert parsed.errors == []
    assert parsed.rows[0]["month"] == dt.date(2026, 10, 1)
    assert parsed.rows[0]["finished_on_time"] == 72


def test_a_damaged_workbook_is_refused():
    parsed = statistics.parse_monthly("m.xlsx", b"PK\x03\x04 not a workbook", TODAY)
    assert parsed.rows == [] and len(parsed.errors) == 1


def test_on_time_and_late_beyond_the_finished_column_are_refused():
    header = "Tháng,Cơ quan,Mã TTHC,Tiếp nhận,Đã giải quyết,Trước hạn đúng hạn,Quá hạn"
    parsed = statistics.parse_monthly(
        "m.csv", monthly("10/2026,Sở A,1.001612,50,20,18,3", header=header), TODAY
    )
    assert len(parsed.errors) == 1
    assert "Quá hạn" in parsed.errors[0] and "20" in parsed.errors[0]


def test_a_read_maximum_is_kept_and_the_rest_of_the_group_is_shared():
    spec = index766.version("766/2022")
    satisfaction = next(g for g in spec.groups if g.key == "satisfaction")
    shares = {c.key: c.share for c in satisfaction.components if c.computed}
    assert shares["dossier_satisfied"] == 6  # read (baocaotaichinh)
    assert shares["feedback_on_time"] == shares["feedback_satisfied"] == 6  # (18 - 6) / 2
    for group in spec.groups:
        assert group.computed_points <= group.max_points
    # a threshold gives full marks from it and stays in proportion below it
    digitised = spec.component("digitised")
    assert digitised.full_at == 80
    assert digitised.points(80, 100) == digitised.points(100, 100) == digitised.share
    assert digitised.points(40, 100) == digitised.share / 2


def test_a_records_file_replaces_its_whole_months_and_counts_carried_over_dossiers(world):
    city = world.localities["own"]
    first = records(
        "HS1,1.001612,Sở Xây dựng,01/10/2026 08:00,10/10/2026,,Trực tuyến,Đang xử lý,Có,,,",
        "HS2,1.000001,Sở Tư pháp,02/10/2026 08:00,10/10/2026,05/10/2026,Trực tiếp,"
        "Đã trả kết quả,Không,Không,Không,Không",
    )
    parsed = statistics.parse_records("r.csv", first, TODAY)
    assert parsed.errors == [] and parsed.whole_months
    actions.import_statistics(city, parsed, by=None)
    october = dt.date(2026, 10, 1)
    held = {r.agency: r for r in DossierMonth.objects.filter(locality=city, month=october)}
    assert set(held) == {"Sở Xây dựng", "Sở Tư pháp"}
    assert held["Sở Xây dựng"].finished_on_time + held["Sở Xây dựng"].finished_late == 0
    # a later export of October: HS1 carried over and finished; HS2 corrected away (moved to
    # another agency), so the Tư pháp row of October must not linger
    later = records(
        "HS1,1.001612,Sở Xây dựng,01/10/2026 08:00,10/10/2026,12/10/2026 09:00,Trực tuyến,"
        "Đã trả kết quả,Có,Có,Không,Không",
        "HS2,1.000001,Sở Xây dựng,02/10/2026 08:00,10/10/2026,05/10/2026,Trực tiếp,"
        "Đã trả kết quả,Không,Không,Không,Không",
    )
    corrected = statistics.parse_records("r.csv", later, TODAY)
    # it would delete Sở Tư pháp's October: refused, unless the importer says it is the whole
    with pytest.raises(actions.MonthsNotWhole):
        actions.import_statistics(city, corrected, by=None)
    assert set(held) == {r.agency for r in DossierMonth.objects.filter(month=october)}
    result = actions.import_statistics(city, corrected, by=None, replace_months=True)
    assert result.replaced == 2 and result.replaced_months == [october]
    rows = list(DossierMonth.objects.filter(locality=city, month=october))
    assert [(r.agency, r.procedure_code) for r in sorted(rows, key=lambda r: r.procedure_code)] == [
        ("Sở Xây dựng", "1.000001"),
        ("Sở Xây dựng", "1.001612"),
    ]
    carried = next(r for r in rows if r.procedure_code == "1.001612")
    assert (carried.received, carried.finished_late, carried.e_results) == (1, 1, 1)
    # a monthly table still replaces only its own agency and procedure rows
    actions.import_statistics(
        city,
        statistics.parse_monthly(
            "m.csv", monthly("10/2026,Sở Tư pháp,1.000001,5,0,5,0,0,0,0,0,0,0,0,0,0"), TODAY
        ),
        by=None,
    )
    assert DossierMonth.objects.filter(locality=city, month=october).count() == 3
