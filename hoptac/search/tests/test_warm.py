"""The search's compiled loops are loaded by an app worker as it starts (decision 0022)."""

import runpy
import threading
from pathlib import Path

import pytest
from django.conf import settings

from hoptac.search import postings

pytestmark = pytest.mark.backend_neutral


def test_a_gunicorn_worker_loads_the_compiled_loops_in_the_background(monkeypatch) -> None:
    called = threading.Event()
    threads: list[str] = []

    def warm() -> None:
        threads.append(threading.current_thread().name)
        called.set()

    monkeypatch.setattr(postings, "warm", warm)
    conf = runpy.run_path(str(Path(settings.BASE_DIR) / "deploy" / "gunicorn.conf.py"))
    conf["post_worker_init"](object())
    assert called.wait(30), "nothing loads the loops"
    assert threads == ["search-warm"]  # in a thread of its own: the worker goes on meanwhile


def test_warm_search_readies_the_loops(monkeypatch) -> None:
    from io import StringIO

    from django.core.management import call_command

    monkeypatch.setattr(postings, "_kernels", None)
    out = StringIO()
    call_command("warm_search", stdout=out)
    assert "search loops ready" in out.getvalue()
    assert postings._kernels is not None
