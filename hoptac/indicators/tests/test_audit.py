"""Defects found by the outside test of issue 15 on the demo database, each pinned here.

- A header below a title (row 2 of the spreadsheet, as the portals' exports often have it) was
  named "row 1" in the messages about its columns, in every importer.
- The API answered a malformed month or filter with the figures of another month, or with every
  procedure, instead of saying what it could not read.
"""

from __future__ import annotations

import io

import pytest
from django.utils import translation
from openpyxl import Workbook

from hoptac.indicators import bulk, catalogue, statistics

from .test_catalogue import HEADER as CATALOGUE_HEADER
from .test_statistics import MONTHLY_HEADER, RECORDS_HEADER, TODAY

TITLE = "Danh sách thủ tục hành chính"


def _xlsx(*rows: list) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_catalogue_header_below_a_title_is_named_by_its_own_row():
    data = _xlsx(
        [TITLE],
        [*CATALOGUE_HEADER.replace('"', "").split(",")[:6], "Cột lạ"],
        ["1", "1.001612", "Toàn trình", "Cấp phép", "Xây dựng", "Cấp tỉnh", "x"],
    )
    with translation.override("vi"):
        errors = catalogue.parse("danh-muc.xlsx", data, TODAY).errors
    assert errors == ["Dòng 2, cột G: không nhận ra cột “Cột lạ”."]


def test_missing_catalogue_columns_are_named_on_the_header_row():
    data = _xlsx([TITLE], [TITLE], ["STT", "Mã TTHC", "Tên thủ tục hành chính"], ["1", "1.001612"])
    with translation.override("vi"):
        errors = catalogue.parse("danh-muc.xlsx", data, TODAY).errors
    assert errors == ["Dòng 3: thiếu các cột: Lĩnh vực, Cấp thực hiện, Mức độ DVC."]


def test_a_personal_data_column_below_a_title_is_named_by_its_row_in_a_workbook():
    data = _xlsx(
        ["Danh sách hồ sơ tháng 10/2026"],
        [*RECORDS_HEADER.split(","), "Số điện thoại"],
    )
    with translation.override("vi"):
        errors = statistics.parse_records("ho-so.xlsx", data, TODAY).errors
    assert len(errors) == 1
    assert errors[0].startswith("Dòng 2, cột M “Số điện thoại”: không nhập dữ liệu cá nhân")


def test_an_unknown_monthly_column_below_a_title_is_named_by_its_row():
    text = f"Báo cáo tháng 10/2026\n{MONTHLY_HEADER},Cột lạ\n"
    with translation.override("vi"):
        errors = statistics.parse_monthly("thang.csv", text.encode(), TODAY).errors
    assert errors == ["Dòng 2, cột Q: không nhận ra cột “Cột lạ”."]


@pytest.mark.django_db
def test_the_bulk_path_names_the_header_row_below_a_title(world, tmp_path):
    path = tmp_path / "ho-so.csv"
    path.write_bytes(f"Danh sách hồ sơ\n{RECORDS_HEADER},Số CCCD\n".encode())
    with translation.override("vi"):
        result = bulk.import_records(world.localities["own"], path, TODAY)
    assert len(result.errors) == 1
    assert result.errors[0].startswith("Dòng 2, cột M “Số CCCD”: không nhập dữ liệu cá nhân")


@pytest.mark.parametrize("month", ["garbage", "2026-13", "10/2026", "2026-1x"])
def test_the_api_refuses_a_malformed_month_with_a_message(client, world, month):
    own, partner = world.localities["own"], world.localities["partner"]
    response = client.get(
        "/api/indicators/index766", {"a": own.code, "b": partner.code, "month": month}
    )
    assert response.status_code == 422
    assert "yyyy-mm" in response.json()["detail"]


def test_the_api_still_takes_a_well_formed_month(client, world):
    own, partner = world.localities["own"], world.localities["partner"]
    response = client.get(
        "/api/indicators/index766", {"a": own.code, "b": partner.code, "month": "2026-10"}
    )
    assert response.status_code == 200


def test_the_api_refuses_an_unknown_comparison_filter_and_names_the_known_ones(client, world):
    own, partner = world.localities["own"], world.localities["partner"]
    response = client.get(
        "/api/indicators/compare", {"a": own.code, "b": partner.code, "only": "bogus"}
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "bogus" in detail and "a_ahead" in detail and "b_only" in detail
    ok = client.get("/api/indicators/compare", {"a": own.code, "b": partner.code, "only": "both"})
    assert ok.status_code == 200


DEMO_NOTICE = "Dữ liệu minh họa: các danh mục này có cấu trúc như tệp xuất từ Cổng dịch vụ công"


def test_the_overview_says_its_catalogue_figures_are_demo_data(client, world):
    """The overview counts the catalogues' procedures: when they are the demo's, it says so as
    the side-by-side page does (it did not)."""
    from django.urls import reverse

    from .factories import ProcedureFactory

    own, partner = world.localities["own"], world.localities["partner"]
    ProcedureFactory(locality=own, code="1.900001", online_level="full", is_demo=True)
    ProcedureFactory(locality=partner, code="1.900001", online_level="partial", is_demo=True)
    params = {"a": own.code, "b": partner.code}
    with translation.override("vi"):
        page = client.get(reverse("indicators:index"), params).content.decode()
    assert DEMO_NOTICE in page
    english = client.get(reverse("indicators:index_en"), params).content.decode()
    assert "Demo data: these catalogues are shaped like the portals" in english


def test_the_overview_of_real_catalogues_says_no_demo(client, world):
    from django.urls import reverse

    from .factories import ProcedureFactory

    own, partner = world.localities["own"], world.localities["partner"]
    ProcedureFactory(locality=own, code="1.000001", online_level="full")
    ProcedureFactory(locality=partner, code="1.000001", online_level="partial")
    page = client.get(reverse("indicators:index"), {"a": own.code, "b": partner.code})
    assert page.status_code == 200 and DEMO_NOTICE not in page.content.decode()
