"""The dashboard of tasks by status, locality, field and month."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .. import queries
from .tasks import filtered_tasks


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    form, tasks = filtered_tasks(request)
    filters = form.cleaned_data if form.is_valid() else {}
    tables = queries.dashboard_tables(request.user, filters, tasks)
    counts, by_locality, by_field = tables.totals, tables.by_locality, tables.by_field
    overdue = queries.task_list(queries.filter_status(tasks, "overdue")).order_by("due_date")[:20]
    trend = queries.dashboard_trend(request.user, filters, tasks, months=36)
    chart_data = {
        "status": [{"key": v, "label": str(label), "n": n} for v, label, n in counts.as_list()],
        "trend": {
            "months": [m["month"].strftime("%m/%Y") for m in trend],
            "series": [
                {"key": "due", "label": _("falling due"), "values": [m["due"] for m in trend]},
                {
                    "key": "on_time",
                    "label": _("done on time"),
                    "values": [m["on_time"] for m in trend],
                },
                {"key": "late", "label": _("done late"), "values": [m["late"] for m in trend]},
            ],
        },
    }
    return render(
        request,
        "programmes/dashboard.html",
        {
            "form": form,
            "counts": counts,
            "overdue": overdue,
            "trend": trend,
            "by_locality": by_locality,
            "by_field": by_field,
            "chart_data": chart_data,
        },
    )
