#!/usr/bin/env python
"""CPU and queries of the indicators pages on a database kept by ``run.py --keep``: where a
page's time goes, without the import and the rest of the benchmark.

    HOPTAC_BENCH_DB=hoptac_x .venv/bin/python bench/indicators/run.py --records 1000000 --keep
    HOPTAC_BENCH_DB=hoptac_x .venv/bin/python bench/indicators/pages_cpu.py [index766|detail] [N]

Prints the page's queries (the slowest first), then wall clock and CPU (this process + the
PostgreSQL backend, as ``run.py`` counts them) over N requests with the load average. For an
A/B, run it from two copies of the code (``git archive``) alternately: HOPTAC_CODE names the
copy to import (this one by default). Drop the database yourself afterwards.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CODE = Path(os.environ.get("HOPTAC_CODE", HERE.parents[1]))
PAGES = {
    "index766": ("/chi-so/chi-so-766/", {"a": "01", "b": "48"}),
    "detail": ("/chi-so/chi-so-766/chi-tiet/", {"city": "01", "component": "on_time"}),
    "framework": ("/chi-so/khung/pci/", {}),
}


def main() -> int:
    sys.path.insert(0, str(CODE))
    sys.path.insert(0, str(HERE))
    from run import DB, Clock, django_environment, percentile, server_url

    django_environment(f"{server_url()}/{DB}", "testserver")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    name = sys.argv[1] if len(sys.argv) > 1 else "index766"
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    url, params = PAGES[name]
    client = Client()
    for _ in range(3):
        assert client.get(url, params).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url, params)
    print(f"{name}: {len(queries.captured_queries)} queries")
    for q in sorted(queries.captured_queries, key=lambda q: -float(q["time"])):
        print(f"  {float(q['time']) * 1000:6.1f} ms  {q['sql'][:150]}")
    clock = Clock(connection)
    wall, cpu = [], []
    for _ in range(n):
        before = clock.cpu or 0.0
        t0 = time.perf_counter()
        with clock:
            client.get(url, params)
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append(((clock.cpu or 0.0) - before) * 1000)
    print(
        f"{name} ({CODE}): wall p50 {statistics.median(wall):.1f} p95 {percentile(wall, 95):.1f}"
        f" ms; CPU p50 {statistics.median(cpu):.1f} p95 {percentile(cpu, 95):.1f} ms; "
        f"load {os.getloadavg()[0]:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
