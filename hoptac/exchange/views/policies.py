"""Policies."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy

from hoptac.core.audit import changes_for

from .. import actions, queries
from ..forms import PolicyForm
from ..models import Policy
from .common import common_filters, item_form_views, list_context


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


policy_create, policy_edit = item_form_views(
    Policy,
    PolicyForm,
    actions.save_policy,
    lambda data: {"practices": data["practices"]},
    name="policy",
    saved=gettext_lazy("The policy was saved."),
    may_not_change=gettext_lazy("You may not change this policy."),
)
