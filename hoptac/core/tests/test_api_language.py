"""The API answers its errors in the caller's language: Vietnamese unless chosen otherwise, and a
program without a session chooses with Accept-Language. What a program reads (status, `loc`,
`type`) is the same in both languages."""

from __future__ import annotations

import pytest

from hoptac.core.api_errors import translated

pytestmark = pytest.mark.django_db


def test_an_unsigned_request_is_told_in_vietnamese_by_default(client):
    response = client.get("/api/tasks/1")

    assert response.status_code == 401
    assert response.json()["detail"].startswith("Chưa đăng nhập")
    assert response["Content-Language"] == "vi"


def test_a_program_asking_for_english_gets_english(client):
    response = client.get("/api/tasks/1", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")

    assert response.json()["detail"].startswith("Not signed in")
    assert "Accept-Language" in response["Vary"]


def test_accept_language_is_read_by_its_q_values(client):
    response = client.get("/api/search?q=", HTTP_ACCEPT_LANGUAGE="fr;q=1, en;q=0.5, vi;q=0.8")

    assert response.status_code == 400
    assert response.json()["detail"].startswith("Truy vấn không có từ")


def test_an_unsupported_language_falls_back_to_vietnamese(client):
    response = client.get("/api/search?q=", HTTP_ACCEPT_LANGUAGE="fr, de;q=0.5, xx;q=abc")

    assert response.json()["detail"].startswith("Truy vấn không có từ")


def test_a_browser_session_keeps_the_sites_language_rule(client):
    """A browser says English in Accept-Language by default: with a session, the language switch
    (or Vietnamese) decides, as on the pages."""
    client.cookies["sessionid"] = "x"
    response = client.get("/api/search?q=", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response.json()["detail"].startswith("Truy vấn không có từ")


def test_the_language_cookie_decides_over_accept_language(client):
    client.cookies["django_language"] = "en"
    response = client.get("/api/search?q=", HTTP_ACCEPT_LANGUAGE="vi")

    assert response.json()["detail"].startswith("The query has no words")


@pytest.mark.parametrize(
    ("lang", "expected"), [("vi", "Cần một số nguyên."), ("en", "A whole number is expected.")]
)
def test_a_schema_error_keeps_loc_and_type_and_translates_msg(client, lang, expected):
    response = client.get("/api/search?q=ha+noi&limit=abc", HTTP_ACCEPT_LANGUAGE=lang)

    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["query", "limit"]
    assert error["type"] == "int_parsing"
    assert error["msg"] == expected


def test_a_message_with_context_names_the_bound():
    from django.utils import translation

    with translation.override("vi"):
        error = translated(
            {"type": "string_too_long", "loc": ["body", "x"], "msg": "…", "ctx": {"max_length": 10}}
        )

    assert error["msg"] == "Tối đa 10 ký tự."
    assert error["loc"] == ["body", "x"]


def test_an_unknown_error_type_keeps_pydantics_message():
    error = {"type": "value_error", "loc": ["body"], "msg": "Value error, own text"}

    assert translated(error) == error
