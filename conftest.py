"""Fixtures shared by every app's tests."""

from __future__ import annotations

import pytest

from hoptac.core.tests.factories import MembershipFactory, make_world


@pytest.fixture
def world(db):
    """Two partner cities and an unrelated one, each with a People's Committee and a department."""
    return make_world()


@pytest.fixture
def member(world):
    """Make a user with a role in a locality: officers in its department, others in its office."""

    def make(role: str, where: str = "own"):
        org = world.department[where] if role == "officer" else world.office[where]
        return MembershipFactory(organisation=org, role=role).user

    return make


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings):
    """Test databases are copied from a template migrated once (see core/tests/testdb.py)."""
    from hoptac.core.tests.testdb import use_templates

    use_templates()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (ids of rolled-back rows come back in the next test:
    the rendered tiles are cached by version id)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language, as each request does: a view that activated
    English for its page (the investor portal) left the test's thread in English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files of a test go to its own folder, never to var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


def pytest_configure(config):
    """Tests hash passwords with a fast hasher; production keeps Django's strong default.

    Each pytest-xdist worker gets a temporary folder of its own: the workers' databases give the
    same ids (job 1 in each), and an import removes the leftovers of an earlier attempt at its
    job by name."""
    import os
    import tempfile

    from django.conf import settings

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        folder = tempfile.mkdtemp(prefix=f"hoptac-tests-{worker}-")
        os.environ["TMPDIR"] = folder
        tempfile.tempdir = folder

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def delivered(settings, django_capture_on_commit_callbacks):
    """`with delivered():` around a write: when the block ends, what it committed is delivered as
    after a real commit — the on-commit callbacks run, and the tasks they enqueue run at once
    (as the worker would run them). Tests run inside a transaction that never commits."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return lambda: django_capture_on_commit_callbacks(execute=True)


# Fixtures through which a test reaches the database (pytest-django's, and the guards' demo).
DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
        "django_db_setup",
    }
)


def uses_database(item: pytest.Item) -> bool:
    """Whether a test can reach the database: marked `django_db` or asking, through any of its
    fixtures, for one that opens it. pytest-django blocks the database for every other test, so
    a test that says neither cannot touch it."""
    return bool(item.get_closest_marker("django_db")) or bool(
        DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


def backend_neutral(item: pytest.Item) -> bool:
    """Whether a test is marked as one whose database is only a source of reference rows (the
    cooperation fields, the two cities' bodies) for a computation in Python: drafting's reading of
    texts, its retraining checks. Its SQL is the plainest of reads, which every other test of
    the phase makes too; what it tests is the same on both backends."""
    return bool(item.get_closest_marker("backend_neutral"))


def pytest_collection_modifyitems(config, items):
    """With HOPTAC_DATABASE_TESTS_ONLY=1 (the PostGIS phase of `make test`), run only the tests
    that reach the database and are not marked backend_neutral: the others (parsers, text,
    formats, rules; drafting, whose retraining checks alone took about a minute of CPU) ran in
    the SpatiaLite phase and would run the very same code again."""
    import os

    if not os.environ.get("HOPTAC_DATABASE_TESTS_ONLY"):
        return
    kept, dropped = [], []
    for item in items:
        (kept if uses_database(item) and not backend_neutral(item) else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
