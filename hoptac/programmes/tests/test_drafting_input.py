"""Drafting from bad or large input: empty text, markup, the size limit, headlines."""

from __future__ import annotations

import time

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from hoptac.programmes.drafting import MAX_CHARS, paragraphs, propose

pytestmark = [pytest.mark.django_db, pytest.mark.backend_neutral]


@pytest.mark.parametrize("text", ["", "   \n\n  ", "\x00\x01"])
def test_empty_text_proposes_nothing(vocabulary, text):
    assert propose(text) == []


def test_a_text_without_promises_proposes_nothing(vocabulary):
    text = (
        "Thành phố có nhiều công viên (08:00 01/01/2024)\n\n"
        "Hà Nội, ngày 20 tháng 8 năm 2019\n\n"
        "Số 2138-TB/TU\n\n"
        "HNP - Ngày 20/8, Thành ủy Hà Nội ban hành Thông báo số 2138-TB/TU.\n\n"
        "Phát biểu tại hội nghị, lãnh đạo thành phố khẳng định hai bên sẽ hợp tác lâu dài.\n\n"
        "Kết quả hợp tác thời gian qua đã góp phần thúc đẩy phát triển kinh tế."
    )
    assert propose(text) == []


def test_html_and_scripts_are_dropped(vocabulary):
    text = (
        "<p>Hai địa phương phối hợp tổ chức các hoạt động xúc tiến đầu tư.</p>"
        "<script>alert('phối hợp xây dựng thương hiệu chung')</script>"
        "<p>Hai bên trao đổi kinh nghiệm quản lý thuế &amp; phí.</p>"
    )
    proposals = propose(text)
    assert [p.text for p in proposals] == [
        "Phối hợp tổ chức các hoạt động xúc tiến đầu tư.",
        "Trao đổi kinh nghiệm quản lý thuế & phí.",
    ]
    assert [p.paragraph for p in proposals] == [1, 2]


def test_a_text_over_the_limit_is_refused_quickly(vocabulary):
    text = ("Hai bên phối hợp trao đổi kinh nghiệm quản lý thuế. " * 4000)[: 200 * 1024]
    started = time.perf_counter()
    with pytest.raises(ValidationError) as error, translation.override("vi"):
        propose(text)
    assert error.value.code == "too_long"
    assert error.value.messages == ["Văn bản quá dài để soạn thảo (204.800 ký tự; tối đa 50.000)."]
    assert time.perf_counter() - started < 1.0


def test_a_long_text_within_the_limit_is_drafted_in_bounded_time(vocabulary):
    items = ", ".join(f"quản lý thuế {i}" for i in range(5000))
    text = ("Hai bên trao đổi kinh nghiệm như: " + items)[: MAX_CHARS - 100]
    # CPU time, not wall time: a quadratic cut takes minutes of CPU, a loaded machine only waits
    started = time.process_time()
    assert len(propose(text)) == 1  # items of one field make one commitment
    assert time.process_time() - started < 5.0


def test_a_headline_is_not_numbered():
    numbered = paragraphs("Tiêu đề bài viết (12:22 24/08/2019)\n\nĐoạn một.\n\nĐoạn hai.")
    assert numbered == [
        (0, "Tiêu đề bài viết (12:22 24/08/2019)"),
        (1, "Đoạn một."),
        (2, "Đoạn hai."),
    ]


PLAN_TYPED_IN_SECTIONS = """KẾ HOẠCH
Triển khai thực hiện Thỏa thuận hợp tác giữa thành phố Hà Nội và thành phố Đà Nẵng năm 2027

I. MỤC ĐÍCH, YÊU CẦU
Cụ thể hóa các nội dung hợp tác đã ký kết, bảo đảm thiết thực, hiệu quả.

II. NHIỆM VỤ CỤ THỂ
1. Sở Du lịch hai thành phố phối hợp xây dựng chương trình kích cầu du lịch liên kết,
hoàn thành trong quý II/2027.
2. Sở Khoa học và Công nghệ thành phố Đà Nẵng chủ trì, phối hợp với Sở Khoa học và Công nghệ
thành phố Hà Nội tổ chức Diễn đàn kết nối doanh nghiệp khởi nghiệp sáng tạo, mỗi năm một lần.
3. Hai bên chia sẻ cơ sở dữ liệu dùng chung về quy hoạch đô thị trước ngày 30/9/2027.
"""


def test_a_section_typed_without_blank_lines_is_cut_at_its_markers():
    # Sections apart, their lines together (typed, pasted from a web page or e-mail): the
    # title line and each numbered line are paragraphs of their own, wrapped lines are joined.
    numbered = paragraphs(PLAN_TYPED_IN_SECTIONS)
    assert numbered[0] == (
        0,
        "KẾ HOẠCH Triển khai thực hiện Thỏa thuận hợp tác giữa thành phố Hà Nội và thành phố "
        "Đà Nẵng năm 2027",
    )
    assert [text[:22] for _, text in numbered[1:]] == [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "Cụ thể hóa các nội dun",
        "II. NHIỆM VỤ CỤ THỂ",
        "1. Sở Du lịch hai thàn",
        "2. Sở Khoa học và Công",
        "3. Hai bên chia sẻ cơ ",
    ]
    assert numbered[4][1].endswith("hoàn thành trong quý II/2027.")


def test_a_plan_typed_in_sections_is_drafted(vocabulary):
    # Before 2026-12-06 the heading and its numbered lines were one paragraph, read as a
    # title: nothing was proposed from the whole plan.
    texts = [p.text for p in propose(PLAN_TYPED_IN_SECTIONS)]
    assert len(texts) == 3
    assert texts[0].startswith("Sở Du lịch hai thành phố phối hợp xây dựng chương trình")
    assert "Diễn đàn kết nối doanh nghiệp" in texts[1]
    assert "cơ sở dữ liệu dùng chung" in texts[2]
