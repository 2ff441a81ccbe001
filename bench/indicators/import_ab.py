#!/usr/bin/env python
"""The records import against PostgreSQL's COPY of the same file, on a database kept by
``run.py --keep``: for a same-minute A/B of two versions of the import on a shared machine.

    HOPTAC_BENCH_DB=hoptac_x .venv/bin/python bench/indicators/run.py --records 1000000 --keep
    HOPTAC_BENCH_DB=hoptac_x .venv/bin/python bench/indicators/import_ab.py FILE [ROUNDS]

Each round copies FILE into a staging table as ``run.py`` does (the peer), then imports it for
Hà Nội (code 01) without computing the index (the import replaces the months it covers), each
measured in wall clock and CPU (this process + the PostgreSQL backend, as ``run.py`` counts
them), and prints the ratios with the load average and a digest of the figures held (two
versions that read the file alike print the same digest). For an A/B, run it from two copies of
the code (``git archive``) alternately: HOPTAC_CODE names the copy to import (this one by
default). The file is imported as the whole of its months (``replace_months``): the check that a
records file drops no figure it does not hold reads every held row of those months, its dearest
case. Drop the database yourself afterwards.
"""

from __future__ import annotations

import datetime as dt
import inspect
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CODE = Path(os.environ.get("HOPTAC_CODE", HERE.parents[1]))


def main() -> int:
    sys.path.insert(0, str(CODE))
    sys.path.insert(0, str(HERE))
    from run import DB, Clock, copy_peer, django_environment, server_url

    django_environment(f"{server_url()}/{DB}", "testserver")
    import django

    django.setup()
    from django.db import connection

    from hoptac.core.models import Locality
    from hoptac.indicators import bulk

    # The file is the whole of its months: replacing them is the point (the code before the
    # check has no such argument).
    whole = {}
    if "replace_months" in inspect.signature(bulk.import_records).parameters:
        whole = {"replace_months": True}
    path = Path(sys.argv[1]).resolve()
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    city = Locality.objects.get(code="01")
    for _ in range(rounds):
        copy_clock, import_clock = Clock(connection), Clock(connection)
        copy_peer(connection, path, copy_clock)
        with import_clock:
            result = bulk.import_records(city, path, dt.date(2026, 12, 5), compute=False, **whole)
        assert not result.errors, result.errors[:3]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*), md5(string_agg(concat_ws(',', month, agency, procedure_code, "
                "received, received_online, finished_on_time, finished_late, digitised, "
                "e_results, payable, paid_online), ';' ORDER BY month, agency, procedure_code)) "
                "FROM indicators_dossiermonth WHERE locality_id = %s",
                [city.pk],
            )
            rows, digest = cursor.fetchone()
        print(
            f"{CODE.name}: COPY wall {copy_clock.wall:.2f} s CPU {copy_clock.cpu:.2f} s; "
            f"import wall {import_clock.wall:.2f} s CPU {import_clock.cpu:.2f} s "
            f"(backend {import_clock.cpu_backend:.2f}, self {import_clock.cpu_self:.2f}); "
            f"ratio wall {import_clock.wall / copy_clock.wall:.2f} "
            f"CPU {import_clock.cpu / copy_clock.cpu:.2f}; "
            f"load {os.getloadavg()[0]:.1f}; {rows} rows {digest[:8]}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
