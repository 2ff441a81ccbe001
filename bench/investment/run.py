"""The investment benchmark: `make bench-investment`.

For each backend (a SpatiaLite file under var/bench/, then PostgreSQL + PostGIS), in its own
process: migrate a fresh database, generate 100,000 enterprises and 5,000 projects
(`bench/investment/generate_investment_bench.py`), time the top 20 matches for 200 projects and 200
enterprises (p50/p95, ms), then build a B2B day of 300 participants, 1,500 accepted requests,
16 slots and 60 tables and time "schedule all" (CP-SAT), printing the share of meetings placed
next to a greedy first-come baseline and the solver's own upper bound. Figures are printed and
written, each named, to var/bench/investment.json.

Then, without a database, the weighted B2B day of issue 19 (`generate_b2b_bench.py`: 1,000
participants of whom 150 hosts, 6,000 requests with priorities 1-3, availability windows (a
morning-heavy day), small/large tables and interpreter tables per language): priority-weighted
meetings for the product's solver (`scheduling.solve`, 57 s, 2 CP-SAT workers, hinted with the
greedy plan improved by its local search), the greedy in priority order and the LP relaxation's
bound (GLOP; several minutes on this instance, outside the solver's time), each with its wall and
CPU time and its gap to the bound, the 1-minute load, and the verdict against the targets;
written to var/bench/investment_b2b.json.
`--only b2b` runs this part alone.

PostgreSQL: BENCH_INVESTMENT_DATABASE_URL if set (that database, recreated), else
HOPTAC_TEST_DATABASE_URL (a database named hoptac_bench_investment is created next to it), else a
throwaway cluster (initdb in a temporary folder, a free port). `--reuse` keeps the named database
and its directory when it already holds the enterprises (a 1,000,000-row directory takes half an
hour to generate), migrates it and runs VACUUM ANALYZE; `--matching-only` leaves out the B2B day.

Each query is timed in wall clock and in CPU: this process's (Python) and, on PostgreSQL, the
server backend's (from /proc), so that a loaded machine's queueing can be told from the work.
BENCH_INVESTMENT_DIRECT_CAP sets `matching.DIRECT_CAP` (0: every source read by groups, as
before issue 19's second round). The top 20 of the first BENCH_INVESTMENT_CHECK sources
(default 5) of each enterprise direction are compared with scoring every candidate
(`matching.score_every_candidate`).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "var" / "bench"
ENTERPRISES = int(os.environ.get("BENCH_INVESTMENT_ENTERPRISES", "100000"))
PROJECTS = int(os.environ.get("BENCH_INVESTMENT_PROJECTS", "5000"))
QUERIES = 200
CHECK = int(os.environ.get("BENCH_INVESTMENT_CHECK", "5"))
B2B = {"participants": 300, "accepted": 1500, "slots": 16, "tables": 60}
SOLVER_SECONDS = float(os.environ.get("BENCH_INVESTMENT_SOLVER_SECONDS", "25"))
# the solver's own budget; building the model and seating the tables fit in the rest of 60 s
WEIGHTED_SECONDS = float(os.environ.get("BENCH_INVESTMENT_WEIGHTED_SECONDS", "57"))
TARGETS = {"above_greedy": 0.10, "gap_to_bound": 0.02, "seconds": 60.0}


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def backend_cpu_ms(connection) -> float:
    """CPU time (user + system) the PostgreSQL backend of this connection has used, in ms."""
    if connection.vendor != "postgresql":
        return 0.0
    if not hasattr(connection, "_bench_pid"):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            connection._bench_pid = cursor.fetchone()[0]
    try:  # nanoseconds on a CPU (the scheduler's count; /proc/PID/stat counts 10 ms ticks)
        return int(Path(f"/proc/{connection._bench_pid}/schedstat").read_text().split()[0]) / 1e6
    except OSError:  # another machine's server
        return 0.0


def worker(database_url: str, reuse: bool = False, matching_only: bool = False) -> dict:
    os.environ.update(
        DATABASE_URL=database_url, DEBUG="1", DJANGO_SETTINGS_MODULE="hoptac.settings"
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from hoptac.investment import matching
    from hoptac.investment.matching import Matcher, score_every_candidate
    from hoptac.investment.models import Enterprise, Project

    if "BENCH_INVESTMENT_DIRECT_CAP" in os.environ:  # 0: the bounded reading for every source
        matching.DIRECT_CAP = int(os.environ["BENCH_INVESTMENT_DIRECT_CAP"])
    call_command("migrate", verbosity=0)
    t = time.perf_counter()
    if not (reuse and Enterprise.objects.count() >= ENTERPRISES):
        from generate_investment_bench import Command as GenerateInvestment  # bench/investment/

        call_command(
            GenerateInvestment(),
            enterprises=ENTERPRISES,
            projects=PROJECTS,
            stdout=open(os.devnull, "w"),  # noqa: SIM115
        )
    generate_s = time.perf_counter() - t
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    rnd = random.Random(20)
    project_ids = list(Project.objects.values_list("pk", flat=True))
    enterprise_ids = list(Enterprise.objects.values_list("pk", flat=True))
    figures: dict = {
        "backend": connection.vendor,
        "enterprises": len(enterprise_ids),
        "projects": len(project_ids),
        "generate_s": round(generate_s, 1),
        "load_average_start": os.getloadavg(),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    runs = {
        "project_to_enterprises": (Project, project_ids, "enterprise"),
        "enterprise_to_enterprises": (Enterprise, enterprise_ids, "enterprise"),
        "enterprise_to_projects": (Enterprise, enterprise_ids, "project"),
    }
    for name, (model, ids, target) in runs.items():
        times, cpu, server, sizes, same, checked = [], [], [], [], 0, 0
        for n, pk in enumerate(rnd.sample(ids, QUERIES)):
            s0, c0, t = backend_cpu_ms(connection), time.process_time(), time.perf_counter()
            source = model.objects.get(pk=pk)  # as a request would: read, build, rank
            top = Matcher().rank(source, target, limit=20)
            times.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
            server.append(backend_cpu_ms(connection) - s0)
            sizes.append(len(top))
            if target == "enterprise" and n < CHECK:
                checked += 1
                same += [(m.score, m.id) for m in top] == score_every_candidate(source, target)
        figures[name] = {
            "queries": QUERIES,
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(pct(times, 0.95), 1),
            "max_ms": round(max(times), 1),
            "cpu_python_p50_ms": round(statistics.median(cpu), 1),
            "cpu_python_p95_ms": round(pct(cpu, 0.95), 1),
            "cpu_server_p50_ms": round(statistics.median(server), 1),
            "cpu_server_p95_ms": round(pct(server, 0.95), 1),
            "mean_results": round(statistics.mean(sizes), 1),
        }
        if checked:
            figures[name]["same_top_as_every_candidate"] = f"{same}/{checked}"
    figures["load_average_end"] = os.getloadavg()
    if not matching_only:
        figures["b2b"] = b2b_day(rnd)
    return figures


def b2b_day(rnd: random.Random) -> dict:
    import datetime as dt

    from django.utils import timezone

    from hoptac.core.models import Locality
    from hoptac.investment import actions, scheduling
    from hoptac.investment.models import (
        Enterprise,
        Event,
        Meeting,
        MeetingRequest,
        Participant,
        Session,
        Slot,
        Table,
    )

    event = Event.objects.create(
        locality=Locality.objects.get(code="48"),
        name_vi="Ngày B2B benchmark",
        venue="Đà Nẵng",
        day=dt.date(2026, 12, 15),
    )
    session = Session.objects.create(event=event, name="Cả ngày")
    start = dt.datetime(2026, 12, 15, 8, 0, tzinfo=dt.UTC)
    slots = [
        Slot(
            event=event,
            session=session,
            starts_at=start + dt.timedelta(minutes=30 * i),
            ends_at=start + dt.timedelta(minutes=30 * i + 25),
        )
        for i in range(B2B["slots"])
    ]
    Slot.objects.bulk_create(slots)
    slots = list(event.slots.order_by("starts_at"))
    Table.objects.bulk_create([Table(event=event, label=f"T{i:02d}") for i in range(B2B["tables"])])
    firms = list(Enterprise.objects.order_by("pk")[: B2B["participants"]])
    Participant.objects.bulk_create(
        [
            Participant(event=event, enterprise=f, contact_name="X", contact_email="x@example.vn")
            for f in firms
        ]
    )
    people = list(event.participants.order_by("pk"))
    through = Participant.unavailable.through
    away = []
    for p in people:
        if rnd.random() < 0.2:  # a fifth of the participants are away for two slots
            for s in rnd.sample(slots, 2):
                away.append(through(participant_id=p.pk, slot_id=s.pk))
    through.objects.bulk_create(away)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < B2B["accepted"]:
        a, b = rnd.sample(people, 2)
        if (b.pk, a.pk) not in pairs:
            pairs.add((a.pk, b.pk))
    now = timezone.now()
    reqs = [
        MeetingRequest(
            event=event,
            requester_id=a,
            target_id=b,
            status="accepted",
            created_at=now + dt.timedelta(seconds=i),
            expires_at=now + dt.timedelta(days=3),
        )
        for i, (a, b) in enumerate(sorted(pairs, key=lambda _p: rnd.random()))
    ]
    MeetingRequest.objects.bulk_create(reqs)
    Meeting.objects.bulk_create(
        [Meeting(event=event, request=r) for r in MeetingRequest.objects.filter(event=event)]
    )
    t = time.perf_counter()
    outcome = actions.schedule_event(event, time_limit=SOLVER_SECONDS)
    seconds = time.perf_counter() - t
    problem, _meetings = actions.build_problem(event)
    greedy = scheduling.greedy(problem)
    placed = Meeting.objects.filter(event=event, slot__isnull=False).count()
    total = outcome.total
    return {
        **B2B,
        "scheduled_s": round(seconds, 1),
        "placed": placed,
        "placed_share": round(placed / total, 4),
        "greedy_placed": len(greedy),
        "greedy_share": round(len(greedy) / total, 4),
        "upper_bound": outcome.upper_bound,
        "upper_bound_share": round(outcome.upper_bound / total, 4),
        "capacity": B2B["slots"] * B2B["tables"],
        "idle_slots_solver": outcome.idle,
        "idle_slots_greedy": scheduling.idle_slots(problem, greedy),
    }


def check_plan(problem, assignment: dict) -> None:
    """The plan keeps every hard rule: no double booking, windows, table kinds."""
    seats, busy = set(), set()
    kind = problem.table_kind
    for m in problem.meetings:
        if m.id not in assignment:
            continue
        slot, table = assignment[m.id]
        for who in (m.a, m.b):
            if slot in problem.unavailable.get(who, ()) or (who, slot) in busy:
                raise SystemExit(f"bench-investment: meeting {m.id} breaks a window or overlaps")
            busy.add((who, slot))
        if (slot, table) in seats or (m.kinds and kind[table] not in m.kinds):
            raise SystemExit(f"bench-investment: meeting {m.id} has a wrong table")
        seats.add((slot, table))


def b2b_weighted() -> dict:
    """Issue 19's B2B day: CP-SAT against the greedy and the LP bound, on the same model."""
    from generate_b2b_bench import instance  # bench/investment/

    from hoptac.investment import scheduling

    problem, info = instance()
    loads = [os.getloadavg()[0]]
    t, c = time.perf_counter(), time.process_time()
    bound = scheduling.lp_bound(problem)
    lp_s, lp_cpu = time.perf_counter() - t, time.process_time() - c
    t, c = time.perf_counter(), time.process_time()
    plan = scheduling.greedy(problem)
    greedy_s, greedy_cpu = time.perf_counter() - t, time.process_time() - c
    check_plan(problem, plan)
    loads.append(os.getloadavg()[0])
    t, c = time.perf_counter(), time.process_time()
    result = scheduling.solve(problem, time_limit=WEIGHTED_SECONDS, workers=2)
    # CPU: this process, CP-SAT's threads included
    solver_s, solver_cpu = time.perf_counter() - t, time.process_time() - c
    loads.append(os.getloadavg()[0])
    check_plan(problem, result.assignment)
    greedy_value = scheduling.value(problem, plan)
    # a reference, not the baseline: the same greedy filling the latest free slot first
    from b2b_features import latest_first  # bench/investment/

    latest = latest_first(problem)
    check_plan(problem, latest)
    latest_value = scheduling.value(problem, latest)

    def row(weighted: float, meetings: int | None, seconds: float, cpu: float) -> dict:
        return {
            "weighted": weighted,
            "meetings": meetings,
            "seconds": round(seconds, 1),
            "cpu_seconds": round(cpu, 1),
            "gap_to_bound": round(1 - weighted / bound, 4),
        }

    above = result.value / greedy_value - 1
    gap = 1 - result.value / bound
    return {
        "instance": info,
        "cp_sat": {
            **row(result.value, result.placed, solver_s, solver_cpu),
            "solver_bound": result.upper_bound,
            "optimal": result.optimal,
            "time_limit_s": WEIGHTED_SECONDS,
            "workers": 2,
        },
        "greedy": row(greedy_value, len(plan), greedy_s, greedy_cpu),
        "greedy_latest_slot": {
            "weighted": latest_value,
            "meetings": len(latest),
            "above_greedy": round(latest_value / greedy_value - 1, 4),
            "gap_to_bound": round(1 - latest_value / bound, 4),
        },
        "lp_bound": {
            "weighted": round(bound, 1),
            "seconds": round(lp_s, 1),
            "cpu_seconds": round(lp_cpu, 1),
        },
        "verdict": {
            "above_greedy": round(above, 4),
            "above_greedy_ok": above >= TARGETS["above_greedy"],
            # what any plan could reach at most: the bound over the greedy
            "bound_above_greedy": round(bound / greedy_value - 1, 4),
            "gap_to_bound": round(gap, 4),
            "gap_to_bound_ok": gap <= TARGETS["gap_to_bound"],
            "seconds": round(solver_s, 1),
            "seconds_ok": solver_s <= TARGETS["seconds"],
        },
        "targets": TARGETS,
        # 1-minute load: at the start, before the solver, after it
        "load_average": loads,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def report_b2b(f: dict) -> None:
    i, v = f["instance"], f["verdict"]
    print(
        f"== B2B weighted (issue 19): {i['participants']} participants, {i['requests']} requests "
        f"(priorities {i['priorities']}), {i['slots']} slots, tables {i['tables']} "
        f"({i['seats']} seats); load {' / '.join(f'{x:.1f}' for x in f['load_average'])}"
    )
    print(
        f"  {'':10} {'weighted':>9} {'meetings':>9} {'wall s':>7} {'CPU s':>7} {'gap to bound':>13}"
    )
    for name, key in (("CP-SAT", "cp_sat"), ("greedy", "greedy")):
        r = f[key]
        print(
            f"  {name:10} {r['weighted']:9} {r['meetings']:9} {r['seconds']:7.1f} "
            f"{r['cpu_seconds']:7.1f} {r['gap_to_bound']:13.2%}"
        )
    r = f["greedy_latest_slot"]
    print(
        f"  {'latest slot':10} {r['weighted']:9} {r['meetings']:9} {'':>7} {'':>7} "
        f"{r['gap_to_bound']:13.2%}  (the greedy filling the latest slot first: a reference)"
    )
    b = f["lp_bound"]
    lp = f"{b['weighted']:9.1f} {'':>9} {b['seconds']:7.1f} {b['cpu_seconds']:7.1f}"
    print(f"  {'LP bound':10} {lp}")

    def ok(flag: bool) -> str:
        return "met" if flag else "NOT MET"

    print(
        f"  target >= 10% above greedy: {v['above_greedy']:+.2%} {ok(v['above_greedy_ok'])} "
        f"(the LP bound itself is {v['bound_above_greedy']:+.2%} above greedy)"
    )
    print(f"  target within 2% of bound: {v['gap_to_bound']:.2%} {ok(v['gap_to_bound_ok'])}")
    print(f"  target <= 60 s: {v['seconds']} s {ok(v['seconds_ok'])}")


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Postgres:
    """The database named by BENCH_INVESTMENT_DATABASE_URL, a database on the server named by
    HOPTAC_TEST_DATABASE_URL, or a throwaway cluster of our own."""

    def __enter__(self) -> str:
        self.dir = None
        if os.environ.get("BENCH_INVESTMENT_DATABASE_URL"):
            return os.environ["BENCH_INVESTMENT_DATABASE_URL"]
        given = os.environ.get("HOPTAC_TEST_DATABASE_URL")
        if given:
            return given.rsplit("/", 1)[0] + "/hoptac_bench_investment"
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: p.parent.name)
        if not bins:
            raise SystemExit("bench-investment: PostgreSQL is not installed (see README).")
        self.bin = bins[-1]
        self.dir = Path(tempfile.mkdtemp(prefix="hoptac-bench-pg."))
        self.run = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        port = free_port()
        self.data = self.dir / "data"
        subprocess.run(
            [
                *self.run,
                str(self.bin / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
            check=True,
            capture_output=True,
        )
        opts = (
            f"-p {port} -k {self.dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off"
        )
        subprocess.run(
            [
                *self.run,
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.dir / "log"),
                "-w",
                "-o",
                opts,
                "start",
            ],
            check=True,
            capture_output=True,
        )
        return f"postgis://postgres@127.0.0.1:{port}/hoptac_bench_investment"

    def __exit__(self, *exc) -> None:
        if self.dir:
            subprocess.run(
                [
                    *self.run,
                    str(self.bin / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-m",
                    "immediate",
                    "stop",
                ],
                capture_output=True,
            )
            shutil.rmtree(self.dir, ignore_errors=True)


def recreate_pg(url: str, reuse: bool = False) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    admin = base.replace("postgis://", "postgresql://") + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reuse:
            return
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(url.replace("postgis://", "postgresql://")) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")


def spawn(url: str, flags: list[str]) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, __file__, "--worker", url, *flags],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode:
        sys.stderr.write(out.stderr[-4000:])
        raise SystemExit(f"bench-investment: the worker for {url.split(':')[0]} failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


def report(figures: dict) -> None:
    for key, f in figures.items():
        print(
            f"== {key}: {f['enterprises']} enterprises, {f['projects']} projects "
            f"(generated in {f['generate_s']} s)"
        )
        for name in (
            "project_to_enterprises",
            "enterprise_to_enterprises",
            "enterprise_to_projects",
        ):
            r = f[name]
            ok = "met" if r["p95_ms"] <= 200 else "NOT MET"
            print(
                f"  top 20 {name:27} p50 {r['p50_ms']:7.1f} ms  p95 {r['p95_ms']:7.1f} ms  "
                f"max {r['max_ms']:7.1f} ms  ({r['queries']} queries) target p95 <= 200 ms: {ok}"
            )
            print(
                f"    CPU p50/p95: Python {r['cpu_python_p50_ms']}/{r['cpu_python_p95_ms']} ms, "
                f"server {r['cpu_server_p50_ms']}/{r['cpu_server_p95_ms']} ms"
                + (
                    f"; same top 20 as scoring every candidate: {r['same_top_as_every_candidate']}"
                    if "same_top_as_every_candidate" in r
                    else ""
                )
            )
        start, end = f["load_average_start"], f["load_average_end"]
        print(f"  load average {start[0]:.1f} at the start, {end[0]:.1f} at the end")
        if "b2b" not in f:
            continue
        b = f["b2b"]
        print(
            f"  B2B {b['participants']} participants, {b['accepted']} accepted, "
            f"{b['slots']} slots, "
            f"{b['tables']} tables (capacity {b['capacity']}): scheduled in {b['scheduled_s']} s"
        )
        print(
            f"    placed {b['placed']} ({b['placed_share']:.1%})  greedy first-come "
            f"{b['greedy_placed']} ({b['greedy_share']:.1%})  solver upper bound "
            f"{b['upper_bound']} ({b['upper_bound_share']:.1%})  idle slots solver "
            f"{b['idle_slots_solver']} vs greedy {b['idle_slots_greedy']}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--worker")
    parser.add_argument(
        "--only", choices=["sqlite", "postgresql", "b2b"], help="one backend, or the B2B day"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="keep a database that holds the enterprises already"
    )
    parser.add_argument("--matching-only", action="store_true", help="leave out the B2B day")
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.reuse, args.matching_only)))
        return
    chosen = (("--reuse", args.reuse), ("--matching-only", args.matching_only))
    flags = [flag for flag, on in chosen if on]
    OUT.mkdir(parents=True, exist_ok=True)
    if args.only in (None, "b2b"):
        sys.path.insert(0, str(ROOT))
        weighted = b2b_weighted()
        (OUT / "investment_b2b.json").write_text(json.dumps(weighted, indent=2), encoding="utf-8")
        report_b2b(weighted)
        print(f"written to {OUT / 'investment_b2b.json'}")
        if args.only == "b2b":
            return
    sqlite_path = OUT / "investment.sqlite3"
    figures = {}
    if args.only != "postgresql":
        if not args.reuse:
            sqlite_path.unlink(missing_ok=True)
        figures["sqlite"] = spawn(f"spatialite:///{sqlite_path}", flags)
    if args.only != "sqlite":
        with Postgres() as url:
            recreate_pg(url, args.reuse)
            figures["postgresql"] = spawn(url, flags)
    (OUT / "investment.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")
    report(figures)
    print(f"written to {OUT / 'investment.json'}")


if __name__ == "__main__":
    main()
