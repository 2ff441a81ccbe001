"""Pages of the indicators app.

The URL decides the language: /chi-so/… (vi), /en/indicators/… (en)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hoptac.core import dates, intents, linkable
from hoptac.core.middleware import accepts_body
from hoptac.core.models import Locality
from hoptac.core.queries import scope_for

from . import (
    actions,
    catalogue,
    display,
    exports,
    gaps,
    index766,
    keys,
    procedure_fields,
    queries,
    records_import,
    statistics,
)
from .forms import CatalogueImportForm, StatisticsImportForm
from .models import Procedure


def bilingual(view: Callable) -> Callable:
    """Activate the URL's language and give the page its other-language address."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, lang: str = "vi", **kwargs) -> HttpResponse:
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        match = request.resolver_match
        base = match.url_name.removesuffix("_en") if match else ""
        other = {}
        for code, suffix in (("vi", ""), ("en", "_en")):
            try:
                other[code] = reverse(f"indicators:{base}{suffix}", args=args, kwargs=kwargs)
            except NoReverseMatch:
                pass
        request.alternates = other
        response = view(request, *args, **kwargs)
        response.headers["Content-Language"] = lang
        return response

    return wrapper


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content: bytes, name: str) -> HttpResponse:
    """A workbook of the exports module as a download named ``name`` (ASCII)."""
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _url(request: HttpRequest, name: str) -> str:
    return reverse(f"indicators:{name}{'_en' if request.LANGUAGE_CODE == 'en' else ''}")


def _pair(request: HttpRequest) -> tuple[Locality, Locality] | None:
    codes = {c.code: c for c in queries.comparable_localities()}
    default = queries.default_pair()
    a = codes.get(request.GET.get("a", "")) or (default[0] if default else None)
    b = codes.get(request.GET.get("b", "")) or (default[1] if default else None)
    if a is None or b is None:
        return None
    if a == b:
        others = [loc for loc in codes.values() if loc != a]
        b = others[0] if others else b
    return a, b


@bilingual
def index(request: HttpRequest) -> HttpResponse:
    pair = _pair(request)
    comparison = queries.compare(*pair, dates.today()) if pair else None
    return render(
        request,
        "indicators/index.html",
        {
            "comparison": comparison,
            "compare_url": _url(request, "services"),
            "can_import": bool(_managed_localities(request.user)),
            "import_url": reverse("indicators:import_catalogue"),
        },
    )


@bilingual
def services(request: HttpRequest) -> HttpResponse:
    pair = _pair(request)
    if pair is None:
        return render(request, "indicators/services.html", {"comparison": None})
    field_name = request.GET.get("field", "").replace("\x00", "")[:255]
    only = request.GET.get("only", "")
    code = request.GET.get("code", "")[:8]
    comparison = queries.compare(*pair, dates.today(), field_name=field_name, only=only, code=code)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            exports.comparison_xlsx(comparison),
            f"dich-vu-cong-{comparison.a.code}-{comparison.b.code}.xlsx",
        )
    page = Paginator(comparison.pairs, 100).get_page(request.GET.get("page"))
    mine = gaps.askers(request.user)
    to: dict[int, dict[str, str]] = {}  # the leading city's pk → the request's addressing
    for pair in page:
        pair.ask_url = _ask_url(pair, comparison, mine, request.user, to)
    leads = [
        (city, n)
        for city, n in (
            (comparison.a, comparison.summary["a_ahead"]),
            (comparison.b, comparison.summary["b_ahead"]),
        )
        if n
    ]
    found = queries.tagged_items(
        request.user, {city: [keys.SERVICES_FULL_ONLINE] for city, _n in leads}
    )
    return render(
        request,
        "indicators/services.html",
        {
            "comparison": comparison,
            "practices": [
                (city, n, found[(city.pk, keys.SERVICES_FULL_ONLINE)])
                for city, n in leads
                if (city.pk, keys.SERVICES_FULL_ONLINE) in found
            ],
            "page_obj": page,
            "localities": queries.comparable_localities(),
            "field_name": field_name,
            "only": only,
            "code": code,
            "is_demo": any(p.a and p.a.is_demo or p.b and p.b.is_demo for p in page),
        },
    )


def _ask_url(
    pair: queries.Pair,
    comparison: queries.Comparison,
    mine: set[int],
    user,
    to: dict[int, dict[str, str]],
) -> str | None:
    """ "Ask the partner how": an experience request prefilled with the procedure and the figures,
    offered to members of the city that lags on this procedure."""
    if not pair.gap:
        return None
    ahead, behind = (pair.a, pair.b) if pair.gap > 0 else (pair.b, pair.a)
    ahead_city, behind_city = (
        (comparison.a, comparison.b) if pair.gap > 0 else (comparison.b, comparison.a)
    )
    if behind_city.pk not in mine or ahead.online_level != ahead.OnlineLevel.FULL:
        return None

    def level(p) -> str:
        return p.get_online_level_display() if p else _("not offered")

    if ahead_city.pk not in to:
        to[ahead_city.pk] = gaps.addressing(user, ahead_city)
    return intents.url(
        "ask_experience",
        subject=_("How %(city)s serves procedure %(code)s fully online")
        % {"city": ahead_city.name, "code": pair.code},
        question=_(
            "%(ahead)s serves procedure %(code)s “%(name)s” (%(field)s) fully online, processed "
            "in %(ahead_days)s. In %(behind)s it is: %(behind_level)s, %(behind_days)s. Could you "
            "share how you made it fully online: the steps, the systems and the legal basis?"
        )
        % {
            "ahead": ahead_city.name,
            "code": pair.code,
            "name": pair.name,
            "field": pair.field_name,
            "ahead_days": working_days(ahead),
            "behind": behind_city.name,
            "behind_level": level(behind),
            "behind_days": working_days(behind),
        },
        **to[ahead_city.pk],
    )


def working_days(procedure: Procedure | None) -> str:
    """ "5 working days", "2,5 ngày làm việc": as the page writes it (not "5.0"); "—" if unknown."""
    return (procedure.processing_time if procedure else "") or "—"


def _managed_localities(user):
    if not getattr(user, "is_authenticated", False):
        return Locality.objects.none()
    if user.is_superuser:
        return Locality.objects.filter(kind__in=["city", "province"]).order_by("code")
    scope = scope_for(user)
    ids = set(scope.localities_with("coordinator")) | set(scope.localities_with("admin"))
    return Locality.objects.filter(pk__in=ids).order_by("code")


@login_required
def import_catalogue(request: HttpRequest) -> HttpResponse:
    localities = _managed_localities(request.user)
    if not localities.exists():
        raise PermissionDenied(
            _("Only a city's coordinators and administrators import its catalogue.")
        )
    form = CatalogueImportForm(request.POST or None, request.FILES or None, localities=localities)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        locality = form.cleaned_data["locality"]
        if not request.user.has_perm("indicators.import_catalogue", locality):
            raise PermissionDenied
        upload = form.cleaned_data["file"]
        today = dates.today()
        parsed = catalogue.parse(
            upload.name, upload.read(), today, fields=procedure_fields.known(locality)
        )
        if parsed.errors:
            errors = parsed.errors[:200]
        else:
            result = actions.import_catalogue(
                locality,
                parsed,
                by=request.user,
                today=today,
                complete=form.cleaned_data["complete"],
                source=upload.name[:255],
            )
            messages.success(
                request,
                _(
                    "%(city)s: %(added)s procedures added, %(changed)s changed, %(unchanged)s "
                    "unchanged, %(abolished)s abolished."
                )
                % {"city": locality.name, **result.__dict__},
            )
            return redirect(f"{reverse('indicators:services')}?a={locality.code}")
    return render(
        request,
        "indicators/import.html",
        {"form": form, "errors": errors, "error_count": len(errors)},
    )


def _month_param(value: str, months: list[dt.date]) -> dt.date | None:
    """The month asked for (yyyy-mm) if it has scores, else the newest one."""
    for month in months:
        if value == f"{month:%Y-%m}":
            return month
    return months[0] if months else None


def _index_pair(request: HttpRequest, localities: list[Locality]):
    """The two cities asked for among those with scores; by default the first partnership's
    (read only when the address does not name both)."""
    codes = {c.code: c for c in localities}
    a, b = codes.get(request.GET.get("a", "")), codes.get(request.GET.get("b", ""))
    if a is None or b is None:
        default = queries.default_pair()
        a = a or (default[0] if default else None)
        b = b or (default[1] if default else None)
    if a is None or b is None:
        return None
    if a == b:
        others = [loc for loc in localities if loc != a]
        b = others[0] if others else b
    return a, b


@bilingual
def index766_page(request: HttpRequest) -> HttpResponse:
    spec = index766.version(index766.chosen(request.GET.get("version")))
    localities = list(queries.index_localities(spec.key).order_by("code"))
    pair = _index_pair(request, localities)
    versions = [index766.version(key) for key in index766.VERSIONS]
    if pair is None:
        return render(
            request,
            "indicators/index766.html",
            {
                "comparison": None,
                "spec": spec,
                "versions": versions,
                "notice": spec.notice_in(request.LANGUAGE_CODE),
                "read": spec.read(request.LANGUAGE_CODE),
                "choices": spec.choices_in(request.LANGUAGE_CODE),
            },
        )
    a, b = pair
    audiences = {a.pk: queries.audience(request.user, a), b.pk: queries.audience(request.user, b)}
    data = queries.index_page(a, b, audiences, request.GET.get("month", ""), spec.key)
    months, comparison, trend = data.months, data.comparison, data.trend
    month = comparison.month
    gaps.link(request.user, request.LANGUAGE_CODE, comparison)
    if request.GET.get("format") == "xlsx":
        name = f"chi-so-766-{a.code}-{b.code}-{month:%Y-%m}.xlsx" if month else "chi-so-766.xlsx"
        return xlsx_response(exports.index_xlsx(comparison, trend, request.LANGUAGE_CODE), name)
    lang = request.LANGUAGE_CODE

    def num(value):
        return None if value is None else float(value)

    # A group neither city has points for (none of its components is computed from dossier
    # figures) is not drawn as an empty slot: the page names it under the chart instead.
    drawn = [g for g in comparison.groups if g.a_points is not None or g.b_points is not None]
    undrawn = [g.group.name(lang) for g in comparison.groups if g not in drawn]
    chart = {
        "cities": [a.name, b.name],
        "groups": {
            "labels": [g.group.name(lang) for g in drawn],
            "values": [[num(g.a_points) for g in drawn], [num(g.b_points) for g in drawn]],
        },
        "trend": {
            "months": [f"{t['month']:%m/%Y}" for t in trend],
            "values": [[num(t["a"]) for t in trend], [num(t["b"]) for t in trend]],
        },
    }
    detail_url = _url(request, "index766_detail")
    # the default version's addresses stay as they were
    linked = "" if spec.key == index766.DEFAULT else spec.key
    trend_query = urlencode({"a": a.code, "b": b.code} | ({"version": linked} if linked else {}))
    trend_name = "indicators:index766_component" + ("_en" if lang == "en" else "")
    for g in comparison.groups:
        for row in g.components:
            row.a_cell = display.score_cell(row.a, a.code, detail_url, linked)
            row.b_cell = display.score_cell(row.b, b.code, detail_url, linked)
            if row.component.computed:
                url = reverse(trend_name, args=[row.component.key])
                row.trend_url = f"{url}?{trend_query}"
    return render(
        request,
        "indicators/index766.html",
        {
            "comparison": comparison,
            "month_options": display.month_options(months, month),
            "trend_rows": display.trend_rows(trend, a.name, b.name),
            "chart": chart,
            "undrawn_groups": undrawn,
            "spec": spec,
            "versions": versions,
            "linked_version": linked,
            "notice": spec.notice_in(lang),
            "read": spec.read(lang),
            "choices": spec.choices_in(lang),
            "trend": trend,
            "months": months,
            "localities": localities,
            "lang": request.LANGUAGE_CODE,
            "can_import": bool(_managed_localities(request.user)),
            "import_url": reverse("indicators:import_statistics"),
            "goal_url": reverse("indicators:goal_create"),
            "targets": queries.goals_of([a, b]),
        },
    )


@bilingual
def index766_detail(request: HttpRequest) -> HttpResponse:
    from django.http import Http404

    spec = index766.version(index766.chosen(request.GET.get("version")))
    code = request.GET.get("city", "").replace("\x00", "")[:10]
    city = Locality.objects.filter(code=code).first()
    component = spec.component(request.GET.get("component", ""))
    if city is None or component is None or not component.computed:
        raise Http404
    aud = queries.audience(request.user, city)
    months = list(
        queries.IndexResult.objects.filter(version=spec.key, locality=city, agency="", audience=aud)
        .values_list("month", flat=True)
        .distinct()
        .order_by("-month")
    )
    month = _month_param(request.GET.get("month", ""), months)
    if month is None:
        raise Http404
    scores, not_reported = queries.component_detail(city, month, component.key, aud, spec.key)
    return render(
        request,
        "indicators/index766_detail.html",
        {
            "spec": spec,
            "city": city,
            "component": component,
            "month": month,
            # the columns of the one-stop-shop export, as the city's own file names them
            "numerator": _columns(component.numerator),
            "denominator": _columns(component.denominator),
            "city_score": next((s for s in scores if s.agency == ""), None),
            "agencies": [s for s in scores if s.agency],
            "agency_rows": display.agency_rows([s for s in scores if s.agency], not_reported),
            "city_not_reported": "" in not_reported,
            "lang": request.LANGUAGE_CODE,
            "back_url": _url(request, "index766"),
            "trend_url": reverse(
                "indicators:index766_component" + ("_en" if request.LANGUAGE_CODE == "en" else ""),
                args=[component.key],
            )
            + "?"
            + urlencode(
                {"a": city.code} | ({"version": spec.key} if spec.key != index766.DEFAULT else {})
            ),
            "linked_version": "" if spec.key == index766.DEFAULT else spec.key,
            "is_demo": any(s.is_demo for s in scores),
        },
    )


def _columns(fields: tuple[str, ...]) -> str:
    return " + ".join(f"“{statistics.MONTHLY_LABELS.get(f, f)}”" for f in fields) or "—"


@login_required
# the form's own cap (INDICATORS_MAX_UPLOAD_BYTES) and the form: its refusal is said on the
# page, not a 413
@accepts_body(lambda: settings.INDICATORS_MAX_UPLOAD_BYTES + 1024 * 1024)
def import_statistics(request: HttpRequest) -> HttpResponse:
    localities = _managed_localities(request.user)
    if not localities.exists():
        raise PermissionDenied(
            _("Only a city's coordinators and administrators import its dossier figures.")
        )
    form = StatisticsImportForm(request.POST or None, request.FILES or None, localities=localities)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        locality = form.cleaned_data["locality"]
        if not request.user.has_perm("indicators.import_statistics", locality):
            raise PermissionDenied
        upload = form.cleaned_data["file"]
        today = dates.today()
        is_public = form.cleaned_data["is_public"]
        if form.cleaned_data["kind"] == "records":
            result, errors = records_import.import_records_upload(
                locality,
                upload,
                today,
                by=request.user,
                is_public=is_public,
                replace_months=form.cleaned_data["replace_months"],
            )
        else:
            # one byte past the monthly reader's own cap is enough to refuse the file
            data = upload.read(statistics.MAX_BYTES + 1)
            parsed = statistics.parse_monthly(upload.name, data, today)
            result, errors = None, parsed.errors
            if not errors:
                result = actions.import_statistics(
                    locality, parsed, by=request.user, is_public=is_public, source=upload.name
                )
        errors = errors[:200]
        if result is not None:
            messages.success(request, result.said(locality.name))
            return redirect(f"{reverse('indicators:index766')}?a={locality.code}")
    return render(
        request,
        "indicators/import_statistics.html",
        {"form": form, "errors": errors, "error_count": len(errors)},
    )


@require_POST
def tag_item(request: HttpRequest) -> HttpResponse:
    """Name (or remove) an indicator a practice or policy serves; only for those who may change
    the item. An item the user may not see is answered like one that does not exist."""
    target = request.POST.get("target", "")
    if target not in queries.TAGGABLE:
        raise Http404
    try:
        obj = linkable.visible_object(request.user, target, request.POST.get("object_id", ""))
    except (LookupError, ValueError, ObjectDoesNotExist):
        raise Http404 from None
    if not request.user.has_perm("indicators.tag_item", obj):
        raise PermissionDenied
    indicator = request.POST.get("indicator", "")
    nxt = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        nxt = linkable.kind(target).url(obj)
    if indicator not in dict(keys.choices()):
        messages.error(request, _("Choose an indicator from the list."))
    elif request.POST.get("remove"):
        actions.untag(obj, indicator)
        messages.success(request, _("The indicator is no longer named."))
    else:
        actions.tag(obj, indicator, by=request.user)
        messages.success(request, _("The indicator is named."))
    return redirect(nxt)
