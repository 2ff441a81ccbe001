from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from hoptac.programmes.models import Task


def _xlsx(rows) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(["Mã cam kết", "Tên nhiệm vụ", "Chủ trì", "Phối hợp", "Bắt đầu", "Hạn", "Mô tả"])
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("nhiem-vu.xlsx", buffer.getvalue())


def test_template_lists_commitments_and_organisations(client, programme, member):
    client.force_login(member("coordinator"))
    response = client.get(reverse("programmes:task_template"))
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Nhiem vu", "Cam ket", "Co quan"]
    assert wb["Cam ket"]["A2"].value == programme.commitment.pk


def test_a_good_file_imports_every_row(client, programme, member, world):
    client.force_login(member("coordinator"))
    own, partner = world.department["own"], world.department["partner"]
    upload = _xlsx(
        [
            [
                programme.commitment.pk,
                "Hội thảo chuyển đổi số",
                own.name_vi,
                partner.name_vi,
                "01/02/2026",
                "30/06/2026",
                "",
            ],
            [
                programme.commitment.pk,
                "Đoàn công tác",
                own.abbreviation,
                "",
                "15/03/2026",
                "15/09/2026",
                "Mô tả",
            ],
        ]
    )
    response = client.post(reverse("programmes:task_import"), {"file": upload})
    assert response.status_code == 302
    assert Task.objects.filter(title__in=["Hội thảo chuyển đổi số", "Đoàn công tác"]).count() == 2


def test_one_bad_row_imports_nothing_and_names_every_bad_cell(client, programme, member, world):
    client.force_login(member("coordinator"))
    own = world.department["own"]
    before = Task.objects.count()
    upload = _xlsx(
        [
            [programme.commitment.pk, "Đúng", own.name_vi, "", "01/02/2026", "30/06/2026", ""],
            [programme.commitment.pk, "Sai ngày", own.name_vi, "", "01/02/2026", "31/02/2026", ""],
            [999999, "Sai cam kết", "Sở Không Tồn Tại", "", "01/07/2026", "01/06/2026", ""],
            [
                programme.commitment.pk,
                "Thành phố khác",
                world.department["partner"].name_vi,
                "",
                "01/02/2026",
                "30/06/2026",
                "",
            ],
        ]
    )
    response = client.post(reverse("programmes:task_import"), {"file": upload})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Dòng 3" in text and "31/02/2026" in text
    assert "Dòng 4" in text and "999999" in text and "Sở Không Tồn Tại" in text
    assert "Dòng 5" in text
    assert Task.objects.count() == before


def test_hostile_files_are_refused_cleanly(client, programme, member):
    client.force_login(member("coordinator"))
    for upload in [
        SimpleUploadedFile("x.xlsx", b"not a workbook at all"),
        SimpleUploadedFile("x.xlsx", b"PK\x03\x04garbage"),
        SimpleUploadedFile("x.xlsx", b""),
    ]:
        response = client.post(reverse("programmes:task_import"), {"file": upload})
        assert response.status_code == 400
    assert client.post(reverse("programmes:task_import"), {}).status_code == 400


def test_filtered_list_exports_to_excel(client, programme, member):
    client.force_login(member("coordinator"))
    response = client.get(reverse("programmes:task_list") + "?status=in_term&format=xlsx")
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb.active
    assert ws["C1"].value == "Nhiệm vụ"
    titles = {row[2] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert titles == {programme.task["own"].title, programme.task["partner"].title}


LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 6)
    )
    + "]>"
)
XXE = '<!DOCTYPE x [<!ENTITY lol5 SYSTEM "file:///etc/passwd">]>'


def _with_dtd(upload: SimpleUploadedFile, part: str, dtd: str) -> SimpleUploadedFile:
    """The workbook with a DTD in one XML part, whose first text uses the entity ``&lol5;``."""
    import re
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(upload.read()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == part:
                xml = data.decode()
                xml = xml.replace("?>", "?>" + dtd, 1) if xml.startswith("<?") else dtd + xml
                if part == "docProps/core.xml":
                    xml = xml.replace(">openpyxl<", ">&lol5;<", 1)
                else:
                    xml = re.sub(r"<t>H[^<]*</t>", "<t>&lol5;</t>", xml, count=1)
                assert "&lol5;" in xml
                data = xml.encode()
            out.writestr(info, data)
    return SimpleUploadedFile("nhiem-vu.xlsx", buffer.getvalue())


@pytest.mark.parametrize("dtd", [LAUGHS, XXE], ids=["billion-laughs", "xxe"])
@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "docProps/core.xml"])
def test_a_workbook_with_a_dtd_is_refused_and_nothing_is_saved(
    client, programme, member, world, dtd, part
):
    client.force_login(member("coordinator"))
    own = world.department["own"]
    row = [programme.commitment.pk, "Hội thảo", own.name_vi, "", "01/02/2026", "30/06/2026", ""]
    upload = _with_dtd(_xlsx([row]), part, dtd)
    before = Task.objects.count()
    response = client.post(reverse("programmes:task_import"), {"file": upload})
    assert response.status_code == 400
    text = response.content.decode()
    assert "khai báo kiểu tài liệu XML (DTD)" in text and "root:" not in text
    assert Task.objects.count() == before


def test_a_workbook_whose_sheet_breaks_half_way_is_refused_and_nothing_is_saved(
    client, programme, member, world
):
    import zipfile

    client.force_login(member("coordinator"))
    own = world.department["own"]
    row = [programme.commitment.pk, "Hội thảo", own.name_vi, "", "01/02/2026", "30/06/2026", ""]
    source = zipfile.ZipFile(io.BytesIO(_xlsx([row, row]).read()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<row r="3"', b'<row r="3" <', 1)
            out.writestr(info, data)
    before = Task.objects.count()
    upload = SimpleUploadedFile("nhiem-vu.xlsx", buffer.getvalue())
    response = client.post(reverse("programmes:task_import"), {"file": upload})
    assert response.status_code == 400
    assert Task.objects.count() == before


def test_the_template_offers_drop_down_lists_of_unambiguous_names(client, programme, member):
    client.force_login(member("coordinator"))
    response = client.get(reverse("programmes:task_template"))
    wb = load_workbook(io.BytesIO(response.content))
    rules = {str(r.sqref): r.formula1 for r in wb["Nhiem vu"].data_validations.dataValidation}
    assert rules["A2:A5001"].startswith("='Cam ket'!$A$2")
    assert rules["C2:C5001"].startswith("='Co quan'!$A$2")
    keys = [row[0] for row in wb["Co quan"].iter_rows(min_row=2, values_only=True)]
    assert len(keys) == len(set(keys))  # each names one body


def test_an_abbreviation_both_cities_use_is_refused_not_guessed(client, programme, member, world):
    """A Da Nang body written "SKHCN" silently became Hanoi's."""
    client.force_login(member("coordinator"))
    own, partner = world.department["own"], world.department["partner"]
    partner.abbreviation = own.abbreviation = "SKHCN"
    own.save()
    partner.save()
    upload = _xlsx(
        [[programme.commitment.pk, "Đoàn công tác", "SKHCN", "", "15/03/2026", "15/09/2026", ""]]
    )
    response = client.post(reverse("programmes:task_import"), {"file": upload})
    page = response.content.decode()
    assert not Task.objects.filter(title="Đoàn công tác").exists()
    assert f"SKHCN {own.locality.name_vi}" in page and f"SKHCN {partner.locality.name_vi}" in page
