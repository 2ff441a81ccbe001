"""The PostgreSQL bulk path: COPY, the checks in SQL naming row and column, whole months
replaced, and the index computed by SQL equal to the Python computation."""

from __future__ import annotations

import pytest
from django.db import connection

from hoptac.indicators import actions, bulk, statistics
from hoptac.indicators.models import DossierMonth, IndexScore

from .test_statistics import GOOD, RECORDS_HEADER, TODAY, records

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")

ROWS = (
    "HS1,1.001612,Sở Xây dựng,01/10/2026 08:00,10/10/2026,09/10/2026 16:00,Trực tuyến,"
    "Đã trả kết quả,Có,Có,Có,Có",
    "HS2,1.001612,Sở Xây dựng,02/10/2026 09:00,05/10/2026 17:00,06/10/2026 08:00,Trực tiếp,"
    "Đã trả kết quả,Không,Không,Có,Không",
    "HS3,1.001612,Sở Xây dựng,03/10/2026,20/10/2026,,Bưu chính,Đang xử lý,Có,,,",
    "HS4,1.001612,Sở Xây dựng,30/09/2026,01/10/2026,01/10/2026 23:00,Trực tuyến,"
    "Đã trả kết quả,Không,Không,Không,Không",
)


def _file(tmp_path, data: bytes):
    path = tmp_path / "r.csv"
    path.write_bytes(data)
    return path


def test_copy_gives_the_same_months_as_the_row_by_row_reader(world, tmp_path):
    city = world.localities["own"]
    data = records(*ROWS)
    result = bulk.import_records(city, _file(tmp_path, data), TODAY)
    assert result.errors == [] and result.records == 4 and result.rows == 2
    held = {
        r.month: {
            c: getattr(r, c)
            for c in (
                "received",
                "received_online",
                "finished_on_time",
                "finished_late",
                "digitised",
                "e_results",
                "payable",
                "paid_online",
            )
        }
        for r in DossierMonth.objects.filter(locality=city)
    }
    expected = {
        r["month"]: {c: r[c] for c in held[r["month"]]}
        for r in statistics.parse_records("r.csv", data, TODAY).rows
    }
    assert held == expected


@pytest.mark.parametrize(
    ("row", "column", "row_number"),
    [
        ("HS9,1001612,Sở A,01/10/2026,10/10/2026,,Trực tuyến,Đang xử lý,,,,", "Mã TTHC", 3),
        (
            "HS9,1.001612,Sở A,05/10/2026,10/10/2026,01/10/2026,Trực tuyến,Đã trả kết quả,,,,",
            "Ngày hoàn thành",
            3,
        ),
        ("HS9,1.001612,Sở A,01/10/2026,10/10/2026,,Fax,Đang xử lý,,,,", "Kênh nộp", 3),
        ("HS9,1.001612,Sở A,31/02/2026,10/10/2026,,Trực tuyến,Đang xử lý,,,,", "Ngày tiếp nhận", 3),
        (
            "HS9,1.001612,Sở A,01/10/2026,10/10/2026,,Trực tuyến,Đã trả kết quả,,,,",
            "Ngày hoàn thành",
            3,
        ),
    ],
)
def test_a_bad_record_is_named_and_nothing_is_saved(world, tmp_path, row, column, row_number):
    city = world.localities["own"]
    result = bulk.import_records(city, _file(tmp_path, records(ROWS[0], row)), TODAY)
    assert len(result.errors) == 1, result.errors
    assert f"Dòng {row_number}" in result.errors[0] or f"Row {row_number}" in result.errors[0]
    assert column in result.errors[0]
    assert not DossierMonth.objects.exists()


def test_personal_data_columns_are_refused_before_copy(world, tmp_path):
    data = (RECORDS_HEADER.replace("Mã hồ sơ", "Họ tên người nộp") + "\n").encode()
    result = bulk.import_records(world.localities["own"], _file(tmp_path, data), TODAY)
    assert result.errors and "13/2023" in result.errors[0]


def test_the_sql_index_equals_the_python_index(world):
    city = world.localities["own"]
    actions.import_statistics(city, statistics.parse_monthly("m.csv", GOOD, TODAY), by=None)
    actions.compute_index_python(city)

    def scores():
        return sorted(
            IndexScore.objects.filter(locality=city).values_list(
                "agency",
                "month",
                "audience",
                "component",
                "numerator",
                "denominator",
                "points",
                "max_points",
                "is_demo",
            )
        )

    python = scores()
    assert bulk.compute_index_sql(city) == len(python)
    assert scores() == python
