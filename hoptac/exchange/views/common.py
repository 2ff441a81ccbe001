"""What the pages of the exchange share: query parameters, list filters, permission checks,
the create and edit pages."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hoptac.core.models import CooperationField, Locality

from ..forms import OwnedItemForm
from ..models import Activity, Policy, Practice

PAGE_SIZE = 20


def param(request: HttpRequest, name: str, limit: int = 100) -> str:
    """A query-string value, trimmed and without NUL (PostgreSQL refuses it in text)."""
    return request.GET.get(name, "").replace("\x00", "").strip()[:limit]


def text_param(request: HttpRequest) -> str:
    return param(request, "q")


def common_filters(request: HttpRequest, qs: QuerySet, *text_fields: str) -> tuple[QuerySet, dict]:
    """Filters shared by the lists: text, locality code, cooperation field code."""
    text = text_param(request)
    locality = param(request, "locality", 3)
    field = param(request, "field", 60)
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


def list_context(request: HttpRequest, qs: QuerySet, filters: dict, **extra) -> dict:
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


def require(user, perm: str, obj=None, message: str = "") -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(message or _("You may not do this."))


def save_item(
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


def item_form_views(
    model: type[Practice | Policy | Activity],
    form_class: type[OwnedItemForm],
    save: Callable[..., Practice | Policy | Activity],
    extra: Callable[[dict], dict],
    *,
    name: str,
    saved: str,
    may_not_change: str,
    may_not_create: str = "",
) -> tuple[Callable[..., HttpResponse], Callable[..., HttpResponse]]:
    """The create and edit views of a practice, policy or activity (``<name>_create``,
    ``<name>_edit``): signed in, GET or POST, the permission checked (refused with the message
    given, lazy strings read in the request's language), then `save_item`."""

    def save_page(request: HttpRequest, item: Practice | Policy | Activity | None) -> HttpResponse:
        return save_item(request, item, form_class, save, extra, name=name, saved=str(saved))

    @login_required
    @require_http_methods(["GET", "POST"])
    def create(request: HttpRequest) -> HttpResponse:
        require(request.user, "exchange.create_item", message=str(may_not_create))
        return save_page(request, None)

    @login_required
    @require_http_methods(["GET", "POST"])
    def edit(request: HttpRequest, pk: int) -> HttpResponse:
        item = get_object_or_404(model, pk=pk)
        require(request.user, "exchange.change_item", item, str(may_not_change))
        return save_page(request, item)

    for view, suffix in ((create, "create"), (edit, "edit")):
        view.__name__ = view.__qualname__ = f"{name}_{suffix}"
    return create, edit
