"""The review report as a plain tree (header, parts, items, statistics, signature) that the
DOCX and PDF builders render the same way; `content.build_review` fills it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.text import slugify

from ..models import TaskStatus
from ..queries import StatusCounts
from .wording import STATE, period_phrase, vn_date, vn_int, vn_percent

# --- The tree ----------------------------------------------------------------------------------


@dataclass
class HeaderLine:
    text: str
    bold: bool = False
    underline: bool = False


@dataclass
class Header:
    """The first lines: issuer at left, national title (or Party title) at right."""

    layout: str
    issuer_lines: list[HeaderLine]  # parent body (normal caps), issuer (bold caps)
    issuer_mark: str  # "line" (Decree 30) or "*" (Guidance 36)
    number_line: str  # "Số: 15/BC-UBND" or "Số 15-BC/TU"
    national_lines: list[HeaderLine]  # the national title and the motto, or the Party title
    national_mark: str  # "line" under the motto, or "" (the Party title is underlined itself)
    place_date: str


@dataclass
class TaskItem:
    title: str
    lead: str
    lead_locality: str
    partners: list[str]
    start: dt.date
    due: dt.date
    completed_on: dt.date | None  # as of period_end
    state: str  # a TaskStatus value
    state_label: str
    progress: int
    report_on: dt.date | None = None  # the latest progress report within the period
    report_text: str = ""
    days_overdue: int = 0


@dataclass
class CommitmentItem:
    label: str  # "a)", "b)", …
    text: str
    tasks: list[TaskItem]


@dataclass
class FieldSection:
    number: str  # "2.1."
    title: str
    summary: str
    commitments: list[CommitmentItem]
    counts: StatusCounts


@dataclass
class StatRow:
    label: str
    counts: StatusCounts
    is_total: bool = False

    @property
    def cells(self) -> list[str]:
        c = self.counts
        return [
            self.label,
            vn_int(c.total),
            vn_int(c.done_on_time),
            vn_int(c.done_late),
            vn_int(c.in_term),
            vn_int(c.overdue),
            vn_percent(c.on_time_rate),
        ]


@dataclass
class Statistics:
    caption: str
    as_of: str  # "(tính đến ngày 30/6/2026)"
    columns: list[str]
    rows: list[StatRow]  # one per lead locality, then the total
    note: str


@dataclass
class Part:
    """A numbered part of the text: heading, paragraphs, then '- ' items, then the paragraphs
    that follow the list (a sentence ending "cụ thể:" is followed by its list, nothing else)."""

    heading: str
    paragraphs: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)


@dataclass
class Signature:
    authority: list[str]  # "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"
    title: str  # "PHÓ CHỦ TỊCH"
    name: str
    title_bold: bool = True


@dataclass
class Review:
    layout: str  # STATE or PARTY
    header: Header
    doc_type: str  # "BÁO CÁO"
    summary: str  # "Kết quả thực hiện …" (trích yếu)
    intro: list[str]
    results_heading: str  # "I. KẾT QUẢ THỰC HIỆN"
    overview: Part  # "1. Tình hình chung"
    statistics: Statistics
    by_field_heading: str  # "2. Kết quả theo từng lĩnh vực"
    sections: list[FieldSection]
    shortcomings: Part  # "II. TỒN TẠI, HẠN CHẾ"
    directions: Part  # "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"
    closing: str
    recipients_heading: str  # "Nơi nhận:"
    recipients: list[str]  # "- Văn phòng Chính phủ;" … "- Lưu: VT."
    signature: Signature
    period_start: dt.date
    period_end: dt.date
    issued_on: dt.date
    counts: StatusCounts
    issuer_name: str = ""
    title_for_metadata: str = ""

    @property
    def task_count(self) -> int:
        return self.counts.total

    def filename(self, extension: str) -> str:
        """An ASCII file name for downloads: 'bao-cao-15-bc-ubnd-6-thang-dau-nam-2026.docx'."""
        number = self.header.number_line.replace("Số:", "").replace("Số", "")
        period = period_phrase(self.period_start, self.period_end)
        text = f"bao cao {number.replace('/', ' ')} {period}".replace("đ", "d").replace("Đ", "D")
        return f"{slugify(text)}.{extension.lstrip('.')}"


def task_line(item: TaskItem, layout: str = STATE) -> tuple[str, str, str]:
    """A task as the builders print it: (title, details, state) — shared so both say the same."""
    details = [f"chủ trì: {item.lead}"]
    if item.partners:
        details.append("phối hợp: " + ", ".join(item.partners))
    details.append(f"thời hạn: {vn_date(item.due, layout)}")
    state = item.state_label[0].lower() + item.state_label[1:]
    if item.completed_on:
        state += f" (ngày {vn_date(item.completed_on, layout)})"
    elif item.state == TaskStatus.OVERDUE:
        state += f" {vn_int(item.days_overdue)} ngày; tiến độ {item.progress}%"
    else:
        state += f"; tiến độ {item.progress}%"
    return item.title, "; ".join(details), state


def report_line(item: TaskItem, layout: str = STATE) -> str:
    """The latest progress report quoted under a task, or ''."""
    if not item.report_text:
        return ""
    text = item.report_text
    return f"Kết quả (báo cáo ngày {vn_date(item.report_on, layout)}): {text}"
