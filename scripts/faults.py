"""`make test-faults` (also run by `make test`): break the production stack under load.

Starts the stack of `make stack` (scripts/stack.py; the demo's core and programmes parts), runs a
bounded loopback load against it through nginx — anonymous readers, and signed-in officers who
read their tasks and post comments (each comment carries a unique marker; a 302 answer is an
acknowledged write) — and, one after another:

- kill -9 of one gunicorn app process (its master: systemd, here the stack, restarts it);
- kill -9 of the task worker during the import of a generated 200,000-feature layer;
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
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import requests
import urllib3

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pgcluster import Cluster  # noqa: E402
from stack import PY, ROOT, Stack  # noqa: E402

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)

OFFICER = "hn-chuyenvien"
FEATURES = 200_000


def running_with(text: str) -> list[int]:
    """The processes whose command line holds `text` (no procps needed)."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if text.encode() in (proc / "cmdline").read_bytes() and int(proc.name) != os.getpid():
                found.append(int(proc.name))
        except OSError:
            continue
    return found


def client(stack: Stack) -> requests.Session:
    """A session that trusts the stack's own certificate (and ignores REQUESTS_CA_BUNDLE and
    proxies from the environment, which would override it)."""
    s = requests.Session()
    s.trust_env = False
    s.verify = str(stack.certificate)
    return s


# --- the load ---------------------------------------------------------------------------------
@dataclass
class Tally:
    sent: int = 0
    errors: list = field(default_factory=list)  # (time, what)
    acked: list = field(default_factory=list)  # (time, marker)
    tracebacks: int = 0


class Load:
    """A bounded loopback load: `readers` anonymous clients and `writers` signed-in officers,
    each one request at a time with a short pause (about 40 requests a second in all)."""

    def __init__(self, stack: Stack, task_id: int, password: str, readers=2, writers=2):
        self.stack = stack
        self.base = stack.url
        self.task_id = task_id
        self.password = password
        self.readers, self.writers = readers, writers
        self.tally = Tally()
        self.lock = threading.Lock()
        self.stop_event = threading.Event()
        self.threads: list[threading.Thread] = []
        self.run_id = uuid.uuid4().hex[:8]

    def _record(self, ok: bool, what: str, body: str = "") -> None:
        with self.lock:
            self.tally.sent += 1
            if not ok:
                self.tally.errors.append((time.monotonic(), what))
                if "Traceback" in body:
                    self.tally.tracebacks += 1

    def _get(self, s: requests.Session, path: str) -> bool:
        try:
            r = s.get(self.base + path, timeout=15, allow_redirects=False)
        except requests.RequestException as exc:
            self._record(False, f"GET {path}: {type(exc).__name__}")
            return False
        ok = r.status_code in (200, 302)
        self._record(ok, f"GET {path}: {r.status_code}", r.text if not ok else "")
        return ok

    def sign_in(self, s: requests.Session) -> bool:
        try:
            s.get(self.base + "/dang-nhap/", timeout=15)
            r = s.post(
                self.base + "/dang-nhap/",
                data={
                    "username": OFFICER,
                    "password": self.password,
                    "csrfmiddlewaretoken": s.cookies.get("csrftoken", ""),
                },
                headers={"Referer": self.base + "/dang-nhap/"},
                timeout=15,
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            self._record(False, f"sign in: {type(exc).__name__}")
            return False
        ok = r.status_code == 302 and "sessionid" in s.cookies
        self._record(ok, f"sign in: {r.status_code}", r.text if not ok else "")
        return ok

    def _reader(self) -> None:
        s = client(self.stack)
        pages = ["/", "/chuong-trinh/", "/co-quan/", "/dia-phuong/", "/healthz"]
        n = 0
        while not self.stop_event.is_set():
            self._get(s, pages[n % len(pages)])
            n += 1
            time.sleep(0.05)

    def _writer(self, k: int) -> None:
        s = client(self.stack)
        signed_in = False
        n = 0
        while not self.stop_event.is_set():
            if not signed_in:
                signed_in = self.sign_in(s)
                if not signed_in:
                    time.sleep(0.2)
                    continue
            n += 1
            if n % 2:
                self._get(s, f"/nhiem-vu/{self.task_id}/" if n % 4 == 1 else "/nhiem-vu/cua-toi/")
            else:
                marker = f"fault-{self.run_id}-{k}-{n}"
                try:
                    r = s.post(
                        f"{self.base}/nhiem-vu/{self.task_id}/y-kien/",
                        data={"text": marker, "csrfmiddlewaretoken": s.cookies.get("csrftoken")},
                        headers={"Referer": self.base + "/"},
                        timeout=15,
                        allow_redirects=False,
                    )
                except requests.RequestException as exc:
                    self._record(False, f"POST comment: {type(exc).__name__}")
                else:
                    ok = r.status_code == 302 and "/dang-nhap/" not in r.headers.get("Location", "")
                    self._record(ok, f"POST comment: {r.status_code}", r.text if not ok else "")
                    if ok:
                        with self.lock:
                            self.tally.acked.append((time.monotonic(), marker))
                    elif r.status_code in (302, 403):
                        signed_in = False
            time.sleep(0.05)

    def start(self) -> Load:
        for _ in range(self.readers):
            self.threads.append(threading.Thread(target=self._reader, daemon=True))
        for k in range(self.writers):
            self.threads.append(threading.Thread(target=self._writer, args=(k,), daemon=True))
        for t in self.threads:
            t.start()
        return self

    def stop(self) -> None:
        self.stop_event.set()
        for t in self.threads:
            t.join(20)

    def mark(self) -> tuple[int, int, int, int]:
        with self.lock:
            t = self.tally
            return t.sent, len(t.errors), len(t.acked), t.tracebacks

    def since(self, mark) -> tuple[int, list, list, int]:
        with self.lock:
            t = self.tally
            return (
                t.sent - mark[0],
                t.errors[mark[1] :],
                t.acked[mark[2] :],
                t.tracebacks - mark[3],
            )


# --- the suite --------------------------------------------------------------------------------
@dataclass
class Row:
    fault: str
    sent: int = 0
    errors: int = 0
    lost: int = 0
    recovery: float | None = None
    ok: bool = True
    note: str = ""


class Suite:
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

    # -- the faults ------------------------------------------------------------------------
    def kill_app(self) -> None:
        web = self.stack.services["web1"]
        port = self.stack.app_ports[0]

        def action():
            before = len(web.starts)
            t0 = time.monotonic()
            os.kill(web.pid, signal.SIGKILL)
            while time.monotonic() - t0 < 60:
                if len(web.starts) > before:
                    try:
                        r = requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                        if r.status_code == 200:
                            return time.monotonic() - t0, True, "restarted and answering"
                    except requests.RequestException:
                        pass
                time.sleep(0.1)
            return None, False, "the app process did not come back"

        # Requests in flight on the killed process may fail: no more than the load's clients.
        self.window(
            "kill -9 of one app process",
            action,
            allowed=lambda errors, late: (
                f"{len(errors)} errors, more than the {self.load.readers + self.load.writers} "
                "requests that can be in flight"
                if len(errors) > self.load.readers + self.load.writers
                else ""
            ),
        )

    def layer_file(self) -> Path:
        """A GeoPackage of FEATURES small squares around Hanoi (made once, kept in var/)."""
        out = ROOT / "var" / "faults" / f"parcels-{FEATURES}.gpkg"
        if out.exists():
            return out
        out.parent.mkdir(parents=True, exist_ok=True)
        csv = out.with_suffix(".csv")
        with csv.open("w") as f:
            f.write("wkt,ma_thua,loai\n")
            for i in range(FEATURES):
                x, y = 105.70 + (i % 500) * 0.0004, 20.95 + (i // 500) * 0.0004
                d = 0.0003
                f.write(
                    f'"POLYGON(({x:.6f} {y:.6f},{x + d:.6f} {y:.6f},{x + d:.6f} {y + d:.6f},'
                    f'{x:.6f} {y + d:.6f},{x:.6f} {y:.6f}))",{i + 1},{"ODT" if i % 3 else "CLN"}\n'
                )
        subprocess.run(
            [
                "ogr2ogr",
                "-f",
                "GPKG",
                str(out),
                str(csv),
                "-nln",
                "parcels",
                "-oo",
                "GEOM_POSSIBLE_NAMES=wkt",
                "-oo",
                "KEEP_GEOM_COLUMNS=NO",
                "-a_srs",
                "EPSG:4326",
            ],  # fmt: skip
            check=True,
            capture_output=True,
        )
        csv.unlink()
        return out

    def kill_worker_during_import(self) -> None:
        path = self.layer_file()
        code = f"""
from django.core.files import File
from hoptac.core.models import Organisation, User
from hoptac.geodata.imports.start import start_import
from hoptac.geodata.models import Layer
user = User.objects.get(username="{OFFICER}")
org = Organisation.objects.filter(memberships__user=user).first()
layer = Layer.objects.create(slug="thua-dat-kiem-tra-loi", name_vi="Thửa đất (kiểm tra lỗi)",
    organisation=org, locality=org.locality, theme="parcels", visibility="public")
with open("{path}", "rb") as f:
    job = start_import(layer, File(f, name="parcels.gpkg"), user, background=True)
print(job.pk, layer.pk)
"""
        worker = self.stack.services["worker"]
        job_id = layer_id = "0"

        def job() -> tuple[str, int, str]:
            status, progress, stage = self.sql(
                f"SELECT status, progress, stage FROM geodata_importjob WHERE id = {job_id}"
            ).split("|")
            return status, int(progress), stage

        def kill_when(ready, timeout: float = 300) -> str:
            """kill -9 the worker (its main process only: ogr2ogr must die with it) as soon as
            `ready(status, progress, stage)`; returns what the job was doing."""
            t = time.monotonic()
            while time.monotonic() - t < timeout:
                status, progress, stage = job()
                if ready(status, progress, stage):
                    os.kill(worker.pid, signal.SIGKILL)
                    return f"{progress} % ({stage})"
                if status in ("done", "failed"):
                    raise RuntimeError(f"the import ended ({status}) before it could be killed")
                time.sleep(0.1)
            raise RuntimeError("the import never reached the point to kill it")

        def until_finished(timeout: float = 600) -> str:
            t = time.monotonic()
            while time.monotonic() - t < timeout:
                status, _progress, _stage = job()
                if status in ("done", "failed"):
                    return status
                time.sleep(0.3)
            return "still running"

        def leftovers() -> str:
            stages = self.sql(
                "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'geodata\\_stage\\_%'"
            )
            orphans = self.sql(
                "SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                "WHERE i.inhparent = 'geodata_feature'::regclass AND c.relname <> "
                "'geodata_feature_default' AND NOT EXISTS (SELECT 1 FROM geodata_layerversion v "
                "WHERE 'geodata_feature_v' || v.id = c.relname)"
            )
            temp = list(Path(tempfile.gettempdir()).glob(f"hoptac-import-*-{job_id}-*"))
            ogr = running_with(f"geodata_stage_{job_id}")  # ogr2ogr -nln names its table
            if stages == "0" and orphans == "0" and not temp and not ogr:
                return ""
            return (
                f"left: {stages} staging tables, {orphans} orphan partitions, {len(temp)} temp "
                f"folders, {len(ogr)} ogr2ogr"
            )

        def versions() -> list[str]:
            return self.sql(
                "SELECT count(*), coalesce(max(feature_count), 0) FROM geodata_layerversion "
                f"WHERE layer_id = {layer_id}"
            ).split("|")

        def action():
            # 1. killed once at 30 % (as in the issue): the new worker runs it again, it ends once
            # 2. a second import killed twice, the second time while ogr2ogr loads: it fails with
            #    a message, nothing is left, and its owner's "run again" (rerun_import) ends it
            nonlocal job_id, layer_id
            job_id, layer_id = self.stack.manage("shell", "--no-imports", "-c", code).stdout.split()
            first = kill_when(lambda st, p, sg: st == "running" and p >= 30)
            t0 = time.monotonic()
            end = until_finished()
            recovery = time.monotonic() - t0
            v = versions()
            left = leftovers()
            ok = end == "done" and v == ["1", str(FEATURES)] and not left
            notes = [f"killed at {first}: {end}, {v[0]} version of {v[1]} features {left}".strip()]
            job_id, layer_id = self.stack.manage(
                "shell", "--no-imports", "-c", code.replace("kiem-tra-loi", "kiem-tra-loi-2")
            ).stdout.split()
            kill_when(lambda st, p, sg: st == "running" and p >= 10)
            # the job row still says what the dead worker was doing: wait for the new attempt
            t = time.monotonic()
            while time.monotonic() - t < 120:
                st, p, _sg = job()
                if st == "queued" or (st == "running" and p < 10):
                    break
                time.sleep(0.05)
            second = kill_when(lambda st, p, sg: st == "running" and sg == "loading" and p >= 10)
            end = until_finished()
            message = self.sql(f"SELECT message FROM geodata_importjob WHERE id = {job_id}")
            left = leftovers()
            twice = "hai lần" in message or "twice" in message  # the worker's language: vi
            ok = ok and end == "failed" and twice and versions()[0] == "0" and not left
            rerun = (
                "from hoptac.geodata.imports.start import rerun_import; "
                "from hoptac.geodata.models import ImportJob; "
                f"rerun_import(ImportJob.objects.get(pk={job_id}))"
            )
            self.stack.manage("shell", "--no-imports", "-c", rerun)
            again = until_finished()
            v = versions()
            ok = ok and again == "done" and v == ["1", str(FEATURES)] and not leftovers()
            notes.append(
                f"another killed twice (2nd at {second}, ogr2ogr loading): {end} with "
                f"'{message[:60]}…' {left}; run again: {again}, {v[0]} version of {v[1]} features"
            )
            return recovery, ok, "; ".join(notes)

        self.window("kill -9 of the worker during a 200,000-feature import", action)

    def restart_postgres(self) -> None:
        def action():
            t0 = time.monotonic()
            self.stack.pg.restart("fast")
            # recovered: a write answered through the stack after the restart
            while time.monotonic() - t0 < 60:
                _sent, _errors, acked, _tb = self.load.since((0, 0, 0, 0))
                if acked and acked[-1][0] > t0 + 0.1:
                    return acked[-1][0] - t0, True, "no app restart"
                time.sleep(0.1)
            return None, False, "no write succeeded after the restart"

        def allowed(errors: list[tuple[float, str]], late: list[str]) -> str:
            # Inside the window a page may say "try again" (503 + Retry-After), never crash.
            crashed = [what for _t, what in errors if what.endswith(": 500")]
            if late:
                return f"{len(late)} errors after recovery"
            return f"{len(crashed)} server errors (500) instead of 503" if crashed else ""

        self.window("PostgreSQL restarted during load", action, allowed=allowed)

    def stop_redis(self) -> None:
        def action():
            self.stack.stop_redis()
            t0 = time.monotonic()
            # signing in while Redis is away
            s = client(self.stack)
            signed = self.load.sign_in(s)
            page = s.get(self.stack.url + "/nhiem-vu/cua-toi/", timeout=15)
            time.sleep(4)
            self.stack.start_redis()
            ok = signed and page.status_code == 200
            return (
                time.monotonic() - t0,
                ok,
                ("signed in and served with Redis away" if ok else "sign-in or page failed"),
            )

        self.window(
            "Redis stopped", action, allowed=lambda e, late: f"{len(e)} errors" if e else ""
        )

    def protected_download(self) -> None:
        """Not a fault: an uploaded file goes out through nginx's internal /protected-media/
        location once Django has checked who asks (X-Accel-Redirect), and only then."""

        def action():
            s = client(self.stack)
            self.load.sign_in(s)
            pdf = b"%PDF-1.4\n" + os.urandom(50_000) + b"\n%%EOF\n"
            r = s.post(
                f"{self.stack.url}/nhiem-vu/{self.load.task_id}/bao-cao/",
                data={"progress": "36", "text": "minh chứng tải về",
                      "csrfmiddlewaretoken": s.cookies.get("csrftoken")},
                files={"files": ("bien-ban.pdf", pdf, "application/pdf")},
                headers={"Referer": self.stack.url + "/"}, timeout=30, allow_redirects=False,
            )  # fmt: skip
            evidence, stored = self.sql(
                "SELECT id, file FROM programmes_evidence ORDER BY id DESC LIMIT 1"
            ).split("|")
            url = f"{self.stack.url}/nhiem-vu/minh-chung/{evidence}/"
            got = s.get(url, timeout=30)
            anonymous = client(self.stack).get(url, timeout=30, allow_redirects=False)
            direct = client(self.stack).get(
                f"{self.stack.url}/protected-media/{stored}", timeout=30, allow_redirects=False
            )
            ok = (
                r.status_code == 302
                and got.status_code == 200
                and got.content == pdf
                and anonymous.status_code != 200
                and direct.status_code == 404
            )
            note = (
                f"upload {r.status_code}; officer download {got.status_code} "
                f"({'same bytes' if got.content == pdf else 'DIFFERENT bytes'}, served by "
                f"{got.headers.get('Server', '?')}); anonymous {anonymous.status_code}; "
                f"/protected-media/ asked directly {direct.status_code}"
            )
            return 0.0, ok, note

        self.window("protected download through nginx (X-Accel-Redirect)", action)

    def media_full(self) -> None:
        if not self.stack.mounted:
            self.rows.append(Row("media volume full", note="skipped: a tmpfs needs root"))
            return
        media = self.stack.media

        def action():
            filler = media / "filler.bin"
            subprocess.run(
                ["dd", "if=/dev/zero", f"of={filler}", "bs=1M"],
                capture_output=True,
            )  # fills the volume: dd stops at "No space left on device"
            s = client(self.stack)
            self.load.sign_in(s)
            before = self.sql("SELECT count(*) FROM programmes_progressreport")
            files_before = sum(1 for p in media.rglob("*") if p.is_file())
            marker = f"media-full-{uuid.uuid4().hex[:8]}"
            pdf = b"%PDF-1.4\n" + os.urandom(200_000) + b"\n%%EOF\n"
            r = s.post(
                f"{self.stack.url}/nhiem-vu/{self.load.task_id}/bao-cao/",
                data={
                    "progress": "35",
                    "text": marker,
                    "csrfmiddlewaretoken": s.cookies.get("csrftoken"),
                },
                files={"files": ("bien-ban.pdf", pdf, "application/pdf")},
                headers={"Referer": self.stack.url + "/"},
                timeout=30,
                allow_redirects=False,
            )
            after = self.sql("SELECT count(*) FROM programmes_progressreport")
            files_after = sum(1 for p in media.rglob("*") if p.is_file())
            filler.unlink()
            clear = r.status_code == 507 and "hết chỗ lưu tệp" in r.text
            ok = clear and before == after and files_before == files_after
            note = (
                f"upload answered {r.status_code}"
                + (" with the 'no room' page" if clear else "")
                + f"; reports {before}→{after}, files {files_before}→{files_after}"
            )
            return 0.0, ok, note

        self.window("media volume full (tmpfs)", action)

    def scheduler_twice(self) -> None:
        def action():
            sched = self.stack.services["schedule"]
            sched.enabled = False
            os.kill(sched.pid, signal.SIGKILL)
            jobs = self.sql("SELECT count(*) FROM core_scheduledjob")
            # every job due now, and two schedulers started at the same instant
            self.sql("UPDATE core_scheduledjob SET next_run = now() - interval '1 second'")
            since = self.sql("SELECT now()")
            t0 = time.monotonic()
            procs = [
                subprocess.Popen(
                    [PY, "manage.py", "run_schedule", "--interval", "1"],
                    cwd=ROOT,
                    env=self.stack.env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )  # fmt: skip
                for _ in range(2)
            ]
            # until both are up and every job is claimed, then a while longer: a second run
            # by the slower of the two would show up in that time
            while time.monotonic() - t0 < 120:
                claimed = self.sql("SELECT count(*) FROM core_scheduledjob WHERE next_run > now()")
                if claimed == jobs:
                    break
                time.sleep(0.5)
            time.sleep(5)
            for p in procs:
                p.kill()
                p.wait()
            sched.enabled = True
            sched.start()
            counts = self.sql(
                "SELECT task_path, count(*) FROM django_tasks_database_dbtaskresult "
                f"WHERE enqueued_at >= '{since}' GROUP BY 1 ORDER BY 1"
            )
            per_job = dict(line.split("|") for line in counts.splitlines() if line)
            ok = len(per_job) == int(jobs) and all(v == "1" for v in per_job.values())
            return time.monotonic() - t0, ok, f"{jobs} jobs due, runs enqueued: {per_job}"

        self.window("scheduler killed, started twice at once", action)

    def backup_restore(self) -> None:
        def action():
            t0 = time.monotonic()
            out = self.stack.dir / "backup"
            r = self.stack.manage("backup", str(out), check=False)
            if r.returncode != 0:
                return None, False, f"backup failed: {r.stderr[-300:]}"
            with Cluster(fast=True) as fresh:
                fresh.create_database("hoptac")
                env = {
                    **self.stack.env,
                    "DATABASE_URL": fresh.url("hoptac"),
                    "MEDIA_ROOT": str(self.stack.dir / "restored-media"),
                }
                env.pop("DATABASE_REPLICA_URLS", None)
                r = subprocess.run(
                    [PY, "manage.py", "restore", str(out)],
                    cwd=ROOT, env=env, capture_output=True, text=True,
                )  # fmt: skip
            manifest = json.loads((out / "manifest.json").read_text())
            tables = len(manifest.get("tables", {}))
            files = len(manifest.get("files", {}))
            ok = r.returncode == 0 and "verified" in r.stdout
            note = f"{tables} tables, {files} files; " + (
                r.stdout.strip().splitlines()[-1] if ok else f"restore failed: {r.stderr[-300:]}"
            )
            return time.monotonic() - t0, ok, note

        self.window("backup restored into a fresh cluster", action)

    def replica_reads(self) -> None:
        """Not a fault: proof that anonymous reads land on the replica and that a writer reads
        its own writes. Replay is paused on the replica, a locality is added on the primary:
        an anonymous visitor does not see it yet (the replica answered), a signed-in user and
        an anonymous visitor who has just sent a POST do (the primary answered)."""
        if self.stack.replica is None:
            return
        replica = self.stack.replica

        def seen(s: requests.Session, name: str) -> bool:
            return name in s.get(self.stack.url + "/dia-phuong/", timeout=15).text

        def action():
            t0 = time.monotonic()
            name = f"Xã Bản Sao {uuid.uuid4().hex[:6]}"
            replica.psql("SELECT pg_wal_replay_pause()")
            try:
                code = (
                    "from hoptac.core.models import Locality; "
                    f"Locality.objects.create(code='998', name_vi='{name}', kind='province')"
                )
                self.stack.manage("shell", "--no-imports", "-c", code)
                anonymous = client(self.stack)
                on_replica = not seen(anonymous, name)
                officer = client(self.stack)
                self.load.sign_in(officer)
                signed_in = seen(officer, name)
                writer = client(self.stack)
                writer.get(self.stack.url + "/", timeout=15)
                writer.post(
                    self.stack.url + "/i18n/setlang/",
                    data={"language": "vi", "next": "/",
                          "csrfmiddlewaretoken": writer.cookies.get("csrftoken")},
                    headers={"Referer": self.stack.url + "/"}, timeout=15,
                )  # fmt: skip
                own_write = seen(writer, name)
            finally:
                replica.psql("SELECT pg_wal_replay_resume()")
            caught_up = False
            while time.monotonic() - t0 < 30 and not caught_up:
                time.sleep(0.3)
                caught_up = seen(anonymous, name)
            ok = on_replica and signed_in and own_write and caught_up
            note = (
                f"replay paused: anonymous read {'did not see' if on_replica else 'SAW'} the new "
                f"row (replica), signed-in read {'saw' if signed_in else 'MISSED'} it, anonymous "
                f"reader after its POST {'saw' if own_write else 'MISSED'} it (primary); "
                f"replay resumed: {'seen' if caught_up else 'NOT seen'} on the replica"
            )
            return time.monotonic() - t0, ok, note

        self.window("read replica (reads land on it, read-your-writes)", action)

    def stop_replica(self) -> None:
        if self.stack.replica is None:
            return

        def action():
            t0 = time.monotonic()
            self.stack.replica.stop("immediate")
            s = client(self.stack)
            codes = [s.get(self.stack.url + p, timeout=15).status_code for p in
                     ("/", "/chuong-trinh/", "/co-quan/", "/dia-phuong/")]  # fmt: skip
            ok = all(c == 200 for c in codes)
            replica = self.stack.replica
            replica.pg_ctl("start", "-w", "-l", str(replica.log), "-o", replica._options())
            return time.monotonic() - t0, ok, f"anonymous reads with the replica down: {codes}"

        self.window(
            "read replica stopped",
            action,
            allowed=lambda e, late: f"{len(e)} errors" if e else "",
        )

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


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Hoptac's fault suite.")
    parser.add_argument("--no-replica", action="store_true", help="without the read replica")
    parser.add_argument("--only", nargs="+", help="run only these faults (method names)")
    args = parser.parse_args(argv)
    root = os.geteuid() == 0
    stack = Stack(
        folder=ROOT / "var" / "faults" / "stack",
        replica=not args.no_replica,
        media_tmpfs="160m" if root else None,  # the 200,000-feature layer takes ~40 MB
        demo=["core", "programmes"],
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
