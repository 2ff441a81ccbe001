"""The review report as documents: Decree 30 / Guidance 36 layout in DOCX and PDF."""

from __future__ import annotations

import pytest
from docx.oxml.ns import qn

from hoptac.core import pdf_fonts as fonts
from hoptac.programmes.reports import build_docx, build_pdf
from hoptac.programmes.reports.wording import STATE_LABELS

from .reports_support import docx_lines, make_programme, pdf_text, review_of, runs_with

# --- DOCX --------------------------------------------------------------------------------------


def test_docx_is_a4_with_decree_30_margins_in_times_new_roman(world):
    doc, _ = docx_lines(build_docx(review_of(make_programme(world))))
    section = doc.sections[0]

    # Word stores twentieths of a point: compare to the tenth of a millimetre.
    def mm(length) -> float:
        return round(length.mm, 1)

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (20, 20)
    assert (mm(section.left_margin), mm(section.right_margin)) == (30, 15)
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert 13 <= normal.font.size.pt <= 14


def test_docx_carries_the_state_layout(world):
    p = make_programme(world)
    doc, lines = docx_lines(build_docx(review_of(p)))
    for expected in [
        "ỦY BAN NHÂN DÂN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 15/BC-UBND",
        "Hà Nội, ngày 05 tháng 7 năm 2024",
        "BÁO CÁO",
        "I. KẾT QUẢ THỰC HIỆN",
        "II. TỒN TẠI, HẠN CHẾ",
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI",
        *[f"2.{i}. {f.name_vi}" for i, f in enumerate(p.fields, start=1)],
        *STATE_LABELS.values(),
        "Nơi nhận:",
        "- Lưu: VT.",
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Nguyễn Văn Phong",
    ]:
        assert expected in lines, expected
    assert lines.index("BÁO CÁO") < lines.index("I. KẾT QUẢ THỰC HIỆN") < lines.index("Nơi nhận:")
    assert any(line.startswith("Kết quả thực hiện Thông báo số 2138-TB/TU") for line in lines)
    (date_run,) = runs_with(doc, "Hà Nội, ngày 05")
    assert date_run.find(qn("w:rPr")).find(qn("w:i")) is not None
    (title_run,) = runs_with(doc, "CỘNG HÒA XÃ HỘI")
    assert title_run.find(qn("w:rPr")).find(qn("w:b")) is not None
    (where_run,) = runs_with(doc, "Nơi nhận:")
    props = where_run.find(qn("w:rPr"))
    assert props.find(qn("w:b")) is not None and props.find(qn("w:i")) is not None
    assert props.find(qn("w:sz")).get(qn("w:val")) == "24"  # 12 pt


def test_docx_carries_the_party_layout(world):
    p = make_programme(world)
    doc, lines = docx_lines(build_docx(review_of(p, p.party)))
    for expected in ["ĐẢNG CỘNG SẢN VIỆT NAM", "THÀNH ỦY HÀ NỘI", "*", "Số 15-BC/TU"]:
        assert expected in lines, expected
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in lines
    assert not any(line.startswith("Số:") for line in lines)
    (title_run,) = runs_with(doc, "ĐẢNG CỘNG SẢN VIỆT NAM")
    props = title_run.find(qn("w:rPr"))
    assert props.find(qn("w:b")) is not None and props.find(qn("w:u")) is not None
    assert "T/M BAN THƯỜNG VỤ" in lines and "PHÓ BÍ THƯ" in lines


def test_docx_numbers_pages_from_the_second_at_the_top(world):
    doc, _ = docx_lines(build_docx(review_of(make_programme(world))))
    section = doc.sections[0]
    assert section.different_first_page_header_footer
    header_xml = section.header._element.xml
    assert "PAGE" in header_xml and 'w:val="center"' in header_xml
    assert "PAGE" not in section.first_page_header._element.xml


# --- PDF ---------------------------------------------------------------------------------------


def test_pdf_says_what_the_docx_says_in_an_embedded_vietnamese_font(world):
    p = make_programme(world)
    reader, text = pdf_text(build_pdf(review_of(p)))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 15/BC-UBND",
        "Hà Nội, ngày 05 tháng 7 năm 2024",
        "BÁO CÁO",
        "TỒN TẠI, HẠN CHẾ",
        p.fields[0].name_vi,
        "Nơi nhận:",
        "TM. ỦY BAN NHÂN DÂN",
        "Nguyễn Văn Phong",
    ]:
        assert expected in text, expected
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None:
                assert "/FontFile2" in descriptor.get_object()
            fonts.add(str(font["/BaseFont"]))
    # (reportlab lists an unused Helvetica on every page; no text is set in it)
    assert any("LiberationSerif" in f or "DejaVuSerif" in f for f in fonts)


def test_pdf_party_layout(world):
    p = make_programme(world)
    _, text = pdf_text(build_pdf(review_of(p, p.party)))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "Số 15-BC/TU" in text and "Số:" not in text
    assert "T/M BAN THƯỜNG VỤ" in text


def test_a_machine_without_the_fonts_is_told_which_package_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(fonts, "_CANDIDATES", [(tmp_path, {"": "LiberationSerif-Regular.ttf"})])
    with pytest.raises(fonts.FontMissing, match="fonts-liberation2"):
        fonts.font_files()


def test_the_overdue_list_follows_its_announcing_sentence_directly(world):
    review = review_of(make_programme(world, tasks=4))  # one overdue, one done late
    short = review.shortcomings
    assert short.paragraphs[-1].endswith("quá thời hạn, cụ thể:")
    assert len(short.items) == 1
    assert short.after == [
        "Ngoài ra, còn 1 nhiệm vụ hoàn thành nhưng chậm so với thời hạn được giao."
    ]
    _doc, lines = docx_lines(build_docx(review))
    at = next(i for i, line in enumerate(lines) if line.endswith("quá thời hạn, cụ thể:"))
    assert lines[at + 1] == f"- {short.items[0]}"
    assert lines[at + 2] == short.after[0]
    _reader, text = pdf_text(build_pdf(review))
    flat = " ".join(text.split())
    assert flat.index("cụ thể: - Nhiệm vụ số 4") < flat.index("Ngoài ra, còn 1 nhiệm vụ")


def test_no_count_of_zero_tasks_is_written(world):
    p = make_programme(world, tasks=1)  # a single task, done on time
    review = review_of(p)
    text = " ".join(
        [*review.overview.paragraphs, *review.shortcomings.paragraphs, *review.directions.items]
    )
    assert "không có nhiệm vụ nào hoàn thành quá hạn" in text
    assert "Không có nhiệm vụ nào chưa hoàn thành đã quá thời hạn." in text
    assert "Tất cả các nhiệm vụ đã được hoàn thành." in text
    _doc, lines = docx_lines(build_docx(review))
    assert not [line for line in lines if " 0 nhiệm vụ" in line or line.startswith("0 nhiệm vụ")]
