"""The demo's public accountability: the Hanoi coordinator publishes the commitments of the 2138
notice whose tasks have moved (a report, an extension); the lead's coordinator makes the latest
report of each of their tasks public as a file; and, once the other apps' demos are loaded, each
published commitment is linked to the public practices, policies, activities, layers and
projects that carry it out. Idempotent: what is already published, public or linked is left.

Nothing is invented: an evidence file is the progress report itself, set as the report document
the lead body files (its task, commitment, date, percentage and text, all from the demo); a link
joins a commitment only to an object that shares one of its cooperation fields, or that belongs
to the lead or a partner body of one of its tasks."""

from __future__ import annotations

import io
from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from hoptac.core import files as files_mod
from hoptac.core import linkable
from hoptac.core.demo import ACCOUNT_PREFIX
from hoptac.core.models import CooperationField, User

from . import actions
from .models import Commitment, Evidence, ProgressReport, TaskStatus

AGREEMENT = "2138-TB/TU"
LINKS_PER_KIND = 2


def _coordinator(locality_code: str) -> User | None:
    prefix = ACCOUNT_PREFIX.get(locality_code)
    return User.objects.filter(username=f"{prefix}-dieuphoi").first() if prefix else None


def load(log: Callable[[str], None]) -> None:
    coordinator = _coordinator("01")
    if coordinator is None:
        return
    moved = (
        Commitment.objects.filter(agreement__reference=AGREEMENT, tasks__reports__isnull=False)
        .distinct()
        .order_by("order", "pk")[:4]
    )
    published = 0
    for commitment in moved:
        if commitment.published_at is None:
            actions.publish_commitment(commitment, coordinator)
            published += 1
    if published:
        log(f"programmes: {published} commitments published on the public pages")
    made_public = _publish_evidence()
    if made_public:
        log(f"programmes: {made_public} evidence files made public")


# --- evidence ----------------------------------------------------------------------------------
def report_pdf(report: ProgressReport) -> bytes:
    """The progress report as the document its lead body files: one A4 page, Vietnamese."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    from hoptac.core import pdf_fonts as fonts

    task = report.task
    agreement = task.commitment.agreement
    with translation.override("vi"):
        kind = str(agreement.get_kind_display())
    body = ParagraphStyle("body", fontName=fonts.face(), fontSize=13, leading=18)
    bold = ParagraphStyle("bold", parent=body, fontName=fonts.face(bold=True))
    title = ParagraphStyle("title", parent=bold, fontSize=14, alignment=1, spaceAfter=6)
    state = "hoàn thành" if report.completed else f"đạt {report.progress}%"
    lines = [
        Paragraph(escape(task.lead.name_vi.upper()), bold),
        Spacer(1, 8 * mm),
        Paragraph("BÁO CÁO KẾT QUẢ THỰC HIỆN NHIỆM VỤ", title),
        Paragraph(escape(f"Thực hiện {kind} số {agreement.reference}"), body),
        Spacer(1, 4 * mm),
        Paragraph(f"<b>Nhiệm vụ:</b> {escape(task.title)}", body),
        Paragraph(f"<b>Nội dung cam kết:</b> {escape(task.commitment.text)}", body),
        Paragraph(f"<b>Ngày báo cáo:</b> {report.reported_on:%d/%m/%Y}", body),
        Paragraph(f"<b>Tiến độ:</b> {escape(state)}", body),
        Spacer(1, 4 * mm),
        Paragraph(f"<b>Kết quả thực hiện:</b> {escape(report.text)}", body),
    ]
    out = io.BytesIO()
    SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=30 * mm,
        rightMargin=15 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=f"Báo cáo kết quả thực hiện nhiệm vụ: {task.title}",
        author=task.lead.name_vi,
        creator="Hoptac",
    ).build(lines)
    return out.getvalue()


def _publish_evidence() -> int:
    """The latest report of each task of a published commitment gets its document as an evidence
    file (once), which the coordinator of the lead's locality makes public."""
    made_public = 0
    reports = (
        ProgressReport.objects.filter(
            task__commitment__agreement__reference=AGREEMENT,
            task__commitment__published_at__isnull=False,
        )
        .select_related("task__lead__locality", "task__commitment__agreement")
        .order_by("task_id", "-reported_on", "-pk")
    )
    seen: set[int] = set()
    for report in reports:
        if report.task_id in seen:
            continue
        seen.add(report.task_id)
        coordinator = _coordinator(report.task.lead.locality.code)
        if coordinator is None:
            continue
        evidence = report.evidence.order_by("pk").first() or _attach(report)
        if not evidence.is_public:
            actions.set_evidence_public(evidence, coordinator, True)
            made_public += 1
    return made_public


def _attach(report: ProgressReport) -> Evidence:
    name = f"bao-cao-ket-qua-{report.reported_on:%Y-%m-%d}.pdf"
    upload = SimpleUploadedFile(name, report_pdf(report), content_type="application/pdf")
    checked = files_mod.check_upload(upload, kinds=files_mod.EVIDENCE, extract=False)
    return Evidence.objects.create(
        report=report,
        file=files_mod.store(checked, "evidence"),
        name=checked.name,
        size=checked.size,
        content_type=checked.content_type,
    )


# --- links (after the other apps' demos) -------------------------------------------------------
def _field_relation(model) -> str | None:
    for f in model._meta.get_fields():
        if f.many_to_many and f.related_model is CooperationField:
            return f.name
    return None


def _carried_out_by(commitment: Commitment, anonymous: AnonymousUser) -> list[tuple]:
    """What a citizen may see that carries the commitment out, by kind (at most LINKS_PER_KIND
    of each): the same cooperation field, or a body that leads or partners one of its tasks."""
    fields = [f.pk for f in commitment.fields.all()]
    leads = {t.lead_id for t in commitment.tasks.all()}
    bodies = leads | {p.pk for t in commitment.tasks.all() for p in t.partners.all()}
    found = []
    for kind in linkable.kinds(linkable=True):
        relation = _field_relation(kind.model)
        public = kind.visible_to(anonymous)
        if relation is not None:
            matching = public.filter(**{f"{relation}__in": fields})
        elif any(f.name == "organisation" for f in kind.model._meta.get_fields()):
            matching = public.filter(organisation_id__in=bodies)
        else:
            continue
        # the lead's own objects first, then its partners'
        ranked = sorted(
            matching.distinct(),
            key=lambda o: (getattr(o, "organisation_id", None) not in leads, o.pk),
        )
        found += [(kind, t) for t in ranked[:LINKS_PER_KIND]]
    return found


# The indicators (of `hoptac.indicators.keys`) that measure a cooperation field's work: a
# target on one is linked to the first commitment of that field to which its city is a party.
FIELD_INDICATORS = {"dich-vu-cong": ("766:online_share",)}


def _link_goals(coordinator: User, commitments: list[Commitment]) -> int:
    """Name the public indicator targets in the commitments whose field they measure (the
    commitment published if it was not), so that its public page shows the trend."""
    kind = linkable.kind("indicators.indicatorgoal")
    if kind is None:
        return 0
    made = 0
    goals = kind.visible_to(AnonymousUser())
    for code, indicators in FIELD_INDICATORS.items():
        for goal in goals.filter(indicator__in=indicators).order_by("pk"):
            commitment = next(
                (
                    c
                    for c in commitments
                    if any(f.code == code for f in c.fields.all())
                    and c.agreement.parties.filter(pk=goal.locality_id).exists()
                ),
                None,
            )
            if commitment is None:
                continue
            if commitment.published_at is None:
                actions.publish_commitment(commitment, coordinator)
                commitment.published_at = True
            content_type = ContentType.objects.get_for_model(kind.model)
            if not commitment.links.filter(content_type=content_type, object_id=goal.pk).exists():
                actions.link_commitment(coordinator, commitment, kind.key, goal.pk)
                made += 1
    return made


def load_links(log: Callable[[str], None]) -> None:
    """Once every app's demo is in: publish the commitments that something public carries out
    (the first of each kind of object, and one in each of the four states), link every published
    commitment to what carries it out, and make their latest reports public."""
    coordinator = _coordinator("01")
    if coordinator is None:
        return
    anonymous = AnonymousUser()
    commitments = list(
        Commitment.objects.filter(agreement__reference=AGREEMENT)
        .select_related("agreement")
        .prefetch_related("fields", "tasks__partners", "links")
        .order_by("order", "pk")
    )
    carried = {c.pk: _carried_out_by(c, anonymous) for c in commitments}
    already = {c.pk for c in commitments if c.published_at is not None}
    chosen: list[Commitment] = []
    for kind in linkable.kinds(linkable=True):
        first = next((c for c in commitments if any(k == kind for k, _t in carried[c.pk])), None)
        if first is not None and first not in chosen:
            chosen.append(first)
    states = {t.status for c in chosen for t in c.tasks.all()}
    for state in TaskStatus.values:
        if state in states:
            continue
        first = next(
            (
                c
                for c in commitments
                if carried[c.pk] and any(t.status == state for t in c.tasks.all())
            ),
            None,
        )
        if first is not None and first not in chosen:
            chosen.append(first)
    for commitment in chosen:
        if commitment.published_at is None:
            actions.publish_commitment(commitment, coordinator)
            commitment.published_at = True  # noted for the links below
    # The goals first: the commitment a goal publishes gets its other links in this same load
    # (linked after them, a second load added them: the demo must load the same twice).
    made = _link_goals(coordinator, commitments)
    for commitment in commitments:
        if commitment.published_at is None:
            continue
        have = {(link.content_type_id, link.object_id) for link in commitment.links.all()}
        for kind, target in carried[commitment.pk]:
            content_type = ContentType.objects.get_for_model(kind.model)
            if (content_type.pk, target.pk) not in have:
                actions.link_commitment(coordinator, commitment, kind.key, target.pk)
                made += 1
    made_public = _publish_evidence()
    # counted once every publication is made: a goal's link publishes its commitment too (the
    # log said 5 more where the public page showed 6)
    published = sum(c.published_at is not None and c.pk not in already for c in commitments)
    if published or made or made_public:
        log(
            f"programmes: {published} more commitments published, {made} links to what carries "
            f"them out, {made_public} evidence files made public"
        )
