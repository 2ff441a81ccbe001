"""The routes of the data API's reads: OGC API collections, items and features, and the tiles.

The site's URLconf includes them (`geodata.urls`); `core.middleware.ReadApiMiddleware` resolves
cookie-less reads against these alone, since trying the whole URLconf (some 145 patterns) cost a
quarter of a small read.
"""

from django.urls import path, re_path

from . import tiles
from .ogc import records
from .ogc import views as ogc

urlpatterns = [
    path("ogc/collections", ogc.collections, name="ogc_collections"),
    # OGC API – Records: the catalogue (before the layers' collections, whose ids it would match)
    path(
        f"ogc/collections/{records.CATALOGUE}",
        ogc.ogc_view(records.catalogue),
        name="ogc_catalogue",
    ),
    path(
        f"ogc/collections/{records.CATALOGUE}/items",
        ogc.ogc_view(records.items),
        name="ogc_records",
    ),
    path(
        f"ogc/collections/{records.CATALOGUE}/items/<str:record_id>",
        ogc.ogc_view(records.item),
        name="ogc_record",
    ),
    path("ogc/collections/<str:collection_id>", ogc.collection, name="ogc_collection"),
    path("ogc/collections/<str:collection_id>/queryables", ogc.queryables, name="ogc_queryables"),
    path("ogc/collections/<str:collection_id>/items", ogc.items, name="ogc_items"),
    path("ogc/collections/<str:collection_id>/items/<str:feature_id>", ogc.item, name="ogc_item"),
    path("tiles/<slug:slug>.json", tiles.tilejson, name="tilejson"),
    re_path(
        r"^tiles/(?P<slug>[-\w]+)/(?P<z>\d{1,2})/(?P<x>\d{1,8})/(?P<y>\d{1,8})\.mvt$",
        tiles.tile,
        name="tile",
    ),
]
