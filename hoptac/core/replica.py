"""Reads from PostgreSQL streaming replicas (DATABASE_REPLICA_URLS), writes to the primary.

Growth beyond one database server is PostgreSQL's own streaming replication; the app only
chooses where a request reads. A request reads from a replica when all of these hold:

- it is GET or HEAD, by an anonymous visitor (no session cookie: a signed-in user always reads
  the primary, so what they just did is always there);
- the visitor has not written in the last READ_YOUR_WRITES seconds (any POST, PUT, PATCH or
  DELETE — an enquiry on the investment portal is anonymous — sets a short cookie that keeps
  their next reads on the primary: replication lag cannot hide their own write from them);
- its path is not one that must see the primary (PRIMARY_PATHS: sign-in, admin, /healthz);
- a replica answers. A replica that does not is left alone for RETRY_AFTER seconds and the
  request reads the primary (a stopped replica costs nothing but its load); a request that
  failed because its replica went away while it ran is served again from the primary.

Everything else, and every write, goes to the primary ("default").
"""

from __future__ import annotations

import contextvars
import logging
import random
import time
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

READ_YOUR_WRITES = 15  # seconds: far above the replication lag of a healthy replica
RETRY_AFTER = 5.0  # seconds a replica that did not answer is left alone
COOKIE = "hoptac_primary"
PRIMARY_PATHS = ("/quan-tri/", "/dang-nhap/", "/dang-xuat/", "/mat-khau/", "/healthz", "/api/")
SAFE = ("GET", "HEAD")

_reading_from: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "hoptac_replica", default=None
)
_down_until: dict[str, float] = {}


def replicas() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


def may_read_replica(request: HttpRequest) -> bool:
    """Whether this request may read from a replica (see the module's docstring)."""
    return (
        request.method in SAFE
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and COOKIE not in request.COOKIES
        and not request.path.startswith(PRIMARY_PATHS)
    )


def _answering(alias: str) -> bool:
    if time.monotonic() < _down_until.get(alias, 0.0):
        return False
    try:
        with connections[alias].cursor() as cur:
            cur.execute("SELECT 1")
        return True
    except DatabaseError as exc:
        _down_until[alias] = time.monotonic() + RETRY_AFTER
        logger.warning("read replica %s unreachable (%s): reading the primary", alias, exc)
        try:
            connections[alias].close()
        except DatabaseError:
            pass
        return False


def choose(request: HttpRequest) -> str | None:
    """The replica this request reads from, or None for the primary."""
    if not may_read_replica(request):
        return None
    candidates = replicas()
    random.shuffle(candidates)
    for alias in candidates:
        if _answering(alias):
            return alias
    return None


class ReplicaMiddleware:
    """Chooses the database of each request's reads; marks writers for read-your-writes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        alias = choose(request) if replicas() else None
        token = _reading_from.set(alias)
        try:
            response = self.get_response(request)
        finally:
            _reading_from.reset(token)
        if alias is not None and response.status_code >= 500 and not _answering(alias):
            # The replica went away during the request (it answered when it began): a GET
            # can be served again, from the primary.
            logger.warning("read replica %s lost during %s: served from the primary", alias,
                           request.path)  # fmt: skip
            response = self.get_response(request)
        if request.method not in SAFE and replicas():
            response.set_cookie(
                COOKIE, "1", max_age=READ_YOUR_WRITES, httponly=True, samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )  # fmt: skip
        return response


class ReplicaRouter:
    """Reads go where ReplicaMiddleware chose (a replica or the primary); writes, migrations
    and everything outside a request (the worker, the scheduler, commands) go to the primary."""

    def db_for_read(self, model, **hints) -> str | None:
        return _reading_from.get()

    def db_for_write(self, model, **hints) -> str:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # the same data on every server

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        return db == "default"
