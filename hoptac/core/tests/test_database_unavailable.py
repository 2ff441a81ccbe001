"""The database out of reach answers 503 with Retry-After and a page that says to try again;
a failing query on a working database stays a server error. The real thing (PostgreSQL
restarted under load: pages answer 503, none 500) is a fault of scripts/faults.py."""

import sys

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import RequestFactory

from hoptac.core.views import database_unreachable, error_500

pytestmark = pytest.mark.django_db


def _answer_while_handling(exception: BaseException):
    """error_500 as Django calls it: inside the `except` of the failed request."""
    try:
        raise exception
    except type(exception):
        assert sys.exc_info()[1] is exception
        return error_500(RequestFactory().get("/nhiem-vu/"))


def test_a_closed_connection_answers_503_with_retry_after_and_the_page_in_both_languages():
    response = _answer_while_handling(InterfaceError("connection already closed"))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = response.content.decode()
    assert "Xin thử lại sau ít giây" in page and "try again in a few seconds" in page


def test_a_failing_query_on_a_working_database_is_a_server_error_not_a_restart():
    """An OperationalError while the database answers: SQLite's unknown table, PostgreSQL's
    query cancelled by its statement timeout (57014)."""
    from django.db import transaction

    with pytest.raises(OperationalError) as raised, transaction.atomic():
        with connection.cursor() as cur:
            if connection.vendor == "postgresql":
                cur.execute("SET LOCAL statement_timeout = 1")
                cur.execute("SELECT pg_sleep(0.2)")
            else:
                cur.execute("SELECT no_such_column FROM no_such_table")
    assert not database_unreachable(raised.value)
    response = _answer_while_handling(raised.value)
    assert response.status_code == 500


def test_other_errors_are_server_errors():
    assert _answer_while_handling(ValueError("a bug")).status_code == 500


def _wrapped(cause: Exception) -> OperationalError:
    """An error as Django's database wrapper raises it: psycopg's error as its cause."""
    error = OperationalError(str(cause))
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    "cause",
    [
        "OperationalError",  # connection refused or closed: no answer, no SQLSTATE
        "AdminShutdown",  # 57P01, the server stopping
        "CannotConnectNow",  # 57P03, the server starting up
    ],
)
def test_postgresql_restarting_is_unreachable(cause):
    psycopg = pytest.importorskip("psycopg")
    error = getattr(psycopg.errors, cause, None) or getattr(psycopg, cause)
    assert database_unreachable(_wrapped(error("server restarting")))


def test_postgresql_cancelling_a_slow_query_is_a_server_error():
    psycopg = pytest.importorskip("psycopg")
    assert not database_unreachable(_wrapped(psycopg.errors.QueryCanceled("statement timeout")))
