"""Deadlines read around a task: a cited document's date is none, a hand-in sentence after the
task is its deadline, a period opening a sentence governs the paragraphs after it."""

from __future__ import annotations

import datetime as dt

import pytest

from hoptac.programmes.drafting import propose
from hoptac.programmes.drafting.dates import deadline

pytestmark = [pytest.mark.django_db, pytest.mark.backend_neutral]


def test_the_date_of_a_cited_document_is_no_deadline():
    assert deadline("theo Văn bản số 5658/BCT-CTĐP ngày 18/7/2018 của Bộ Công Thương") is None
    assert deadline("căn cứ Chỉ thị số 27/CT-TTg ngày 19/11/2019 của Thủ tướng") is None
    found = deadline("theo Văn bản số 5658/BCT-CTĐP ngày 18/7/2018, trình trước ngày 10/8/2018")
    assert found.value == dt.date(2018, 8, 10)


def test_a_hand_in_sentence_after_a_task_is_its_deadline_not_a_promise(vocabulary):
    proposals = propose(
        "Sau khi xem xét, Chủ tịch UBND thành phố có ý kiến chỉ đạo:\n\n"
        "Giao Sở Công Thương chủ trì, phối hợp với các đơn vị liên quan đánh giá, tổng hợp báo cáo "
        "kết quả thực hiện theo Văn bản số 5658/BCT-CTĐP ngày 18/7/2018 của Bộ Công Thương. "
        "Trình UBND thành phố trước ngày 10/8/2018 để báo cáo Bộ Công Thương."
    )
    assert len(proposals) == 1, [p.text for p in proposals]
    assert proposals[0].due == dt.date(2018, 8, 10)


def test_a_period_opening_a_sentence_governs_the_next_paragraphs(vocabulary):
    proposals = propose(
        "Theo đó, giai đoạn 2022 - 2025, hai bên sẽ tăng cường trao đổi đoàn cấp địa phương.\n\n"
        "Hai bên cũng sẽ phối hợp tổ chức các hoạt động xúc tiến thương mại - đầu tư."
    )
    assert [p.due for p in proposals] == [dt.date(2025, 12, 31)] * 2, [p.text for p in proposals]


def test_the_period_of_an_agreement_whose_signing_is_reported_is_the_deadline(vocabulary):
    # The signing is told in the past, the period it names binds what follows.
    proposals = propose(
        "Hai tỉnh đã ký kết Thỏa thuận hợp tác giai đoạn 2022 - 2025.\n\n"
        "Hai bên tăng cường trao đổi đoàn cấp địa phương."
    )
    assert [p.due for p in proposals] == [dt.date(2025, 12, 31)], [p.text for p in proposals]
    # A period given by its length and years.
    proposals = propose(
        "Hai tỉnh đã ký kết thỏa thuận hợp tác phát triển kinh tế - xã hội 5 năm (2012-2016).\n\n"
        "Hai bên tăng cường trao đổi đoàn cấp địa phương."
    )
    assert [p.due for p in proposals] == [dt.date(2016, 12, 31)], [p.text for p in proposals]


def test_the_period_of_a_programme_looked_back_on_is_no_deadline(vocabulary):
    proposals = propose(
        "Thời gian qua, hai tỉnh đã ký kết và thực hiện chương trình hợp tác giai đoạn "
        "2016 - 2020.\n\n"
        "Hai bên tăng cường trao đổi đoàn cấp địa phương."
    )
    assert [p.due for p in proposals] == [None], [p.text for p in proposals]
