"""What a snippet marks follows what was typed: the search finds words whatever their accents,
the marks show the words as the user wrote them, and a phrase where its words stand together."""

from __future__ import annotations

import pytest

from hoptac.search import highlight
from hoptac.search.highlight import Terms
from hoptac.search.parsing import parse


def marked(q: str, value: str) -> str:
    return str(highlight.mark(value, Terms.of(parse(q))))


def snippet(q: str, value: str, words: int = 32) -> str:
    return str(highlight.snippet(value, Terms.of(parse(q)), words))


SO = "Sở Nội vụ và số hóa, SỐ liệu, sổ sách"
HOA = "Hòa nhập, HOÀ giải, hoa, hỏa tốc"
SO_HOA = "Số hóa hồ sơ; số liệu và hóa đơn; chuyển đổi số. Hoá đơn số hoá"
KE_HOACH = "Kế hoạch của thành phố và của tỉnh; thành phố của"
# (query, text, the text with its marks in brackets)
CASES = [
    # typed with accents: its own form, whatever its case and tone placement
    ("số", SO, "Sở Nội vụ và [số] hóa, [SỐ] liệu, sổ sách"),
    ("hoà", HOA, "[Hòa] nhập, [HOÀ] giải, hoa, hỏa tốc"),
    ("HÒA", HOA, "[Hòa] nhập, [HOÀ] giải, hoa, hỏa tốc"),
    # typed without: every form; typed both ways: every form
    ("so", SO, "[Sở] Nội vụ và [số] hóa, [SỐ] liệu, [sổ] sách"),
    ("số so", SO, "[Sở] Nội vụ và [số] hóa, [SỐ] liệu, [sổ] sách"),
    # what an abbreviation stands for (not typed): every form
    ("ubnd", "Ủy ban nhân dân, uy ban", "[Ủy] [ban] [nhân] [dân], [uy] [ban]"),
    # a phrase: where its words stand together (as the index reads it: punctuation between them
    # aside), as typed
    (
        '"số hóa"',
        SO_HOA,
        "[Số] [hóa] hồ sơ; số liệu và hóa đơn; chuyển đổi [số]. [Hoá] đơn [số] [hoá]",
    ),
    (
        '"đổi số hoá"',
        SO_HOA,
        "Số hóa hồ sơ; số liệu và hóa đơn; chuyển [đổi] [số]. [Hoá] đơn số hoá",
    ),
    ('"so hoa"', "sở hoá, số hóa, số", "[sở] [hoá], [số] [hóa], số"),
    # ... and its words alone too when the query also asks for them alone
    (
        '"số hóa" liệu số',
        SO_HOA,
        "[Số] [hóa] hồ sơ; [số] [liệu] và hóa đơn; chuyển đổi [số]. [Hoá] đơn [số] [hoá]",
    ),
    # a function word scores only through its pairs ("hoạch của", "của thành"): marked only
    # there, the content words wherever they stand; a query of function words only asks for each
    (
        "kế hoạch của thành phố",
        KE_HOACH,
        "[Kế] [hoạch] [của] [thành] [phố] và của tỉnh; [thành] [phố] của",
    ),
    ("của", KE_HOACH, "Kế hoạch [của] thành phố và [của] tỉnh; thành phố [của]"),
]


@pytest.mark.parametrize("show", [marked, snippet])
@pytest.mark.parametrize(("q", "value", "expected"), CASES)
def test_the_marks_follow_what_was_typed(show, q, value, expected):
    assert show(q, value) == expected.replace("[", "<mark>").replace("]", "</mark>")


def test_the_window_is_where_the_typed_form_is():
    filler = "Văn bản dài về nhiều việc khác nhau. " * 40
    body = "Sở Nội vụ, sở ngành. " * 10 + filler + "Kết quả chuyển đổi số năm nay. " + filler
    out = snippet("số", body, 12)
    assert "đổi <mark>số</mark> năm nay" in out
    assert "Sở" not in out
    # a phrase: where its words stand together, not where they stand apart
    body = "Số liệu, hóa đơn. " * 10 + filler + "Đề án số hóa hồ sơ. " + filler
    assert "án <mark>số</mark> <mark>hóa</mark> hồ sơ" in snippet('"số hóa"', body, 12)


def test_a_text_with_the_words_in_other_forms_only_shows_them_unmarked():
    # (found accent-insensitively: the window is there, nothing typed is marked)
    filler = "Văn bản dài về nhiều việc khác nhau. " * 40
    out = snippet("số", filler + "Giám đốc Sở Nội vụ ký. " + filler, 12)
    assert "Giám đốc Sở Nội vụ ký" in out
    assert "<mark>" not in out
