"""The geodata benchmark's CQL2 round and its comparison of declared queryables."""

from __future__ import annotations

import os
import time

from geo_base import SLUG, log
from geo_timing import (
    ONLY,
    RawAlongside,
    free_port,
    hoptac_paths,
    hoptac_server,
    raw_sql_times,
    run_suite,
)


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
