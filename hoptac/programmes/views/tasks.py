"""Tasks: the lists, my work, the task page, creating and editing a task."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hoptac.core.queries import scope_for

from .. import actions, queries, watching
from ..forms import TaskFilterForm, TaskForm
from ..models import Commitment, ExtensionRequest, Task
from .common import apply_validation_error, task_for_action
from .progress import task_page_context


def filtered_tasks(request: HttpRequest):
    form = TaskFilterForm(
        request.GET or None, agreements=queries.agreements_visible_to(request.user)
    )
    qs = queries.tasks_visible_to(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            qs = qs.filter(title__icontains=data["q"])
        if data["agreement"]:
            qs = qs.filter(commitment__agreement=data["agreement"])
        # EXISTS rather than joins: a task stays one row, so the dashboard's grouped counts
        # count it once (a join with DISTINCT would not dedupe grouped rows)
        if data["field"]:
            qs = qs.filter(
                Exists(
                    Commitment.fields.through.objects.filter(
                        commitment_id=OuterRef("commitment_id"),
                        cooperationfield_id=data["field"].pk,
                    )
                )
            )
        if data["locality"]:
            qs = qs.filter(lead__locality=data["locality"])
        if data["organisation"]:
            org = data["organisation"].pk
            qs = qs.filter(
                Q(lead_id=org)
                | Exists(
                    Task.partners.through.objects.filter(
                        task_id=OuterRef("pk"), organisation_id=org
                    )
                )
            )
        if data["status"]:
            qs = queries.filter_status(qs, data["status"])
    return form, queries.task_list(qs).order_by("due_date", "pk")


@login_required
def my_work(request: HttpRequest) -> HttpResponse:
    groups = queries.my_work_groups(request.user)
    counts = queries.count_by_status(queries.my_work(request.user))
    led_count = groups.led.count()
    # the page's ids first, then its 50 rows (see queries.tasks_in_order): the led tasks, then
    # the others, as one list that a page may cut anywhere
    ids = queries.JoinedIds(groups.led, led_count, groups.supported, counts.total)
    paginator = Paginator(ids, 50)
    paginator.count = counts.total  # already counted, by status
    page = paginator.get_page(request.GET.get("page"))
    ids_shown = list(page.object_list)
    first = page.start_index() - 1 if counts.total else 0
    led_ids = set(ids_shown[: max(0, led_count - first)])
    page.object_list = queries.tasks_in_order(ids_shown)
    pending = ExtensionRequest.objects.filter(
        state=ExtensionRequest.State.PENDING,
        task__lead__locality_id__in=scope_for(request.user).localities_with("coordinator"),
    ).select_related("task", "requested_by")
    return render(
        request,
        "programmes/my_work.html",
        {
            "page": page,
            "counts": counts,
            "led": [t for t in page.object_list if t.pk in led_ids],
            "supported": [t for t in page.object_list if t.pk not in led_ids],
            "led_count": led_count,
            "supported_count": counts.total - led_count,
            "pending": pending,
        },
    )


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        task = queries.task_detail(pk, request.user)
    except Task.DoesNotExist:
        if Task.objects.filter(pk=pk).exists():
            raise PermissionDenied(
                _("This task belongs to an agreement your locality is not party to.")
            ) from None
        return render(request, "errors/404.html", status=404)
    since = watching.record_visit(request.user, task)
    context = task_page_context(request, task)
    context["following"] = watching.is_following(request.user, task)
    context["last_visit"] = since
    context["changes_since"] = watching.changes_since(task, since, request.user) if since else []
    return render(request, "programmes/task_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def task_create(request: HttpRequest, commitment_pk: int) -> HttpResponse:
    commitment = get_object_or_404(Commitment.objects.select_related("agreement"), pk=commitment_pk)
    agreement = commitment.agreement
    if not request.user.has_perm("programmes.add_task_to_agreement", agreement):
        raise PermissionDenied(_("Only a coordinator of a party adds tasks."))
    leads, partners = queries.task_form_choices(request.user, agreement)
    form = TaskForm(request.POST or None, leads=leads, partners=partners)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            task = actions.create_task(
                commitment,
                request.user,
                title=data["title"],
                short_title=data["short_title"],
                lead=data["lead"],
                start_date=data["start_date"],
                due_date=data["due_date"],
                partners=data["partners"],
                description=data["description"],
                reporting=data["reporting"],
            )
        except ValidationError as err:
            apply_validation_error(form, err)
        else:
            messages.success(request, _("The task was created."))
            return redirect("programmes:task_detail", pk=task.pk)
    return render(request, "programmes/task_form.html", {"form": form, "commitment": commitment})


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for_action(request, pk)
    if not request.user.has_perm("programmes.change_task", task):
        raise PermissionDenied(_("Only the coordinator of the lead's locality edits this task."))
    leads, partners = queries.task_form_choices(request.user, task.commitment.agreement)
    form = TaskForm(request.POST or None, instance=task, leads=leads, partners=partners)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved._history_user = request.user
        saved.save()
        form.save_m2m()
        messages.success(request, _("The task was saved."))
        return redirect("programmes:task_detail", pk=task.pk)
    return render(
        request,
        "programmes/task_form.html",
        {"form": form, "commitment": task.commitment, "task": task},
    )
