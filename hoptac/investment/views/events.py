"""B2B meeting days: the public event page and registration, the participant's own page (a
personal signed link, no account needed), the agenda as PDF and iCal."""

from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import actions, queries
from ..forms import MeetingRequestForm, RegistrationForm
from ..models import MeetingRequest, Participant
from ..reports import agenda
from .portal import _context, portal

SALT = "investment.participant"


def participant_token(participant: Participant) -> str:
    return signing.dumps(participant.pk, salt=SALT)


def participant_url(participant: Participant) -> str:
    return reverse("investment:participant", args=[participant_token(participant)])


def _participant(token: str) -> Participant:
    if "\x00" in token:
        raise Http404
    try:
        pk = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        raise Http404 from None
    return get_object_or_404(Participant.objects.select_related("event", "enterprise"), pk=pk)


@portal
def event_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "investment/portal/event_list.html",
        _context(request, events=queries.public_events()),
    )


@portal
@require_http_methods(["GET", "POST"])
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(queries.public_events(), pk=pk)
    form = RegistrationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                participant = actions.register_participant(
                    event,
                    form.cleaned_data["enterprise"],
                    form.cleaned_data["contact_name"],
                    form.cleaned_data["contact_email"],
                    company_name=form.cleaned_data["company_name"],
                    country=form.cleaned_data["country"],
                )
            except ValidationError as e:
                form.add_error(None, e)
                status = 400
            else:
                messages.success(
                    request,
                    _("You are registered. Keep this page's address: it is your personal link."),
                )
                return redirect(participant_url(participant))
        else:
            status = 400
    return render(
        request,
        "investment/portal/event_detail.html",
        _context(
            request,
            event=event,
            form=form,
            sessions=event.sessions.prefetch_related("slots"),
            can_manage=request.user.has_perm("investment.manage_event", event),
        ),
        status=status,
    )


@require_http_methods(["GET", "POST"])
def participant(request: HttpRequest, token: str) -> HttpResponse:
    me = _participant(token)
    form = MeetingRequestForm(request.POST or None, participant=me)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.request_meeting(
                    me, form.cleaned_data["target"], form.cleaned_data["message"]
                )
            except ValidationError as e:
                form.add_error(None, e)
                status = 400
            else:
                messages.success(request, _("Your request was sent."))
                return redirect(participant_url(me))
        else:
            status = 400
    return render(
        request,
        "investment/participant.html",
        {
            "me": me,
            "token": token,
            "form": form,
            "received": me.received.select_related("requester__enterprise"),
            "sent": me.sent.select_related("target__enterprise"),
            "agenda": queries.agenda_of(me),
        },
        status=status,
    )


@require_POST
def participant_decide(request: HttpRequest, token: str, request_id: int) -> HttpResponse:
    me = _participant(token)
    req = get_object_or_404(MeetingRequest, pk=request_id, target=me)
    try:
        actions.decide_request(req, request.POST.get("decision") == "accept", me)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    return redirect(participant_url(me))


def agenda_pdf(request: HttpRequest, token: str) -> HttpResponse:
    me = _participant(token)
    data = agenda.pdf(me, list(queries.agenda_of(me)))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="agenda-{me.pk}.pdf"'
    return response


def agenda_ics(request: HttpRequest, token: str) -> HttpResponse:
    me = _participant(token)
    data = agenda.ical(me, list(queries.agenda_of(me)))
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="agenda-{me.pk}.ics"'
    return response
