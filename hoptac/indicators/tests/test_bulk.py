"""The bulk records path: the file read and summed by DuckDB with the row-by-row reader's rules
(every error named by row and column), whole months replaced (by COPY on PostgreSQL), and on
PostgreSQL the index computed by SQL equal to the Python computation."""

from __future__ import annotations

import re
import unicodedata

import pytest
from django.db import IntegrityError, connection, transaction

from hoptac.core.models import Locality
from hoptac.core.text import fold
from hoptac.indicators import actions, bulk, index766, index_sql, statistics
from hoptac.indicators.models import DossierMonth, IndexResult

from .test_statistics import GOOD, RECORDS_HEADER, TODAY, monthly, records

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's own SQL and constraints"
)

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
        # A year of two digits (DuckDB's parser would read the year 26), and a word it would
        # take for a date (1 January 1900)
        ("HS9,1.001612,Sở A,01/10/26,10/10/2026,,Trực tuyến,Đang xử lý,,,,", "Ngày tiếp nhận", 3),
        ("HS9,1.001612,Sở A,epoch,10/10/2026,,Trực tuyến,Đang xử lý,,,,", "Ngày tiếp nhận", 3),
        (
            "HS9,1.001612,Sở A,01/10/2026,10/10/2026 08:00:00.5,,Trực tuyến,Đang xử lý,,,,",
            "Ngày hẹn",
            3,
        ),
        ("HS9,1.001612,Sở A,01/01/2027,10/01/2027,,Trực tuyến,Đang xử lý,,,,", "Ngày tiếp nhận", 3),
        ("HS9,1.001612,Sở A,05/10/2026,01/10/2026,,Trực tuyến,Đang xử lý,,,,", "Ngày hẹn trả", 3),
        ("HS9,1.001612,Sở A,01/10/2026,10/10/2026,,Trực tuyến,Đang xử lý,Có,,Không,Có", "Thanh", 3),
        ("HS9,1.001612,Sở A,01/10/2026,10/10/2026,,Trực tuyến,Đang xử lý,Chưa,,,", "Số hóa", 3),
        ("HS9,1.001612,,01/10/2026,10/10/2026,,Trực tuyến,Đang xử lý,,,,", "Cơ quan", 3),
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


def test_a_file_over_the_record_cap_is_refused_from_its_first_rows(world, tmp_path):
    """Refused once the cap and one more records are read: a fault far below is never reached
    (the same file under a higher cap is read to it and named by it)."""
    city = world.localities["own"]
    path = _file(tmp_path, records(*[ROWS[0]] * 5000, "HS9,1.001612,too few cells"))
    result = bulk.import_records(city, path, TODAY, max_records=3)
    assert result.errors == [bulk.too_many(3)]
    assert "3 dòng" in result.errors[0] or "3 rows" in result.errors[0]
    assert not DossierMonth.objects.exists()
    result = bulk.import_records(city, path, TODAY, max_records=10_000)
    assert len(result.errors) == 1
    assert "5002" in result.errors[0]
    assert not DossierMonth.objects.exists()


def test_personal_data_columns_are_refused_before_reading(world, tmp_path):
    data = (RECORDS_HEADER.replace("Mã hồ sơ", "Họ tên người nộp") + "\n").encode()
    result = bulk.import_records(world.localities["own"], _file(tmp_path, data), TODAY)
    assert result.errors and "13/2023" in result.errors[0]


PRIVATE = monthly(
    "10/2026,Sở Nội vụ,1.000002,30,10,20,5,10,5,4,2,3,2,1,6,1",
    "09/2026,Sở Xây dựng,1.001612,40,20,30,4,30,20,10,5,1,1,0,10,2",
)
DEMO = monthly("08/2026,Sở Tư pháp,1.000001,20,5,15,1,10,5,2,1,0,0,0,4,1")
# Points on a half thousandth, rounded up: on time 20 × 1/64 = 0.3125 (a float or half to even
# gives 0.312), satisfied 6 × 3/64 × 100/90 = 0.3125 and digitised 11 × 31/44 × 100/80 = 9.6875
# (a rate divided first, 3/64 × 100/90 or 31/44, rounds them down).
TIES = monthly(
    "07/2026,Sở Công Thương,1.000003,64,1,1,63,1,1,64,1,16,1,15,64,61",
    "07/2026,Sở Nội vụ,1.000004,44,1,1,0,31,1,1,1,0,0,0,0,0",
)


@pytest.mark.parametrize("figures", ["public", "public, private and demo", "ties"])
def test_the_sql_index_equals_the_python_index(world, figures):
    """On each backend: PostgreSQL's statement, SQLite's, and Python's sums agree."""
    city = world.localities["own"]
    data = TIES if figures == "ties" else GOOD
    actions.import_statistics(city, statistics.parse_monthly("m.csv", data, TODAY), by=None)
    if figures == "public, private and demo":
        # Private figures in a month with public ones and in a month of their own, and a
        # demo month: the public audience has no scores for the private month.
        private = statistics.parse_monthly("p.csv", PRIVATE, TODAY)
        actions.import_statistics(city, private, by=None, is_public=False)
        demo = statistics.parse_monthly("d.csv", DEMO, TODAY)
        actions.import_statistics(city, demo, by=None, is_demo=True)
    keys = list(index766.VERSIONS)
    for key in keys:
        actions.compute_index_python(city, None, key)

    def scores(key: str):
        rows = IndexResult.objects.filter(locality=city, version=key)
        return len(rows), sorted(
            (s.agency, s.month, s.audience, s.component, s.numerator, s.denominator)
            + (s.points, s.max_points, s.is_demo)
            for r in rows
            for s in map(r.score, r.scores)
        )

    python = {key: scores(key) for key in keys}
    for key, (count, rows) in python.items():
        assert count and len(rows) == count * len(index766.version(key).computed)
        if connection.vendor == "sqlite":
            assert index_sql.sqlite_computes(key)  # else compute_index would sum in Python too
    IndexResult.objects.all().delete()
    assert actions.compute_index(city) == sum(count for count, _ in python.values())
    assert {key: scores(key) for key in keys} == python
    if figures == "ties":
        trade = IndexResult.objects.get(
            agency="Sở Công Thương", audience="all", version=index766.DEFAULT
        ).scores
        home = IndexResult.objects.get(
            agency="Sở Nội vụ", audience="all", version=index766.DEFAULT
        ).scores
        assert [str(trade["on_time"][2]), str(trade["dossier_satisfied"][2])] == ["0.313"] * 2
        assert home["digitised"][:2] == [31, 44]
        assert str(home["digitised"][2]) == "9.688"


def _held(city) -> dict:
    return {
        (r.month, r.agency, r.procedure_code): tuple(
            getattr(r, c)
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
        )
        for r in DossierMonth.objects.filter(locality=city)
    }


def _expected(data: bytes) -> dict:
    return {
        (r["month"], r["agency"], r["procedure_code"]): tuple(
            r[c]
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
        )
        for r in statistics.parse_records("r.csv", data, TODAY).rows
    }


def _varied_rows(count: int, spell) -> list[str]:
    """Records with every channel, state and flag, due dates with and without a time, finished
    early, on the due day after its hour, and late; ``spell`` writes each word."""
    rows = []
    for i in range(count):
        day = 1 + i % 27
        received = f"{day:02d}/{9 + i % 2:02d}/2026 {8 + i % 9:02d}:{i % 60:02d}"
        due_day = min(day + 3, 28)
        due = f"{due_day:02d}/{9 + i % 2:02d}/2026" + (" 17:00" if i % 3 else "")
        state = ("Đã trả kết quả", "Đang xử lý", "Đã hủy")[i % 3 if i % 7 else 0]
        if state == "Đã trả kết quả":
            finished_day = (due_day - 1, due_day, due_day + 1)[i % 3 if i % 5 else 1]
            finished = f"{finished_day:02d}/{9 + i % 2:02d}/2026 20:00"
        else:
            finished = ""
        channel = ("Trực tuyến", "Trực tiếp", "Bưu chính")[i % 3]
        payable = ("Có", "Không")[i % 2]
        paid = "Có" if payable == "Có" and i % 4 == 1 else "Không"
        rows.append(
            ",".join(
                [
                    f"HS{i}",
                    f"1.00161{i % 3}",
                    f"Sở {('A', 'B')[i % 2]}",
                    received,
                    due,
                    finished,
                    spell(channel),
                    spell(state),
                    spell(("Có", "Không")[i % 2 if i % 5 else 0]),
                    spell(("Không", "Có")[i % 2] if finished else ""),
                    spell(payable),
                    spell(paid),
                ]
            )
        )
    return rows


@pytest.mark.parametrize(
    "spell",
    [
        lambda w: w,
        lambda w: w.upper(),
        lambda w: unicodedata.normalize("NFD", w.lower()),
        lambda w: fold(w),
    ],
    ids=["as-exported", "upper-case", "decomposed", "without-accents"],
)
def test_every_spelling_gives_the_row_by_row_readers_months(world, tmp_path, spell):
    city = world.localities["own"]
    data = records(*_varied_rows(120, spell))
    expected = _expected(data)
    assert len(expected) > 4
    result = bulk.import_records(city, _file(tmp_path, data), TODAY)
    assert result.errors == [] and result.records == 120
    assert _held(city) == expected


def test_bad_records_are_named_by_their_row_in_the_file(world, tmp_path):
    rows = _varied_rows(30, lambda w: w)
    rows[4] = rows[4].replace(",1.00161", ",X.00161", 1)
    rows[17] = rows[17].replace(",Trực tuyến,", ",Fax,").replace(",Trực tiếp,", ",Fax,")
    rows[17] = rows[17].replace(",Bưu chính,", ",Fax,")
    result = bulk.import_records(world.localities["own"], _file(tmp_path, records(*rows)), TODAY)
    assert len(result.errors) == 2, result.errors
    assert re.match(r"(Dòng|Row) 6,", result.errors[0]) and "Mã TTHC" in result.errors[0]
    assert re.match(r"(Dòng|Row) 19,", result.errors[1]) and "Kênh nộp" in result.errors[1]
    assert not DossierMonth.objects.exists()


def test_a_file_without_the_optional_columns_gives_the_row_by_row_readers_months(world, tmp_path):
    header = "Mã TTHC,Cơ quan,Ngày tiếp nhận,Ngày hẹn trả,Kênh nộp,Trạng thái"
    rows = [
        "1.001612,Sở A,01/10/2026 08:00,10/10/2026,Trực tuyến,Đang xử lý",
        "1.001612,Sở A,02/10/2026 08:00,10/10/2026,trực tiếp,Đã hủy",
        "1.000001,Sở B,03/09/2026,10/09/2026,Bưu chính,Đang xử lý",
    ]
    city = world.localities["own"]
    data = records(*rows, header=header)
    result = bulk.import_records(city, _file(tmp_path, data), TODAY)
    assert result.errors == [] and result.records == 3
    assert _held(city) == _expected(data)


@pytest.mark.parametrize("per", [1, 2, 1000])
def test_the_monthly_rows_are_written_whatever_the_rows_per_insert(
    world, tmp_path, per, monkeypatch
):
    # SQLite writes them by INSERTs of up to ROWS_PER_INSERT rows: full ones and a shorter last
    monkeypatch.setattr(bulk, "ROWS_PER_INSERT", per)
    rows = [
        *ROWS,
        "HS5,1.000001,Sở B,03/09/2026,10/09/2026,,Bưu chính,Đang xử lý,Có,,,",
        "HS6,1.000002,Sở B,04/09/2026,10/09/2026,,Trực tuyến,Đang xử lý,Không,,,",
    ]
    city = world.localities["own"]
    data = records(*rows)
    result = bulk.import_records(city, _file(tmp_path, data), TODAY, source="tệp")
    assert result.errors == [] and result.records == 6 and result.rows == 4
    assert _held(city) == _expected(data)
    held = DossierMonth.objects.filter(locality=city)
    assert {(r.source, r.is_public, r.is_demo, r.rated) for r in held} == {
        ("tệp", True, False, None)
    }  # no ratings in records


def test_a_finished_dossier_without_the_finished_column_is_refused(world, tmp_path):
    header = "Mã TTHC,Cơ quan,Ngày tiếp nhận,Ngày hẹn trả,Kênh nộp,Trạng thái"
    data = records(
        "1.001612,Sở A,01/10/2026 08:00,10/10/2026,Trực tuyến,Đang xử lý",
        "1.001612,Sở A,02/10/2026 08:00,10/10/2026,Trực tuyến,Đã trả kết quả",
        header=header,
    )
    result = bulk.import_records(world.localities["own"], _file(tmp_path, data), TODAY)
    assert len(result.errors) == 1 and re.match(r"(Dòng|Row) 3,", result.errors[0])
    assert "Trạng thái" in result.errors[0]
    assert not DossierMonth.objects.exists()


def _figures_of(locality_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO indicators_dossiermonth (locality_id, month, agency, procedure_code, "
            "received, received_online, finished_on_time, finished_late, digitised, e_results, "
            "payable, paid_online, feedback_received, feedback_on_time, feedback_dissatisfied, "
            "rated, rated_dissatisfied, is_public, is_demo, source) "
            "VALUES (%s, '2026-10-01', 'Sở A', '1.001612', 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "
            "TRUE, FALSE, '')",
            [locality_id],
        )


@postgresql_only
def test_postgresql_refuses_figures_of_a_locality_that_does_not_exist(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        _figures_of(max(loc.pk for loc in world.localities.values()) + 1000)
    _figures_of(world.localities["own"].pk)
    assert DossierMonth.objects.count() == 1


@postgresql_only
def test_postgresql_refuses_moving_figures_to_a_locality_that_does_not_exist(world):
    _figures_of(world.localities["own"].pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        DossierMonth.objects.update(locality_id=world.localities["own"].pk + 1000)


@postgresql_only
def test_postgresql_refuses_deleting_a_locality_that_has_figures(db):
    city = Locality.objects.create(code="99", name_vi="Tỉnh thử", name_en="Test province")
    _figures_of(city.pk)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        # Past Django's PROTECT: the database itself refuses.
        cursor.execute("DELETE FROM core_locality WHERE id = %s", [city.pk])
    assert Locality.objects.filter(pk=city.pk).exists()
    DossierMonth.objects.all().delete()
    city.delete()


def test_timestamps_written_every_way_give_the_row_by_row_readers_months(world, tmp_path):
    """ISO and dd/mm/yyyy in one file, with and without seconds, padded with spaces; a due date
    at 00:00 is due at midnight, one without a time by the end of its day (as the reader)."""
    city = world.localities["own"]
    data = records(
        "HS1,1.001612,Sở A,2026-10-01 08:00:00,2026-10-05,2026-10-05 16:00,Trực tuyến,"
        "Đã trả kết quả,Có,Có,Có,Có",
        "HS2,1.001612,Sở A,01/10/2026 08:00,05/10/2026 00:00,05/10/2026 10:00,Trực tuyến,"
        "Đã trả kết quả,Có,Có,Có,Có",
        "HS3,1.001612,Sở A, 02/10/2026 ,2026-10-06T17:00:00,2026-10-06 17:00,Trực tiếp,"
        "Đã trả kết quả,Không,Không,Không,Không",
        "HS4,1.001612,Sở A,2026-09-30,30/09/2026,01/10/2026 00:01:00,Bưu chính,"
        "Đã trả kết quả,Có,Không,Không,Không",
    )
    expected = _expected(data)
    assert sum(v[3] for v in expected.values()) == 2  # HS2 and HS4 late
    result = bulk.import_records(city, _file(tmp_path, data), TODAY)
    assert result.errors == [] and result.records == 4
    assert _held(city) == expected


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (records(ROWS[0], ROWS[1] + ",Có"), "13"),  # one cell too many: 13 where 12
        (records(ROWS[0], ROWS[1].rsplit(",", 1)[0]), "11"),
        (records(ROWS[0], ROWS[1].replace(",Trực tiếp,", ',"Trực tiếp,')), '"'),
        (records(ROWS[0]) + b"HS5,1.001612,S\xe1,01/10/2026,10/10/2026,,,,,,,\n", "UTF-8"),
    ],
    ids=["too-many-cells", "too-few-cells", "unclosed-quote", "not-utf-8"],
)
def test_a_file_whose_rows_do_not_line_up_is_named_and_nothing_is_saved(
    world, tmp_path, data, said
):
    result = bulk.import_records(world.localities["own"], _file(tmp_path, data), TODAY)
    assert len(result.errors) == 1 and said in result.errors[0], result.errors
    if said != "UTF-8":
        assert re.match(r"(Dòng|Row) 3:", result.errors[0]), result.errors
    assert not DossierMonth.objects.exists()


def test_a_file_without_any_record_is_refused(world, tmp_path):
    result = bulk.import_records(world.localities["own"], _file(tmp_path, records()), TODAY)
    assert result.errors and not DossierMonth.objects.exists()
