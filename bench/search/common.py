"""What the search benchmark's modules share: where its files are and what it writes, the size of
the corpus, the depth of a ranking."""

from __future__ import annotations

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
