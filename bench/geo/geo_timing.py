# ruff: noqa: E501 — a benchmark script: long query and command lines read better whole
"""The geodata benchmark's timing: the servers, the HTTP client and the raw SQL of each query."""

from __future__ import annotations

import http.client
import json
import math
import os
import random
import signal
import socket
import subprocess
import threading
import time
from urllib.parse import urlparse

from geo_base import CELL_H, CELL_W, ORIGIN_E, ORIGIN_N, ROOT, SLUG, WORK, log, pg_dsn


# --- 3. serving -------------------------------------------------------------------------------
def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_up(url: str, timeout: float = 60) -> None:
    import requests

    end = time.time() + timeout
    while time.time() < end:
        try:
            if requests.get(url, timeout=2).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise SystemExit(f"server did not start: {url}")


class Server:
    def __init__(self, name: str, cmd: list[str], env: dict, port: int, probe: str, cwd=None):
        self.name, self.port = name, port
        self.log = open(WORK / f"{name}.log", "w")  # noqa: SIM115
        self.proc = subprocess.Popen(  # noqa: S603
            cmd, env={**os.environ, **env}, stdout=self.log, stderr=self.log, cwd=cwd,
            start_new_session=True,
        )  # fmt: skip
        wait_up(f"http://127.0.0.1:{port}{probe}")

    def stop(self) -> None:
        os.killpg(self.proc.pid, signal.SIGTERM)
        self.proc.wait(timeout=20)
        self.log.close()


def hoptac_server(url: str, port: int, env: dict | None = None, workers: int = 2) -> Server:
    extra = env or {}
    env = {
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "x" * 60,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DB_CONN_MAX_AGE": "600",
        "HOPTAC_VAR_DIR": str(WORK / "site"),
        "LOG_LEVEL": "WARNING",
        **extra,
    }
    cmd = [
        str(ROOT / ".venv/bin/gunicorn"), "hoptac.wsgi", "-w", str(workers), "--threads", "4",
        "-b", f"127.0.0.1:{port}", "--log-level", "warning",
    ]  # fmt: skip
    return Server("hoptac", cmd, env, port, "/ogc/", cwd=ROOT)


def measure(url_for, seconds: float, concurrency: int, alongside=None) -> dict:
    """Run requests for `seconds` with `concurrency` threads; url_for(i) gives the i-th URL.

    The client is http.client on one kept-alive connection per thread, the same for every
    server: `requests` costs 1-2 ms a request on two shared cores, a large share of a small
    answer and none of the raw SQL figure (decision 0008).
    """
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds
    counter = [0]

    def worker():
        conn = None
        while time.perf_counter() < stop:
            with lock:
                i = counter[0]
                counter[0] += 1
            u = urlparse(url_for(i))
            target = u.path + (f"?{u.query}" if u.query else "")
            t = time.perf_counter()
            for attempt in (1, 2):  # a server may close a kept-alive connection: open another
                if conn is None:
                    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
                try:
                    conn.request("GET", target)
                    r = conn.getresponse()
                    r.read()
                    break
                except (http.client.HTTPException, ConnectionError):
                    conn.close()
                    conn = None
                    if attempt == 2:
                        raise
            dt = time.perf_counter() - t
            if r.will_close:
                conn.close()
                conn = None
            with lock:
                if r.status >= 400:
                    errors[0] += 1
                latencies.append(dt)
            if alongside is not None:
                alongside(i)
        if conn is not None:
            conn.close()

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t0
    if alongside is not None:  # the time of the raw SQL is not the server's
        wall -= alongside.spent
    latencies.sort()
    return {
        "n": len(latencies),
        "errors": errors[0],
        "p50_ms": round(1000 * latencies[len(latencies) // 2], 2),
        "p95_ms": round(
            1000 * latencies[int(len(latencies) * 0.95) - 1 if len(latencies) > 1 else 0], 2
        ),
        "rps": round(len(latencies) / wall, 1),
    }


def tile_xy(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def queries(n: int, sample_ids: list[int]) -> dict:
    """Query shapes: name -> function(base, collection, i) -> path, for each server flavour."""
    from pyproj import Transformer

    t = Transformer.from_crs(5897, 4326, always_xy=True)
    side = math.ceil(math.sqrt(n))
    rows = math.ceil(n / side)
    centre_e = ORIGIN_E + side * CELL_W / 2
    centre_n = ORIGIN_N + rows * CELL_H / 2
    rng = random.Random(7)
    boxes = []
    for _ in range(200):
        e = centre_e + rng.uniform(-0.4, 0.4) * side * CELL_W
        nn = centre_n + rng.uniform(-0.4, 0.4) * rows * CELL_H
        (x0, x1), (y0, y1) = t.transform([e, e + 300], [nn, nn + 300])
        boxes.append((x0, y0, x1, y1))
    lon, lat = t.transform(centre_e, centre_n)
    tiles = {}
    for z in (12, 14, 16):
        tiles[z] = []
        for _k in range(50):
            dlon = rng.uniform(-0.03, 0.03) if z > 12 else 0
            dlat = rng.uniform(-0.03, 0.03) if z > 12 else 0
            tiles[z].append(tile_xy(lon + dlon, lat + dlat, z))
    # so_thua ranges of 1,000 parcels (a block of a ward), anywhere in the layer
    ranges = [rng.randrange(1, max(2, n - 1000)) for _ in range(200)]
    return {
        "boxes": boxes,
        "tiles": tiles,
        "ids": sample_ids,
        "ranges": ranges,
        "deep_offset": min(300_000, n - 100),
    }


# --- 4. raw SQL ---------------------------------------------------------------------------------
def raw_specs(cur, version_id: int, q: dict) -> dict:
    """name -> (sql, params_for(i)): the raw SQL of each query, as a server would run it."""
    table = "geodata_feature"
    page = (
        f"SELECT id, ST_AsGeoJSON(geom, 7), properties::text FROM {table} "  # noqa: S608
        "WHERE version_id = %s AND id > %s ORDER BY id LIMIT %s"
    )
    cur.execute(
        f"SELECT id FROM {table} WHERE version_id = %s ORDER BY id OFFSET %s LIMIT 1",  # noqa: S608
        (version_id, q["deep_offset"]),
    )
    deep_after = cur.fetchone()[0]
    # What Hoptac compares: jsonb, or for a queryable declared a number its number expression.
    from hoptac.geodata.backends.postgis import number_expression

    cur.execute("SELECT queryables FROM geodata_layer WHERE slug = %s", [SLUG])
    declared = cur.fetchone()[0] or {}
    if isinstance(declared, str):
        declared = json.loads(declared)
    if declared.get("so_thua") == "number":
        so_thua, number = number_expression("properties", "so_thua"), "%s::float8"
        above = "500000"
    else:
        so_thua, number = "(properties -> 'so_thua')", "%s::jsonb"
        above = "'500000'::jsonb"
    specs = {
        "items_100": (page, lambda i: (version_id, 0, 100)),
        "items_1000": (page, lambda i: (version_id, 0, 1000)),
        "bbox_300m": (
            f"SELECT id, ST_AsGeoJSON(geom, 7), properties::text FROM {table} "  # noqa: S608
            "WHERE version_id = %s AND geom && ST_MakeEnvelope(%s,%s,%s,%s,4326) "
            "AND ST_Intersects(geom, ST_MakeEnvelope(%s,%s,%s,%s,4326)) ORDER BY id LIMIT 1000",
            lambda i: (version_id, *q["boxes"][i % 200], *q["boxes"][i % 200]),
        ),
        "cql2_filter": (
            f"SELECT id, ST_AsGeoJSON(geom, 7), properties::text FROM {table} "  # noqa: S608
            "WHERE version_id = %s AND properties -> 'use' = '\"cay_xanh\"'::jsonb "
            f"AND {so_thua} > {above} ORDER BY id LIMIT 100",
            lambda i: (version_id,),
        ),
        "cql2_eq": (
            f"SELECT id, ST_AsGeoJSON(geom, 7), properties::text FROM {table} "  # noqa: S608
            "WHERE version_id = %s AND properties -> 'use' = '\"cay_xanh\"'::jsonb "
            "ORDER BY id LIMIT 100",
            lambda i: (version_id,),
        ),
        "cql2_range": (
            f"SELECT id, ST_AsGeoJSON(geom, 7), properties::text FROM {table} "  # noqa: S608
            f"WHERE version_id = %s AND {so_thua} >= {number} "
            f"AND {so_thua} < {number} ORDER BY id LIMIT 100",
            lambda i: (version_id, str(q["ranges"][i % 200]), str(q["ranges"][i % 200] + 1000)),
        ),
        "deep_page_300k": (page, lambda i: (version_id, deep_after, 100)),
        "feature_by_id": (
            f"SELECT id, ST_AsGeoJSON(geom, 7), properties::text FROM {table} "  # noqa: S608
            "WHERE version_id = %s AND id = %s",
            lambda i: (version_id, q["ids"][i % len(q["ids"])]),
        ),
    }
    from hoptac.geodata.backends import tile_bounds_4326

    for z in (12, 14, 16):

        def params(i, z=z):
            x, y = q["tiles"][z][i % 50]
            w, s, e, n = tile_bounds_4326(z, x, y)
            m = (e - w) * 64 / 4096
            return (z, x, y, version_id, w - m, s - m, e + m, n + m, 5000, "t")

        specs[f"tile_z{z}"] = (
            f"""WITH env AS (SELECT ST_TileEnvelope(%s, %s, %s) AS e),
            src AS (SELECT id, properties, geom FROM {table} WHERE version_id = %s
                    AND geom && ST_MakeEnvelope(%s, %s, %s, %s, 4326) ORDER BY id LIMIT %s)
            SELECT ST_AsMVT(q, %s, 4096, 'g', 'id') FROM (
              SELECT src.id, src.properties,
                ST_AsMVTGeom(ST_Transform(src.geom, 3857), env.e, 4096, 64, true) AS g
              FROM src, env) q WHERE g IS NOT NULL""",  # noqa: S608
            params,
        )
    return specs


def percentiles(ts: list[float]) -> dict:
    ts = sorted(ts)
    return {
        "n": len(ts),
        "p50_ms": round(1000 * ts[len(ts) // 2], 2),
        "p95_ms": round(1000 * ts[max(0, int(len(ts) * 0.95) - 1)], 2),
    }


def raw_sql_times(url: str, version_id: int, q: dict) -> dict:
    """Each query's raw SQL alone, 200 runs (50 for a tile), before any server runs."""
    import psycopg

    out = {}
    with psycopg.connect(pg_dsn(url)) as conn:
        cur = conn.cursor()
        for name, (sql, params_for) in raw_specs(cur, version_id, q).items():
            if ONLY and name not in ONLY:
                continue
            ts = []
            for i in range(50 if name.startswith("tile") else 200):
                t = time.perf_counter()
                cur.execute(sql, params_for(i))
                cur.fetchall()
                ts.append(time.perf_counter() - t)
            out[name] = percentiles(ts)
    return out


class RawAlongside:
    """The raw SQL of a query run after each request of the c=1 measurement, on a connection of
    the benchmark's own: the two are timed in the same seconds, whatever the machine's other
    load does meanwhile (decision 0008)."""

    def __init__(self, url: str, version_id: int, q: dict):
        import psycopg

        self.conn = psycopg.connect(pg_dsn(url))
        self.cur = self.conn.cursor()
        self.specs = raw_specs(self.cur, version_id, q)
        self.times: dict[str, list[float]] = {}

    def runner(self, name: str) -> RawRunner:
        return RawRunner(self.cur, *self.specs[name], self.times.setdefault(name, []))

    def figures(self) -> dict:
        return {name: percentiles(ts) for name, ts in self.times.items() if ts}

    def close(self) -> None:
        self.conn.close()


class RawRunner:
    """Runs one query's raw SQL once per call, keeping its times and their sum."""

    def __init__(self, cur, sql: str, params_for, times: list[float]):
        self.cur, self.sql, self.params_for, self.times = cur, sql, params_for, times
        self.spent = 0.0

    def __call__(self, i: int) -> None:
        t = time.perf_counter()
        self.cur.execute(self.sql, self.params_for(i))
        self.cur.fetchall()
        dt = time.perf_counter() - t
        self.times.append(dt)
        self.spent += dt


def hoptac_paths(version_slug: str, q: dict, deep_cursor: str) -> dict:
    base = f"/ogc/collections/{version_slug}/items"
    return {
        "items_100": lambda i: f"{base}?limit=100",
        "items_1000": lambda i: f"{base}?limit=1000",
        "bbox_300m": lambda i: (
            f"{base}?limit=1000&bbox=" + ",".join(f"{v:.7f}" for v in q["boxes"][i % 200])
        ),
        "cql2_filter": lambda i: (
            f"{base}?limit=100&filter=use%3D%27cay_xanh%27%20AND%20so_thua%3E500000"
        ),
        "cql2_eq": lambda i: f"{base}?limit=100&filter=use%3D%27cay_xanh%27",
        "cql2_range": lambda i: (
            f"{base}?limit=100&filter=so_thua%3E%3D{q['ranges'][i % 200]}%20AND%20"
            f"so_thua%3C{q['ranges'][i % 200] + 1000}"
        ),
        "deep_page_300k": lambda i: f"{base}?limit=100&cursor={deep_cursor}",
        "feature_by_id": lambda i: f"{base}/{q['ids'][i % len(q['ids'])]}",
        "tile_z12": lambda i: "/tiles/{}/12/{}/{}.mvt".format(
            version_slug, *q["tiles"][12][i % 50]
        ),
        "tile_z14": lambda i: "/tiles/{}/14/{}/{}.mvt".format(
            version_slug, *q["tiles"][14][i % 50]
        ),
        "tile_z16": lambda i: "/tiles/{}/16/{}/{}.mvt".format(
            version_slug, *q["tiles"][16][i % 50]
        ),
    }


ONLY: set[str] = set()  # --only: the queries to measure (all when empty)


def run_suite(name: str, port: int, paths: dict, seconds: float, raw=None) -> dict:
    """Each query at concurrency 1 and 8; with `raw` (RawAlongside), the query's raw SQL runs
    after each request at concurrency 1."""
    results = {}
    for qname, path in paths.items():
        if path is None or (ONLY and qname not in ONLY):
            continue
        results[qname] = {}
        for c in (1, 8):
            alongside = raw.runner(qname) if raw is not None and c == 1 else None
            r = measure(lambda i, p=path: f"http://127.0.0.1:{port}{p(i)}", seconds, c, alongside)
            results[qname][f"c{c}"] = r
            log(f"  {name:9s} {qname:15s} c={c}: p50 {r['p50_ms']:8.2f} ms  p95 {r['p95_ms']:8.2f} ms  "
                f"{r['rps']:8.1f} req/s  errors {r['errors']}")  # fmt: skip
    return results
