"""The review report's content from the database: Vietnamese numbers and dates, layouts, states."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hoptac.core.models import User
from hoptac.core.tests.factories import OrganisationFactory
from hoptac.programmes.models import Agreement, ProgressReport, Task
from hoptac.programmes.reports import build_docx, build_pdf
from hoptac.programmes.reports.wording import (
    PARTY,
    STATE,
    period_phrase,
    vn_date_line,
    vn_int,
    vn_percent,
)

from .reports_support import Programme, docx_lines, make_programme, review_of

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
    with django_assert_max_num_queries(10):  # 10th: the links, for other apps' notes
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
