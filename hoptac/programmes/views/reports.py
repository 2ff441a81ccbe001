"""The review report (DOCX or PDF) of an agreement."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from hoptac.core import dates
from hoptac.core.models import Locality, Organisation
from hoptac.core.queries import scope_for

from ..forms import ReviewReportForm
from .common import visible_agreement_for_tasks

DEFAULT_RECIPIENTS = [
    "Thường trực Thành ủy;",
    "Thường trực HĐND thành phố;",
    "Chủ tịch, các PCT UBND thành phố;",
    "Các sở, ngành liên quan;",
]


def _home(scope) -> Locality | None:
    """The city a user works for, when it is one: where their reports are dated."""
    if len(scope.localities) != 1:
        return None
    return Locality.objects.filter(pk=next(iter(scope.localities))).first()


@login_required
@require_http_methods(["GET", "POST"])
def review_report(request: HttpRequest, pk: int) -> HttpResponse:
    # the drafting package (its patterns are compiled on import) for one name: here, not at start
    from ..drafting.organisations import short_name

    agreement = visible_agreement_for_tasks(request, pk)
    scope = scope_for(request.user)
    issuers = Organisation.objects.valid_on().select_related("locality")
    if not request.user.is_superuser:
        issuers = issuers.filter(locality_id__in=scope.localities)
    today = dates.today()
    initial = {
        "period_start": agreement.signed_on,
        "period_end": today,
        "place": short_name(_home(scope) or agreement.issuer.locality),
        "recipients": "\n".join(DEFAULT_RECIPIENTS),
    }
    if len(scope.org_roles) == 1:  # the user's own body issues the report, unless they choose
        initial["issuer"] = next(iter(scope.org_roles))
    form = ReviewReportForm(request.POST or None, issuers=issuers, initial=initial)
    if request.method == "POST" and form.is_valid():
        from ..reports.content import build_review
        from ..reports.docx_builder import build_docx
        from ..reports.pdf_builder import build_pdf

        data = form.cleaned_data
        review = build_review(
            agreement,
            period_start=data["period_start"],
            period_end=data["period_end"],
            issuer=data["issuer"],
            number=data["number"],
            signer_name=data["signer_name"],
            signer_title=data["signer_title"],
            place=data["place"],
            recipients=[r.strip(" ;-") for r in data["recipients"].splitlines() if r.strip(" ;-")],
            user=request.user,
        )
        stem = f"bao-cao-{agreement.reference.replace('/', '-')}-{data['period_end']:%Y%m%d}"
        if data["file_format"] == "pdf":
            response = HttpResponse(build_pdf(review), content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="{stem}.pdf"'
        else:
            response = HttpResponse(
                build_docx(review),
                content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            )
            response["Content-Disposition"] = f'attachment; filename="{stem}.docx"'
        return response
    return render(request, "programmes/review_form.html", {"form": form, "agreement": agreement})
