"""The task list: filters, sort, columns, pages, saved filters, export and bulk edit."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hoptac.core import dates, exports

from .. import actions, queries, tasklist
from .. import tasks as background_jobs
from ..models import SavedTaskFilter

# where the list is, not what it lists: dropped from filters, exports and sort links
PAGE_PARAMS = {"page", "after", "before", "last"}


def _query(request: HttpRequest, **changes) -> str:
    """The current query string with some parameters replaced (None removes one)."""
    params = {k: v for k, v in request.GET.items() if k not in PAGE_PARAMS | {"format"}}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return urlencode(params)


def _columns_for_template(request: HttpRequest, result: tasklist.TaskListing) -> list[dict]:
    out = []
    for column in result.columns:
        state = ""
        if column.sortable:
            key = column.key
            state = "asc" if result.sort == key else "desc" if result.sort == f"-{key}" else ""
            target = f"-{key}" if state == "asc" else key
            url = "?" + _query(request, sort=target)
        else:
            url = ""
        out.append({"key": column.key, "label": column.label, "url": url, "state": state})
    return out


def _page_links(request: HttpRequest, page) -> dict[str, str]:
    """The first, previous, next and last pages' query strings (the filters kept)."""
    links = {}
    if page.has_previous:
        links["first"] = _query(request)
        links["previous"] = _query(request, **page.previous)
    if page.has_next:
        links["next"] = _query(request, **page.next)
        links["last"] = _query(request, last="1")
    return links


@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    if "col" in request.GET:  # the column chooser: one canonical, shareable link
        return redirect(
            reverse("programmes:task_list")
            + "?"
            + _query(request, col=None, cols=",".join(request.GET.getlist("col")))
        )
    result = tasklist.listing(request.user, request.GET)
    fmt = request.GET.get("format")
    if fmt == "csv":
        response = HttpResponse(
            exports.csv_bytes(tasklist.csv_rows(result)), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="nhiem-vu-{dates.today():%Y%m%d}.csv"'
        )
        return response
    if fmt == "xlsx":
        from ..excel import export_tasks

        return export_tasks(result.tasks)
    page = result.page(request.GET)
    if page.refused:
        messages.warning(
            request,
            _(
                "This page link cannot be read (it was changed, or made for another sort of "
                "the list): here is the first page."
            ),
        )
    chosen = {c.key for c in result.columns}
    return render(
        request,
        "programmes/task_list.html",
        {
            "form": result.form,
            "page": page,
            "rows": tasklist.page_rows(page, result.columns),
            "columns": _columns_for_template(request, result),
            "column_choices": [
                (c.key, c.label, c.key in chosen) for c in tasklist.COLUMNS.values()
            ],
            "saved_filters": SavedTaskFilter.objects.filter(user=request.user),
            "presets": tasklist.PRESETS,
            "query": _query(request),
            "pages": _page_links(request, page),
            "hidden_query": [
                (k, v) for k, v in request.GET.items() if k in {"sort", "cols", "per_page"}
            ],
        },
    )


@login_required
@require_POST
def task_filter_save(request: HttpRequest) -> HttpResponse:
    query = request.POST.get("query", "")
    try:
        saved = actions.save_task_filter(request.user, request.POST.get("name", ""), query)
    except ValidationError as err:
        messages.error(request, " ".join(err.messages))
        return redirect(reverse("programmes:task_list") + "?" + query[:1000])
    messages.success(request, _("The filter “%(name)s” was saved.") % {"name": saved.name})
    return redirect(reverse("programmes:task_list") + "?" + saved.query)


@login_required
@require_POST
def task_filter_delete(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        actions.delete_task_filter(request.user, pk)
    except SavedTaskFilter.DoesNotExist:
        return render(request, "errors/404.html", status=404)
    messages.success(request, _("The saved filter was removed."))
    return redirect("programmes:task_list")


# Every task matching a filter changes in one transaction. Each task gets its history entry,
# watchers' notices and relation writes: about 50 ms a task on SQLite (300 tasks took 15.7 s on
# a loaded machine), so up to 200 change within the request; more go to the task worker
# (`tasks.bulk_edit_in_background`, the user is told the outcome), up to a transaction of a
# few minutes; past that the user is asked to narrow the filter.
BULK_ALL_LIMIT = 200
BULK_BACKGROUND_LIMIT = 5000
SAMPLE = 10


def _refused(tasks: list, user, perm: str) -> list:
    return [t for t in tasks if not user.has_perm(perm, t)]


def _refusal(refused: list, total: int) -> str:
    titles = "; ".join(f"“{t.title}”" for t in refused[:SAMPLE])
    more = len(refused) - SAMPLE
    return _(
        "You may not make this change to %(n)d of the %(total)d tasks (they belong to another "
        "organisation or city): %(titles)s%(more)s. Narrow the filter, e.g. to the tasks led by "
        "your organisation; nothing was changed."
    ) % {
        "n": len(refused),
        "total": total,
        "titles": titles,
        "more": (_(" and %(n)d more") % {"n": more}) if more > 0 else "",
    }


@login_required
@require_http_methods(["GET", "POST"])
def task_bulk_edit(request: HttpRequest) -> HttpResponse:
    """Change the ticked tasks of a page, or (`all=1`) every task the list's filter matches:
    then the user sees how many, confirms that number, and the change is refused whole if the
    filter matches another number by then or if any task is not theirs to change."""
    data = request.POST if request.method == "POST" else request.GET
    back = (data.get("back") or "")[:1000]
    everything = data.get("all") == "1"
    visible = queries.task_list(queries.tasks_visible_to(request.user)).prefetch_related("partners")
    if everything:
        matching = tasklist.listing(request.user, QueryDict(back)).filtered
        total = matching.count()
    form = tasklist.BulkEditForm(
        data if request.method == "POST" else None,
        user=request.user,
        tasks=visible,
        everything=everything,
        initial={"task": data.getlist("task"), **({"expected": total} if everything else {})},
    )
    background = everything and BULK_ALL_LIMIT < total <= BULK_BACKGROUND_LIMIT
    if everything:
        too_many = total > BULK_BACKGROUND_LIMIT
        chosen = [] if too_many else matching.prefetch_related("partners")
        chosen = list(chosen[:SAMPLE] if background else chosen)
    else:
        too_many, total = False, 0
        chosen = list(visible.filter(pk__in=[v for v in data.getlist("task") if v.isdigit()]))
    status = 200
    if request.method == "POST" and not too_many and form.is_valid():
        clean = dict(form.cleaned_data)
        tasks = chosen if everything else list(clean.pop("task"))
        clean.pop("task", None)
        expected = clean.pop("expected", None)
        clean.pop("confirm", None)
        refused = []
        if everything and not background:  # said briefly here: the action would name all
            if any(clean[k] for k in clean if k not in {"new_due", "reason"}):
                refused = _refused(tasks, request.user, "programmes.change_task")
            if not refused and clean.get("new_due"):
                refused = _refused(tasks, request.user, "programmes.request_extension")
        if everything and expected != total:
            form.add_error(
                None,
                _(
                    "The filter now matches %(now)d tasks, not %(then)d: look at them again and "
                    "confirm; nothing was changed."
                )
                % {"now": total, "then": expected},
            )
        elif background:  # the worker checks every task and changes all or none
            ids = list(matching.order_by("pk").values_list("pk", flat=True))
            changes = background_jobs.bulk_changes(clean)
            transaction.on_commit(
                lambda: background_jobs.bulk_edit_in_background.enqueue(
                    request.user.pk, ids, changes
                )
            )
            messages.info(
                request,
                _(
                    "The change of the %(n)d tasks runs in the background; you will be told "
                    "when it is done."
                )
                % {"n": total},
            )
            return redirect(reverse("programmes:task_list") + "?" + back)
        elif everything and refused:
            form.add_error(None, _refusal(refused, len(tasks)))
        else:
            try:
                count = actions.bulk_edit_tasks(tasks, request.user, **clean)
            except ValidationError as err:
                for msg in err.messages:
                    form.add_error(None, msg)
            except PermissionDenied as err:
                form.add_error(None, str(err))
            else:
                messages.success(request, _("%(n)d tasks were changed.") % {"n": count})
                return redirect(reverse("programmes:task_list") + "?" + back)
        status = 400
    elif request.method == "POST":
        status = 400
    if everything and request.method == "POST":
        form.data = form.data.copy()
        form.data["expected"] = str(total)  # what the user confirms next time
        form.data.pop("confirm", None)
    return render(
        request,
        "programmes/task_bulk_edit.html",
        {
            "form": form,
            "tasks": chosen[:SAMPLE] if everything else chosen,
            "everything": everything,
            "total": total,
            "more": max(total - SAMPLE, 0),
            "too_many": too_many,
            "limit": BULK_BACKGROUND_LIMIT,
            "background": background,
            "request_limit": BULK_ALL_LIMIT,
            "back": back,
            "may_change": bool(chosen)
            and all(request.user.has_perm("programmes.change_task", t) for t in chosen),
        },
        status=status,
    )
