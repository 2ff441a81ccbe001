"""The fields of cooperation and the links from commitments to other apps' objects."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hoptac.core.models import CooperationField
from hoptac.core.queries import scope_for

from .. import actions
from ..forms import CooperationFieldForm
from ..models import Commitment


@login_required
@require_http_methods(["GET", "POST"])
def field_list(request: HttpRequest) -> HttpResponse:
    """The vocabulary of cooperation fields; coordinators extend it."""
    may_add = request.user.is_superuser or bool(
        scope_for(request.user).localities_with("coordinator")
    )
    form = CooperationFieldForm(request.POST or None)
    if request.method == "POST":
        if not may_add:
            raise PermissionDenied(_("Only a coordinator extends the fields."))
        if form.is_valid():
            actions.add_field(request.user, **form.cleaned_data)
            messages.success(request, _("The field was added."))
            return redirect("programmes:field_list")
    fields = CooperationField.objects.annotate(n=Count("commitments")).order_by("order", "code")
    return render(
        request,
        "programmes/field_list.html",
        {"fields": fields, "form": form, "may_add": may_add},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def link_commitment(request: HttpRequest) -> HttpResponse:
    """Link a practice, policy, activity, layer or project to a commitment it carries out."""
    commitment = get_object_or_404(
        Commitment.objects.select_related("agreement"), pk=_int(request.POST.get("commitment"))
    )
    try:
        actions.link_commitment(
            request.user,
            commitment,
            request.POST.get("target", ""),
            _int(request.POST.get("object_id")),
        )
    except LookupError:
        return render(request, "errors/400.html", status=400)
    except ObjectDoesNotExist as e:
        raise Http404 from e
    messages.success(request, _("The link to the commitment was saved."))
    nxt = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        nxt = reverse_lazy("programmes:agreement_detail", args=[commitment.agreement_id])
    return redirect(nxt)


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
