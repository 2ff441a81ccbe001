"""The front page of the exchange."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .. import queries


def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "practices": queries.practices_visible_to(user).filter(status="published")[:6],
        "activities": queries.upcoming_activities(user),
        "policies": queries.policies_visible_to(user).filter(status="published")[:5],
        "waiting": queries.requests_waiting_for(user)[:5] if user.is_authenticated else [],
        "can_create": user.has_perm("exchange.create_item"),
    }
    return render(request, "exchange/index.html", context)
