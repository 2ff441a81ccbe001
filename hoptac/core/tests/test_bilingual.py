"""The one rule for Vietnamese/English pairs of fields (hoptac.core.bilingual)."""

from __future__ import annotations

from types import SimpleNamespace

from django.utils import translation

from hoptac.core.bilingual import is_english, pick


def test_english_page_shows_the_english_text_when_given():
    obj = SimpleNamespace(title_vi="Hợp tác", title_en="Cooperation")
    with translation.override("en"):
        assert pick(obj, "title") == "Cooperation"
    with translation.override("vi"):
        assert pick(obj, "title") == "Hợp tác"


def test_english_page_falls_back_to_the_vietnamese_when_no_english():
    obj = SimpleNamespace(title_vi="Hợp tác", title_en="")
    with translation.override("en"):
        assert pick(obj, "title") == "Hợp tác"


def test_an_explicit_language_wins_over_the_active_one():
    obj = SimpleNamespace(name_vi="Hà Nội", name_en="Hanoi")
    with translation.override("vi"):
        assert pick(obj, "name", "en") == "Hanoi"
        assert is_english("en-gb")


def test_a_vietnamese_field_without_suffix():
    obj = SimpleNamespace(name="Phiên sáng", name_en=None)
    with translation.override("en"):
        assert pick(obj, "name", vietnamese="name") == "Phiên sáng"
