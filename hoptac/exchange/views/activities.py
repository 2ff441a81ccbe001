"""Activities: the list, the page, editing, registration, guests, the calendar and its iCal."""

from __future__ import annotations

import calendar
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hoptac.core import dates
from hoptac.core.audit import changes_for

from .. import actions, queries
from ..forms import ActivityForm, GuestForm
from ..ical import calendar_for
from ..models import Activity
from .common import common_filters, item_form_views, list_context, require


def activity_list(request: HttpRequest) -> HttpResponse:
    qs, filters = common_filters(
        request,
        queries.activities_visible_to(request.user),
        "title_vi",
        "title_en",
        "place",
    )
    kind = request.GET.get("kind", "")
    if kind in Activity.Kind.values:
        qs = qs.filter(kind=kind)
        filters["kind"] = kind
    when = request.GET.get("when", "")
    if when == "upcoming":
        qs = qs.filter(ends_at__gte=timezone.now()).order_by("starts_at")
    elif when == "past":
        qs = qs.filter(ends_at__lt=timezone.now())
    filters["when"] = when
    return render(
        request,
        "exchange/activity_list.html",
        list_context(request, qs, filters, kinds=Activity.Kind.choices),
    )


def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(queries.activity_detail(request.user, pk))
    user = request.user
    can_change = user.has_perm("exchange.change_item", activity)
    registered = user.is_authenticated and any(
        p.user_id == user.pk for p in activity.participants.all()
    )
    return render(
        request,
        "exchange/activity_detail.html",
        {
            "activity": activity,
            "can_change": can_change,
            "can_register": not registered and user.has_perm("exchange.register", activity),
            "registered": registered,
            "guest_form": GuestForm() if can_change else None,
            "audit": changes_for(activity, limit=10) if can_change else None,
        },
    )


activity_create, activity_edit = item_form_views(
    Activity,
    ActivityForm,
    actions.save_activity,
    lambda data: {"files": data["attachments"]},
    name="activity",
    saved=gettext_lazy("The activity was saved."),
    may_not_change=gettext_lazy("You may not change this activity."),
)


@login_required
@require_POST
def activity_register(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(queries.activities_visible_to(request.user), pk=pk)
    require(
        request.user, "exchange.register", activity, _("Registration for this activity is closed.")
    )
    actions.register_for_activity(activity, request.user)
    messages.success(request, _("You are registered."))
    return redirect(activity)


@login_required
@require_POST
def activity_guest(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(Activity, pk=pk)
    require(request.user, "exchange.change_item", activity, _("You may not change this activity."))
    form = GuestForm(request.POST)
    if form.is_valid():
        actions.add_participant(activity, request.user, **form.cleaned_data)
        messages.success(request, _("The guest was added."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect(activity)


def _month(request: HttpRequest) -> dt.date:
    today = dates.today()
    raw = request.GET.get("thang", "")
    try:
        year, month = (int(x) for x in raw.split("-"))
        return dt.date(year, month, 1)
    except (ValueError, TypeError):
        return today.replace(day=1)


def activity_calendar(request: HttpRequest) -> HttpResponse:
    first = _month(request)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(weeks[0][0], dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(weeks[-1][-1] + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    activities = list(queries.activities_between(request.user, start, end).order_by("starts_at"))
    days = []
    for week in weeks:
        row = []
        for day in week:
            on_day = [
                a
                for a in activities
                if timezone.localtime(a.starts_at).date()
                <= day
                <= timezone.localtime(a.ends_at).date()
            ]
            row.append((day, on_day))
        days.append(row)
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "exchange/calendar.html",
        {
            "month": first,
            "weeks": days,
            "previous": previous,
            "following": following,
            "today": dates.today(),
            "activities": activities,
        },
    )


def calendar_ics(request: HttpRequest) -> HttpResponse:
    since = timezone.now() - dt.timedelta(days=365)
    activities = queries.activities_visible_to(request.user).filter(ends_at__gte=since)
    return _ics(request, activities, "hoptac-hoat-dong.ics")


def activity_ics(request: HttpRequest, pk: int) -> HttpResponse:
    activities = queries.activities_visible_to(request.user).filter(pk=pk)
    if not activities:
        from django.http import Http404

        raise Http404
    return _ics(request, activities, f"hoptac-hoat-dong-{pk}.ics")


def _ics(request: HttpRequest, activities, filename: str) -> HttpResponse:
    body = calendar_for(activities, request.build_absolute_uri("/")[:-1])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
