"""Pages of the geodata app: the map, layers, imports, planning figures, API tokens."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hoptac.core.errors import explain
from hoptac.core.middleware import accepts_body
from hoptac.core.text import vi_sort_key

from . import actions, metadata, tasks
from .attributes import category_labels, field_labels, field_units
from .forms import (
    AttributesForm,
    CRSForm,
    DownloadForm,
    FiguresForm,
    ImportForm,
    LayerForm,
    LegendForm,
    TokenForm,
)
from .imports.start import rerun_import, retry_with_crs, start_import
from .models import ApiToken, Feature, ImportJob, Layer, Theme
from .queries import layers_visible_to, published_layers

PALETTE = [
    "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#46f0f0", "#f032e6",
    "#bcf60c", "#008080", "#9a6324", "#800000", "#808000", "#000075", "#808080",
]  # fmt: skip
THEME_COLOURS = {
    Theme.BOUNDARIES: "#555555",
    Theme.PLANNING_ZONES: "#4363d8",
    Theme.LAND_USE: "#3cb44b",
    Theme.PARKS: "#e6194b",
    Theme.TRANSPORT: "#f58231",
    Theme.INFRASTRUCTURE: "#911eb4",
    Theme.PARCELS: "#9a6324",
    Theme.OTHER: "#008080",
}


def _layer_for(request, slug: str, change: bool = False) -> Layer:
    layer = get_object_or_404(
        Layer.objects.select_related("locality", "organisation", "current_version"), slug=slug
    )
    if not request.user.has_perm("geodata.view_layer", layer):
        raise PermissionDenied(_("You may not see this layer."))
    if change and not request.user.has_perm("geodata.change_layer", layer):
        raise PermissionDenied(_("Only the owner of the layer may change it."))
    return layer


def legend(layer: Layer) -> dict:
    """Colours (and the owner's labels) by category of the style attribute; a category with no
    colour of the owner's gets one of the palette."""
    style = layer.style or {}
    base = style.get("color") or THEME_COLOURS.get(layer.theme, "#008080")
    attr = style.get("attribute") if layer.theme != Theme.BOUNDARIES else None
    colours = dict(style.get("colors") or {})
    values = (
        (layer.current_version.report or {}).get("categories", {}).get(attr, [])
        if (attr and layer.current_version)
        else []
    )
    for i, v in enumerate(values):
        colours.setdefault(str(v), PALETTE[i % len(PALETTE)])
    labels = category_labels(layer) if attr else {}
    return {"attribute": attr, "colors": colours, "labels": labels, "default": base}


def map_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "geodata/map.html",
        {
            "base_tiles": settings.GEODATA_BASE_TILE_URL,
            "layers_url": reverse("geodata:map_layers"),
            "labels": {
                "none": _("No layer to show yet."),
                "demo": _("demo"),
                "features": _("features"),
                "opacity": _("Opacity"),
                "zoom": _("Zoom to layer"),
                "details": _("Details"),
                "distance": _("Distance"),
                "area": _("Area"),
                "stop": _("Stop measuring"),
                "measure": _("Measure distance and area"),
            },
            "export_labels": {
                "title": _("Map of the partner cities"),
                "made": _("Made on"),
                "legend": _("Legend"),
                # the letter of the north arrow
                "north": pgettext("north arrow", "N"),
            },
        },
    )


def map_layers(request: HttpRequest) -> JsonResponse:
    rows = []
    for layer in published_layers(request.user):
        v = layer.current_version
        rows.append(
            {
                "id": layer.slug,
                "name": layer.name,
                "theme": layer.theme,
                "theme_label": layer.get_theme_display(),
                "locality": layer.locality.name,
                "demo": layer.is_demo,
                "bbox": v.bbox,
                "count": v.feature_count,
                "fields": sorted((v.fields or {}).keys()),
                # what the pop-up calls each attribute; English twins stay off Vietnamese pages
                "field_labels": field_labels(layer, sorted((v.fields or {}).keys())),
                "field_units": field_units(layer),
                "hidden_fields": [
                    k for k in (v.fields or {}) if k.endswith("_en") and get_language() != "en"
                ],
                "kinds": sorted(
                    {k.replace("Multi", "") for k in (v.report or {}).get("kinds", {})}
                ),
                "legend": legend(layer),
                "tiles": request.build_absolute_uri(f"/tiles/{layer.slug}/") + "{z}/{x}/{y}.mvt",
                "url": reverse("geodata:layer_detail", args=[layer.slug]),
            }
        )
    return JsonResponse({"layers": rows}, json_dumps_params={"ensure_ascii": False})


def layer_list(request: HttpRequest) -> HttpResponse:
    layers = layers_visible_to(request.user)
    theme = request.GET.get("theme", "")
    if theme in Theme.values:
        layers = layers.filter(theme=theme)
    return render(
        request,
        "geodata/layer_list.html",
        {
            # by city and theme, then the names in Vietnamese order (a short list)
            "layers": sorted(
                layers, key=lambda ly: (ly.locality.code, ly.theme, vi_sort_key(ly.name))
            ),
            "themes": Theme.choices,
            "theme": theme,
            "can_add": request.user.has_perm("geodata.add_layer"),
        },
    )


def layer_detail(request: HttpRequest, slug: str) -> HttpResponse:
    layer = _layer_for(request, slug)
    base = f"{request.scheme}://{request.get_host()}"
    return render(
        request,
        "geodata/layer_detail.html",
        {
            "layer": layer,
            "record": metadata.record(layer, base),
            "download_form": DownloadForm(layer=layer) if layer.current_version_id else None,
            "versions": layer.versions.select_related("created_by").order_by("-number"),
            "imports": layer.imports.select_related("created_by")[:10],
            "can_change": request.user.has_perm("geodata.change_layer", layer),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def layer_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("geodata.add_layer"):
        raise PermissionDenied(_("Only members of an organisation may add layers."))
    form = LayerForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        layer = form.save()
        messages.success(request, _("The layer was created; now import its data."))
        return redirect("geodata:layer_import", slug=layer.slug)
    return render(request, "geodata/layer_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def layer_edit(request: HttpRequest, slug: str) -> HttpResponse:
    layer = _layer_for(request, slug, change=True)
    declared = dict(layer.queryables or {})
    form = LayerForm(request.POST or None, instance=layer, user=request.user)
    legend_form = LegendForm(request.POST or None, layer=layer, colours=legend(layer)["colors"])
    attributes_form = AttributesForm(request.POST or None, layer=layer)
    valid = [f.is_valid() for f in (form, legend_form, attributes_form)]
    if request.method == "POST" and all(valid):
        if (
            form.cleaned_data["organisation"].locality_id != layer.locality_id
            and not request.user.is_superuser
        ):
            raise PermissionDenied(_("A layer stays with its locality."))
        layer = form.save(commit=False)
        legend_form.apply(layer)
        attributes_form.apply(layer)
        layer.save()
        if set(layer.queryables) != set(declared):
            # Building an index over a large version takes a while: the worker does it.
            transaction.on_commit(partial(tasks.index_queryables.enqueue, layer.pk))
        messages.success(request, _("The layer was saved."))
        return redirect("geodata:layer_detail", slug=layer.slug)
    return render(
        request,
        "geodata/layer_form.html",
        {
            "form": form,
            "layer": layer,
            "legend_form": legend_form,
            "attributes_form": attributes_form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@accepts_body(lambda: settings.GEODATA_MAX_UPLOAD_BYTES + 1024 * 1024)  # the file and the form
def layer_import(request: HttpRequest, slug: str) -> HttpResponse:
    layer = _layer_for(request, slug, change=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = start_import(
            layer,
            form.cleaned_data["file"],
            request.user,
            mode=form.cleaned_data["mode"],
            srid=form.cleaned_data["srid"],
            options=form.options(),
        )
        return redirect("geodata:import_status", pk=job.pk)
    return render(request, "geodata/layer_import.html", {"form": form, "layer": layer})


def _job_for(request, pk: int) -> ImportJob:
    job = get_object_or_404(ImportJob.objects.select_related("layer", "version"), pk=pk)
    if not request.user.has_perm("geodata.change_layer", job.layer):
        raise PermissionDenied(_("Only the owner of the layer may see its imports."))
    return job


@login_required
def import_status(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for(request, pk)
    template = (
        "geodata/import_progress.html"
        if request.headers.get("HX-Request")
        else "geodata/import_status.html"
    )
    return render(request, template, {"job": job, "layer": job.layer, "crs_form": CRSForm()})


@login_required
@require_POST
def import_crs(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for(request, pk)
    form = CRSForm(request.POST)
    if job.status == ImportJob.Status.NEEDS_CRS and form.is_valid():
        try:
            retry_with_crs(job, form.cleaned_data["srid"])
        except ValueError as exc:
            messages.error(request, str(exc))
    return redirect("geodata:import_status", pk=job.pk)


@login_required
@require_POST
def import_rerun(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for(request, pk)
    try:
        rerun_import(job)
    except ValueError as exc:
        messages.error(request, str(exc))
    return redirect("geodata:import_status", pk=job.pk)


@login_required
@require_POST
def version_activate(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    layer = _layer_for(request, slug, change=True)
    version = get_object_or_404(layer.versions, number=number)
    actions.activate_version(layer, version)
    messages.success(request, _("Version %(n)s is now the current one.") % {"n": number})
    return redirect("geodata:layer_detail", slug=slug)


@dataclass
class ChosenArea:
    """The area of the figures page: the geometry and what it is."""

    geom: object  # a shapely (Multi)Polygon in WGS 84
    title: str
    layer: Layer | None = None
    feature_id: int | None = None
    label: str = ""


def _area_from(form: FiguresForm) -> ChosenArea | None:
    """The area the form names, or None with the reason added to the form."""
    import shapely

    from . import figures as figmod

    d = form.cleaned_data
    if d.get("area_geojson"):
        return _drawn_area(form, d["area_geojson"])
    layer = d["area_layer"]
    row = (
        Feature.objects.filter(version_id=layer.current_version_id, pk=d["area_feature"])
        .values_list("geom", "properties")
        .first()
    )
    if not row:
        form.add_error("area_feature", _("No such feature in the current version of this layer."))
        return None
    g = shapely.from_wkb(bytes(row[0].wkb))
    if g.geom_type not in ("Polygon", "MultiPolygon"):
        form.add_error("area_feature", _("This feature is not a polygon: it has no area."))
        return None
    label = figmod.label_of(row[1])
    title = _("%(layer)s — feature %(id)s") % {"layer": layer.name, "id": d["area_feature"]}
    return ChosenArea(g, f"{title} — {label}" if label else title, layer, d["area_feature"], label)


def _drawn_area(form: FiguresForm, text: str) -> ChosenArea | None:
    import shapely

    try:
        g = shapely.from_geojson(text)
    except (shapely.errors.GEOSException, ValueError) as exc:
        form.add_error(
            "area_geojson", _("The drawn area cannot be read: %(e)s") % {"e": explain(exc)}
        )
        return None
    if g is not None and g.geom_type == "GeometryCollection":
        # a FeatureCollection of polygons is read as one area
        parts = list(g.geoms)
        if parts and all(p.geom_type in ("Polygon", "MultiPolygon") for p in parts):
            g = shapely.union_all(parts)
    if g is None or g.is_empty or g.geom_type not in ("Polygon", "MultiPolygon"):
        form.add_error("area_geojson", _("The area must be a polygon."))
        return None
    xmin, ymin, xmax, ymax = g.bounds
    if not all(math.isfinite(v) for v in g.bounds) or not (
        -180 <= xmin <= xmax <= 180 and -90 <= ymin <= ymax <= 90
    ):
        form.add_error(
            "area_geojson",
            _("The coordinates must be longitude and latitude in degrees (WGS 84)."),
        )
        return None
    return ChosenArea(g, _("Drawn area"))


def figures(request: HttpRequest) -> HttpResponse:
    layers = published_layers(request.user)
    form = FiguresForm(request.GET or None, layers=layers)
    result = None
    chosen = None
    land_use = None
    class_attr = ""
    if request.GET and form.is_valid():
        # shapely and pyproj (figures): imported by the page that computes, not by every process
        from . import figures as figmod

        chosen = _area_from(form)
        if chosen is not None:
            visible = list(layers)
            land_use = form.cleaned_data.get("land_use_layer")
            class_attr = (
                form.cleaned_data.get("class_attribute")
                or (land_use and (land_use.style or {}).get("attribute"))
                or "class"
            )
            result = figmod.compute(
                chosen.geom,
                form.cleaned_data.get("buffer_m") or 0,
                land_use,
                class_attr,
                [layer for layer in visible if layer.theme != Theme.BOUNDARIES],
                exclude=(chosen.layer.pk, chosen.feature_id) if chosen.layer else None,
            )
            result.title = chosen.title
            export = request.GET.get("export")
            if export == "csv":
                response = HttpResponse(
                    figmod.to_csv(result), content_type="text/csv; charset=utf-8"
                )
                response["Content-Disposition"] = 'attachment; filename="chi-so-quy-hoach.csv"'
                return response
            if export == "xlsx":
                response = HttpResponse(
                    figmod.to_xlsx(result),
                    content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                )
                response["Content-Disposition"] = 'attachment; filename="chi-so-quy-hoach.xlsx"'
                return response
    query = request.GET.copy()
    query.pop("export", None)
    return render(
        request,
        "geodata/figures.html",
        {
            "form": form,
            "result": result,
            "chosen": chosen,
            "land_use": land_use if result else None,
            "class_attribute": class_attr,
            "query": query.urlencode(),
            "map_data": result.map_data() if result else None,
            "base_tiles": settings.GEODATA_BASE_TILE_URL,
            "map_url": reverse("geodata:map"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST":
        revoke = request.POST.get("revoke")
        if revoke:
            ApiToken.objects.filter(user=request.user, pk=revoke).update(revoked=True)
            messages.success(request, _("The token was revoked."))
            return redirect("geodata:tokens")
        if form.is_valid():
            _token, new_key = ApiToken.issue(request.user, form.cleaned_data["name"])
            form = TokenForm()
    return render(
        request,
        "geodata/tokens.html",
        {
            "form": form,
            "new_key": new_key,
            "tokens": ApiToken.objects.filter(user=request.user, revoked=False).order_by(
                "-created_at"
            ),
        },
    )
