"""The geodata benchmark's paths, grid and small helpers, shared by its modules."""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]

VAR = ROOT / "var" / "bench"

WORK = VAR / "geo"

PEERS = ROOT / "var" / "bench-peers"

PY = str(ROOT / ".venv" / "bin" / "python")

sys.path.insert(0, str(ROOT))

ORIGIN_E, ORIGIN_N = 580000.0, 2318000.0  # south-west corner, Hanoi, EPSG:5897

CELL_W, CELL_H, GAP = 20.0, 25.0, 1.0

USES = ["dat_o", "thuong_mai", "cong_nghiep", "cay_xanh", "giao_thong", "cong_cong"]

SLUG = "thua-dat-1-trieu"


def log(*a) -> None:
    print(*a, flush=True)


def pg_dsn(url: str) -> str:
    u = urlparse(url)
    return (
        f"host={u.hostname} port={u.port or 5432} dbname={u.path.lstrip('/')} "
        f"user={u.username or 'postgres'}" + (f" password={u.password}" if u.password else "")
    )
