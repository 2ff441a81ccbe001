"""The search benchmark: `make bench-search`.

For each backend (SpatiaLite file under var/bench/, PostgreSQL) in its own process: migrate a
fresh database, load the demo, index it, add the 100,000-document corpus (timed: build time),
measure the index size, the latency of 300 queries and the quality on the judged set. Then the
two peers (tantivy with ASCII folding; plain FTS5 with unicode61 remove_diacritics 2) index the
same public documents and answer the same queries. Figures are printed and written, each named,
to var/bench/search.json.

The parts: `scoring` (queries and measures), `worker` (one backend), `peers`, `report`; this
file runs them and starts the PostgreSQL it needs.

PostgreSQL: HOPTAC_TEST_DATABASE_URL if set (a database named hoptac_bench_search is created
next to it), else a throwaway cluster (initdb in a temporary folder, a free port).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import CORPUS, OUT, QUESTIONS, ROOT
from report import report, verdict_lines, verdicts
from scoring import HELDOUT
from worker import worker


# --- orchestration --------------------------------------------------------------------------
def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Postgres:
    """The server named by HOPTAC_TEST_DATABASE_URL, or a throwaway cluster of our own."""

    def __enter__(self) -> str:
        self.dir = None
        given = os.environ.get("HOPTAC_TEST_DATABASE_URL")
        if given:
            return given.rsplit("/", 1)[0] + "/hoptac_bench_search"
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: p.parent.name)
        if not bins:
            raise SystemExit("bench-search: PostgreSQL is not installed (see README).")
        self.bin = bins[-1]
        self.dir = Path(tempfile.mkdtemp(prefix="hoptac-bench-pg."))
        self.run = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        port = free_port()
        data = self.dir / "data"
        subprocess.run(
            [
                *self.run,
                str(self.bin / "initdb"),
                "-D",
                str(data),
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
                str(data),
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
        self.data = data
        return f"postgis://postgres@127.0.0.1:{port}/hoptac_bench_search"

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


def recreate_pg(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    admin = base.replace("postgis://", "postgresql://") + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(url.replace("postgis://", "postgresql://")) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")


def spawn(url: str, splits: tuple[str, ...]) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, __file__, "--worker", url, "--docs", str(CORPUS)]
        + (["--splits", ",".join(splits)]),
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode:
        sys.stderr.write(out.stderr[-4000:])
        raise SystemExit(f"bench-search: the worker for {url.split(':')[0]} failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--worker")
    parser.add_argument("--docs", type=int, default=CORPUS)
    parser.add_argument("--splits", default="dev")
    parser.add_argument("--out", default="search.json", help="file name under var/bench/")
    parser.add_argument(
        "--only", choices=["sqlite", "postgresql"], help="one backend (development)"
    )
    parser.add_argument(
        "--score-test",
        metavar="METHOD",
        help="also score the test split of the questions, once per change of method, and "
        "record it (date, method, figures) in bench/search/questions/README.md",
    )
    parser.add_argument(
        "--score-heldout",
        metavar="METHOD",
        help="also score the held-out sets (judged_heldout.json, judged_heldout2.json, "
        "questions/corpus_heldout.json, questions/corpus_heldout2.json, "
        "questions/corpus_heldout3.json, questions/corpus_heldout4.json, "
        "questions/corpus_heldout5.json), "
        "once, on a final method, and record it (date, method, figures) in "
        "bench/search/questions/README.md",
    )
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.docs, tuple(args.splits.split(",")))))
        return
    splits = scored_splits(args.score_test, args.score_heldout)
    OUT.mkdir(parents=True, exist_ok=True)
    sqlite_path = OUT / f"{Path(args.out).stem}.sqlite3"
    sqlite_path.unlink(missing_ok=True)
    figures = {}
    if args.only != "postgresql":
        figures["sqlite"] = spawn(f"spatialite:///{sqlite_path}", splits)
    if args.only != "sqlite":
        with Postgres() as url:
            recreate_pg(url)
            figures["postgresql"] = spawn(url, splits)
    figures["command"] = "make bench-search"
    figures["documents_asked"] = CORPUS
    figures["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    figures["cpus"] = os.cpu_count()
    figures["when"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    figures["targets"] = verdicts(figures, splits)
    figures["xquad_every"] = int(os.environ.get("BENCH_SEARCH_XQUAD_EVERY", "1"))
    (OUT / args.out).write_text(json.dumps(figures, indent=2, ensure_ascii=False))
    lines = report(figures, splits) + verdict_lines(figures["targets"])
    print("\n".join(lines))
    if args.score_test or args.score_heldout:
        record(entry_title(args.score_test, args.score_heldout), figures, lines)
    print(f"written to {OUT / args.out}")


def scored_splits(score_test: str | None, score_heldout: str | None) -> tuple[str, ...]:
    """The splits a run scores: dev always; the test split and the held-out sets only when
    asked, each with the method it scores."""
    return ("dev", *(["test"] if score_test else []), *([HELDOUT] if score_heldout else []))


def entry_title(score_test: str | None, score_heldout: str | None) -> str:
    """The title of a scoring's entry in the questions' README: the method of each part."""
    parts = [score_test] if score_test else []
    if score_heldout:
        parts.append(f"held-out sets: {score_heldout}")
    return "; ".join(parts)


def record(method: str, figures: dict, lines: list[str]) -> None:
    """Append one scoring of the test split or the held-out sets to the questions' README (the
    log of scorings)."""
    readme = QUESTIONS / "README.md"
    entry = [
        "",
        f"### {figures['when']} — {method}",
        "",
        f"Corpus {figures['documents_asked']} synthetic documents; load at end "
        f"{figures['load_average_at_end']}; {figures['cpus']} CPUs.",
        "",
        "```",
        *lines,
        "```",
    ]
    with readme.open("a", encoding="utf-8") as out:
        out.write("\n".join(entry) + "\n")


if __name__ == "__main__":
    main()
