"""The 766 index's data files name their sources by short keys ("portal_spec", "namdinh"): the
maintainers' shorthand. People read labels instead, on every page, in the API and the export."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.urls import reverse

from hoptac.indicators import index766

from .test_index766 import figures  # noqa: F401  (the fixture)

KEYS = sorted(
    {
        key
        for name in index766.VERSIONS.values()
        for key in json.loads((index766.DATA / name).read_text("utf-8"))["sources"]
    }
)
ADDRESS = re.compile(r"https?://[^\s\"'<>]+")


def _shown(text: str) -> str:
    """What a reader sees of ``text``: addresses (whose host may be a key, namdinh.gov.vn) and
    markup attributes set aside."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return ADDRESS.sub(" ", text)


def _keys_in(text: str) -> list[str]:
    shown = _shown(text)
    return [key for key in KEYS if re.search(rf"\b{re.escape(key)}\b", shown)]


def test_every_source_of_every_version_has_a_label_in_both_languages():
    for key in index766.VERSIONS:
        spec = index766.version(key)
        assert {s.key for s in spec.source_list} == set(spec.sources)
        for source in spec.source_list:
            assert source.label_vi and source.label_en, (key, source.key)
            assert not _keys_in(source.label_vi + " " + source.label_en), source


def test_a_data_file_with_an_unlabelled_source_is_refused():
    raw = {"sources": {"portal_spec": "https://example.org"}, "source_labels": {}}
    with pytest.raises(ValueError, match="portal_spec"):
        index766._sayer(raw, "vi")


def test_the_label_replaces_the_key_but_not_an_address():
    raw = {
        "sources": {"namdinh": "https://sonoivu.namdinh.gov.vn/x"},
        "source_labels": {"namdinh": {"vi": "trang Sở Nội vụ Nam Định", "en": "Nam Định DoHA"}},
    }
    say = index766._sayer(raw, "en")
    assert say("read (namdinh); see https://sonoivu.namdinh.gov.vn/x") == (
        "read (Nam Định DoHA); see https://sonoivu.namdinh.gov.vn/x"
    )


@pytest.mark.parametrize("version", list(index766.VERSIONS))
def test_no_text_of_a_version_names_a_source_by_its_key(version):
    spec = index766.version(version)
    texts = [spec.read("vi"), spec.read("en"), spec.notice_in("vi"), spec.notice_in("en")]
    for lang in ("vi", "en"):
        for choice in spec.choices_in(lang):
            texts += choice.values()
    for c in spec.components:
        texts += [c.formula_vi or "", c.formula_en, c.part, c.not_computed_because]
        texts += [c.not_computed_because_vi]
    found = {key for text in texts for key in _keys_in(text)}
    assert not found


@pytest.mark.parametrize("version", list(index766.VERSIONS))
@pytest.mark.parametrize("suffix", ["", "_en"])
def test_no_index_page_shows_a_source_key(client, figures, version, suffix):  # noqa: F811
    own, partner = figures
    params = {"a": own.code, "b": partner.code, "version": version}
    page = client.get(reverse(f"indicators:index766{suffix}"), params)
    assert page.status_code == 200
    text = page.content.decode()
    assert not _keys_in(text)
    # the sources are still listed, by their labels
    spec = index766.version(version)
    label = "label_en" if suffix else "label_vi"
    for source in spec.source_list:
        assert getattr(source, label).replace("'", "&#x27;") in text, source.key
    for component in spec.components:
        detail = client.get(
            reverse(f"indicators:index766_detail{suffix}"),
            {"city": own.code, "component": component.key, "version": version},
        )
        if detail.status_code == 200:
            assert not _keys_in(detail.content.decode()), component.key


def test_neither_the_api_nor_the_export_shows_a_source_key(client, figures):  # noqa: F811
    from openpyxl import load_workbook

    own, partner = figures
    for version in index766.VERSIONS:
        params = {"a": own.code, "b": partner.code, "version": version}
        api = client.get("/api/indicators/index766", params)
        assert api.status_code == 200
        assert not _keys_in(api.content.decode("utf-8"))
        export = client.get(reverse("indicators:index766"), {**params, "format": "xlsx"})
        assert export.status_code == 200
        book = load_workbook(io.BytesIO(export.content), read_only=True)
        cells = " ".join(
            str(v)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for v in row
            if v is not None
        )
        assert not _keys_in(cells)
