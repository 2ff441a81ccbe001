"""The investor's guide: public pages per city (vi/en) and the city's own editing in the
workspace. Anonymous readers see published steps; a city's staff also see its drafts and edit
only its own steps."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from ..forms import GuideStepForm
from ..guide import queries
from ..models import GuideStep
from .portal import _context, portal
from .workspace import _edit, _need


@require_safe
@portal
def guide(request: HttpRequest) -> HttpResponse:
    steps = list(queries.guide_steps_visible_to(request.user))
    cities = {}
    for step in steps:
        cities.setdefault(step.locality, []).append(step)
    return render(
        request,
        "investment/portal/guide.html",
        _context(request, cities=sorted(cities.items(), key=lambda c: c[0].code)),
    )


@require_safe
@portal
def guide_city(request: HttpRequest, code: str) -> HttpResponse:
    steps = list(queries.guide_steps_visible_to(request.user).filter(locality__code=code))
    if not steps:
        raise Http404
    return render(
        request,
        "investment/portal/guide_city.html",
        _context(
            request,
            city=steps[0].locality,
            steps=steps,
            can_change=request.user.has_perm("investment.change_guidestep", steps[0]),
        ),
    )


@login_required
@require_GET
def guide_steps(request: HttpRequest) -> HttpResponse:
    _need(request, "investment.use_workspace")
    return render(
        request,
        "investment/workspace/guide_list.html",
        {
            "steps": queries.editable_guide_steps(request.user),
            "can_create": request.user.has_perm("investment.create"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def guide_step_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    step = get_object_or_404(GuideStep.objects.select_related("locality"), pk=pk) if pk else None
    return _edit(
        request,
        GuideStepForm,
        step,
        "investment.change_guidestep",
        "investment/workspace/guide_form.html",
        "investment:guide_step_edit",
        "pk",
    )
