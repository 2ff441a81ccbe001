"""The public accountability pages and their Atom feeds, and the coordinators' acts of
publication (a commitment; an evidence file)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hoptac.core import files

from .. import actions, public, queries
from ..models import Commitment, Evidence

# The menu marks "Public accountability", not the programmes the namespace would name.
NAV = {"nav_current": "public_accountability"}


def public_index(request: HttpRequest) -> HttpResponse:
    """The agreements of which the cities published commitments."""
    return render(
        request,
        "programmes/public/index.html",
        {"agreements": list(public.public_agreements()), **NAV},
    )


def _agreement(pk: int):
    return get_object_or_404(public.public_agreements().prefetch_related("parties"), pk=pk)


def public_agreement(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement(pk)
    items = public.public_commitments(agreement.commitments.all())
    return render(
        request,
        "programmes/public/agreement.html",
        {
            "agreement": agreement,
            "items": items,
            "events": public.timeline(items, limit=30),
            **NAV,
        },
    )


def _commitment_item(pk: int, notes: bool = False) -> public.PublicCommitment:
    items = public.public_commitments(Commitment.objects.filter(pk=pk), notes=notes)
    if not items:
        raise Http404(_("No published commitment has this number."))
    return items[0]


def public_commitment(request: HttpRequest, pk: int) -> HttpResponse:
    item = _commitment_item(pk, notes=True)
    return render(
        request,
        "programmes/public/commitment.html",
        {
            "item": item,
            "agreement": item.commitment.agreement,
            "chart": public.chart_points(item.series),
            **NAV,
        },
    )


def public_evidence_file(request: HttpRequest, pk: int) -> HttpResponse:
    """An evidence file marked public, of a published commitment."""
    evidence = get_object_or_404(public.public_evidence(), pk=pk)
    return files.serve(evidence.file, name=evidence.name)


class _EventFeed(Feed):
    feed_type = Atom1Feed

    def items(self, obj):
        return obj["events"]

    def item_title(self, item: public.PublicEvent) -> str:
        subject = item.task.title if item.task else str(item.commitment)
        return f"{item.text} — {subject}"

    def item_description(self, item: public.PublicEvent) -> str:
        return item.commitment.shown_text

    def item_link(self, item: public.PublicEvent) -> str:
        url = reverse("programmes:public_commitment", args=[item.commitment.pk])
        return f"{url}#{item.key}"

    def item_guid(self, item: public.PublicEvent) -> str:
        return f"hoptac-public-{item.key}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: public.PublicEvent):
        return item.when

    def item_updateddate(self, item: public.PublicEvent):
        return item.when


class AgreementFeed(_EventFeed):
    """What changed in the published commitments of one agreement."""

    def get_object(self, request, pk: int):
        agreement = _agreement(pk)
        items = public.public_commitments(agreement.commitments.all())
        return {"agreement": agreement, "events": public.timeline(items, limit=50)}

    def title(self, obj) -> str:
        return _("Public progress of %(reference)s") % {"reference": obj["agreement"].reference}

    def link(self, obj) -> str:
        return reverse("programmes:public_agreement", args=[obj["agreement"].pk])

    def subtitle(self, obj) -> str:
        return obj["agreement"].shown_title


class CommitmentFeed(_EventFeed):
    """What changed in one published commitment."""

    def get_object(self, request, pk: int):
        item = _commitment_item(pk)
        return {"commitment": item.commitment, "events": item.events[:50]}

    def title(self, obj) -> str:
        return _("Public progress of a commitment of %(reference)s") % {
            "reference": obj["commitment"].agreement.reference
        }

    def link(self, obj) -> str:
        return reverse("programmes:public_commitment", args=[obj["commitment"].pk])

    def subtitle(self, obj) -> str:
        return obj["commitment"].shown_text


agreement_feed = AgreementFeed()
commitment_feed = CommitmentFeed()


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = fallback
    return redirect(target)


@login_required
@require_POST
def commitment_publication(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish a commitment (`publish=1`) or withdraw it (`publish=0`)."""
    commitment = get_object_or_404(
        Commitment.objects.filter(
            agreement__in=queries.agreements_visible_to(request.user)
        ).select_related("agreement"),
        pk=pk,
    )
    if not request.user.has_perm("programmes.publish_commitment", commitment):
        raise PermissionDenied(_("Only a coordinator of a party publishes a commitment."))
    choice = request.POST.get("publish")
    if choice not in ("0", "1"):
        messages.error(request, _("Say whether to publish the commitment or to withdraw it."))
    elif choice == "1":
        actions.publish_commitment(commitment, request.user)
        messages.success(request, _("The commitment is on the public pages."))
    else:
        actions.withdraw_commitment(commitment, request.user)
        messages.success(request, _("The commitment was withdrawn from the public pages."))
    fallback = reverse("programmes:agreement_detail", args=[commitment.agreement_id])
    return _back(request, f"{fallback}#cam-ket-{commitment.pk}")


@login_required
@require_POST
def evidence_publication(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark an evidence file public (`public=1`) or private (`public=0`)."""
    evidence = get_object_or_404(
        Evidence.objects.filter(
            pk__in=queries.evidence_visible_to(request.user).values("pk")
        ).select_related("report__task__lead"),
        pk=pk,
    )
    task = evidence.report.task
    if not request.user.has_perm("programmes.publish_evidence", task):
        raise PermissionDenied(
            _("Only the coordinator of the lead's locality makes evidence public.")
        )
    choice = request.POST.get("public")
    if choice not in ("0", "1"):
        messages.error(request, _("Say whether the file is public or not."))
    else:
        actions.set_evidence_public(evidence, request.user, choice == "1")
        messages.success(
            request,
            _("The file is public.") if choice == "1" else _("The file is no longer public."),
        )
    return redirect(reverse("programmes:task_detail", args=[task.pk]) + "#bao-cao")
