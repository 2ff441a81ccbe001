"""The form with which a city edits a step of its investor's guide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import GuideStep
from .workspace import LocalityScopedForm


class GuideStepForm(LocalityScopedForm):
    class Meta:
        model = GuideStep
        fields = [
            "locality",
            "order",
            "title_vi",
            "title_en",
            "body_vi",
            "body_en",
            "competent_body_vi",
            "competent_body_en",
            "contact",
            "online_url",
            "legal_basis_vi",
            "legal_basis_en",
            "source_url",
            "published",
        ]
        widgets = {
            "body_vi": forms.Textarea(attrs={"rows": 5}),
            "body_en": forms.Textarea(attrs={"rows": 5}),
        }
        error_messages = {
            "order": {"min_value": _("Steps are numbered from 1.")},
            "title_vi": {"required": _("Give the step a title in Vietnamese.")},
            "title_en": {"required": _("Give the step a title in English.")},
            "body_vi": {"required": _("Say what the investor does, in Vietnamese.")},
            "body_en": {"required": _("Say what the investor does, in English.")},
        }
