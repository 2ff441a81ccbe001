from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import (
    ActivityFactory,
    AddresseeFactory,
    ExperienceRequestFactory,
    PolicyFactory,
    PracticeFactory,
)

pytestmark = pytest.mark.django_db

LISTS = [
    ("/api/exchange/practices", PracticeFactory),
    ("/api/exchange/policies", PolicyFactory),
    ("/api/exchange/activities", ActivityFactory),
]


@pytest.mark.parametrize(("url", "factory"), LISTS)
def test_api_lists_cost_the_same_queries_at_two_sizes(
    client, world, member, django_assert_max_num_queries, url, factory
):
    client.force_login(member("officer"))
    for _ in range(2):
        factory(organisation=world.department["partner"])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for _ in range(12):
        factory(organisation=world.department["own"])
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.json()["count"] == 14


def test_api_request_list_costs_the_same_queries_at_two_sizes(
    client, world, member, django_assert_max_num_queries
):
    client.force_login(member("officer"))

    def make(n):
        for _ in range(n):
            r = ExperienceRequestFactory(organisation=world.department["own"])
            AddresseeFactory(request=r, locality=world.localities["partner"])

    make(2)
    client.get("/api/exchange/requests")
    with CaptureQueriesContext(connection) as small:
        client.get("/api/exchange/requests")
    make(10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        data = client.get("/api/exchange/requests").json()
    assert data["count"] == 12
    assert data["items"][0]["addressees"][0]["locality_code"] == world.localities["partner"].code


def test_anonymous_callers_get_only_public_published_items(client, world):
    public = PracticeFactory(organisation=world.department["own"], visibility="public")
    PracticeFactory(organisation=world.department["own"], visibility="partners")
    PracticeFactory(organisation=world.department["own"], visibility="public", status="draft")
    data = client.get("/api/exchange/practices").json()
    assert [item["id"] for item in data["items"]] == [public.pk]
    assert client.get("/api/exchange/requests").json()["count"] == 0


def test_partner_sees_shared_items_but_not_drafts(client, world, member):
    shared = PolicyFactory(organisation=world.department["own"])
    draft = PolicyFactory(organisation=world.department["own"], status="draft")
    client.force_login(member("officer", "partner"))
    ids = [i["id"] for i in client.get("/api/exchange/policies").json()["items"]]
    assert ids == [shared.pk]
    assert client.get(f"/api/exchange/policies/{draft.pk}").status_code == 404
    assert client.get(f"/api/exchange/policies/{shared.pk}").json()["number"] == shared.number


def test_filters_by_locality_and_field(client, world):
    from hoptac.core.tests.factories import CooperationFieldFactory

    field = CooperationFieldFactory(code="dich-vu-cong")
    a = PracticeFactory(organisation=world.department["own"], visibility="public")
    a.fields.add(field)
    PracticeFactory(organisation=world.department["partner"], visibility="public")
    code = world.localities["own"].code
    data = client.get(f"/api/exchange/practices?locality={code}&field=dich-vu-cong").json()
    assert [i["id"] for i in data["items"]] == [a.pk]
    assert data["items"][0]["fields"] == ["dich-vu-cong"]


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/exchange/practices?limit=abc", 422),
        ("/api/exchange/practices?offset=-1", 422),
        ("/api/exchange/practices?locality=" + "1" * 50, 422),
        ("/api/exchange/policies?legal_status=bogus", 422),
        ("/api/exchange/activities?starts_after=2026-02-31", 422),
        ("/api/exchange/practices/abc", 422),
        ("/api/exchange/practices/999999", 404),
        ("/api/exchange/activities/999999", 404),
        ("/api/exchange/practices?locality=%3Cscript%3E", 422),
        ("/api/exchange/practices?locality=%3Cb%3E", 422),
        ("/api/exchange/practices?field=a%00b", 422),
        ("/api/exchange/practices?locality=48", 200),
    ],
)
def test_bad_api_input_gets_a_clear_client_error(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")


def test_activities_filter_by_dates(client, world):
    import datetime as dt

    from django.utils import timezone

    soon = ActivityFactory(organisation=world.department["own"], visibility="public")
    ActivityFactory(
        organisation=world.department["own"],
        visibility="public",
        starts_at=timezone.now() + dt.timedelta(days=100),
        ends_at=timezone.now() + dt.timedelta(days=101),
    )
    before = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    data = client.get(f"/api/exchange/activities?starts_before={before}").json()
    assert [i["id"] for i in data["items"]] == [soon.pk]


def test_the_openapi_document_lists_the_exchange(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/exchange/practices" in paths and "/api/exchange/requests" in paths
