"""Practices and their adoptions, and the attachments of practices and activities."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from hoptac.core import files
from hoptac.core.audit import changes_for

from .. import actions, queries
from ..forms import AdoptionForm, OutcomeForm, PracticeForm
from ..models import Adoption, Practice
from .common import common_filters, item_form_views, list_context, param, require


def practice_list(request: HttpRequest) -> HttpResponse:
    qs, filters = common_filters(
        request,
        queries.practices_visible_to(request.user),
        "title_vi",
        "title_en",
        "summary_vi",
        "tags",
    )
    tag = param(request, "tag", 60)
    if tag:
        qs = qs.filter(tags__icontains=tag)
        filters["tag"] = tag
    return render(request, "exchange/practice_list.html", list_context(request, qs, filters))


def practice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    practice = get_object_or_404(queries.practice_detail(request.user, pk))
    user = request.user
    can_change = user.has_perm("exchange.change_item", practice)
    return render(
        request,
        "exchange/practice_detail.html",
        {
            "practice": practice,
            "can_change": can_change,
            "can_adopt": user.has_perm("exchange.adopt_practice", practice),
            "adoptions": [
                (a, user.has_perm("exchange.report_adoption", a)) for a in practice.adoptions.all()
            ],
            "audit": changes_for(practice, limit=10) if can_change else None,
        },
    )


def _practice_files(data: dict) -> dict:
    removed = data.get("remove_attachments") or []
    return {"files": data["attachments"], "remove_attachments": [a.pk for a in removed]}


practice_create, practice_edit = item_form_views(
    Practice,
    PracticeForm,
    actions.save_practice,
    _practice_files,
    name="practice",
    saved=gettext_lazy("The practice was saved."),
    may_not_change=gettext_lazy("You may not change this practice."),
    may_not_create=gettext_lazy("Only officers may share practices."),
)


@login_required
@require_http_methods(["GET", "POST"])
def practice_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    practice = get_object_or_404(Practice, pk=pk)
    require(request.user, "exchange.adopt_practice", practice)
    form = AdoptionForm(request.POST or None, user=request.user, practice=practice)
    if request.method == "POST" and form.is_valid():
        actions.record_adoption(
            practice,
            request.user,
            form.cleaned_data["organisation"],
            started_on=form.cleaned_data["started_on"],
            plan=form.cleaned_data["plan"],
        )
        messages.success(request, _("The adoption was recorded."))
        return redirect(practice)
    return render(request, "exchange/adoption_form.html", {"form": form, "practice": practice})


@login_required
@require_http_methods(["GET", "POST"])
def adoption_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    adoption = get_object_or_404(Adoption.objects.select_related("practice", "organisation"), pk=pk)
    require(request.user, "exchange.report_adoption", adoption)
    form = OutcomeForm(request.POST or None, instance=adoption)
    if request.method == "POST" and form.is_valid():
        actions.report_adoption_outcome(
            adoption,
            request.user,
            form.cleaned_data["outcome"],
            form.cleaned_data["outcome_report"],
        )
        messages.success(request, _("The outcome was reported."))
        return redirect(adoption.practice)
    return render(
        request,
        "exchange/adoption_form.html",
        {"form": form, "practice": adoption.practice, "adoption": adoption},
    )


def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(queries.attachments_visible_to(request.user), pk=pk)
    return files.serve(item.file, name=item.name, kind=item.kind)
