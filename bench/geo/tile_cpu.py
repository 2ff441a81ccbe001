# ruff: noqa: E402, E501 — a benchmark script: Django is set up before the imports
"""CPU time of the tile paths of the map session in one process (Django test client, no HTTP),
with the PostgreSQL backend's own CPU read from /proc (a server on this machine): pre-rendering,
cold (kept tiles, then rendering all), warm (Redis). CPU time says what wall-clock time on a
shared machine cannot. After `bench/geo/run.sh --parcels 50000` into the same database:

    DATABASE_URL=postgis://… REDIS_URL=redis://127.0.0.1:6379/14 \
      .venv/bin/python bench/geo/tile_cpu.py [prerender] [cold] [warm]

`prerender` renders the kept tiles again; `cold` empties the cache it is given.
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))
os.environ.update(
    DEBUG="0",
    SECRET_KEY="bench-" + "x" * 60,
    ALLOWED_HOSTS="testserver,127.0.0.1",
    SECURE_SSL_REDIRECT="0",
    DB_CONN_MAX_AGE="600",
    HOPTAC_VAR_DIR="var/bench/geo/site",
    DJANGO_SETTINGS_MODULE="hoptac.settings",
    LOG_LEVEL="WARNING",
)
import django

django.setup()
from django.core.cache import cache
from django.db import connection
from django.test import Client
from geo_base import SLUG
from geo_session import recorded_session

from hoptac.geodata import tiles
from hoptac.geodata.models import Layer

TICK = os.sysconf("SC_CLK_TCK")


def pg_cpu() -> float:
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / TICK


def timed(fn):
    w, c, p = time.perf_counter(), time.process_time(), pg_cpu()
    out = fn()
    return out, time.perf_counter() - w, time.process_time() - c, pg_cpu() - p


layer = Layer.objects.select_related("current_version").get(slug=SLUG)
version = layer.current_version
what = sys.argv[1:] or ["prerender", "cold", "warm"]
print("load", os.getloadavg())
if "prerender" in what:
    n, w, c, p = timed(lambda: tiles.prerender(version, layer.slug))
    print(f"prerender: {n} tiles, wall {w:.2f} s, cpu python {c:.2f} s + postgres {p:.2f} s")
paths = [
    f"/tiles/{SLUG}/{z}/{x}/{y}.mvt"
    for z, x, y in recorded_session(int(os.environ.get("PARCELS", "50000")))
]
client = Client()


def session():
    rows = []
    for p in paths:
        _r, w, c, pg = timed(lambda p=p: client.get(p))
        rows.append((w, c + pg))
    w = sorted(r[0] for r in rows)
    cpu = sorted(r[1] for r in rows)
    return (
        f"wall p50 {w[100] * 1e3:.1f} p95 {w[190] * 1e3:.1f} ms; cpu (python+pg) p50 "
        f"{cpu[100] * 1e3:.1f} p95 {cpu[190] * 1e3:.1f} ms, total {sum(cpu):.2f} s"
    )


if "cold" in what:
    cache.clear()
    print("cold, kept tiles:     ", session(), "load", os.getloadavg())
    cache.clear()
    real = tiles.prerendered
    tiles.prerendered = lambda *a: None
    print("cold, rendering all:  ", session(), "load", os.getloadavg())
    tiles.prerendered = real
if "warm" in what:
    print("warm (redis):         ", session(), "load", os.getloadavg())
    print("warm (redis) again:   ", session(), "load", os.getloadavg())
