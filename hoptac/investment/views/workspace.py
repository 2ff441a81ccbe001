"""The officers' workspace under /dau-tu/quan-ly/: edit what the city publishes, handle
enquiries, see matches, run B2B days. Each view checks the object's city before anything."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from simple_history.utils import update_change_reason

from hoptac.core.audit import changes_for

from .. import actions, matching, queries
from ..forms import (
    AttachmentForm,
    BrandForm,
    EnquiryHandleForm,
    EnterpriseForm,
    OfferForm,
    ParkForm,
    ProjectForm,
)
from ..models import (
    Brand,
    Enquiry,
    Enterprise,
    Event,
    Meeting,
    Park,
    Participant,
    Project,
    ProjectAttachment,
    Slot,
)
from .events import participant_url


def _key(value: str | None) -> str | None:
    """A key from the URL; NUL characters (which PostgreSQL refuses) find nothing."""
    if value and "\x00" in value:
        raise Http404
    return value


def _need(request: HttpRequest, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(_("You may not do this for another city's information."))


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    _need(request, "investment.use_workspace")
    enquiries = list(queries.enquiries_for(request.user).exclude(status=Enquiry.Status.SPAM)[:50])
    from hoptac.core.queries import scope_for

    own = scope_for(request.user).localities
    events = list(Event.objects.filter(locality__in=own).select_related("locality"))
    return render(
        request,
        "investment/workspace/dashboard.html",
        {
            "enquiries": enquiries,
            "late": sum(1 for e in enquiries if e.sla_state() == "late"),
            "soon": sum(1 for e in enquiries if e.sla_state() == "soon"),
            "projects": Project.objects.filter(locality__in=own).select_related("locality")[:50],
            "enterprises_pending": Enterprise.objects.filter(
                locality__in=own, verification=Enterprise.Verification.PENDING
            ).select_related("locality")[:50],
            "events": events,
            # a leader of the city sees its B2B days but may not organise them: their public page
            "manageable": {
                e.pk for e in events if request.user.has_perm("investment.manage_event", e)
            },
            "can_create": request.user.has_perm("investment.create"),
        },
    )


def _edit(request, form_class, instance, perm, template, success_url_name, key):
    if instance is not None:
        _need(request, perm, instance)
    else:
        _need(request, "investment.create")
    form = form_class(
        request.POST or None, request.FILES or None, instance=instance, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        if instance is None:
            _need(request, perm, form.instance)
        with transaction.atomic():
            form.instance._history_user = request.user
            saved = form.save()
            reason = request.POST.get("change_reason", "").strip()[:100]
            if reason:
                update_change_reason(saved, reason)
        messages.success(request, _("Saved."))
        return redirect(success_url_name, getattr(saved, key))
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "object": instance}
    if instance is not None:
        context["audit"] = changes_for(instance, limit=20)
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, code: str | None = None) -> HttpResponse:
    project = get_object_or_404(Project, code=_key(code)) if code else None
    return _edit(
        request,
        ProjectForm,
        project,
        "investment.change_project",
        "investment/workspace/project_form.html",
        "investment:project_detail",
        "code",
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_attachments(request: HttpRequest, code: str) -> HttpResponse:
    """The project's documents: the list, an upload form and a remove button for each."""
    project = get_object_or_404(Project.objects.select_related("locality"), code=_key(code))
    _need(request, "investment.change_project", project)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        attachment = actions.add_project_attachment(
            project, form.cleaned_data["file"], form.cleaned_data["title"], request.user
        )
        messages.success(request, _("“%(title)s” was added.") % {"title": attachment.title})
        return redirect("investment:project_attachments", project.code)
    return render(
        request,
        "investment/workspace/project_attachments.html",
        {
            "project": project,
            "form": form,
            "attachments": project.attachments.select_related("uploaded_by"),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def project_attachment_remove(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    project = get_object_or_404(Project, code=_key(code))
    _need(request, "investment.change_project", project)
    attachment = get_object_or_404(ProjectAttachment, pk=pk, project=project)
    actions.remove_project_attachment(attachment, request.user)
    messages.success(request, _("“%(title)s” was removed.") % {"title": attachment.title})
    return redirect("investment:project_attachments", project.code)


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_edit(request: HttpRequest, tax_code: str | None = None) -> HttpResponse:
    enterprise = get_object_or_404(Enterprise, tax_code=_key(tax_code)) if tax_code else None
    return _edit(
        request,
        EnterpriseForm,
        enterprise,
        "investment.change_enterprise",
        "investment/workspace/enterprise_form.html",
        "investment:enterprise_detail",
        "tax_code",
    )


@login_required
@require_POST
def enterprise_verify(request: HttpRequest, tax_code: str) -> HttpResponse:
    enterprise = get_object_or_404(Enterprise, tax_code=_key(tax_code))
    _need(request, "investment.verify_enterprise", enterprise)
    value = request.POST.get("verification")
    if value not in Enterprise.Verification.values:
        messages.error(request, _("Unknown verification status."))
    else:
        enterprise.verification = value
        enterprise._history_user = request.user
        enterprise.save(update_fields=["verification"])
        messages.success(request, _("Saved."))
    return redirect("investment:enterprise_detail", enterprise.tax_code)


@login_required
@require_POST
def offer_add(request: HttpRequest, tax_code: str) -> HttpResponse:
    enterprise = get_object_or_404(Enterprise, tax_code=_key(tax_code))
    _need(request, "investment.change_enterprise", enterprise)
    form = OfferForm(request.POST)
    if form.is_valid():
        form.instance.enterprise = enterprise
        form.instance._history_user = request.user
        form.save()
        messages.success(request, _("Saved."))
        return redirect("investment:enterprise_detail", enterprise.tax_code)
    return render(
        request,
        "investment/workspace/offer_form.html",
        {"form": form, "enterprise": enterprise},
        status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def park_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    park = get_object_or_404(Park, slug=slug) if slug else None
    return _edit(
        request,
        ParkForm,
        park,
        "investment.change_park",
        "investment/workspace/park_form.html",
        "investment:park_detail",
        "slug",
    )


@login_required
@require_http_methods(["GET", "POST"])
def brand_edit(request: HttpRequest) -> HttpResponse:
    brand = queries.brand()
    _need(request, "investment.change_brand", brand)
    form = BrandForm(request.POST or None, request.FILES or None, instance=brand or Brand())
    if request.method == "POST" and form.is_valid():
        form.instance._history_user = request.user
        form.save()
        messages.success(request, _("Saved."))
        return redirect("investment:home")
    return render(
        request,
        "investment/workspace/brand_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def enquiry_list(request: HttpRequest) -> HttpResponse:
    _need(request, "investment.use_workspace")
    qs = queries.enquiries_for(request.user)
    status = request.GET.get("status", "")
    if status in Enquiry.Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "investment/workspace/enquiry_list.html",
        {"page": page, "statuses": Enquiry.Status.choices, "status": status},
    )


@login_required
@require_http_methods(["GET", "POST"])
def enquiry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enquiry = get_object_or_404(
        Enquiry.objects.select_related("locality", "project", "account_manager"), pk=pk
    )
    _need(request, "investment.handle_enquiry", enquiry)
    form = EnquiryHandleForm(request.POST or None, enquiry=enquiry)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                if data["account_manager"] != enquiry.account_manager:
                    actions.assign_manager(enquiry, data["account_manager"], request.user)
                if data["status"]:
                    actions.move_enquiry(enquiry, data["status"], request.user)
                if data["note"].strip():
                    kind = "aftercare" if data["aftercare"] else "note"
                    actions.add_note(enquiry, request.user, data["note"].strip(), kind)
                if data["answer"].strip():
                    site = request.build_absolute_uri("/").rstrip("/")
                    actions.answer_enquiry(enquiry, request.user, data["answer"].strip(), site)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("Saved."))
            return redirect("investment:enquiry_detail", enquiry.pk)
    matches = []
    if enquiry.vsic_code:
        matches = matching.matches_for(enquiry, "project", limit=5)
    return render(
        request,
        "investment/workspace/enquiry_detail.html",
        {
            "enquiry": enquiry,
            "form": form,
            "notes": enquiry.notes.select_related("author"),
            "conversation": enquiry.messages.select_related("author"),
            "audit": changes_for(enquiry, limit=20),
            "matches": matches,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def matches(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    _need(request, "investment.use_workspace")
    if "\x00" in key:
        raise Http404
    try:
        source = queries.match_source(request.user, kind, key)
    except LookupError as e:
        raise PermissionDenied(_("Unknown kind.")) from e
    except (Project.DoesNotExist, Enterprise.DoesNotExist) as e:
        raise Http404 from e
    target = request.GET.get("target") or ("enterprise" if kind == "project" else "project")
    if target not in ("enterprise", "project"):
        target = "enterprise"
    if request.method == "POST":
        _need(request, f"investment.change_{kind}", source)
        try:
            target_id = int(request.POST.get("target_id", ""))
        except ValueError:
            target_id = 0
        if not matching.candidates(target).filter(pk=target_id).exists():
            messages.error(request, _("This candidate does not exist."))
        else:
            try:
                actions.record_feedback(
                    kind,
                    source.pk,
                    target,
                    target_id,
                    request.POST.get("decision", ""),
                    request.user,
                    request.POST.get("reason", ""),
                )
                messages.success(request, _("Your answer was recorded."))
            except ValidationError as e:
                messages.error(request, " ".join(e.messages))
        return redirect(f"{request.path}?target={target}")
    return render(
        request,
        "investment/workspace/matches.html",
        {
            "source": source,
            "kind": kind,
            "target": target,
            "matches": matching.matches_for(source, target),
            "can_answer": request.user.has_perm(f"investment.change_{kind}", source),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_manage(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.select_related("locality"), pk=pk)
    _need(request, "investment.manage_event", event)
    if request.method == "POST":
        op = request.POST.get("op")
        if op == "schedule":
            actions.expire_requests()
            outcome = actions.schedule_event(event, time_limit=10)
            messages.success(
                request,
                _(
                    "%(placed)d of %(total)d meetings placed (upper bound %(bound)d; first-come "
                    "baseline %(greedy)d); %(moved)d moved, %(idle)d idle slots."
                )
                % {
                    "placed": outcome.placed,
                    "total": outcome.total,
                    "bound": outcome.upper_bound,
                    "greedy": outcome.greedy_placed,
                    "moved": outcome.moved,
                    "idle": outcome.idle,
                },
            )
        elif op == "delete_slot":
            slot = get_object_or_404(Slot, pk=request.POST.get("slot") or 0, event=event)
            told = actions.delete_slot(slot)
            messages.success(
                request,
                _("The slot was deleted; its meetings wait for a new time. Told: %(who)s")
                % {"who": ", ".join(str(p) for p in told) or "—"},
            )
        elif op == "check_in":
            p = get_object_or_404(Participant, pk=request.POST.get("participant") or 0, event=event)
            actions.check_in(p)
        elif op in ("lock", "unlock", "held", "no_show"):
            m = get_object_or_404(Meeting, pk=request.POST.get("meeting") or 0, event=event)
            try:
                if op in ("lock", "unlock"):
                    m.locked = op == "lock" and m.slot_id is not None
                    m.save(update_fields=["locked"])
                else:
                    actions.mark_meeting(m, op)
            except ValidationError as e:
                messages.error(request, " ".join(e.messages))
        return redirect("investment:event_manage", event.pk)
    board = queries.event_board(event)
    grid = {(m.slot_id, m.table_id): m for m in board["meetings"] if m.slot_id}
    rows = [(slot, [grid.get((slot.pk, t.pk)) for t in board["tables"]]) for slot in board["slots"]]
    return render(
        request,
        "investment/workspace/event_manage.html",
        {
            "event": event,
            "rows": rows,
            "tables": board["tables"],
            "unscheduled": [m for m in board["meetings"] if not m.slot_id],
            "figures": queries.event_figures(event),
            "participants": [
                (p, participant_url(p)) for p in event.participants.select_related("enterprise")
            ],
        },
    )
