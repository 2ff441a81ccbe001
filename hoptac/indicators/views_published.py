"""Pages for the published indexes' figures a city imports (a table of one index and year, with
a preview and a confirmation) or enters and edits by hand: its coordinators, its own city only."""

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

from hoptac.core import audit

from . import frameworks, published_values
from .forms import PublishedImportForm, PublishedValueForm
from .views import XLSX, _managed_localities
from .views_frameworks import _attachment

PENDING = "indicators_published_import"  # the session key of a checked table awaiting confirmation


def _managed(request: HttpRequest):
    localities = _managed_localities(request.user)
    if not localities.exists():
        raise PermissionDenied(
            _("Only a city's coordinators and administrators import and enter its index figures.")
        )
    return localities


def published_template(request: HttpRequest, key: str) -> HttpResponse:
    """The table to fill in for one index: a row per component, its key filled in."""
    fw = frameworks.framework(key)
    if fw is None:
        raise Http404
    if request.GET.get("format") == "csv":
        return _attachment(
            published_values.as_csv(fw), "text/csv; charset=utf-8", f"mau-{fw.key}.csv"
        )
    return _attachment(published_values.as_xlsx(fw), XLSX, f"mau-{fw.key}.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def published_import(request: HttpRequest) -> HttpResponse:
    """Upload → every row checked → a preview (or every error, nothing kept) → confirm → saved.
    The rows of a city the user does not manage are refused, row by row."""
    localities = _managed(request)
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm(request, localities)
    initial = {"edition": request.GET.get("edition", "")}
    form = PublishedImportForm(request.POST or None, request.FILES or None, initial=initial)
    context: dict = {"form": form, "errors": [], "templates": _templates()}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        parsed = published_values.parse(
            upload.name,
            upload.read(),
            data["edition"],
            allowed=localities.values_list("pk", flat=True),
            default_source=data["source"],
        )
        request.session.pop(PENDING, None)
        if parsed.errors:
            context["errors"] = parsed.errors[:200]
            context["error_count"] = len(parsed.errors)
        else:
            token = secrets.token_urlsafe(16)
            request.session[PENDING] = {
                "token": token,
                "edition": data["edition"],
                "is_public": data["is_public"],
                "cells": parsed.cells,
            }
            fw, edition = published_values.find(data["edition"])
            return render(
                request,
                "indicators/published_preview.html",
                {
                    "token": token,
                    "fw": fw,
                    "edition": edition,
                    "cells": parsed.cells,
                    "same": parsed.same,
                    "is_public": data["is_public"],
                },
            )
    return render(request, "indicators/published_import.html", context)


def _templates() -> list[dict]:
    return [
        {"name": fw.name_vi, "url": reverse("indicators:published_template", args=[fw.key])}
        for fw in frameworks.catalogue()
        if fw.editions
    ]


def _confirm(request: HttpRequest, localities) -> HttpResponse:
    """Save the previewed table, checked again (the figures kept may have changed since)."""
    pending = request.session.get(PENDING)
    if not pending or not secrets.compare_digest(
        str(pending.get("token", "")), request.POST.get("token", "")
    ):
        messages.error(
            request, _("This preview has expired or was replaced: upload the file again.")
        )
        return redirect("indicators:published_import")
    allowed = set(localities.values_list("pk", flat=True))
    if any(cell["locality"] not in allowed for cell in pending["cells"]):
        raise PermissionDenied
    found = published_values.find(pending["edition"])
    problems = published_values.check_together(*found, pending["cells"])[2] if found else [None]
    if problems:
        del request.session[PENDING]
        messages.error(
            request,
            _("The figures changed since the preview; nothing was saved: upload the file again."),
        )
        return redirect("indicators:published_import")
    fw, _edition = found
    saved = published_values.save(
        pending["edition"], pending["cells"], is_public=pending["is_public"], by=request.user
    )
    del request.session[PENDING]
    messages.success(
        request,
        _("%(n)s figures of %(name)s are saved.") % {"n": len(saved), "name": fw.name_vi},
    )
    return redirect("indicators:framework", key=fw.key)


@login_required
@require_http_methods(["GET", "POST"])
def value_add(request: HttpRequest, key: str) -> HttpResponse:
    """Enter one figure of an index by hand, for a city the user manages."""
    fw = frameworks.framework(key)
    if fw is None:
        raise Http404
    localities = list(_managed(request))
    form = PublishedValueForm(request.POST or None, fw=fw, localities=localities)
    if request.method == "POST" and form.is_valid():
        cell = form.cleaned_data["cell"]
        locality = next(loc for loc in localities if loc.pk == cell["locality"])
        if not request.user.has_perm("indicators.enter_published_value", locality):
            raise PermissionDenied
        choice = f"{fw.key}:{form.cleaned_data['year']}"
        published_values.save(
            choice, [cell], is_public=form.cleaned_data["is_public"], by=request.user
        )
        messages.success(request, _("The figure is saved."))
        return redirect("indicators:framework", key=fw.key)
    return render(
        request,
        "indicators/published_value_form.html",
        {"form": form, "fw": fw, "value": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def value_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a figure the user's city imported or entered (its value, rank, source, who reads
    it); the framework, year, component and city stay."""
    value = get_object_or_404(published_values.visible_to(request.user), pk=pk)
    if not request.user.has_perm("indicators.change_published_value", value):
        raise PermissionDenied
    fw = frameworks.framework(value.framework)
    if fw is None:
        raise Http404
    form = PublishedValueForm(
        request.POST or None, fw=fw, localities=[value.locality], instance=value
    )
    if request.method == "POST" and form.is_valid():
        published_values.save(
            f"{fw.key}:{value.year}",
            [form.cleaned_data["cell"]],
            is_public=form.cleaned_data["is_public"],
            by=request.user,
        )
        messages.success(request, _("The figure is saved."))
        return redirect("indicators:framework", key=fw.key)
    return render(
        request,
        "indicators/published_value_form.html",
        {"form": form, "fw": fw, "value": value, "audit": audit.changes_for(value)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def value_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a figure the user's city imported or entered, after a confirmation (a POST); its
    history keeps it. Another city's figure is refused, a figure the user cannot read is not
    found."""
    value = get_object_or_404(published_values.visible_to(request.user), pk=pk)
    if not request.user.has_perm("indicators.change_published_value", value):
        raise PermissionDenied
    if request.method == "POST":
        published_values.delete(value, by=request.user)
        messages.success(request, _("The figure is deleted; its history keeps it."))
        if frameworks.framework(value.framework) is None:
            return redirect("indicators:framework_list")
        return redirect("indicators:framework", key=value.framework)
    return render(
        request,
        "indicators/published_value_delete.html",
        {
            "value": value,
            "fw": frameworks.framework(value.framework),
            "component": published_values.component_name(value, request.LANGUAGE_CODE),
        },
    )
