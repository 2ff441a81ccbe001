# ruff: noqa: E501 — a benchmark script: long query and command lines read better whole
"""Geodata benchmark: one million synthetic parcels in EPSG:5897 on PostGIS.

    DATABASE_URL=postgis://… .venv/bin/python bench/geo/bench.py [--parcels N] [--skip-peers]

Steps, each timed and written to var/bench/geo.json:
  1. generate the parcels (a GeoPackage in EPSG:5897, cached under var/bench/geo/);
  2. load it with `ogr2ogr` (the baseline), then import it with Hoptac (same database);
  3. serve the same table with Hoptac, pygeoapi and tipg (two workers each), one at a time;
     check that they return the same features; measure each query at concurrency 1 and 8;
  4. time the raw SQL of the same queries, alone before the servers and, for the p95 ratio,
     after each request of Hoptac's concurrency-1 run (the same seconds); print the ratios.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
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


# --- 1. data ----------------------------------------------------------------------------------
def generate(n: int) -> Path:
    side = math.ceil(math.sqrt(n))
    gpkg = WORK / f"parcels_{n}.gpkg"
    if gpkg.exists():
        return gpkg
    WORK.mkdir(parents=True, exist_ok=True)
    csv = WORK / f"parcels_{n}.csv"
    rng = random.Random(2019)
    with csv.open("w") as f:
        f.write("wkt,so_thua,use,dien_tich,phuong\n")
        for i in range(n):
            col, row = i % side, i // side
            x0, y0 = ORIGIN_E + col * CELL_W, ORIGIN_N + row * CELL_H
            x1, y1 = x0 + CELL_W - GAP, y0 + CELL_H - GAP
            f.write(
                f'"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))",'
                f"{i + 1},{USES[rng.randrange(6)]},{(CELL_W - GAP) * (CELL_H - GAP):.1f},P{row // 50:03d}\n"
            )
    subprocess.run(
        [
            "ogr2ogr",
            "-f",
            "GPKG",
            str(gpkg),
            str(csv),
            "-a_srs",
            "EPSG:5897",
            "-nln",
            "parcels",
            "-oo",
            "GEOM_POSSIBLE_NAMES=wkt",
            "-oo",
            "KEEP_GEOM_COLUMNS=NO",
            "-oo",
            "AUTODETECT_TYPE=YES",
            "-nlt",
            "POLYGON",
            "-gt",
            "65536",
        ],  # fmt: skip
        check=True,
    )
    csv.unlink()
    return gpkg


# --- 2. loading -------------------------------------------------------------------------------
def ogr2ogr_load(gpkg: Path, url: str) -> dict:
    out = {}
    for name, extra in (("plain", []), ("to_wgs84", ["-t_srs", "EPSG:4326"])):
        table = f"bench_ogr_{name}"
        t = time.perf_counter()
        subprocess.run(
            [
                "ogr2ogr",
                "-f",
                "PostgreSQL",
                f"PG:{pg_dsn(url)}",
                str(gpkg),
                "-nln",
                table,
                "-overwrite",
                "-lco",
                "GEOMETRY_NAME=geom",
                "--config",
                "PG_USE_COPY",
                "YES",
                "-gt",
                "65536",
                *extra,
            ],  # fmt: skip
            check=True,
        )
        out[name] = round(time.perf_counter() - t, 2)
        log(f"ogr2ogr ({name}): {out[name]} s")
    return out


def django_setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoptac.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("HOPTAC_VAR_DIR", str(WORK / "site"))
    import django

    django.setup()


def hoptac_import(gpkg: Path, queryables: dict[str, str]) -> tuple[float, int, dict]:
    from django.core.files import File
    from django.db import connection

    from hoptac.core.models import Locality, Organisation
    from hoptac.geodata.imports.run import run_import
    from hoptac.geodata.models import Feature, ImportJob, Layer, LayerVersion

    hanoi, _ = Locality.objects.get_or_create(code="01", defaults={"name_vi": "Thành phố Hà Nội"})
    org, _ = Organisation.objects.get_or_create(
        locality=hanoi, name_vi="Sở Quy hoạch - Kiến trúc Hà Nội", defaults={"kind": "department"}
    )
    Layer.objects.filter(slug=SLUG).update(current_version=None)
    Feature.objects.filter(version__layer__slug=SLUG)._raw_delete(connection.alias)
    LayerVersion.objects.filter(layer__slug=SLUG).delete()
    Layer.objects.filter(slug=SLUG).delete()
    layer = Layer.objects.create(
        slug=SLUG, name_vi="Thửa đất (1 triệu, tổng hợp)", organisation=org, locality=hanoi,
        theme="parcels", visibility="public", queryables=queryables,
    )  # fmt: skip
    job = ImportJob(layer=layer, original_name=gpkg.name)
    with gpkg.open("rb") as f:
        job.file.save(gpkg.name, File(f), save=False)
    job.save()
    t = time.perf_counter()
    run_import(job)
    seconds = time.perf_counter() - t
    if job.status != "done":
        raise SystemExit(f"import failed: {job.message}")
    with connection.cursor() as cur:
        cur.execute("ANALYZE geodata_feature")
    layer.refresh_from_db()
    steps = job.report.get("seconds", {})
    log(
        f"hoptac import: {seconds:.2f} s, {layer.current_version.feature_count} features; steps {steps}"
    )
    return round(seconds, 2), layer.current_version_id, steps


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


def hoptac_server(url: str, port: int) -> Server:
    env = {
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "x" * 60,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DB_CONN_MAX_AGE": "600",
        "HOPTAC_VAR_DIR": str(WORK / "site"),
        "LOG_LEVEL": "WARNING",
    }
    cmd = [
        str(ROOT / ".venv/bin/gunicorn"), "hoptac.wsgi", "-w", "2", "--threads", "4",
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


# --- peers ------------------------------------------------------------------------------------
def install_peers() -> Path:
    venv = PEERS / "venv"
    if not (venv / "bin" / "tipg").exists() or not (venv / "bin" / "pygeoapi").exists():
        subprocess.run(["/usr/bin/python3", "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [
                str(venv / "bin/pip"),
                "install",
                "-q",
                "pygeoapi",
                "tipg",
                "gunicorn",
                "uvicorn",
                "psycopg2-binary",
                "sqlalchemy<2.1",
                "geoalchemy2",
                "pygeofilter",
            ],
            check=True,
        )
    return venv


def pygeoapi_server(venv: Path, url: str, port: int) -> Server:
    u = urlparse(url)
    cfg = WORK / "pygeoapi.yml"
    cfg.write_text(
        f"""server:
  bind: {{host: 127.0.0.1, port: {port}}}
  url: http://127.0.0.1:{port}
  mimetype: application/json; charset=UTF-8
  encoding: utf-8
  languages: [en-US]
  limits: {{default_items: 10, max_items: 10000}}
  map:
    url: "http://127.0.0.1/{{z}}/{{x}}/{{y}}.png"
    attribution: x
logging: {{level: ERROR}}
metadata:
  identification: {{title: bench, description: bench, keywords: [bench], keywords_type: theme, terms_of_service: x, url: http://x}}
  license: {{name: x, url: http://x}}
  provider: {{name: x, url: http://x}}
  contact: {{name: x, position: x, address: x, city: x, stateorprovince: x, postalcode: x, country: x, phone: x, fax: x, email: x, url: x, hours: x, instructions: x, role: pointOfContact}}
resources:
  parcels:
    type: collection
    title: parcels
    description: parcels
    keywords: [parcels]
    extents: {{spatial: {{bbox: [105, 20, 107, 22], crs: http://www.opengis.net/def/crs/OGC/1.3/CRS84}}}}
    providers:
      - type: feature
        name: PostgreSQL
        data: {{host: {u.hostname}, port: {u.port or 5432}, dbname: {u.path.lstrip("/")}, user: {u.username or "postgres"}, password: '{u.password or ""}', search_path: [public]}}
        id_field: id
        table: geodata_feature
        geom_field: geom
"""
    )
    openapi = WORK / "pygeoapi-openapi.yml"
    env = {"PYGEOAPI_CONFIG": str(cfg), "PYGEOAPI_OPENAPI": str(openapi)}
    subprocess.run(
        [str(venv / "bin/pygeoapi"), "openapi", "generate", str(cfg), "--output-file", str(openapi)],
        check=True, env={**os.environ, **env}, capture_output=True,
    )  # fmt: skip
    cmd = [
        str(venv / "bin/gunicorn"),
        "pygeoapi.flask_app:APP",
        "-w",
        "2",
        "-b",
        f"127.0.0.1:{port}",
    ]
    return Server("pygeoapi", cmd, env, port, "/collections")


def tipg_server(venv: Path, url: str, port: int) -> Server:
    u = urlparse(url)
    env = {
        "DATABASE_URL": f"postgresql://{u.username or 'postgres'}:{u.password or ''}@{u.hostname}:{u.port or 5432}/{u.path.lstrip('/')}",
        "TIPG_DB_TABLES": '["public.geodata_feature"]',
        "TIPG_DB_SCHEMAS": '["public"]',
        # The key is (id, version_id) once the table is partitioned by version: name the id.
        "TIPG_TABLE_CONFIG__public_geodata_feature__pk": "id",
        "TIPG_MAX_FEATURES_PER_QUERY": "10000",
        "DB_MIN_CONN_SIZE": "1",
        "DB_MAX_CONN_SIZE": "10",
    }
    cmd = [
        str(venv / "bin/uvicorn"),
        "tipg.main:app",
        "--workers",
        "2",
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    return Server("tipg", cmd, env, port, "/collections")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--parcels", type=int, default=1_000_000)
    ap.add_argument("--seconds", type=float, default=5.0, help="per query and concurrency")
    ap.add_argument("--skip-peers", action="store_true")
    ap.add_argument("--skip-import", action="store_true")
    ap.add_argument("--import-only", action="store_true", help="stop after the import")
    ap.add_argument("--only", default="", help="comma-separated query names to measure")
    ap.add_argument(
        "--skip-hoptac", action="store_true", help="keep the Hoptac figures of the last run"
    )
    ap.add_argument(
        "--queryables",
        default="use:text,so_thua:number",
        help="the queryables the layer declares (name:type,…; empty: none), indexed by the import",
    )
    ap.add_argument(
        "--compare-queryables",
        action="store_true",
        help="import with no queryables, time the CQL2 queries, declare --queryables and "
        "index them (timed), time them again; then stop",
    )
    args = ap.parse_args()
    ONLY.update(q for q in args.only.split(",") if q)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgis://", "postgres")):
        raise SystemExit("bench-geo needs DATABASE_URL=postgis://… (bench/geo/run.sh provides one)")
    VAR.mkdir(parents=True, exist_ok=True)
    result: dict = {
        "parcels": args.parcels,
        "database": "PostGIS",
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    out_file = VAR / "geo.json"
    if args.skip_hoptac and out_file.exists():
        result = {**json.loads(out_file.read_text()), **result}

    def save():
        out_file.write_text(json.dumps(result, indent=2, ensure_ascii=False))

    t = time.perf_counter()
    gpkg = generate(args.parcels)
    log(f"data: {gpkg} ({gpkg.stat().st_size / 1e6:.0f} MB, {time.perf_counter() - t:.1f} s)")
    subprocess.run(
        [PY, "manage.py", "migrate", "-v", "0"],
        cwd=ROOT,
        check=True,
        env={**os.environ, "DEBUG": "1"},
    )
    django_setup(url)
    from hoptac.geodata.models import Feature, Layer

    if not args.skip_import:
        # The machine may be shared: the load average says how far the figures can be trusted.
        result["load_average_before_import"] = [round(v, 2) for v in os.getloadavg()]
        log(f"load average: {result['load_average_before_import']}")
        if not args.compare_queryables:  # (the comparison needs only Hoptac's import)
            result["ogr2ogr_load_s"] = ogr2ogr_load(gpkg, url)
        declared = {} if args.compare_queryables else queryables_arg(args.queryables)
        seconds, version_id, steps = hoptac_import(gpkg, declared)
        result["queryables"] = declared
        result["hoptac_import_s"] = seconds
        result["hoptac_import_steps_s"] = steps
        result["load_average_after_import"] = [round(v, 2) for v in os.getloadavg()]
        if "ogr2ogr_load_s" in result:
            result["import_ratio_to_ogr2ogr_plain"] = round(
                seconds / result["ogr2ogr_load_s"]["plain"], 2
            )
            result["import_ratio_to_ogr2ogr_to_wgs84"] = round(
                seconds / result["ogr2ogr_load_s"]["to_wgs84"], 2
            )
        save()
        if args.import_only:
            log(f"written: {out_file}")
            return
    layer = Layer.objects.get(slug=SLUG)
    version_id = layer.current_version_id
    ids = list(
        Feature.objects.filter(version_id=version_id)
        .order_by("id")
        .values_list("id", flat=True)[:: max(1, args.parcels // 500)]
    )
    q = queries(args.parcels, ids)
    from hoptac.geodata.ogc.parameters import cursor_encode

    deep_after = (
        Feature.objects.filter(version_id=version_id)
        .order_by("id")
        .values_list("id", flat=True)[q["deep_offset"]]
    )
    if args.compare_queryables:
        result["queryables_compared"] = compare_queryables(
            url,
            layer,
            q,
            queryables_arg(args.queryables),
            args.seconds,
            cursor_encode([deep_after]),
        )
        save()
        log(f"written: {out_file}")
        return
    if not args.skip_hoptac:
        result["raw_sql"] = raw_sql_times(url, version_id, q)
        for k, v in result["raw_sql"].items():
            log(f"  raw SQL   {k:15s}      p50 {v['p50_ms']:8.2f} ms  p95 {v['p95_ms']:8.2f} ms")
        save()

        port = free_port()
        srv = hoptac_server(url, port)
        raw = RawAlongside(url, version_id, q)
        try:
            paths = hoptac_paths(SLUG, q, cursor_encode([deep_after]))
            result["hoptac"] = run_suite("hoptac", port, paths, args.seconds, raw)
            result["raw_sql_alongside"] = raw.figures()
        finally:
            raw.close()
            srv.stop()
        for k, v in result["raw_sql_alongside"].items():
            log(f"  raw SQL alongside {k:15s} p50 {v['p50_ms']:8.2f} ms  p95 {v['p95_ms']:8.2f} ms")
        save()

    if not args.skip_peers:
        try:
            venv = install_peers()
            result["peers"] = {}
            for name, starter, paths in (
                ("pygeoapi", pygeoapi_server, peer_paths("parcels", q, "json")),
                ("tipg", tipg_server, peer_paths("public.geodata_feature", q, "geojson")),
            ):
                port = free_port()
                try:
                    srv = starter(venv, url, port)
                except (SystemExit, subprocess.CalledProcessError) as exc:
                    result["peers"][name] = {"error": str(exc)}
                    log(f"{name}: could not start ({exc}); see {WORK / (name + '.log')}")
                    continue
                try:
                    same = same_features(port, paths, q)
                    log(f"{name}: same features as Hoptac: {same}")
                    result["peers"][name] = {
                        "same_features": same,
                        **run_suite(name, port, paths, args.seconds),
                    }
                except Exception as exc:  # a peer failing must not lose the other figures
                    result["peers"][name] = {"error": repr(exc)[:300]}
                    log(f"{name}: failed: {exc!r}")
                finally:
                    srv.stop()
                save()
        except subprocess.CalledProcessError as exc:
            result["peers_error"] = str(exc)
    summarise(result)
    save()
    log(f"written: {out_file}")


def queryables_arg(text: str) -> dict[str, str]:
    """`name:type,…` as Layer.queryables."""
    out = {}
    for item in filter(None, (t.strip() for t in text.split(","))):
        name, _sep, kind = item.partition(":")
        out[name] = kind or "text"
    return out


CQL2_QUERIES = ("cql2_filter", "cql2_eq", "cql2_range")


def cql2_round(url: str, version_id: int, q: dict, seconds: float, deep_cursor: str) -> dict:
    """The CQL2 queries: raw SQL alone, then Hoptac at concurrency 1 and 8 with the raw SQL
    alongside (the same seconds)."""
    kept = set(ONLY)
    ONLY.clear()
    ONLY.update(n for n in CQL2_QUERIES if not kept or n in kept)
    try:
        out = {"raw_sql": raw_sql_times(url, version_id, q)}
        for k, v in out["raw_sql"].items():
            log(f"  raw SQL   {k:15s}      p50 {v['p50_ms']:8.2f} ms  p95 {v['p95_ms']:8.2f} ms")
        port = free_port()
        srv = hoptac_server(url, port)
        raw = RawAlongside(url, version_id, q)
        try:
            paths = hoptac_paths(SLUG, q, deep_cursor)
            out["hoptac"] = run_suite("hoptac", port, paths, seconds, raw)
            out["raw_sql_alongside"] = raw.figures()
        finally:
            raw.close()
            srv.stop()
        for k, v in out["raw_sql_alongside"].items():
            log(f"  raw SQL alongside {k:15s} p50 {v['p50_ms']:8.2f} ms  p95 {v['p95_ms']:8.2f} ms")
    finally:
        ONLY.clear()
        ONLY.update(kept)
    return out


def compare_queryables(url: str, layer, q: dict, declared: dict, seconds: float, deep_cursor: str):
    """The CQL2 queries on the version with no queryable index, then after declaring
    `declared` and indexing them as the layer form's change does (timed)."""
    from hoptac.geodata.imports.indexes import reindex_layer

    out = {"declared": declared, "load_average": [round(v, 2) for v in os.getloadavg()]}
    layer.queryables = {}  # (with --skip-import the version may have indexes already)
    layer.save(update_fields=["queryables"])
    reindex_layer(layer)
    log("CQL2 queries, no queryable declared:")
    out["before"] = cql2_round(url, layer.current_version_id, q, seconds, deep_cursor)
    layer.queryables = declared
    layer.save(update_fields=["queryables"])
    t = time.perf_counter()
    built = reindex_layer(layer)
    out["index_s"] = round(time.perf_counter() - t, 2)
    log(f"indexed {built} in {out['index_s']} s")
    log("CQL2 queries, queryables indexed:")
    out["after"] = cql2_round(url, layer.current_version_id, q, seconds, deep_cursor)
    out["load_average_after"] = [round(v, 2) for v in os.getloadavg()]
    for name in CQL2_QUERIES:
        row = []
        for when in ("before", "after"):
            h = out[when].get("hoptac", {}).get(name, {}).get("c1")
            r = out[when].get("raw_sql_alongside", {}).get(name)
            if h and r:
                row.append(
                    f"{when}: hoptac p50 {h['p50_ms']} / p95 {h['p95_ms']} ms, "
                    f"raw SQL p50 {r['p50_ms']} / p95 {r['p95_ms']} ms"
                )
        verdict = ""
        after = out["after"].get("hoptac", {}).get(name, {}).get("c1")
        if after and name != "cql2_filter":
            verdict = f" — target p95 ≤ 10 ms: {'met' if after['p95_ms'] <= 10 else 'missed'}"
        log(f"  {name:12s} " + "; ".join(row) + verdict)
    return out


def peer_paths(collection: str, q: dict, fmt: str) -> dict:
    base = f"/collections/{collection}/items"
    json_ = f"f={fmt}"
    return {
        "items_100": lambda i: f"{base}?limit=100&{json_}",
        "items_1000": lambda i: f"{base}?limit=1000&{json_}",
        "bbox_300m": lambda i: (
            f"{base}?limit=1000&{json_}&bbox=" + ",".join(f"{v:.7f}" for v in q["boxes"][i % 200])
        ),
        # The peers map table columns to properties: a CQL2 filter on keys inside the jsonb
        # properties column cannot be expressed to them, so this query is not compared.
        "cql2_filter": None,
        "cql2_eq": None,
        "cql2_range": None,
        "deep_page_300k": lambda i: f"{base}?limit=100&{json_}&offset={q['deep_offset']}",
        "feature_by_id": lambda i: f"{base}/{q['ids'][i % len(q['ids'])]}?{json_}",
        "tile_z12": None,
        "tile_z14": None,
        "tile_z16": None,
    }


def same_features(port: int, paths: dict, q: dict) -> bool | str:
    """The peer returns the same feature ids as Hoptac for the same bbox (first 5 boxes)."""
    import requests

    for i in range(5):
        box = ",".join(f"{v:.7f}" for v in q["boxes"][i])
        peer = requests.get(f"http://127.0.0.1:{port}" + paths["bbox_300m"](i), timeout=60).json()
        if not isinstance(peer, dict):
            return f"box {i}: not a FeatureCollection"
        ids = sorted(int(f["id"]) for f in peer.get("features", []))
        from django.contrib.gis.geos import Polygon

        from hoptac.geodata.models import Feature

        mine = sorted(
            Feature.objects.filter(
                version__layer__slug=SLUG,
                geom__intersects=Polygon.from_bbox(tuple(map(float, box.split(",")))),
            ).values_list("id", flat=True)
        )
        if ids != mine:
            return f"box {i}: peer {len(ids)} features, hoptac {len(mine)}"
    return True


def summarise(result: dict) -> None:
    mine = result.get("hoptac", {})
    raw = result.get("raw_sql", {})
    alongside = result.get("raw_sql_alongside", {})
    summary = {}
    for qname, by_c in mine.items():
        row = {}
        for c, r in by_c.items():
            row[f"{c}_rps"] = r["rps"]
            for peer, pres in result.get("peers", {}).items():
                pr = pres.get(qname, {}).get(c) if isinstance(pres, dict) else None
                if pr and pr["rps"]:
                    row[f"{c}_throughput_ratio_to_{peer}"] = round(r["rps"] / pr["rps"], 2)
        if qname in alongside and "c1" in by_c:  # timed in the same seconds (decision 0008)
            row["p95_ratio_to_raw_sql"] = round(
                by_c["c1"]["p95_ms"] / max(alongside[qname]["p95_ms"], 0.01), 2
            )
        if qname in raw and "c1" in by_c:  # the raw SQL timed alone, before the servers
            row["p95_ratio_to_raw_sql_alone"] = round(
                by_c["c1"]["p95_ms"] / max(raw[qname]["p95_ms"], 0.01), 2
            )
        summary[qname] = row
    result["summary"] = summary
    log("summary:")
    for k, v in summary.items():
        log(f"  {k:15s} " + "  ".join(f"{a}={b}" for a, b in v.items()))


if __name__ == "__main__":
    shutil.which("ogr2ogr") or sys.exit("ogr2ogr is missing (apt-get install gdal-bin)")
    main()
