"""Errors told to a person: no server path, no library English, no parser token names."""

from __future__ import annotations

import json

import pytest
from django import forms
from django.utils import translation

from hoptac.core.errors import explain, without_paths


def test_a_json_error_is_told_in_vietnamese_with_its_place():
    try:
        json.loads("")
    except json.JSONDecodeError as exc:
        with translation.override("vi"):
            text = explain(exc)
    assert text == "văn bản không phải JSON hợp lệ (dòng 1, cột 1)"
    assert "Expecting" not in text


def test_a_server_path_never_reaches_the_page():
    from django.contrib.gis.gdal import GDALException

    exc = GDALException('Could not open the datasource at "/srv/hoptac/var/media/imports/x.shp"')
    with translation.override("vi"):
        text = explain(exc)
    assert "/srv" not in text and "var/media" not in text
    assert text == "tệp không thuộc định dạng đọc được, hoặc đã bị hỏng"
    assert without_paths('at "/srv/hoptac/var/media/x.shp"') == 'at "x.shp"'


def test_our_own_vietnamese_message_is_kept_without_its_paths():
    exc = ValueError("Tệp /srv/hoptac/var/media/x.zip có quá nhiều lớp")
    assert explain(exc) == "Tệp x.zip có quá nhiều lớp"


def test_unknown_library_english_is_summed_up():
    with translation.override("vi"):
        assert explain(RuntimeError("std::bad_alloc in OGR")) == (
            "trình đọc dừng lại vì một lỗi trong tệp"
        )


def test_a_nul_character_is_refused_in_vietnamese():
    class F(forms.Form):
        name = forms.CharField()

    with translation.override("vi"):
        form = F({"name": "a\x00b"})
        assert not form.is_valid()
        assert form.errors["name"] == ["Không được chứa ký tự rỗng (NUL)."]


def test_a_filter_error_names_what_it_wanted_in_words():
    """It said "Cần prop ở vị trí 5": the parser's name for a token."""
    from hoptac.geodata.cql2 import FilterError, parse

    with translation.override("vi"), pytest.raises(FilterError) as caught:
        parse("1 = 2")
    assert "prop" not in str(caught.value)
    assert "tên thuộc tính" in str(caught.value)
