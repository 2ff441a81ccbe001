"""`make test-faults` (also run by `make test`): break the production stack under load.

Starts the stack of `make stack` (scripts/stack.py; the demo's core and programmes parts), runs a
bounded loopback load against it through nginx — anonymous readers, and signed-in officers who
read their tasks and post comments (each comment carries a unique marker; a 302 answer is an
acknowledged write) — and, one after another:

- kill -9 of one gunicorn app process (its master: systemd, here the stack, restarts it);
- kill -9 of the task worker during the import of a generated 60,000-feature layer (above the
  bulk threshold: ogr2ogr loads it), each kill landing where it is meant to (30 %, then loading);
- PostgreSQL restarted (`pg_ctl restart -m fast`) during the load;
- Redis stopped for a while (pages and signing in go on; the cache degrades);
- the media volume full (a small tmpfs, root only) while a progress report with evidence is
  uploaded;
- the scheduler killed and started twice at once;
- a backup (`manage.py backup`) restored into a fresh cluster and checked against its manifest;
- with --replica, the read replica stopped (reads fall back to the primary).

Prints the table: fault, requests sent, errors, acknowledged writes lost (must be 0), recovery
time; fails (exit 1) when a check fails. Errors are counted per fault window; a fault whose
errors are allowed only inside its window (the restart of PostgreSQL) also checks that none
happens after recovery, and that no error page shows a traceback.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

import urllib3

sys.path.insert(0, str(Path(__file__).resolve().parent))

from faultlib.load import OFFICER, Load, Row  # noqa: E402
from faultlib.processes import ProcessFaults  # noqa: E402
from faultlib.services import ServiceFaults  # noqa: E402
from faultlib.storage import StorageFaults  # noqa: E402
from stack import ROOT, Stack  # noqa: E402

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)


# --- the suite --------------------------------------------------------------------------------
class Suite(ProcessFaults, ServiceFaults, StorageFaults):
    """The faults run one after another under the load, each in its window; the faults
    themselves are in faultlib.processes, .services and .storage."""

    def __init__(self, stack: Stack, load: Load):
        self.stack = stack
        self.load = load
        self.rows: list[Row] = []

    def sql(self, query: str) -> str:
        return self.stack.pg.psql(query, db="hoptac")

    def lost_writes(self, acked: list) -> int:
        if not acked:
            return 0
        markers = [m for _t, m in acked]
        # the markers are ours (fault-<hex>-<n>-<n>): no quoting needed
        present = self.sql(
            "SELECT count(*) FROM programmes_comment WHERE text IN ("
            + ",".join(f"'{m}'" for m in markers)
            + ")"
        )
        return len(markers) - int(present)

    def window(self, name: str, action, settle: float = 3.0, allowed=None) -> Row:
        """Run `action()` (returns (recovery seconds, ok, note)) under load and count."""
        print(f"faults: {name} …", flush=True)
        mark = self.load.mark()
        t0 = time.monotonic()
        try:
            recovery, ok, note = action()
        except Exception as exc:  # a check that could not run is a failed check
            said = getattr(exc, "stderr", "") or ""
            recovery, ok, note = None, False, f"{type(exc).__name__}: {said[-400:] or exc}"
        time.sleep(settle)
        sent, errors, acked, tracebacks = self.load.since(mark)
        row = Row(name, sent, len(errors), self.lost_writes(acked), recovery, ok, note)
        if row.lost:
            row.ok = False
        if tracebacks:
            row.ok = False
            row.note += f"; {tracebacks} error pages showed a traceback"
        if allowed is not None and errors:
            late = [what for t, what in errors if recovery is None or t > t0 + recovery + 0.5]
            bad = allowed(errors, late)
            if bad:
                row.ok = False
                row.note += f"; {bad}"
        kinds = sorted({what for _t, what in errors})
        if kinds:
            row.note += f" (errors: {', '.join(kinds[:3])}{'…' if len(kinds) > 3 else ''})"
        self.rows.append(row)
        return row

    def table(self) -> str:
        head = ("fault", "requests sent", "errors", "acked writes lost", "recovery", "result")
        lines = [
            "| " + " | ".join(head) + " |",
            "|" + "---|" * len(head),
        ]
        for r in self.rows:
            rec = f"{r.recovery:.1f} s" if r.recovery is not None else "—"
            res = ("ok" if r.ok else "FAILED") + (f": {r.note.strip('; ')}" if r.note else "")
            lines.append(f"| {r.fault} | {r.sent} | {r.errors} | {r.lost} | {rec} | {res} |")
        return "\n".join(lines)


def officer_task(stack: Stack) -> int:
    code = f"""
from hoptac.core.models import User
from hoptac.programmes.models import Task
u = User.objects.get(username="{OFFICER}")
t = next(t for t in Task.objects.order_by("pk") if u.has_perm("programmes.report_progress", t))
print(t.pk)
"""
    return int(stack.manage("shell", "--no-imports", "-c", code).stdout.strip())


def template_url(server: str) -> str:
    """The URL of the migrated test template (hoptac/core/tests/testdb.py) on `server`."""
    sys.path.insert(0, str(ROOT))
    from hoptac.core.tests.testdb import migrations_key

    return server.rsplit("/", 1)[0] + f"/hoptac_tpl_{migrations_key()}"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Hoptac's fault suite.")
    parser.add_argument("--no-replica", action="store_true", help="without the read replica")
    parser.add_argument("--only", nargs="+", help="run only these faults (method names)")
    parser.add_argument(
        "--schema-from",
        metavar="URL",
        help="a PostgreSQL server (postgis://…) holding the migrated test template of the same "
        "migrations (hoptac_tpl_<key>, built by `make test`): the stack's database gets a copy "
        "of that schema instead of running every migration again",
    )
    args = parser.parse_args(argv)
    root = os.geteuid() == 0
    stack = Stack(
        folder=ROOT / "var" / "faults" / "stack",
        replica=not args.no_replica,
        media_tmpfs="160m" if root else None,  # the two 60,000-feature uploads take ~30 MB
        demo=["core", "programmes"],
        schema_from=args.schema_from and template_url(args.schema_from),
    )
    started = time.monotonic()
    suite = Suite(stack, None)
    try:
        stack.start()
        print(f"faults: stack up in {time.monotonic() - started:.0f} s at {stack.url}", flush=True)
        password = re.search(r"password: (\S+)\)", stack.accounts).group(1)
        load = Load(stack, officer_task(stack), password).start()
        time.sleep(3)
        suite.load = load
        names = args.only or [
            "kill_app",
            "kill_worker_during_import",
            "restart_postgres",
            "stop_redis",
            "protected_download",
            "media_full",
            "scheduler_twice",
            "backup_restore",
            "replica_reads",
            "stop_replica",
        ]
        for name in names:
            getattr(suite, name)()
    finally:
        if suite.load is not None:
            suite.load.stop()
        stack.stop()
    print()
    print(suite.table())
    failed = [r for r in suite.rows if not r.ok]
    print(f"\nfaults: {len(suite.rows)} faults in {time.monotonic() - started:.0f} s, "
          f"{len(failed)} failed", flush=True)  # fmt: skip
    (ROOT / "var" / "faults").mkdir(parents=True, exist_ok=True)
    (ROOT / "var" / "faults" / "table.md").write_text(suite.table() + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
