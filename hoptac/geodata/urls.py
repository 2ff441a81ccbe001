from django.urls import path

from . import distribution, read_urls, views
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
    path("du-lieu-khong-gian/<slug:slug>/tai-ve/", distribution.download, name="download"),
    path(
        "du-lieu-khong-gian/<slug:slug>/sieu-du-lieu.xml",
        distribution.metadata_xml,
        name="metadata_xml",
    ),
    path(
        "du-lieu-khong-gian/<slug:slug>/sieu-du-lieu.jsonld",
        distribution.metadata_dcat,
        name="metadata_dcat",
    ),
    path("du-lieu-khong-gian/nhap/<int:pk>/", views.import_status, name="import_status"),
    path("du-lieu-khong-gian/nhap/<int:pk>/he-toa-do/", views.import_crs, name="import_crs"),
    path("du-lieu-khong-gian/nhap/<int:pk>/chay-lai/", views.import_rerun, name="import_rerun"),
    path("chi-so-quy-hoach/", views.figures, name="figures"),
    path("ma-truy-cap/", views.tokens, name="tokens"),
    # OGC API – Features
    path("ogc/", ogc.landing, name="ogc_landing"),
    path("ogc", ogc.landing),
    path("ogc/conformance", ogc.conformance, name="ogc_conformance"),
    path("ogc/api", ogc.api_definition, name="ogc_api"),
    # The reads of the data API: collections, items, features, tiles
    *read_urls.urlpatterns,
]
