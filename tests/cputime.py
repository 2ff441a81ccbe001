"""A pytest plugin that writes the CPU time (``time.process_time``) of every test's setup, call and
teardown, for timing the suite on a shared machine, where wall time follows the load:

    CPUTIME_DIR=var/cputime scripts/pytest -p tests.cputime -n 2 hoptac/programmes
    .venv/bin/python -m tests.cputime var/cputime          # the costliest files and phases

Each test process (each pytest-xdist worker) writes ``<worker>.tsv`` (node id, phase, CPU s,
wall s) and its whole CPU time. PostgreSQL's own CPU is not in it (another process), nor a
browser's; the worker's threads (a live server, DuckDB) are.
"""

from __future__ import annotations

import os
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest

_rows: list[tuple[str, str, float, float]] = []
_started = time.process_time()


def _timed(phase: str):
    @pytest.hookimpl(hookwrapper=True)
    def hook(item, *args):
        cpu, wall = time.process_time(), time.perf_counter()
        yield
        _rows.append((item.nodeid, phase, time.process_time() - cpu, time.perf_counter() - wall))

    return hook


pytest_runtest_setup = _timed("setup")
pytest_runtest_call = _timed("call")
pytest_runtest_teardown = _timed("teardown")


def pytest_sessionfinish(session) -> None:
    folder = os.environ.get("CPUTIME_DIR")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    lines = [f"#process\t-\t{time.process_time() - _started:.3f}\t0"]
    lines += [f"{node}\t{phase}\t{cpu:.3f}\t{wall:.3f}" for node, phase, cpu, wall in _rows]
    (Path(folder) / f"{worker}.tsv").write_text("\n".join(lines) + "\n")


def main(folder: str, top: int = 30) -> None:
    rows, processes = [], []
    for path in Path(folder).glob("*.tsv"):
        for line in path.read_text().splitlines():
            node, phase, cpu, wall = line.split("\t")
            if node == "#process":
                processes.append(float(cpu))
            else:
                rows.append((node, phase, float(cpu), float(wall)))
    print(f"processes' CPU {sum(processes):.1f} s; tests' CPU {sum(r[2] for r in rows):.1f} s")
    by_file: dict[str, float] = defaultdict(float)
    for node, _phase, cpu, _wall in rows:
        by_file[node.split("::")[0]] += cpu
    for name, cpu in sorted(by_file.items(), key=lambda kv: -kv[1])[:top]:
        print(f"{cpu:8.2f}  {name}")
    print("   CPU s   wall s  phase     test")
    for node, phase, cpu, wall in sorted(rows, key=lambda r: -r[2])[:top]:
        print(f"{cpu:8.2f} {wall:8.2f}  {phase:<8}  {node}")


if __name__ == "__main__":
    main(sys.argv[1], *(int(a) for a in sys.argv[2:3]))
