"""The Python path of an import: every feature read, transformed to WGS 84, checked and
repaired into a spool file, with the report of what was found; nothing is written to the
database until every feature is good (see `versions.write_version`)."""

from __future__ import annotations

import json
import pickle
from collections import Counter
from collections.abc import Callable

import numpy as np
import shapely
from django.utils.translation import gettext as _

from .. import crs as crsmod
from ..readers import ImportProblem

MAX_VERTICES_PER_FEATURE = 1_000_000
MAX_REPAIRS_LISTED = 50
PROGRESS_EVERY = 5000
MAX_CATEGORIES = 20


def _kind(g) -> str:
    return g.geom_type.replace("Multi", "")


def _repair(g):
    """A valid geometry of the same dimension, or None when nothing of it survives."""
    fixed = shapely.make_valid(g)
    if fixed.geom_type == "GeometryCollection":
        want = _kind(g)
        parts = [p for p in shapely.get_parts(fixed) if _kind(p) == want]
        if not parts:
            return None
        fixed = shapely.union_all(parts) if len(parts) > 1 else parts[0]
    return fixed


def _range_problem(g, index: int, srid: int) -> str:
    minx, miny, maxx, maxy = g.bounds
    if srid == 4326 and -90 <= minx <= 90 and -180 <= miny <= 180 and abs(maxy) > 90:
        return _(
            "Feature %(n)s: the coordinates look like latitude, longitude in the wrong order "
            "(longitude must come first)."
        ) % {"n": index}
    if srid == 4326 and (abs(minx) > 180 or abs(maxx) > 180):
        return _(
            "Feature %(n)s: coordinates (%(x).1f, %(y).1f) are not longitude/latitude; the file "
            "is probably in a projected system such as VN-2000 — choose it."
        ) % {"n": index, "x": minx, "y": miny}
    return _(
        "Feature %(n)s: coordinates (%(x).1f, %(y).1f) fall outside the Earth in %(crs)s; check "
        "the coordinate system or the order of the columns."
    ) % {"n": index, "x": minx, "y": miny, "crs": f"EPSG:{srid}"}


def prepare(source, srid: int, spool, progress: Callable[[int], None]) -> dict:
    """Transform, check and repair every feature into the spool; returns the report."""
    to_wgs = None if srid == 4326 else crsmod.transformer(srid, 4326)

    def reproject(coords: np.ndarray) -> np.ndarray:
        x, y = to_wgs.transform(coords[:, 0], coords[:, 1], errcheck=False)
        return np.column_stack([x, y])

    kinds: Counter = Counter()
    repairs: list[str] = []
    repaired = skipped = count = 0
    fields: dict[str, str] = {}
    categories: dict[str, set] = {}
    bbox = [180.0, 90.0, -180.0, -90.0]
    for index, (g, props) in enumerate(source.features, start=1):
        if g is None or g.is_empty:
            skipped += 1
            continue
        if shapely.has_z(g):
            g = shapely.force_2d(g)
        nverts = shapely.get_num_coordinates(g)
        if nverts > MAX_VERTICES_PER_FEATURE:
            raise ImportProblem(
                _("Feature %(n)s has %(v)s vertices; the limit is %(max)s.")
                % {"n": index, "v": nverts, "max": MAX_VERTICES_PER_FEATURE}
            )
        raw = g
        if to_wgs is not None:
            g = shapely.transform(g, reproject)
        coords = shapely.get_coordinates(g)
        if not np.isfinite(coords).all():
            raise ImportProblem(_range_problem(raw, index, srid))
        minx, miny, maxx, maxy = g.bounds
        if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
            raise ImportProblem(_range_problem(raw, index, srid))
        if not g.is_valid:
            reason = shapely.is_valid_reason(g)
            fixed = _repair(g)
            if fixed is None or fixed.is_empty:
                raise ImportProblem(
                    _("Feature %(n)s: the geometry is invalid (%(reason)s) and cannot be repaired.")
                    % {"n": index, "reason": reason}
                )
            g = fixed
            repaired += 1
            if len(repairs) < MAX_REPAIRS_LISTED:
                repairs.append(
                    _("Feature %(n)s: %(reason)s — repaired.") % {"n": index, "reason": reason}
                )
        kinds[g.geom_type] += 1
        for k, v in props.items():
            t = type(v).__name__ if v is not None else None
            if t and fields.get(k) in (None, t):
                fields[k] = t
            elif t and fields.get(k) != t:
                fields[k] = "str" if "str" in (t, fields[k]) else "float"
            else:
                fields.setdefault(k, "str")
        for k, v in props.items():
            if isinstance(v, str | int | bool) and len(categories.get(k, ())) <= MAX_CATEGORIES:
                categories.setdefault(k, set()).add(v)
        bx = g.bounds
        bbox = [min(bbox[0], bx[0]), min(bbox[1], bx[1]), max(bbox[2], bx[2]), max(bbox[3], bx[3])]
        pickle.dump((shapely.to_wkb(g), json.dumps(props, ensure_ascii=False)), spool)
        count += 1
        if count % PROGRESS_EVERY == 0:
            progress(count)
    if count == 0:
        raise ImportProblem(_("The file holds no feature with a geometry."))
    notes = list(source.notes)
    if len(kinds) > 1 and len({k.replace("Multi", "") for k in kinds}) > 1:
        notes.append(
            _("Mixed geometry types: %(kinds)s.")
            % {"kinds": ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))}
        )
    if skipped:
        notes.append(_("%(n)s features without geometry were skipped.") % {"n": skipped})
    return {
        "count": count,
        "kinds": dict(kinds),
        "repaired": repaired,
        "repairs": repairs,
        "skipped": skipped,
        "notes": notes,
        "fields": fields,
        "categories": {
            k: sorted(map(str, v)) for k, v in categories.items() if len(v) <= MAX_CATEGORIES
        },
        "bbox": [round(v, 7) for v in bbox],
        "source_crs": srid,
        "format": source.fmt,
    }


def spooled(spool):
    spool.seek(0)
    while True:
        try:
            yield pickle.load(spool)  # noqa: S301 — our own spool file
        except EOFError:
            return


# The progress of the Python path's write (the reading and checks take it to 80).
SPOOL_WRITE_RANGE = (85, 99)


def counted(rows, total: int, progress: Callable[[int], None]):
    """The rows, reporting the share written every PROGRESS_EVERY rows, within
    SPOOL_WRITE_RANGE."""
    low, high = SPOOL_WRITE_RANGE
    for n, row in enumerate(rows, 1):
        yield row
        if total and n % PROGRESS_EVERY == 0:
            progress(low + (high - low) * n // total)
