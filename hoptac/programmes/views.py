from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hoptac.core import dates, files
from hoptac.core.models import Organisation
from hoptac.core.queries import scope_for

from . import actions, queries
from .forms import (
    AgreementForm,
    CommentForm,
    DecisionForm,
    DependencyForm,
    ExtensionForm,
    ProgressForm,
    ReminderPreferenceForm,
    ReopenForm,
    ReviewReportForm,
    TaskFilterForm,
    TaskForm,
)
from .models import Agreement, Commitment, ExtensionRequest, ReminderPreference, Task


def _apply_validation_error(form, err: ValidationError) -> None:
    if hasattr(err, "error_dict"):
        for field, errors in err.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, err)


# --- Agreements -----------------------------------------------------------------------------
def agreement_list(request: HttpRequest) -> HttpResponse:
    agreements = queries.agreements_visible_to(request.user).prefetch_related("parties")
    return render(request, "programmes/agreement_list.html", {"agreements": agreements})


def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(queries.agreements_visible_to(request.user), pk=pk)
    commitments = queries.commitments_of(agreement, request.user)
    tasks = queries.tasks_visible_to(request.user).filter(commitment__agreement=agreement)
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


def _visible_agreement_for_tasks(request: HttpRequest, pk: int) -> Agreement:
    agreement = get_object_or_404(queries.agreements_visible_to(request.user), pk=pk)
    if not request.user.has_perm(
        "programmes.view_task", Task(commitment=Commitment(agreement=agreement))
    ):
        raise PermissionDenied(_("Only members of the parties see the tasks of this agreement."))
    return agreement


@login_required
def board(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _visible_agreement_for_tasks(request, pk)
    return render(
        request,
        "programmes/board.html",
        {"agreement": agreement, "board": queries.board_for(agreement, request.user)},
    )


@login_required
def timeline(request: HttpRequest, pk: int) -> HttpResponse:
    from .gantt import build_gantt

    agreement = _visible_agreement_for_tasks(request, pk)
    tasks = queries.task_list(
        queries.tasks_visible_to(request.user).filter(commitment__agreement=agreement)
    ).order_by("start_date", "pk")
    field_id = request.GET.get("field", "")
    if field_id.isdigit():
        tasks = tasks.filter(commitment__fields=field_id)
    return render(
        request,
        "programmes/timeline.html",
        {
            "agreement": agreement,
            "gantt": build_gantt(list(tasks[:300])),
            "field_id": field_id,
            "fields": agreement.commitments.values_list("fields__pk", "fields__name_vi").distinct(),
        },
    )


# --- Tasks ----------------------------------------------------------------------------------
def _filtered_tasks(request: HttpRequest):
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
        if data["field"]:
            qs = qs.filter(commitment__fields=data["field"])
        if data["locality"]:
            qs = qs.filter(lead__locality=data["locality"])
        if data["organisation"]:
            qs = qs.filter(
                Q(lead=data["organisation"]) | Q(partners=data["organisation"])
            ).distinct()
        if data["status"]:
            qs = queries.filter_status(qs, data["status"])
    return form, queries.task_list(qs).order_by("due_date", "pk")


@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    form, tasks = _filtered_tasks(request)
    if request.GET.get("format") == "xlsx":
        from .excel import export_tasks

        return export_tasks(tasks)
    page = Paginator(tasks, 50).get_page(request.GET.get("page"))
    return render(request, "programmes/task_list.html", {"form": form, "page": page})


@login_required
def my_work(request: HttpRequest) -> HttpResponse:
    tasks = queries.my_work(request.user)
    counts = queries.count_by_status(tasks)
    paginator = Paginator(tasks, 50)
    paginator.count = counts.total  # already counted, by status
    page = paginator.get_page(request.GET.get("page"))
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
            "pending": pending,
        },
    )


def _detail_context(request: HttpRequest, task: Task, **forms) -> dict:
    user = request.user
    return {
        "task": task,
        "progress_form": ProgressForm(),
        "extension_form": ExtensionForm(),
        "reopen_form": ReopenForm(),
        "decision_form": DecisionForm(),
        "comment_form": CommentForm(),
        "can_report": user.has_perm("programmes.report_progress", task),
        "can_decide": user.has_perm("programmes.decide_extension", task),
        "can_reopen": task.completed_on is not None
        and user.has_perm("programmes.reopen_task", task),
        "can_change": user.has_perm("programmes.change_task", task),
        "pending_extension": next(
            (e for e in task.extensions.all() if e.state == ExtensionRequest.State.PENDING), None
        ),
        "dependency_form": DependencyForm(task=task),
        **forms,
    }


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
    return render(request, "programmes/task_detail.html", _detail_context(request, task))


def _task_for_action(request: HttpRequest, pk: int) -> Task:
    task = get_object_or_404(
        Task.objects.select_related("lead__locality", "commitment__agreement"), pk=pk
    )
    if not request.user.has_perm("programmes.view_task", task):
        raise PermissionDenied(_("You may not act on this task."))
    return task


def _rerender(request: HttpRequest, task: Task, **forms) -> HttpResponse:
    """The task page again, with the bound form that has errors (nothing was saved)."""
    full = queries.task_detail(task.pk, request.user)
    return render(
        request, "programmes/task_detail.html", _detail_context(request, full, **forms), status=400
    )


@login_required
@require_POST
def task_report(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task_for_action(request, pk)
    if not request.user.has_perm("programmes.report_progress", task):
        raise PermissionDenied(_("Only the lead organisation reports progress on this task."))
    form = ProgressForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.report_progress(
                task,
                request.user,
                progress=form.cleaned_data["progress"],
                text=form.cleaned_data["text"],
                reported_on=form.cleaned_data["reported_on"],
                completed=form.cleaned_data["completed"],
                files=form.cleaned_data["files"],
            )
        except ValidationError as err:
            _apply_validation_error(form, err)
        else:
            messages.success(request, _("The progress report was saved."))
            return redirect("programmes:task_detail", pk=task.pk)
    return _rerender(request, task, progress_form=form)


@login_required
@require_POST
def task_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task_for_action(request, pk)
    if not request.user.has_perm("programmes.reopen_task", task):
        raise PermissionDenied(_("Only the coordinator of the lead's locality reopens a task."))
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            actions.reopen_task(
                task,
                request.user,
                progress=form.cleaned_data["progress"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as err:
            _apply_validation_error(form, err)
        else:
            messages.success(request, _("The task was reopened; progress can be reported again."))
            return redirect("programmes:task_detail", pk=task.pk)
    return _rerender(request, task, reopen_form=form)


@login_required
@require_POST
def task_extension(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task_for_action(request, pk)
    if not request.user.has_perm("programmes.request_extension", task):
        raise PermissionDenied(_("Only the lead organisation may ask for more time."))
    form = ExtensionForm(request.POST)
    if form.is_valid():
        try:
            actions.request_extension(
                task, request.user, form.cleaned_data["new_due"], form.cleaned_data["reason"]
            )
        except ValidationError as err:
            _apply_validation_error(form, err)
        else:
            messages.success(request, _("The extension request was sent to the coordinator."))
            return redirect("programmes:task_detail", pk=task.pk)
    return _rerender(request, task, extension_form=form)


@login_required
@require_POST
def extension_decide(request: HttpRequest, pk: int) -> HttpResponse:
    ext = get_object_or_404(ExtensionRequest.objects.select_related("task__lead__locality"), pk=pk)
    task = ext.task
    if not request.user.has_perm("programmes.decide_extension", task):
        raise PermissionDenied(_("Only the coordinator of the lead's locality decides extensions."))
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            actions.decide_extension(
                ext, request.user, form.cleaned_data["approve"], form.cleaned_data["note"]
            )
        except ValidationError as err:
            _apply_validation_error(form, err)
        else:
            messages.success(request, _("The decision was recorded."))
            return redirect("programmes:task_detail", pk=task.pk)
    return _rerender(request, task, decision_form=form)


@login_required
@require_POST
def task_comment(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task_for_action(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            actions.add_comment(task, request.user, form.cleaned_data["text"])
        except ValidationError as err:
            _apply_validation_error(form, err)
        else:
            return redirect("programmes:task_detail", pk=task.pk)
    return _rerender(request, task, comment_form=form)


def _lead_and_partner_choices(request: HttpRequest, agreement: Agreement):
    """Leads: current bodies of the localities the user coordinates; partners: of every party."""
    current = Organisation.objects.valid_on().select_related("locality")
    leads = current
    if not request.user.is_superuser:
        leads = current.filter(
            locality_id__in=scope_for(request.user).localities_with("coordinator")
        )
    return leads, current.filter(locality__in=agreement.parties.all())


@login_required
@require_http_methods(["GET", "POST"])
def task_create(request: HttpRequest, commitment_pk: int) -> HttpResponse:
    commitment = get_object_or_404(Commitment.objects.select_related("agreement"), pk=commitment_pk)
    agreement = commitment.agreement
    if not request.user.has_perm("programmes.add_task_to_agreement", agreement):
        raise PermissionDenied(_("Only a coordinator of a party adds tasks."))
    leads, partners = _lead_and_partner_choices(request, agreement)
    form = TaskForm(request.POST or None, leads=leads, partners=partners)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            task = actions.create_task(
                commitment,
                request.user,
                title=data["title"],
                lead=data["lead"],
                start_date=data["start_date"],
                due_date=data["due_date"],
                partners=data["partners"],
                description=data["description"],
                reporting=data["reporting"],
            )
        except ValidationError as err:
            _apply_validation_error(form, err)
        else:
            messages.success(request, _("The task was created."))
            return redirect("programmes:task_detail", pk=task.pk)
    return render(request, "programmes/task_form.html", {"form": form, "commitment": commitment})


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task_for_action(request, pk)
    if not request.user.has_perm("programmes.change_task", task):
        raise PermissionDenied(_("Only the coordinator of the lead's locality edits this task."))
    leads, partners = _lead_and_partner_choices(request, task.commitment.agreement)
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


# --- Dashboards -----------------------------------------------------------------------------
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    form, tasks = _filtered_tasks(request)
    by_locality = queries.counts_by(tasks, "lead__locality__name_vi")
    # every task has one lead locality: the totals are the sum of its rows (one query fewer)
    counts = queries.StatusCounts(
        *(sum(getattr(row["counts"], s) for row in by_locality) for s in queries.STATES)
    )
    overdue = queries.task_list(queries.filter_status(tasks, "overdue")).order_by("due_date")[:20]
    trend = queries.monthly_trend(tasks, months=36)
    by_field = queries.counts_by(tasks, "commitment__fields__name_vi")
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


# --- Reminders and calendar -----------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def reminder_settings(request: HttpRequest) -> HttpResponse:
    # Read without writing: the row is created only when the user saves their settings.
    pref = ReminderPreference.objects.filter(user=request.user).first() or ReminderPreference(
        user=request.user
    )
    form = ReminderPreferenceForm(
        request.POST or None,
        initial={"days_before": pref.days_before, "by_email": pref.by_email, "in_app": pref.in_app},
    )
    if request.method == "POST" and form.is_valid():
        pref.days_before = ",".join(
            str(d)
            for d in sorted(
                {int(x) for x in form.cleaned_data["days_before"].split(",")}, reverse=True
            )
        )
        pref.by_email = form.cleaned_data["by_email"]
        pref.in_app = form.cleaned_data["in_app"]
        pref.save()
        messages.success(request, _("Your reminder settings were saved."))
        return redirect("programmes:reminder_settings")
    from .ical import feed_url

    return render(
        request,
        "programmes/reminder_settings.html",
        {"form": form, "feed_url": feed_url(request, request.user)},
    )


def ical_feed(request: HttpRequest, token: str) -> HttpResponse:
    from .ical import calendar_for_token

    body = calendar_for_token(token)
    if body is None:
        return HttpResponse(
            _("This calendar link is not valid."),
            status=404,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="hoptac.ics"'
    return response


# --- Excel ----------------------------------------------------------------------------------
@login_required
def task_template(request: HttpRequest) -> HttpResponse:
    from .excel import template_response

    return template_response()


@login_required
@require_http_methods(["GET", "POST"])
def task_import(request: HttpRequest) -> HttpResponse:
    from .excel import import_tasks

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


# --- The review report ----------------------------------------------------------------------
DEFAULT_RECIPIENTS = [
    "Thường trực Thành ủy;",
    "Thường trực HĐND thành phố;",
    "Chủ tịch, các PCT UBND thành phố;",
    "Các sở, ngành liên quan;",
]


@login_required
@require_http_methods(["GET", "POST"])
def review_report(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _visible_agreement_for_tasks(request, pk)
    scope = scope_for(request.user)
    issuers = Organisation.objects.valid_on().select_related("locality")
    if not request.user.is_superuser:
        issuers = issuers.filter(locality_id__in=scope.localities)
    today = dates.today()
    initial = {
        "period_start": agreement.signed_on,
        "period_end": today,
        "place": agreement.issuer.locality.name_vi.replace("Thành phố ", "").replace("Tỉnh ", ""),
        "recipients": "\n".join(DEFAULT_RECIPIENTS),
    }
    form = ReviewReportForm(request.POST or None, issuers=issuers, initial=initial)
    if request.method == "POST" and form.is_valid():
        from .reports.content import build_review
        from .reports.docx_builder import build_docx
        from .reports.pdf_builder import build_pdf

        data = form.cleaned_data
        review = build_review(
            agreement,
            period_start=data["period_start"],
            period_end=data["period_end"],
            issuer=data["issuer"],
            number=data["number"],
            signer_name=data["signer_name"],
            signer_title=data["signer_title"],
            place=data["place"],
            recipients=[r.strip(" ;-") for r in data["recipients"].splitlines() if r.strip(" ;-")],
            user=request.user,
        )
        stem = f"bao-cao-{agreement.reference.replace('/', '-')}-{data['period_end']:%Y%m%d}"
        if data["file_format"] == "pdf":
            response = HttpResponse(build_pdf(review), content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="{stem}.pdf"'
        else:
            response = HttpResponse(
                build_docx(review),
                content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            )
            response["Content-Disposition"] = f'attachment; filename="{stem}.docx"'
        return response
    return render(request, "programmes/review_form.html", {"form": form, "agreement": agreement})


# --- Drafting commitments from the text -----------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def draft(request: HttpRequest, pk: int) -> HttpResponse:
    from hoptac.core.models import CooperationField

    from .drafting import draft as read_draft
    from .drafting import parties_of
    from .forms import DraftAcceptForm, DraftSourceForm, ProposalFormSet, check_due_dates

    agreement = get_object_or_404(queries.agreements_visible_to(request.user), pk=pk)
    if not request.user.has_perm("programmes.add_task_to_agreement", agreement):
        raise PermissionDenied(_("Only a coordinator of a party drafts commitments."))
    parties = parties_of(agreement)
    organisations = (
        Organisation.objects.valid_on().filter(locality__in=parties).select_related("locality")
    )
    form_kwargs = {"organisations": organisations, "fields_qs": CooperationField.objects.all()}
    source = DraftSourceForm(initial={"text": agreement.source_text})
    formset, accept_form, status = None, None, 200
    proposals, framing = [], []
    today = dates.today()
    if request.method == "POST" and request.POST.get("step") == "propose":
        source = DraftSourceForm(request.POST, request.FILES)
        if source.is_valid():
            try:
                drafted = read_draft(source.cleaned_data["text"], parties=parties, today=today)
            except ValidationError as err:
                source.add_error("text", err)
                status = 400
            else:
                proposals, framing = drafted.proposals, drafted.framing
                reporting = set(Task.Recurrence.values)
                initial = [
                    {
                        # Without a field it cannot be accepted as it stands: left for review.
                        "accept": bool(p.fields),
                        "text": p.text,
                        "paragraph": p.paragraph,
                        "fields": p.fields,
                        "lead": p.lead,
                        "partners": p.partners,
                        "due_date": p.due if p.due and p.due >= today else None,
                        "reporting": p.recurrence if p.recurrence in reporting else "",
                    }
                    for p in proposals
                ]
                formset = ProposalFormSet(initial=initial, form_kwargs=form_kwargs)
                accept_form = DraftAcceptForm(
                    initial={
                        "start_date": today,
                        "due_date": agreement.period_end or today.replace(month=12, day=31),
                    }
                )
                if not proposals:
                    messages.warning(request, _("No commitment was found in this text."))
        else:
            status = 400
    elif request.method == "POST" and request.POST.get("step") == "accept":
        formset = ProposalFormSet(request.POST, form_kwargs=form_kwargs)
        accept_form = DraftAcceptForm(request.POST)
        if (
            formset.is_valid()
            and accept_form.is_valid()
            and check_due_dates(formset, accept_form.cleaned_data["start_date"])
        ):
            chosen = [f.cleaned_data for f in formset if f.cleaned_data.get("accept")]
            if not chosen:
                messages.warning(request, _("No proposal was accepted; nothing was created."))
            else:
                commitments, tasks = actions.accept_proposals(
                    agreement,
                    request.user,
                    chosen,
                    start_date=accept_form.cleaned_data["start_date"],
                    due_date=accept_form.cleaned_data["due_date"],
                )
                messages.success(
                    request,
                    _("%(c)s commitments and %(t)s tasks were created.")
                    % {"c": len(commitments), "t": len(tasks)},
                )
                return redirect("programmes:agreement_detail", pk=agreement.pk)
        status = 400
    return render(
        request,
        "programmes/draft.html",
        {
            "agreement": agreement,
            "source": source,
            "formset": formset,
            "accept_form": accept_form,
            # The reasons of each proposal, next to its form (the same order).
            "rows": _draft_rows(formset, proposals),
            "framing": framing,
            "may_add_field": request.user.is_superuser
            or bool(scope_for(request.user).localities_with("coordinator")),
        },
        status=status,
    )


def _draft_rows(formset, proposals) -> list[tuple]:
    """(form, proposal, [(field name, words behind it)]) for the review form; after a failed
    accept the proposals are not read again and the forms stand alone."""
    from hoptac.core.models import CooperationField

    if not formset:
        return []
    if not proposals:
        return [(form, None, []) for form in formset]
    names = dict(CooperationField.objects.values_list("code", "name_vi"))
    rhythms = {
        **dict(Task.Recurrence.choices),
        "half-yearly": _("every six months"),
        "biennial": _("every two years"),
        "triennial": _("every three years"),
    }
    for p in proposals:
        p.recurrence_label = rhythms.get(p.recurrence, p.recurrence)
    return [
        (form, p, [(names.get(code, code), p.field_words.get(code, [])) for code in p.fields])
        for form, p in zip(formset, proposals, strict=True)
    ]


@login_required
@require_POST
def task_dependency(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task_for_action(request, pk)
    if not request.user.has_perm("programmes.change_task", task):
        raise PermissionDenied(_("Only the coordinator of the lead's locality edits this task."))
    form = DependencyForm(request.POST, task=task)
    if form.is_valid():
        try:
            actions.add_dependency(
                form.cleaned_data["predecessor"], task, request.user, form.cleaned_data["lag_days"]
            )
        except ValidationError as err:
            _apply_validation_error(form, err)
        else:
            messages.success(request, _("The dependency was saved."))
            return redirect("programmes:task_detail", pk=task.pk)
    return _rerender(request, task, dependency_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def field_list(request: HttpRequest) -> HttpResponse:
    """The vocabulary of cooperation fields; coordinators extend it."""
    from hoptac.core.models import CooperationField

    from .forms import CooperationFieldForm

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
    from django.db.models import Count

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
    from django.core.exceptions import ObjectDoesNotExist
    from django.http import Http404
    from django.utils.http import url_has_allowed_host_and_scheme

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


# --- Stored files --------------------------------------------------------------------------
def evidence_file(request: HttpRequest, pk: int) -> HttpResponse:
    """An evidence file, for whoever may see its task."""
    evidence = get_object_or_404(queries.evidence_visible_to(request.user), pk=pk)
    return files.serve(evidence.file, name=evidence.name)


def agreement_source(request: HttpRequest, pk: int) -> HttpResponse:
    """The uploaded source document of an agreement, for whoever may see the agreement."""
    agreement = get_object_or_404(queries.agreements_visible_to(request.user), pk=pk)
    if not agreement.source_file:
        return render(request, "errors/404.html", status=404)
    extension = agreement.source_file.name.rpartition(".")[2]
    name = files.safe_name(f"{agreement.reference.replace('/', '-')}.{extension}")
    return files.serve(agreement.source_file, name=name)
