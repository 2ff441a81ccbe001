"""What the review report says, as a plain tree both builders render the same way.

The report ("Báo cáo kết quả thực hiện …") follows Decree 30/2020/ND-CP when a State body issues
it, and Guidance 36-HD/VPTW when the issuer is a Party committee or one of its boards. The
layout is chosen by the body that issues *the report* (the `issuer` argument), not by the body
that issued the agreement: a People's Committee reports on a Party notice in State form.

Reads go through `hoptac.programmes.queries`, filtered by what `user` may see, in a constant
number of queries. States are those on `period_end`: a task completed after the period counts
as not done; progress reports are those dated up to `period_end`, and the text quoted is the
latest one dated within the period.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import OuterRef, Subquery

from hoptac.core import dates
from hoptac.core.models import Organisation, User

from ..models import Agreement, ProgressReport, Task, TaskStatus, derive_status
from ..queries import StatusCounts, group_by_field, tasks_visible_to
from .linked import notes_by_commitment
from .tree import (
    CommitmentItem,
    FieldSection,
    Header,
    HeaderLine,
    Part,
    Review,
    Signature,
    Statistics,
    StatRow,
    TaskItem,
)
from .wording import (
    AGREEMENT_KINDS,
    PARTY,
    PARTY_KINDS,
    STATE,
    STATE_LABELS,
    STATE_ORDER,
    _clean,
    _count,
    _counts_sentence,
    _in_period,
    _letter,
    _lower_first,
    _number,
    _results,
    _short_name,
    period_phrase,
    vn_date,
    vn_date_line,
    vn_int,
)


def _header(issuer: Organisation, layout: str, number: str, place: str, today: dt.date) -> Header:
    lines: list[HeaderLine] = []
    parent = issuer.parent if issuer.parent_id else None
    if layout == PARTY:
        if parent is not None:
            lines.append(HeaderLine(parent.name_vi.upper()))
            lines.append(HeaderLine(_short_name(issuer).upper(), bold=True))
        else:
            lines.append(HeaderLine(issuer.name_vi.upper(), bold=True))
        national = [HeaderLine("ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, underline=True)]
        number_line = _number("Số", number)
        return Header(PARTY, lines, "*", number_line, national, "", vn_date_line(place, today))

    name = issuer.name_vi.upper()
    if parent is not None:
        parent_name = parent.name_vi.upper().replace("ỦY BAN NHÂN DÂN", "UBND")
        lines.append(HeaderLine(parent_name))
        lines.append(HeaderLine(_short_name(issuer).upper(), bold=True))
    elif name.startswith("ỦY BAN NHÂN DÂN "):
        lines.append(HeaderLine("ỦY BAN NHÂN DÂN", bold=True))
        lines.append(HeaderLine(name[len("ỦY BAN NHÂN DÂN ") :], bold=True))
    else:
        lines.append(HeaderLine(name, bold=True))
    national = [
        HeaderLine("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True),
        HeaderLine("Độc lập - Tự do - Hạnh phúc", bold=True),
    ]
    number_line = _number("Số:", number)
    return Header(STATE, lines, "line", number_line, national, "line", vn_date_line(place, today))


def _signature(
    issuer: Organisation, layout: str, signer_name: str, signer_title: str, authority
) -> Signature:
    title = signer_title.strip().upper()
    deputy = title.startswith("PHÓ ")
    if authority is None:
        authority = []
        if layout == PARTY:
            if issuer.kind == Organisation.Kind.PARTY_COMMITTEE:
                authority = ["T/M BAN THƯỜNG VỤ"]
            elif deputy:
                authority = ["K/T " + title[4:]]
        elif issuer.kind == Organisation.Kind.PEOPLES_COMMITTEE:
            authority = ["TM. ỦY BAN NHÂN DÂN"] + (["KT. " + title[4:]] if deputy else [])
        elif deputy:
            authority = ["KT. " + title[4:]]
    # Guidance 36 sets the signer's post in regular capitals; Decree 30 in bold.
    return Signature(list(authority), title, signer_name.strip(), title_bold=layout != PARTY)


def _recipients(
    recipients: list[str], layout: str, issuer: Organisation, archive: str | None
) -> list[str]:
    sep = "," if layout == PARTY else ";"
    lines = [r.strip().lstrip("-").strip().rstrip(";,.") for r in recipients if r.strip()]
    if archive is None:
        has_archive = any(line.startswith("Lưu") for line in lines)
        if has_archive:
            archive = ""
        elif layout == PARTY:
            committee = issuer if issuer.kind == Organisation.Kind.PARTY_COMMITTEE else None
            archive = (
                f"Lưu Văn phòng {_short_name(committee)}" if committee else "Lưu Văn phòng Ban"
            )
        else:
            archive = "Lưu: VT"
    if archive:
        lines.append(archive.rstrip("."))
    out = []
    for i, line in enumerate(lines):
        end = "." if i == len(lines) - 1 else sep
        out.append(f"- {line}{end}")
    return out


def _fetch_tasks(agreement: Agreement, user: User, end: dt.date) -> list[dict]:
    """The visible tasks of the agreement that had started by the end of the period, with the
    latest progress report up to that day and the partners' names: two queries, as plain rows
    (thousands of model instances, with their localities' geometries, would cost a second)."""
    latest = ProgressReport.objects.filter(task=OuterRef("pk"), reported_on__lte=end).order_by(
        "-reported_on", "-pk"
    )
    visible = tasks_visible_to(user).filter(commitment__agreement=agreement, start_date__lte=end)
    rows = list(
        visible.annotate(
            report_on=Subquery(latest.values("reported_on")[:1]),
            report_text=Subquery(latest.values("text")[:1]),
            report_progress=Subquery(latest.values("progress")[:1]),
        )
        .order_by("due_date", "pk")
        .values(
            "pk",
            "commitment_id",
            "title",
            "lead__name_vi",
            "lead__locality__name_vi",
            "start_date",
            "due_date",
            "completed_on",
            "progress",
            "report_on",
            "report_text",
            "report_progress",
        )
    )
    partners: dict[int, list[str]] = {}
    through = Task.partners.through
    for task_id, name in (
        through.objects.filter(task_id__in=visible.values("pk"))
        .order_by("organisation__name_vi")
        .values_list("task_id", "organisation__name_vi")
    ):
        partners.setdefault(task_id, []).append(name)
    for row in rows:
        row["partners"] = partners.get(row["pk"], [])
    return rows


def _task_item(row: dict, start: dt.date, end: dt.date, current: dt.date) -> TaskItem:
    """One task as the report shows it; `current` is the real date (asked once per report)."""
    done = row["completed_on"]
    completed = done if done and done <= end else None
    state = derive_status(row["due_date"], completed, end)
    if completed is not None:
        progress = 100
    elif row["report_progress"] is not None:
        progress = row["report_progress"]
    else:
        progress = row["progress"] if end >= current else 0
    report_on = row["report_on"]
    in_period = report_on is not None and report_on >= start
    return TaskItem(
        title=_clean(row["title"]).rstrip("."),
        lead=row["lead__name_vi"],
        lead_locality=row["lead__locality__name_vi"],
        partners=row["partners"],
        start=row["start_date"],
        due=row["due_date"],
        completed_on=completed,
        state=str(state),
        state_label=STATE_LABELS[state],
        progress=min(100, max(0, int(progress or 0))),
        report_on=report_on if in_period else None,
        report_text=_clean(row["report_text"]) if in_period else "",
        days_overdue=(end - row["due_date"]).days if state == TaskStatus.OVERDUE else 0,
    )


def build_review(
    agreement: Agreement,
    *,
    period_start: dt.date,
    period_end: dt.date,
    issuer: Organisation,
    number: str,
    signer_name: str,
    signer_title: str,
    place: str,
    recipients: list[str],
    user: User,
    today: dt.date | None = None,
    authority: list[str] | None = None,
    archive: str | None = None,
    directions: list[str] | None = None,
) -> Review:
    """The review report of `agreement` for a period, as `user` may see it.

    `number` is the number and symbol ("15/BC-UBND", "15-BC/TU"; "/BC-UBND" leaves the number
    for the registry to fill). `today` is the date printed on the report (default: today).
    `authority` overrides the lines above the signer's post ("TM. ỦY BAN NHÂN DÂN", …),
    `archive` the last recipient line, `directions` the generated "Phương hướng" items.
    """
    if period_end < period_start:
        raise ValueError("period_end is before period_start")
    current = dates.today()
    today = today or current
    layout = PARTY if issuer.kind in PARTY_KINDS else STATE
    issuer = Organisation.objects.select_related("parent", "locality").get(pk=issuer.pk)
    parties = list(agreement.parties.order_by("code").only("pk", "code", "name_vi"))

    commitments = list(agreement.commitments.prefetch_related("fields").order_by("order", "pk"))
    by_commitment: dict[int, list[TaskItem]] = {}
    all_items: list[TaskItem] = []
    for row in _fetch_tasks(agreement, user, period_end):
        item = _task_item(row, period_start, period_end, current)
        by_commitment.setdefault(row["commitment_id"], []).append(item)
        all_items.append(item)
    counts = _count(all_items)

    kind = AGREEMENT_KINDS.get(agreement.kind, "Văn bản")
    reference = (
        f"{kind} số {agreement.reference} ngày {vn_date(agreement.signed_on, layout)} "
        f"của {agreement.issuer.name_vi}"
    )
    period = period_phrase(period_start, period_end, layout)
    issuer_name = issuer.name_vi
    notes = notes_by_commitment(commitments, user, period_start, period_end)
    sections, unassigned = _field_sections(commitments, by_commitment, notes)
    if directions is None:
        directions = _directions(all_items, counts, unassigned, parties, issuer, period_end, layout)
    who = issuer_name if layout == STATE else f"Ban Thường vụ {issuer_name}"
    if layout == PARTY and issuer.kind != Organisation.Kind.PARTY_COMMITTEE:
        who = issuer_name
    intro = [
        f"Thực hiện {reference} {_subject(agreement, kind)}, {who} báo cáo kết quả thực hiện "
        f"{period} như sau:"
    ]
    closing = f"Trên đây là báo cáo kết quả thực hiện {reference} {period} của {who}./."
    summary = f"Kết quả thực hiện {reference} {period}"
    return Review(
        layout=layout,
        header=_header(issuer, layout, number, place, today),
        doc_type="BÁO CÁO",
        summary=summary,
        intro=intro,
        results_heading="I. KẾT QUẢ THỰC HIỆN",
        overview=_overview(
            reference, commitments, sections, all_items, counts, period_start, period_end, layout
        ),
        statistics=_statistics(parties, all_items, counts, period_end, layout),
        by_field_heading="2. Kết quả theo từng lĩnh vực",
        sections=sections,
        shortcomings=_shortcomings(all_items, counts, unassigned, layout),
        directions=Part("III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", items=list(directions)),
        closing=closing,
        recipients_heading="Nơi nhận:",
        recipients=_recipients(recipients, layout, issuer, archive),
        signature=_signature(issuer, layout, signer_name, signer_title, authority),
        period_start=period_start,
        period_end=period_end,
        issued_on=today,
        counts=counts,
        issuer_name=issuer_name,
        title_for_metadata=f"Báo cáo {summary[0].lower()}{summary[1:]}",
    )


def _subject(agreement: Agreement, kind: str) -> str:
    """What the agreement is about, to follow its reference ("kết luận …", "về …")."""
    subject = agreement.title.strip().rstrip(".")
    if subject.lower().startswith(kind.lower() + " "):
        return subject[len(kind) + 1 :]  # "Thông báo kết luận …" -> "kết luận …"
    return "về " + _lower_first(subject)


def _field_sections(
    commitments: list,
    by_commitment: dict[int, list[TaskItem]],
    notes: dict[int, list[str]] | None = None,
) -> tuple[list[FieldSection], int]:
    """Part I.2, a section per field in the fields' order (commitments under their first field),
    and how many commitments have no task."""
    sections: list[FieldSection] = []
    unassigned = 0
    for index, (fld, group) in enumerate(group_by_field(commitments), start=1):
        items = []
        field_tasks: list[TaskItem] = []
        for j, commitment in enumerate(group):
            ctasks = by_commitment.get(commitment.pk, [])
            if not ctasks:
                unassigned += 1
            field_tasks.extend(ctasks)
            items.append(
                CommitmentItem(
                    _letter(j),
                    _clean(commitment.text),
                    ctasks,
                    [_clean(n) for n in (notes or {}).get(commitment.pk, [])],
                )
            )
        fcounts = _count(field_tasks)
        title = fld.name_vi if fld is not None else "Các nội dung khác"
        sections.append(
            FieldSection(f"2.{index}.", title, _counts_sentence(fcounts), items, fcounts)
        )
    return sections, unassigned


def _statistics(
    parties: list, all_items: list[TaskItem], counts: StatusCounts, period_end: dt.date, layout: str
) -> Statistics:
    """Table 1: the tasks by lead locality, the agreement's parties first, then the total."""
    by_locality: dict[str, list[TaskItem]] = {}
    for party in parties:
        by_locality[party.name_vi] = []
    for item in all_items:
        by_locality.setdefault(item.lead_locality, []).append(item)
    rows = [StatRow(name, _count(items)) for name, items in by_locality.items()]
    rows.append(StatRow("Tổng cộng", counts, is_total=True))
    return Statistics(
        caption="Bảng 1. Tình hình thực hiện nhiệm vụ theo địa phương chủ trì",
        as_of=f"(tính đến ngày {vn_date(period_end, layout)})",
        columns=[
            "Địa phương chủ trì",
            "Tổng số",
            *[STATE_LABELS[s] for s in STATE_ORDER],
            "Tỷ lệ đúng hạn (*)",
        ],
        rows=rows,
        note="(*) Tỷ lệ nhiệm vụ hoàn thành đúng hạn trên tổng số nhiệm vụ đã hoàn thành.",
    )


def _overview(
    reference: str,
    commitments: list,
    sections: list[FieldSection],
    all_items: list[TaskItem],
    counts: StatusCounts,
    period_start: dt.date,
    period_end: dt.date,
    layout: str,
) -> Part:
    """Part I.1: how many commitments and tasks, and the results in the period."""
    completed_in_period = sum(
        1 for i in all_items if i.completed_on and period_start <= i.completed_on <= period_end
    )
    reported_in_period = sum(1 for i in all_items if i.report_on)
    paragraphs = [
        f"{reference} có {vn_int(len(commitments))} nội dung hợp tác thuộc "
        f"{vn_int(len(sections))} lĩnh vực. Đến ngày {vn_date(period_end, layout)}, các cơ quan, "
        f"đơn vị đã được giao {vn_int(counts.total)} nhiệm vụ cụ thể để triển khai thực hiện."
        if counts.total
        else f"{reference} có {vn_int(len(commitments))} nội dung hợp tác thuộc "
        f"{vn_int(len(sections))} lĩnh vực; đến ngày {vn_date(period_end, layout)} chưa có "
        "nhiệm vụ cụ thể nào được giao.",
    ]
    if counts.total:
        paragraphs.append(
            _results(counts) + " " + _in_period(completed_in_period, reported_in_period)
        )
    return Part("1. Tình hình chung", paragraphs)


def _shortcomings(
    all_items: list[TaskItem], counts: StatusCounts, unassigned: int, layout: str
) -> Part:
    """Part II: overdue tasks, late completions, commitments without a task."""
    overdue = sorted(
        (i for i in all_items if i.state == TaskStatus.OVERDUE),
        key=lambda i: (-i.days_overdue, i.title),
    )
    short = Part("II. TỒN TẠI, HẠN CHẾ")
    if overdue:
        short.paragraphs.append(
            f"Còn {vn_int(len(overdue))} nhiệm vụ chưa hoàn thành đã quá thời hạn, cụ thể:"
        )
        short.items = [
            f"{i.title} (chủ trì: {i.lead}; thời hạn: {vn_date(i.due, layout)}; "
            f"quá hạn {vn_int(i.days_overdue)} ngày; tiến độ {i.progress}%)."
            for i in overdue
        ]
    else:
        short.paragraphs.append("Không có nhiệm vụ nào chưa hoàn thành đã quá thời hạn.")
    extra = []
    if counts.done_late:
        extra.append(
            f"{vn_int(counts.done_late)} nhiệm vụ hoàn thành nhưng chậm so với thời hạn được giao"
        )
    if unassigned:
        extra.append(f"{vn_int(unassigned)} nội dung hợp tác chưa được cụ thể hóa thành nhiệm vụ")
    if extra:  # after the list of overdue tasks, never between "cụ thể:" and its list
        short.after.append("Ngoài ra, còn " + "; ".join(extra) + ".")
    return short


def _directions(
    all_items: list[TaskItem],
    counts: StatusCounts,
    unassigned: int,
    parties: list,
    issuer: Organisation,
    period_end: dt.date,
    layout: str,
) -> list[str]:
    """Part III, generated from the open work: overdue, in term, unassigned, then cooperation."""
    directions = []
    if counts.overdue:
        directions.append(
            f"Các cơ quan chủ trì khẩn trương hoàn thành {vn_int(counts.overdue)} nhiệm vụ "
            "đã quá hạn; trường hợp cần điều chỉnh thời hạn, đề xuất gia hạn kèm lý do cụ "
            "thể để xem xét, quyết định."
        )
    if counts.in_term:
        horizon = period_end + dt.timedelta(days=90)
        soon = sum(1 for i in all_items if i.state == TaskStatus.IN_TERM and i.due <= horizon)
        due_soon = (
            f", trong đó {vn_int(soon)} nhiệm vụ đến hạn trước ngày {vn_date(horizon, layout)}"
            if soon
            else ""
        )
        directions.append(
            f"Tiếp tục triển khai {vn_int(counts.in_term)} nhiệm vụ còn trong hạn{due_soon}, "
            "bảo đảm tiến độ và chất lượng."
        )
    if unassigned:
        directions.append(
            f"Giao nhiệm vụ cụ thể, xác định rõ cơ quan chủ trì, phối hợp và thời hạn cho "
            f"{vn_int(unassigned)} nội dung hợp tác chưa có nhiệm vụ."
        )
    partners = [p.name_vi for p in parties if p.pk != issuer.locality_id]
    with_whom = f" với {', '.join(partners)}" if partners else ""
    directions.append(
        f"Tăng cường phối hợp{with_whom} trong trao đổi, chia sẻ kinh nghiệm; định kỳ cập "
        "nhật tiến độ, kết quả thực hiện nhiệm vụ kèm tài liệu minh chứng trên hệ thống "
        "Hoptac."
    )
    return directions
