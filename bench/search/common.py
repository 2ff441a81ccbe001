"""What the search benchmark's modules share: where its files are and what it writes, the size of
the corpus, the depth of a ranking."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
OUT = ROOT / "var" / "bench"
CORPUS = int(os.environ.get("BENCH_SEARCH_DOCS", "100000"))
K = 10


# The natural questions (bench/search/questions/, see its README)
QUESTIONS = HERE / "questions"
XQUAD = QUESTIONS / "xquad" / "xquad.vi.passages.json"
XQUAD_MODEL = "bench.xquad"


def django_on(db: str | Path, code: str | Path = ROOT, **env: str) -> None:
    """Django set up on the SQLite file ``db`` (or the database of a ``postgis://`` URL), the
    ``hoptac`` package read from ``code`` (this checkout, or another version's copy to measure
    it), ``env`` added to the environment."""
    os.environ.update(
        DATABASE_URL=str(db) if "://" in str(db) else f"spatialite:///{Path(db).resolve()}",
        DEBUG="1",
        DJANGO_SETTINGS_MODULE="hoptac.settings",
        **env,
    )
    sys.path.insert(0, str(Path(code).resolve()))
    import django

    django.setup()


def code_under_test(parser: argparse.ArgumentParser) -> argparse.Namespace:
    """The A/B scripts' start (``cpu_ab.py``, ``cpu_cold.py``, ``cpu_phases.py``): ``code`` (the
    directory holding the ``hoptac`` package to measure) and ``--db`` added to ``parser``, the
    arguments read, Django set up on that database with that code and the posting lists on, and
    checked to be that code."""
    parser.add_argument("code", help="the directory holding the hoptac package to measure")
    parser.add_argument(
        "--db", required=True, help="SQLite path or postgis:// URL, with built posting lists"
    )
    args = parser.parse_args()
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    django_on(args.db, args.code, HOPTAC_SEARCH_POSTINGS="1")
    from hoptac.search import queries

    assert queries.__file__.startswith(os.path.abspath(args.code)), queries.__file__
    return args
