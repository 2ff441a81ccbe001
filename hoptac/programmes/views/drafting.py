"""Drafting commitments and tasks from the text of an agreement."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hoptac.core import dates
from hoptac.core.models import CooperationField, Organisation
from hoptac.core.queries import scope_for

from .. import actions, queries
from ..forms import DraftAcceptForm, DraftSourceForm, ProposalFormSet, check_due_dates
from ..models import Task


@login_required
@require_http_methods(["GET", "POST"])
def draft(request: HttpRequest, pk: int) -> HttpResponse:
    from ..drafting import draft as read_draft
    from ..drafting import parties_of

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
                    # Nothing to accept: the text stays in its form, to be corrected or replaced.
                    formset = accept_form = None
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
