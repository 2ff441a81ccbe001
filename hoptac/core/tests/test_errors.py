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


def _django_error_messages() -> dict[str, str]:
    """Every error message Django's form fields, validators, model fields and formsets carry."""
    import inspect

    import django.contrib.auth.forms
    import django.contrib.auth.password_validation
    import django.contrib.gis.forms.fields
    import django.core.validators
    import django.db.models.fields
    import django.db.models.fields.json
    import django.db.models.fields.related
    import django.forms.fields
    import django.forms.formsets
    import django.forms.models
    from django.utils.functional import Promise

    modules = [
        django.contrib.auth.forms,
        django.contrib.auth.password_validation,
        django.contrib.gis.forms.fields,
        django.core.validators,
        django.db.models.fields,
        django.db.models.fields.json,
        django.db.models.fields.related,
        django.forms.fields,
        django.forms.formsets,
        django.forms.models,
    ]
    found = {}
    for module in modules:
        for cls in [v for v in vars(module).values() if inspect.isclass(v)]:
            candidates = [getattr(cls, "message", None)]
            for attribute in ("default_error_messages", "error_messages"):
                table = getattr(cls, attribute, None)
                candidates += list(table.values()) if isinstance(table, dict) else []
            for message in candidates:
                if isinstance(message, Promise):
                    with translation.override("en"):
                        english = str(message)
                    if english:
                        found[english] = f"{cls.__module__}.{cls.__name__}"
    for validator in ("validate_slug", "validate_unicode_slug"):
        with translation.override("en"):
            found[str(getattr(django.core.validators, validator).message)] = validator
    return found


def test_every_error_message_of_django_reads_in_vietnamese():
    """Django's vi catalogue leaves some in English ("“abc” is not a valid value." for a forged
    choice); the project's catalogue words them (hoptac/core/django_overrides.py)."""
    messages = _django_error_messages()
    assert len(messages) > 50  # the lookup still finds Django's messages
    english = []
    for text, where in sorted(messages.items()):
        with translation.override("vi"):
            if translation.gettext(text) == text:
                english.append(f"{where}: {text}")
    assert english == []


def test_a_forged_choice_is_refused_in_vietnamese():
    from hoptac.core.models import Locality

    class F(forms.Form):
        places = forms.ModelMultipleChoiceField(queryset=Locality.objects.none())

    with translation.override("vi"):
        form = F({"places": ["abc"]})
        assert not form.is_valid()
        assert form.errors["places"] == ["“abc” không phải là giá trị hợp lệ."]
