"""The geodata benchmark's map session and HTTP floor (issue 19).

- **A recorded map session**: 200 tiles from z10 to z17, as a 1280 × 800 map asks for them
  while a planner zooms in on a ward and pans (each view's tiles, then a pan of two columns),
  requested once each by six connections as a browser does. *Cold*: the tile cache is empty
  (a fresh Redis database, or a fresh process without Redis); *warm*: the same session again.
  Targets: p95 ≤ 150 ms cold, ≤ 20 ms warm.
- **Small requests against the fair limit**: a feature by id and a page of 100, at
  concurrency 1 with their raw SQL timed alongside (decision 0008), against `/livez` — a view
  that does nothing, under the same gunicorn and client — measured in the same round. Target:
  p95 ≤ 1.5 × (raw SQL p95 + floor p95).
"""

from __future__ import annotations

import http.client
import math
import os
import threading
import time

from geo_base import CELL_H, CELL_W, ORIGIN_E, ORIGIN_N, SLUG, log
from geo_timing import (
    RawAlongside,
    free_port,
    hoptac_paths,
    hoptac_server,
    measure,
    percentiles,
    tile_xy,
)

COLUMNS, ROWS = 5, 4  # 256-pixel tiles covering a 1280 × 800 view
SESSION_TILES = 200


def recorded_session(n: int) -> list[tuple[int, int, int]]:
    """The tiles of a session zooming from z10 to z17 on the middle of the parcels and
    panning at each zoom, in the order a map asks for them; each tile once."""
    from pyproj import Transformer

    t = Transformer.from_crs(5897, 4326, always_xy=True)
    side = math.ceil(math.sqrt(n))
    rows = math.ceil(n / side)
    lon, lat = t.transform(ORIGIN_E + side * CELL_W * 0.45, ORIGIN_N + rows * CELL_H * 0.55)
    seen: set[tuple[int, int, int]] = set()
    order: list[tuple[int, int, int]] = []
    for z in range(10, 18):
        cx, cy = tile_xy(lon, lat, z)
        for pan in range(0, 7, 2):  # the view, then pans of two columns east
            for dy in range(-(ROWS // 2), ROWS - ROWS // 2):
                for dx in range(-(COLUMNS // 2), COLUMNS - COLUMNS // 2):
                    tile = (z, cx + dx + pan, cy + dy)
                    if tile not in seen:
                        seen.add(tile)
                        order.append(tile)
            if len(order) >= SESSION_TILES * (z - 9) // 8:
                break
    return order[:SESSION_TILES]


def fetch_all(
    port: int, paths: list[str], connections: int = 6, by_path: dict | None = None
) -> tuple[list[float], int]:
    """Each path once, by `connections` kept-alive connections; (latencies, errors)."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    queue = list(reversed(paths))

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                if not queue:
                    break
                path = queue.pop()
            t = time.perf_counter()
            conn.request("GET", path)
            r = conn.getresponse()
            r.read()
            dt = time.perf_counter() - t
            if r.will_close:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            with lock:
                latencies.append(dt)
                if by_path is not None:
                    by_path[path] = dt
                if r.status >= 400:
                    errors[0] += 1
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return latencies, errors[0]


def redis_for_bench() -> str | None:
    """A Redis the benchmark may empty (database 14), as production keeps tiles in Redis; None
    when none answers (then each gunicorn process keeps its own memory cache)."""
    url = os.environ.get("BENCH_GEO_REDIS_URL", "redis://127.0.0.1:6379/14")
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=0.5)
        client.ping()
        client.flushdb()
        return url
    except Exception:  # noqa: BLE001 — no module, no server, no rights: no Redis
        return None


def session_round(url: str, version_id: int, n: int, q: dict, seconds: float) -> dict:
    out: dict = {"load_average": [round(v, 2) for v in os.getloadavg()]}
    redis_url = redis_for_bench()
    out["tile_cache"] = "redis" if redis_url else "memory of each process"
    extra = {"REDIS_URL": redis_url} if redis_url else {}
    tiles = recorded_session(n)
    paths = [f"/tiles/{SLUG}/{z}/{x}/{y}.mvt" for z, x, y in tiles]
    out["session_tiles"] = len(paths)
    out["session_zooms"] = sorted({z for z, _x, _y in tiles})
    port = free_port()
    srv = hoptac_server(url, port, env=extra, workers=2 if redis_url else 1)
    raw = RawAlongside(url, version_id, q)
    try:
        cold_by, warm_by = {}, {}
        cold, cold_errors = fetch_all(port, paths, by_path=cold_by)
        warm, warm_errors = fetch_all(port, paths, by_path=warm_by)
        out["session_cold"] = {**percentiles(cold), "errors": cold_errors}
        out["session_warm"] = {**percentiles(warm), "errors": warm_errors}
        zoom_of = {p: z for p, (z, _x, _y) in zip(paths, tiles, strict=True)}
        for when, by in (("cold", cold_by), ("warm", warm_by)):
            out[f"session_{when}_by_zoom"] = {
                z: percentiles([dt for p, dt in by.items() if zoom_of[p] == z])
                for z in out["session_zooms"]
            }
            log(f"  {when} p95 by zoom: " + ", ".join(
                f"z{z} {v['p95_ms']}" for z, v in out[f"session_{when}_by_zoom"].items()
            ))  # fmt: skip
        log(f"  map session cold: {out['session_cold']}")
        log(f"  map session warm: {out['session_warm']}")
        out["floor"] = measure(lambda i: f"http://127.0.0.1:{port}/livez", seconds, 1)
        log(f"  floor (/livez): {out['floor']}")
        small = {}
        every = hoptac_paths(SLUG, q, "")
        for name in ("feature_by_id", "items_100"):
            runner = raw.runner(name)
            small[name] = measure(
                lambda i, p=every[name]: f"http://127.0.0.1:{port}{p(i)}", seconds, 1, runner
            )
        out["small"] = small
        out["small_raw_sql_alongside"] = raw.figures()
    finally:
        raw.close()
        srv.stop()
    out["targets"] = targets(out)
    for line in out["targets"]:
        log("  " + line["line"])
    return out


def targets(out: dict) -> list[dict]:
    rows = []

    def row(name: str, figure: float, target: float, peer: str) -> None:
        verdict = "met" if figure <= target else "NOT MET"
        rows.append(
            {
                "name": name,
                "figure_ms": figure,
                "target_ms": round(target, 2),
                "verdict": verdict,
                "line": f"{name}: p95 {figure} ms, target ≤ {target:.2f} ms ({peer}): {verdict}",
            }
        )

    row("map session, cold", out["session_cold"]["p95_ms"], 150.0, "fixed")
    row("map session, warm", out["session_warm"]["p95_ms"], 20.0, "fixed")
    floor = out["floor"]["p95_ms"]
    for name, fig in out["small"].items():
        raw = out["small_raw_sql_alongside"].get(name, {}).get("p95_ms", 0.0)
        row(
            f"{name} (c=1)",
            fig["p95_ms"],
            1.5 * (raw + floor),
            f"1.5 × (raw SQL {raw} + floor {floor})",
        )
    return rows
