"""A city's own indicator framework: read from a spreadsheet with every bad row named, previewed,
saved all or nothing on confirmation, edited by the city's coordinators only."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from hoptac.indicators import framework_files
from hoptac.indicators.models import FrameworkIndicator, IndicatorFramework

HEADER = "Mã chỉ số,Tên chỉ số (tiếng Việt),Tên chỉ số (tiếng Anh),Đơn vị tính,Chiều tốt,Nhóm"


def csv_of(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8-sig")


GOOD = csv_of(
    "CT1,Tỷ lệ hồ sơ trực tuyến,Share of dossiers online,%,Cao hơn là tốt,Dịch vụ công",
    "CT2,Thời gian giải quyết bình quân,Average processing time,ngày,Thấp hơn là tốt,Dịch vụ công",
)


def xlsx_of(*rows: list) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_framework_file_is_read_with_its_directions():
    parsed = framework_files.parse("khung.csv", GOOD)
    assert parsed.errors == []
    first, second = (row.values for row in parsed.rows)
    assert first["code"] == "CT1" and first["direction"] == "higher" and first["unit"] == "%"
    assert second["direction"] == "lower" and second["name_en"] == "Average processing time"
    assert [row.number for row in parsed.rows] == [2, 3]


def test_headers_match_without_accents_or_case_and_stt_is_ignored():
    data = csv_of("1,a.1,Chỉ số A,cang cao cang tot", header="STT,MA CHI SO,Ten chi so,chieu tot")
    parsed = framework_files.parse("x.csv", data)
    assert parsed.errors == [] and parsed.rows[0].values["direction"] == "higher"


@pytest.mark.parametrize(
    "row, expected",
    [
        (",Tên,,,Cao hơn là tốt,", "Dòng 2, cột “Mã chỉ số”: bắt buộc phải có."),
        ("CT 1,Tên,,,Cao hơn là tốt,", "Dòng 2, cột “Mã chỉ số”: “CT 1” không phải là mã"),
        ("CT1,,,,Cao hơn là tốt,", "Dòng 2, cột “Tên chỉ số (tiếng Việt)”: bắt buộc phải có."),
        (
            "CT1,Tên,,,Tốt,",
            "Dòng 2, cột “Chiều tốt”: “Tốt” không phải “Cao hơn là tốt” hay “Thấp hơn là tốt”.",
        ),
        (
            "CT1,Tên,," + "x" * 61 + ",Cao hơn là tốt,",
            "Dòng 2, cột “Đơn vị tính”: 61 ký tự, quá 60 ký tự cho phép.",
        ),
    ],
)
def test_a_bad_row_is_named_by_row_and_column(row, expected):
    parsed = framework_files.parse("x.csv", csv_of(row))
    assert len(parsed.errors) == 1 and parsed.errors[0].startswith(expected), parsed.errors


def test_a_duplicate_code_names_both_rows():
    data = csv_of("CT1,A,,,Cao hơn là tốt,", "ct1,B,,,Cao hơn là tốt,")
    assert framework_files.parse("x.csv", data).errors == [
        "Dòng 3, cột “Mã chỉ số”: mã ct1 đã có ở dòng 2."
    ]


def test_wrong_columns_are_refused_before_any_row():
    data = csv_of("CT1,A,Cao hơn là tốt,5", header="Mã chỉ số,Tên chỉ số,Chiều tốt,Giá trị 2024")
    assert framework_files.parse("x.csv", data).errors == [
        "Dòng 1, cột D: không nhận ra cột “Giá trị 2024”."
    ]
    data = csv_of("CT1,A", header="Mã chỉ số,Tên chỉ số")
    assert framework_files.parse("x.csv", data).errors == ["Dòng 1: thiếu các cột: Chiều tốt."]


@pytest.mark.parametrize(
    "name, data, expected",
    [
        ("anh.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "Tệp không phải bảng tính Excel"),
        ("khung.xlsx", b"not a zip at all", "Tệp không phải là bảng tính Excel hợp lệ."),
        ("khung.csv", b"\n\n,,\n", "Tệp rỗng, không có nội dung."),
        ("khung.csv", HEADER.encode() + b"\n", "Tệp không có chỉ số nào."),
    ],
)
def test_a_file_that_is_not_a_framework_gets_one_clear_error(name, data, expected):
    errors = framework_files.parse(name, data).errors
    assert len(errors) == 1 and errors[0].startswith(expected), errors


def test_too_many_rows_are_refused(monkeypatch):
    monkeypatch.setattr(framework_files, "MAX_ROWS", 2)
    data = csv_of(*(f"CT{i},A,,,Cao hơn là tốt," for i in range(3)))
    assert framework_files.parse("x.csv", data).errors == [
        "Tệp có hơn 2 dòng; hãy chia thành nhiều tệp."
    ]


def test_an_xlsx_framework_is_read():
    data = xlsx_of(["Mã chỉ số", "Tên chỉ số", "Chiều tốt"], [5.1, "Tỷ lệ", "Thấp hơn là tốt"])
    parsed = framework_files.parse("k.xlsx", data)
    assert parsed.errors == [] and parsed.rows[0].values["code"] == "5.1"


@pytest.mark.parametrize("padding", [b"", b"<!--" + b" " * 5000 + b"-->"])
def test_a_workbook_with_a_dtd_is_refused(padding):
    src = zipfile.ZipFile(io.BytesIO(xlsx_of(["Mã chỉ số", "Tên chỉ số", "Chiều tốt"])))
    forged = io.BytesIO()
    with zipfile.ZipFile(forged, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                dtd = padding + b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                head, sep, rest = data.partition(b"?>")
                data = head + sep + dtd + rest.replace(b"</sheetData>", b"&xxe;</sheetData>")
            dst.writestr(item, data)
    assert framework_files.parse("xxe.xlsx", forged.getvalue()).errors == [
        "Bảng tính có khai báo kiểu tài liệu (DTD), không được chấp nhận."
    ]


# The pages ------------------------------------------------------------------------------------


def upload(client, data: bytes, name: str = "khung.csv", **fields):
    form = {
        "locality": fields.pop("locality"),
        "name_vi": "Bộ chỉ số chuyển đổi số",
        "name_en": "Digital transformation indicators",
        "source": "Kế hoạch 01/KH-UBND",
        "is_public": "on",
        "file": SimpleUploadedFile(name, data),
        **fields,
    }
    return client.post(reverse("indicators:framework_import"), form)


def test_a_coordinator_previews_then_confirms_a_framework(client, world, member):
    own = world.localities["own"]
    user = member("coordinator", "own")
    client.force_login(user)
    response = upload(client, GOOD, locality=own.pk)
    page = response.content.decode()
    assert response.status_code == 200 and "Kiểm tra trước khi lưu" in page
    assert "Thời gian giải quyết bình quân" in page and "Thấp hơn là tốt" in page
    assert not IndicatorFramework.objects.exists()  # nothing saved before the confirmation
    token = client.session["indicators_framework_import"]["token"]
    response = client.post(reverse("indicators:framework_import"), {"confirm": "1", "token": token})
    framework = IndicatorFramework.objects.get()
    assert response.url == reverse("indicators:city_framework", args=[framework.pk])
    assert framework.locality == own and framework.is_public and framework.created_by == user
    codes = list(framework.indicators.values_list("code", "direction", "position"))
    assert codes == [("CT1", "higher", 1), ("CT2", "lower", 2)]
    assert FrameworkIndicator.history.filter(history_user=user).count() == 2
    assert "indicators_framework_import" not in client.session
    # the same confirmation twice saves nothing more
    client.post(reverse("indicators:framework_import"), {"confirm": "1", "token": token})
    assert IndicatorFramework.objects.count() == 1


def test_a_file_with_one_bad_row_saves_nothing_and_names_it(client, world, member):
    client.force_login(member("coordinator", "own"))
    data = csv_of("CT1,A,,,Cao hơn là tốt,", "CT2,B,,,sideways,")
    response = upload(client, data, locality=world.localities["own"].pk)
    page = response.content.decode()
    assert "Tệp có 1 lỗi; chưa lưu gì." in page
    assert "Dòng 3, cột “Chiều tốt”" in page
    assert "indicators_framework_import" not in client.session
    response = client.post(reverse("indicators:framework_import"), {"confirm": "1", "token": ""})
    assert not IndicatorFramework.objects.exists() and not FrameworkIndicator.objects.exists()


@pytest.mark.parametrize(
    "name, data, expected",
    [
        ("khung.pdf", b"%PDF-1.4", "chỉ nhận tệp XLSX hoặc CSV"),
        ("khung.csv", b"", "Tập tin được gửi là rỗng."),
        ("khung.xlsx", b"%PDF-1.4 pretending", "không khớp với phần mở rộng"),
        ("khung.csv", b"x" * (framework_files.MAX_BYTES + 1), "Tệp lớn hơn 2 MB."),
    ],
)
def test_a_file_refused_by_its_content_or_size_saves_nothing(
    client, world, member, name, data, expected
):
    client.force_login(member("coordinator", "own"))
    response = upload(client, data, name, locality=world.localities["own"].pk)
    assert expected in response.content.decode()
    assert not IndicatorFramework.objects.exists()


def test_the_template_reads_back_and_quotes_formulas(client, world):
    response = client.get(reverse("indicators:framework_template"))
    assert response["Content-Disposition"] == 'attachment; filename="mau-khung-chi-so.xlsx"'
    parsed = framework_files.parse("mau.xlsx", response.content)
    assert parsed.errors == [] and [r.values["code"] for r in parsed.rows] == ["5.1", "5.6"]
    response = client.get(reverse("indicators:framework_template"), {"format": "csv"})
    assert framework_files.parse("mau.csv", response.content).errors == []


def make_framework(locality, *, public: bool, name_vi: str = "Tỷ lệ") -> IndicatorFramework:
    framework = IndicatorFramework.objects.create(
        locality=locality, name_vi="Khung riêng", is_public=public
    )
    FrameworkIndicator.objects.create(
        framework=framework, code="CT1", name_vi=name_vi, direction="higher", unit="%"
    )
    return framework


def test_an_exported_framework_quotes_formula_like_cells(client, world):
    framework = make_framework(world.localities["own"], public=True, name_vi="=HYPERLINK(1)")
    FrameworkIndicator.objects.filter(framework=framework).update(group="@SUM(1)", source="-2+3")
    url = reverse("indicators:city_framework", args=[framework.pk])
    sheet = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content)).active
    cells = [c for row in sheet.iter_rows() for c in row]
    values = [c.value for c in cells]
    assert "'=HYPERLINK(1)" in values and "'@SUM(1)" in values and "'-2+3" in values
    assert not [c for c in cells if c.data_type == "f"]
    text = client.get(url, {"format": "csv"}).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text and "\n=" not in text and ",=" not in text


def test_a_coordinator_edits_an_indicator_with_history(client, world, member):
    framework = make_framework(world.localities["own"], public=False)
    indicator = framework.indicators.get()
    user = member("admin", "own")
    client.force_login(user)
    url = reverse("indicators:framework_indicator_edit", args=[indicator.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"name_vi": "Tỷ lệ mới", "name_en": "New rate", "unit": "‰", "direction": "lower"},
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.name_vi, indicator.unit, indicator.direction) == ("Tỷ lệ mới", "‰", "lower")
    assert indicator.history.first().history_user == user
    response = client.post(url, {"name_vi": "", "direction": "sideways"})
    assert "Trường này là bắt buộc." in response.content.decode()


def _edit_url(route: str, framework: IndicatorFramework) -> str:
    if route == "framework_indicator_edit":
        return reverse(f"indicators:{route}", args=[framework.indicators.get().pk])
    return reverse(f"indicators:{route}", args=[framework.pk])


EDITS = {
    "framework_indicator_edit": {"name_vi": "Đã sửa", "unit": "x", "direction": "lower"},
    "framework_indicator_add": {"code": "CT9", "name_vi": "Mới", "direction": "lower"},
    "framework_edit": {"name_vi": "Đã sửa", "is_public": "on"},
}


@pytest.mark.parametrize("route", list(EDITS))
@pytest.mark.parametrize(
    "role, where, public, expected",
    [
        ("officer", "unrelated", False, 404),  # cannot read it: as if it did not exist
        ("coordinator", "unrelated", False, 404),
        ("coordinator", "unrelated", True, 403),  # reads it, may not change it
        ("coordinator", "partner", False, 403),  # the partner reads, never edits
        ("officer", "own", False, 403),  # an officer of the city is no coordinator
    ],
)
def test_others_cannot_edit_a_city_framework(
    client, world, member, role, where, public, expected, route
):
    framework = make_framework(world.localities["own"], public=public)
    client.force_login(member(role, where))
    url = _edit_url(route, framework)
    assert client.get(url).status_code == expected
    assert client.post(url, EDITS[route]).status_code == expected
    indicator = framework.indicators.get()  # still the only one
    framework.refresh_from_db()
    assert (indicator.name_vi, indicator.direction) == ("Tỷ lệ", "higher")
    assert (framework.name_vi, framework.is_public) == ("Khung riêng", public)
    assert indicator.history.count() == 1 and framework.history.count() == 1


def test_a_coordinator_adds_an_indicator_whose_code_is_new(client, world, member):
    framework = make_framework(world.localities["own"], public=False)
    client.force_login(member("coordinator", "own"))
    url = reverse("indicators:framework_indicator_add", args=[framework.pk])
    response = client.post(url, {"code": "ct1", "name_vi": "Trùng", "direction": "lower"})
    assert "Mã ct1 đã có trong bộ chỉ số này." in response.content.decode()
    response = client.post(url, {"code": "CT2", "name_vi": "Mới", "direction": "lower"})
    assert response.status_code == 302
    assert list(framework.indicators.values_list("code", "position")) == [("CT1", 0), ("CT2", 1)]


def test_a_coordinator_makes_a_framework_public(client, world, member):
    framework = make_framework(world.localities["own"], public=False)
    user = member("coordinator", "own")
    client.force_login(user)
    url = reverse("indicators:framework_edit", args=[framework.pk])
    response = client.post(url, {"name_vi": "Khung công khai", "is_public": "on"})
    assert response.status_code == 302
    framework.refresh_from_db()
    assert framework.is_public and framework.name_vi == "Khung công khai"
    assert framework.history.first().history_user == user
    client.logout()
    assert client.get(reverse("indicators:city_framework", args=[framework.pk])).status_code == 200


@pytest.mark.parametrize("role, where", [("officer", "own"), ("coordinator", "partner")])
def test_others_cannot_import_for_a_city(client, world, member, role, where):
    client.force_login(member(role, where))
    response = upload(client, GOOD, locality=world.localities["own"].pk)
    if role == "officer":
        assert response.status_code == 403
    else:  # a coordinator of another city: the city is not among the choices
        assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    assert not IndicatorFramework.objects.exists()
    assert "indicators_framework_import" not in client.session


def test_anonymous_reads_only_public_frameworks(client, world):
    public = make_framework(world.localities["own"], public=True)
    private = make_framework(world.localities["own"], public=False)
    private.name_vi = "Khung nội bộ"
    private.save()
    page = client.get(reverse("indicators:framework_list")).content.decode()
    assert reverse("indicators:city_framework", args=[public.pk]) in page
    assert "Khung nội bộ" not in page
    assert client.get(reverse("indicators:city_framework", args=[public.pk])).status_code == 200
    assert client.get(reverse("indicators:city_framework", args=[private.pk])).status_code == 404
    edit = reverse("indicators:framework_indicator_edit", args=[public.indicators.get().pk])
    assert client.get(edit).status_code == 302  # to the login page
    assert client.get(reverse("indicators:framework_import")).status_code == 302


def test_the_partner_reads_a_private_framework(client, world, member):
    private = make_framework(world.localities["own"], public=False)
    client.force_login(member("officer", "partner"))
    page = client.get(reverse("indicators:city_framework_en", args=[private.pk])).content
    assert b"Higher is better" in page and b"Edit" not in page


@pytest.mark.parametrize("count", [1, 6])
def test_the_list_reads_the_frameworks_in_constant_queries(
    client, world, member, django_assert_num_queries, count
):
    for _ in range(count):
        make_framework(world.localities["own"], public=False)
    client.force_login(member("coordinator", "own"))
    with django_assert_num_queries(7):
        page = client.get(reverse("indicators:framework_list")).content.decode()
    assert page.count("Khung riêng") == count


def test_a_confirmation_after_losing_the_role_writes_nothing(client, world, member):
    from hoptac.core.models import Membership

    user = member("coordinator", "own")
    client.force_login(user)
    upload(client, GOOD, locality=world.localities["own"].pk)
    token = client.session["indicators_framework_import"]["token"]
    Membership.objects.filter(user=user).delete()
    response = client.post(reverse("indicators:framework_import"), {"confirm": "1", "token": token})
    assert response.status_code == 403
    assert not IndicatorFramework.objects.exists()
