"""What the exchange puts into the search index (hoptac.search.registry)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from . import queries
from .models import Activity, ExperienceRequest, Policy, Practice


def _join(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


def _files(obj) -> str:
    return _join(*(f"{a.name}\n{a.text}" for a in obj.attachments.all()))


def _field_ids(obj) -> list[int]:
    return [f.pk for f in obj.fields.all()]


def _day(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


def practice_body(p: Practice) -> str:
    return _join(
        p.title_en, p.summary_vi, p.summary_en, p.body_vi, p.body_en, p.results, p.tags,
        p.organisation.name_vi, _files(p),
    )  # fmt: skip


def policy_body(p: Policy) -> str:
    return _join(p.number, p.issuer, p.title_en, p.summary_vi, p.summary_en)


def request_body(r: ExperienceRequest) -> str:
    answers = [a for ad in r.addressees.all() for a in ad.answers.all()]
    return _join(r.question, *(_join(a.body, _files(a)) for a in answers))


def request_readers(r: ExperienceRequest) -> list[int]:
    return sorted({r.locality_id, *(a.locality_id for a in r.addressees.all())})


def activity_body(a: Activity) -> str:
    return _join(a.title_en, a.description, a.place, a.agenda, a.minutes, a.outcomes, _files(a))


def register_all() -> None:
    """Register practices, policies, requests and activities, if the search app is present."""
    try:
        from hoptac.search.registry import register
    except ImportError:
        return

    register(
        Practice,
        kind="practice",
        label=_("Practice"),
        title=lambda o: o.title_vi,
        body=practice_body,
        url=lambda o: o.get_absolute_url(),
        localities=lambda o: [o.locality_id],
        fields=_field_ids,
        date=lambda o: _day(o.published_at or o.created_at),
        public=lambda o: o.is_public,
        readers=queries.readers_of,
        queryset=lambda: Practice.objects.select_related("organisation").prefetch_related(
            "fields", "attachments"
        ),
    )
    register(
        Policy,
        kind="policy",
        label=_("Policy"),
        title=lambda o: f"{o.number} — {o.title_vi}",
        body=policy_body,
        url=lambda o: o.get_absolute_url(),
        localities=lambda o: [o.locality_id],
        fields=_field_ids,
        date=lambda o: o.issued_on,
        public=lambda o: o.is_public,
        readers=queries.readers_of,
        queryset=lambda: Policy.objects.prefetch_related("fields"),
    )
    register(
        ExperienceRequest,
        kind="experience_request",
        label=_("Experience request"),
        title=lambda o: o.subject,
        body=request_body,
        url=lambda o: o.get_absolute_url(),
        localities=request_readers,
        fields=_field_ids,
        date=lambda o: _day(o.sent_at),
        public=lambda o: False,
        readers=request_readers,
        queryset=lambda: ExperienceRequest.objects.prefetch_related(
            "fields", "addressees__answers__attachments"
        ),
    )
    register(
        Activity,
        kind="activity",
        label=_("Activity"),
        title=lambda o: o.title_vi,
        body=activity_body,
        url=lambda o: o.get_absolute_url(),
        localities=lambda o: sorted({o.locality_id, o.host_locality_id}),
        fields=_field_ids,
        date=lambda o: _day(o.starts_at),
        public=lambda o: o.is_public,
        readers=queries.readers_of,
        queryset=lambda: Activity.objects.prefetch_related("fields", "attachments"),
    )
