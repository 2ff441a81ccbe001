"""Connecting other systems: a user's API tokens, webhooks and their delivery log."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from hoptac.core.models import ApiToken, Locality
from hoptac.core.queries import scope_for

from .. import actions, webhooks
from ..models import WebhookDelivery, WebhookEvent, WebhookSubscription
from .common import apply_validation_error


def _localities(user):
    if user.is_superuser:
        return Locality.objects.all()
    return Locality.objects.filter(pk__in=scope_for(user).localities)


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name (which system uses it)"), max_length=100)
    scope = forms.ChoiceField(label=gettext_lazy("Scope"), choices=ApiToken.Scope.choices)
    localities = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Limited to the localities"),
        queryset=Locality.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("None ticked: every locality where you work."),
    )

    def __init__(self, *args, user=None, **kwargs) -> None:
        kwargs.setdefault("auto_id", "token_%s")
        super().__init__(*args, **kwargs)
        self.fields["localities"].queryset = _localities(user)


class WebhookForm(forms.Form):
    url = forms.URLField(label=gettext_lazy("Address (URL)"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=gettext_lazy("Events"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    locality = forms.ModelChoiceField(
        label=gettext_lazy("Tasks led in"),
        queryset=Locality.objects.none(),
        required=False,
        empty_label=gettext_lazy("every locality where I work"),
    )

    def __init__(self, *args, user=None, **kwargs) -> None:
        kwargs.setdefault("auto_id", "webhook_%s")
        super().__init__(*args, **kwargs)
        self.fields["locality"].queryset = _localities(user)


@login_required
@require_http_methods(["GET", "POST"])
def integration(request: HttpRequest) -> HttpResponse:
    """The user's tokens and webhooks; POST `do=token|revoke|webhook|unsubscribe`."""
    user = request.user
    token_form = TokenForm(user=user)
    webhook_form = WebhookForm(user=user)
    new_key = None
    status = 200
    if request.method == "POST":
        do = request.POST.get("do")
        if do == "token":
            token_form = TokenForm(request.POST, user=user)
            if token_form.is_valid():
                data = token_form.cleaned_data
                _token, new_key = ApiToken.issue(
                    user, data["name"], data["scope"], data["localities"]
                )
                messages.success(request, _("Token created. Copy it now: it is shown only once."))
            else:
                status = 400
        elif do == "revoke":
            token = get_object_or_404(ApiToken, pk=_int(request.POST.get("token")), user=user)
            ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
            messages.success(request, _("The token no longer works."))
            return redirect("programmes:integration")
        elif do == "webhook":
            webhook_form = WebhookForm(request.POST, user=user)
            if webhook_form.is_valid():
                data = webhook_form.cleaned_data
                try:
                    actions.subscribe_webhook(
                        user, url=data["url"], events=data["events"], locality=data["locality"]
                    )
                except ValidationError as err:
                    apply_validation_error(webhook_form, err)
                    status = 400
                else:
                    messages.success(request, _("The webhook was added."))
                    return redirect("programmes:integration")
            else:
                status = 400
        elif do == "unsubscribe":
            sub = get_object_or_404(
                WebhookSubscription, pk=_int(request.POST.get("webhook")), owner=user
            )
            actions.unsubscribe_webhook(sub, user)
            messages.success(request, _("The webhook was removed."))
            return redirect("programmes:integration")
        else:
            messages.error(request, _("Unknown request."))
            status = 400
    subscriptions = (
        WebhookSubscription.objects.filter(owner=user)
        .select_related("locality")
        .annotate(
            delivered=Count("deliveries", filter=Q(deliveries__state="delivered")),
            failed=Count("deliveries", filter=Q(deliveries__state="failed")),
            pending=Count("deliveries", filter=Q(deliveries__state="pending")),
        )
    )
    return render(
        request,
        "programmes/integration.html",
        {
            "tokens": list(ApiToken.objects.filter(user=user).prefetch_related("localities")),
            "subscriptions": list(subscriptions),
            "token_form": token_form,
            "webhook_form": webhook_form,
            "new_key": new_key,
        },
        status=status,
    )


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@login_required
def delivery_log(request: HttpRequest, pk: int) -> HttpResponse:
    """The last deliveries of one of the user's webhooks, with their answers."""
    sub = get_object_or_404(
        WebhookSubscription.objects.select_related("locality"), pk=pk, owner=request.user
    )
    deliveries = list(sub.deliveries.select_related("task").order_by("-created_at", "-pk")[:100])
    return render(
        request,
        "programmes/delivery_log.html",
        {"subscription": sub, "deliveries": deliveries},
    )


@login_required
@require_POST
def redeliver(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = get_object_or_404(
        WebhookDelivery.objects.select_related("subscription"),
        pk=pk,
        subscription__owner=request.user,
    )
    webhooks.redeliver(delivery, request.user)
    messages.success(request, _("The delivery will be sent again."))
    return redirect("programmes:delivery_log", pk=delivery.subscription_id)
