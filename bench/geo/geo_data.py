# ruff: noqa: E501 — a benchmark script: long query and command lines read better whole
"""The geodata benchmark's data: the synthetic parcels, loaded by ogr2ogr and by Hoptac."""

from __future__ import annotations

import math
import os
import random
import subprocess
import time
from pathlib import Path

from geo_base import CELL_H, CELL_W, GAP, ORIGIN_E, ORIGIN_N, SLUG, USES, WORK, log, pg_dsn


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
