# ruff: noqa: E501 — a benchmark script: long query and command lines read better whole
"""The geodata benchmark's peers, pygeoapi and tipg: installed, served, asked the same queries."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from urllib.parse import urlparse

from geo_base import PEERS, SLUG, WORK
from geo_timing import Server


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
