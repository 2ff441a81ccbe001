"""B2B meeting days: the public event page and registration, the participant's own page (a
personal signed link, no account needed), the agenda as PDF and iCal."""

from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import actions, matching, personal_data, privacy, queries
from ..forms import ErasureForm, MeetingRequestForm, ParticipantProfileForm, RegistrationForm
from ..models import MeetingRequest, Participant
from ..reports import agenda
from .portal import _context, portal

SALT = "investment.participant"


def participant_token(participant: Participant) -> str:
    return signing.dumps(participant.pk, salt=SALT)


def participant_url(participant: Participant, lang: str | None = None) -> str:
    """The participant's personal page, in `lang` (default: the current language)."""
    lang = lang or get_language()
    name = "investment:participant_en" if lang == "en" else "investment:participant"
    return reverse(name, args=[participant_token(participant)])


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
    form = RegistrationForm(request.POST or None, initial={"language": request.portal["lang"]})
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
                    offers=form.cleaned_data["offers"].strip(),
                    needs=form.cleaned_data["needs"].strip(),
                    vsic_division=form.cleaned_data["vsic_division"],
                    language=form.cleaned_data["language"] or request.portal["lang"],
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
            notice=privacy.NOTICES["participant"],
            rights=privacy.RIGHTS,
            can_manage=request.user.has_perm("investment.manage_event", event),
        ),
        status=status,
    )


@portal
@require_http_methods(["GET", "POST"])
def participant(request: HttpRequest, token: str) -> HttpResponse:
    """The participant's own page: profile, suggested partners, requests, agenda, their data."""
    me = _participant(token)
    action = request.POST.get("action", "request") if request.method == "POST" else ""
    form = MeetingRequestForm(request.POST if action == "request" else None, participant=me)
    initial = {
        "offers": me.offers,
        "needs": me.needs,
        "vsic_division": me.vsic_division,
        "language": me.language,
    }
    profile = ParticipantProfileForm(
        request.POST if action == "profile" else None, initial=initial, prefix="profile"
    )
    status = 200
    if action == "request":
        if form.is_valid():
            try:
                actions.request_meeting(
                    me,
                    form.cleaned_data["target"],
                    form.cleaned_data["message"],
                    online_url=form.cleaned_data["online_url"],
                )
            except ValidationError as e:
                form.add_error(None, e)
                status = 400
            else:
                messages.success(request, _("Your request was sent."))
                return redirect(participant_url(me))
        else:
            status = 400
    elif action == "profile":
        if profile.is_valid():
            data = profile.cleaned_data
            actions.update_profile(
                me,
                data["offers"].strip(),
                data["needs"].strip(),
                data["vsic_division"],
                language=data["language"],
            )
            messages.success(request, _("Your profile was saved."))
            return redirect(participant_url(me))
        status = 400
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "investment/participant.html",
        {
            "me": me,
            "token": token,
            "portal": request.portal,
            "form": form,
            "profile": profile,
            "erase": ErasureForm(),
            "suggestions": matching.suggest_partners(me),
            "received": me.received.select_related("requester__enterprise"),
            "sent": me.sent.select_related("target__enterprise"),
            "agenda": queries.agenda_of(me),
            "notice": privacy.NOTICES["participant"],
            "rights": privacy.RIGHTS,
        },
        status=status,
    )


def participant_data(request: HttpRequest, token: str) -> HttpResponse:
    """A copy of the participant's personal data (Decree 13/2023/NĐ-CP, Article 14)."""
    me = _participant(token)
    return personal_data.as_download(personal_data.participant_data(me), f"b2b-{me.pk}.json")


@require_POST
def participant_erase(request: HttpRequest, token: str) -> HttpResponse:
    """Erase the contact person's data (Decree 13/2023/NĐ-CP, Article 16), once confirmed."""
    me = _participant(token)
    form = ErasureForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["confirm"]))
    elif me.erased_at is None:
        personal_data.erase_participant(me)
        messages.success(request, _("Your personal data were erased."))
    return redirect(participant_url(me, _lang(request)))


def _lang(request: HttpRequest) -> str:
    """The language of the page the form was sent from."""
    return "en" if request.POST.get("lang") == "en" else "vi"


@require_POST
def participant_decide(request: HttpRequest, token: str, request_id: int) -> HttpResponse:
    me = _participant(token)
    req = get_object_or_404(MeetingRequest, pk=request_id, target=me)
    try:
        actions.decide_request(req, request.POST.get("decision") == "accept", me)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    return redirect(participant_url(me, _lang(request)))


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
