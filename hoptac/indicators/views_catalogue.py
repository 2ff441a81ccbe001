"""A city's procedure catalogue by hand: one procedure entered or changed (a new version, as an
import makes it), the list of procedure fields (the reference list and the cities' own), and a
field a city adds for itself. Only a city's coordinators and administrators write, for their own
city; the list of fields is public, as the catalogues are."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hoptac.core import dates
from hoptac.core.models import Locality

from . import actions, procedure_fields
from .catalogue import Parsed, Row
from .forms import LocalFieldForm, ProcedureForm
from .models import Procedure
from .views import _managed_localities, bilingual


@bilingual
def fields_page(request: HttpRequest) -> HttpResponse:
    """The reference list of procedure fields with its sources and choices, the cities' own
    fields, and (for a coordinator) the form that adds one."""
    data = procedure_fields.data()
    managed = _managed_localities(request.user)
    suffix = "_en" if request.LANGUAGE_CODE == "en" else "_vi"
    label = {key: s[f"label{suffix}"] for key, s in data["sources"].items()}
    return render(
        request,
        "indicators/procedure_fields.html",
        {
            "rows": [(f, [label[k] for k in f.sources]) for f in procedure_fields.reference()],
            "sources": [{**s, "label": s[f"label{suffix}"]} for s in data["sources"].values()],
            "read": data["what_was_read" if suffix == "_en" else "what_was_read_vi"],
            "choices": [
                {k: c[k if suffix == "_en" else f"{k}_vi"] for k in ("about", "choice", "why")}
                for c in data["choices"]
            ],
            "local_fields": procedure_fields.local_fields(Locality.objects.all()),
            "form": LocalFieldForm(localities=managed) if managed.exists() else None,
        },
    )


@login_required
@require_POST
def local_field_add(request: HttpRequest) -> HttpResponse:
    """Add a field of the user's city (its coordinators and administrators only)."""
    managed = _managed_localities(request.user)
    if not managed.exists():
        raise PermissionDenied(_("Only a city's coordinators and administrators add its fields."))
    form = LocalFieldForm(request.POST, localities=managed)
    if form.is_valid():
        locality = form.cleaned_data["locality"]
        if not request.user.has_perm("indicators.import_catalogue", locality):
            raise PermissionDenied
        try:
            field = procedure_fields.add_local(
                locality,
                form.cleaned_data["name"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except procedure_fields.FieldError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("“%(name)s” is now a field of %(city)s.")
                % {"name": field.name, "city": locality.name},
            )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("indicators:procedure_fields")


@login_required
@require_http_methods(["GET", "POST"])
def procedure_form(request: HttpRequest) -> HttpResponse:
    """Enter a procedure of a city the user manages, or change one (``?code=``): saved as a new
    version of the procedure, as a catalogue file's row would be."""
    managed = list(_managed_localities(request.user))
    if not managed:
        raise PermissionDenied(
            _("Only a city's coordinators and administrators enter its procedures.")
        )
    locality = next((c for c in managed if c.code == request.GET.get("a")), managed[0])
    if not request.user.has_perm("indicators.import_catalogue", locality):
        raise PermissionDenied
    code = request.GET.get("code", "")[:8]
    instance = (
        Procedure.objects.filter(locality=locality, code=code, valid_to__isnull=True).first()
        if code
        else None
    )
    today = dates.today()
    form = ProcedureForm(request.POST or None, locality=locality, today=today, instance=instance)
    if request.method == "POST" and form.is_valid():
        result = actions.import_catalogue(
            locality,
            Parsed(rows=[Row(0, form.cleaned_data["values"])]),
            by=request.user,
            today=today,
        )
        if result.added:
            said = _("The procedure %(code)s is added to the catalogue of %(city)s.")
        elif result.changed:
            said = _("The procedure %(code)s of %(city)s is changed; its former version is kept.")
        else:
            said = _("The procedure %(code)s of %(city)s is unchanged.")
        messages.success(
            request, said % {"code": form.cleaned_data["values"]["code"], "city": locality.name}
        )
        return redirect(
            f"{reverse('indicators:services')}?a={locality.code}"
            f"&code={form.cleaned_data['values']['code']}"
        )
    return render(
        request,
        "indicators/procedure_form.html",
        {
            "form": form,
            "locality": locality,
            "localities": managed,
            "instance": instance,
            "fields_url": reverse("indicators:procedure_fields"),
        },
    )
