"""What the exchange puts into the site search (hoptac.core.searchable)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from hoptac.core import searchable

from . import queries
from .models import Activity, Addressee, Answer, Attachment, ExperienceRequest, Policy, Practice


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
        p.summary_vi, p.body_vi, p.results, p.tags, p.organisation.name_vi, _files(p),
    )  # fmt: skip


def practice_body_en(p: Practice) -> str:
    return _join(p.summary_en, p.body_en)


def policy_body(p: Policy) -> str:
    return _join(p.number, p.issuer, p.summary_vi)


def request_body(r: ExperienceRequest) -> str:
    answers = [a for ad in r.addressees.all() for a in ad.answers.all()]
    return _join(r.question, *(_join(a.body, _files(a)) for a in answers))


def request_readers(r: ExperienceRequest) -> list[int]:
    return sorted({r.locality_id, *(a.locality_id for a in r.addressees.all())})


def activity_body(a: Activity) -> str:
    return _join(a.description, a.place, a.agenda, a.minutes, a.outcomes, _files(a))


def _request_of(row) -> list[ExperienceRequest]:
    """The request an answer (or an answer's file) belongs to."""
    answer = row if isinstance(row, Answer) else row.answer
    return [answer.addressee.request] if answer is not None else []


def register_all() -> None:
    """Register practices, policies, requests and activities (from ready())."""
    register = searchable.register
    register(
        Practice,
        kind="practice",
        label=_("Practice"),
        title=lambda o: o.title_vi,
        title_en=lambda o: o.title_en,
        body=practice_body,
        body_en=practice_body_en,
        url=lambda o: o.get_absolute_url(),
        localities=lambda o: [o.locality_id],
        fields=_field_ids,
        date=lambda o: _day(o.published_at or o.created_at),
        public=lambda o: o.is_public,
        readers=queries.readers_of,
        queryset=lambda: Practice.objects.select_related("organisation").prefetch_related(
            "fields", "attachments"
        ),
        follow={Attachment: lambda a: [a.practice]},
    )
    register(
        Policy,
        kind="policy",
        label=_("Policy"),
        title=lambda o: f"{o.number} — {o.title_vi}",
        title_en=lambda o: f"{o.number} — {o.title_en}" if o.title_en else "",
        body=policy_body,
        body_en=lambda o: o.summary_en,
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
        follow={
            Addressee: lambda a: [a.request],
            Answer: _request_of,
            Attachment: _request_of,
        },
    )
    register(
        Activity,
        kind="activity",
        label=_("Activity"),
        title=lambda o: o.title_vi,
        title_en=lambda o: o.title_en,
        body=activity_body,
        url=lambda o: o.get_absolute_url(),
        localities=lambda o: sorted({o.locality_id, o.host_locality_id}),
        fields=_field_ids,
        date=lambda o: _day(o.starts_at),
        public=lambda o: o.is_public,
        readers=queries.readers_of,
        queryset=lambda: Activity.objects.prefetch_related("fields", "attachments"),
        follow={Attachment: lambda a: [a.activity]},
    )
