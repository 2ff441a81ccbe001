"""The demo, loaded once per test module for the guards that walk the whole site.

Loading it per test would cost a second or two each; here it is loaded inside a transaction that
stays open for the module and is rolled back at its end, so every test of the module sees it
(each test still runs in its own savepoint) and the other tests never do.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import transaction
from django.test.utils import override_settings


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, tmp_path_factory) -> Path:
    """Load the demo for the module; its files go to a folder of their own, returned."""
    from hoptac.core import demo

    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            demo.load(log=lambda line: None)
            yield media
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def demo_media(demo_site, settings) -> Path:
    """Point the test's MEDIA_ROOT back at the demo's files (the autouse fixture moves it)."""
    settings.MEDIA_ROOT = demo_site
    return demo_site
