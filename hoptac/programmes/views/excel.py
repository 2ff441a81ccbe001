"""Tasks in and out of Excel: the template and the import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods


@login_required
def task_template(request: HttpRequest) -> HttpResponse:
    from ..excel import template_response

    return template_response()


@login_required
@require_http_methods(["GET", "POST"])
def task_import(request: HttpRequest) -> HttpResponse:
    from ..excel import import_tasks

    errors: list[str] = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            errors = [_("Choose an .xlsx file made from the template.")]
        else:
            result = import_tasks(upload, request.user)
            if not result.errors:
                messages.success(
                    request, _("%(n)s tasks were imported.") % {"n": len(result.created)}
                )
                return redirect("programmes:task_list")
            errors = result.errors
    return render(
        request, "programmes/task_import.html", {"errors": errors}, status=400 if errors else 200
    )
