"""The faults of processes: an app process and the task worker killed with -9 (the worker during the
import of a generated layer), the scheduler started twice at once."""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
import requests
from stack import PY, ROOT

from faultlib.load import OFFICER, running_with

# Above GEODATA_BULK_THRESHOLD (50,000): the import takes the bulk path, ogr2ogr loading a
# staging table, which the second kill must land in (the Python path has no "loading" stage, so
# a layer too small to take the bulk path fails the fault rather than passing it).
FEATURES = 60_000


class ProcessFaults:
    """Faults of the suite's processes (a part of `faults.Suite`)."""

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
layer = Layer.objects.create(slug="{{slug}}", name_vi="Thửa đất (kiểm tra lỗi)",
    organisation=org, locality=org.locality, theme="parcels", visibility="public")
with open("{path}", "rb") as f:
    job = start_import(layer, File(f, name="parcels.gpkg"), user, background=True)
print(job.pk, layer.pk)
"""
        worker = self.stack.services["worker"]
        slug, job_id, layer_id = "", "0", "0"
        shell: subprocess.Popen | None = None

        def start(name: str) -> None:
            """Start the import of a new layer `name` in a shell of its own: the job is watched
            (by its layer) from the moment it exists, while the shell is still ending (its start
            and end take seconds, in which the worker is already importing)."""
            nonlocal slug, shell
            slug = name
            shell = subprocess.Popen(  # noqa: S603
                [PY, "manage.py", "shell", "--no-imports", "-c", code.replace("{slug}", name)],
                cwd=ROOT, env=self.stack.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                text=True,
            )  # fmt: skip

        def started() -> None:
            """The ids the shell printed, once it has ended."""
            nonlocal job_id, layer_id
            out, err = shell.communicate(timeout=300)
            if shell.returncode:
                raise RuntimeError(f"starting the import failed: {err[-400:]}")
            job_id, layer_id = out.split()

        # The job's row is polled through one open connection (a query takes about a
        # millisecond, psql's start some 30 ms and more under load): a kill lands within a few
        # tens of milliseconds of the progress it waits for, even in the short stages of a
        # smaller layer.
        watch = psycopg.connect(
            host="127.0.0.1", port=self.stack.pg.port, user="postgres", dbname="hoptac",
            autocommit=True,
        )  # fmt: skip

        def job() -> tuple[str, int, str]:
            """The status, progress and stage of the layer's import ("", 0, "" before it
            exists)."""
            row = watch.execute(
                "SELECT j.status, j.progress, j.stage FROM geodata_importjob j JOIN geodata_layer "
                "l ON l.id = j.layer_id WHERE l.slug = %s ORDER BY j.id DESC LIMIT 1",
                [slug],
            ).fetchone()
            return row or ("", 0, "")

        def kill_when(what: str, ready, timeout: float = 300) -> str:
            """kill -9 the worker (its main process only: ogr2ogr must die with it) as soon as
            `ready(status, progress, stage)`; returns what the job was doing."""
            t = time.monotonic()
            while time.monotonic() - t < timeout:
                status, progress, stage = job()
                if ready(status, progress, stage):
                    os.kill(worker.pid, signal.SIGKILL)
                    return f"{progress} % ({stage})"
                if status in ("done", "failed"):
                    raise RuntimeError(
                        f"the import ended ({status}) before it could be killed {what} (last "
                        f"seen: {progress} % {stage})"
                    )
                time.sleep(0.02)
            raise RuntimeError(f"the import never reached the point to kill it {what}")

        ogr_seen: list[float] = []

        def loading(progress: int) -> bool:
            """ogr2ogr has loaded a tenth of the file (10 %), or has been loading it for 0.2 s:
            under load the worker's reading of ogr2ogr's progress lags, and a small layer's
            load can end before its progress is saved past 5 %."""
            if progress >= 10:
                return True
            if not running_with(f"geodata_stage_{job_id}"):  # ogr2ogr -nln names its table
                return False
            ogr_seen[:1] = ogr_seen[:1] or [time.monotonic()]
            return time.monotonic() - ogr_seen[0] >= 0.2

        def until_finished(timeout: float = 600) -> str:
            t = time.monotonic()
            while time.monotonic() - t < timeout:
                status, _progress, _stage = job()
                if status in ("done", "failed"):
                    return status
                time.sleep(0.1)
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
            start("thua-dat-kiem-tra-loi")
            first = kill_when("at 30 %", lambda st, p, sg: st == "running" and p >= 30)
            started()
            t0 = time.monotonic()
            end = until_finished()
            recovery = time.monotonic() - t0
            v = versions()
            left = leftovers()
            ok = end == "done" and v == ["1", str(FEATURES)] and not left
            notes = [f"killed at {first}: {end}, {v[0]} version of {v[1]} features {left}".strip()]
            start("thua-dat-kiem-tra-loi-2")
            kill_when("at 10 %", lambda st, p, sg: st == "running" and p >= 10)
            started()
            # the job row still says what the dead worker was doing: wait for the new attempt
            t = time.monotonic()
            while time.monotonic() - t < 120:
                st, p, _sg = job()
                if st == "queued" or (st == "running" and p < 10):
                    break
                time.sleep(0.02)
            second = kill_when(
                "while loading",
                lambda st, p, sg: st == "running" and sg == "loading" and loading(p),
            )
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

        try:
            self.window(f"kill -9 of the worker during a {FEATURES:,}-feature import", action)
        finally:
            watch.close()
            if shell is not None and shell.poll() is None:
                shell.kill()
                shell.wait()

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
