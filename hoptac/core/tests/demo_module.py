"""The demo (or some of its parts) loaded once for a test module instead of once per test.

It is loaded inside a transaction that stays open while the module's tests run and is rolled
back after the last: each test still runs in its own savepoint, so what one test writes is gone
before the next, and no other module ever sees the demo. Its files go to a folder of the module's
own; `use_module_demo` points the test's MEDIA_ROOT back at it (an autouse fixture moves it)."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings


def module_demo(only: list[str] | None = None):  # noqa: ANN201 - a pytest fixture
    """A module-scoped fixture that loads the demo's parts `only` (every part when None) and
    yields the folder of its files."""

    @pytest.fixture(scope="module")
    def demo_module(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Path]:  # noqa: ANN001
        media = tmp_path_factory.mktemp("demo-media")
        with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                call_command("load_demo", only=only, stdout=StringIO())
                yield media
            finally:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)

    return demo_module


def use_module_demo(settings, media: Path) -> None:  # noqa: ANN001 - pytest-django's settings
    """Make the test read and write the module demo's files."""
    settings.MEDIA_ROOT = media
