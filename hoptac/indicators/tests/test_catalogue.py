"""Reading a catalogue file: every bad row named by row and column, nothing half-read."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook

from hoptac.indicators import catalogue

TODAY = dt.date(2026, 12, 5)
HEADER = (
    "STT,Mã TTHC,Mức độ DVC,Tên thủ tục hành chính,Lĩnh vực,Cấp thực hiện,Thời hạn giải quyết,"
    "Phí, lệ phí"
)


def csv_of(*rows: str, header: str = HEADER) -> bytes:
    # "Phí, lệ phí" holds a comma: quote it as a spreadsheet would
    header = header.replace("Phí, lệ phí", '"Phí, lệ phí"')
    return ("\n".join([header, *rows]) + "\n").encode("utf-8-sig")


def test_a_portal_export_is_read_with_levels_days_and_fees():
    parsed = catalogue.parse(
        "hn.csv",
        csv_of(
            "1,1.001612,Toàn trình,Cấp giấy phép xây dựng,Xây dựng,Cấp tỉnh,15 ngày làm việc,"
            '"50.000 đồng/hồ sơ"',
            "2,2.000123,Một phần,Đăng ký khai sinh,Hộ tịch,Cấp xã,Trong ngày,Không",
        ),
        TODAY,
    )
    assert parsed.errors == []
    first, second = (r.values for r in parsed.rows)
    assert first["code"] == "1.001612" and first["online_level"] == "full"
    assert first["processing_days"] == Decimal(15) and first["fee_vnd"] == 50000
    assert second["agency_level"] == "commune" and second["processing_days"] == 0
    assert second["fee_vnd"] == 0
    assert parsed.ignored_columns == ["STT"]


def test_headers_match_without_accents_or_case():
    header = "MA TTHC,muc do dvc,TEN THU TUC,linh vuc,cap thuc hien"
    parsed = catalogue.parse(
        "x.csv", csv_of("1.001612,toan trinh,Cấp phép,Xây dựng,cap tinh", header=header), TODAY
    )
    assert parsed.errors == [] and parsed.rows[0].values["online_level"] == "full"


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "1,1001612,Toàn trình,A,Xây dựng,Cấp tỉnh,,",
            "Dòng 2, cột “Mã TTHC”: “1001612” không phải là mã dạng 1.001612.",
        ),
        (
            "1,1.001612,Mức độ 4,A,Xây dựng,Cấp tỉnh,,",
            "mức độ 1–4 đã được thay thế theo Nghị định 42/2022/NĐ-CP",
        ),
        (
            "1,1.001612,Trực tuyến một nửa,A,Xây dựng,Cấp tỉnh,,",
            "Dòng 2, cột “Mức độ DVC”: “Trực tuyến một nửa” không phải",
        ),
        (
            "1,1.001612,Toàn trình,A,Xây dựng,Cấp vùng,,",
            "Dòng 2, cột “Cấp thực hiện”: “Cấp vùng” không phải là cấp thực hiện",
        ),
        (
            "1,1.001612,Toàn trình,A,Xây dựng,Cấp tỉnh,-3,",
            "Thời hạn giải quyết -3 ngày là không hợp lệ.",
        ),
        ("1,1.001612,Toàn trình,A,Xây dựng,Cấp tỉnh,sớm,", "“sớm” không phải là số ngày."),
        (
            "1,1.001612,Toàn trình,,Xây dựng,Cấp tỉnh,,",
            "Dòng 2, cột “Tên thủ tục hành chính”: bắt buộc phải có.",
        ),
    ],
)
def test_a_bad_row_is_named_by_row_and_column(row, expected):
    parsed = catalogue.parse("x.csv", csv_of(row), TODAY)
    assert any(expected in e for e in parsed.errors), parsed.errors
    assert parsed.rows == []


def test_a_duplicate_code_names_both_rows():
    parsed = catalogue.parse(
        "x.csv",
        csv_of(
            "1,1.001612,Toàn trình,A,Xây dựng,Cấp tỉnh,,",
            "2,1.001612,Một phần,B,Xây dựng,Cấp tỉnh,,",
        ),
        TODAY,
    )
    assert parsed.errors == ["Dòng 3, cột “Mã TTHC”: mã 1.001612 đã có ở dòng 2."]


def test_an_unknown_or_missing_column_is_refused_before_any_row():
    parsed = catalogue.parse(
        "x.csv",
        csv_of("1.001612,Toàn trình,A,Xây dựng", header="Mã TTHC,Mưc đô DV,Tên TTHC,Lĩnh vực"),
        TODAY,
    )
    assert any("Dòng 1, cột B: không nhận ra cột “Mưc đô DV”." in e for e in parsed.errors)
    assert any("Dòng 1: thiếu các cột: Cấp thực hiện, Mức độ DVC." in e for e in parsed.errors)


def test_a_file_that_is_not_a_table_gets_a_clear_error():
    assert catalogue.parse("x.xlsx", b"not a workbook", TODAY).errors == [
        "Tệp không phải là bảng tính Excel hợp lệ."
    ]
    assert catalogue.parse("x.csv", b"\xff\xfe\x00\x00garbage", TODAY).errors


def test_an_xlsx_export_is_read():
    book = Workbook()
    sheet = book.active
    sheet.append(["Danh mục thủ tục hành chính"])  # a title row above the header, as exports have
    sheet.append(
        [
            "STT",
            "Mã TTHC",
            "Mức độ DVC",
            "Tên thủ tục hành chính",
            "Lĩnh vực",
            "Cấp thực hiện",
            "Thời hạn giải quyết",
        ]
    )
    sheet.append([1, "1.001612", "Toàn trình", "Cấp phép", "Xây dựng", "Cấp tỉnh", 7])
    out = io.BytesIO()
    book.save(out)
    parsed = catalogue.parse("hn.xlsx", out.getvalue(), TODAY)
    assert parsed.errors == []
    assert parsed.rows[0].number == 3 and parsed.rows[0].values["processing_days"] == 7


def test_a_workbook_with_a_dtd_is_refused():
    book = Workbook()
    book.active.append(["Mã TTHC"])
    out = io.BytesIO()
    book.save(out)
    src = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                dtd = b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
                head, sep, rest = data.partition(b"?>")
                data = head + sep + dtd + rest if sep else dtd + data
            dst.writestr(item, data)
    parsed = catalogue.parse("bomb.xlsx", bomb.getvalue(), TODAY)
    assert parsed.errors == ["Bảng tính có khai báo kiểu tài liệu (DTD), không được chấp nhận."]


def test_too_many_rows_are_refused(monkeypatch):
    monkeypatch.setattr(catalogue, "MAX_ROWS", 2)
    rows = [f"{i},1.00161{i},Toàn trình,A,Xây dựng,Cấp tỉnh,," for i in range(3)]
    parsed = catalogue.parse("x.csv", csv_of(*rows), TODAY)
    assert parsed.errors == ["Tệp có hơn 2 dòng; hãy chia thành nhiều tệp."]
