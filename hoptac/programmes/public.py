"""Reads of the public accountability pages (anchor: Decidim's accountability component).

What a citizen sees is what the coordinators chose to publish, commitment by commitment
(`actions.publish_commitment`): the commitment, its tasks' states and progress over time, the
evidence files marked public, the practices, layers, projects and indicators linked to it that an
anonymous reader may see (through `core.linkable`), and a change history written for citizens.
Nothing here depends on who reads: the pages are the same for everyone, signed in or not.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hoptac.core import dates, linkable

from .models import (
    Agreement,
    Commitment,
    CommitmentLink,
    Evidence,
    ExtensionRequest,
    ProgressReport,
    Task,
)
from .queries import LinkedTarget, with_status


def published_commitments() -> QuerySet[Commitment]:
    """Commitments on the public pages."""
    return Commitment.objects.filter(published_at__isnull=False)


def public_agreements() -> QuerySet[Agreement]:
    """Agreements with at least one published commitment, with how many are published."""
    return (
        Agreement.objects.filter(
            Exists(published_commitments().filter(agreement_id=OuterRef("pk")))
        )
        .select_related("issuer")
        .annotate(
            published_count=Count("commitments", filter=Q(commitments__published_at__isnull=False))
        )
        .order_by("-signed_on", "reference")
    )


def public_evidence() -> QuerySet[Evidence]:
    """Evidence files marked public, of tasks of published commitments."""
    return Evidence.objects.filter(
        is_public=True, report__task__commitment__published_at__isnull=False
    )


@dataclass
class PublicEvent:
    """One line of the history a citizen reads."""

    when: dt.datetime
    kind: str  # published, created, extended, reported, done, reopened
    text: str
    commitment: Commitment
    task: Task | None = None
    progress: int | None = None
    key: str = ""
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class PublicCommitment:
    """A published commitment with everything its public page shows."""

    commitment: Commitment
    tasks: list[Task]
    progress: int  # mean of its tasks' progress, in %
    series: list[tuple[dt.date, int]]
    evidence: list[Evidence]
    carried_out_by: list[LinkedTarget]
    events: list[PublicEvent]


def _tasks_prefetch(today: dt.date) -> Prefetch:
    reports = ProgressReport.objects.order_by("reported_on", "pk").prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.filter(is_public=True).order_by("pk"))
    )
    extensions = ExtensionRequest.objects.filter(state=ExtensionRequest.State.APPROVED).order_by(
        "decided_at"
    )
    return Prefetch(
        "tasks",
        queryset=with_status(Task.objects.all(), today)
        .select_related("lead")
        .prefetch_related(
            Prefetch("reports", queryset=reports),
            Prefetch("extensions", queryset=extensions),
        )
        .order_by("due_date", "pk"),
    )


def public_commitments(
    commitments: QuerySet[Commitment], today: dt.date | None = None, notes: bool = False
) -> list[PublicCommitment]:
    """The published ones of `commitments`, each with its tasks, progress over time, public
    evidence, visible links and history: a fixed number of queries whatever their number.
    With `notes` (one commitment's page), each link also carries what its app says of it since
    the agreement was signed (an indicator target's trend: a query per such link)."""
    today = today or dates.today()
    rows = list(
        commitments.filter(published_at__isnull=False)
        .select_related("agreement")
        .prefetch_related(
            "fields",
            _tasks_prefetch(today),
            Prefetch("links", queryset=CommitmentLink.objects.prefetch_related("target")),
        )
        .order_by("agreement", "order", "pk")
    )
    targets = [link.target for c in rows for link in c.links.all()]
    anonymous = AnonymousUser()
    shown = {(type(o), o.pk) for o in linkable.keep_visible(anonymous, targets)}
    out = []
    for c in rows:
        tasks = list(c.tasks.all())
        evidence = [e for t in tasks for r in t.reports.all() for e in r.evidence.all()]
        carried = [
            LinkedTarget(
                link.target,
                linkable.kind_of(link.target).url(link.target),
                tuple(
                    linkable.report_lines(anonymous, link.target, c.agreement.signed_on, today)
                    if notes
                    else ()
                ),
            )
            for link in c.links.all()
            if link.target is not None and (type(link.target), link.target.pk) in shown
        ]
        out.append(
            PublicCommitment(
                commitment=c,
                tasks=tasks,
                progress=round(sum(t.progress for t in tasks) / len(tasks)) if tasks else 0,
                series=progress_series(tasks),
                evidence=evidence,
                carried_out_by=carried,
                events=_events(c, tasks),
            )
        )
    return out


def progress_series(tasks: list[Task]) -> list[tuple[dt.date, int]]:
    """The commitment's progress after each report date: the mean of its tasks' latest reported
    progress (0 before a task's first report), from the first task's start."""
    if not tasks:
        return []
    latest: dict[int, int] = dict.fromkeys((t.pk for t in tasks), 0)
    by_date: dict[dt.date, list[ProgressReport]] = defaultdict(list)
    for t in tasks:
        for r in t.reports.all():
            by_date[r.reported_on].append(r)
    series = [(min(t.start_date for t in tasks), 0)]
    for day in sorted(by_date):
        for r in sorted(by_date[day], key=lambda r: r.pk):
            latest[r.task_id] = r.progress
        point = (day, round(sum(latest.values()) / len(latest)))
        if series[-1][0] == day:
            series[-1] = point
        else:
            series.append(point)
    return series


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def _events(c: Commitment, tasks: list[Task]) -> list[PublicEvent]:
    """The citizen's history of one commitment, newest first."""
    events = [
        PublicEvent(c.published_at, "published", str(_("Published")), c, key=f"c{c.pk}-published")
    ]
    for t in tasks:
        events.append(
            PublicEvent(
                _aware(t.start_date),
                "created",
                str(_("Task assigned to %(lead)s, due %(due)s"))
                % {"lead": t.lead.name, "due": t.baseline_due_date.strftime("%d/%m/%Y")},
                c,
                t,
                key=f"t{t.pk}-created",
            )
        )
        for ext in t.extensions.all():
            events.append(
                PublicEvent(
                    ext.decided_at or _aware(ext.new_due),
                    "extended",
                    str(_("Due date moved from %(before)s to %(after)s"))
                    % {
                        "before": ext.current_due.strftime("%d/%m/%Y"),
                        "after": ext.new_due.strftime("%d/%m/%Y"),
                    },
                    c,
                    t,
                    key=f"x{ext.pk}",
                )
            )
        for r in t.reports.all():
            if r.reopened:
                kind, text = "reopened", _("Reopened by the coordinator; progress %(p)s%%")
            elif r.completed:
                kind, text = "done", _("Reported done")
            else:
                kind, text = "reported", _("Progress reported: %(p)s%%")
            events.append(
                PublicEvent(
                    _aware(r.reported_on),
                    kind,
                    str(text) % {"p": r.progress},
                    c,
                    t,
                    progress=r.progress,
                    key=f"r{r.pk}",
                    evidence=list(r.evidence.all()),
                )
            )
    events.sort(key=lambda e: (e.when, e.key), reverse=True)
    return events


def timeline(items: list[PublicCommitment], limit: int = 200) -> list[PublicEvent]:
    """The events of several published commitments, newest first."""
    events = [e for item in items for e in item.events]
    events.sort(key=lambda e: (e.when, e.key), reverse=True)
    return events[:limit]


def chart_points(series: list[tuple[dt.date, int]], width: int = 800, height: int = 200) -> Any:
    """The SVG polyline of a progress series (x by date, y by percent), with its axis labels."""
    if not series:
        return None
    first, last = series[0][0], max(series[-1][0], dates.today())
    span = max((last - first).days, 1)
    pad = 8
    points = [
        (
            round(pad + (day - first).days / span * (width - 2 * pad), 1),
            round(height - pad - pct / 100 * (height - 2 * pad), 1),
        )
        for day, pct in series
    ]
    # the line runs on at the last value up to today
    points.append((width - pad, points[-1][1]))
    return {
        "width": width,
        "height": height,
        "mid": height // 2,
        "polyline": " ".join(f"{x},{y}" for x, y in points),
        "dots": [(f"{x:.1f}", f"{y:.1f}") for x, y in points[:-1]],
        "first": first,
        "last": last,
    }
