"""Experience requests and their answers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hoptac.core import dates
from hoptac.core.queries import scope_for

from .. import actions, queries
from ..forms import AnswerForm, RequestForm
from ..models import Addressee, ExperienceRequest
from .common import PAGE_SIZE, require, text_param


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    qs = queries.requests_visible_to(request.user)
    scope = scope_for(request.user)
    box = request.GET.get("box", "")
    if box == "sent":
        qs = qs.filter(locality__in=scope.localities)
    elif box == "received":
        qs = qs.filter(addressees__locality__in=scope.localities).distinct()
    status = request.GET.get("status", "")
    if status in ExperienceRequest.Status.values:
        qs = qs.filter(status=status)
    text = text_param(request)
    if text:
        qs = qs.filter(Q(subject__icontains=text) | Q(question__icontains=text))
    filters = {"box": box, "status": status, "q": text}
    return render(
        request,
        "exchange/request_list.html",
        {
            "page": Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")),
            "filters": filters,
            "statuses": ExperienceRequest.Status.choices,
            "today": dates.today(),
            "can_create": request.user.has_perm("exchange.create_item"),
        },
    )


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(queries.request_detail(request.user, pk))
    user = request.user
    addressees = [(a, user.has_perm("exchange.answer", a)) for a in item.addressees.all()]
    return render(
        request,
        "exchange/request_detail.html",
        {
            "item": item,
            "addressees": addressees,
            "open": item.status != ExperienceRequest.Status.CLOSED,
            "can_close": user.has_perm("exchange.close_request", item)
            and item.status != ExperienceRequest.Status.CLOSED,
            "today": dates.today(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "exchange.create_item")
    # Another page may prefill the subject and question ("ask the partner how", indicators)
    initial = {k: request.GET.get(k, "")[:2000] for k in ("subject", "question")}
    # … and whom to ask: the asking organisation and the counterpart department (pks; a choice
    # the user may not make is simply not preselected, and the form checks it again on sending)
    initial |= {
        k: v for k in ("organisation", "counterpart") if (v := request.GET.get(k, "")).isdigit()
    }
    form = RequestForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item = actions.send_request(
            request.user,
            data["organisation"],
            subject=data["subject"],
            question=data["question"],
            due_on=data["due_on"],
            counterpart=data["counterpart"],
            fields=data["fields"],
        )
        messages.success(request, _("The request was sent."))
        return redirect(item)
    return render(request, "exchange/request_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def request_answer(request: HttpRequest, pk: int, addressee_pk: int) -> HttpResponse:
    addressee = get_object_or_404(
        Addressee.objects.select_related("request__organisation", "locality", "organisation"),
        pk=addressee_pk,
        request_id=pk,
    )
    require(request.user, "exchange.answer", addressee, _("This request is not addressed to you."))
    item = addressee.request
    if item.status == ExperienceRequest.Status.CLOSED:
        raise PermissionDenied(_("This request is closed."))
    form = AnswerForm(
        request.POST or None, request.FILES or None, user=request.user, addressee=addressee
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.answer_request(
            addressee,
            request.user,
            data["organisation"],
            body=data["body"],
            practices=data["practices"],
            files=data["attachments"],
        )
        messages.success(request, _("Your answer was sent."))
        return redirect(item)
    return render(
        request,
        "exchange/answer_form.html",
        {"form": form, "item": item, "addressee": addressee},
    )


@login_required
@require_POST
def request_close(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(ExperienceRequest, pk=pk)
    require(request.user, "exchange.close_request", item, _("You may not close this request."))
    actions.close_request(item, request.user)
    messages.success(request, _("The request was closed."))
    return redirect(item)
