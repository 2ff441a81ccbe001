#!/usr/bin/env python
"""The indicators speed benchmark: `make bench-indicators` → var/bench/indicators.json.

On both backends by default (``--backend sqlite|postgresql|both``; each in a process of its
own): SpatiaLite in a database file of its own under var/bench, PostgreSQL on
HOPTAC_TEST_DATABASE_URL's server if set, else the local one at 127.0.0.1:5432 with the hoptac
role (a database hoptac_bench_indicators, or the one HOPTAC_BENCH_DB names, is created and
dropped: name another to run two at once; the SpatiaLite run uses it for the COPY peer alone),
with synthetic dossier records shaped
like a big city's one-stop shop, written by DuckDB as the CSV a records export is (no personal
data): by default 10,000,000 dossiers, 2 cities, 2,000 procedures,
600 agencies, 36 months (55 % online, 6 % late, 70 % digitised, 40 % with fees). Measures:

    import      our import of every record (the file read by DuckDB, every check and the
                monthly sums in one scan, whole months replaced by the sums: COPY on
                PostgreSQL, INSERT on SpatiaLite) against PostgreSQL's own COPY of the same
                files into a staging table, and against DuckDB reading them
                                                                   target ≤ 2 × COPY
    recompute   every 766 component for every agency and month of both cities, against the same
                computation by DuckDB on the same monthly figures     target ≤ 3 × DuckDB
    month       one month more (~280,000 records) end to end: import and its index   ≤ 15 s
    pages       p95 of the 766 side-by-side page, a component's detail, a framework page,
                anonymous, Django's test client in process               target ≤ 150 ms

Prints each figure with its backend, target, the peer's figure, the ratio and the verdict, and
writes them with the scale, the date and the load average (before and after each measure) to
var/bench/indicators.json, per backend. The import and its COPY peer are also measured in CPU
seconds, which a loaded machine stretches far less than the wall clock: the PostgreSQL
backend's (``pg_backend_pid()``, utime + stime from ``/proc/<pid>/stat``; the server must be
local, else only the wall clock is reported) plus this process's own (every thread of it:
DuckDB's and SQLite's included).

    .venv/bin/python bench/indicators/run.py [--backend both] [--records 10000000]
        [--month-records 280000]

The machine is shared: `--records` scales the run down (the JSON says at which scale it ran).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "var" / "bench"
DB = os.environ.get("HOPTAC_BENCH_DB", "hoptac_bench_indicators")
PER_AGENCY = 20  # the procedures an agency handles (an agency does not handle every procedure)
HEADER = (
    "Mã TTHC",
    "Cơ quan",
    "Ngày tiếp nhận",
    "Ngày hẹn trả",
    "Ngày hoàn thành",
    "Kênh nộp",
    "Trạng thái",
    "Số hóa",
    "Kết quả điện tử",
    "Phải nộp phí",
    "Thanh toán trực tuyến",
)


def log(msg: str) -> None:
    print(f"  [{time.strftime('%H:%M:%S', time.gmtime())}] {msg}", file=sys.stderr, flush=True)


def percentile(values: list[float], p: float) -> float:
    xs = sorted(values)
    k = (len(xs) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def proc_cpu(pid: int) -> float | None:
    """A process's CPU seconds (user + system) from /proc, or None when it cannot be read (the
    server is on another machine, or another user's process)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # After the command name: state is field 3, utime field 14 and stime field 15 (proc(5)).
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


class Clock:
    """Wall clock and CPU of one measure: the PostgreSQL backend serving ``connection`` (Django's
    or psycopg's) plus this process (``time.process_time``: every thread of it, SQLite's
    included: it runs in the process), and the load average around it."""

    def __init__(self, connection) -> None:  # noqa: ANN001 - Django's or psycopg's connection
        self.pid = None
        if connection is not None and getattr(connection, "vendor", "postgresql") == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                self.pid = cursor.fetchone()[0]
        self.wall = self.cpu_backend = self.cpu_self = 0.0
        self.readable = self.pid is None or proc_cpu(self.pid) is not None
        self.load: list[tuple[float, float]] = []

    def __enter__(self) -> Clock:
        self._load = os.getloadavg()[0]
        self._backend = self._backend_cpu()
        self._self = time.process_time()
        self._wall = time.perf_counter()
        return self

    def __exit__(self, *exc) -> None:
        self.wall += time.perf_counter() - self._wall
        self.cpu_self += time.process_time() - self._self
        self.cpu_backend += self._backend_cpu() - self._backend
        self.load.append((self._load, os.getloadavg()[0]))

    def _backend_cpu(self) -> float:
        return 0.0 if self.pid is None else (proc_cpu(self.pid) or 0.0)

    @property
    def cpu(self) -> float | None:
        return self.cpu_backend + self.cpu_self if self.readable else None

    def figures(self) -> dict:
        return {
            "wall_s": round(self.wall, 3),
            "cpu_s": None if self.cpu is None else round(self.cpu, 3),
            "cpu_backend_s": round(self.cpu_backend, 3) if self.readable else None,
            "cpu_self_s": round(self.cpu_self, 3),
            "load_1min": self.load,
        }


def django_environment(database_url: str, allowed_hosts: str, **extra: str) -> None:
    """The environment the benchmark's Django runs in: production settings over plain HTTP, a
    throwaway key, no Redis. Set before ``django.setup()`` (``pages_cpu.py`` uses it too)."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="hoptac.settings",
        DATABASE_URL=database_url,
        SECRET_KEY="hoptac-bench-indicators-throwaway-key-" + "0123456789abcdef" * 3,
        DEBUG="0",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        STATIC_MANIFEST="0",
        ALLOWED_HOSTS=allowed_hosts,
        EMAIL_URL="consolemail://",
        **extra,
    )
    os.environ.pop("REDIS_URL", None)


def server_url() -> str:
    given = os.environ.get("HOPTAC_TEST_DATABASE_URL")
    if given:
        return given.rsplit("/", 1)[0]
    return "postgis://hoptac:hoptac@127.0.0.1:5432"


def recreate(base: str, drop_only: bool = False) -> None:
    import psycopg

    admin = base.replace("postgis://", "postgresql://") + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{DB}"')


def generate(
    path: Path, city: int, records: int, months: int, procedures: int, agencies: int, start: str
) -> None:
    """Write a city's records with DuckDB (deterministic: every field hashes the row number;
    each agency handles ``PER_AGENCY`` of the city's procedures). The procedure's hash is not
    ``hash(i, 1)``: modulo 20 it follows ``hash(i, 2)`` modulo 300 (the agency), and each
    agency got 5 procedures, the city 250 codes, 54,000 monthly rows whatever the records."""
    import duckdb

    sql = f"""
    COPY (
      WITH b AS (
        SELECT i,
          TIMESTAMP '{start}' + to_months(CAST(i % {months} AS INTEGER))
            + to_seconds(CAST(hash(i, 5) % (27 * 86400) AS BIGINT)) AS r,
          hash(i, 6) % 100 < 95 AS fin, hash(i, 7) % 100 < 6 AS late,
          hash(i, 2) % {agencies} AS a
        FROM range({records}) AS t(i)
      ), d AS (
        SELECT *, r + to_days(CAST(3 + hash(i, 8) % 12 AS INTEGER)) AS due FROM b
      )
      SELECT
        printf('1.%06d', {100000 + city * procedures}
               + (a * 7 + hash(i * 2 + 1) % {PER_AGENCY}) % {procedures}) AS "Mã TTHC",
        printf('Cơ quan %03d', a) AS "Cơ quan",
        strftime(r, '%Y-%m-%d %H:%M:%S') AS "Ngày tiếp nhận",
        strftime(due, '%Y-%m-%d %H:%M:%S') AS "Ngày hẹn trả",
        CASE WHEN NOT fin THEN ''
             WHEN late THEN strftime(due + to_days(CAST(1 + hash(i, 9) % 5 AS INTEGER)),
                                     '%Y-%m-%d %H:%M:%S')
             ELSE strftime(r + to_seconds(CAST((epoch(due) - epoch(r)) * (hash(i, 9) % 90)
                           / 100 AS BIGINT)), '%Y-%m-%d %H:%M:%S') END AS "Ngày hoàn thành",
        CASE WHEN hash(i, 3) % 100 < 55 THEN 'Trực tuyến'
             WHEN hash(i, 3) % 100 < 60 THEN 'Bưu chính' ELSE 'Trực tiếp' END AS "Kênh nộp",
        CASE WHEN fin THEN 'Đã trả kết quả' ELSE 'Đang xử lý' END AS "Trạng thái",
        CASE WHEN hash(i, 4) % 100 < 70 THEN 'Có' ELSE 'Không' END AS "Số hóa",
        CASE WHEN fin AND hash(i, 10) % 100 < 50 THEN 'Có' ELSE 'Không' END
          AS "Kết quả điện tử",
        CASE WHEN hash(i, 11) % 100 < 40 THEN 'Có' ELSE 'Không' END AS "Phải nộp phí",
        CASE WHEN hash(i, 11) % 100 < 24 THEN 'Có' ELSE 'Không' END AS "Thanh toán trực tuyến"
      FROM d
    ) TO '{path}' (HEADER, DELIMITER ',')
    """
    con = duckdb.connect()
    con.execute(sql)
    con.close()


DUCK_INDEX = """
WITH base AS (SELECT * FROM months WHERE locality_id = {loc}),
demo AS (SELECT month, bool_or(is_demo) AS is_demo FROM base GROUP BY month),
g AS (
  SELECT month, coalesce(agency, '') AS agency, {sums}
  FROM base GROUP BY GROUPING SETS ((month, agency), (month))
)
SELECT '{version}' AS version, {loc} AS locality_id, g.agency, g.month, c.key, c.num, c.den,
  CASE WHEN c.den = 0 THEN NULL ELSE round(least(
    c.share * greatest(c.num, 0)::DECIMAL(38, 10) * CASE WHEN c.full_at IS NULL THEN 1
      ELSE 100 END / (c.den * coalesce(c.full_at, 1)),
    c.share), 3) END AS points,
  c.share, demo.is_demo
FROM g JOIN demo USING (month),
LATERAL (SELECT * FROM (VALUES {rows}) AS v(key, num, den, share, full_at)) AS c
"""


def copy_peer(connection, path: Path, clock: Clock) -> None:  # noqa: ANN001 - a connection
    """PostgreSQL's own COPY of one records file into a typed temporary table (dropped at the
    commit), timed by `clock`: the peer the import is measured against. ``connection``: Django's
    (on PostgreSQL) or psycopg's (beside a SpatiaLite run)."""
    names = ", ".join(f"c{i}" for i in range(len(HEADER)))
    with connection.cursor() as cursor:
        cursor.execute("BEGIN")
        cursor.execute("SET LOCAL datestyle = 'ISO, DMY'")
        cursor.execute(
            "CREATE TEMP TABLE copy_peer (c0 text, c1 text, c2 timestamp, c3 timestamp, "
            "c4 timestamp, c5 text, c6 text, c7 text, c8 text, c9 text, c10 text) "
            "ON COMMIT DROP"
        )
        with (
            clock,
            open(path, "rb") as raw,
            getattr(cursor, "cursor", cursor).copy(
                f"COPY copy_peer ({names}) FROM STDIN WITH (FORMAT csv, HEADER true, "
                "FORCE_NULL (c2, c3, c4))"
            ) as copy,
        ):
            while chunk := raw.read(1 << 20):
                copy.write(chunk)
        cursor.execute("COMMIT")


BACKENDS = ("sqlite", "postgresql")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=[*BACKENDS, "both"], default="both")
    parser.add_argument("--records", type=int, default=10_000_000)
    parser.add_argument("--month-records", type=int, default=280_000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--procedures", type=int, default=2000)
    parser.add_argument("--agencies", type=int, default=600)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--out", type=Path, default=OUT / "indicators.json")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the database afterwards (to profile its pages; drop it yourself); on "
        "SpatiaLite the file var/bench/<HOPTAC_BENCH_DB>.sqlite3",
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.backend == "both":
        return both(args)
    scratch = Path(tempfile.mkdtemp(prefix="hoptac-bench-indicators-", dir=OUT))
    base = server_url()
    recreate(base)
    if args.backend == "postgresql":
        database_url = f"{base}/{DB}"
    else:
        kept = OUT / f"{DB}.sqlite3"
        if args.keep:
            kept.unlink(missing_ok=True)
        database_url = f"spatialite:///{kept if args.keep else scratch / 'bench.sqlite3'}"
    django_environment(database_url, "testserver,127.0.0.1,localhost", HOPTAC_VAR_DIR=str(scratch))
    sys.path.insert(0, str(ROOT))
    load_start = os.getloadavg()
    started = dt.datetime.now(dt.UTC)
    try:
        figures = run(args, scratch, base)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep or args.backend != "postgresql":
            recreate(base, drop_only=True)
        shutil.rmtree(scratch, ignore_errors=True)
    figures = {
        "backend": args.backend,
        "date": started.isoformat(timespec="seconds"),
        "load_average": {"start": load_start, "end": os.getloadavg()},
        **figures,
    }
    report({"backends": {args.backend: figures}}, args.out)
    return 0 if all(r["verdict"] == "PASS" for r in figures["results"]) else 1


def both(args: argparse.Namespace) -> int:
    """Each backend in a process of its own (Django's settings name one database), one after
    the other; their figures gathered in one file."""
    gathered: dict = {}
    status = 0
    for backend in BACKENDS:
        out = args.out.with_name(f"{args.out.stem}-{backend}.json")
        command = [sys.executable, __file__, "--backend", backend, "--out", str(out)]
        for name in ("records", "month_records", "months", "procedures", "agencies", "requests"):
            command += [f"--{name.replace('_', '-')}", str(getattr(args, name))]
        status |= subprocess.call(command, cwd=ROOT)  # noqa: S603 - our own script
        if out.exists():
            gathered.update(json.loads(out.read_text(encoding="utf-8"))["backends"])
            out.unlink()
    report({"backends": gathered}, args.out)
    return status


def run(args: argparse.Namespace, scratch: Path, base: str) -> dict:
    import django

    django.setup()
    import duckdb
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from hoptac.core.models import Locality, Partnership
    from hoptac.indicators import actions, bulk, index766

    backend = connection.vendor
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    log(f"migrated in {time.perf_counter() - t0:.1f} s")
    hanoi = Locality.objects.create(code="01", name_vi="Thành phố Hà Nội", name_en="Hanoi")
    danang = Locality.objects.create(code="48", name_vi="Thành phố Đà Nẵng", name_en="Da Nang")
    Partnership.objects.create(locality_a=hanoi, locality_b=danang)
    cities = [hanoi, danang]
    per_city = args.records // 2
    files = []
    t0 = time.perf_counter()
    for n, city in enumerate(cities):
        path = scratch / f"records-{city.code}.csv"
        generate(
            path, n, per_city, args.months, args.procedures // 2, args.agencies // 2, "2023-01-01"
        )
        files.append(path)
    size = sum(f.stat().st_size for f in files)
    log(
        f"{args.records:,} records generated in {time.perf_counter() - t0:.1f} s ({size >> 20} MiB)"
    )
    today = dt.date(2026, 12, 5)
    fig: dict = {
        "scale": {
            "records": args.records,
            "month_records": args.month_records,
            "cities": 2,
            "procedures": args.procedures,
            "agencies": args.agencies,
            "months": args.months,
            "file_mib": size >> 20,
        },
        "results": [],
    }

    def measured(result: dict, load: tuple[float, float]) -> None:
        """A verdict with its backend, the load average (1 min) before and after, and when."""
        fig["results"].append(
            {
                **result,
                "backend": backend,
                "load_1min": list(load),
                "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            }
        )

    # PostgreSQL's own COPY of the same files into the same (typed) staging table: on the
    # PostgreSQL run through its own connection, beside SpatiaLite through one of psycopg's to
    # the (empty) benchmark database.
    if backend == "postgresql":
        peer = connection
    else:
        import psycopg

        peer = psycopg.connect(
            base.replace("postgis://", "postgresql://") + f"/{DB}", autocommit=True
        )
    copy_clock = Clock(peer)
    for path in files:
        copy_peer(peer, path, copy_clock)
    if peer is not connection:
        peer.close()
    copy_s = copy_clock.wall
    log(f"COPY: {copy_s:.1f} s, CPU {copy_clock.cpu} s")
    duck = duckdb.connect()
    t0 = time.perf_counter()
    for n, path in enumerate(files):
        duck.execute(f"CREATE TABLE r{n} AS SELECT * FROM read_csv('{path}', header = true)")
    duck_read_s = time.perf_counter() - t0
    log(f"DuckDB read: {duck_read_s:.1f} s")

    import_clock = Clock(connection)
    # Without ``replace_months``, as the import page's default: the months are empty, so the
    # check that a file drops no figure it does not hold reads one empty index range.
    for city, path in zip(cities, files, strict=True):
        with import_clock:
            result = bulk.import_records(city, path, today, compute=False)
        assert not result.errors, result.errors[:3]
        log(f"import {city.code}: {result.records:,} records → {result.rows:,} monthly rows")
    import_s = import_clock.wall
    log(f"import: {import_s:.1f} s, CPU {import_clock.cpu} s")
    extra = {
        "duckdb_read_s": duck_read_s,
        "wall_and_cpu": {"import": import_clock.figures(), "copy": copy_clock.figures()},
    }
    load = (copy_clock.load[0][0], import_clock.load[-1][1])
    measured(verdict("import_s", import_s, copy_s, 2.0, "PostgreSQL COPY", extra), load)
    if import_clock.cpu is not None and copy_clock.cpu:
        measured(
            verdict("import_cpu_s", import_clock.cpu, copy_clock.cpu, 2.0, "PostgreSQL COPY"),
            load,
        )

    # Every 766 component of the default version for every agency and month, against DuckDB
    # on the same figures (an import computes every version: the month below includes them).
    spec = index766.version()
    recompute_clock = Clock(connection)
    with recompute_clock:
        results = sum(actions.compute_index(city, version=spec.key) for city in cities)
    recompute_s = recompute_clock.wall
    scores = results * len(spec.computed)  # each result row holds every computed component
    log(f"recompute: {scores:,} scores ({results:,} rows) in {recompute_s:.1f} s")
    duck_months(duck, connection, scratch / "months.csv")
    duck_clock, duck_scores = duck_index(duck, cities, spec)
    duck_index_s = duck_clock.wall
    log(f"DuckDB index: {duck_scores:,} scores in {duck_index_s:.2f} s")
    assert duck_scores == scores, (duck_scores, scores)
    load = (recompute_clock.load[0][0], duck_clock.load[-1][1])
    clocks = {"recompute": recompute_clock.figures(), "duckdb": duck_clock.figures()}
    extra = {"wall_and_cpu": clocks}
    measured(verdict("recompute_s", recompute_s, duck_index_s, 3.0, "DuckDB", extra), load)
    if recompute_clock.cpu is not None and duck_clock.cpu:
        cpu = verdict("recompute_cpu_s", recompute_clock.cpu, duck_clock.cpu, 3.0, "DuckDB")
        measured(cpu, load)

    # One month more, end to end.
    month_path = scratch / "month.csv"
    generate(
        month_path,
        0,
        args.month_records,
        1,
        args.procedures // 2,
        args.agencies // 2,
        "2026-01-01",
    )
    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    result = bulk.import_records(hanoi, month_path, today)
    month_s = time.perf_counter() - t0
    assert not result.errors, result.errors[:3]
    log(f"one month ({result.records:,} records) in {month_s:.1f} s")
    measured(
        verdict("month_s", month_s, 15.0, 1.0, "target (s)"), (load_before, os.getloadavg()[0])
    )

    # The side-by-side pages.
    client = Client()
    pages = {
        "index766": (reverse("indicators:index766"), {"a": "01", "b": "48"}),
        "index766_detail": (
            reverse("indicators:index766_detail"),
            {"city": "01", "component": "on_time"},
        ),
        "framework": (reverse("indicators:framework", args=["pci"]), {}),
    }
    for name, (url, params) in pages.items():
        for _ in range(3):
            assert client.get(url, params).status_code == 200
        times, cpu = [], []
        page_clock = Clock(connection)
        for _ in range(args.requests):
            before = page_clock.cpu or 0.0
            t0 = time.perf_counter()
            with page_clock:
                client.get(url, params)
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append(((page_clock.cpu or 0.0) - before) * 1000)
        p95 = percentile(times, 95)
        log(
            f"{name}: p50 {statistics.median(times):.0f} ms, p95 {p95:.0f} ms; "
            f"CPU p50 {statistics.median(cpu):.0f} ms, p95 {percentile(cpu, 95):.0f} ms"
        )
        cpu_figures = {
            "cpu_ms": {
                "p50": round(statistics.median(cpu), 1),
                "p95": round(percentile(cpu, 95), 1),
            }
        }
        measured(
            verdict(f"{name}.p95_ms", p95, 150.0, 1.0, "target (ms)", cpu_figures),
            (page_clock.load[0][0], page_clock.load[-1][1]),
        )
    duck.close()
    return fig


def verdict(
    name: str, figure: float, peer: float, factor: float, peer_name: str, extra: dict | None = None
) -> dict:
    ratio = figure / peer if peer else float("inf")
    return {
        "name": name,
        "figure": round(figure, 3),
        "peer": peer_name,
        "peer_figure": round(peer, 3),
        "ratio": round(ratio, 2),
        "target": f"≤ {factor:g} × {peer_name}"
        if peer_name not in {"target (s)", "target (ms)"}
        else f"≤ {peer:g} {peer_name[8:-1]}",
        "verdict": "PASS" if ratio <= factor else "FAIL",
        **(extra or {}),
    }


def duck_months(duck, connection, path: Path) -> None:  # noqa: ANN001 - DuckDB's, Django's
    """Every monthly figure held, as DuckDB's table ``months`` (read from a CSV at ``path``)."""
    from hoptac.indicators.models import COUNTS, DossierMonth

    export_months(connection, DossierMonth, path)
    # the counts typed: a count no file reported (NULL in every row) reads as text otherwise
    types = ", ".join(f"'{c}': 'BIGINT'" for c in COUNTS)
    duck.execute(
        f"CREATE OR REPLACE TABLE months AS SELECT * FROM read_csv('{path}', header = true, "
        f"types = {{{types}}})"
    )


def duck_index(duck, cities: list, spec) -> tuple[Clock, int]:  # noqa: ANN001 - DuckDB's
    """The recompute's peer: every component of ``spec`` for every agency and month of
    ``cities`` and both audiences, by DuckDB from its table ``months`` (``duck_months``), into
    tables of its own. Returns its clock and the scores computed."""
    from hoptac.indicators.models import COUNTS

    def total(terms) -> str:
        return (
            "(0"
            + "".join(
                f" - coalesce({t[1:]}, 0)" if t.startswith("-") else f" + coalesce({t}, 0)"
                for t in terms
            )
            + ")"
        )

    rows = ", ".join(
        f"('{c.key}', {total(c.numerator)}, {total(c.denominator)}, "
        f"{c.share}::DECIMAL(10, 3), {c.full_at or 'NULL'}::DECIMAL(10, 3))"
        for c in spec.computed
    )
    sums = ", ".join(f"sum({c}) AS {c}" for c in COUNTS)
    duck_clock = Clock(None)  # DuckDB runs in this process: its CPU is this process's
    duck_scores = 0
    with duck_clock:
        for audience in ("all", "public"):
            for city in cities:
                sql = DUCK_INDEX.format(
                    loc=city.pk, sums=sums, version=spec.key, rows=rows
                ).replace(
                    "WHERE locality_id",
                    "WHERE " + ("is_public AND " if audience == "public" else "") + "locality_id",
                )
                duck.execute(f"CREATE OR REPLACE TABLE s_{audience}_{city.code} AS {sql}")
                duck_scores += duck.execute(
                    f"SELECT count(*) FROM s_{audience}_{city.code}"
                ).fetchone()[0]
    return duck_clock, duck_scores


def export_months(connection, model, path: Path) -> None:  # noqa: ANN001 - Django's
    """Every monthly figure held, as a CSV with a header, for DuckDB to read."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, open(path, "wb") as out:
            with cursor.cursor.copy(
                f"COPY (SELECT * FROM {model._meta.db_table}) TO STDOUT "
                "WITH (FORMAT csv, HEADER true)"
            ) as copy:
                for chunk in copy:
                    out.write(chunk)
        return
    import csv

    names = [f.column for f in model._meta.concrete_fields]
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(names)
        for row in model.objects.values_list(*[f.attname for f in model._meta.concrete_fields]):
            writer.writerow(str(v).lower() if isinstance(v, bool) else v for v in row)


def report(figures: dict, out: Path) -> None:
    print(
        f"{'backend':<12}{'measure':<24}{'figure':>12}{'peer':>12}{'ratio':>8}  "
        f"{'target':<26}{'verdict':<9}load (1 min)"
    )
    for backend, run_figures in figures["backends"].items():
        for r in run_figures["results"]:
            print(
                f"{backend:<12}{r['name']:<24}{r['figure']:>12.3f}{r['peer_figure']:>12.3f}"
                f"{r['ratio']:>8.2f}  {r['target']:<26}{r['verdict']:<9}"
                f"{r['load_1min'][0]:.1f}–{r['load_1min'][1]:.1f}"
            )
        print(
            f"{backend}: {run_figures['date']}; scale: {run_figures['scale']}; "
            f"load average {run_figures['load_average']}"
        )
    out.write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"written to {out.resolve().relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
