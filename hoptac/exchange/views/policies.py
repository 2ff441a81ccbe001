"""Policies."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hoptac.core.audit import changes_for

from .. import actions, queries
from ..forms import PolicyForm
from ..models import Policy
from .common import common_filters, list_context, require, save_item


def policy_list(request: HttpRequest) -> HttpResponse:
    qs, filters = common_filters(
        request,
        queries.policies_visible_to(request.user),
        "title_vi",
        "title_en",
        "number",
        "issuer",
    )
    legal_status = request.GET.get("legal_status", "")
    if legal_status in Policy.LegalStatus.values:
        qs = qs.filter(legal_status=legal_status)
        filters["legal_status"] = legal_status
    return render(
        request,
        "exchange/policy_list.html",
        list_context(request, qs, filters, legal_statuses=Policy.LegalStatus.choices),
    )


def policy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy = get_object_or_404(queries.policies_visible_to(request.user), pk=pk)
    can_change = request.user.has_perm("exchange.change_item", policy)
    return render(
        request,
        "exchange/policy_detail.html",
        {
            "policy": policy,
            "practices": queries.practices_visible_to(request.user).filter(policies=policy),
            "replaces": queries.policies_visible_to(request.user).filter(replaced_by=policy),
            "can_change": can_change,
            "audit": changes_for(policy, limit=10) if can_change else None,
        },
    )


def _save_policy(request: HttpRequest, policy: Policy | None) -> HttpResponse:
    return save_item(
        request,
        policy,
        PolicyForm,
        actions.save_policy,
        lambda data: {"practices": data["practices"]},
        name="policy",
        saved=_("The policy was saved."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def policy_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "exchange.create_item")
    return _save_policy(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def policy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    policy = get_object_or_404(Policy, pk=pk)
    require(request.user, "exchange.change_item", policy, _("You may not change this policy."))
    return _save_policy(request, policy)
