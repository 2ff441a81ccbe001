"""What the search app indexes itself: the core's organisations and cooperation fields (public)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .registry import register


def register_core() -> None:
    from hoptac.core.models import CooperationField, Organisation

    def body(org: Organisation) -> str:
        parts = [org.name_en, org.abbreviation, org.get_kind_display(), org.address]
        return "\n".join(str(p) for p in parts if p)

    register(
        Organisation,
        kind="organisation",
        label=_("Organisation"),
        title=lambda org: org.name_vi,
        body=body,
        url=lambda org: reverse("core:organisation_detail", args=[org.pk]),
        localities=lambda org: [org.locality_id],
        fields=lambda org: [],
        date=lambda org: org.valid_from,
        public=lambda org: True,
        readers=lambda org: [org.locality_id],
        queryset=lambda: Organisation.objects.all(),
    )

    register(
        CooperationField,
        kind="field",
        label=_("Field of cooperation"),
        title=lambda f: f.name_vi,
        body=lambda f: "\n".join(p for p in (f.name_en, f.keywords) if p),
        url=lambda f: reverse("core:home") + "#fields",
        fields=lambda f: [f.pk],
        public=lambda f: True,
        queryset=lambda: CooperationField.objects.all(),
    )
