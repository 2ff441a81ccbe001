"""A blank cell is not given: "0" is zero, a blank in an optional column is "not reported"
(NULL) for its row, as a column left out; a blank in a required count is refused. Monthly
figures, dossier records row by row and in bulk (DuckDB) alike, and the recomputes of every
backend agree on the figures it leaves."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from hoptac.indicators import actions, bulk, index766, records_import, statistics
from hoptac.indicators.models import DossierMonth, IndexResult

from .test_index766 import upload
from .test_statistics import TODAY, monthly, records

OCTOBER = dt.date(2026, 10, 1)


def _held(city) -> dict[str, DossierMonth]:
    return {m.agency: m for m in DossierMonth.objects.filter(locality=city)}


# Monthly figures -----------------------------------------------------------------------------

# Sở A leaves "Số hóa" blank, Sở B writes 0: not reported against zero.
BLANK_DIGITISED = monthly(
    "10/2026,Sở A,1.001612,100,40,72,8,,50,30,12,10,8,2,20,5",
    "10/2026,Sở B,1.000001,50,30,45,5,0,40,10,8,0,0,0,0,0",
)


def test_a_blank_optional_count_is_not_reported_and_zero_is_zero(world):
    city = world.localities["own"]
    parsed = statistics.parse_monthly("m.csv", BLANK_DIGITISED, TODAY)
    assert parsed.errors == []
    actions.import_statistics(city, parsed, by=None)
    held = _held(city)
    assert held["Sở A"].digitised is None and held["Sở B"].digitised == 0
    assert held["Sở A"].e_results == 50  # the row's other counts as given
    for key in index766.VERSIONS:
        a = IndexResult.objects.get(locality=city, agency="Sở A", audience="all", version=key)
        b = IndexResult.objects.get(locality=city, agency="Sở B", audience="all", version=key)
        town = IndexResult.objects.get(locality=city, agency="", audience="all", version=key)
        assert a.score("digitised") is None  # not computed, not 0
        assert b.score("digitised").numerator == 0  # computed: none digitised
        assert town.score("digitised") is None  # the city's sum lacks Sở A's
        assert town.score("on_time").numerator == 72 + 45


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("10/2026,Sở A,1.001612,,40,72,8,60,50,30,12,10,8,2,20,5", "Tiếp nhận"),
        ("10/2026,Sở A,1.001612,100,40,,8,60,50,30,12,10,8,2,20,5", "Trước hạn, đúng hạn"),
        ("10/2026,Sở A,1.001612,100,40,72, ,60,50,30,12,10,8,2,20,5", "Quá hạn"),
    ],
)
def test_a_blank_required_count_is_refused_by_row_and_column(world, row, column):
    with translation.override("vi"):
        parsed = statistics.parse_monthly("m.csv", monthly(row), TODAY)
    assert parsed.errors == [f"Dòng 2, cột “{column}”: bắt buộc phải có."]
    assert parsed.rows == []


def test_a_blank_part_or_whole_bounds_nothing(world):
    # paid online given, payable blank; feedback blank, handled on time given
    data = monthly("10/2026,Sở A,1.001612,100,40,72,8,60,50,,12,,8,2,20,5")
    parsed = statistics.parse_monthly("m.csv", data, TODAY)
    assert parsed.errors == []
    (row,) = parsed.rows
    assert (row["payable"], row["paid_online"]) == (None, 12)
    assert (row["feedback_received"], row["feedback_on_time"]) == (None, 8)
    # a part still bounded by its given whole
    bad = monthly("10/2026,Sở A,1.001612,100,40,72,8,60,50,10,12,,8,2,20,5")
    assert len(statistics.parse_monthly("m.csv", bad, TODAY).errors) == 1


def test_the_import_page_says_which_counts_blank_cells_left_out(client, world, member):
    client.force_login(member("coordinator", "own"))
    response = client.post(
        reverse("indicators:import_statistics"),
        {
            "locality": world.localities["own"].pk,
            "kind": "monthly",
            "file": upload(BLANK_DIGITISED),
        },
    )
    assert response.status_code == 302
    (said,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert "1 dòng số liệu tháng không có số liệu “Số hóa”" in said, said


# Dossier records ----------------------------------------------------------------------------

# Sở A: HS2 leaves "Số hóa" blank (its month's digitised count not reported), HS3 is open with
# no electronic result given (an open dossier needs none); Sở B writes "Không" (zero) and one
# blank channel (its online count not reported).
BLANK_RECORDS = records(
    "HS1,1.001612,Sở A,01/10/2026 08:00,10/10/2026,09/10/2026 16:00,Trực tuyến,Đã trả kết quả,"
    "Có,Có,Có,Có",
    "HS2,1.001612,Sở A,02/10/2026 08:00,10/10/2026,09/10/2026 16:00,Trực tiếp,Đã trả kết quả,"
    ",Có,Không,Không",
    "HS3,1.001612,Sở A,03/10/2026 08:00,10/10/2026,,Trực tiếp,Đang xử lý,Có,,Không,Không",
    "HS4,1.000001,Sở B,04/10/2026 08:00,10/10/2026,09/10/2026 16:00,,Đã trả kết quả,"
    "Không,Không,Không,Không",
    "HS5,1.000001,Sở B,05/10/2026 08:00,10/10/2026,09/10/2026 16:00,Trực tuyến,Đã trả kết quả,"
    "Không,Có,Có, ",
)


def _records_both_ways(world, tmp_path, data: bytes):
    """The file imported in bulk for one city and row by row for the other."""
    own, partner = world.localities["own"], world.localities["partner"]
    path = tmp_path / "r.csv"
    path.write_bytes(data)
    assert bulk.reads(path)
    done = bulk.import_records(own, path, TODAY)
    assert done.errors == []
    parsed = statistics.parse_records("r.csv", data, TODAY)
    assert parsed.errors == []
    saved = actions.import_statistics(partner, parsed, by=None)
    return (own, done.unreported), (partner, saved.unreported)


def test_a_blank_record_cell_leaves_its_count_not_reported_on_both_paths(world, tmp_path):
    for city, unreported in _records_both_ways(world, tmp_path, BLANK_RECORDS):
        held = _held(city)
        a, b = held["Sở A"], held["Sở B"]
        assert (a.received, a.received_online, a.digitised) == (3, 1, None)
        assert (a.e_results, a.payable, a.paid_online) == (2, 1, 1)
        assert (b.received, b.received_online, b.digitised) == (2, None, 0)
        assert (b.e_results, b.payable, b.paid_online) == (1, 1, None)
        assert unreported == {"received_online": 1, "digitised": 1, "paid_online": 1}


def test_paid_online_gives_payable_even_where_payable_is_blank(world, tmp_path):
    data = records(
        "HS1,1.001612,Sở A,01/10/2026 08:00,10/10/2026,,Trực tuyến,Đang xử lý,Có,,,Có",
    )
    for city, unreported in _records_both_ways(world, tmp_path, data):
        (held,) = _held(city).values()
        assert (held.payable, held.paid_online) == (1, 1)
        assert unreported == {}


def test_a_word_that_means_nothing_is_still_refused_on_both_paths(world, tmp_path):
    data = records(
        "HS1,1.001612,Sở A,01/10/2026 08:00,10/10/2026,,Fax,Đang xử lý,Có,,Không,Không",
        "HS2,1.001612,Sở A,01/10/2026 08:00,10/10/2026,,Trực tuyến,Đang xử lý,Có lẽ,,Không,",
    )
    path = tmp_path / "r.csv"
    path.write_bytes(data)
    with translation.override("vi"):
        errors = bulk.import_records(world.localities["own"], path, TODAY).errors
        assert errors == statistics.parse_records("r.csv", data, TODAY).errors
    assert len(errors) == 2 and "Kênh nộp" in errors[0] and "Số hóa" in errors[1]
    assert not DossierMonth.objects.exists()


def test_the_records_import_says_which_counts_blank_cells_left_out(world, tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes(BLANK_RECORDS)
    with translation.override("vi"):
        result, errors = records_import.import_records_file(
            world.localities["own"], path, "r.csv", TODAY, by=None
        )
        said = result.said("Hà Nội")
    assert errors == []
    assert "1 dòng số liệu tháng không có số liệu “Số hóa”" in said
    assert "“Tiếp nhận trực tuyến”" in said and "“Thanh toán trực tuyến”" in said


def test_the_recomputes_agree_on_figures_with_blank_cells(world, tmp_path):
    (own, _u), (partner, _v) = _records_both_ways(world, tmp_path, BLANK_RECORDS)
    parsed = statistics.parse_monthly("m.csv", BLANK_DIGITISED, TODAY)
    actions.import_statistics(own, parsed, by=None)  # adds Sở A/B rows of other codes

    def scores(city) -> dict:
        return {
            (r.version, r.agency, r.audience, r.month): r.scores
            for r in IndexResult.objects.filter(locality=city)
        }

    for city in (own, partner):
        for key in index766.VERSIONS:
            actions.compute_index_python(city, None, key)
        python = scores(city)
        IndexResult.objects.filter(locality=city).delete()
        actions.compute_index(city)  # PostgreSQL's statement, or SQLite's
        assert scores(city) == python
        city_row = python[(index766.DEFAULT, "", "all", OCTOBER)]
        assert city_row["digitised"][0] is None  # a blank cell: the city's sum not reported
