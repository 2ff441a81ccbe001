from __future__ import annotations

import sys

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from simple_history.utils import update_change_reason

from . import queries
from .audit import changes_for
from .forms import OrganisationForm, ProfileForm
from .models import CooperationField, Locality, Organisation, Partnership
from .text import vi_sort_key


def home(request: HttpRequest) -> HttpResponse:
    context = {
        "localities": Locality.objects.valid_on().filter(
            pk__in=Partnership.objects.values("locality_a")
        )
        | Locality.objects.valid_on().filter(pk__in=Partnership.objects.values("locality_b")),
        "fields": CooperationField.objects.all(),
        "organisation_count": Organisation.objects.valid_on().count(),
    }
    if request.user.is_authenticated:
        context["memberships"] = queries.memberships_of(request.user)
    return render(request, "core/home.html", context)


def locality_list(request: HttpRequest) -> HttpResponse:
    localities = queries.localities_with_history().annotate(
        organisation_count=Count("organisations")
    )
    return render(
        request,
        "core/locality_list.html",
        {"localities": localities, "nav_current": "directory"},
    )


def organisation_list(request: HttpRequest) -> HttpResponse:
    qs = queries.organisations_for_directory()
    # PostgreSQL refuses NUL in text: no honest link carries one, so it is dropped here
    locality_code = request.GET.get("locality", "").replace("\x00", "")
    kind = request.GET.get("kind", "")
    text = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    show_former = request.GET.get("former") == "1"
    if locality_code:
        qs = qs.filter(locality__code=locality_code)
    if kind in Organisation.Kind.values:
        qs = qs.filter(kind=kind)
    if text:
        qs = qs.filter(
            Q(name_vi__icontains=text)
            | Q(name_en__icontains=text)
            | Q(abbreviation__icontains=text)
        )
    if not show_former:
        qs = qs.valid_on()
    # Vietnamese order within each city and kind (a directory of some hundred rows: sorted
    # after the fetch, see hoptac.core.text).
    rows = sorted(qs, key=lambda o: (o.locality.code, o.kind, vi_sort_key(o.name)))
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "core/organisation_list.html",
        {
            "nav_current": "directory",
            "page": page,
            "localities": Locality.objects.all(),
            "kinds": Organisation.Kind.choices,
            "filters": {
                "locality": locality_code,
                "kind": kind,
                "q": text,
                "former": show_former,
            },
        },
    )


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(
        Organisation.objects.select_related("locality", "parent", "successor"), pk=pk
    )
    user = request.user
    context = {
        "organisation": organisation,
        "children": organisation.children.all(),
        "predecessors": organisation.predecessors.select_related("locality"),
        "counterparts": [
            (link, link.other(organisation)) for link in queries.counterparts_of(organisation)
        ],
        "can_change": user.has_perm("core.change_organisation", organisation),
        "can_see_members": user.has_perm("core.view_organisation_members", organisation),
        "can_see_audit": user.has_perm("core.view_audit", organisation),
    }
    if context["can_see_members"]:
        context["members"] = queries.members_of(organisation)
    if context["can_see_audit"]:
        context["audit"] = changes_for(organisation, limit=20)
    return render(request, "core/organisation_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    if not request.user.has_perm("core.change_organisation", organisation):
        raise PermissionDenied(_("You may not change this organisation."))
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        if form.cleaned_data.get("change_reason"):
            update_change_reason(saved, form.cleaned_data["change_reason"])
        messages.success(request, _("The organisation was saved."))
        return redirect("core:organisation_detail", pk=saved.pk)
    return render(
        request, "core/organisation_form.html", {"form": form, "organisation": organisation}
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile was saved."))
        response = redirect("core:profile")
        from django.conf import settings

        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, form.cleaned_data["language"], samesite="Lax"
        )
        return response
    return render(
        request,
        "core/profile.html",
        {"form": form, "memberships": queries.memberships_of(request.user)},
    )


@never_cache
def livez(request: HttpRequest) -> HttpResponse:
    """The process answers (no database): a liveness probe, and the HTTP floor the speed
    benchmarks compare small requests with (the same stack, nothing to do)."""
    return HttpResponse(b"ok", content_type="text/plain")


def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", {"reason": str(exception or "")}, status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # No request context: its context processors read the database, which may be the failure.
    # Django calls this inside its `except`, so the exception is at hand, wherever it was raised
    # (a view, a middleware reading the session or the user's language).
    if database_unreachable(sys.exc_info()[1]):
        response = HttpResponse(loader.render_to_string("errors/503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_S)
        return response
    return HttpResponseServerError(loader.render_to_string("errors/500.html"))


RETRY_AFTER_S = 5


def database_unreachable(exception: BaseException | None) -> bool:
    """Whether an error means the database is out of reach (restarting, failing over), so that
    the visitor gets a short "try again" page (503 + Retry-After) and a load balancer backs off.
    An OperationalError on a connection that still answers is a bad query: a server error."""
    from django.db import InterfaceError, OperationalError, connections

    if isinstance(exception, InterfaceError):
        return True
    if not isinstance(exception, OperationalError):
        return False
    cause = exception.__cause__
    if cause is not None and hasattr(cause, "sqlstate"):  # PostgreSQL (psycopg) says why
        state = cause.sqlstate
        # None: no answer from a server at all (refused, closed); 08: connection exceptions;
        # 57P01-03: the server shutting down, crashed, or not accepting connections yet.
        return state is None or state.startswith("08") or state in UNREACHABLE_STATES
    return not all(_answers(connections[alias]) for alias in connections)


UNREACHABLE_STATES = {"57P01", "57P02", "57P03"}


def _answers(connection) -> bool:
    """Whether the database behind a connection answers now: a connection that failed to open
    (the server refusing while it restarts) is tried once more."""
    try:
        if connection.connection is None:
            connection.ensure_connection()
            return True
        return connection.is_usable()
    except Exception:
        return False


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/403_csrf.html", status=403)


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    from django.utils import timezone

    from .models import Notification

    mine = Notification.objects.filter(user=request.user)
    if request.method == "POST":
        mine.filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("core:notifications")
    page = Paginator(mine, 30).get_page(request.GET.get("page"))
    return render(request, "core/notifications.html", {"page": page})
