"""`make bench-load`: a realistic mix against the production stack, on loopback, bounded.

Starts the stack of `make stack` (scripts/stack.py, full demo), then Locust headless
(installed on first run into var/bench-tools/locust, pinned: it is a benchmark tool, not a
dependency of the site) with USERS users for MINUTES minutes: see bench/load/locustfile.py
for the mix. Writes var/bench/load.json:

- `endpoints`: per endpoint `p50_ms`, `p95_ms`, `rps`, `errors` (and `requests`);
- `floor`: the same figures for /healthz, a trivial view, through the same nginx and gunicorn;
- `lost_writes`: writes answered 302 that are not in the database afterwards (must be 0);
- `app_ms`: per endpoint, the median time gunicorn itself spent (its access log), to tell
  the time in the app from the time queued in front of it;
- the machine: CPU count and load average during the run.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from stack import Stack  # noqa: E402

LOCUST_VERSION = "2.47.0"
TOOLS = ROOT / "var" / "bench-tools" / "locust"
OUT = ROOT / "var" / "bench"


def locust() -> Path:
    exe = TOOLS / "bin" / "locust"
    if not exe.exists():
        print(f"bench-load: installing Locust {LOCUST_VERSION} into {TOOLS}", flush=True)
        subprocess.run(["/usr/bin/python3", "-m", "venv", str(TOOLS)], check=True)
        subprocess.run(
            [str(TOOLS / "bin" / "pip"), "install", "-q", f"locust=={LOCUST_VERSION}"], check=True
        )
    return exe


def config(stack: Stack) -> dict:
    code = r"""
import json, math
from hoptac.core.models import Membership
from hoptac.geodata.models import Layer
from hoptac.programmes.models import Agreement, Task
officers, tasks = [], {}
for m in Membership.objects.filter(role="officer").select_related("user"):
    u = m.user
    mine = [t.pk for t in Task.objects.filter(completed_on__isnull=True).order_by("pk")
            if u.has_perm("programmes.report_progress", t)]
    if mine:
        officers.append(u.username)
        tasks[u.username] = mine[:20]
layers = [l for l in Layer.objects.filter(visibility="public", current_version__isnull=False)]
def tile(lon, lat, z):
    n = 2 ** z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return [z, x, y]
tiles = []
for l in layers:
    b = l.current_version.bbox
    if b:
        for z in (11, 12, 13):
            tiles.append(tile((b[0] + b[2]) / 2, (b[1] + b[3]) / 2, z))
print(json.dumps({"officers": sorted(set(officers)), "tasks": tasks,
    "programme": Agreement.objects.order_by("pk").first().pk,
    "layers": [l.slug for l in layers], "tiles": tiles}))
"""
    out = stack.manage("shell", "--no-imports", "-c", code).stdout.strip().splitlines()[-1]
    return json.loads(out)


def parse_failures(path: Path) -> list[dict]:
    """Locust's failures, one row per endpoint and error, most frequent first: an error count
    without its reason cannot be acted on."""
    if not path.exists():
        return []
    with path.open(newline="") as f:
        rows = [
            {"name": r["Name"], "error": r["Error"], "occurrences": int(r["Occurrences"])}
            for r in csv.DictReader(f)
        ]
    return sorted(rows, key=lambda r: -r["occurrences"])


def parse_stats(path: Path) -> dict:
    rows = {}
    with path.open() as f:
        for row in csv.DictReader(f):
            if row["Name"] == "Aggregated":
                continue
            rows[row["Name"]] = {
                "p50_ms": float(row["50%"] or 0),
                "p95_ms": float(row["95%"] or 0),
                "rps": round(float(row["Requests/s"] or 0), 2),
                "errors": int(row["Failure Count"]),
                "requests": int(row["Request Count"]),
            }
    return rows


def lost_writes(stack: Stack, acked: Path) -> tuple[int, int]:
    lines = [line.split("\t") for line in acked.read_text().splitlines()] if acked.exists() else []
    tables = {
        "comment": ("programmes_comment", "text"),
        "report": ("programmes_progressreport", "text"),
        "enquiry": ("investment_enquiry", "message"),
    }
    lost = 0
    for kind, (table, column) in tables.items():
        markers = [m for k, m in lines if k == kind]
        if not markers:
            continue
        wanted = "{" + ",".join(markers) + "}"  # our own markers: load-<12 hex digits>
        found = stack.pg.psql(
            f"SELECT count(DISTINCT substring({column} from 'load-[0-9a-f]{{12}}')) "  # noqa: S608
            f"FROM {table} WHERE substring({column} from 'load-[0-9a-f]{{12}}') = "
            f"ANY('{wanted}'::text[])",
            db="hoptac",
        )
        lost += max(0, len(markers) - int(found))
    return lost, len(lines)


def app_times(stack: Stack) -> dict:
    """Median milliseconds gunicorn spent per path kind (its access log: "%(r)s ... %(M)sms")."""
    kinds = [
        ("tiles: tile", r"^/tiles/"),
        ("ogc: items", r"^/ogc/"),
        ("search", r"^/tim-kiem/"),
        ("portal: home", r"^/$"),
        ("officer: board", r"/bang/$"),
        ("officer: my work", r"^/nhiem-vu/cua-toi/$"),
        ("officer: dashboards", r"^/nhiem-vu/thong-ke/$"),
        ("officer: task list", r"^/nhiem-vu/$"),
        ("floor: /healthz", r"^/healthz$"),
    ]
    times: dict[str, list[float]] = {k: [] for k, _ in kinds}
    line_re = re.compile(r'"(?:GET|POST|HEAD) (\S+) HTTP/[\d.]+" \d+ \S+ (\d+)ms')
    for log in (stack.logs / "web1.log", stack.logs / "web2.log"):
        for line in log.read_text(errors="replace").splitlines():
            m = line_re.search(line)
            if not m:
                continue
            path = m.group(1).split("?")[0]
            for kind, pattern in kinds:
                if re.search(pattern, path):
                    times[kind].append(float(m.group(2)))
                    break
    return {k: round(statistics.median(v), 1) for k, v in times.items() if v}


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--users", type=int, default=100)
    ap.add_argument("--minutes", type=float, default=5)
    args = ap.parse_args(argv)
    exe = locust()
    OUT.mkdir(parents=True, exist_ok=True)
    stack = Stack(folder=ROOT / "var" / "bench" / "load-stack")
    try:
        stack.start()
        cfg = config(stack)
        acked = OUT / "load-acked.tsv"
        acked.unlink(missing_ok=True)
        password = re.search(r"password: (\S+)\)", stack.accounts).group(1)
        cfg.update(certificate=str(stack.certificate), acked=str(acked), password=password)
        env = {**os.environ, "HOPTAC_LOAD_CONFIG": json.dumps(cfg)}
        for k in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
            env.pop(k, None)
        prefix = OUT / "load"
        print(f"bench-load: {args.users} users, {args.minutes} min, {stack.url}", flush=True)
        load_before = os.getloadavg()
        started = time.monotonic()
        subprocess.run(
            [str(exe), "-f", str(ROOT / "bench" / "load" / "locustfile.py"), "--headless",
             "-u", str(args.users), "-r", str(max(1, args.users // 20)),
             "-t", f"{int(args.minutes * 60)}s", "--host", stack.url, "--csv", str(prefix),
             "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "10"],
            env=env, check=False,
        )  # fmt: skip
        elapsed = time.monotonic() - started
        load_after = os.getloadavg()
        stats = parse_stats(prefix.with_name("load_stats.csv"))
        lost, writes = lost_writes(stack, acked)
        failures = parse_failures(prefix.with_name("load_failures.csv"))
        floor = stats.pop("floor: /healthz", None)
        result = {
            "endpoints": stats,
            "floor": floor,
            "failures": failures,
            "lost_writes": lost,
            "acknowledged_writes": writes,
            "app_ms": app_times(stack),
            "users": args.users,
            "duration_s": round(elapsed),
            "machine": {
                "cpus": os.cpu_count(),
                "loadavg_before": load_before,
                "loadavg_after": load_after,
            },  # fmt: skip
        }
    finally:
        stack.stop()
    (OUT / "load.json").write_text(json.dumps(result, indent=1, ensure_ascii=False))
    print(f"\n{'endpoint':42} {'p50 ms':>8} {'p95 ms':>8} {'rps':>7} {'errors':>7}")
    for name, row in sorted(stats.items()) + [("floor: /healthz", floor or {})]:
        print(
            f"{name:42} {row.get('p50_ms', 0):8.0f} {row.get('p95_ms', 0):8.0f} "
            f"{row.get('rps', 0):7.2f} {row.get('errors', 0):7}"
        )
    for failure in result.get("failures", []):
        print(f"  {failure['occurrences']:5} × {failure['name']}: {failure['error'][:100]}")
    print(f"\nacknowledged writes: {writes}, lost: {lost}; written to {OUT / 'load.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
