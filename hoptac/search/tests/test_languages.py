"""A result speaks the reader's language: the Vietnamese text on a Vietnamese page, the English on
an English one, the other language only when one is empty, and then marked with lang=."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from hoptac.search import index, queries
from hoptac.search.models import Document

pytestmark = pytest.mark.django_db


def _add(title: str, body: str, title_en: str = "", body_en: str = "") -> Document:
    doc = Document(
        model="test.note", object_id=title[:20], kind="note", title=title, body=body,
        title_en=title_en, body_en=body_en, url="/n/", public=True,
    )  # fmt: skip
    indexed = index.document_text(title, body, title_en, body_en)
    doc.length = indexed.length
    index.write([index.Prepared(doc, [], [], [], indexed)], replace=False)
    return doc


def _hit(q: str, language: str) -> queries.Hit:
    with translation.override(language):
        return queries.search(q, AnonymousUser()).hits[0]


def test_each_page_shows_its_own_language():
    _add(
        "Chuyển đổi số cảng biển", "Kinh nghiệm số hoá thủ tục cảng.",
        "Digital transformation of seaports", "Experience in digitising port procedures.",
    )  # fmt: skip
    vi = _hit("cảng biển", "vi")
    assert "Chuyển đổi số" in vi.title and "thủ tục" in vi.snippet
    assert "Digital" not in vi.title + vi.snippet
    assert (vi.title_lang, vi.snippet_lang) == ("", "")
    # An English word finds it too; the English page shows the English text
    en = _hit("seaports", "en")
    assert "<mark>seaports</mark>" in en.title and "port procedures" in en.snippet
    assert "Chuyển" not in en.title + en.snippet
    assert (en.title_lang, en.snippet_lang) == ("", "")


def test_the_other_language_only_when_one_is_empty_and_marked():
    _add("Nhiệm vụ nội bộ về đê điều", "Gia cố đê sông Hồng.")
    en = _hit("de dieu", "en")
    assert "Nhiệm vụ nội bộ" in en.title and "sông Hồng" in en.snippet
    assert (en.title_lang, en.snippet_lang) == ("vi", "vi")
    _add("Hợp tác logistics", "", "Logistics cooperation", "Cold chains between the two ports.")
    vi = _hit("cold chains", "vi")
    assert "Hợp tác" in vi.title and vi.title_lang == ""
    assert "between the two ports" in vi.snippet and vi.snippet_lang == "en"


def test_the_page_and_the_api_declare_the_language_they_fall_back_to(client):
    _add("Nhiệm vụ nội bộ về đê điều", "Gia cố đê sông Hồng.")
    client.cookies["django_language"] = "en"
    html = client.get("/tim-kiem/", {"q": "de dieu"}).content.decode()
    data = client.get("/api/search", {"q": "de dieu"}).json()
    assert 'lang="vi"' in html
    assert data["results"][0]["title_lang"] == "vi"
    assert data["results"][0]["snippet_lang"] == "vi"
