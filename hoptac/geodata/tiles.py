"""Vector tiles: /tiles/{layer}/{z}/{x}/{y}.mvt and /tiles/{layer}.json (TileJSON 3.0).

A version's features never change (a change is a new version), so a rendered tile is kept in
the cache (Redis in production) under its version, layer name, feature cap and address, and is
never invalidated: a new current version simply asks for other keys. The permission check comes
first on every request; only the rendering is cached.

The dense tiles of a version (its low zooms, where a tile holds thousands of features and takes
a few hundred milliseconds to render) are rendered once when the version is imported
(`prerender`, from the import on the worker) and kept in a table on both backends
(`PrerenderedTile`), so that the first visit after a cold cache reads them instead of rendering.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, HttpResponseNotModified, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from .backends import store
from .models import Layer, LayerVersion, PrerenderedTile, Visibility
from .queries import published_layers, record_token_use, user_from_request

MVT = "application/vnd.mapbox-vector-tile"
MAX_ZOOM = 22
TILE_CACHE_SECONDS = 7 * 24 * 3600  # a version's tiles are final; this only frees the memory
TILE_CACHE_MAX_BYTES = 512 * 1024  # larger tiles are rendered each time


def rendered(version_id: int, z: int, x: int, y: int, name: str) -> tuple[bytes, int]:
    """(MVT, feature count) of a tile of a version, from the cache or rendered now."""
    limit = max_features()
    database = connection.settings_dict["NAME"]  # another database has other version ids
    key = f"geodata:tile:{database}:{version_id}:{name}:{limit}:{z}:{x}:{y}"
    hit = cache.get(key)
    if hit is not None:
        return hit
    found = prerendered(version_id, z, x, y, name, limit)
    data, count = found if found is not None else store().tile(version_id, z, x, y, name, limit)
    if len(data) <= TILE_CACHE_MAX_BYTES:
        cache.set(key, (data, count), TILE_CACHE_SECONDS)
    return data, count


def max_features() -> int:
    return settings.GEODATA_TILE_MAX_FEATURES


def prerendered(
    version_id: int, z: int, x: int, y: int, name: str, limit: int
) -> tuple[bytes, int] | None:
    """(MVT, feature count) of a tile rendered at import with the same name and cap, or None."""
    if z < settings.GEODATA_PRERENDER_MIN_ZOOM:
        return None
    row = (
        PrerenderedTile.objects.filter(version_id=version_id, z=z, x=x, y=y)
        .values_list("name", "feature_limit", "data", "feature_count")
        .first()
    )
    if row is None or row[0] != name or row[1] != limit:
        return None
    return bytes(row[2]), row[3]


def _tile_x(lon: float, z: int) -> int:
    return min(2**z - 1, max(0, int((lon + 180) / 360 * 2**z)))


def _tile_y(lat: float, z: int) -> int:
    lat = max(-85.0511, min(85.0511, lat))
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * 2**z
    return min(2**z - 1, max(0, int(y)))


def prerender_plan(bbox: list[float], feature_count: int) -> Iterator[tuple[int, int, int]]:
    """The tiles worth rendering at import: every tile over the extent `bbox` (WGS 84), zoom by
    zoom from GEODATA_PRERENDER_MIN_ZOOM, while a tile holds on average at least
    GEODATA_PRERENDER_MIN_FEATURES features and the total stays within
    GEODATA_PRERENDER_MAX_TILES (the higher zooms are sparse and quick to render on request)."""
    w, s, e, n = bbox
    total = 0
    for z in range(settings.GEODATA_PRERENDER_MIN_ZOOM, MAX_ZOOM + 1):
        x0, x1 = _tile_x(w, z), _tile_x(e, z)
        y0, y1 = _tile_y(n, z), _tile_y(s, z)
        tiles = (x1 - x0 + 1) * (y1 - y0 + 1)
        if feature_count / tiles < settings.GEODATA_PRERENDER_MIN_FEATURES:
            return
        total += tiles
        if total > settings.GEODATA_PRERENDER_MAX_TILES:
            return
        for x in range(x0, x1 + 1):
            for y in range(y0, y1 + 1):
                yield z, x, y


def prerender(version: LayerVersion, name: str) -> int:
    """Render and keep the dense tiles of `version` (see `prerender_plan`) under the MVT layer
    name `name`, replacing any kept before; returns how many tiles hold features."""
    PrerenderedTile.objects.filter(version=version).delete()
    if not version.bbox or not version.feature_count:
        return 0
    limit = max_features()
    db = store()
    batch: list[PrerenderedTile] = []
    kept = 0
    for z, x, y in prerender_plan(version.bbox, version.feature_count):
        data, count = db.tile(version.pk, z, x, y, name, limit)
        if not count:
            continue  # an empty tile renders as fast as it is read
        batch.append(
            PrerenderedTile(
                version=version,
                z=z,
                x=x,
                y=y,
                name=name,
                feature_limit=limit,
                feature_count=count,
                data=data,
            )
        )
        if len(batch) >= 50:
            PrerenderedTile.objects.bulk_create(batch)
            kept += len(batch)
            batch = []
    PrerenderedTile.objects.bulk_create(batch)
    return kept + len(batch)


def _layer_or_error(request, slug: str, lean: bool = False):
    if lean:
        # A public layer is read in one plain query (no owner, no locality: the tiles need neither).
        record_token_use(request)
        layer = store().public_layer(slug)
        if layer is not None:
            return layer, None
    user = user_from_request(request)
    layer = published_layers(user).filter(slug=slug).first()
    if layer is not None:
        return layer, None
    if Layer.objects.filter(slug=slug, current_version__isnull=False).exists():
        status = 403 if getattr(user, "is_authenticated", False) else 401
        return None, JsonResponse(
            {"code": "NotAuthorized", "description": _("Not allowed.")}, status=status
        )
    return None, JsonResponse({"code": "NotFound", "description": _("No such layer.")}, status=404)


def _cache_headers(response, layer) -> None:
    if layer.visibility == Visibility.PUBLIC:
        response.headers["Cache-Control"] = "public, max-age=3600"
    else:
        response.headers["Cache-Control"] = "private, max-age=600"
    response.headers["Vary"] = "Authorization, Cookie"


@csrf_exempt  # read-only: another method is a 405, not a CSRF 403
@require_GET
def tile(request, slug: str, z: str, x: str, y: str):
    z, x, y = int(z), int(x), int(y)
    layer, error = _layer_or_error(request, slug, lean=True)
    if error:
        return error
    if z > MAX_ZOOM or x >= 2**z or y >= 2**z:
        return JsonResponse(
            {"code": "InvalidParameterValue", "description": _("No such tile.")}, status=404
        )
    etag = f'"{layer.current_version_id}-{z}-{x}-{y}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
        response.headers["ETag"] = etag
        _cache_headers(response, layer)
        return response
    data, count = rendered(layer.current_version_id, z, x, y, layer.slug)
    response = HttpResponse(data, content_type=MVT, status=200 if data else 204)
    response.headers["ETag"] = etag
    response.headers["X-Feature-Count"] = str(count)
    if count >= max_features():
        response.headers["X-Features-Capped"] = str(max_features())
    _cache_headers(response, layer)
    return response


@csrf_exempt
@require_GET
def tilejson(request, slug: str):
    layer, error = _layer_or_error(request, slug)
    if error:
        return error
    version = layer.current_version
    bbox = version.bbox or [-180, -85, 180, 85]
    url = request.build_absolute_uri(f"/tiles/{layer.slug}/") + "{z}/{x}/{y}.mvt"
    data = {
        "tilejson": "3.0.0",
        "name": layer.name,
        "description": layer.description,
        "version": f"{version.number}",
        "attribution": layer.organisation.name,
        "scheme": "xyz",
        "tiles": [url],
        "minzoom": 0,
        "maxzoom": 16,
        "bounds": bbox,
        "center": [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2, 10],
        "vector_layers": [
            {"id": layer.slug, "fields": {k: v for k, v in (version.fields or {}).items()}}
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    _cache_headers(response, layer)
    return response
