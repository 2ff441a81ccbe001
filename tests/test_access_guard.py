"""The cross-city access guard, generated from the URLconf and the registry of visible kinds.

Hanoi (`own`) holds one private object of every kind that a URL can name — all with the same
primary key, so that every route taking an integer id names one of them whatever model it looks
up — and their titles carry one marker. Every route taking an id or key is then requested with
those keys, by GET and by POST, as an officer and a coordinator of Da Nang (the partner city,
the strongest case: partners see what Hanoi publishes to them) and anonymously. Each answer must
refuse (403, 404, 405 to a POST, or for the anonymous a redirect to sign in), nothing may be
written, and the marker may appear in no answer; the pages without parameters are read too and
must not print it either.

A new route is covered as soon as it exists. A route that may answer with something (a public
directory, a capability URL) needs a decision: it is listed below with its reason, and a route
for which no URL can be built fails until someone adds values or a decision.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import resolve, reverse
from django.urls.exceptions import Resolver404

from hoptac.core import linkable

from .access_cases import (
    MAGIC,
    MARK,
    PARAM,
    Writes,
    decision_key,
    params_routes,
    private_objects,
    query_naming_every_kind,
    routes,
    string_keys_of,
    urls_of,
)

# Routes whose answer is not a refusal, each with the reason; they are still requested, and
# must still write nothing and print no private title.
ANSWERS_BY_DESIGN = {
    "core:organisation_detail": "the directory of organisations is public",
    "investment:event_detail": "B2B events are public (no private state)",
    "investment:event_detail_en": "B2B events are public (no private state)",
    "password_reset_confirm": "answers every visitor with 'this link is no longer valid'",
}

# Routes not requested at all, each with the reason.
NOT_REQUESTED = {
    "admin:?catch_all": "the admin's catch-all redirects every unknown address",
}


def _refused(response, user, name: str) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    if name.startswith("api:") and response.status_code in (400, 422):
        # The API checks the body against its schema before it looks anything up, so an empty
        # form gets a JSON error that names no object; the same routes with valid bodies are
        # refused per role in hoptac/programmes/tests/test_api_write.py.
        return response.get("Content-Type", "").startswith("application/json")
    if response.status_code == 405:  # a POST-only route read, or a read-only route posted to
        return True
    if response.status_code in (301, 302):
        location = response.get("Location", "")
        to_login = "dang-nhap" in location or "login" in location
        return to_login and (not user.is_authenticated or name.startswith("admin:"))
    return False


@pytest.fixture
def private(world, member):
    """Hanoi's private object of every kind, all with the primary key MAGIC."""
    return private_objects(world, member)


@pytest.fixture
def readers(member):
    return {
        "anonymous": None,
        "officer of Da Nang": member("officer", "partner"),
        "coordinator of Da Nang": member("coordinator", "partner"),
    }


def test_every_route_with_parameters_has_urls_or_a_decision():
    keys = ["k"]
    missing = [
        f"{name} {route}"
        for name, route, _cb in params_routes()
        if decision_key(name, route) not in NOT_REQUESTED
        and not [u for u in urls_of(route, keys) if _resolves(u)]
    ]
    assert not missing, "no URL could be built; add parameter values or a decision:\n" + "\n".join(
        missing
    )


def _resolves(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def test_the_decisions_name_routes_that_exist():
    names = {decision_key(n, r) for n, r, _cb in routes()}
    assert set(ANSWERS_BY_DESIGN) <= names
    assert set(NOT_REQUESTED) <= names


# Kinds that have no private object by design, each with the reason (its visibility query returns
# every row; a test of the kind's own app says so).
PUBLIC_KINDS = {
    "indicators.IndicatorGoal": "a city's targets are public statements (indicators.goals)",
}


def test_every_registered_kind_has_a_private_object_in_the_guard(private):
    covered = {type(o)._meta.label for o in private.values()} | set(PUBLIC_KINDS)
    assert {k.model._meta.label for k in linkable.kinds()} <= covered


def test_the_kinds_public_by_design_show_every_row_to_anyone(db):
    for label in PUBLIC_KINDS:
        kind = next(k for k in linkable.kinds() if k.model._meta.label == label)
        assert not kind.visible_to(AnonymousUser()).query.where, label  # no condition at all


@pytest.mark.parametrize("who", ["anonymous", "officer of Da Nang", "coordinator of Da Nang"])
def test_no_route_gives_another_city_s_private_object_away(client, private, readers, who):
    user = readers[who]
    if user is not None:
        client.force_login(user)
    string_keys = string_keys_of(private)
    failures = []
    requested = 0
    writes = Writes(private)
    for name, route, _cb in params_routes():
        decision = decision_key(name, route)
        if decision in NOT_REQUESTED:
            continue
        for url in urls_of(route, string_keys):
            if not _resolves(url):
                continue
            for method in ("GET", "POST"):
                response = client.get(url) if method == "GET" else client.post(url, {})
                requested += 1
                written = writes.since()
                body = b"" if response.streaming else response.content
                problems = []
                if MARK.encode() in body:
                    problems.append("prints a private title")
                if written:
                    problems.append(f"writes ({written})")
                if decision not in ANSWERS_BY_DESIGN and not _refused(
                    response, user or AnonymousUser(), name
                ):
                    problems.append(f"answers {response.status_code}")
                if problems:
                    failures.append(f"{method} {url} [{name}]: {'; '.join(problems)}")
    assert requested > 100
    assert not failures, f"{who}:\n" + "\n".join(failures)


def test_no_page_without_parameters_prints_another_city_s_private_object(client, private, readers):
    """Lists, dashboards, feeds and the API lists, plain and with a filter naming every private
    object by its key (a filter must not select what its reader may not see)."""
    query = query_naming_every_kind(private)
    for who, user in readers.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        failures = []
        writes = Writes(private, rows=False)
        for name, route, _cb in routes():
            if PARAM.search(route) or name.startswith("admin:"):
                continue
            url = "/" + route.replace("^", "").replace("$", "")
            if not _resolves(url):
                continue
            for full in (url, f"{url}?{query}"):
                response = client.get(full)
                body = b"" if response.streaming else response.content
                if MARK.encode() in body:
                    failures.append(f"GET {full} [{name}]: prints a private title")
                if response.status_code >= 500:
                    failures.append(f"GET {full} [{name}]: answers {response.status_code}")
                if writes.since():
                    failures.append(f"GET {full} [{name}]: writes")
        assert not failures, f"{who}:\n" + "\n".join(failures)


@pytest.mark.parametrize("who", ["officer of Da Nang", "coordinator of Da Nang"])
def test_no_commitment_links_to_another_city_s_private_object(client, private, readers, who, world):
    """The route that takes its ids in the body: Da Nang's own commitment, Hanoi's objects."""
    from hoptac.programmes.tests.factories import AgreementFactory, CommitmentFactory

    danang = world.localities["partner"]
    own_commitment = CommitmentFactory(
        agreement=AgreementFactory(issuer=world.office["partner"], parties=[danang])
    )
    client.force_login(readers[who])
    failures = []
    writes = Writes(private)
    for kind in linkable.kinds():
        response = client.post(
            reverse("programmes:link_commitment"),
            {"target": kind.key, "object_id": MAGIC, "commitment": own_commitment.pk},
        )
        if response.status_code not in (400, 403, 404) or writes.since():
            failures.append(f"{kind.key}: {response.status_code}")
    assert not failures, failures


def test_the_guard_sees_the_marker_when_the_owner_reads(client, private, member):
    """The guard is not blind: Hanoi's own officer does see the private titles."""
    client.force_login(member("officer", "own"))
    page = client.get(linkable.kind("exchange.practice").url(private["practice"]))
    assert page.status_code == 200
    assert MARK.encode() in page.content


def test_the_guard_sees_a_write(client, private, member):
    """The write check is not blind either: the owner's edit of a private object is reported,
    by its key, and a request that writes nothing is not."""
    client.force_login(member("officer", "own"))
    writes = Writes(private)
    client.get(linkable.kind("exchange.practice").url(private["practice"]))
    assert writes.since() == ""
    type(private["practice"]).objects.filter(pk=private["practice"].pk).update(
        title_vi=f"{MARK} đã sửa"
    )
    assert "practice" in writes.since()
    assert writes.since() == ""
