from __future__ import annotations

import pytest

from hoptac.investment.models import Enterprise, MatchFeedback

from .factories import EnterpriseFactory, ProjectFactory


def test_public_lists_show_only_public_things(client, portal_world):
    ProjectFactory(locality=portal_world.localities["own"], status="draft", code="SECRET-1")
    body = client.get("/api/investment/projects").json()
    codes = {p["code"] for p in body["items"]}
    assert portal_world.project["own"].code in codes
    assert "SECRET-1" not in codes
    assert client.get("/api/investment/parks").json()["count"] == 3
    pending = EnterpriseFactory(locality=portal_world.localities["own"], verification="pending")
    taxes = {e["tax_code"] for e in client.get("/api/investment/enterprises").json()["items"]}
    assert pending.tax_code not in taxes


@pytest.mark.parametrize("size", [3, 15])
def test_api_lists_do_not_grow_in_queries(
    client, portal_world, size, django_assert_max_num_queries
):
    for _ in range(size):
        ProjectFactory(
            locality=portal_world.localities["partner"], park=portal_world.park["partner"]
        )
        EnterpriseFactory(locality=portal_world.localities["partner"])
    for url in ("/api/investment/projects", "/api/investment/enterprises", "/api/investment/parks"):
        with django_assert_max_num_queries(4):
            assert client.get(url).status_code == 200


def test_matches_need_an_officer(client, portal_world, member):
    url = f"/api/investment/matches/project/{portal_world.project['own'].code}"
    assert client.get(url).status_code == 401
    client.force_login(member("officer", "own"))
    body = client.get(url).json()
    assert body and {"label", "points", "detail"} <= set(body[0]["reasons"][0])


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({"tax_code": "0100233480"}, 422, "tax_code"),
        ({"tax_code": "0100233488", "vsic_code": "6210"}, 422, "vsic_code"),
        ({"tax_code": "0100233488", "charter_capital_vnd": -1}, 422, "charter_capital_vnd"),
        ({"tax_code": "0100233488", "locality_code": "zz"}, 422, "locality_code"),
    ],
)
def test_api_refuses_bad_enterprises(client, portal_world, member, payload, status, field):
    client.force_login(member("officer", "own"))
    body = {
        "name_vi": "Công ty API",
        "locality_code": portal_world.localities["own"].code,
        "vsic_code": "6201",
        **payload,
    }
    response = client.post("/api/investment/enterprises", body, content_type="application/json")
    assert response.status_code == status
    assert field in response.json()["errors"]
    assert not Enterprise.objects.filter(name_vi="Công ty API").exists()


def test_api_refuses_another_city_s_enterprise(client, portal_world, member):
    client.force_login(member("officer", "partner"))
    body = {
        "tax_code": "0100233488",
        "name_vi": "X",
        "locality_code": portal_world.localities["own"].code,
        "vsic_code": "6201",
    }
    assert (
        client.post(
            "/api/investment/enterprises", body, content_type="application/json"
        ).status_code
        == 403
    )


def test_api_creates_a_valid_enterprise(client, portal_world, member):
    client.force_login(member("officer", "own"))
    body = {
        "tax_code": "0100233488",
        "name_vi": "Công ty API",
        "locality_code": portal_world.localities["own"].code,
        "vsic_code": "6201",
    }
    response = client.post("/api/investment/enterprises", body, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["tax_code"] == "0100233488"
    assert MatchFeedback.objects.count() == 0


@pytest.mark.parametrize(
    ("scope", "where", "status"),
    [("write", "own", 201), ("read", "own", 401), ("write", "partner", 403)],
)
def test_a_write_token_of_the_city_adds_an_enterprise(
    client, portal_world, member, scope, where, status
):
    """Found by a tester: the API took a session only, and a system calling it with a token
    was told its CSRF token was missing. A write token of the enterprise's city adds it; a read
    token, or a token limited to another city, does not."""
    from hoptac.core.models import ApiToken

    user = member("officer", "own")
    _token, key = ApiToken.issue(user, "hệ thống", scope, [portal_world.localities[where]])
    body = {
        "tax_code": "0100233488",
        "name_vi": "Công ty API",
        "locality_code": portal_world.localities["own"].code,
        "vsic_code": "6201",
    }
    response = client.post(
        "/api/investment/enterprises",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == status
    assert Enterprise.objects.filter(name_vi="Công ty API").exists() == (status == 201)
