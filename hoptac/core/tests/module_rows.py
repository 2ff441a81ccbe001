"""Rows made once for a test module that only reads them, instead of once per test.

`module_rows` opens a transaction that stays open while the module's tests run and rolls it back
after the last, as the module demo does (demo_module.py): each test still runs in its own
savepoint, so what one test writes is gone before the next, and no other module sees the rows.

    @pytest.fixture(scope="module")
    def shared(django_db_setup, django_db_blocker):
        with module_rows(django_db_blocker):
            yield make_world()

A test of such a module that needs an empty database belongs in another module: the rows stay
for every test of this one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction


@contextmanager
def module_rows(django_db_blocker) -> Iterator[None]:  # noqa: ANN001 - pytest-django's blocker
    """Open the database and a transaction around the block; roll everything back after it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
