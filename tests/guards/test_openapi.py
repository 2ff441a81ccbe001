"""Guard: the JSON API and the OGC API answer as their OpenAPI documents say.

schemathesis generates requests from `/api/openapi.json` and from the OGC API's OpenAPI 3.0
document (`/ogc/api`), valid and invalid ones, a few per operation with a fixed seed, and sends
them in-process to the WSGI application over the demo data, anonymously and signed in. A response
must not be a 5xx, and its status, content type and body must be ones the document declares.
"""

from __future__ import annotations

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


def exercise(
    path: str, cookies: dict[str, str], extra: dict[str, str] | None = None
) -> tuple[Counter, list[str]]:
    """Run every operation of the document at `path`; return counts and the failures seen."""
    app = get_wsgi_application()
    schema = schemathesis.openapi.from_wsgi(path, app, headers={"Host": "localhost"})
    counts: Counter = Counter()
    failures: dict[str, str] = {}  # what failed: how to reproduce it
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _examples(operation, mode, cookies, counts, failures, extra or {})()
            except Unsatisfiable:  # no invalid request exists (an operation without input)
                pass
    return counts, [f"{key}\n    {curl}" for key, curl in sorted(failures.items())]


def _examples(
    operation, mode, cookies: dict[str, str], counts: Counter, failures: dict, extra: dict
):
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

    return run


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
