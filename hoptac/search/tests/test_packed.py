"""The documents' bodies are stored compressed (``PackedTextField``) and read back as text."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from hoptac.search import queries
from hoptac.search.models import DEFLATED, Document, pack_text, unpack_text

from .helpers import add

LONG = "Kế hoạch số 12/KH-UBND về chuyển đổi số của thành phố Đà Nẵng năm 2025. " * 20


@pytest.mark.parametrize("text", ["", "ngắn", "x" * 63, LONG, "đ" * 5000, "a\x00b\\x" * 40])
def test_a_text_packs_and_unpacks_to_itself(text):
    packed = pack_text(text)
    assert unpack_text(packed) == text
    assert unpack_text(memoryview(packed)) == text
    assert len(packed) <= len(text.encode())


def test_a_long_text_is_deflated_and_a_short_one_kept_as_it_is():
    assert pack_text(LONG).startswith(DEFLATED)
    assert len(pack_text(LONG)) < len(LONG.encode()) / 5
    assert pack_text("ngắn") == "ngắn".encode()


def _raw(pk: int) -> bytes:
    with connection.cursor() as cur:
        cur.execute("SELECT body, body_en FROM search_document WHERE id = %s", [pk])
        body, body_en = cur.fetchone()
    return bytes(body), bytes(body_en)


@pytest.mark.django_db
def test_a_document_body_is_stored_compressed_and_read_back():
    doc = add("Chuyển đổi số", LONG)
    body, body_en = _raw(doc.pk)
    assert body.startswith(DEFLATED) and len(body) < len(LONG.encode()) / 5
    assert body_en == b""
    again = Document.objects.get(pk=doc.pk)
    assert again.body == LONG and again.body_en == ""
    assert Document.objects.filter(pk=doc.pk).values_list("body", flat=True)[0] == LONG
    Document.objects.filter(pk=doc.pk).update(body_en=LONG)
    assert Document.objects.get(pk=doc.pk).body_en == LONG
    assert _raw(doc.pk)[1].startswith(DEFLATED)


@pytest.mark.django_db
def test_snippets_come_from_the_stored_compressed_body():
    add("Chuyển đổi số", LONG + " Cuối cùng là hạ tầng viễn thông.")
    hits = queries.search("viễn thông", AnonymousUser(), limit=5).hits
    assert len(hits) == 1
    assert "<mark>viễn</mark> <mark>thông</mark>" in str(hits[0].snippet)
