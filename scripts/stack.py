"""`make stack`: the production topology on this machine, from the project's own deploy/ files.

A throwaway PostgreSQL + PostGIS cluster (scripts/pgcluster.py, durable settings, a free port;
with --replica a streaming replica too), Redis (`redis-server`, its own port and folder), nginx
from deploy/nginx/hoptac.conf (its ${HOPTAC_*} variables filled in, TLS with a self-signed
certificate), two gunicorn app processes, the task worker and the scheduler, each started
with the ExecStart of its systemd unit in deploy/systemd/ (/srv/hoptac read as this checkout,
%i as the instance) and restarted like systemd's Restart=always does. DEBUG=0, demo data loaded.
Nothing already running is touched: every port is a free one, every file is under var/stack/.
Ctrl-C stops everything.

The fault suite (scripts/faults.py) and the load benchmark (bench/load/run.py) use `Stack`.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from string import Template

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from pgcluster import Cluster, free_port  # noqa: E402

PY = str(ROOT / ".venv" / "bin" / "python")


def unit(name: str) -> dict[str, str]:
    """The [Service] settings of deploy/systemd/<name> (one value per key, the last wins)."""
    values: dict[str, str] = {}
    section = ""
    for line in (ROOT / "deploy" / "systemd" / name).read_text().splitlines():
        line = line.strip()
        if line.startswith("["):
            section = line
        elif section == "[Service]" and "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            values[key] = value
    return values


class Service:
    """A process started from a systemd unit's ExecStart, restarted when it dies (Restart=)."""

    def __init__(self, name: str, unit_name: str, env: dict, logs: Path, instance: str = ""):
        spec = unit(unit_name)
        self.name = name
        command = spec["ExecStart"].replace("/srv/hoptac", str(ROOT)).replace("%i", instance)
        self.argv = shlex.split(command)
        self.cwd = spec.get("WorkingDirectory", "/srv/hoptac").replace("/srv/hoptac", str(ROOT))
        self.restart = spec.get("Restart", "no") == "always"
        self.restart_sec = float(spec.get("RestartSec", "1"))
        self.env = env
        self.log = logs / f"{name}.log"
        self.proc: subprocess.Popen | None = None
        self.starts: list[float] = []
        self.enabled = True

    def start(self) -> None:
        out = open(self.log, "ab")  # noqa: SIM115 — the child keeps it
        self.proc = subprocess.Popen(  # noqa: S603
            self.argv, cwd=self.cwd, env=self.env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        out.close()
        self.starts.append(time.monotonic())

    @property
    def pid(self) -> int:
        return self.proc.pid if self.proc else 0

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15) -> None:
        self.enabled = False
        if not self.alive():
            return
        try:
            os.killpg(self.proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


class Stack:
    """The whole stack under var/stack/ (or `folder`); `start()`, then `stop()`."""

    def __init__(
        self,
        folder: Path | None = None,
        replica: bool = False,
        media_tmpfs: str | None = None,
        demo: bool | list[str] = True,
        quiet: bool = False,
        schema_from: str | None = None,
    ):
        self.dir = Path(folder or ROOT / "var" / "stack")
        self.schema_from = schema_from
        self.replica_wanted = replica
        self.media_tmpfs = media_tmpfs
        self.demo = demo
        self.quiet = quiet
        self.services: dict[str, Service] = {}
        self.pg: Cluster | None = None
        self.replica: Cluster | None = None
        self.redis: subprocess.Popen | None = None
        self.nginx: subprocess.Popen | None = None
        self._stopping = threading.Event()
        self._watch: threading.Thread | None = None
        self.http_port = free_port()
        self.https_port = free_port()
        self.redis_port = free_port()
        self.app_ports = [free_port(), free_port()]
        self.mounted = False

    # --- paths and environment ------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def certificate(self) -> Path:
        """The self-signed certificate of nginx (for clients to trust)."""
        return self.dir / "tls" / "cert.pem"

    @property
    def media(self) -> Path:
        return self.dir / "media"

    @property
    def logs(self) -> Path:
        return self.dir / "logs"

    def say(self, text: str) -> None:
        if not self.quiet:
            print(f"stack: {text}", flush=True)

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "HOPTAC_"))}
        env.update(
            DEBUG="0",
            SECRET_KEY=self.secret,
            DATABASE_URL=self.pg.url("hoptac"),
            REDIS_URL=f"redis://127.0.0.1:{self.redis_port}/0",
            ALLOWED_HOSTS="127.0.0.1,localhost",
            CSRF_TRUSTED_ORIGINS=f"https://127.0.0.1:{self.https_port},https://localhost:{self.https_port}",
            SITE_URL=f"https://127.0.0.1:{self.https_port}",
            PROXY_COUNT="1",
            FILES_ACCEL_REDIRECT_PREFIX="/protected-media/",  # nginx sends permitted downloads
            DB_CONN_MAX_AGE="600",
            HOPTAC_VAR_DIR=str(self.dir / "var"),
            STATIC_ROOT=str(self.dir / "static"),
            MEDIA_ROOT=str(self.media),
            EMAIL_URL="consolemail://",
            LOG_LEVEL="WARNING",
            TASK_WORKER_LEASE_SECONDS="30",
            PYTHONUNBUFFERED="1",
        )
        if self.replica is not None:
            env["DATABASE_REPLICA_URLS"] = self.replica.url("hoptac")
        return env

    def _copy_schema(self) -> bool:
        """Restore the migrated schema of `schema_from` (a postgis:// URL of a database migrated
        by the same migration files, as `make test`'s test template) into the stack's database
        instead of running every migration again; `migrate` then finds them all applied. False
        (nothing restored) when it cannot: the caller migrates as usual."""
        source = "postgresql://" + self.schema_from.split("://", 1)[1]
        dump = self.dir / "schema.dump"
        bin_ = self.pg.bin
        done = subprocess.run(  # noqa: S603
            [str(bin_ / "pg_dump"), "--format=custom", "--no-owner", "-f", str(dump), source],
            capture_output=True, text=True,
        )  # fmt: skip
        if done.returncode == 0:
            target = "postgresql://" + self.pg.url("hoptac").split("://", 1)[1]
            done = subprocess.run(  # noqa: S603
                [str(bin_ / "pg_restore"), "--no-owner", "--no-acl", "--exit-on-error",
                 "-d", target, str(dump)],
                capture_output=True, text=True,
            )  # fmt: skip
        dump.unlink(missing_ok=True)
        if done.returncode != 0:
            self.say(f"the migrated schema could not be copied, migrating: {done.stderr[-300:]}")
            self.pg.create_database("hoptac")  # empty again
            return False
        return True

    def _manage_in_background(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen(  # noqa: S603
            [PY, "manage.py", *args], cwd=ROOT, env=self.env, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603
            [PY, "manage.py", *args], cwd=ROOT, env=self.env, check=check,
            capture_output=True, text=True,
        )  # fmt: skip

    # --- the parts --------------------------------------------------------------------------
    def _start_postgres(self) -> None:
        self.pg = Cluster(self.dir / "pg", fast=False).start()
        self.pg.create_database("hoptac")
        self.say(f"PostgreSQL + PostGIS on port {self.pg.port}")
        if self.replica_wanted:
            self.replica = Cluster(self.dir / "pg-replica", fast=False, replica_of=self.pg)
            self.replica.start()
            self.replica.wait_replaying()
            self.say(f"streaming replica on port {self.replica.port}")

    def start_redis(self) -> None:
        folder = self.dir / "redis"
        folder.mkdir(exist_ok=True)
        self.redis = subprocess.Popen(  # noqa: S603
            [shutil.which("redis-server") or "redis-server", "--port", str(self.redis_port),
             "--bind", "127.0.0.1", "--dir", str(folder), "--save", "", "--appendonly", "no",
             "--daemonize", "no", "--logfile", str(self.logs / "redis.log")],
            start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                import socket

                socket.create_connection(("127.0.0.1", self.redis_port), 0.2).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop_redis(self) -> None:
        if self.redis and self.redis.poll() is None:
            self.redis.terminate()
            self.redis.wait(10)

    def _certificate(self) -> tuple[Path, Path]:
        folder = self.dir / "tls"
        folder.mkdir(exist_ok=True)
        cert, key = folder / "cert.pem", folder / "key.pem"
        if not cert.exists():
            subprocess.run(  # noqa: S603
                ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
                 "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                 "-keyout", str(key), "-out", str(cert)],  # fmt: skip
                check=True, capture_output=True,
            )  # fmt: skip
        return cert, key

    def nginx_site(self) -> str:
        """deploy/nginx/hoptac.conf with its ${HOPTAC_*} variables filled in."""
        cert, key = self._certificate()
        values = {
            "HOPTAC_APP_1": f"127.0.0.1:{self.app_ports[0]}",
            "HOPTAC_APP_2": f"127.0.0.1:{self.app_ports[1]}",
            "HOPTAC_HTTP_LISTEN": f"127.0.0.1:{self.http_port}",
            "HOPTAC_HTTPS_LISTEN": f"127.0.0.1:{self.https_port}",
            "HOPTAC_HTTPS_SUFFIX": f":{self.https_port}",
            "HOPTAC_SERVER_NAME": "127.0.0.1 localhost",
            "HOPTAC_TLS_CERT": str(cert),
            "HOPTAC_TLS_KEY": str(key),
            "HOPTAC_STATIC_ROOT": str(self.dir / "static"),
            "HOPTAC_MEDIA_ROOT": str(self.media),
            "HOPTAC_MAX_BODY": "210m",
        }
        text = (ROOT / "deploy" / "nginx" / "hoptac.conf").read_text()
        wanted = set(re.findall(r"\$\{(HOPTAC_[A-Z_0-9]+)\}", text))
        if wanted - set(values):
            raise SystemExit(f"stack: no value for {sorted(wanted - set(values))}")
        return Template(text).safe_substitute(values)

    def _start_nginx(self) -> None:
        folder = self.dir / "nginx"
        (folder / "tmp").mkdir(parents=True, exist_ok=True)
        (folder / "hoptac.conf").write_text(self.nginx_site())
        user = ""
        if os.geteuid() == 0:
            user = "user www-data;"
            shutil.chown(folder / "tmp", "www-data")
        tmp = folder / "tmp"
        (folder / "nginx.conf").write_text(
            f"""{user}
worker_processes 2;
pid {folder}/nginx.pid;
error_log {self.logs}/nginx-error.log warn;
daemon off;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log {self.logs}/nginx-access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {folder}/hoptac.conf;
}}
"""
        )
        check = subprocess.run(  # noqa: S603
            ["nginx", "-t", "-q", "-p", str(folder), "-c", str(folder / "nginx.conf")],
            capture_output=True, text=True,
        )  # fmt: skip
        if check.returncode != 0:
            raise SystemExit(f"stack: nginx refuses the site file:\n{check.stderr}")
        self.nginx = subprocess.Popen(  # noqa: S603
            ["nginx", "-p", str(folder), "-c", str(folder / "nginx.conf")],
            stderr=open(self.logs / "nginx.out", "ab"),  # noqa: SIM115
            start_new_session=True,
        )  # fmt: skip

    def _prepare_media(self) -> None:
        self.media.mkdir(parents=True, exist_ok=True)
        if self.media_tmpfs:
            subprocess.run(  # noqa: S603
                ["mount", "-t", "tmpfs", "-o", f"size={self.media_tmpfs}", "tmpfs",
                 str(self.media)],
                check=True, capture_output=True,
            )  # fmt: skip
            self.mounted = True

    def _watchdog(self) -> None:
        while not self._stopping.wait(0.2):
            for svc in self.services.values():
                if svc.enabled and svc.restart and svc.proc is not None and not svc.alive():
                    # As systemd does with the unit's cgroup: what the dead process left
                    # (gunicorn's workers still holding the port) goes with it.
                    try:
                        os.killpg(svc.proc.pid, signal.SIGKILL)
                    except (ProcessLookupError, PermissionError):
                        pass
                    time.sleep(svc.restart_sec)
                    if svc.enabled and not self._stopping.is_set() and not svc.alive():
                        svc.start()

    def add_service(self, name: str, unit_name: str, instance: str = "") -> Service:
        svc = Service(name, unit_name, self.env, self.logs, instance)
        self.services[name] = svc
        svc.start()
        return svc

    def start(self) -> Stack:
        if self.dir.exists():
            self._cleanup_old()
        self.logs.mkdir(parents=True)
        self.secret = secrets.token_urlsafe(48)
        self._prepare_media()
        self._start_postgres()
        self.start_redis()
        self.env = self.environment()
        # collectstatic and the deploy check read no database: they run beside the migration
        static = self._manage_in_background("collectstatic", "--noinput", "-v", "0")
        check = self._manage_in_background("check", "--deploy", "--fail-level", "WARNING")
        # the search's loops compiled into the var directory's cache, as a deploy does
        # (README), so that the workers load them rather than compile them each
        warm = self._manage_in_background("warm_search")
        copied = self.schema_from is not None and self._copy_schema()
        self.say(
            ("migrate (the schema copied)" if copied else "migrate")
            + ", collectstatic"
            + (", demo data" if self.demo else "")
        )
        if self.demo:
            only = ["--only", *self.demo] if isinstance(self.demo, list) else []
            demo = self.manage("load_demo", "--migrate", "--accounts", *only)
            self.accounts = demo.stdout[demo.stdout.find("Demo accounts") :]
        else:
            self.manage("migrate", "--noinput", "-v", "0")
            self.accounts = ""
        out = static.communicate()[0]
        if static.returncode != 0:
            raise SystemExit(f"stack: collectstatic failed:\n{out}")
        out = check.communicate()[0]
        if check.returncode != 0:
            raise SystemExit(f"stack: check --deploy failed:\n{out}")
        out = warm.communicate()[0]
        if warm.returncode != 0:
            raise SystemExit(f"stack: warm_search failed:\n{out}")
        for n, port in enumerate(self.app_ports, 1):
            self.add_service(f"web{n}", "hoptac-web@.service", str(port))
        self.add_service("worker", "hoptac-worker.service")
        self.add_service("schedule", "hoptac-schedule.service")
        self._start_nginx()
        self._watch = threading.Thread(target=self._watchdog, daemon=True)
        self._watch.start()
        self.wait_healthy()
        return self

    def wait_healthy(self, timeout: float = 60) -> float:
        """Seconds until /healthz answers 200 through nginx (plain HTTP, as a load balancer)."""
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout:
            try:
                with urllib.request.urlopen(f"{self.http_url}/healthz", timeout=2) as r:  # noqa: S310
                    if r.status == 200:
                        return time.monotonic() - t0
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"the stack did not become healthy (logs in {self.logs})")

    def _cleanup_old(self) -> None:
        """A stack left by an earlier run that was not stopped (kill -9 of make): stop its
        servers by their pid files, then remove its folder."""
        pid = self.dir / "nginx" / "nginx.pid"
        if pid.exists():
            try:
                os.kill(int(pid.read_text()), signal.SIGTERM)
            except (ProcessLookupError, ValueError):
                pass
        for sub in ("pg", "pg-replica"):
            if (self.dir / sub / "data" / "postmaster.pid").exists():
                Cluster(self.dir / sub).stop("immediate")
        subprocess.run(["umount", str(self.media)], capture_output=True)  # noqa: S603,S607
        shutil.rmtree(self.dir, ignore_errors=True)

    def stop(self) -> None:
        self._stopping.set()
        for svc in self.services.values():
            svc.stop()
        if self.nginx and self.nginx.poll() is None:
            self.nginx.terminate()
            self.nginx.wait(10)
        self.stop_redis()
        for pg in (self.replica, self.pg):
            if pg is not None:
                pg.stop("fast")
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.media)], capture_output=True)  # noqa: S603,S607
        self.say("stopped")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Hoptac's production stack on this machine.")
    parser.add_argument("--replica", action="store_true", help="with a streaming read replica")
    args = parser.parse_args(argv)
    stack = Stack(replica=args.replica)
    signal.signal(signal.SIGTERM, lambda *a: (_ for _ in ()).throw(KeyboardInterrupt))
    try:
        stack.start()
        print(f"\nHoptac (DEBUG=0, nginx, 2 app processes, worker, scheduler): {stack.url}/")
        print(f"  plain HTTP health check: {stack.http_url}/healthz")
        print("  the certificate is self-signed (curl -k, or accept it in the browser)")
        print(stack.accounts)
        print(f"  logs: {stack.logs}/   Ctrl-C stops everything.\n", flush=True)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
