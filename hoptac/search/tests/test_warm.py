"""The search's compiled loops are loaded by a serving process as it starts (decision 0022):
each gunicorn worker, and `make demo`'s server, through core's warm-up list."""

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
    assert threads == ["warm-up"]  # in a thread of its own: the worker goes on meanwhile


def test_make_demo_loads_the_compiled_loops_as_it_starts_its_workers(monkeypatch, tmp_path):
    """The demo's server (runserver) has no post_worker_init: it warms up beside starting the task
    worker and the scheduler, a moment after it serves, not at its first search; in a daemon
    thread, so that a demo stopped meanwhile exits at once (its children with it)."""
    from hoptac.core.management.commands import demo

    called, release = threading.Event(), threading.Event()
    started: list[str] = []

    def warm() -> None:
        called.set()
        release.wait(5)  # (still warming up while the test looks at its thread)

    monkeypatch.setattr(postings, "warm", warm)
    monkeypatch.setattr(demo.subprocess, "Popen", lambda args, **kw: started.append(args[-1]))
    monkeypatch.setattr(settings, "VAR_DIR", tmp_path)
    demo.Command()._start_workers([])
    assert started == ["db_worker", "run_schedule"]
    assert called.wait(30), "the demo's first search would compile or load the loops itself"
    warming = [t for t in threading.enumerate() if t.name == "warm-up"]
    release.set()
    assert warming and all(t.daemon for t in warming), "a stopped demo would wait for it"


def test_a_failing_warm_up_is_logged_and_the_others_still_run(monkeypatch, caplog) -> None:
    from hoptac.core import warmup

    ran: list[str] = []

    def broken() -> None:
        raise RuntimeError("no cache directory")

    monkeypatch.setattr(warmup, "_work", {"a": broken, "b": lambda: ran.append("b")})
    monkeypatch.setattr(warmup, "settle", lambda: None)  # the test process's heap stays as it is
    assert warmup.run() == ["b"]
    assert ran == ["b"]
    assert "warm-up a failed" in caplog.text


def test_warm_search_readies_the_loops(monkeypatch) -> None:
    from io import StringIO

    from django.core.management import call_command

    monkeypatch.setattr(postings, "_kernels", None)
    out = StringIO()
    call_command("warm_search", stdout=out)
    assert "search loops ready" in out.getvalue()
    assert postings._kernels is not None


def test_the_search_apps_warm_up_makes_the_snippets_table(monkeypatch) -> None:
    """A first search found its snippets' table missing (a second's scan of every code point)."""
    from hoptac.core import warmup
    from hoptac.search import highlight

    monkeypatch.setattr(postings, "warm", lambda: None)
    monkeypatch.setattr(warmup, "settle", lambda: None)
    highlight._ascii_table.cache_clear()
    assert {"search.kernels", "search.highlight"} <= set(warmup.run())
    assert highlight._ascii_table.cache_info().currsize == 1
