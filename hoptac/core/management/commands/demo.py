"""`make demo` in one process: migrate, load the demo (both skipped when this database already
holds the demo of this code and no migration is left: ``load_demo``), start the task worker and
the scheduler, serve on 127.0.0.1:PORT.

One Django start-up instead of two before the first page: a second `make demo` on an unchanged
checkout serves within a few seconds (bench/startup). The worker and the scheduler start a
moment after the server so that they do not slow its start; they stop with it. In that same
moment the apps' warm-up work runs (``core.warmup``: search's compiled loops, loaded or, on a
first start, compiled into their cache), so that the first search does not wait for it."""

from __future__ import annotations

import atexit
import signal
import subprocess
import sys
import threading
from pathlib import Path

from django.conf import settings
from django.core.management import call_command, get_commands, load_command_class
from django.core.management.base import BaseCommand

from hoptac.core import warmup

WORKERS_DELAY_S = 1.5


class Command(BaseCommand):
    help = "Migrate, load the demo if needed, start the worker and scheduler, and serve."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--only", nargs="+", metavar="PART", help="load only these parts")

    def handle(self, *args, **options) -> None:
        call_command(
            "load_demo", migrate=True, accounts=True, only=options["only"], stdout=self.stdout
        )
        port = options["port"]
        var = settings.VAR_DIR
        self.stdout.write(
            f"Hoptac: http://127.0.0.1:{port}/  (task worker and scheduler logs: "
            f"{var}/worker.log, {var}/schedule.log)"
        )
        children: list[subprocess.Popen] = []
        threading.Timer(WORKERS_DELAY_S, self._start_workers, [children]).start()
        atexit.register(self._stop, children)
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stop the children on TERM too
        server = load_command_class(get_commands()["runserver"], "runserver")
        # load_demo has just migrated, or found nothing to: runserver need not load the migration
        # graph again to warn of unapplied migrations
        server.check_migrations = lambda: None
        call_command(server, f"127.0.0.1:{port}", use_reloader=False, skip_checks=True)

    def _start_workers(self, children: list[subprocess.Popen]) -> None:
        manage = Path(settings.BASE_DIR) / "manage.py"
        logs = Path(settings.VAR_DIR)
        logs.mkdir(exist_ok=True)
        for command, log in (("db_worker", "worker.log"), ("run_schedule", "schedule.log")):
            with open(logs / log, "ab") as out:
                children.append(
                    subprocess.Popen(  # noqa: S603 (our own manage.py)
                        [sys.executable, str(manage), command],
                        stdout=out,
                        stderr=subprocess.STDOUT,
                    )  # fmt: skip
                )
        # in a thread of its own that does not hold the process: a demo stopped while it
        # runs (Ctrl-C, the start-up benchmark's TERM) exits at once, its children with it
        threading.Thread(target=warmup.run, name="warm-up", daemon=True).start()

    @staticmethod
    def _stop(children: list[subprocess.Popen]) -> None:
        for child in children:
            child.terminate()
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
