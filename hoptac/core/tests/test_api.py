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
