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
import json
import os
import shutil
import subprocess
import sys
import time

from geo_base import PY, ROOT, SLUG, VAR, WORK, log
from geo_data import django_setup, generate, hoptac_import, ogr2ogr_load
from geo_peers import install_peers, peer_paths, pygeoapi_server, same_features, tipg_server
from geo_queryables import compare_queryables, queryables_arg
from geo_session import session_round
from geo_timing import (
    ONLY,
    RawAlongside,
    free_port,
    hoptac_paths,
    hoptac_server,
    queries,
    raw_sql_times,
    run_suite,
)


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
    ap.add_argument(
        "--session",
        action="store_true",
        help="only the map session (200 tiles z10-z17, cold and warm) and the small requests "
        "against the HTTP floor; then stop",
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
    if args.session or not args.skip_hoptac:
        log("map session and HTTP floor:")
        result["session"] = session_round(url, version_id, args.parcels, q, args.seconds)
        save()
        if args.session:
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
