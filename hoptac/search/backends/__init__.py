"""The full-text part of the index, one backend per database vendor (as django.contrib.gis does)."""

from __future__ import annotations

from importlib import import_module

from django.db import connection

from .base import SearchBackend

_BACKENDS = {
    "sqlite": "hoptac.search.backends.sqlite.SQLiteBackend",
    "postgresql": "hoptac.search.backends.postgres.PostgresBackend",
}
_cache: dict[str, SearchBackend] = {}


def get_backend() -> SearchBackend:
    """The backend for the default connection's vendor."""
    vendor = connection.vendor
    if vendor not in _cache:
        try:
            path = _BACKENDS[vendor]
        except KeyError:
            raise NotImplementedError(f"hoptac.search has no backend for {vendor}") from None
        module, name = path.rsplit(".", 1)
        _cache[vendor] = getattr(import_module(module), name)()
    return _cache[vendor]
