"""Meetings of the joint steering committee: the list, calling one, its page (agenda, minutes,
conclusions that become tasks)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from hoptac.core.models import Organisation
from hoptac.core.queries import scope_for

from .. import meetings
from ..forms import DATE
from ..models import SteeringMeeting
from .common import apply_validation_error, visible_agreement_for_tasks


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=gettext_lazy("Meeting date"), widget=DATE)
    place = forms.CharField(label=gettext_lazy("Venue"), max_length=200, required=False)


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=gettext_lazy("Minutes"), widget=forms.Textarea(attrs={"rows": 8}), max_length=50000
    )


class ConclusionForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Conclusion"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    commitment = forms.ModelChoiceField(
        label=gettext_lazy("Commitment (to make it a task)"), queryset=None, required=False
    )
    lead = forms.ModelChoiceField(
        label=gettext_lazy("Lead organisation"), queryset=None, required=False
    )
    due_date = forms.DateField(label=gettext_lazy("Due date"), required=False, widget=DATE)

    def __init__(self, *args, agreement, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commitment"].queryset = agreement.commitments.all()
        self.fields["commitment"].label_from_instance = lambda c: f"{c.order}. {c}"
        leads = Organisation.objects.valid_on().select_related("locality")
        if not user.is_superuser:
            leads = leads.filter(locality_id__in=scope_for(user).localities_with("coordinator"))
        self.fields["lead"].queryset = leads


@login_required
@require_http_methods(["GET", "POST"])
def meeting_list(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = visible_agreement_for_tasks(request, pk)
    may_call = request.user.has_perm("programmes.add_task_to_agreement", agreement)
    form = MeetingForm(request.POST or None)
    if request.method == "POST":
        if not may_call:
            raise PermissionDenied(_("Only a coordinator of a party calls the steering committee."))
        if form.is_valid():
            meeting = meetings.call_meeting(agreement, request.user, **form.cleaned_data)
            messages.success(request, _("The meeting was called; its agenda is drawn."))
            return redirect("programmes:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "programmes/meeting_list.html",
        {
            "agreement": agreement,
            "meetings": meetings.meetings_of(agreement),
            "agenda_rows": [
                (t, reason, t.due_date, t.progress)
                for t, reason in meetings.agenda_for(agreement, request.user)
            ],
            "form": form,
            "may_call": may_call,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        meeting = meetings.meeting_detail(pk)
    except SteeringMeeting.DoesNotExist:
        return render(request, "errors/404.html", status=404)
    agreement = visible_agreement_for_tasks(request, meeting.agreement_id)
    may_write = request.user.has_perm("programmes.add_task_to_agreement", agreement)
    minutes_form = MinutesForm(initial={"minutes": meeting.minutes})
    conclusion_form = ConclusionForm(agreement=agreement, user=request.user)
    status = 200
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied(_("Only a coordinator of a party records the meeting."))
        if "minutes" in request.POST:
            minutes_form = MinutesForm(request.POST)
            if minutes_form.is_valid():
                meetings.record_minutes(meeting, request.user, minutes_form.cleaned_data["minutes"])
                messages.success(request, _("The minutes were saved."))
                return redirect("programmes:meeting_detail", pk=meeting.pk)
        else:
            conclusion_form = ConclusionForm(request.POST, agreement=agreement, user=request.user)
            if conclusion_form.is_valid():
                data = conclusion_form.cleaned_data
                try:
                    c = meetings.add_conclusion(meeting, request.user, **data)
                except ValidationError as err:
                    apply_validation_error(conclusion_form, err)
                except PermissionDenied as err:
                    conclusion_form.add_error("lead", str(err))
                else:
                    messages.success(
                        request,
                        _("The conclusion was recorded and became a task.")
                        if c.task
                        else _("The conclusion was recorded."),
                    )
                    return redirect("programmes:meeting_detail", pk=meeting.pk)
        status = 400
    return render(
        request,
        "programmes/meeting_detail.html",
        {
            "agreement": agreement,
            "meeting": meeting,
            "items": [(i.task, i.reason, i.due_date, i.progress) for i in meeting.items.all()],
            "may_write": may_write,
            "minutes_form": minutes_form,
            "conclusion_form": conclusion_form,
        },
        status=status,
    )
