#!/usr/bin/env python
"""The programmes speed benchmark: `make bench-programmes`.

For each backend — SpatiaLite (a fresh file under var/bench/) and PostgreSQL + PostGIS
(HOPTAC_TEST_DATABASE_URL if set, a database named hoptac_bench_programmes next to it; else a
throwaway cluster like scripts/test.sh's: initdb in a temporary folder, a free port, removed at
the end) — in its own process, so that its settings are clean: migrate, load the demo,
`generate_programmes --agreements 50 --organisations 200 --tasks 20000 --seed 1`, then with
Django's test Client (in process, the whole middleware stack, production settings over HTTP),
logged in as the Hanoi coordinator and as a Hanoi officer, N requests (after warm-ups) of:

    board               the board of the largest agreement (2,000 tasks)
    dashboard           the dashboard, unfiltered
    dashboard_agreement the dashboard filtered by that agreement
    my_work             my work
    task_list           the task list, first page
    task_list_filtered  the task list filtered (Hanoi leads, overdue) on its second page
    task_list_title_deep the task list sorted by title, on its last full page (the Vietnamese
                        sort key kept on the task: a keyset page walks the index from its cursor)
    task_list_agreement_deep, task_list_status_deep  the same sorted by agreement and by state
                        (no index serves them: the database sorts the visible tasks)
The list's pages are the links a reader follows (their cursors), read once as the coordinator.

p50/p95 in ms per page and role (target: p95 ≤ 100 ms, issue 19; `--target` to change it),
and the review report of the largest agreement (build_review + build_docx / build_pdf, median
of 3; target ≤ 5 s per document).
Prints a table with PASS/FAIL and writes every figure, named `<backend>.<role>.<page>.p95_ms`
(and `<backend>.<page>.p95_ms`, the worse of the two roles), to var/bench/programmes.json.

    .venv/bin/python bench/programmes/run.py [--only spatialite|postgis] [--requests 60]
        [--tasks 20000 --agreements 50 --largest 2000]   # issue 19: --tasks 100000
                                                          # --agreements 500 --largest 10000

`--only` measures one backend and keeps the other's last figures in the file. The figures are
wall-clock times in one process; `cpu_p50_ms` and `cpu_p95_ms` (this process's CPU time:
Python and SQLite, not the PostgreSQL server) and the load average are recorded next to them,
because a busy machine inflates wall-clock times.
"""

from __future__ import annotations

import argparse
import html
import io
import json
import os
import re
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
PAGE_TARGET_MS = 100.0  # issue 19 (was 150 ms at 20,000 tasks)
REPORT_TARGET_S = 5.0
PAGES = [
    "board",
    "dashboard",
    "dashboard_agreement",
    "my_work",
    "task_list",
    "task_list_filtered",
    "task_list_title_deep",
    "task_list_agreement_deep",
    "task_list_status_deep",
]
ROLES = ["coordinator", "officer"]


# --- the worker: one backend, in its own process ----------------------------------------------
def percentile(values: list[float], p: float) -> float:
    """The p-th percentile with linear interpolation between closest ranks."""
    xs = sorted(values)
    k = (len(xs) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def log(msg: str) -> None:
    print(f"  [{time.strftime('%H:%M:%S', time.gmtime())}] {msg}", file=sys.stderr, flush=True)


def worker(url: str, args: argparse.Namespace) -> dict:
    scratch = Path(tempfile.mkdtemp(prefix="hoptac-bench-programmes-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="hoptac.settings",
        DATABASE_URL=url,
        SECRET_KEY="hoptac-bench-programmes-throwaway-key-" + "0123456789abcdef" * 3,
        DEBUG="0",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        STATIC_MANIFEST="0",
        ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
        HOPTAC_VAR_DIR=str(scratch),
        EMAIL_URL="consolemail://",
    )
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count, Max
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from hoptac.core.models import Locality, Organisation, User
    from hoptac.programmes import queries
    from hoptac.programmes.models import Agreement, Task
    from hoptac.programmes.reports import build_docx, build_pdf, build_review

    fig: dict = {"backend": connection.vendor}
    try:
        t0 = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        fig["migrate_s"] = round(time.perf_counter() - t0, 1)
        log(f"migrated in {fig['migrate_s']} s")
        t0 = time.perf_counter()
        call_command("load_demo", stdout=io.StringIO())
        fig["load_demo_s"] = round(time.perf_counter() - t0, 1)
        log(f"demo loaded in {fig['load_demo_s']} s")
        out = io.StringIO()
        t0 = time.perf_counter()
        from generate_programmes import Command as GenerateProgrammes  # bench/programmes/

        call_command(
            GenerateProgrammes(),
            agreements=args.agreements,
            organisations=args.organisations,
            tasks=args.tasks,
            largest=args.largest,
            seed=args.seed,
            stdout=out,
        )
        fig["generate_s"] = round(time.perf_counter() - t0, 1)
        fig["generated"] = out.getvalue().strip()
        log(f"generate_programmes in {fig['generate_s']} s: {fig['generated']}")

        hanoi = Locality.objects.get(code="01")
        agreement = (
            Agreement.objects.filter(parties=hanoi)
            .annotate(n=Count("commitments__tasks"))
            .order_by("-n", "pk")
            .first()
        )
        coordinator = User.objects.get(username="gen-01-dieuphoi")
        officers = User.objects.filter(username__startswith="gen-01-chuyenvien-").order_by("pk")
        officer = max(officers, key=lambda u: (queries.my_work(u).count(), -u.pk))
        users = {"coordinator": coordinator, "officer": officer}
        fig["data"] = {
            "largest_agreement": agreement.reference,
            "largest_agreement_tasks": agreement.n,
            "visible_tasks": {r: queries.tasks_visible_to(u).count() for r, u in users.items()},
            "my_work_tasks": {r: queries.my_work(u).count() for r, u in users.items()},
            "users": {r: u.username for r, u in users.items()},
        }
        log(f"data: {fig['data']}")

        task_list = reverse("programmes:task_list")
        dashboard = reverse("programmes:dashboard")
        urls = {
            "board": reverse("programmes:board", args=[agreement.pk]),
            "dashboard": dashboard,
            "dashboard_agreement": f"{dashboard}?agreement={agreement.pk}",
            "my_work": reverse("programmes:my_work"),
            "task_list": task_list,
        }
        # the pages are links with a cursor (keyset pages): followed as a reader would, as the
        # coordinator (a cursor is a place in the order: the officer's page starts there too)
        reader = Client()
        reader.force_login(coordinator)

        def follow(url: str, rel: str) -> str:
            found = re.search(rf'<a href="(\?[^"]*)" rel="{rel}"', reader.get(url).content.decode())
            if not found:
                raise SystemExit(f"no {rel} link on {url}")
            return task_list + html.unescape(found.group(1))

        urls["task_list_filtered"] = follow(
            f"{task_list}?locality={hanoi.pk}&status=overdue", "next"
        )
        # the last full page of 50: the page before the last
        for sort in ("title", "agreement", "status"):
            urls[f"task_list_{sort}_deep"] = follow(f"{task_list}?sort={sort}&last=1", "prev")
        fig["urls"] = urls
        fig["pages"] = {}
        for role, user in users.items():
            client = Client()
            client.force_login(user)
            for page, url in urls.items():
                for _ in range(args.warmup):
                    response = client.get(url)
                    if response.status_code != 200:
                        raise SystemExit(f"{page} as {role}: HTTP {response.status_code} ({url})")
                connection.queries_log.clear()
                with CaptureQueriesContext(connection) as ctx:
                    client.get(url)
                captured = ctx.captured_queries  # before the next request resets the log
                sql_ms = sum(float(q["time"]) for q in captured) * 1000
                times, cpu = [], []
                load = os.getloadavg()[0]
                for _ in range(args.requests):
                    c0, t0 = time.process_time(), time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - t0) * 1000)
                    cpu.append((time.process_time() - c0) * 1000)
                    assert response.status_code == 200, (page, response.status_code)
                fig["pages"].setdefault(role, {})[page] = {
                    "p50_ms": round(statistics.median(times), 1),
                    "p95_ms": round(percentile(times, 95), 1),
                    "max_ms": round(max(times), 1),
                    # CPU time of this process (Python + SQLite; not the PostgreSQL server)
                    "cpu_p50_ms": round(statistics.median(cpu), 1),
                    "cpu_p95_ms": round(percentile(cpu, 95), 1),
                    "queries": len(captured),
                    "sql_ms": round(sql_ms, 1),
                    "bytes": len(response.content),
                    "load_avg": round((load + os.getloadavg()[0]) / 2, 1),
                }
                log(f"{role:11} {page:20} {fig['pages'][role][page]}")

        issuer = Organisation.objects.valid_on().get(locality=hanoi, kind="peoples_committee")
        kw = {
            "period_start": agreement.signed_on,
            # the end of the period is late enough for every task to have started: all 2,000
            # tasks are in the report
            "period_end": max(
                dt_today(),
                Task.objects.filter(commitment__agreement=agreement).aggregate(m=Max("start_date"))[
                    "m"
                ],
            ),
            "issuer": issuer,
            "number": "215/BC-UBND",
            "signer_name": "Hà Minh Hải",
            "signer_title": "Phó Chủ tịch",
            "place": "Hà Nội",
            "recipients": [
                "Thường trực Thành ủy (để báo cáo)",
                "UBND thành phố Đà Nẵng",
                "Các sở, ban, ngành Thành phố",
            ],
            "user": coordinator,
        }
        runs: dict[str, list[float]] = {"review": [], "docx": [], "pdf": []}
        for _ in range(3):
            t0 = time.perf_counter()
            review = build_review(agreement, **kw)
            runs["review"].append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            docx = build_docx(review)
            runs["docx"].append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            pdf = build_pdf(review)
            runs["pdf"].append(time.perf_counter() - t0)
        med = {k: statistics.median(v) for k, v in runs.items()}
        fig["report"] = {
            "tasks": review.task_count,
            "review_s": round(med["review"], 3),
            "docx_s": round(med["docx"], 3),
            "pdf_s": round(med["pdf"], 3),
            "review_plus_docx_s": round(med["review"] + med["docx"], 3),
            "review_plus_pdf_s": round(med["review"] + med["pdf"], 3),
            "build_s": round(med["review"] + max(med["docx"], med["pdf"]), 3),
            "docx_bytes": len(docx),
            "pdf_bytes": len(pdf),
        }
        log(f"report {fig['report']}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return fig


def dt_today():
    from django.utils import timezone

    return timezone.localdate()


# --- PostgreSQL: the given server, or a throwaway cluster -------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Postgres:
    """HOPTAC_TEST_DATABASE_URL's server, or a cluster of our own (as scripts/test.sh starts)."""

    NAME = "hoptac_bench_programmes"

    def __init__(self, name: str | None = None) -> None:
        self.NAME = name or self.NAME

    def __enter__(self) -> str:
        self.dir = None
        given = os.environ.get("HOPTAC_TEST_DATABASE_URL")
        if given:
            return given.rsplit("/", 1)[0] + "/" + self.NAME
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
        if not bins or not (bins[-1] / "initdb").exists():
            raise SystemExit(
                "bench-programmes: PostgreSQL is not installed: install postgresql and "
                "postgresql-15-postgis-3 (make install-test does it as root)."
            )
        self.bin = bins[-1]
        self.dir = Path(tempfile.mkdtemp(prefix="hoptac-pg."))
        root = os.geteuid() == 0
        self.run = ["runuser", "-u", "postgres", "--"] if root else []
        if root:
            shutil.chown(self.dir, "postgres")
        self.data = self.dir / "data"
        port = free_port()
        subprocess.run(
            [*self.run, str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres"]
            + ["-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
            check=True,
            capture_output=True,
        )
        opts = (
            f"-p {port} -k {self.dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        subprocess.run(
            [*self.run, str(self.bin / "pg_ctl"), "-D", str(self.data)]
            + ["-l", str(self.dir / "log"), "-w", "-o", opts, "start"],
            check=True,
            capture_output=True,
        )
        return f"postgis://postgres@127.0.0.1:{port}/{self.NAME}"

    def __exit__(self, *exc) -> None:
        if self.dir:
            subprocess.run(
                [*self.run, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate"]
                + ["stop"],
                capture_output=True,
            )
            shutil.rmtree(self.dir, ignore_errors=True)


def recreate_pg(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    plain = base.replace("postgis://", "postgresql://", 1)
    with psycopg.connect(plain + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(f"{plain}/{name}", autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")


def drop_pg(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    plain = base.replace("postgis://", "postgresql://", 1)
    with psycopg.connect(plain + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


# --- the parent: spawn, collect, print, write -------------------------------------------------
def spawn(url: str, args: argparse.Namespace) -> dict:
    cmd = [sys.executable, __file__, "--worker", url, "--requests", str(args.requests)]
    cmd += ["--warmup", str(args.warmup), "--tasks", str(args.tasks)]
    cmd += ["--largest", str(args.largest)]
    cmd += ["--agreements", str(args.agreements), "--organisations", str(args.organisations)]
    cmd += ["--seed", str(args.seed)]
    path = [str(ROOT), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path)}
    out = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, text=True, check=False, cwd=ROOT)
    if out.returncode:
        raise SystemExit(f"bench-programmes: the worker for {url.split(':')[0]} failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


def flatten(results: dict, args: argparse.Namespace) -> tuple[dict, dict]:
    """Named figures (`spatialite.coordinator.board.p95_ms`…) and their verdicts."""
    figures: dict[str, float | int] = {}
    verdicts: dict[str, str] = {}
    for backend, fig in results.items():
        for page in PAGES:
            worst = {}
            for role in ROLES:
                row = fig["pages"][role][page]
                for key in ("p50_ms", "p95_ms", "max_ms", "cpu_p50_ms", "cpu_p95_ms"):
                    figures[f"{backend}.{role}.{page}.{key}"] = row[key]
                    worst[key] = max(worst.get(key, 0), row[key])
                for key in ("queries", "sql_ms"):
                    figures[f"{backend}.{role}.{page}.{key}"] = row[key]
                verdict = "PASS" if row["p95_ms"] <= args.target else "FAIL"
                verdicts[f"{backend}.{role}.{page}.p95_ms"] = verdict
            for key in ("p50_ms", "p95_ms", "cpu_p95_ms"):
                figures[f"{backend}.{page}.{key}"] = worst[key]
            ok = worst["p95_ms"] <= args.target
            verdicts[f"{backend}.{page}.p95_ms"] = "PASS" if ok else "FAIL"
        for key, value in fig["report"].items():
            figures[f"{backend}.report.{key}"] = value
        for key in ("review_plus_docx_s", "review_plus_pdf_s", "build_s"):
            ok = fig["report"][key] <= REPORT_TARGET_S
            verdicts[f"{backend}.report.{key}"] = "PASS" if ok else "FAIL"
        figures[f"{backend}.generate_s"] = fig["generate_s"]
    return figures, verdicts


def print_table(results: dict, verdicts: dict, target: float) -> None:
    print()
    head = f"{'backend':10} {'page':20} {'role':11} {'p50 ms':>8} {'p95 ms':>8} {'queries':>7}"
    print(head + f" {'cpu p50':>7} {'cpu p95':>7} {'load':>5}   target")
    for backend, fig in results.items():
        for page in PAGES:
            for role in ROLES:
                row = fig["pages"][role][page]
                v = verdicts[f"{backend}.{role}.{page}.p95_ms"]
                print(
                    f"{backend:10} {page:20} {role:11} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f} "
                    f"{row['queries']:7d} {row['cpu_p50_ms']:7.1f} "
                    f"{row.get('cpu_p95_ms', float('nan')):7.1f} {row['load_avg']:5.1f}  "
                    f"≤ {target:.0f} ms {v}"
                )
        r = fig["report"]
        for key, label in (("review_plus_docx_s", "DOCX"), ("review_plus_pdf_s", "PDF")):
            v = verdicts[f"{backend}.report.{key}"]
            print(
                f"{backend:10} {'report ' + label:20} {r['tasks']:>5} tasks "
                f"{r[key]:8.2f} s (content {r['review_s']:.2f} s + {label} "
                f"{r[key.split('_')[-2] + '_s']:.2f} s)  ≤ {REPORT_TARGET_S:.0f} s {v}"
            )
        print(f"{backend:10} {'generate_programmes':20} {fig['generate_s']:8.1f} s")
    print()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--only", choices=["spatialite", "postgis"])
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--agreements", type=int, default=50)
    parser.add_argument("--organisations", type=int, default=200)
    parser.add_argument("--tasks", type=int, default=20000)
    parser.add_argument("--largest", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--target", type=float, default=PAGE_TARGET_MS, help="page p95 in ms")
    parser.add_argument("--out", type=Path, default=OUT / "programmes.json")
    parser.add_argument(
        "--name", help="the PostgreSQL database's name (on HOPTAC_TEST_DATABASE_URL's server)"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep that database afterwards (to EXPLAIN its queries)"
    )
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args), ensure_ascii=False))
        return 0

    OUT.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict] = {}
    if args.only and args.out.exists():  # keep the other backend's last figures
        try:
            kept = json.loads(args.out.read_text(encoding="utf-8")).get("details", {})
        except ValueError:
            kept = {}
        results.update({k: v for k, v in kept.items() if k != args.only})
    started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    load_start = os.getloadavg()
    if args.only != "postgis":
        path = OUT / "programmes.sqlite3"
        path.unlink(missing_ok=True)
        print("== SpatiaLite", file=sys.stderr, flush=True)
        results["spatialite"] = spawn(f"spatialite:///{path}", args)
    if args.only != "spatialite":
        with Postgres(args.name) as url:
            print("== PostgreSQL + PostGIS", file=sys.stderr, flush=True)
            recreate_pg(url)
            try:
                results["postgis"] = spawn(url, args)
            finally:
                if os.environ.get("HOPTAC_TEST_DATABASE_URL") and not args.keep:
                    drop_pg(url)

    results = {k: results[k] for k in ("spatialite", "postgis") if k in results}
    figures, verdicts = flatten(results, args)
    record = {
        "command": "make bench-programmes",
        "when": started,
        "targets": {"page_p95_ms": args.target, "report_s": REPORT_TARGET_S},
        "setup": {
            "agreements": args.agreements,
            "organisations": args.organisations,
            "tasks": args.tasks,
            "largest_agreement_tasks": args.largest,
            "seed": args.seed,
            "requests_per_page": args.requests,
            "warmup_requests": args.warmup,
        },
        "machine": {
            "cpus": os.cpu_count(),
            "load_avg_start": [round(x, 1) for x in load_start],
            "load_avg_end": [round(x, 1) for x in os.getloadavg()],
        },
        "figures": figures,
        "verdicts": verdicts,
        "details": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print_table(results, verdicts, args.target)
    failed = sorted(k for k, v in verdicts.items() if v == "FAIL" and k.count(".") == 2)
    m = record["machine"]
    print(
        f"machine: {m['cpus']} CPUs, load average {m['load_avg_start'][0]} at the start, "
        f"{m['load_avg_end'][0]} at the end (figures are wall-clock, in process)"
    )
    print(f"written to {args.out}")
    print("all within target" if not failed else "over target: " + ", ".join(failed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
