#!/usr/bin/env python
"""The 766 recompute against DuckDB's on the same monthly figures, on a database kept by
``run.py --keep``: for a same-minute A/B of two versions of the recompute on a shared machine.

    HOPTAC_BENCH_DB=hoptac_x .venv/bin/python bench/indicators/run.py --backend sqlite \\
        --records 1000000 --keep
    HOPTAC_BENCH_DB=hoptac_x .venv/bin/python bench/indicators/recompute_ab.py [ROUNDS]

The database is the SpatiaLite file ``run.py --keep`` leaves (var/bench/<HOPTAC_BENCH_DB>.sqlite3)
or, with ``--backend postgresql``, its PostgreSQL database. Each round deletes the default
version's results (not timed: the benchmark's recompute follows an import that computed none),
recomputes them for both cities as ``run.py`` does, then runs DuckDB's peer on the same figures,
each measured in wall clock and CPU (this process + the PostgreSQL backend, as ``run.py`` counts
them), and prints the ratios with the load average and a digest of the results written (two
versions that compute alike print the same digest). For an A/B, run it from two copies of the
code (``git archive``) alternately: HOPTAC_CODE names the copy to import (this one by default).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CODE = Path(os.environ.get("HOPTAC_CODE", HERE.parents[1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rounds", type=int, nargs="?", default=1)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    sys.path.insert(0, str(CODE))
    sys.path.insert(0, str(HERE))
    from run import DB, OUT, Clock, django_environment, duck_index, duck_months, server_url

    if args.backend == "sqlite":
        database_url = f"spatialite:///{OUT / f'{DB}.sqlite3'}"
    else:
        database_url = f"{server_url()}/{DB}"
    django_environment(database_url, "testserver")
    import django

    django.setup()
    import duckdb
    from django.db import connection

    from hoptac.core.models import Locality
    from hoptac.indicators import actions, index766
    from hoptac.indicators.models import IndexResult

    spec = index766.version()
    cities = list(Locality.objects.filter(code__in=["01", "48"]).order_by("code"))
    duck = duckdb.connect()
    with tempfile.TemporaryDirectory(dir=OUT) as scratch:
        duck_months(duck, connection, Path(scratch) / "months.csv")
    for _ in range(args.rounds):
        IndexResult.objects.filter(version=spec.key).delete()
        clock = Clock(connection)
        with clock:
            results = sum(actions.compute_index(city, version=spec.key) for city in cities)
        duck_clock, scores = duck_index(duck, cities, spec)
        assert scores == results * len(spec.computed), (scores, results)
        digest = hashlib.sha256()
        for row in (
            IndexResult.objects.filter(version=spec.key)
            .order_by("locality_id", "agency", "month", "audience")
            .values_list("locality_id", "agency", "month", "audience", "scores", "is_demo")
        ):
            digest.update(repr(row).encode())
        print(
            f"{CODE.name} ({connection.vendor}): recompute wall {clock.wall:.2f} s "
            f"CPU {clock.cpu:.2f} s; DuckDB wall {duck_clock.wall:.2f} s "
            f"CPU {duck_clock.cpu:.2f} s; ratio wall {clock.wall / duck_clock.wall:.2f} "
            f"CPU {clock.cpu / duck_clock.cpu:.2f}; load {os.getloadavg()[0]:.1f}; "
            f"{results} rows {digest.hexdigest()[:12]}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
