"""Monthly figures: one row per month, agency and procedure code, checked row by row."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

from ..catalogue import _text
from ..models import CODE_RE, COUNTS, OPTIONAL, REQUIRED_COUNTS
from .common import (
    MAX_BYTES,
    MAX_MONTH_ROWS,
    ParsedStatistics,
    _count,
    _error,
    _header,
    _month,
    _table,
)

MONTHLY: dict[str, tuple[str, ...]] = {
    "month": ("thang", "ky bao cao", "thang bao cao"),
    "agency": ("co quan", "co quan thuc hien", "don vi", "don vi xu ly"),
    "procedure_code": ("ma tthc", "ma thu tuc", "ma thu tuc hanh chinh"),
    "received": ("tiep nhan", "ho so tiep nhan", "tong tiep nhan", "da tiep nhan"),
    "received_online": ("tiep nhan truc tuyen", "truc tuyen", "ho so truc tuyen"),
    "finished": ("da giai quyet", "da xu ly", "ho so da giai quyet"),
    "finished_on_time": ("truoc han, dung han", "truoc han dung han", "dung han", "dung han"),
    "finished_late": ("qua han", "tre han"),
    "digitised": ("so hoa", "ho so duoc so hoa", "da so hoa"),
    "e_results": ("ket qua dien tu", "cap ket qua dien tu"),
    "payable": ("phai nop phi", "co phi, le phi", "phai thanh toan"),
    "paid_online": ("thanh toan truc tuyen",),
    "feedback_received": ("phan anh, kien nghi", "pakn", "phan anh kien nghi"),
    "feedback_on_time": ("pakn dung han", "phan anh, kien nghi xu ly dung han"),
    "feedback_dissatisfied": ("pakn khong hai long", "phan anh, kien nghi khong hai long"),
    "rated": ("duoc danh gia", "ho so duoc danh gia"),
    "rated_dissatisfied": ("khong hai long", "danh gia khong hai long"),
}

MONTHLY_REQUIRED = (
    "month",
    "agency",
    "procedure_code",
    "received",
    "finished_on_time",
    "finished_late",
)

MONTHLY_LABELS = {
    "month": "Tháng",
    "agency": "Cơ quan",
    "procedure_code": "Mã TTHC",
    "received": "Tiếp nhận",
    "received_online": "Tiếp nhận trực tuyến",
    "finished": "Đã giải quyết",
    "finished_on_time": "Trước hạn, đúng hạn",
    "finished_late": "Quá hạn",
    "digitised": "Số hóa",
    "e_results": "Kết quả điện tử",
    "payable": "Phải nộp phí",
    "paid_online": "Thanh toán trực tuyến",
    "feedback_received": "Phản ánh, kiến nghị",
    "feedback_on_time": "PAKN đúng hạn",
    "feedback_dissatisfied": "PAKN không hài lòng",
    "rated": "Được đánh giá",
    "rated_dissatisfied": "Không hài lòng",
}

# part ≤ whole, checked on every row: (part, whole)
BOUNDS = (
    ("received_online", "received"),
    ("digitised", "received"),
    ("paid_online", "payable"),
    ("feedback_on_time", "feedback_received"),
    ("feedback_dissatisfied", "feedback_received"),
    ("rated_dissatisfied", "rated"),
)


def parse_monthly(name: str, data: bytes, today: dt.date) -> ParsedStatistics:
    """Check every row of a monthly-figures file; the rows ready to save, or every error."""
    result = ParsedStatistics()
    table, start, result.errors = _table(
        name, data, MONTHLY, max_bytes=MAX_BYTES, max_rows=MAX_MONTH_ROWS
    )
    if result.errors:
        return result
    mapping, result.errors = _header(
        table[start], MONTHLY, MONTHLY_REQUIRED, MONTHLY_LABELS, personal=True, row=start + 1
    )
    if result.errors:
        return result
    this_month = today.replace(day=1)
    result.given = set(mapping.values()) & set(OPTIONAL)
    seen: dict[tuple, int] = {}
    for offset, cells in enumerate(table[start + 1 :]):
        number = start + offset + 2
        if not any(_text(c) for c in cells):
            continue
        raw = {col: (cells[i] if i < len(cells) else None) for i, col in mapping.items()}
        values: dict = {}
        errors: list[str] = []
        for column in ("month", "agency", "procedure_code"):
            if not _text(raw.get(column)):
                errors.append(_error(number, MONTHLY_LABELS[column], _("required.")))
        if _text(raw.get("month")):
            try:
                values["month"] = _month(raw["month"], this_month)
            except ValueError as error:
                errors.append(_error(number, MONTHLY_LABELS["month"], str(error)))
        values["agency"] = _text(raw.get("agency"))[:255]
        code = _text(raw.get("procedure_code"))
        if code and not re.match(CODE_RE, code):
            errors.append(
                _error(
                    number,
                    MONTHLY_LABELS["procedure_code"],
                    _("“%(v)s” is not a code like 1.001612.") % {"v": code},
                )
            )
        values["procedure_code"] = code
        counts_ok = True
        for column in (*COUNTS, "finished"):
            if column not in mapping.values():
                continue
            try:
                values[column] = _count(raw.get(column))
            except ValueError as error:
                counts_ok = False
                errors.append(_error(number, MONTHLY_LABELS[column], str(error)))
                continue
            # A blank cell is not given: a count the file must have is required ("0" for
            # none); an optional one is not reported on this row (NULL, as a column left out).
            if values[column] is None and column in REQUIRED_COUNTS:
                counts_ok = False
                errors.append(_error(number, MONTHLY_LABELS[column], _("required.")))
        if counts_ok:
            errors += _check_sums(number, values)
        values.pop("finished", None)
        key = (values.get("month"), values["agency"], code)
        if not errors and key in seen:
            errors.append(
                _error(
                    number,
                    MONTHLY_LABELS["procedure_code"],
                    _("the same month, agency and code are already on row %(first)s.")
                    % {"first": seen[key]},
                )
            )
        seen.setdefault(key, number)
        result.errors += errors
        if not errors:
            result.rows.append(values)
    if not result.rows and not result.errors:
        result.errors.append(_("The file has no figures."))
    return result


def _check_sums(number: int, values: dict) -> list[str]:
    """The counts of a row that cannot be together; a count not reported (None) bounds
    nothing and is bounded by nothing."""
    values = {k: v for k, v in values.items() if v is not None}
    errors = []
    on_time, late = values.get("finished_on_time", 0), values.get("finished_late", 0)
    if on_time + late > values.get("received", 0):
        errors.append(
            _error(
                number,
                f"{MONTHLY_LABELS['finished_on_time']} + {MONTHLY_LABELS['finished_late']}",
                _("%(a)s + %(b)s dossiers finished is more than the %(n)s received.")
                % {"a": on_time, "b": late, "n": values.get("received", 0)},
            )
        )
    if "finished" in values and on_time + late > values["finished"]:
        errors.append(
            _error(
                number,
                f"{MONTHLY_LABELS['finished_on_time']} + {MONTHLY_LABELS['finished_late']}",
                _("%(a)s + %(b)s is more than the %(n)s dossiers finished.")
                % {"a": on_time, "b": late, "n": values["finished"]},
            )
        )
    if values.get("e_results", 0) > on_time + late:
        errors.append(
            _error(
                number,
                MONTHLY_LABELS["e_results"],
                _("%(a)s is more than the %(n)s dossiers finished.")
                % {"a": values["e_results"], "n": on_time + late},
            )
        )
    for part, whole in BOUNDS:
        if part in values and whole in values and values[part] > values[whole]:
            errors.append(
                _error(
                    number,
                    MONTHLY_LABELS[part],
                    _("%(a)s is more than the %(n)s in column “%(whole)s”.")
                    % {
                        "a": values[part],
                        "n": values.get(whole, 0),
                        "whole": MONTHLY_LABELS[whole],
                    },
                )
            )
    return errors
