"""Dossier records: one row per dossier, checked, and the monthly figures computed from them."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

from django.conf import settings
from django.utils.translation import gettext as _

from hoptac.core.text import fold_key as _key

from ..catalogue import _text
from ..models import COUNTS, OPTIONAL
from .common import MAX_RECORD_BYTES, MAX_RECORD_ROWS, ParsedStatistics, _error, _header, _table

RECORDS: dict[str, tuple[str, ...]] = {
    "procedure_code": ("ma tthc", "ma thu tuc", "ma thu tuc hanh chinh"),
    "agency": ("co quan", "co quan thuc hien", "don vi", "don vi xu ly"),
    "received_at": ("ngay tiep nhan", "thoi gian tiep nhan", "ngay nhan"),
    "due_at": ("ngay hen tra", "han xu ly", "han giai quyet", "ngay hen tra ket qua"),
    "finished_at": ("ngay hoan thanh", "ngay co ket qua", "ngay giai quyet", "ngay tra ket qua"),
    "channel": ("kenh", "kenh nop", "hinh thuc nop", "hinh thuc tiep nhan"),
    "status": ("trang thai", "tinh trang"),
    "digitised": ("so hoa", "da so hoa"),
    "e_result": ("ket qua dien tu",),
    "payable": ("phai nop phi", "co phi, le phi"),
    "paid_online": ("thanh toan truc tuyen",),
}

# models.CODE_RE in ASCII digits, as the bulk reader matches it (Python's \d takes any digit).
CODE = r"[0-9]\.[0-9]{6}"

RECORDS_REQUIRED = ("procedure_code", "agency", "received_at", "due_at", "status")
# The cells every record fills: the required ones. A blank cell of an optional column (the
# channel, a yes/no flag) is not given: the count it enters is not reported (NULL) for the
# record's month, agency and procedure, as when the file has no such column.
RECORDS_FILLED = RECORDS_REQUIRED

RECORDS_LABELS = {
    "procedure_code": "Mã TTHC",
    "agency": "Cơ quan",
    "received_at": "Ngày tiếp nhận",
    "due_at": "Ngày hẹn trả",
    "finished_at": "Ngày hoàn thành",
    "channel": "Kênh nộp",
    "status": "Trạng thái",
    "digitised": "Số hóa",
    "e_result": "Kết quả điện tử",
    "payable": "Phải nộp phí",
    "paid_online": "Thanh toán trực tuyến",
}

CHANNELS = {
    "truc tuyen": True,
    "online": True,
    "dvc truc tuyen": True,
    "truc tiep": False,
    "buu chinh": False,
    "buu chinh cong ich": False,
}

STATUSES = {
    "da tra ket qua": "finished",
    "da giai quyet": "finished",
    "hoan thanh": "finished",
    "da xu ly": "finished",
    "dang xu ly": "open",
    "dang giai quyet": "open",
    "cho xu ly": "open",
    "da huy": "withdrawn",
    "rut ho so": "withdrawn",
    "tu choi": "withdrawn",
    "tra lai": "withdrawn",
}

YES = {"co", "x", "1", "yes", "true", "dung"}

NO = {"khong", "0", "no", "false"}


# How a timestamp may be written, and whether that writing carries a time of day (the bulk
# reader parses with the same formats).
MOMENT_FORMATS = (
    ("%d/%m/%Y %H:%M:%S", True),
    ("%d/%m/%Y %H:%M", True),
    ("%d/%m/%Y", False),
    ("%Y-%m-%d %H:%M:%S", True),
    ("%Y-%m-%dT%H:%M:%S", True),
    ("%Y-%m-%d %H:%M", True),
    ("%Y-%m-%d", False),
)


def _moment(value) -> tuple[dt.datetime, bool]:
    """A timestamp, and whether it carried a time of day."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None), True
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time()), False
    text = _text(value)
    # As the bulk reader (DuckDB) parses: ASCII digits only, and no space inside the date
    # (Python's %d takes " 1", so "2026-9- 1" would be the 1st; DuckDB's does not).
    if not text.isascii() or re.search(r"[-/:]\s", text):
        raise ValueError(_("“%(v)s” is not a date written dd/mm/yyyy hh:mm.") % {"v": text})
    for fmt, timed in MOMENT_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt), timed
        except ValueError:
            continue
    raise ValueError(_("“%(v)s” is not a date written dd/mm/yyyy hh:mm.") % {"v": text})


def _flag(value) -> bool | None:
    """Yes or no as a cell writes it; None for a blank cell: not given."""
    key = _key(value)
    if not key:
        return None
    if key in YES:
        return True
    if key in NO:
        return False
    raise ValueError(_("“%(v)s” is neither “Có” nor “Không”.") % {"v": value})


def _add(figures: dict, count: str, value: bool | None) -> None:
    """Count a record's yes (True) in ``count``; a record that does not say (None) leaves the
    count not reported (None) for good: the others' sum is not the whole."""
    if value is None or figures[count] is None:
        figures[count] = None
    else:
        figures[count] += value


def parse_records(
    name: str, data: bytes, today: dt.date, *, max_rows: int | None = None
) -> ParsedStatistics:
    """Check every dossier record and compute the monthly figures from them (by month received).

    A file naming personal data in a column is refused whole (Decree 13/2023/NĐ-CP); so is a file
    of more than ``max_rows`` records (by default the reader's own cap, or the setting
    INDICATORS_MAX_RECORDS when lower)."""
    limit = max_rows or min(MAX_RECORD_ROWS, settings.INDICATORS_MAX_RECORDS)
    result = ParsedStatistics(whole_months=True)
    table, start, result.errors = _table(
        name, data, RECORDS, max_bytes=MAX_RECORD_BYTES, max_rows=limit
    )
    if result.errors:
        return result
    mapping, result.errors = _header(
        table[start], RECORDS, RECORDS_REQUIRED, RECORDS_LABELS, personal=True, row=start + 1
    )
    if result.errors:
        return result
    now = dt.datetime.combine(today, dt.time(23, 59, 59))
    # A count the file has no column for is not reported (None), never 0: no feedback nor
    # rating in a records file; no online figure without a channel column; no payable one
    # without its own column (the paid-online dossiers alone are not every payable one).
    present = set(mapping.values())
    given = {
        "received_online": "channel",
        "digitised": "digitised",
        "e_results": "e_result",
        "payable": "payable",
        "paid_online": "paid_online",
    }
    blank = {c: None if c in OPTIONAL and given.get(c) not in present else 0 for c in COUNTS}
    result.given = {c for c, column in given.items() if column in present}
    months: dict[tuple, dict] = defaultdict(lambda: dict(blank))
    for offset, cells in enumerate(table[start + 1 :]):
        number = start + offset + 2
        if not any(_text(c) for c in cells):
            continue
        raw = {col: (cells[i] if i < len(cells) else None) for i, col in mapping.items()}
        errors: list[str] = []

        def err(column: str, message: str, _n: int = number, _e: list = errors) -> None:
            _e.append(_error(_n, RECORDS_LABELS[column], message))

        for column in RECORDS_FILLED:
            if column in mapping.values() and not _text(raw.get(column)):
                err(column, _("required."))
        code = _text(raw.get("procedure_code"))
        if code and not re.fullmatch(CODE, code):
            err("procedure_code", _("“%(v)s” is not a code like 1.001612.") % {"v": code})
        moments: dict[str, tuple[dt.datetime, bool]] = {}
        for column in ("received_at", "due_at", "finished_at"):
            if _text(raw.get(column)):
                try:
                    moments[column] = _moment(raw[column])
                except ValueError as error:
                    err(column, str(error))
        received = moments.get("received_at", (None,))[0]
        if received and received > now:
            err("received_at", _("a dossier cannot be received in the future."))
        if received and "due_at" in moments and moments["due_at"][0].date() < received.date():
            err("due_at", _("due before it was received."))
        if received and "finished_at" in moments and moments["finished_at"][0] < received:
            err("finished_at", _("finished before it was received."))
        if "finished_at" in moments and moments["finished_at"][0] > now:
            err("finished_at", _("a dossier cannot be finished in the future."))
        channel = _key(raw.get("channel"))
        if channel and channel not in CHANNELS:
            err(
                "channel",
                _("“%(v)s” is not “Trực tuyến”, “Trực tiếp” or “Bưu chính”.")
                % {"v": raw.get("channel")},
            )
        status = _key(raw.get("status"))
        if status and status not in STATUSES:
            err(
                "status",
                _("“%(v)s” is not a status (Đã trả kết quả, Đang xử lý, Đã hủy…).")
                % {"v": raw.get("status")},
            )
        flags = {}
        for column in ("digitised", "e_result", "payable", "paid_online"):
            if column in mapping.values():
                try:
                    flags[column] = _flag(raw.get(column))
                except ValueError as error:
                    err(column, str(error))
        if STATUSES.get(status) == "finished" and "finished_at" not in moments:
            err("finished_at", _("required for a finished dossier."))
        if flags.get("paid_online") and flags.get("payable", True) is False:
            err("paid_online", _("paid online, but no fee was payable."))
        result.errors += errors
        result.records += 1
        if errors:
            continue
        figures = months[(received.date().replace(day=1), _text(raw["agency"])[:255], code)]
        figures["received"] += 1
        if "channel" in present:
            _add(figures, "received_online", CHANNELS.get(channel))
        if "digitised" in present:
            _add(figures, "digitised", flags["digitised"])
        if "payable" in present:
            # a dossier paid online had a fee to pay, whatever its payable cell says
            _add(figures, "payable", True if flags.get("paid_online") else flags["payable"])
        if "paid_online" in present:
            _add(figures, "paid_online", flags["paid_online"])
        if STATUSES[status] == "finished":
            finished, _timed = moments["finished_at"]
            due, due_timed = moments["due_at"]
            if not due_timed:
                due = due + dt.timedelta(days=1) - dt.timedelta(microseconds=1)
            if finished <= due:
                figures["finished_on_time"] += 1
            else:
                figures["finished_late"] += 1
            if "e_result" in present:
                _add(figures, "e_results", flags["e_result"])
    if result.errors:
        return result
    for (month, agency, code), figures in sorted(months.items()):
        result.rows.append({"month": month, "agency": agency, "procedure_code": code, **figures})
    if not result.rows:
        result.errors.append(_("The file has no dossier."))
    return result
