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


@pytest.mark.parametrize("show", [marked, snippet])
def test_a_word_typed_with_accents_marks_its_own_form_only_one_without_every_form(show):
    value = "Sở Nội vụ và số hóa, SỐ liệu, sổ sách"
    assert show("số", value) == "Sở Nội vụ và <mark>số</mark> hóa, <mark>SỐ</mark> liệu, sổ sách"
    # the other tone placement and the other case are the same form
    value = "Hòa nhập, HOÀ giải, hoa, hỏa tốc"
    expected = "<mark>Hòa</mark> nhập, <mark>HOÀ</mark> giải, hoa, hỏa tốc"
    assert show("hoà", value) == show("HÒA", value) == expected
    # without accents: every form; typed both ways, every form
    value = "Sở Nội vụ và số hóa, sổ sách"
    assert (
        show("so", value) == "<mark>Sở</mark> Nội vụ và <mark>số</mark> hóa, <mark>sổ</mark> sách"
    )
    assert show("số so", value) == show("so", value)
    # what an abbreviation stands for (not typed): every form
    assert show("ubnd", "Ủy ban nhân dân, uy ban") == (
        "<mark>Ủy</mark> <mark>ban</mark> <mark>nhân</mark> <mark>dân</mark>, "
        "<mark>uy</mark> <mark>ban</mark>"
    )
    # a set of folded words (no query): every form
    assert str(highlight.mark("Sở, số", {"so"})) == "<mark>Sở</mark>, <mark>số</mark>"


@pytest.mark.parametrize("show", [marked, snippet])
def test_a_phrase_marks_its_words_where_they_stand_together(show):
    value = "Số hóa hồ sơ; số liệu và hóa đơn; chuyển đổi số. Hoá đơn số hoá"
    # (side by side as the index reads it: punctuation between them aside)
    assert show('"số hóa"', value) == (
        "<mark>Số</mark> <mark>hóa</mark> hồ sơ; số liệu và hóa đơn; chuyển đổi <mark>số</mark>. "
        "<mark>Hoá</mark> đơn <mark>số</mark> <mark>hoá</mark>"
    )
    assert show('"đổi số hoá"', value) == (
        "Số hóa hồ sơ; số liệu và hóa đơn; chuyển <mark>đổi</mark> <mark>số</mark>. "
        "<mark>Hoá</mark> đơn số hoá"
    )
    # as typed: a phrase typed without accents marks every form of it
    assert show('"so hoa"', "sở hoá, số hóa, số") == (
        "<mark>sở</mark> <mark>hoá</mark>, <mark>số</mark> <mark>hóa</mark>, số"
    )
    # its words alone too when the query also asks for them alone
    assert show('"số hóa" liệu số', value) == (
        "<mark>Số</mark> <mark>hóa</mark> hồ sơ; <mark>số</mark> <mark>liệu</mark> và hóa đơn; "
        "chuyển đổi <mark>số</mark>. <mark>Hoá</mark> đơn <mark>số</mark> <mark>hoá</mark>"
    )


@pytest.mark.parametrize("show", [marked, snippet])
def test_a_function_word_marks_only_beside_the_word_typed_next_to_it(show):
    # "của" scores only through its pairs ("hoạch của", "của thành"): marked only there; the
    # content words each wherever they stand
    value = "Kế hoạch của thành phố và của tỉnh; thành phố của"
    assert show("kế hoạch của thành phố", value) == (
        "<mark>Kế</mark> <mark>hoạch</mark> <mark>của</mark> <mark>thành</mark> <mark>phố</mark>"
        " và của tỉnh; <mark>thành</mark> <mark>phố</mark> của"
    )
    # a query of function words only asks for each of them
    assert show("của", value).count("<mark>") == 3


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
