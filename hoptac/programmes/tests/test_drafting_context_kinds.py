"""What one side asks, what is assessed, what was reached and what is handed over are the news of
a meeting, not promises (helper h12/draft, 2026-12-07, read on the false proposals of the seen
parts, `heldout17` with them). The texts here are invented in the patterns of each class, none is
a labelled sentence.

- One side's proposal to both ("… đề xuất hai bên …", "… đề nghị, thời gian tới, hai bên …"):
  the speaker asks, nobody has agreed; "đề nghị" was read only with a space after it and one
  phrase between it and the sides, "đề xuất" not at all.
- An assessment with its degree ("đánh giá rất cao …", "… được đánh giá là …"): the lexicon's
  "đánh giá cao" missed the adverb between.
- Results reached, counted ("tuần tra được 56 lượt"): what was done.
- The documents handed over at the signing ("… trao các văn kiện hợp tác"): the ceremony.
- A time opening the sentence ("Đến thời hạn trả, Bưu điện tỉnh … sẽ tiếp nhận …"): the promise
  is the clause after it, when it binds ("sẽ") and reports nothing.
"""

from __future__ import annotations

import pytest

from hoptac.programmes.drafting import draft

pytestmark = pytest.mark.django_db


def _texts(text: str) -> list[str]:
    return [p.text for p in draft(text).proposals]


def test_one_sides_proposal_to_both_is_no_promise(vocabulary):
    got = _texts(
        "Hội đàm về quản lý biên giới\n\n"
        "Giám đốc Sở Ngoại vụ tỉnh Hà Giang cũng đề xuất hai bên tăng cường trao đổi thông tin "
        "về công tác quản lý cửa khẩu; tổ chức tuần tra song phương trên tuyến biên giới.\n\n"
        "Phát biểu tại buổi làm việc, Phó Chủ tịch tỉnh đề nghị, trong thời gian tới, hai bên "
        "mở rộng hợp tác thương mại, tạo điều kiện cho doanh nghiệp gặp gỡ, tìm cơ hội đầu tư."
    )
    assert got == [], got


def test_both_sides_agreeing_to_ask_is_still_a_promise(vocabulary):
    got = _texts(
        "Biên bản làm việc\n\n"
        "Hai bên thống nhất đề nghị các bộ, ngành trung ương hỗ trợ xây dựng tuyến đường nối hai "
        "tỉnh."
    )
    assert got, got


def test_an_assessment_or_a_count_of_what_was_reached_is_no_promise(vocabulary):
    got = _texts(
        "Tiếp Tổng Lãnh sự\n\n"
        "Tổng Lãnh sự Pháp đánh giá rất cao sự phát triển của thành phố trong các lĩnh vực du "
        "lịch, giáo dục.\n\n"
        "Hội nghị giao ban hằng năm tiếp tục được đánh giá là kênh trao đổi hiệu quả giữa hai "
        "địa phương.\n\n"
        "Các đồn Biên phòng hai tỉnh tổ chức tuần tra song phương được 48 lượt, trao đổi thông "
        "tin kịp thời."
    )
    assert got == [], got


def test_documents_handed_over_are_the_ceremony(vocabulary):
    got = _texts(
        "Hợp tác giáo dục\n\n"
        "Giám đốc Sở Giáo dục và Đào tạo hai tỉnh trao các văn kiện hợp tác về đào tạo giáo "
        "viên."
    )
    assert got == [], got


def test_a_time_opening_the_sentence_leaves_the_promise_after_it(vocabulary):
    got = _texts(
        "Phối hợp chuyển phát hồ sơ\n\n"
        "Đến thời hạn trả, Bưu điện tỉnh Quảng Bình sẽ tiếp nhận và chuyển kết quả giải quyết "
        "thủ tục hành chính đến tận tay người dân.\n\n"
        "Từ năm 2020, Bưu điện tỉnh đã tiếp nhận 500 hồ sơ."
    )
    assert [t for t in got if t.startswith("Bưu điện tỉnh Quảng Bình sẽ tiếp nhận")], got
    assert not any("500 hồ sơ" in t for t in got), got
