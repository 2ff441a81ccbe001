from django.urls import path, re_path

from . import tiles, views
from .ogc import views as ogc

app_name = "geodata"

urlpatterns = [
    # The map and the layers
    path("ban-do/", views.map_page, name="map"),
    path("ban-do/lop.json", views.map_layers, name="map_layers"),
    path("du-lieu-khong-gian/", views.layer_list, name="layer_list"),
    path("du-lieu-khong-gian/moi/", views.layer_create, name="layer_create"),
    path("du-lieu-khong-gian/<slug:slug>/", views.layer_detail, name="layer_detail"),
    path("du-lieu-khong-gian/<slug:slug>/sua/", views.layer_edit, name="layer_edit"),
    path("du-lieu-khong-gian/<slug:slug>/nhap/", views.layer_import, name="layer_import"),
    path(
        "du-lieu-khong-gian/<slug:slug>/phien-ban/<int:number>/dung/",
        views.version_activate,
        name="version_activate",
    ),
    path("du-lieu-khong-gian/nhap/<int:pk>/", views.import_status, name="import_status"),
    path("du-lieu-khong-gian/nhap/<int:pk>/he-toa-do/", views.import_crs, name="import_crs"),
    path("chi-so-quy-hoach/", views.figures, name="figures"),
    path("ma-truy-cap/", views.tokens, name="tokens"),
    # OGC API – Features
    path("ogc/", ogc.landing, name="ogc_landing"),
    path("ogc", ogc.landing),
    path("ogc/conformance", ogc.conformance, name="ogc_conformance"),
    path("ogc/api", ogc.api_definition, name="ogc_api"),
    path("ogc/collections", ogc.collections, name="ogc_collections"),
    path("ogc/collections/<str:collection_id>", ogc.collection, name="ogc_collection"),
    path("ogc/collections/<str:collection_id>/queryables", ogc.queryables, name="ogc_queryables"),
    path("ogc/collections/<str:collection_id>/items", ogc.items, name="ogc_items"),
    path("ogc/collections/<str:collection_id>/items/<str:feature_id>", ogc.item, name="ogc_item"),
    # Vector tiles
    path("tiles/<slug:slug>.json", tiles.tilejson, name="tilejson"),
    re_path(
        r"^tiles/(?P<slug>[-\w]+)/(?P<z>\d{1,2})/(?P<x>\d{1,8})/(?P<y>\d{1,8})\.mvt$",
        tiles.tile,
        name="tile",
    ),
]
