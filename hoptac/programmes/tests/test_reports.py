"""The review report: content from the database, Decree 30 / Guidance 36 layout in DOCX and PDF."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from hoptac.core import pdf_fonts as fonts
from hoptac.core.models import Organisation, User
from hoptac.core.tests.factories import (
    CooperationFieldFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from hoptac.programmes.models import Agreement, ProgressReport, Task
from hoptac.programmes.reports import build_docx, build_pdf, build_review
from hoptac.programmes.reports.wording import (
    PARTY,
    STATE,
    STATE_LABELS,
    period_phrase,
    vn_date_line,
    vn_int,
    vn_percent,
)
from hoptac.programmes.tests.factories import AgreementFactory, CommitmentFactory, TaskFactory

START, END = dt.date(2024, 1, 1), dt.date(2024, 6, 30)
ISSUED = dt.date(2024, 7, 5)

# (due, completed) giving each of the four states on END, in order
STATES = [
    (dt.date(2024, 4, 30), dt.date(2024, 3, 1)),  # done on time
    (dt.date(2024, 2, 29), dt.date(2024, 5, 10)),  # done late
    (dt.date(2024, 12, 31), None),  # within term
    (dt.date(2024, 5, 31), None),  # overdue
]


class Programme:
    pass


def make_programme(world, tasks: int = 4) -> Programme:
    """Notice 2138-TB/TU of the Hanoi Party Committee, two fields, `tasks` tasks in all states
    (the programmes factories, with the names a real notice has)."""
    hanoi, danang = world.localities["own"], world.localities["partner"]
    p = Programme()
    p.party = OrganisationFactory(
        locality=hanoi, kind="party_committee", name_vi="Thành ủy Hà Nội", abbreviation="TU"
    )
    p.ubnd = OrganisationFactory(
        locality=hanoi,
        kind="peoples_committee",
        name_vi="Ủy ban nhân dân thành phố Hà Nội",
        abbreviation="UBND",
    )
    p.agreement = AgreementFactory(
        reference="2138-TB/TU",
        title="Thông báo kết luận hội nghị giữa Ban Thường vụ Thành ủy Hà Nội và Ban Thường vụ "
        "Thành ủy Đà Nẵng",
        issuer=p.party,
        parties=[hanoi, danang],
    )
    p.fields = [
        CooperationFieldFactory(name_vi="Xây dựng Đảng và hệ thống chính trị", order=1),
        CooperationFieldFactory(name_vi="Chính quyền điện tử, đô thị thông minh", order=2),
    ]
    p.commitments = [
        CommitmentFactory(
            agreement=p.agreement,
            order=i,
            text=f"Trao đổi kinh nghiệm về {fld.name_vi.lower()}.",
            fields=[fld],
        )
        for i, fld in enumerate(p.fields, start=1)
    ]
    author = UserFactory()
    p.tasks = []
    for i in range(tasks):
        due, completed = STATES[i % 4]
        own = i % 2 == 0
        lead = world.department["own" if own else "partner"]
        task = TaskFactory(
            commitment=p.commitments[i % 2],
            title=f"Nhiệm vụ số {i + 1}",
            lead=lead,
            start_date=dt.date(2023, 10, 1),
            due_date=due,
            completed_on=completed,
            progress=100 if completed else 30,
        )
        task.partners.set([world.department["partner" if own else "own"]])
        ProgressReport.objects.create(
            task=task,
            author=author,
            reported_on=dt.date(2023, 12, 1),
            progress=10,
            text=f"Báo cáo cũ của nhiệm vụ {i + 1}",
        )
        ProgressReport.objects.create(
            task=task,
            author=author,
            reported_on=dt.date(2024, 3, 15),
            progress=50,
            text=f"Báo cáo trong kỳ của nhiệm vụ {i + 1}",
        )
        p.tasks.append(task)
    p.reader = MembershipFactory(organisation=world.office["own"], role="coordinator").user
    return p


def review_of(p: Programme, issuer: Organisation | None = None, user: User | None = None, **kw):
    issuer = issuer or p.ubnd
    party = issuer.kind in ("party_committee", "party_board")
    args = {
        "period_start": START,
        "period_end": END,
        "issuer": issuer,
        "number": "15-BC/TU" if party else "15/BC-UBND",
        "signer_name": "Nguyễn Văn Phong",
        "signer_title": "Phó Bí thư" if party else "Phó Chủ tịch",
        "place": "Hà Nội",
        "recipients": ["Văn phòng Chính phủ (để báo cáo)", "UBND thành phố Đà Nẵng"],
        "user": user or p.reader,
        "today": ISSUED,
    }
    args |= kw
    return build_review(args.pop("agreement", p.agreement), **args)


def docx_lines(data: bytes) -> tuple[Document, list[str]]:
    doc = Document(io.BytesIO(data))
    lines = [
        "".join(t.text or "" for t in par.iter(qn("w:t")))
        for par in doc.element.body.iter(qn("w:p"))
    ]
    return doc, lines


def runs_with(doc: Document, text: str):
    return [r for r in doc.element.body.iter(qn("w:r")) if text in "".join(r.itertext())]


# --- Vietnamese numbers and dates --------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "line"),
    [
        (dt.date(2024, 2, 5), "Hà Nội, ngày 05 tháng 02 năm 2024"),
        (dt.date(2024, 1, 20), "Hà Nội, ngày 20 tháng 01 năm 2024"),
        (dt.date(2024, 3, 9), "Hà Nội, ngày 09 tháng 3 năm 2024"),
        (dt.date(2019, 8, 20), "Hà Nội, ngày 20 tháng 8 năm 2019"),
        (dt.date(2024, 12, 31), "Hà Nội, ngày 31 tháng 12 năm 2024"),
    ],
)
def test_date_line_takes_a_leading_zero_for_days_below_ten_and_january_february(day, line):
    assert vn_date_line("Hà Nội", day) == line


def test_numbers_are_written_the_vietnamese_way():
    assert vn_int(1234) == "1.234"
    assert vn_int(1234567) == "1.234.567"
    assert vn_percent(6 / 7) == "85,7%"
    assert vn_percent(1.0) == "100%"
    assert vn_percent(None) == "–"


@pytest.mark.parametrize(
    ("start", "end", "phrase"),
    [
        (dt.date(2024, 1, 1), dt.date(2024, 6, 30), "6 tháng đầu năm 2024"),
        (dt.date(2024, 1, 1), dt.date(2024, 12, 31), "năm 2024"),
        (dt.date(2024, 7, 1), dt.date(2024, 9, 30), "quý III năm 2024"),
        (dt.date(2024, 2, 5), dt.date(2024, 6, 30), "từ ngày 05/02/2024 đến ngày 30/6/2024"),
    ],
)
def test_period_is_named_as_reports_name_it(start, end, phrase):
    assert period_phrase(start, end) == phrase


# --- Content -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "layout"),
    [
        ("party_committee", PARTY),
        ("party_board", PARTY),
        ("peoples_committee", STATE),
        ("pc_office", STATE),
        ("department", STATE),
    ],
)
def test_layout_follows_the_body_that_issues_the_report(world, kind, layout):
    p = make_programme(world)
    issuer = OrganisationFactory(locality=world.localities["own"], kind=kind)
    assert review_of(p, issuer).layout == layout


def test_state_report_header_and_signature_follow_decree_30(world):
    review = review_of(make_programme(world))
    h = review.header
    assert [line.text for line in h.issuer_lines] == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"]
    assert [line.text for line in h.national_lines] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert h.number_line == "Số: 15/BC-UBND"
    assert h.place_date == "Hà Nội, ngày 05 tháng 7 năm 2024"
    assert review.signature.authority == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"]
    assert review.signature.title == "PHÓ CHỦ TỊCH"
    assert review.recipients[-1] == "- Lưu: VT."
    assert review.recipients[0] == "- Văn phòng Chính phủ (để báo cáo);"


def test_party_report_header_and_signature_follow_guidance_36(world):
    p = make_programme(world)
    review = review_of(p, p.party)
    h = review.header
    assert [line.text for line in h.national_lines] == ["ĐẢNG CỘNG SẢN VIỆT NAM"]
    assert h.national_lines[0].underline
    assert [line.text for line in h.issuer_lines] == ["THÀNH ỦY HÀ NỘI"]
    assert h.issuer_mark == "*"
    assert h.number_line == "Số 15-BC/TU"
    assert review.signature.authority == ["T/M BAN THƯỜNG VỤ"]
    assert review.signature.title == "PHÓ BÍ THƯ"
    assert review.recipients[-1] == "- Lưu Văn phòng Thành ủy."
    assert "20-8-2019" in review.summary  # Party documents cite dates with hyphens


def test_department_header_puts_its_parent_above_it(world):
    p = make_programme(world)
    dept = OrganisationFactory(
        locality=world.localities["own"],
        kind="department",
        name_vi="Sở Nội vụ Hà Nội",
        parent=p.ubnd,
    )
    review = review_of(p, dept, signer_title="Phó Giám đốc")
    lines = review.header.issuer_lines
    assert [(x.text, x.bold) for x in lines] == [
        ("UBND THÀNH PHỐ HÀ NỘI", False),
        ("SỞ NỘI VỤ", True),
    ]
    assert review.signature.authority == ["KT. GIÁM ĐỐC"]


def test_party_board_header_puts_its_committee_above_it(world):
    p = make_programme(world)
    board = OrganisationFactory(
        locality=world.localities["own"],
        kind="party_board",
        name_vi="Ban Tổ chức Thành ủy Hà Nội",
        parent=p.party,
    )
    review = review_of(p, board, signer_title="Phó Trưởng ban", number="120-BC/BTCTU")
    assert [(x.text, x.bold) for x in review.header.issuer_lines] == [
        ("THÀNH ỦY HÀ NỘI", False),
        ("BAN TỔ CHỨC", True),
    ]
    assert review.header.number_line == "Số 120-BC/BTCTU"
    assert review.signature.authority == ["K/T TRƯỞNG BAN"]


def test_sections_follow_the_fields_with_commitments_and_tasks(world):
    p = make_programme(world, tasks=4)
    review = review_of(p)
    assert [s.title for s in review.sections] == [f.name_vi for f in p.fields]
    first = review.sections[0].commitments[0]
    assert [t.title for t in first.tasks] == ["Nhiệm vụ số 1", "Nhiệm vụ số 3"]  # by due date
    item = first.tasks[0]
    assert item.lead == world.department["own"].name_vi
    assert item.partners == [world.department["partner"].name_vi]


def test_states_are_those_on_the_last_day_of_the_period(world):
    review = review_of(make_programme(world, tasks=4))
    c = review.counts
    assert (c.done_on_time, c.done_late, c.in_term, c.overdue) == (1, 1, 1, 1)
    assert vn_percent(c.on_time_rate) == "50%"
    assert [row.label for row in review.statistics.rows] == [
        "Thành phố Hà Nội",
        "Thành phố Đà Nẵng",
        "Tổng cộng",
    ]
    assert review.shortcomings.items == [
        f"Nhiệm vụ số 4 (chủ trì: {world.department['partner'].name_vi}; thời hạn: 31/5/2024; "
        "quá hạn 30 ngày; tiến độ 50%)."
    ]


def test_a_task_that_starts_after_the_period_is_left_out(world):
    p = make_programme(world, tasks=4)
    Task.objects.filter(pk=p.tasks[2].pk).update(start_date=dt.date(2024, 7, 1))
    review = review_of(p)
    assert review.task_count == 3 and review.counts.in_term == 0


def test_a_completion_after_the_period_does_not_count_in_it(world):
    p = make_programme(world, tasks=4)
    Task.objects.filter(pk=p.tasks[2].pk).update(completed_on=dt.date(2024, 7, 2))
    review = review_of(p)
    assert review.counts.in_term == 1 and review.counts.done == 2


def test_only_progress_reports_of_the_period_are_quoted(world):
    p = make_programme(world, tasks=2)
    ProgressReport.objects.create(
        task=p.tasks[0],
        author=p.reader,
        reported_on=dt.date(2024, 8, 1),
        progress=90,
        text="Báo cáo sau kỳ",
    )
    review = review_of(p)
    texts = [t.report_text for s in review.sections for c in s.commitments for t in c.tasks]
    assert sorted(texts) == ["Báo cáo trong kỳ của nhiệm vụ 1", "Báo cáo trong kỳ của nhiệm vụ 2"]

    before = review_of(p, period_start=dt.date(2023, 11, 1), period_end=dt.date(2023, 12, 31))
    texts = [t.report_text for s in before.sections for c in s.commitments for t in c.tasks]
    assert sorted(texts) == ["Báo cáo cũ của nhiệm vụ 1", "Báo cáo cũ của nhiệm vụ 2"]


def test_a_user_of_an_unrelated_locality_gets_no_tasks(world, member):
    p = make_programme(world, tasks=4)
    stranger = member("coordinator", "unrelated")
    review = review_of(p, user=stranger)
    assert review.task_count == 0
    assert all(not c.tasks for s in review.sections for c in s.commitments)
    _, lines = docx_lines(build_docx(review))
    assert not any("Nhiệm vụ số" in line for line in lines)
    assert review_of(p, user=member("officer", "partner")).task_count == 4


def fresh(p: Programme) -> dict:
    """The user and the agreement as a new request has them: nothing cached."""
    return {
        "user": User.objects.get(pk=p.reader.pk),
        "agreement": Agreement.objects.get(pk=p.agreement.pk),
    }


@pytest.mark.parametrize("size", [4, 40])
def test_review_reads_in_a_constant_number_of_queries(world, django_assert_max_num_queries, size):
    p = make_programme(world, tasks=size)
    kw = fresh(p)
    with django_assert_max_num_queries(9):
        review = review_of(p, **kw)
    assert review.task_count == size


def test_query_count_does_not_grow_with_the_tasks(world):
    counts = []
    for size in (2, 30):
        p = make_programme(world, tasks=size)
        kw = fresh(p)
        with CaptureQueriesContext(connection) as ctx:
            review_of(p, **kw)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_review_offers_an_ascii_file_name(world):
    review = review_of(make_programme(world, tasks=0))
    assert review.filename("docx") == "bao-cao-15-bc-ubnd-6-thang-dau-nam-2024.docx"


def test_an_unnumbered_report_keeps_room_for_the_number(world):
    p = make_programme(world, tasks=0)
    assert review_of(p, number="/BC-UBND").header.number_line == "Số:" + "\u00a0" * 7 + "/BC-UBND"


def test_a_programme_without_commitments_still_makes_a_report(world):
    p = make_programme(world, tasks=0)
    p.agreement.commitments.all().delete()
    review = review_of(p)
    assert review.sections == [] and review.task_count == 0
    assert review.statistics.rows[-1].cells[-1] == "–"
    assert build_docx(review) and build_pdf(review)


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


def pdf_text(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


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
