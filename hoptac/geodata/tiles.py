"""Vector tiles: /tiles/{layer}/{z}/{x}/{y}.mvt and /tiles/{layer}.json (TileJSON 3.0).

A version's features never change (a change is a new version), so a rendered tile is kept in
the cache (Redis in production) under its version, layer name, feature cap and address, and is
never invalidated: a new current version simply asks for other keys. The permission check comes
first on every request; only the rendering is cached.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, HttpResponseNotModified, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from .backends import store
from .models import Layer, Visibility
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
    data, count = store().tile(version_id, z, x, y, name, limit)
    if len(data) <= TILE_CACHE_MAX_BYTES:
        cache.set(key, (data, count), TILE_CACHE_SECONDS)
    return data, count


def max_features() -> int:
    return settings.GEODATA_TILE_MAX_FEATURES


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
