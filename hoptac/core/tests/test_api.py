from __future__ import annotations

import pytest


def test_openapi_document_is_served(client, db):
    doc = client.get("/api/openapi.json").json()
    assert doc["info"]["title"] == "Hoptac API"
    assert "/api/organisations" in doc["paths"]


def test_api_docs_use_local_assets_only(client, db):
    page = client.get("/api/docs").content.decode()
    assert "cdn." not in page and "unpkg" not in page


def test_organisations_are_listed_with_their_locality(client, world):
    data = client.get("/api/organisations?locality=48").json()
    assert data["count"] == 2
    assert {item["locality_code"] for item in data["items"]} == {"48"}


def test_localities_show_successors(client, db):
    from hoptac.core.tests.factories import LocalityFactory

    danang = LocalityFactory(code="48")
    LocalityFactory(code="49", successor=danang)
    rows = {row["code"]: row for row in client.get("/api/localities").json()}
    assert rows["49"]["successor_code"] == "48"


@pytest.mark.parametrize("rows", [3, 30])
def test_api_list_queries_do_not_grow(client, world, django_assert_max_num_queries, rows):
    from hoptac.core.tests.factories import OrganisationFactory

    OrganisationFactory.create_batch(rows)
    with django_assert_max_num_queries(3):
        assert client.get("/api/organisations?limit=100").status_code == 200


def _paginated_lists() -> list[str]:
    """The URL of every GET route of the JSON API that ``@paginate`` wraps."""
    from hoptac.api import api

    urls = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                if "GET" in operation.methods and getattr(
                    operation.view_func, "_ninja_is_paginated", False
                ):
                    urls.append(("/api/" + prefix + path).replace("//", "/").replace("//", "/"))
    return urls


BAD_PAGES = [
    "limit=9223372036854775808",
    "offset=9223372036854775808",
    "limit=-1",
    "offset=-1",
    "limit=0",
    "limit=abc",
    "offset=1.5",
    "limit=101",
    "offset=1000001",
]


def test_every_paginated_list_refuses_out_of_range_limit_and_offset_with_a_422(client, member):
    from hoptac.core.pagination import MAX_LIMIT, MAX_OFFSET

    client.force_login(member("coordinator"))
    lists = _paginated_lists()
    assert len(lists) >= 8, lists
    for path in lists:
        for query in BAD_PAGES:
            response = client.get(f"{path}?{query}")
            assert response.status_code == 422, (path, query, response.status_code)
            name = query.split("=")[0]
            assert name in response.content.decode(), (path, query)
        response = client.get(f"{path}?limit={MAX_LIMIT}&offset={MAX_OFFSET}")
        assert response.status_code == 200, path
        assert response.json()["items"] == []


def test_the_pagination_bounds_are_in_the_openapi_document(client, db):
    from hoptac.core.pagination import MAX_LIMIT, MAX_OFFSET

    doc = client.get("/api/openapi.json").json()
    for path in _paginated_lists():
        params = {p["name"]: p["schema"] for p in doc["paths"][path]["get"]["parameters"]}
        assert params["limit"]["maximum"] == MAX_LIMIT and params["limit"]["minimum"] == 1, path
        assert params["offset"]["maximum"] == MAX_OFFSET and params["offset"]["minimum"] == 0, path


def test_the_document_declares_the_errors_the_api_answers_with_their_body(client, db):
    import jsonschema_rs

    doc = client.get("/api/openapi.json").json()
    error = doc["components"]["schemas"]["Error"]
    practice = "/api/exchange/practices/{practice_id}"
    for url, path, status in [
        ("/api/exchange/practices/abc", practice, 422),
        ("/api/exchange/practices/999999", practice, 404),
        ("/api/tasks", "/api/tasks", 401),
        ("/api/organisations?limit=0", "/api/organisations", 422),
    ]:
        response = client.get(url)
        assert response.status_code == status, url
        assert str(status) in doc["paths"][path]["get"]["responses"], url
        jsonschema_rs.validate(error, response.json())
