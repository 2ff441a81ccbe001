"""Vietnamese under /chi-so/, English under /en/indicators/ (same views, the URL decides)."""

from django.urls import path

from . import (
    views,
    views_catalogue,
    views_components,
    views_frameworks,
    views_goals,
    views_published,
)

app_name = "indicators"


def bilingual(vi: str, en: str, view, name: str) -> list:
    return [
        path(f"chi-so/{vi}", view, {"lang": "vi"}, name=name),
        path(f"en/indicators/{en}", view, {"lang": "en"}, name=f"{name}_en"),
    ]


urlpatterns = [
    *bilingual("", "", views.index, "index"),
    *bilingual("dich-vu-cong/", "public-services/", views.services, "services"),
    path("chi-so/dich-vu-cong/nhap/", views.import_catalogue, name="import_catalogue"),
    path("chi-so/dich-vu-cong/thu-tuc/", views_catalogue.procedure_form, name="procedure_form"),
    *bilingual(
        "dich-vu-cong/linh-vuc/",
        "public-services/fields/",
        views_catalogue.fields_page,
        "procedure_fields",
    ),
    path(
        "chi-so/dich-vu-cong/linh-vuc/them/",
        views_catalogue.local_field_add,
        name="procedure_field_add",
    ),
    *bilingual("chi-so-766/", "index-766/", views.index766_page, "index766"),
    *bilingual(
        "chi-so-766/chi-tiet/", "index-766/detail/", views.index766_detail, "index766_detail"
    ),
    *bilingual(
        "chi-so-766/thanh-phan/<slug:key>/",
        "index-766/components/<slug:key>/",
        views_components.index766_component,
        "index766_component",
    ),
    *bilingual("khung/", "frameworks/", views_frameworks.framework_list, "framework_list"),
    # before the frameworks' own pages (chi-so/khung/<key>/)
    path(
        "chi-so/khung/nhap-bang-cong-bo/",
        views_published.published_import,
        name="published_import",
    ),
    *bilingual(
        "khung/<slug:key>/",
        "frameworks/<slug:key>/",
        views_frameworks.framework_detail,
        "framework",
    ),
    path(
        "chi-so/khung/<slug:key>/mau/",
        views_published.published_template,
        name="published_template",
    ),
    path(
        "chi-so/khung/<slug:key>/nhap-gia-tri/",
        views_published.value_add,
        name="published_value_add",
    ),
    path(
        "chi-so/khung/gia-tri/<int:pk>/sua/",
        views_published.value_edit,
        name="published_value_edit",
    ),
    path(
        "chi-so/khung/gia-tri/<int:pk>/xoa/",
        views_published.value_delete,
        name="published_value_delete",
    ),
    path("chi-so/khung-chi-so/nhap/", views_frameworks.framework_import, name="framework_import"),
    path(
        "chi-so/khung-chi-so/mau/", views_frameworks.framework_template, name="framework_template"
    ),
    *bilingual(
        "khung-chi-so/<int:pk>/",
        "city-frameworks/<int:pk>/",
        views_frameworks.city_framework,
        "city_framework",
    ),
    path(
        "chi-so/khung-chi-so/<int:pk>/sua/", views_frameworks.framework_edit, name="framework_edit"
    ),
    path(
        "chi-so/khung-chi-so/<int:pk>/them-chi-so/",
        views_frameworks.indicator_add,
        name="framework_indicator_add",
    ),
    path(
        "chi-so/khung-chi-so/chi-tieu/<int:pk>/sua/",
        views_frameworks.indicator_edit,
        name="framework_indicator_edit",
    ),
    path("chi-so/so-lieu-ho-so/nhap/", views.import_statistics, name="import_statistics"),
    path("chi-so/gan-chi-so/", views.tag_item, name="tag"),
    path("chi-so/muc-tieu/moi/", views_goals.goal_create, name="goal_create"),
    path("chi-so/muc-tieu/<int:pk>/", views_goals.goal_detail, name="goal"),
]
