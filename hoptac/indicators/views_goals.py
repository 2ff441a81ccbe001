"""Pages of indicator targets: set one (a city's coordinators), read one with its trend (all)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from . import actions, goals, index766, keys
from .forms import GoalForm
from .views import _managed_localities


def _indicators(lang: str) -> list[tuple[str, str]]:
    """The components of the index computed from figures: a target on them has a trend."""
    computed = {keys.component_key(c.key) for c in index766.version().computed}
    return [(k, label) for k, label in keys.choices(lang) if k in computed]


@login_required
def goal_create(request: HttpRequest) -> HttpResponse:
    localities = _managed_localities(request.user)
    if not localities.exists():
        raise PermissionDenied
    form = GoalForm(
        request.POST or None,
        localities=localities,
        indicators=_indicators(request.LANGUAGE_CODE),
        initial={"indicator": request.GET.get("indicator", "")[:60]},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not request.user.has_perm("indicators.import_statistics", data["locality"]):
            raise PermissionDenied
        goal = actions.set_goal(
            data["locality"],
            data["indicator"],
            data["target"],
            data["due"],
            note=data["note"],
            by=request.user,
        )
        messages.success(request, _("The target is recorded. Link it to a commitment below."))
        return redirect(goal)
    return render(request, "indicators/goal_form.html", {"form": form})


def goal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    goal = get_object_or_404(goals.goals_visible_to(request.user), pk=pk)
    scores = goals.trend(goal, goals.audience_for(request.user, goal.locality))
    return render(
        request,
        "indicators/goal_detail.html",
        {
            "goal": goal,
            "label": keys.label(goal.indicator, request.LANGUAGE_CODE),
            "scores": scores,
        },
    )
