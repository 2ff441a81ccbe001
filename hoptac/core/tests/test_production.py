"""Production behaviour that needs no server: Redis away, the client behind the proxy."""

from __future__ import annotations

import time

import pytest
from django.core.cache.backends.redis import RedisCache
from django.test import RequestFactory

from hoptac.core import cache as tolerant
from hoptac.core.http import client_address
from scripts.pgcluster import free_port


@pytest.fixture
def redis_away(monkeypatch):
    monkeypatch.setattr(tolerant.TolerantRedisCache, "_down_until", 0.0)
    port = free_port()  # nothing listens there
    return tolerant.TolerantRedisCache(
        f"redis://127.0.0.1:{port}/0",
        {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}},
    )


def test_redis_away_is_a_cache_miss_not_an_error(redis_away):
    assert redis_away.get("k", "default") == "default"
    assert redis_away.set("k", 1) is False
    assert redis_away.add("k", 1) is False
    assert redis_away.get_many(["a", "b"]) == {}
    with pytest.raises(ValueError):  # as for a missing key: throttling already handles it
        redis_away.incr("k")


def test_redis_away_is_not_asked_again_for_a_while(redis_away, monkeypatch):
    redis_away.get("k")
    calls = []
    monkeypatch.setattr(RedisCache, "get", lambda *a, **k: calls.append(a))
    started = time.monotonic()
    assert redis_away.get("k", 7) == 7
    assert calls == [] and time.monotonic() - started < 0.1


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "127.0.0.1"),  # no proxy: the header is the client's own words
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # the client's own entry is ignored
        (2, "203.0.113.9", "127.0.0.1"),  # fewer hops than proxies: not trusted
    ],
)
def test_the_client_address_honours_the_proxies_in_front(settings, proxies, forwarded, expected):
    settings.PROXY_COUNT = proxies
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="127.0.0.1")
    assert client_address(request) == expected


def test_sign_in_throttling_sees_the_client_behind_the_proxy(settings):
    from axes.helpers import get_client_ip_address

    settings.PROXY_COUNT = 1
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="203.0.113.9", REMOTE_ADDR="127.0.0.1")
    assert get_client_ip_address(request) == "203.0.113.9"


def test_the_server_error_page_needs_no_database(rf, monkeypatch):
    from django.db import connection

    from hoptac.core.views import error_500

    def down(*args, **kwargs):
        raise OSError("database down")

    monkeypatch.setattr(connection, "cursor", down)
    request = rf.get("/")
    response = error_500(request)
    assert response.status_code == 500
    assert "Lỗi hệ thống" in response.content.decode()
