"""Pages of the frameworks: the published indexes (the list, and one side by side), and the
cities' own indicator frameworks (import with a preview, read, edit an indicator)."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hoptac.core import files
from hoptac.core.models import Locality

from . import (
    actions,
    exports,
    framework_files,
    frameworks,
    gaps,
    published_values,
    queries,
    trees,
)
from .forms import (
    FrameworkImportForm,
    FrameworkIndicatorForm,
    IndicatorFrameworkForm,
    NewFrameworkIndicatorForm,
)
from .models import FrameworkIndicator, IndicatorFramework
from .views import XLSX, _managed_localities, _url, bilingual, xlsx_response

PENDING = "indicators_framework_import"  # the session key of a checked file awaiting confirmation


@bilingual
def framework_list(request: HttpRequest) -> HttpResponse:
    lang = request.LANGUAGE_CODE
    suffix = "_en" if lang == "en" else ""
    return render(
        request,
        "indicators/frameworks.html",
        {
            "frameworks": [
                {
                    "fw": fw,
                    "name": fw.name(lang),
                    "publisher": fw.publisher_in(lang),
                    "url": _url(request, "framework_list") + f"{fw.key}/",
                    "years": [e.year for e in fw.editions],
                }
                for fw in frameworks.catalogue()
            ],
            "city_frameworks": [
                {
                    "fw": fw,
                    "name": fw.name(lang),
                    "url": reverse(f"indicators:city_framework{suffix}", args=[fw.pk]),
                }
                for fw in queries.frameworks_visible_to(request.user).order_by(
                    "locality__code", "name_vi"
                )
            ],
            "can_import": _managed_localities(request.user).exists(),
            "import_url": reverse("indicators:framework_import"),
            "lang": lang,
        },
    )


@bilingual
def framework_detail(request: HttpRequest, key: str) -> HttpResponse:
    fw = frameworks.framework(key)
    if fw is None:
        raise Http404
    fw = frameworks.with_entered(fw, published_values.visible_to(request.user, fw.key))
    managed = set(_managed_localities(request.user).values_list("pk", flat=True))
    lang = request.LANGUAGE_CODE
    codes = frameworks.localities(fw)
    names = {loc.code: loc.name for loc in Locality.objects.filter(code__in=codes)}
    cities = [names.get(code, code) for code in codes]
    tables = frameworks.side_by_side(fw, codes, lang)
    chart, charts = _chart(fw, codes, cities, lang)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            exports.framework_xlsx(fw, tables, cities, lang), f"khung-chi-so-{fw.key}.xlsx"
        )
    return render(
        request,
        "indicators/framework_detail.html",
        {
            "fw": fw,
            "name": fw.name(lang),
            "publisher": fw.publisher_in(lang),
            "scale": frameworks.said(fw, "scale", lang),
            "aggregation_note": frameworks.said(fw, "aggregation_note", lang),
            "cities": cities,
            "tables": tables,
            "xlsx_url": "?format=xlsx",
            "chart": chart,
            "charts": charts,
            "components": [c for c in fw.components],
            "list_url": _url(request, "framework_list"),
            "lang": lang,
            "managed": managed,
            "can_enter": bool(managed) and bool(fw.editions),
            "import_url": reverse("indicators:published_import")
            + f"?edition={fw.key}:"
            + (str(fw.editions[-1].year) if fw.editions else ""),
            "add_url": reverse("indicators:published_value_add", args=[fw.key]),
            "is_tree": fw.is_tree,
            "tree_labels": tree_labels(),
        },
    )


def tree_labels() -> dict[str, str]:
    """What the tree's buttons say (tree.js), in the page's language."""
    return {
        "open": _("Show the parts of"),
        "close": _("Hide the parts of"),
        "open_all": _("Show every level"),
        "close_all": _("Show the first level only"),
    }


def _chart(
    fw: frameworks.Framework, codes: list[str], cities: list[str], lang: str
) -> tuple[dict, list[dict]]:
    """The page's charts: per indicator with a value (the total first), each city's values over
    the editions' years (the data drawn), and per chart its label and the newest gap between
    the first two cities said in words, with the gap of the year before; the tables carry the
    same figures. An indicator with values in one year only gets no chart (a line of one point
    says nothing): its figures are written out and the page says it is one year only."""
    series, charts = [], []
    # the total and the top-level components: the deeper levels are in the tables (and the
    # API's series), a chart each would bury the page
    for key in [frameworks.TOTAL, *(c.key for c in fw.parts())]:
        s = frameworks.series(fw, key, codes)
        values = [[None if p.value is None else float(p.value) for p in c.points] for c in s.cities]
        if not any(v is not None for row in values for v in row):
            continue
        label = _("Total") if key == frameworks.TOTAL else s.name(lang)
        years = [
            e.year for n, e in enumerate(fw.editions) if any(row[n] is not None for row in values)
        ]
        chart: dict = {"label": label, "gap": _gap_said(s, cities), "series": None}
        if len(years) < 2:
            (year,) = years
            n = [e.year for e in fw.editions].index(year)
            chart["only"] = {
                "year": year,
                "figures": [
                    (city, c.points[n].value) for city, c in zip(cities, s.cities, strict=True)
                ],
            }
        else:
            chart["series"] = len(series)
            series.append({"label": label, "values": values})
        charts.append(chart)
    data = {"years": [str(e.year) for e in fw.editions], "cities": cities, "series": series}
    return data, charts


def _gap_said(s: frameworks.Series, cities: list[str]) -> dict | None:
    """The newest gap between the first two cities in words, and the one of the year before
    with both values (None without a year where both have one)."""
    if len(cities) < 2 or not s.gaps:
        return None

    def said(gap: frameworks.Gap) -> str:
        places = max(
            frameworks.places(p.value)
            for c in s.cities[:2]
            for p in c.points
            if p.year == gap.year and p.value is not None
        )
        return gaps.in_words(cities[0], cities[1], gap.gap, places, points=False)

    newest = s.gaps[-1]
    before = s.gaps[-2] if len(s.gaps) > 1 else None
    return {
        "year": newest.year,
        "said": said(newest),
        "before_year": before.year if before else None,
        "before_said": said(before) if before else "",
    }


def _attachment(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def framework_template(request: HttpRequest) -> HttpResponse:
    """The empty table to fill in (two example rows), as XLSX or, with ?format=csv, CSV."""
    if request.GET.get("format") == "csv":
        return _attachment(
            framework_files.as_csv(framework_files.EXAMPLES),
            "text/csv; charset=utf-8",
            "mau-khung-chi-so.csv",
        )
    return _attachment(
        framework_files.as_xlsx(framework_files.EXAMPLES, "Chi so"), XLSX, "mau-khung-chi-so.xlsx"
    )


@login_required
@require_http_methods(["GET", "POST"])
def framework_import(request: HttpRequest) -> HttpResponse:
    """Upload → every row checked → a preview (or every error, nothing kept) → confirm → saved.
    Between the preview and the confirmation the checked rows wait in the user's session."""
    localities = _managed_localities(request.user)
    if not localities.exists():
        raise PermissionDenied(
            _("Only a city's coordinators and administrators import its indicator frameworks.")
        )
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm(request)
    form = FrameworkImportForm(request.POST or None, request.FILES or None, localities=localities)
    context: dict = {
        "form": form,
        "errors": [],
        "template_url": reverse("indicators:framework_template"),
    }
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        locality = data["locality"]
        if not request.user.has_perm("indicators.import_framework", locality):
            raise PermissionDenied
        upload = data["file"]
        parsed = framework_files.parse(upload.name, upload.read())
        request.session.pop(PENDING, None)
        if parsed.errors:
            context["errors"] = parsed.errors[:200]
            context["error_count"] = len(parsed.errors)
        else:
            token = secrets.token_urlsafe(16)
            request.session[PENDING] = {
                "token": token,
                "locality": locality.pk,
                "name_vi": data["name_vi"],
                "name_en": data["name_en"],
                "source": data["source"] or files.safe_name(upload.name)[:255],
                "is_public": data["is_public"],
                "rows": [row.values for row in parsed.rows],
            }
            return render(
                request,
                "indicators/framework_preview.html",
                {
                    "token": token,
                    "locality": locality,
                    "data": request.session[PENDING],
                    "rows": parsed.rows,
                    "directions": dict(FrameworkIndicator.Direction.choices),
                },
            )
    return render(request, "indicators/framework_import.html", context)


def _confirm(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING)
    if not pending or not secrets.compare_digest(
        str(pending.get("token", "")), request.POST.get("token", "")
    ):
        messages.error(
            request, _("This preview has expired or was replaced: upload the file again.")
        )
        return redirect("indicators:framework_import")
    locality = get_object_or_404(Locality, pk=pending["locality"])
    if not request.user.has_perm("indicators.import_framework", locality):
        raise PermissionDenied
    framework = actions.create_framework(
        locality,
        pending["rows"],
        name_vi=pending["name_vi"],
        name_en=pending["name_en"],
        source=pending["source"],
        is_public=pending["is_public"],
        by=request.user,
    )
    del request.session[PENDING]
    messages.success(
        request,
        _("The framework “%(name)s” is saved with %(n)s indicators.")
        % {"name": framework.name_vi, "n": len(pending["rows"])},
    )
    return redirect("indicators:city_framework", pk=framework.pk)


@bilingual
def city_framework(request: HttpRequest, pk: int) -> HttpResponse:
    """A city's own framework: its indicators (to everyone when public; otherwise to the city
    and its partners, and to nobody else, who is answered as if it did not exist)."""
    framework = get_object_or_404(queries.frameworks_visible_to(request.user), pk=pk)
    nodes = trees.ordered(
        framework.indicators.all(), key=lambda i: i.pk, parent=lambda i: i.parent_id
    )
    indicators = [n.item for n in nodes]
    codes = {i.pk: i.code for i in indicators}
    if request.GET.get("format") in ("xlsx", "csv"):
        rows = [
            {
                **{name: getattr(i, name) for name in framework_files.FIELDS if name != "parent"},
                "parent": codes.get(i.parent_id, ""),
            }
            for i in indicators
        ]
        if request.GET["format"] == "csv":
            return _attachment(
                framework_files.as_csv(rows), "text/csv; charset=utf-8", f"khung-{pk}.csv"
            )
        return _attachment(framework_files.as_xlsx(rows, f"Khung {pk}"), XLSX, f"khung-{pk}.xlsx")
    return render(
        request,
        "indicators/city_framework.html",
        {
            "framework": framework,
            "name": framework.name(request.LANGUAGE_CODE),
            "indicators": indicators,
            "nodes": nodes,
            "codes": codes,
            "is_tree": any(n.depth for n in nodes),
            "tree_labels": tree_labels(),
            "can_edit": request.user.has_perm("indicators.change_framework", framework),
            "list_url": _url(request, "framework_list"),
            "lang": request.LANGUAGE_CODE,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit an indicator's names, unit, direction, group and source: the framework's city's
    coordinators and administrators only."""
    indicator = get_object_or_404(
        FrameworkIndicator.objects.select_related("framework__locality").filter(
            framework__in=queries.frameworks_visible_to(request.user).values("pk")
        ),
        pk=pk,
    )
    if not request.user.has_perm("indicators.change_framework", indicator.framework):
        raise PermissionDenied
    form = FrameworkIndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        fresh = FrameworkIndicator.objects.get(pk=indicator.pk)
        changed = actions.change_indicator(
            fresh,
            by=request.user,
            **{name: form.cleaned_data[name] for name in FrameworkIndicatorForm.Meta.fields},
        )
        if changed:
            messages.success(request, _("The indicator %(code)s is saved.") % {"code": fresh.code})
        return redirect("indicators:city_framework", pk=indicator.framework_id)
    return render(
        request,
        "indicators/framework_indicator_form.html",
        {"form": form, "indicator": indicator, "framework": indicator.framework},
    )


def _editable_framework(request: HttpRequest, pk: int):
    """The framework, if the user reads it (else 404) and may change it (else 403)."""
    framework = get_object_or_404(queries.frameworks_visible_to(request.user), pk=pk)
    if not request.user.has_perm("indicators.change_framework", framework):
        raise PermissionDenied
    return framework


@login_required
@require_http_methods(["GET", "POST"])
def indicator_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an indicator by hand to a framework of the user's city."""
    framework = _editable_framework(request, pk)
    form = NewFrameworkIndicatorForm(request.POST or None, framework=framework)
    if request.method == "POST" and form.is_valid():
        indicator = actions.add_indicator(
            framework,
            by=request.user,
            **{name: form.cleaned_data[name] for name in NewFrameworkIndicatorForm.Meta.fields},
        )
        messages.success(request, _("The indicator %(code)s is saved.") % {"code": indicator.code})
        return redirect("indicators:city_framework", pk=framework.pk)
    return render(
        request,
        "indicators/framework_indicator_form.html",
        {"form": form, "indicator": None, "framework": framework},
    )


@login_required
@require_http_methods(["GET", "POST"])
def framework_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a framework's names, source and who reads it."""
    framework = _editable_framework(request, pk)
    form = IndicatorFrameworkForm(request.POST or None, instance=framework)
    if request.method == "POST" and form.is_valid():
        fresh = IndicatorFramework.objects.get(pk=framework.pk)
        if actions.change_framework(
            fresh,
            by=request.user,
            **{name: form.cleaned_data[name] for name in IndicatorFrameworkForm.Meta.fields},
        ):
            messages.success(request, _("The framework is saved."))
        return redirect("indicators:city_framework", pk=framework.pk)
    return render(request, "indicators/framework_form.html", {"form": form, "framework": framework})
