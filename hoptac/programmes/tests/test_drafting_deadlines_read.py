"""Deadlines: the classes of error read on the seen parts (helper h10/draft): a name read as a
year, a vision taken for a deadline, a range of years "từ năm … đến …", numbers in words, and
which of several times in one sentence governs a promise."""

from __future__ import annotations

import datetime as dt

import pytest

from hoptac.programmes.drafting import propose
from hoptac.programmes.drafting.dates import deadline, deadline_before

pytestmark = [pytest.mark.django_db, pytest.mark.backend_neutral]


def test_nam_in_a_name_is_no_year():
    # "Việt Nam 2022" folds to "viet nam 2022": the "Nam" of a name is not "năm" (year).
    assert deadline("tổ chức các hoạt động của “Trại hè Việt Nam 2022” trên địa bàn tỉnh") is None
    found = deadline("Trại hè Việt Nam 2022; báo cáo trước ngày 25/5/2022")
    assert found.value == dt.date(2022, 5, 25)
    # A text written without its marks keeps the reading.
    assert deadline("hoan thanh trong nam 2026").value == dt.date(2026, 12, 31)


def test_a_vision_is_no_deadline():
    found = deadline("Chương trình giai đoạn 2014 - 2015, tầm nhìn đến năm 2020, ba tỉnh sẽ …")
    assert found.value == dt.date(2015, 12, 31)
    found = deadline("chuyển đổi số giai đoạn 2022-2025, định hướng đến năm 2030, hai bên …")
    assert found.value == dt.date(2025, 12, 31)
    assert deadline("Quy hoạch tỉnh tầm nhìn đến năm 2050") is None


def test_a_range_of_years_from_to():
    assert deadline("Từ năm 2008 đến 2020, thành phố hỗ trợ").value == dt.date(2020, 12, 31)
    assert deadline("từ năm 2026 đến năm 2030").value == dt.date(2030, 12, 31)


def test_numbers_in_words():
    assert deadline("Sáu tháng đầu năm 2017, phía Đà Nẵng sẽ …").value == dt.date(2017, 6, 30)
    assert deadline("trong tháng Sáu năm 2026").value == dt.date(2026, 6, 30)
    assert deadline("trong tháng mười hai năm 2026").value == dt.date(2026, 12, 31)


def test_the_time_before_a_promise_governs_it():
    sentence = (
        "Theo đó, trong tháng 9/2017 sẽ xây dựng Quy chế phối hợp; thành lập Tổ công tác; "
        "trong tháng 10/2017 sẽ cắm mốc; trong quý IV/2017 hoàn thành thủ tục."
    )
    at = sentence.index("thành lập")
    assert deadline_before(sentence, at).value == dt.date(2017, 9, 30)
    assert deadline_before(sentence, 3) is None
    assert deadline(sentence).value == dt.date(2017, 12, 31)


def test_a_promise_between_two_times_takes_the_one_before_it(vocabulary):
    proposals = propose(
        "Theo đó, trong tháng 9/2017, hai bên sẽ phối hợp xây dựng Quy chế phối hợp quản lý di "
        "tích; thành lập Tổ công tác liên ngành bảo vệ di tích; trong quý IV/2017 hoàn thành thủ "
        "tục cấp Giấy chứng nhận quyền sử dụng đất di tích."
    )
    due = {p.text.split()[0]: p.due for p in proposals}
    assert due.get("Thành") == dt.date(2017, 9, 30), [(p.text, p.due) for p in proposals]


def test_any_time_opening_a_sentence_governs_what_follows(vocabulary):
    proposals = propose(
        "Trong 5 năm tới (2011-2015), hai tỉnh sẽ tăng cường hơn nữa hợp tác về mọi mặt.\n\n"
        "Hai bên tiếp tục hỗ trợ kinh phí học bổng cho cán bộ, sinh viên hai tỉnh."
    )
    assert [p.due for p in proposals] == [dt.date(2015, 12, 31)] * 2, [
        (p.text, p.due) for p in proposals
    ]


def test_the_period_of_an_agreement_with_tp_abbreviated(vocabulary):
    # "TP." is no full stop: the sentence goes on to the agreement's period.
    proposals = propose(
        "Sở Văn hóa, Thể thao và Du lịch vừa tổ chức lễ ký kết thỏa thuận hợp tác với Sở Văn "
        "hóa, Thể thao TP. Hồ Chí Minh giai đoạn 2018 - 2021.\n\n"
        "Hai sở thường xuyên rà soát tiến độ thực hiện thỏa thuận."
    )
    assert [p.due for p in proposals] == [dt.date(2021, 12, 31)], [
        (p.text, p.due) for p in proposals
    ]


def test_the_span_a_programme_is_carried_out_in_is_the_deadline(vocabulary):
    proposals = propose(
        "Hai bên thống nhất tổ chức diễn đàn trực tuyến hiến kế phát triển liên kết du lịch.\n\n"
        "Chương trình sẽ được triển khai từ tháng 7 đến hết tháng 12/2020 tại hai địa phương."
    )
    dues = [p.due for p in proposals if "diễn đàn" in p.text]
    assert dues == [dt.date(2020, 12, 31)], [(p.text, p.due) for p in proposals]


def test_the_year_of_the_document():
    # An earlier year is what was done, not when the work is due.
    assert deadline("khắc phục những tồn tại trong công tác tổ chức năm 2017", 2018) is None
    assert deadline("khắc phục những tồn tại năm 2017").value == dt.date(2017, 12, 31)
    # A day, a month or a quarter without its year is in the document's year.
    assert deadline("hoàn thành trước 17 giờ ngày 22/10", 2025).value == dt.date(2025, 10, 22)
    assert deadline("khẩn trương thực hiện trong quý 1", 2025).value == dt.date(2025, 3, 31)
    assert deadline("tổ chức trong khoảng thời gian từ 20-30/10", 2025).value == dt.date(
        2025, 10, 30
    )
    assert deadline("hoàn thành trước ngày 22/10") is None
    # The document's year: its first time, not a target nor a document cited.
    from hoptac.programmes.drafting.dates import document_year

    assert document_year(["Theo Văn bản số 12/UBND ngày 3/4/2016, trong tháng 9/2017 …"]) == 2017
    assert document_year(["Phát triển Cần Thơ đến năm 2030, tầm nhìn đến năm 2045."]) is None
    assert document_year(["UBND vừa ban hành danh mục lễ hội năm 2018."]) == 2018


def test_a_promise_of_a_dated_plan_is_not_due_in_a_year_gone_by(vocabulary):
    proposals = propose(
        "UBND thành phố vừa ban hành danh mục các hoạt động văn hóa - lễ hội năm 2018.\n\n"
        "Giao Sở Văn hóa và Thể thao chủ động khắc phục những tồn tại trong công tác tổ chức năm "
        "2017."
    )
    assert [p.due for p in proposals] == [None] or all(
        p.due != dt.date(2017, 12, 31) for p in proposals
    ), [(p.text, p.due) for p in proposals]


def test_a_year_qualifying_a_noun_yields_to_a_finer_time_of_that_year():
    found = deadline(
        "tổ chức hội nghị xúc tiến tiêu thụ trái vải thiều năm 2015 khu vực phía Nam, dự kiến "
        "tổ chức tại TP.HCM vào đầu tháng 6-2015"
    )
    assert found.value == dt.date(2015, 6, 30)
    # A limit keeps the latest: "… quý I/2026 …, hoàn thành trong năm 2026".
    assert deadline("khởi công quý I/2026, hoàn thành trong năm 2026").value == dt.date(
        2026, 12, 31
    )


def test_the_day_something_starts():
    # What is made ready for it is due the day before; the start of anything else is none.
    found = deadline(
        "khẩn trương chuẩn bị, bảo đảm để chính quyền cấp xã chính thức hoạt động từ ngày 01 "
        "tháng 7 năm 2025"
    )
    assert found.value == dt.date(2025, 6, 30)
    assert deadline("Hai bên triển khai thỏa thuận từ ngày 01/7/2025") is None
    # The first day of a range is no start.
    assert deadline("từ ngày 10/4/2025 đến ngày 12/4/2025").value == dt.date(2025, 4, 12)


def test_the_period_of_an_agreement_by_its_years():
    from hoptac.programmes.drafting.dates import agreement_period

    found = agreement_period("Nhân dịp này, hai bên đã ký biên bản hợp tác năm 2013-2014.")
    assert found.value == dt.date(2014, 12, 31)


def test_a_topic_opening_a_sentence_with_its_time_governs_the_list_after_it(vocabulary):
    proposals = propose(
        "Về công tác trọng tâm triển khai trong tháng 3/2018, đề nghị các đơn vị nghiêm túc thực "
        "hiện các nhiệm vụ đặt ra.\n\n"
        "Sở Tài chính đôn đốc các đơn vị tài trợ thực hiện các dự án cho người nghèo."
    )
    dues = [p.due for p in proposals if "người nghèo" in p.text]
    assert dues == [dt.date(2018, 3, 31)], [(p.text, p.due) for p in proposals]


def test_a_sentence_that_says_when_the_work_before_it_is_finished(vocabulary):
    proposals = propose(
        "Chủ tịch UBND thành phố yêu cầu các sở, ngành và địa phương rà soát, chủ động triển khai "
        "phương án sơ tán nhân dân tại các khu vực nguy hiểm. Việc sơ tán phải hoàn thành trước "
        "17 giờ ngày 22/10/2025."
    )
    assert [p.due for p in proposals] == [dt.date(2025, 10, 22)], [
        (p.text, p.due) for p in proposals
    ]
