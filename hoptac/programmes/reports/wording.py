"""The words of the review report: its two layouts, Vietnamese numbers and dates as Decree 30
writes them, names shortened as an official writes them, and the sentences made of counts and
of a task. Vietnamese whatever the reader's language (see `content`)."""

from __future__ import annotations

import datetime as dt
import re

from hoptac.core import numbers
from hoptac.core.models import Organisation

from ..models import Agreement, TaskStatus
from ..queries import StatusCounts

NBSP = "\u00a0"
STATE = "state"  # Decree 30/2020/ND-CP
PARTY = "party"  # Guidance 36-HD/VPTW

PARTY_KINDS = {Organisation.Kind.PARTY_COMMITTEE, Organisation.Kind.PARTY_BOARD}

# The Government Office's four states, in the words a report uses.
STATE_LABELS = {
    TaskStatus.DONE_ON_TIME: "Hoàn thành đúng hạn",
    TaskStatus.DONE_LATE: "Hoàn thành quá hạn",
    TaskStatus.IN_TERM: "Chưa hoàn thành – trong hạn",
    TaskStatus.OVERDUE: "Chưa hoàn thành – quá hạn",
}
STATE_ORDER = [
    TaskStatus.DONE_ON_TIME,
    TaskStatus.DONE_LATE,
    TaskStatus.IN_TERM,
    TaskStatus.OVERDUE,
]

AGREEMENT_KINDS = {
    Agreement.Kind.NOTICE: "Thông báo",
    Agreement.Kind.MEMORANDUM: "Biên bản ghi nhớ",
    Agreement.Kind.AGREEMENT: "Thỏa thuận hợp tác",
    Agreement.Kind.PROGRAMME: "Chương trình hợp tác",
    Agreement.Kind.PLAN: "Kế hoạch",
}

# Letters of the Vietnamese alphabet used for "a)", "b)", … (Decree 30, Appendix I).
_LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


# --- Vietnamese numbers and dates --------------------------------------------------------------


def vn_int(n: int) -> str:
    """1234567 -> '1.234.567' (the report is Vietnamese whatever the reader's language)."""
    return numbers.group(n, "vi")


def vn_percent(ratio: float | None, digits: int = 1) -> str:
    """0.857 -> '85,7%'; None -> '–'. Trailing ',0' is dropped (100%)."""
    return numbers.percent(ratio, digits, "vi")


def _day(d: dt.date) -> str:
    # Decree 30 (and Guidance 36): days below 10 and the months 1 and 2 take a leading zero.
    return f"{d.day:02d}"


def _month(d: dt.date) -> str:
    return f"{d.month:02d}" if d.month <= 2 else str(d.month)


def vn_date_line(place: str, d: dt.date) -> str:
    """'Hà Nội, ngày 05 tháng 02 năm 2024'."""
    return f"{place}, ngày {_day(d)} tháng {_month(d)} năm {d.year}"


def vn_date(d: dt.date, layout: str = STATE) -> str:
    """A date inside the text: '05/02/2024' (State) or '05-02-2024' (Party documents)."""
    sep = "-" if layout == PARTY else "/"
    return f"{_day(d)}{sep}{_month(d)}{sep}{d.year}"


def period_phrase(start: dt.date, end: dt.date, layout: str = STATE) -> str:
    """'6 tháng đầu năm 2024', 'quý III năm 2024', 'năm 2024' or 'từ ngày … đến ngày …'."""
    if start.year == end.year and start.day == 1:
        nxt = end + dt.timedelta(days=1)
        if nxt.day == 1:  # the period ends on the last day of a month
            first, last, year = start.month, end.month, end.year
            if (first, last) == (1, 12):
                return f"năm {year}"
            if first == 1 and last in (6, 9):
                return f"{last} tháng đầu năm {year}"
            if (first, last) == (7, 12):
                return f"6 tháng cuối năm {year}"
            if last - first == 2 and first % 3 == 1:
                return f"quý {_ROMAN[first // 3]} năm {year}"
            if first == last:
                return f"tháng {first} năm {year}"
    return f"từ ngày {vn_date(start, layout)} đến ngày {vn_date(end, layout)}"


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean(text: str | None) -> str:
    """Text typed by users, on one line and without control characters (invalid in DOCX XML)."""
    return " ".join(_CONTROL.sub(" ", text or "").split())


def _number(prefix: str, number: str) -> str:
    """'Số: 15/BC-UBND'; a blank number ('/BC-UBND') leaves room for the registry to write it."""
    number = number.strip()
    if number[:1] in ("/", "-"):
        return f"{prefix}{NBSP * 7}{number}"  # non-breaking, so that no renderer collapses them
    return f"{prefix} {number}"


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _city(locality) -> str:
    name = locality.name_vi
    for prefix in ("Thành phố ", "thành phố ", "Tỉnh ", "tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _short_name(org: Organisation) -> str:
    """The organisation's name without its parent's or city's name at the end."""
    name = org.name_vi
    suffixes = []
    if org.parent_id:
        suffixes.append(" " + org.parent.name_vi)
    suffixes.append(" " + _city(org.locality))
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


# --- Sentences ---------------------------------------------------------------------------------


def _count(items) -> StatusCounts:
    counts = StatusCounts()
    for item in items:
        setattr(counts, item.state, getattr(counts, item.state) + 1)
    return counts


def _counts_sentence(counts: StatusCounts) -> str:
    if not counts.total:
        return "Chưa có nhiệm vụ cụ thể được giao."
    parts = [
        f"{vn_int(getattr(counts, s.value))} nhiệm vụ {STATE_LABELS[s].lower()}"
        for s in STATE_ORDER
        if getattr(counts, s.value)
    ]
    return f"Tổng số {vn_int(counts.total)} nhiệm vụ, trong đó: " + "; ".join(parts) + "."


def _tasks(n: int, rest: str, rest_if_none: str | None = None) -> str:
    """ "3 nhiệm vụ đã quá hạn", or "không có nhiệm vụ nào quá hạn": an official never writes
    "0 nhiệm vụ"."""
    if n:
        return f"{vn_int(n)} nhiệm vụ {rest}"
    return f"không có nhiệm vụ nào {rest if rest_if_none is None else rest_if_none}"


def _results(counts: StatusCounts) -> str:
    """The overview's result sentences, without a zero count."""
    if counts.done:
        done = (
            f"Kết quả: đã hoàn thành {vn_int(counts.done)} nhiệm vụ "
            f"(đạt {vn_percent(counts.done / counts.total)} tổng số nhiệm vụ), trong đó "
            f"{_tasks(counts.done_on_time, 'hoàn thành đúng hạn')}, "
            f"{_tasks(counts.done_late, 'hoàn thành quá hạn')}; tỷ lệ hoàn thành đúng hạn "
            f"đạt {vn_percent(counts.on_time_rate)}."
        )
    else:
        done = "Kết quả: chưa có nhiệm vụ nào được hoàn thành."
    still_open = counts.in_term + counts.overdue
    if still_open:
        rest = (
            f"Còn {vn_int(still_open)} nhiệm vụ chưa hoàn thành, trong đó "
            f"{_tasks(counts.in_term, 'còn trong hạn')} và "
            f"{_tasks(counts.overdue, 'đã quá hạn', 'quá hạn')}."
        )
    else:
        rest = "Tất cả các nhiệm vụ đã được hoàn thành."
    return f"{done} {rest}"


def _in_period(completed: int, reported: int) -> str:
    """What happened within the period, said without '0 nhiệm vụ'."""
    done = (
        f"có {vn_int(completed)} nhiệm vụ được hoàn thành"
        if completed
        else "không có nhiệm vụ nào được hoàn thành"
    )
    told = (
        f"{vn_int(reported)} nhiệm vụ được báo cáo tiến độ"
        if reported
        else "chưa có báo cáo tiến độ nào"
    )
    return f"Trong kỳ báo cáo {done}; {told}."


def _letter(i: int) -> str:
    n = len(_LETTERS)
    return f"{_LETTERS[i % n]}{i // n if i >= n else ''})"
