"""The dossier-records import as users run it (the import page, ``manage.py
import_dossier_records``): a UTF-8 CSV goes the bulk path, a workbook row by row, both with the
same checks and messages in Vietnamese, the row cap of INDICATORS_MAX_RECORDS, nothing saved on
error, and only the city's coordinators importing its figures."""

from __future__ import annotations

import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from hoptac.indicators import bulk, records_import, statistics
from hoptac.indicators.models import DossierMonth, IndexResult

from .test_statistics import RECORDS_HEADER, TODAY, records

ROWS = (
    "HS1,1.001612,Sở Xây dựng,01/10/2026 08:00,10/10/2026,09/10/2026 16:00,Trực tuyến,"
    "Đã trả kết quả,Có,Có,Có,Có",
    "HS2,1.001612,Sở Xây dựng,02/10/2026 09:00,05/10/2026 17:00,06/10/2026 08:00,Trực tiếp,"
    "Đã trả kết quả,Không,Không,Có,Không",
    "HS3,1.001612,Sở Tư pháp,03/10/2026,20/10/2026,,Bưu chính,Đang xử lý,Có,,,",
)
# Finished before received (row 3), an unknown channel (row 4).
BAD_ROWS = (
    ROWS[0],
    "HS2,1.001612,Sở Xây dựng,05/10/2026 09:00,10/10/2026,04/10/2026 08:00,Trực tiếp,"
    "Đã trả kết quả,Không,Không,Có,Không",
    "HS3,1.001612,Sở Tư pháp,03/10/2026,20/10/2026,,Fax,Đang xử lý,Có,,,",
)


def _csv(data: bytes, name: str = "ho-so.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def _xlsx(*rows: str, title: bool = True) -> SimpleUploadedFile:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append(["Danh sách hồ sơ tháng 10/2026"])  # a title above the header
    sheet.append(RECORDS_HEADER.split(","))
    for row in rows:
        sheet.append(row.split(","))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(
        "ho-so.xlsx",
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _post(client, world, file, where: str = "own"):
    """The form as sent with its box "these figures are public" ticked."""
    return client.post(
        reverse("indicators:import_statistics"),
        {
            "locality": world.localities[where].pk,
            "kind": "records",
            "file": file,
            "is_public": "on",
        },
    )


def _no_row_by_row(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a UTF-8 CSV is read by the bulk path")

    monkeypatch.setattr(records_import.statistics, "parse_records", refuse)


def _no_bulk(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a workbook is read row by row")

    monkeypatch.setattr(records_import.bulk, "import_records", refuse)


def test_a_coordinator_imports_a_records_csv_by_the_bulk_path(client, world, member, monkeypatch):
    _no_row_by_row(monkeypatch)
    city = world.localities["own"]
    client.force_login(member("coordinator", "own"))
    response = _post(client, world, _csv(records(*ROWS)))
    assert response.status_code == 302
    (said,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert "3 hồ sơ" in said and "2 dòng số liệu tháng" in said, said
    held = {r.agency: r for r in DossierMonth.objects.filter(locality=city)}
    assert set(held) == {"Sở Xây dựng", "Sở Tư pháp"}
    building = held["Sở Xây dựng"]
    assert (building.received, building.finished_on_time, building.finished_late) == (2, 1, 1)
    assert building.source == "ho-so.csv" and building.is_public
    assert IndexResult.objects.filter(locality=city).exists()


def test_figures_imported_as_private_stay_private(client, world, member):
    client.force_login(member("coordinator", "own"))
    response = client.post(
        reverse("indicators:import_statistics"),
        {"locality": world.localities["own"].pk, "kind": "records", "file": _csv(records(*ROWS))},
    )  # the box unticked: not public
    assert response.status_code == 302
    assert not DossierMonth.objects.filter(is_public=True).exists()
    assert DossierMonth.objects.filter(is_public=False).count() == 2


def test_a_records_workbook_is_read_row_by_row_with_its_title(client, world, member, monkeypatch):
    _no_bulk(monkeypatch)
    client.force_login(member("coordinator", "own"))
    response = _post(client, world, _xlsx(*ROWS))
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert DossierMonth.objects.filter(locality=world.localities["own"]).count() == 2


def test_a_csv_with_a_title_above_its_header_goes_the_bulk_path(client, world, member, monkeypatch):
    _no_row_by_row(monkeypatch)
    client.force_login(member("coordinator", "own"))
    data = "Danh sách hồ sơ tháng 10/2026\n\n".encode() + records(*ROWS)
    response = _post(client, world, _csv(data))
    assert response.status_code == 302
    assert DossierMonth.objects.count() == 2


@pytest.mark.parametrize(
    "title",
    [
        "Danh sách hồ sơ\n",
        "\nỦy ban nhân dân,,\nDanh sách hồ sơ\n\n",
        '"Danh sách hồ sơ, tháng 10"\n',  # quoted: read row by row
        "Báo cáo\r\n",  # the whole file in CRLF
    ],
)
def test_both_readers_number_rows_alike_below_a_title(world, tmp_path, title):
    data = title.encode() + records(*BAD_ROWS)
    if "\r" in title:
        data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    parsed = statistics.parse_records("r.csv", data, TODAY)
    path = tmp_path / "r.csv"
    path.write_bytes(data)
    lines = title.count("\n")
    assert bulk.reads(path) == ('"' not in title)
    if bulk.reads(path):
        done = bulk.import_records(world.localities["own"], path, TODAY, compute=False)
        assert done.errors == parsed.errors
    assert parsed.errors[0].startswith(f"Dòng {3 + lines},") or parsed.errors[0].startswith(
        f"Row {3 + lines},"
    )


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_bad_rows_are_named_in_vietnamese_and_nothing_is_saved(client, world, member, kind):
    client.force_login(member("coordinator", "own"))
    file = _csv(records(*BAD_ROWS)) if kind == "csv" else _xlsx(*BAD_ROWS, title=False)
    response = _post(client, world, file)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dòng 3, cột “Ngày hoàn thành”: hoàn thành trước khi được tiếp nhận." in page
    assert "Dòng 4, cột “Kênh nộp”: “Fax”" in page
    assert not DossierMonth.objects.exists() and not IndexResult.objects.exists()


def test_personal_data_is_refused_by_the_bulk_path_with_the_decree(
    client, world, member, monkeypatch
):
    _no_row_by_row(monkeypatch)
    client.force_login(member("coordinator", "own"))
    data = records(ROWS[0] + ",012345678901", header=RECORDS_HEADER + ",Số CCCD")
    response = _post(client, world, _csv(data))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nghị định 13/2023/NĐ-CP" in page and "Số CCCD" in page
    assert "012345678901" not in page
    assert not DossierMonth.objects.exists()


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_file_over_the_record_cap_is_refused_and_nothing_saved(
    client, world, member, settings, kind
):
    assert settings.INDICATORS_MAX_RECORDS < 20_000_000  # issue 15's bad input, by default
    settings.INDICATORS_MAX_RECORDS = 2
    client.force_login(member("coordinator", "own"))
    file = _csv(records(*ROWS)) if kind == "csv" else _xlsx(*ROWS)
    response = _post(client, world, file)
    assert response.status_code == 200
    assert "Tệp có hơn 2 dòng nên bị từ chối" in response.content.decode()
    assert not DossierMonth.objects.exists()
    settings.INDICATORS_MAX_RECORDS = 3  # at the cap: taken
    response = _post(client, world, _csv(records(*ROWS)))
    assert response.status_code == 302
    assert DossierMonth.objects.count() == 2


def test_the_upload_limit_is_a_setting_above_a_big_citys_month(settings):
    # A big city's month of records is some 39.4 MB of CSV (bench/indicators).
    assert settings.INDICATORS_MAX_UPLOAD_BYTES >= 100 * 1024 * 1024


def test_a_file_over_the_upload_limit_is_refused_in_vietnamese_and_nothing_saved(
    client, world, member, settings
):
    settings.INDICATORS_MAX_UPLOAD_BYTES = 1024 * 1024
    client.force_login(member("coordinator", "own"))
    per_row = len(ROWS[0].encode()) + 1
    padded = records(*ROWS[:1] * (1024 * 1024 // per_row + 1))  # a row over, all else good
    assert 1024 * 1024 < len(padded) < 1024 * 1024 + 1024
    response = _post(client, world, _csv(padded))
    assert response.status_code == 200
    assert "Tệp lớn hơn 1 MB nên bị từ chối" in response.content.decode()
    assert not DossierMonth.objects.exists()
    assert not IndexResult.objects.exists()
    settings.INDICATORS_MAX_UPLOAD_BYTES = 2 * 1024 * 1024  # the same file under the limit
    assert _post(client, world, _csv(padded)).status_code == 302
    assert DossierMonth.objects.exists()


def test_an_upload_far_over_the_limit_gets_413_in_vietnamese_and_nothing_saved(
    client, world, member, settings
):
    """Past the limit and the form's own megabyte, the body is not even read (a 413 page)."""
    settings.UPLOAD_MAX_BYTES = 2000  # the site's own limit below this page's
    settings.INDICATORS_MAX_UPLOAD_BYTES = 1024 * 1024
    client.force_login(member("coordinator", "own"))
    response = _post(client, world, _csv(records(*ROWS[:1] * 30_000)))  # some 3 MB
    assert response.status_code == 413
    assert "quá lớn" in response.content.decode()
    assert not DossierMonth.objects.exists()


def test_a_second_file_with_errors_leaves_the_first_one_whole(client, world, member):
    client.force_login(member("coordinator", "own"))
    assert _post(client, world, _csv(records(*ROWS))).status_code == 302
    before = sorted(DossierMonth.objects.values_list("agency", "received"))
    results = IndexResult.objects.count()
    assert _post(client, world, _csv(records(*BAD_ROWS))).status_code == 200
    assert sorted(DossierMonth.objects.values_list("agency", "received")) == before
    assert IndexResult.objects.count() == results


@pytest.mark.parametrize(("role", "where"), [("coordinator", "partner"), ("officer", "partner")])
def test_another_city_cannot_import_records(client, world, member, role, where):
    client.force_login(member(role, where))
    response = _post(client, world, _csv(records(*ROWS)))
    assert response.status_code in {200, 403}  # 200: the city is not among the choices
    assert not DossierMonth.objects.exists()


def test_an_officer_of_the_city_who_is_no_coordinator_cannot_import(client, world, member):
    client.force_login(member("officer", "own"))
    response = _post(client, world, _csv(records(*ROWS)))
    assert response.status_code == 403
    assert not DossierMonth.objects.exists()


def test_anonymous_cannot_import_records(client, world):
    response = _post(client, world, _csv(records(*ROWS)))
    assert response.status_code == 302 and "next=" in response["Location"]
    assert not DossierMonth.objects.exists()


def test_the_management_command_imports_by_the_same_path(world, tmp_path, monkeypatch):
    _no_row_by_row(monkeypatch)
    path = tmp_path / "ho-so.csv"
    path.write_bytes(records(*ROWS))
    out = io.StringIO()
    call_command("import_dossier_records", "01", str(path), "--private", stdout=out)
    assert "3 hồ sơ" in out.getvalue() or "3 dossier" in out.getvalue()
    assert DossierMonth.objects.filter(is_public=False).count() == 2
    path.write_bytes(records(*BAD_ROWS))
    with pytest.raises(CommandError, match="Kênh nộp"):
        call_command("import_dossier_records", "01", str(path))
    assert DossierMonth.objects.filter(is_public=False).count() == 2  # the first file's


# Where the two readers could differ, they agree: each spelling is taken by both or refused by
# both, with the same figures.
RECEIVED = [
    "01/10/2026 08:00",
    "1/10/2026 8:00",
    "2026-10-01",
    "2026-10-1",
    "2026-10- 1",  # Python's %d alone takes " 1": refused by both
    "2026-10-01\t08:00",
    "01/10/2026  08:00",
    "\u00a001/10/2026 08:00\u00a0",  # no-break spaces around: trimmed by both
    "01/ 10/2026",
    "０１/10/2026",  # full-width digits: refused by both
    "2026-10-01T08:00:00",
    "01/10/26",
]
AGENCIES = [
    "Sở Xây dựng",
    " Sở Xây dựng ",
    "Sở Xây dựng\u00a0",
    "\tSở Xây dựng",
    "Sở Xây dựng\u3000",
]
CODES = ["1.001612", " 1.001612 ", "1.001612\u00a0", "1.0016120", "١.٠٠١٦١٢"]


def _both(world, tmp_path, row: str):
    data = records(row)
    parsed = statistics.parse_records("r.csv", data, TODAY)
    path = tmp_path / "r.csv"
    path.write_bytes(data)
    done = bulk.import_records(world.localities["own"], path, TODAY, compute=False)
    held = sorted(
        DossierMonth.objects.values_list(
            "month", "agency", "procedure_code", "received", "finished_on_time"
        )
    )
    by_rows = sorted(
        (r["month"], r["agency"], r["procedure_code"], r["received"], r["finished_on_time"])
        for r in parsed.rows
    )
    return parsed.errors, done.errors, by_rows, held


@pytest.mark.parametrize("received", RECEIVED)
def test_both_readers_take_or_refuse_the_same_timestamps(world, tmp_path, received):
    row = (
        f"HS1,1.001612,Sở Xây dựng,{received},10/10/2026,09/10/2026 16:00,Trực tuyến,"
        "Đã trả kết quả,Có,Có,Có,Có"
    )
    row_errors, bulk_errors, by_rows, held = _both(world, tmp_path, row)
    assert row_errors == bulk_errors
    assert by_rows == held


@pytest.mark.parametrize("agency", AGENCIES)
@pytest.mark.parametrize("code", CODES)
def test_both_readers_trim_agencies_and_codes_alike(world, tmp_path, agency, code):
    row = (
        f"HS1,{code},{agency},01/10/2026 08:00,10/10/2026,09/10/2026 16:00,Trực tuyến,"
        "Đã trả kết quả,Có,Có,Có,Có"
    )
    row_errors, bulk_errors, by_rows, held = _both(world, tmp_path, row)
    assert row_errors == bulk_errors
    assert by_rows == held
    if not row_errors:
        assert held[0][1] == "Sở Xây dựng"


def test_a_semicolon_csv_goes_the_bulk_path(world, tmp_path):
    data = records(*[r.replace(",", ";") for r in ROWS], header=RECORDS_HEADER.replace(",", ";"))
    path = tmp_path / "r.csv"
    path.write_bytes(data)
    assert bulk.reads(path)
    done = bulk.import_records(world.localities["own"], path, TODAY)
    assert done.errors == [] and done.records == 3


@pytest.mark.parametrize(
    "rows",
    [
        (ROWS[0], ",,,,,,,,,,,", ROWS[1]),  # a spreadsheet's empty row saved as CSV: skipped
        (ROWS[0], " , ,\u00a0,,,,,,,,,", ROWS[1], ",,,,,,,,,,,"),  # spaces only: skipped
        (ROWS[0], ",,,,,,,,,,,", "HS9,,,,,,,,,,,", ROWS[1]),  # a number alone: row 4 refused
        (ROWS[0], ",,,,,,,,,,,", BAD_ROWS[1]),  # the bad row named by its place in the file
        (ROWS[0], "\u00a0" + ROWS[1]),  # a first cell beginning with a space: kept
        (ROWS[0], "," + ROWS[1].split(",", 1)[1]),  # no dossier number: kept
    ],
)
def test_both_readers_skip_blank_rows_and_number_the_others_alike(world, tmp_path, rows):
    data = records(*rows)
    parsed = statistics.parse_records("r.csv", data, TODAY)
    path = tmp_path / "r.csv"
    path.write_bytes(data)
    done = bulk.import_records(world.localities["own"], path, TODAY, compute=False)
    assert done.errors == parsed.errors
    if parsed.errors:
        assert parsed.errors[0].startswith(("Row 4", "Dòng 4"))
    else:
        assert done.records == parsed.records == 2


def test_the_page_takes_records_files_past_the_site_wide_body_limit(
    client, world, member, settings
):
    """The site answers 413 past UPLOAD_MAX_BYTES; the import page takes files up to its own
    INDICATORS_MAX_UPLOAD_BYTES (the form says the larger ones are refused)."""
    settings.UPLOAD_MAX_BYTES = 1000
    data = records(*ROWS * 20)
    assert len(data) > 2 * settings.UPLOAD_MAX_BYTES
    client.force_login(member("coordinator", "own"))
    response = _post(client, world, _csv(data))
    assert response.status_code == 302
    assert DossierMonth.objects.get(agency="Sở Tư pháp").received == 20
    catalogue = client.post(reverse("indicators:import_catalogue"), {"file": _csv(data)})
    assert catalogue.status_code == 413  # another form keeps the site's limit


def test_lines_ending_unalike_are_read_row_by_row_or_refused_clearly(world, tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes(b"Bao cao\r\n" + records(*ROWS))  # a title in CR LF, the rows in LF
    assert not bulk.reads(path)
    result, errors = records_import.import_records_file(
        world.localities["own"], path, "r.csv", TODAY, by=None
    )
    assert errors == [] and result.records == 3
    # past what is looked at first, only DuckDB sees it: refused, said in Vietnamese
    many = records(*ROWS * 40)
    path.write_bytes(many + many.split(b"\n", 1)[1].replace(b"\n", b"\r\n"))
    assert bulk.reads(path)
    with translation.override("vi"):
        result, errors = records_import.import_records_file(
            world.localities["own"], path, "r.csv", TODAY, by=None
        )
    assert result is None and len(errors) == 1
    assert "không kết thúc giống nhau" in errors[0], errors
    assert DossierMonth.objects.count() == 2  # the first file's
