"""Follow and stop following a task, a commitment or an agreement."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import watching
from ..models import Commitment
from .common import task_for_action, visible_agreement_for_tasks


@login_required
@require_POST
def follow(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Follow (or, with stop=1, stop following) what the user may read the tasks of."""
    if kind == "task":
        obj = task_for_action(request, pk)
        home = reverse("programmes:task_detail", args=[pk])
    elif kind == "commitment":
        obj = get_object_or_404(Commitment.objects.select_related("agreement"), pk=pk)
        visible_agreement_for_tasks(request, obj.agreement_id)
        home = reverse("programmes:agreement_detail", args=[obj.agreement_id]) + f"#cam-ket-{pk}"
    elif kind == "agreement":
        obj = visible_agreement_for_tasks(request, pk)
        home = reverse("programmes:agreement_detail", args=[pk])
    else:
        raise Http404
    if request.POST.get("stop") == "1":
        watching.unfollow(request.user, obj)
        messages.success(request, _("You no longer follow this."))
    else:
        watching.follow(request.user, obj)
        messages.success(
            request,
            _(
                "You follow this now: its changes reach you here and by e-mail, "
                "and a digest each week."
            ),
        )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = home
    return redirect(target or home)
