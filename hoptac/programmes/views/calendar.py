"""Reminders and the calendar feed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..forms import ReminderPreferenceForm
from ..models import ReminderPreference


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
    from ..ical import feed_url

    return render(
        request,
        "programmes/reminder_settings.html",
        {"form": form, "feed_url": feed_url(request, request.user)},
    )


def ical_feed(request: HttpRequest, token: str) -> HttpResponse:
    from ..ical import calendar_for_token

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
