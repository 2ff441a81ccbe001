"""How fast `make demo` serves again: the second start on an unchanged checkout.

Runs `make demo` on a database of its own (var/bench/startup/), waits for /healthz, stops it,
then starts it again and times that second start to the first 200 from /healthz. The floor,
in the same run: `manage.py runserver` alone on the same database (no install check, no
migrate, no demo check, no worker). Target (issue 19): 3 s. Beside each wall-clock time, the CPU
its processes had used by then (make, the shell, bootstrap, the server; not the task worker nor
the scheduler, which start a moment later): on a loaded machine the wall clock is mostly waiting
for a core, the CPU is what compares.

    .venv/bin/python bench/startup/run.py        (or: make bench-startup)
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "var" / "bench"
TARGET_S = 3.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stat(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def cpu_seconds(root: int) -> float:
    """User + system seconds of `root` and every live process under it (with the children each
    has waited for), the task worker and the scheduler left out."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents.setdefault(int(_stat(int(entry.name))[1]), []).append(int(entry.name))
            except (OSError, IndexError):
                continue
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        try:
            if any(w in Path(f"/proc/{pid}/cmdline").read_bytes() for w in WORKERS):
                continue
            total += sum(int(x) for x in _stat(pid)[11:15]) / os.sysconf("SC_CLK_TCK")
        except OSError:
            continue
        todo += parents.get(pid, [])
    return total


WORKERS = (b"db_worker", b"run_schedule")


def serve_and_time(
    args: list[str], env: dict, port: int, timeout: float = 900
) -> tuple[float, float]:
    """Start `args` in its own process group; seconds until /healthz answers 200, and the CPU
    seconds used by then; stop it."""
    started = time.monotonic()
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    try:
        while time.monotonic() - started < timeout:
            if proc.poll() is not None:
                raise SystemExit(f"{' '.join(args)} ended with {proc.returncode}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
                    if r.status == 200:
                        return time.monotonic() - started, cpu_seconds(proc.pid)
            except OSError:
                time.sleep(0.05)
        raise SystemExit(f"/healthz did not answer within {timeout} s")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def main() -> int:
    work = OUT / "startup"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    env = {
        **os.environ,
        "DATABASE_URL": f"spatialite:///{work / 'demo.sqlite3'}",
        "HOPTAC_VAR_DIR": str(work),
    }
    port = free_port()
    first, _ = serve_and_time(["make", "-s", "demo", f"PORT={port}"], env, port)
    runs = [serve_and_time(["make", "-s", "demo", f"PORT={port}"], env, port) for _ in range(3)]
    seconds, cpu = [w for w, _ in runs], [c for _, c in runs]
    runserver = [".venv/bin/python", "manage.py", "runserver", "--skip-checks", "--noreload",
                 f"127.0.0.1:{port}"]  # fmt: skip
    floors = [serve_and_time(runserver, {**env, "DEBUG": "1"}, port) for _ in range(3)]
    floor, floor_cpu = [w for w, _ in floors], [c for _, c in floors]
    again, bare = sorted(seconds)[1], sorted(floor)[1]
    result = {
        "first_start_s": round(first, 2),
        "second_start_s": [round(s, 2) for s in seconds],
        "second_start_median_s": round(again, 2),
        "second_start_cpu_s": [round(c, 2) for c in cpu],
        "second_start_cpu_median_s": round(sorted(cpu)[1], 2),
        "floor_runserver_median_s": round(bare, 2),
        "floor_runserver_cpu_median_s": round(sorted(floor_cpu)[1], 2),
        "ratio_to_floor": round(again / bare, 2),
        "target_s": TARGET_S,
        "verdict": "met" if again <= TARGET_S else "missed",
        "loadavg": os.getloadavg(),
    }
    (OUT / "startup.json").write_text(json.dumps(result, indent=1))
    print(f"make demo, first start (install check, migrate, demo load): {first:.1f} s")
    print(f"make demo, second start to /healthz: median {again:.2f} s of {seconds} "
          f"(target {TARGET_S} s: {result['verdict']})")  # fmt: skip
    print(f"  CPU by then: median {result['second_start_cpu_median_s']:.2f} s of {cpu}")
    print(f"floor, runserver alone: {bare:.2f} s (CPU {result['floor_runserver_cpu_median_s']:.2f}"
          f" s); ratio {again / bare:.2f}×")  # fmt: skip
    print(f"load average {os.getloadavg()[0]:.1f}; written to {OUT / 'startup.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
