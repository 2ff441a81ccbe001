"""Agreements: the list, the page, editing, the board, the timeline and the source document."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_http_methods

from hoptac.core import files
from hoptac.core.models import Organisation
from hoptac.core.queries import scope_for

from .. import queries, watching
from ..forms import AgreementForm
from ..models import Commitment, Task
from .common import visible_agreement_for_tasks


def agreement_list(request: HttpRequest) -> HttpResponse:
    agreements = queries.agreements_visible_to(request.user).prefetch_related("parties")
    return render(request, "programmes/agreement_list.html", {"agreements": agreements})


def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(
        queries.agreements_visible_to(request.user).prefetch_related("parties"), pk=pk
    )
    agreement._party_ids = {p.pk for p in agreement.parties.all()}  # for the rules, read once
    commitments = queries.commitments_of(agreement, request.user)
    tasks = queries.tasks_visible_to(request.user).filter(commitment__agreement=agreement)
    may_follow = request.user.is_authenticated and request.user.has_perm(
        "programmes.view_task", Task(commitment=Commitment(agreement=agreement))
    )
    following, followed_commitments = (
        watching.followed_in(request.user, agreement) if may_follow else (False, set())
    )
    return render(
        request,
        "programmes/agreement_detail.html",
        {
            "agreement": agreement,
            "groups": queries.group_by_field(commitments),
            "counts": queries.count_by_status(tasks),
            "can_see_tasks": bool(scope_for(request.user).localities) or request.user.is_superuser,
            "can_change": request.user.has_perm("programmes.change_agreement", agreement),
            "can_add_task": request.user.has_perm("programmes.add_task_to_agreement", agreement),
            "may_follow": may_follow,
            "following": following,
            "followed_commitments": followed_commitments,
            "can_publish": request.user.has_perm(
                "programmes.publish_commitment", Commitment(agreement=agreement)
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    scope = scope_for(request.user)
    issuers = Organisation.objects.valid_on().select_related("locality")
    if not request.user.is_superuser:
        coordinated = scope.localities_with("coordinator")
        if not coordinated:
            raise PermissionDenied(_("Only a coordinator may record agreements."))
        issuers = issuers.filter(locality_id__in=coordinated)
    agreement = None
    if pk is not None:
        agreement = get_object_or_404(queries.agreements_visible_to(request.user), pk=pk)
        if not request.user.has_perm("programmes.change_agreement", agreement):
            raise PermissionDenied(_("You may not change this agreement."))
    form = AgreementForm(
        request.POST or None, request.FILES or None, instance=agreement, issuers=issuers
    )
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("The agreement was saved."))
        return redirect("programmes:agreement_detail", pk=saved.pk)
    return render(request, "programmes/agreement_form.html", {"form": form, "agreement": agreement})


@login_required
def board(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = visible_agreement_for_tasks(request, pk)
    return render(
        request,
        "programmes/board.html",
        {"agreement": agreement, "board": queries.board_for(agreement, request.user)},
    )


@login_required
def timeline(request: HttpRequest, pk: int) -> HttpResponse:
    from ..gantt import ZOOMS, build_gantt

    agreement = visible_agreement_for_tasks(request, pk)
    tasks = queries.task_list(
        queries.tasks_visible_to(request.user).filter(commitment__agreement=agreement)
    ).order_by("start_date", "pk")
    field_id = request.GET.get("field", "")
    if field_id.isdigit():
        tasks = tasks.filter(commitment__fields=field_id)
    zoom = request.GET.get("zoom", "")
    gantt = build_gantt(list(tasks[:300]), zoom=zoom)
    if request.GET.get("format") == "pdf":
        return _timeline_pdf(agreement, gantt)
    for bar in gantt.bars:
        # dragging asks for an extension: only where the user may ask for one
        bar.draggable = bar.task.completed_on is None and request.user.has_perm(
            "programmes.request_extension", bar.task
        )
    return render(
        request,
        "programmes/timeline.html",
        {
            "agreement": agreement,
            "gantt": gantt,
            "field_id": field_id,
            "fields": agreement.commitments.values_list("fields__pk", "fields__name_vi").distinct(),
            "zooms": [("", _("Fit")), *[(z, ZOOM_LABELS[z]) for z in ZOOMS]],
            "zoom": gantt.zoom,
        },
    )


ZOOM_LABELS = {
    "week": gettext_lazy("Weeks"),
    "month": gettext_lazy("Months"),
    "quarter": gettext_lazy("Quarters"),
    "year": gettext_lazy("Years"),
}


def _timeline_pdf(agreement, gantt) -> HttpResponse:
    from ..models import TaskStatus
    from ..reports.gantt_pdf import gantt_pdf

    legend = [(s.value, str(s.label)) for s in TaskStatus]
    legend.append(("baseline", str(_("original plan"))))
    body = gantt_pdf(
        gantt,
        f"{_('Timeline')}: {agreement.reference} — {agreement.title}",
        legend,
        pgettext("the line that marks today on a timeline", "today"),
    )
    response = HttpResponse(body, content_type="application/pdf")
    name = agreement.reference.replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="tien-do-{name}-A3.pdf"'
    return response


def agreement_source(request: HttpRequest, pk: int) -> HttpResponse:
    """The uploaded source document of an agreement, for whoever may see the agreement."""
    agreement = get_object_or_404(queries.agreements_visible_to(request.user), pk=pk)
    if not agreement.source_file:
        return render(request, "errors/404.html", status=404)
    extension = agreement.source_file.name.rpartition(".")[2]
    name = files.safe_name(f"{agreement.reference.replace('/', '-')}.{extension}")
    return files.serve(agreement.source_file, name=name)
