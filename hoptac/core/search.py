"""What core puts into the site search (core.searchable): organisations and cooperation fields."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from . import searchable
from .models import CooperationField, Organisation


def _join(*parts: str) -> str:
    return "\n".join(str(p) for p in parts if p)


def _kind(org: Organisation, language: str) -> str:
    with translation.override(language):
        return capfirst(str(org.get_kind_display()))


def organisation_body(org: Organisation) -> str:
    """Its abbreviation, kind (in Vietnamese) and address."""
    return _join(org.abbreviation, _kind(org, "vi"), org.address)


def register_all() -> None:
    searchable.register(
        Organisation,
        kind="organisation",
        label=_("Organisation"),
        title=lambda org: org.name_vi,
        title_en=lambda org: org.name_en,
        body=organisation_body,
        body_en=lambda org: _kind(org, "en"),
        url=lambda org: reverse("core:organisation_detail", args=[org.pk]),
        localities=lambda org: [org.locality_id],
        date=lambda org: org.valid_from,
        public=lambda org: True,
        readers=lambda org: [org.locality_id],
        queryset=lambda: Organisation.objects.all(),
    )
    searchable.register(
        CooperationField,
        kind="field",
        label=_("Field of cooperation"),
        title=lambda f: f.name_vi,
        title_en=lambda f: f.name_en,
        body=lambda f: f.keywords or "",
        url=lambda f: reverse("core:home") + "#fields",
        fields=lambda f: [f.pk],
        public=lambda f: True,
        queryset=lambda: CooperationField.objects.all(),
    )
