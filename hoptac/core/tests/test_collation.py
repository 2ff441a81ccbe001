"""The Vietnamese sort key as one string (hoptac.core.collation) orders as `vi_sort_key`."""

from __future__ import annotations

import unicodedata

import pytest

from hoptac.core.collation import vi_key
from hoptac.core.text import vi_sort_key

NAMES = [
    "a", "à", "ả", "ã", "á", "ạ", "ă", "ằ", "ắ", "â", "ấ", "b", "A", "Ă", "Â",
    "ang", "anh", "ác", "ách", "cha", "chan", "ba", "bà", "bả", "hài", "hại",
    "o", "ô", "ơ", "p", "u", "ư", "v", "Xây dựng", "Đà Nẵng", "Em", "Dương", "Yên Bái",
    "Điện Biên", "Cơ sở dữ liệu", "Cơ chế, chính sách", "Cải cách hành chính",
    "Sở Xây dựng", "Sở Y tế", "Sở Văn hóa và Thể thao", "Sở Tư pháp", "Sở Tài chính",
    "Sở Ngoại vụ", "Sở Nội vụ", "Ban Quản lý các khu công nghiệp", "Ủy ban nhân dân",
    "2025 kế hoạch", "10 nhiệm vụ", "an toàn", "an", "ana", "“Đô thị thông minh”",
    "Hội thảo – tập huấn", "Z cuối cùng", "A đầu tiên", "zalo", "Wifi", "Jazz", "fintech",
    "ỷ lại", "ỹ", "ý", "ỵ", "ỳ", "y", "Ý kiến", "ĐỒNG", "đồng", "đông", "Đông",
]  # fmt: skip


@pytest.mark.parametrize("name", NAMES)
def test_the_key_compares_as_the_python_key(name):
    for other in NAMES:
        python = (vi_sort_key(name) > vi_sort_key(other)) - (vi_sort_key(name) < vi_sort_key(other))
        ours = (vi_key(name) > vi_key(other)) - (vi_key(name) < vi_key(other))
        assert ours == python, (name, other)


def test_decomposed_text_has_the_key_of_its_composed_form():
    assert vi_key(unicodedata.normalize("NFD", "Đà Nẵng")) == vi_key("Đà Nẵng")
