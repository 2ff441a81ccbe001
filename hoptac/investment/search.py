"""What the investment portal puts into the site search (hoptac.core.searchable).

The public finds what the portal shows it: projects other than drafts, published parks, the
priority sectors and verified enterprises. Members of a city also find that city's drafts and
its enterprises not yet verified, as the portal and the workspace show them.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from hoptac.core import searchable

from .models import Enterprise, Park, PrioritySector, Project, ProjectAttachment


def _join(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


def _own_city(obj) -> list[int]:
    return [obj.locality_id] if obj.locality_id else []


# Each object gives its Vietnamese text (with what belongs to no language: codes, numbers)
# and its English text apart: a result shows the reader's language (core.searchable).


def _in(language: str, value) -> str:
    with translation.override(language):
        return str(value)


def project_body(p: Project) -> str:
    documents = (_join(a.title, a.name, a.text) for a in p.attachments.all())
    return _join(
        p.code, p.description_vi, f"VSIC {p.vsic_code}", p.source_decision, *documents,
    )  # fmt: skip


# The park's kind last: it is searched for ("khu công nghệ cao") but the snippet opens the body,
# and the description names the park with its kind already ("khu công nghệ cao Khu công nghệ
# cao Đà Nẵng: …" was the snippet).
def park_body(p: Park) -> str:
    return _join(
        p.description_vi, p.infrastructure_vi, p.tenants, _in("vi", p.get_kind_display()),
    )  # fmt: skip


def park_body_en(p: Park) -> str:
    return _join(p.description_en, p.infrastructure_en, _in("en", p.get_kind_display()))


def enterprise_body(e: Enterprise) -> str:
    return _join(e.tax_code, f"VSIC {e.vsic_code}", e.products, e.capabilities)


def sector_body(s: PrioritySector) -> str:
    return _join(s.vsic_codes)


def register_all() -> None:
    """Register projects, parks, priority sectors and enterprises (from ready())."""
    register = searchable.register

    register(
        Project,
        kind="investment_project",
        label=_("Investment project"),
        title=lambda o: o.title_vi,
        title_en=lambda o: o.title_en,
        body=project_body,
        body_en=lambda o: o.description_en,
        url=lambda o: reverse("investment:project_detail", args=[o.code]),
        localities=_own_city,
        date=lambda o: o.updated_at.date() if o.updated_at else None,
        public=lambda o: o.is_public,
        readers=_own_city,
        queryset=lambda: Project.objects.prefetch_related("attachments"),
        follow={ProjectAttachment: lambda a: [a.project]},
    )
    register(
        Park,
        kind="investment_park",
        label=_("Industrial or high-tech park"),
        title=lambda o: o.name_vi,
        title_en=lambda o: o.name_en,
        body=park_body,
        body_en=park_body_en,
        url=lambda o: reverse("investment:park_detail", args=[o.slug]),
        localities=_own_city,
        public=lambda o: o.published,
        readers=_own_city,
    )
    register(
        PrioritySector,
        kind="priority_sector",
        label=_("Priority sector"),
        title=lambda o: o.name_vi,
        title_en=lambda o: o.name_en,
        body=sector_body,
        url=lambda o: reverse("investment:sectors") + f"#linh-vuc-{o.code}",
        localities=_own_city,
        public=lambda o: True,
        readers=_own_city,
    )
    register(
        Enterprise,
        kind="enterprise",
        label=_("Enterprise"),
        title=lambda o: o.name_vi,
        title_en=lambda o: o.name_en,
        body=enterprise_body,
        url=lambda o: reverse("investment:enterprise_detail", args=[o.tax_code]),
        localities=_own_city,
        public=lambda o: o.verification == Enterprise.Verification.VERIFIED,
        readers=_own_city,
    )
