"""A throwaway PostgreSQL + PostGIS cluster: initdb in a folder of its own, a free port.

One helper for everything that needs a PostgreSQL of its own and must not touch a server
already running: `scripts/test.sh`, `make stack` and the fault suite (scripts/stack.py), and
the benchmarks. As root the server runs as the `postgres` user (initdb refuses root).

From Python (benchmarks: `sys.path.insert(0, "scripts")`):

    with Cluster() as pg:                       # fast: no fsync (tests, benchmarks)
        url = pg.create_database("hoptac")      # postgis://postgres@127.0.0.1:PORT/hoptac
    replica = Cluster(replica_of=primary)       # a streaming replica (pg_basebackup -R)

From the shell (scripts/test.sh):

    eval "$(python scripts/pgcluster.py start DIR)"   # sets PG_PORT and PG_URL
    python scripts/pgcluster.py stop DIR
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FAST = ["fsync=off", "synchronous_commit=off", "full_page_writes=off"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_bin() -> Path:
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not bins or not (bins[-1] / "initdb").exists():
        raise SystemExit(
            "hoptac: PostgreSQL is not installed: install postgresql and postgresql-15-postgis-3 "
            "(`scripts/bootstrap.sh test` does it as root)."
        )
    return bins[-1]


class Cluster:
    """A cluster in `folder` (a new temporary folder when None) on a free port.

    fast: no fsync and asynchronous commit (a crash may lose the last commits: fine for tests,
    wrong for the fault suite, which checks that acknowledged writes survive).
    replica_of: a running Cluster to stream from (a hot standby, read-only).
    """

    def __init__(
        self,
        folder: Path | str | None = None,
        fast: bool = True,
        replica_of: Cluster | None = None,
        port: int | None = None,
    ):
        self.dir = Path(folder) if folder else Path(tempfile.mkdtemp(prefix="hoptac-pg."))
        self.owned = folder is None
        self.fast = fast
        self.replica_of = replica_of
        self.port = port or free_port()
        self.bin = pg_bin()
        self.root = os.geteuid() == 0
        self.run_as = ["runuser", "-u", "postgres", "--"] if self.root else []

    @property
    def data(self) -> Path:
        return self.dir / "data"

    @property
    def log(self) -> Path:
        return self.dir / "log"

    def url(self, name: str = "postgres") -> str:
        return f"postgis://postgres@127.0.0.1:{self.port}/{name}"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603
            [*self.run_as, *args], check=check, capture_output=True, text=True
        )

    def _options(self) -> str:
        settings = [
            "listen_addresses=127.0.0.1",
            "wal_level=replica",
            "max_wal_senders=5",
            "hot_standby=on",
            "max_connections=200",
        ]
        if self.fast:
            settings += FAST
        return f"-p {self.port} -k {self.dir} " + " ".join(f"-c {s}" for s in settings)

    def start(self) -> Cluster:
        self.dir.mkdir(parents=True, exist_ok=True)
        if self.root:
            shutil.chown(self.dir, "postgres")
        if not (self.data / "PG_VERSION").exists():
            if self.replica_of is None:
                self._run(
                    str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres",
                    "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
                )  # fmt: skip
            else:
                self._run(
                    str(self.bin / "pg_basebackup"), "-h", "127.0.0.1",
                    "-p", str(self.replica_of.port), "-U", "postgres", "-D", str(self.data),
                    "-R", "-X", "stream", "--no-sync", "--checkpoint=fast",
                )  # fmt: skip
        self.pg_ctl("start", "-w", "-t", "60", "-l", str(self.log), "-o", self._options())
        return self

    def pg_ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), *args, check=check)

    def stop(self, mode: str = "fast") -> None:
        self.pg_ctl("stop", "-m", mode, "-w", check=False)

    def restart(self, mode: str = "fast") -> None:
        self.stop(mode)
        self.pg_ctl("start", "-w", "-t", "60", "-l", str(self.log), "-o", self._options())

    def running(self) -> bool:
        return self.pg_ctl("status", check=False).returncode == 0

    def psql(self, sql: str, db: str = "postgres") -> str:
        out = subprocess.run(  # noqa: S603
            [str(self.bin / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
             "-d", db, "-v", "ON_ERROR_STOP=1", "-qAtc", sql],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        return out.stdout.strip()

    def create_database(self, name: str, extensions=("postgis", "unaccent")) -> str:
        """Create database `name` with its extensions; returns its postgis:// URL."""
        self.psql(f'DROP DATABASE IF EXISTS "{name}"')
        self.psql(f'CREATE DATABASE "{name}"')
        for ext in extensions:
            self.psql(f'CREATE EXTENSION IF NOT EXISTS "{ext}"', db=name)
        return self.url(name)

    def wait_replaying(self, timeout: float = 30) -> None:
        """A replica: wait until it accepts connections."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if self.psql("SELECT pg_is_in_recovery()") == "t":
                    return
            except subprocess.CalledProcessError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"the replica on port {self.port} did not start")

    def remove(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *exc) -> None:
        if self.owned:
            self.remove()
        else:
            self.stop("immediate")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=["start", "stop"])
    parser.add_argument("folder", help="the cluster's folder (created when missing)")
    parser.add_argument("--durable", action="store_true", help="keep fsync and synchronous commit")
    args = parser.parse_args(argv)
    folder = Path(args.folder)
    if args.action == "start":
        pg = Cluster(folder, fast=not args.durable).start()
        (folder / "port").write_text(str(pg.port))
        print(f"PG_PORT={pg.port}; PG_URL={pg.url('hoptac')}")
    else:
        port = (folder / "port").read_text() if (folder / "port").exists() else "0"
        Cluster(folder, port=int(port)).stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
