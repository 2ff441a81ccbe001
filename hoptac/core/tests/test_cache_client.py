"""The Redis cache keeps one client per connection pool instead of building one per call."""

from __future__ import annotations

from hoptac.core.cache import TolerantRedisCache


def test_the_redis_cache_reuses_its_client_for_every_operation():
    cache = TolerantRedisCache("redis://127.0.0.1:1/0", {})  # nothing is connected to build it
    client = cache._cache.get_client("a")
    assert cache._cache.get_client("b") is client
    assert cache._cache.get_client("c", write=True) is client  # one server: one pool
    assert client.connection_pool is cache._cache._get_connection_pool(False)
