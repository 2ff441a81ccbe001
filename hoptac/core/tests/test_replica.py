"""Read-replica routing: who reads where (hoptac/core/replica.py). The real streaming replica
is exercised by the fault suite (`make test-faults`: reads land on it, a writer reads its own
writes, and reads fall back to the primary when it stops)."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.http import HttpResponse
from django.test import RequestFactory

from hoptac.core import replica
from hoptac.core.models import Locality


@pytest.fixture
def one_replica(monkeypatch):
    monkeypatch.setattr(replica, "replicas", lambda: ["replica"])
    monkeypatch.setattr(replica, "_answering", lambda alias: True)
    monkeypatch.setattr(replica, "_down_until", {})


def request(method="get", path="/dau-tu/", **cookies):
    r = getattr(RequestFactory(), method)(path)
    r.COOKIES.update(cookies)
    return r


def read_db(req) -> tuple[str | None, HttpResponse]:
    seen = {}

    def view(r):
        seen["db"] = replica.ReplicaRouter().db_for_read(Locality)
        return HttpResponse("ok")

    response = replica.ReplicaMiddleware(view)(req)
    return seen["db"], response


@pytest.mark.parametrize(
    ("req", "expected"),
    [
        (lambda: request(), "replica"),  # anonymous portal page
        (lambda: request(path="/ogc/collections/x/items"), "replica"),
        (lambda: request(path="/tim-kiem/"), "replica"),
        (lambda: request(sessionid="s"), None),  # signed in: the primary
        (lambda: request(hoptac_primary="1"), None),  # wrote a moment ago
        (lambda: request("post"), None),
        (lambda: request(path="/healthz"), None),
        (lambda: request(path="/dang-nhap/"), None),
    ],
)
def test_only_anonymous_reads_of_someone_who_has_not_just_written_go_to_the_replica(
    one_replica, req, expected
):
    assert read_db(req())[0] == expected


def test_a_write_keeps_the_writer_on_the_primary_for_a_while(one_replica):
    _db, response = read_db(request("post"))
    cookie = response.cookies[replica.COOKIE]
    assert cookie["max-age"] == replica.READ_YOUR_WRITES
    assert read_db(request(hoptac_primary=cookie.value))[0] is None


def test_writes_and_work_outside_requests_go_to_the_primary(one_replica):
    router = replica.ReplicaRouter()
    assert router.db_for_write(Locality) == "default"
    assert router.db_for_read(Locality) is None  # the worker, the scheduler, commands
    assert router.allow_migrate("replica", "core") is False


def test_a_replica_that_does_not_answer_is_skipped_then_left_alone(monkeypatch):
    class Down:
        calls = 0

        def cursor(self):
            Down.calls += 1
            raise OperationalError("connection refused")

        def close(self):
            pass

    monkeypatch.setattr(replica, "replicas", lambda: ["replica"])
    monkeypatch.setattr(replica, "connections", {"replica": Down()})
    monkeypatch.setattr(replica, "_down_until", {})
    assert read_db(request())[0] is None
    assert read_db(request())[0] is None
    assert Down.calls == 1  # not asked again within RETRY_AFTER


def test_without_replicas_nothing_changes(client, db):
    assert replica.replicas() == []
    response = client.post("/dang-xuat/")
    assert replica.COOKIE not in response.cookies


def test_a_read_whose_replica_dies_meanwhile_is_served_again_from_the_primary(monkeypatch):
    monkeypatch.setattr(replica, "replicas", lambda: ["replica"])
    answers = iter([True, False])  # up when the request begins, gone when it has failed
    monkeypatch.setattr(replica, "_answering", lambda alias: next(answers))
    served_from = []

    def view(r):
        db = replica.ReplicaRouter().db_for_read(Locality)
        served_from.append(db)
        return HttpResponse(status=500 if db == "replica" else 200)

    response = replica.ReplicaMiddleware(view)(request())
    assert response.status_code == 200
    assert served_from == ["replica", None]
