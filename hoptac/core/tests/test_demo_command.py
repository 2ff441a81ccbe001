"""`manage.py demo` (what `make demo` runs): one process that loads, starts the worker and the
scheduler, and serves; the children stop with it."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from hoptac.core.tests.testdb import sqlite_template

ROOT = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "spatialite").startswith("spatialite"),
    reason="the demo runs on SpatiaLite; once is enough (the PostGIS phase would repeat it)",
)
def test_demo_serves_with_its_worker_and_scheduler_and_takes_them_down_on_term(tmp_path):
    port = _free_port()
    # Start from the migrated schema the other tests copy (core/tests/testdb.py): `demo` still
    # runs `migrate` (which finds everything applied) and loads the demo into it.
    shutil.copyfile(sqlite_template(), tmp_path / "demo.sqlite3")
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"spatialite:///{tmp_path / 'demo.sqlite3'}",
        "HOPTAC_VAR_DIR": str(tmp_path),
    }
    command = [sys.executable, "manage.py", "demo", "--port", str(port), "--only", "core"]
    proc = subprocess.Popen(command,  # noqa: S603
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 600
        status = None
        while time.monotonic() < deadline and status != 200:
            assert proc.poll() is None, proc.stdout.read()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    status = r.status
            except OSError:
                time.sleep(0.2)
        assert status == 200
        time.sleep(3)  # the worker and the scheduler start a moment after the server
        pids = _children(proc.pid)
        assert len(pids) == 2, "the task worker and the scheduler run beside the server"
        assert (tmp_path / "worker.log").exists() and (tmp_path / "schedule.log").exists()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    time.sleep(0.5)
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
