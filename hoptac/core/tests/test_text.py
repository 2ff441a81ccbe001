"""Vietnamese collation (hoptac.core.text), against the dictionary rules it cites."""

from __future__ import annotations

import pytest

from hoptac.core.text import place_tone, split_tone, vi_sort_key, vi_sorted


def test_fields_sort_by_letters_before_tones():
    names = ["Cơ sở dữ liệu", "Cơ chế, chính sách", "Cải cách hành chính"]
    assert vi_sorted(names) == ["Cải cách hành chính", "Cơ chế, chính sách", "Cơ sở dữ liệu"]


def test_d_with_stroke_comes_after_d_and_before_e():
    names = ["Xây dựng", "Đà Nẵng", "Em", "Dương", "Yên Bái", "Điện Biên"]
    assert vi_sorted(names) == ["Dương", "Đà Nẵng", "Điện Biên", "Em", "Xây dựng", "Yên Bái"]


@pytest.mark.parametrize(
    "ordered",
    [
        ["a", "à", "ả", "ã", "á", "ạ", "ă", "ằ", "ắ", "â", "ấ", "b"],  # the source's rule 2
        ["ang", "anh"],  # rule 4.1: the letters decide whatever the tones
        ["ác", "ách"],
        ["cha", "chan"],  # rule 3: a shorter block first
        ["ba", "bà", "bả"],  # rule 4.2
        ["hài", "hại"],
        ["o", "ô", "ơ", "p"],
        ["u", "ư", "v"],
        ["a", "A"],  # lowercase before its uppercase twin
    ],
)
def test_the_dictionary_order(ordered):
    assert vi_sorted(reversed(ordered)) == ordered


def test_composed_and_decomposed_text_sort_alike():
    import unicodedata

    word = "Nguyễn"
    assert vi_sort_key(word) == vi_sort_key(unicodedata.normalize("NFD", word))


def test_a_key_function_picks_the_text():
    rows = [{"label": "Đà Nẵng"}, {"label": "Hà Nội"}, {"label": "Cần Thơ"}]
    assert [r["label"] for r in vi_sorted(rows, key=lambda r: r["label"])] == [
        "Cần Thơ",
        "Đà Nẵng",
        "Hà Nội",
    ]


@pytest.mark.parametrize(
    "raw",
    ["\u200b\u200b", "\u202e\u202d", "\ufeff \u200d", "   ", "\u2066\u2069"],
)
def test_a_name_of_invisible_characters_is_no_name(raw):
    from hoptac.core.text import visible_name

    assert visible_name(raw) == ""


def test_a_name_loses_its_direction_overrides_and_keeps_its_letters():
    from hoptac.core.text import visible_name

    assert visible_name("\u202eQuy hoạch\u200b ") == "Quy hoạch"


def test_fold_drops_every_mark_and_writes_d_for_đ() -> None:
    from hoptac.core.text import fold

    assert fold("Đô thị hoà") == "do thi hoa"
    assert fold("ĐỔI MỚI sáng tạo") == "doi moi sang tao"
    assert fold(None) == ""
    long = "Chương trình hợp tác phát triển đô thị giữa Hà Nội và Đà Nẵng"
    assert fold(long) == "chuong trinh hop tac phat trien do thi giua ha noi va da nang"


def test_fold_key_also_collapses_space_and_compatibility_forms() -> None:
    from hoptac.core.text import fold_key

    assert fold_key("  Tỷ   lệ\tđô thị ") == "ty le do thi"
    assert fold_key("ＡＢＣ") == "abc"  # full-width letters typed in a spreadsheet
    assert fold_key(12) == "12"


def test_an_organisation_is_indexed_with_its_words_apart(db):
    """Its abbreviation, kind and address are separate lines of its search body: 'Sở' is a word
    of its own, not 'nSở' after a literal backslash-n."""
    from hoptac.core.search import organisation_body
    from hoptac.core.tests.factories import OrganisationFactory

    org = OrganisationFactory(abbreviation="STC", address="38B Triệu Việt Vương")
    body = organisation_body(org)
    assert "\\" not in body
    assert body.split("\n")[0] == "STC" and body.split("\n")[-1] == "38B Triệu Việt Vương"


def test_one_placement_of_the_tone_for_the_search_and_the_directory() -> None:
    from hoptac.programmes.drafting.organisations import modern_tones
    from hoptac.search import text

    assert split_tone("Hoá") == ("Hoa", "\u0301")
    assert split_tone("ắ") == ("ă", "\u0301")
    assert split_tone("ă") == ("ă", "")
    for written, placed in [
        ("hoà", "hòa"), ("hòa", "hòa"), ("thuỷ", "thủy"), ("uỷ", "ủy"), ("khoẻ", "khỏe"),
        ("hòan", "hoàn"), ("quý", "quý"), ("ngòai", "ngoài"), ("khủyu", "khuỷu"),
        ("ngừơi", "người"), ("gì", "gì"), ("giữa", "giữa"), ("mùa", "mùa"),
    ]:  # fmt: skip
        assert place_tone(written) == placed
    # the search's words and the directory's spelling of an open "oa", "oe", "uy" are the same
    for written in ["Văn hoá", "Uỷ ban", "THUỶ LỢI", "Khoẻ", "hoà bình", "quý"]:
        assert text.normalise(modern_tones(written)) == text.normalise(written)
        assert modern_tones(written).lower() == " ".join(map(place_tone, written.lower().split()))
