"""Pages of the exchange: thin — parse, check permission, call queries/actions, render."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hoptac.core import dates, files
from hoptac.core.audit import changes_for
from hoptac.core.models import CooperationField, Locality
from hoptac.core.queries import scope_for

from . import actions, queries
from .calendar_export import calendar_for
from .forms import (
    ActivityForm,
    AdoptionForm,
    AnswerForm,
    GuestForm,
    OutcomeForm,
    OwnedItemForm,
    PolicyForm,
    PracticeForm,
    RequestForm,
)
from .models import Activity, Addressee, Adoption, ExperienceRequest, Policy, Practice

PAGE_SIZE = 20


def _param(request: HttpRequest, name: str, limit: int = 100) -> str:
    """A query-string value, trimmed and without NUL (PostgreSQL refuses it in text)."""
    return request.GET.get(name, "").replace("\x00", "").strip()[:limit]


def _text(request: HttpRequest) -> str:
    return _param(request, "q")


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        return None


def _common_filters(request: HttpRequest, qs: QuerySet, *text_fields: str) -> tuple[QuerySet, dict]:
    """Filters shared by the lists: text, locality code, cooperation field code."""
    text = _text(request)
    locality = _param(request, "locality", 3)
    field = _param(request, "field", 60)
    if text:
        q = Q()
        for name in text_fields:
            q |= Q(**{f"{name}__icontains": text})
        qs = qs.filter(q)
    if locality:
        qs = qs.filter(locality__code=locality)
    if field:
        qs = qs.filter(fields__code=field)
    return qs, {"q": text, "locality": locality, "field": field}


def _list_context(request: HttpRequest, qs: QuerySet, filters: dict, **extra) -> dict:
    return {
        "page": Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")),
        "filters": filters,
        "localities": Locality.objects.filter(
            pk__in=Locality.objects.filter(organisations__isnull=False).values("pk")
        ),
        "cooperation_fields": CooperationField.objects.all(),
        "can_create": request.user.has_perm("exchange.create_item"),
        **extra,
    }


def _require(user, perm: str, obj=None, message: str = "") -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(message or _("You may not do this."))


def _save_item(
    request: HttpRequest,
    item: Practice | Policy | Activity | None,
    form_class: type[OwnedItemForm],
    save: Callable[..., Practice | Policy | Activity],
    extra: Callable[[dict], dict],
    *,
    name: str,
    saved: str,
) -> HttpResponse:
    """The form page of a practice, policy or activity (``exchange/<name>_form.html``).

    A valid POST saves the item through its action, ``save(item, by, fields=, reason=,
    **extra(cleaned_data))``, says ``saved`` and goes to the item's page; the caller has checked
    the permission.
    """
    form = form_class(request.POST or None, request.FILES or None, instance=item, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved_item = save(
            form.save(commit=False),
            request.user,
            fields=data["fields"],
            reason=data.get("change_reason", ""),
            **extra(data),
        )
        messages.success(request, saved)
        return redirect(saved_item)
    return render(request, f"exchange/{name}_form.html", {"form": form, name: item})


# --- Overview ----------------------------------------------------------------------------
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "practices": queries.practices_visible_to(user).filter(status="published")[:6],
        "activities": queries.upcoming_activities(user),
        "policies": queries.policies_visible_to(user).filter(status="published")[:5],
        "waiting": queries.requests_waiting_for(user)[:5] if user.is_authenticated else [],
        "can_create": user.has_perm("exchange.create_item"),
    }
    return render(request, "exchange/index.html", context)


# --- Practices ---------------------------------------------------------------------------
def practice_list(request: HttpRequest) -> HttpResponse:
    qs, filters = _common_filters(
        request,
        queries.practices_visible_to(request.user),
        "title_vi",
        "title_en",
        "summary_vi",
        "tags",
    )
    tag = _param(request, "tag", 60)
    if tag:
        qs = qs.filter(tags__icontains=tag)
        filters["tag"] = tag
    return render(request, "exchange/practice_list.html", _list_context(request, qs, filters))


def practice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    practice = get_object_or_404(queries.practice_detail(request.user, pk))
    user = request.user
    can_change = user.has_perm("exchange.change_item", practice)
    return render(
        request,
        "exchange/practice_detail.html",
        {
            "practice": practice,
            "can_change": can_change,
            "can_adopt": user.has_perm("exchange.adopt_practice", practice),
            "adoptions": [
                (a, user.has_perm("exchange.report_adoption", a)) for a in practice.adoptions.all()
            ],
            "audit": changes_for(practice, limit=10) if can_change else None,
        },
    )


def _save_practice(request: HttpRequest, practice: Practice | None) -> HttpResponse:
    def extra(data: dict) -> dict:
        removed = data.get("remove_attachments") or []
        return {"files": data["attachments"], "remove_attachments": [a.pk for a in removed]}

    return _save_item(
        request,
        practice,
        PracticeForm,
        actions.save_practice,
        extra,
        name="practice",
        saved=_("The practice was saved."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def practice_create(request: HttpRequest) -> HttpResponse:
    _require(request.user, "exchange.create_item", message=_("Only officers may share practices."))
    return _save_practice(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def practice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    practice = get_object_or_404(Practice, pk=pk)
    _require(request.user, "exchange.change_item", practice, _("You may not change this practice."))
    return _save_practice(request, practice)


@login_required
@require_http_methods(["GET", "POST"])
def practice_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    practice = get_object_or_404(Practice, pk=pk)
    _require(request.user, "exchange.adopt_practice", practice)
    form = AdoptionForm(request.POST or None, user=request.user, practice=practice)
    if request.method == "POST" and form.is_valid():
        actions.record_adoption(
            practice,
            request.user,
            form.cleaned_data["organisation"],
            started_on=form.cleaned_data["started_on"],
            plan=form.cleaned_data["plan"],
        )
        messages.success(request, _("The adoption was recorded."))
        return redirect(practice)
    return render(request, "exchange/adoption_form.html", {"form": form, "practice": practice})


@login_required
@require_http_methods(["GET", "POST"])
def adoption_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    adoption = get_object_or_404(Adoption.objects.select_related("practice", "organisation"), pk=pk)
    _require(request.user, "exchange.report_adoption", adoption)
    form = OutcomeForm(request.POST or None, instance=adoption)
    if request.method == "POST" and form.is_valid():
        actions.report_adoption_outcome(
            adoption,
            request.user,
            form.cleaned_data["outcome"],
            form.cleaned_data["outcome_report"],
        )
        messages.success(request, _("The outcome was reported."))
        return redirect(adoption.practice)
    return render(
        request,
        "exchange/adoption_form.html",
        {"form": form, "practice": adoption.practice, "adoption": adoption},
    )


def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(queries.attachments_visible_to(request.user), pk=pk)
    return files.serve(item.file, name=item.name, kind=item.kind)


# --- Policies ----------------------------------------------------------------------------
def policy_list(request: HttpRequest) -> HttpResponse:
    qs, filters = _common_filters(
        request,
        queries.policies_visible_to(request.user),
        "title_vi",
        "title_en",
        "number",
        "issuer",
    )
    legal_status = request.GET.get("legal_status", "")
    if legal_status in Policy.LegalStatus.values:
        qs = qs.filter(legal_status=legal_status)
        filters["legal_status"] = legal_status
    return render(
        request,
        "exchange/policy_list.html",
        _list_context(request, qs, filters, legal_statuses=Policy.LegalStatus.choices),
    )


def policy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy = get_object_or_404(queries.policies_visible_to(request.user), pk=pk)
    can_change = request.user.has_perm("exchange.change_item", policy)
    return render(
        request,
        "exchange/policy_detail.html",
        {
            "policy": policy,
            "practices": queries.practices_visible_to(request.user).filter(policies=policy),
            "replaces": queries.policies_visible_to(request.user).filter(replaced_by=policy),
            "can_change": can_change,
            "audit": changes_for(policy, limit=10) if can_change else None,
        },
    )


def _save_policy(request: HttpRequest, policy: Policy | None) -> HttpResponse:
    return _save_item(
        request,
        policy,
        PolicyForm,
        actions.save_policy,
        lambda data: {"practices": data["practices"]},
        name="policy",
        saved=_("The policy was saved."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def policy_create(request: HttpRequest) -> HttpResponse:
    _require(request.user, "exchange.create_item")
    return _save_policy(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def policy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    policy = get_object_or_404(Policy, pk=pk)
    _require(request.user, "exchange.change_item", policy, _("You may not change this policy."))
    return _save_policy(request, policy)


# --- Experience requests -----------------------------------------------------------------
@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    qs = queries.requests_visible_to(request.user)
    scope = scope_for(request.user)
    box = request.GET.get("box", "")
    if box == "sent":
        qs = qs.filter(locality__in=scope.localities)
    elif box == "received":
        qs = qs.filter(addressees__locality__in=scope.localities).distinct()
    status = request.GET.get("status", "")
    if status in ExperienceRequest.Status.values:
        qs = qs.filter(status=status)
    text = _text(request)
    if text:
        qs = qs.filter(Q(subject__icontains=text) | Q(question__icontains=text))
    filters = {"box": box, "status": status, "q": text}
    return render(
        request,
        "exchange/request_list.html",
        {
            "page": Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")),
            "filters": filters,
            "statuses": ExperienceRequest.Status.choices,
            "today": dates.today(),
            "can_create": request.user.has_perm("exchange.create_item"),
        },
    )


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(queries.request_detail(request.user, pk))
    user = request.user
    addressees = [(a, user.has_perm("exchange.answer", a)) for a in item.addressees.all()]
    return render(
        request,
        "exchange/request_detail.html",
        {
            "item": item,
            "addressees": addressees,
            "open": item.status != ExperienceRequest.Status.CLOSED,
            "can_close": user.has_perm("exchange.close_request", item)
            and item.status != ExperienceRequest.Status.CLOSED,
            "today": dates.today(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest) -> HttpResponse:
    _require(request.user, "exchange.create_item")
    # Another page may prefill the subject and question ("ask the partner how", indicators)
    initial = {k: request.GET.get(k, "")[:2000] for k in ("subject", "question")}
    form = RequestForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item = actions.send_request(
            request.user,
            data["organisation"],
            subject=data["subject"],
            question=data["question"],
            due_on=data["due_on"],
            counterpart=data["counterpart"],
            fields=data["fields"],
        )
        messages.success(request, _("The request was sent."))
        return redirect(item)
    return render(request, "exchange/request_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def request_answer(request: HttpRequest, pk: int, addressee_pk: int) -> HttpResponse:
    addressee = get_object_or_404(
        Addressee.objects.select_related("request__organisation", "locality", "organisation"),
        pk=addressee_pk,
        request_id=pk,
    )
    _require(request.user, "exchange.answer", addressee, _("This request is not addressed to you."))
    item = addressee.request
    if item.status == ExperienceRequest.Status.CLOSED:
        raise PermissionDenied(_("This request is closed."))
    form = AnswerForm(
        request.POST or None, request.FILES or None, user=request.user, addressee=addressee
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.answer_request(
            addressee,
            request.user,
            data["organisation"],
            body=data["body"],
            practices=data["practices"],
            files=data["attachments"],
        )
        messages.success(request, _("Your answer was sent."))
        return redirect(item)
    return render(
        request,
        "exchange/answer_form.html",
        {"form": form, "item": item, "addressee": addressee},
    )


@login_required
@require_POST
def request_close(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(ExperienceRequest, pk=pk)
    _require(request.user, "exchange.close_request", item, _("You may not close this request."))
    actions.close_request(item, request.user)
    messages.success(request, _("The request was closed."))
    return redirect(item)


# --- Activities --------------------------------------------------------------------------
def activity_list(request: HttpRequest) -> HttpResponse:
    qs, filters = _common_filters(
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
        _list_context(request, qs, filters, kinds=Activity.Kind.choices),
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


def _save_activity(request: HttpRequest, activity: Activity | None) -> HttpResponse:
    return _save_item(
        request,
        activity,
        ActivityForm,
        actions.save_activity,
        lambda data: {"files": data["attachments"]},
        name="activity",
        saved=_("The activity was saved."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request: HttpRequest) -> HttpResponse:
    _require(request.user, "exchange.create_item")
    return _save_activity(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(Activity, pk=pk)
    _require(request.user, "exchange.change_item", activity, _("You may not change this activity."))
    return _save_activity(request, activity)


@login_required
@require_POST
def activity_register(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(queries.activities_visible_to(request.user), pk=pk)
    _require(
        request.user, "exchange.register", activity, _("Registration for this activity is closed.")
    )
    actions.register_for_activity(activity, request.user)
    messages.success(request, _("You are registered."))
    return redirect(activity)


@login_required
@require_POST
def activity_guest(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(Activity, pk=pk)
    _require(request.user, "exchange.change_item", activity, _("You may not change this activity."))
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
