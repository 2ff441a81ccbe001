"""Guard: the JSON API and the OGC API answer as their OpenAPI documents say.

schemathesis generates requests from `/api/openapi.json` and from the OGC API's OpenAPI 3.0
document (`/ogc/api`), valid and invalid ones, a few per operation with a fixed seed, and sends
them in-process to the WSGI application over the demo data, anonymously and signed in. A response
must not be a 5xx, and its status, content type and body must be ones the document declares.

Drawing the requests was most of the guard's cost (hypothesis rejects many draws before it has a
request: an operation with no invalid request gives up only after some 460), and who sends a
request plays no part in drawing it (a fixed seed; the visitor only adds cookies and headers): each
test process draws an operation's requests once per document and mode, and sends those same
requests as every visitor (the same number of requests as when each visitor drew its own).
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections import Counter
from contextlib import contextmanager

import pytest
import schemathesis
from django.conf import settings
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation.case import Case
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.django_db

DOCUMENTS = {"api": "/api/openapi.json", "ogc": "/ogc/api?f=json"}
VISITORS = [None, "hn-dieuphoi", "dn-chuyenvien", "token:dn-dieuphoi"]  # token: a write token
EXAMPLES = int(os.environ.get("HOPTAC_OPENAPI_EXAMPLES", "6"))  # per operation and mode
CSRF_TOKEN = "guards0csrf0token0for0the0api0rn"  # 32 letters and digits, as Django's are
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@contextmanager
def _same_connection():
    """Keep the test's database connection across requests (as Django's test client does)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


# The requests drawn in this process: (the document as served, operation, mode) -> the cases.
DRAWN: dict[tuple[str, str, str], list[Case]] = {}


def exercise(
    path: str, cookies: dict[str, str], extra: dict[str, str] | None = None
) -> tuple[Counter, list[str]]:
    """Run every operation of the document at `path`; return counts and the failures seen."""
    app = get_wsgi_application()
    schema = schemathesis.openapi.from_wsgi(path, app, headers={"Host": "localhost"})
    document = json.dumps(schema.raw_schema, sort_keys=True)
    counts: Counter = Counter()
    failures: dict[str, str] = {}  # what failed: how to reproduce it
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            key = (document, operation.label, mode.value)
            if key not in DRAWN:
                DRAWN[key] = drawn(operation, mode)
            for case in DRAWN[key]:
                send(
                    operation, mode, _again(case, operation), cookies, counts, failures, extra or {}
                )
    return counts, [f"{key}\n    {curl}" for key, curl in sorted(failures.items())]


def drawn(operation, mode) -> list[Case]:
    """The requests hypothesis draws for an operation in a mode (a few, with a fixed seed); none
    when no request of the mode exists (an operation without input has no invalid one)."""
    cases: list[Case] = []

    @hypothesis_settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case) -> None:
        cases.append(_again(case, operation))

    try:
        run()
    except Unsatisfiable:
        return []
    return cases


def _again(case: Case, operation) -> Case:
    """A copy of a drawn case for `operation` (the same one of another visitor's schema), so that
    sending it changes nothing of the drawn one: its containers copied, its metadata's tracking
    of changes started afresh from them, as when the case was drawn."""
    return Case(
        operation=operation,
        method=case.method,
        path=case.path,
        path_parameters=_copied(case.path_parameters),
        headers=case.headers.copy() if case.headers is not None else None,
        cookies=_copied(case.cookies),
        query=_copied(case.query),
        body=_copied(case.body),
        media_type=case.media_type,
        multipart_content_types=case.multipart_content_types,
        meta=dataclasses.replace(case.meta) if case.meta is not None else None,
    )


def _copied(value):
    """Dictionaries and lists copied all the way down; their leaves (strings, numbers, bytes) are
    immutable and shared."""
    if isinstance(value, dict):
        return {key: _copied(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copied(item) for item in value]
    return value


def send(
    operation, mode, case: Case, cookies: dict[str, str], counts: Counter, failures: dict, extra
) -> None:
    headers = {"Host": "localhost", **extra}
    if settings.CSRF_COOKIE_NAME in cookies:
        headers["X-CSRFToken"] = cookies[settings.CSRF_COOKIE_NAME]
    response = case.call(cookies=cookies, headers=headers)
    counts["requests"] += 1
    if response.status_code >= 500:
        counts["5xx"] += 1
    try:
        case.validate_response(response, checks=CHECKS)
    except FailureGroup as group:
        for failure in group.exceptions:
            title = getattr(failure, "title", type(failure).__name__)
            if response.status_code < 500:
                counts["mismatches"] += 1
            key = f"{operation.label} [{mode.value}] {response.status_code}: {title}"
            failures.setdefault(key, case.as_curl_command(headers=headers)[:400])


@pytest.mark.parametrize("document", sorted(DOCUMENTS))
@pytest.mark.parametrize("username", VISITORS, ids=lambda u: u or "anonymous")
def test_the_api_answers_as_its_openapi_document_says(
    document, username, demo_media, django_user_model
):
    cookies = {}
    extra = {}
    if username and username.startswith("token:"):
        if document != "api":
            pytest.skip("core's API tokens are for /api/ (the OGC API has geodata's own)")
        from hoptac.core.models import ApiToken

        owner = django_user_model.objects.get(username=username.removeprefix("token:"))
        extra["Authorization"] = "Bearer " + ApiToken.issue(owner, "schemathesis", "write")[1]
    elif username:
        client = Client()
        client.force_login(django_user_model.objects.get(username=username))
        cookies[settings.SESSION_COOKIE_NAME] = client.cookies[settings.SESSION_COOKIE_NAME].value
        # A CSRF cookie and the same token in the header, as the site's own pages send: writes
        # get past the CSRF check to the operation itself.
        cookies[settings.CSRF_COOKIE_NAME] = CSRF_TOKEN
    with _same_connection():
        counts, failures = exercise(DOCUMENTS[document], cookies, extra)
    print(
        f"schemathesis {document} {username or 'anonymous'}: {counts['requests']} requests, "
        f"{counts['5xx']} 5xx, {counts['mismatches']} schema mismatches"
    )
    assert counts["requests"] > 20
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures)
