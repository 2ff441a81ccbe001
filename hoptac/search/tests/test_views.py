from __future__ import annotations

import pytest
from django.urls import reverse

from .helpers import add

pytestmark = pytest.mark.django_db

BAD_QUERIES = [
    "",
    "   ",
    '"',
    '"quy hoạch',
    "NEAR(quy hoach, 2)",
    "NEAR(",
    "*",
    "quy*",
    "a AND OR NOT b",
    "title:x OR {tf}:y",
    "^x -y +z",
    "'; DROP TABLE search_document; --",
    "(((",
    "\x00\x01",
    "quy hoạch " * 500,
    "x" * 5000,
]


@pytest.mark.parametrize("q", BAD_QUERIES)
def test_bad_queries_never_fail_the_page_or_the_suggestions(client, q):
    add("Quy hoạch đô thị")
    assert client.get(reverse("search:page"), {"q": q}).status_code == 200
    assert client.get(reverse("search:suggestions"), {"q": q}).status_code == 200


@pytest.mark.parametrize("q", BAD_QUERIES)
def test_bad_queries_get_a_clear_answer_from_the_api(client, q):
    add("Quy hoạch đô thị")
    response = client.get("/api/search", {"q": q})
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert "Truy vấn" in response.json()["detail"]  # Vietnamese unless the client asks


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"kind": "bogus"}, "Không có loại nội dung này"),
        ({"locality": "abc"}, "cần một số"),
        ({"field": "1; DROP"}, "cần một số"),
        ({"date_from": "2024-13-45"}, "không phải là ngày"),
        ({"date_from": "31/02/2024"}, "không phải là ngày"),
        ({"date_from": "2024-05-01", "date_to": "2024-01-01"}, "Ngày bắt đầu sau ngày kết thúc"),
    ],
)
def test_bad_filters_are_explained(client, params, message):
    add("Quy hoạch đô thị")
    response = client.get(reverse("search:page"), {"q": "quy hoach", **params})
    assert response.status_code == 200
    assert message in response.content.decode()
    api = client.get("/api/search", {"q": "quy hoach", **params})
    assert api.status_code == 400


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 500}, {"offset": -1}, {"limit": "x"}])
def test_bad_paging_is_refused_by_the_api(client, params):
    assert client.get("/api/search", {"q": "quy", **params}).status_code in (400, 422)


def test_page_shows_highlighted_results_and_counts(client):
    add("Quy hoạch đô thị", "Kinh nghiệm quy hoạch của Đà Nẵng.")
    html = client.get(reverse("search:page"), {"q": "quy hoach"}).content.decode()
    assert "<mark>Quy</mark> <mark>hoạch</mark> đô thị" in html
    assert "1 kết quả" in html


def test_api_answers_with_the_same_results(client):
    add("Quy hoạch đô thị", "Kinh nghiệm quy hoạch.")
    add("Riêng tư quy hoạch", public=False, readers=[999])
    data = client.get("/api/search", {"q": "quy hoach"}).json()
    assert data["total"] == 1
    assert data["counts"] == [{"kind": "note", "label": "Note", "count": 1}]
    assert data["results"][0]["title"] == "Quy hoạch đô thị"
    assert "<mark>" in data["results"][0]["snippet_html"]


def test_the_api_gives_no_score_that_would_tell_of_hidden_documents(client):
    """The ranking counts every document, hidden ones included: a score moves when a hidden
    document holds the words, so the API gives the order only."""
    add("Ranh giới hành chính", "Ranh giới hai thành phố.")
    before = client.get("/api/search", {"q": "ranh gioi"}).json()["results"]
    for n in range(5):
        add(f"Ranh giới ẩn {n}", public=False, readers=[999])
    after = client.get("/api/search", {"q": "ranh gioi"}).json()["results"]
    assert before == after
    assert "score" not in after[0]


def test_suggestions_are_html_for_htmx(client):
    add("Chuyển đổi số")
    html = client.get(reverse("search:suggestions"), {"q": "chuyen d"}).content.decode()
    assert "<mark>Chuyển</mark> <mark>đổi</mark> số" in html


@pytest.mark.parametrize("size", [3, 30])
def test_page_and_api_queries_do_not_grow_with_results(
    client, member, size, django_assert_max_num_queries
):
    for i in range(size):
        add(f"Quy hoạch {i}", "Nội dung", public=i % 2 == 0, readers=[1])
    client.force_login(member("officer", "own"))
    # (one of them counts the words' documents in titles and the pairs', for their weights)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("search:page"), {"q": "quy hoach"}).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/api/search", {"q": "quy hoach"}).status_code == 200


def test_second_page_of_results(client):
    for i in range(25):
        add(f"Quy hoạch {i}")
    html = client.get(reverse("search:page"), {"q": "quy hoach", "page": "2"}).content.decode()
    assert html.count('class="card search-hit"') == 5
    assert "25 kết quả" in html
    assert client.get(reverse("search:page"), {"q": "quy", "page": "x"}).status_code == 200


@pytest.mark.parametrize("number", ["3", "99999999"])
def test_a_page_past_the_last_shows_the_last_page_not_nothing_matches(client, number):
    # "25 kết quả" above "Nothing matches. Check the spelling…" and no link back was shown
    for i in range(25):
        add(f"Quy hoạch {i}")
    html = client.get(reverse("search:page"), {"q": "quy hoach", "page": number}).content.decode()
    assert html.count('class="card search-hit"') == 5


@pytest.mark.parametrize(
    ("who", "sees"), [("anonymous", False), ("own", True), ("partner", False), ("unrelated", False)]
)
def test_page_api_and_suggestions_keep_private_documents_to_their_readers(
    client, world, member, who, sees
):
    add(
        "Kế hoạch Hạc Trắng về đô thị",
        "Nội dung riêng",
        public=False,
        readers=[world.localities["own"].pk],
    )
    add("Kế hoạch công khai về đô thị")
    if who != "anonymous":
        client.force_login(member("coordinator", who))
    api = client.get("/api/search", {"q": "ke hoach do thi"}).json()
    assert api["total"] == (2 if sees else 1)
    assert any("Hạc Trắng" in r["title"] for r in api["results"]) is sees
    page = client.get(reverse("search:page"), {"q": "ke hoach"}).content.decode()
    assert ("Hạc Trắng" in page) is sees
    hints = client.get(reverse("search:suggestions"), {"q": "ke hoach ha"}).content.decode()
    assert ("Trắng về đô thị" in hints) is sees


def test_dates_are_written_day_first_as_on_every_other_form(client):
    add("Quy hoạch đô thị")
    response = client.get(reverse("search:page"), {"q": "quy hoach", "date_from": "05/01/2024"})
    page = response.content.decode()
    assert 'value="05/01/2024"' in page and 'placeholder="dd/mm/yyyy"' in page
    assert "không phải là ngày" not in page
