"""Reading a one-stop shop's dossier figures: monthly tables, or dossier-level records.

Two kinds of file, XLSX or CSV, headers matched without accents or case (as for catalogues):

* **Monthly figures** — one row per month, agency and procedure code, with the counts the
  Decision 766/QĐ-TTg components need (received, received online, finished early or on time,
  finished late, digitised, results issued electronically, payable and paid online, feedback
  received, handled on time and dissatisfied, dossiers rated and rated dissatisfied).
* **Dossier records** — one row per dossier: procedure code, agency, received, due and finished
  timestamps, channel, status (and optional yes/no columns: digitised, electronic result, fee
  payable, paid online). The monthly figures are computed from them, by the month the dossier was
  received. A records file is the one-stop shop's export of whole months: every dossier received
  in them, each with its state at the export. Its import replaces every figure held for those
  months (all agencies and procedures, not only those in the file: a dossier a corrected export
  drops or moves to another agency does not linger). A dossier still in progress at the export
  and finished later ("carried over") is counted in the month it was received once it is
  finished, when a later export of that month is imported; until then it counts as received, not
  as finished. The national portal counts outcomes by the period they fall in instead (see the
  766 data file's choices): here one month's figures come from one file. Dossier records are
  personal data under Decree 13/2023/NĐ-CP on personal data
  protection: a file with a column naming the applicant, an ID number, an address, a phone
  number, an e-mail or a birth date is refused as a whole, and nothing of it is kept.

Everything is checked before anything is written; every error names its row (as the
spreadsheet numbers it) and its column.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .catalogue import CatalogueFileError, _column_letter, _key, _text, read_table
from .models import CODE_RE, COUNTS

MAX_BYTES = 10 * 1024 * 1024
MAX_MONTH_ROWS = 50_000
MAX_RECORD_BYTES = 40 * 1024 * 1024
MAX_RECORD_ROWS = 200_000

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
RECORDS_REQUIRED = ("procedure_code", "agency", "received_at", "due_at", "channel", "status")
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
IGNORED = {"stt", "tt", "so tt", "ghi chu", "ma ho so", "so ho so"}
# Header words that name personal data (Decree 13/2023/NĐ-CP): the file is refused.
PERSONAL = (
    "ho ten",
    "ho va ten",
    "ten nguoi",
    "nguoi nop",
    "nguoi dung ten",
    "chu ho so",
    "cong dan",
    "ca nhan",
    "cccd",
    "cmnd",
    "can cuoc",
    "dinh danh",
    "ho chieu",
    "dia chi",
    "noi o",
    "thuong tru",
    "dien thoai",
    "so dt",
    "sdt",
    "email",
    "e-mail",
    "thu dien tu",
    "ngay sinh",
    "nam sinh",
    "gioi tinh",
    "ma so thue ca nhan",
)
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
NO = {"", "khong", "0", "no", "false"}


@dataclass
class ParsedStatistics:
    rows: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    records: int = 0  # dossier records read (records files only)
    # A records file is the export of whole months: it replaces every figure of its months.
    whole_months: bool = False


def _error(row: int, label: str, message: str) -> str:
    return _("Row %(row)s, column “%(col)s”: %(msg)s") % {"row": row, "col": label, "msg": message}


def _header(
    cells: list, columns: dict, required: tuple, labels: dict, personal: bool
) -> tuple[dict[int, str], list[str]]:
    lookup = {alias: name for name, aliases in columns.items() for alias in aliases}
    mapping: dict[int, str] = {}
    errors: list[str] = []
    for index, cell in enumerate(cells):
        key = _key(cell)
        if not key:
            continue
        if key in lookup:
            mapping[index] = lookup[key]
        elif personal and any(word in key for word in PERSONAL):
            errors.append(
                _(
                    "Row 1, column %(col)s “%(name)s”: personal data is not imported (Decree "
                    "13/2023/NĐ-CP on personal data protection). Remove the column and import "
                    "the file again; nothing of this file was kept."
                )
                % {"col": _column_letter(index), "name": cell}
            )
        elif key not in IGNORED:
            errors.append(
                _("Row 1, column %(col)s: unknown column “%(name)s”.")
                % {"col": _column_letter(index), "name": cell}
            )
    missing = [labels[name] for name in required if name not in mapping.values()]
    if missing:
        errors.append(_("Row 1: missing columns: %(names)s.") % {"names": ", ".join(missing)})
    return mapping, errors


def _table(
    name: str, data: bytes, columns: dict, *, max_bytes: int, max_rows: int
) -> tuple[list[list], int, list[str]]:
    """The rows, the index of the header row, and the errors that stop reading."""
    try:
        table = read_table(name, data, max_bytes=max_bytes, max_rows=max_rows)
    except CatalogueFileError as error:
        return [], 0, [str(error)]
    codes = columns["procedure_code"]
    start = next(
        (i for i, cells in enumerate(table[:20]) if any(_key(c) in codes for c in cells)), None
    )
    if start is None:
        return [], 0, [_("No header row naming the column “Mã TTHC” was found.")]
    if len(table) - start - 1 > max_rows:
        return (
            [],
            0,
            [
                _(
                    "The file has more than %(n)s rows: it is refused. Split it by month or "
                    "agency and import the parts."
                )
                % {"n": f"{max_rows:,}".replace(",", ".")}
            ],
        )
    return table, start, []


def _month(value, this_month: dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        month = value.replace(day=1)
    else:
        text = _text(value)
        match = re.fullmatch(r"(\d{1,2})[/.-](\d{4})", text) or re.fullmatch(
            r"(\d{4})-(\d{1,2})(?:-01)?", text
        )
        if not match:
            raise ValueError(_("“%(v)s” is not a month written mm/yyyy.") % {"v": text})
        a, b = match.groups()
        year, number = (int(b), int(a)) if len(b) == 4 else (int(a), int(b))
        if not 1 <= number <= 12 or year < 2000:
            raise ValueError(_("“%(v)s” is not a month written mm/yyyy.") % {"v": text})
        month = dt.date(year, number, 1)
    if month > this_month:
        raise ValueError(
            _("the month %(m)s has not begun yet.") % {"m": f"{month.month:02d}/{month.year}"}
        )
    return month


def _count(value) -> int:
    if value is None or _text(value) == "":
        return 0
    if isinstance(value, bool):
        raise ValueError(_("“%(v)s” is not a count.") % {"v": value})
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(_("“%(v)s” is not a whole number.") % {"v": value})
        value = int(value)
    if isinstance(value, int):
        number = value
    else:
        text = _text(value).replace(".", "").replace(" ", "")
        if not re.fullmatch(r"-?\d+", text):
            raise ValueError(_("“%(v)s” is not a whole number.") % {"v": value})
        number = int(text)
    if number < 0:
        raise ValueError(_("a count cannot be negative (%(v)s).") % {"v": number})
    if number > 100_000_000:
        raise ValueError(_("%(v)s is not a plausible count.") % {"v": number})
    return number


def parse_monthly(name: str, data: bytes, today: dt.date) -> ParsedStatistics:
    """Check every row of a monthly-figures file; the rows ready to save, or every error."""
    result = ParsedStatistics()
    table, start, result.errors = _table(
        name, data, MONTHLY, max_bytes=MAX_BYTES, max_rows=MAX_MONTH_ROWS
    )
    if result.errors:
        return result
    mapping, result.errors = _header(
        table[start], MONTHLY, MONTHLY_REQUIRED, MONTHLY_LABELS, personal=True
    )
    if result.errors:
        return result
    this_month = today.replace(day=1)
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
        if values.get(part, 0) > values.get(whole, 0):
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


def _moment(value) -> tuple[dt.datetime, bool]:
    """A timestamp, and whether it carried a time of day."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None), True
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time()), False
    text = _text(value)
    for fmt, timed in (
        ("%d/%m/%Y %H:%M:%S", True),
        ("%d/%m/%Y %H:%M", True),
        ("%d/%m/%Y", False),
        ("%Y-%m-%d %H:%M:%S", True),
        ("%Y-%m-%dT%H:%M:%S", True),
        ("%Y-%m-%d %H:%M", True),
        ("%Y-%m-%d", False),
    ):
        try:
            return dt.datetime.strptime(text, fmt), timed
        except ValueError:
            continue
    raise ValueError(_("“%(v)s” is not a date written dd/mm/yyyy hh:mm.") % {"v": text})


def _flag(value) -> bool:
    key = _key(value)
    if key in YES:
        return True
    if key in NO:
        return False
    raise ValueError(_("“%(v)s” is neither “Có” nor “Không”.") % {"v": value})


def parse_records(
    name: str, data: bytes, today: dt.date, *, max_rows: int | None = None
) -> ParsedStatistics:
    """Check every dossier record and compute the monthly figures from them (by month received).

    A file naming personal data in a column is refused whole (Decree 13/2023/NĐ-CP); so is a file
    of more than ``max_rows`` records."""
    limit = max_rows or MAX_RECORD_ROWS
    result = ParsedStatistics(whole_months=True)
    table, start, result.errors = _table(
        name, data, RECORDS, max_bytes=MAX_RECORD_BYTES, max_rows=limit
    )
    if result.errors:
        return result
    mapping, result.errors = _header(
        table[start], RECORDS, RECORDS_REQUIRED, RECORDS_LABELS, personal=True
    )
    if result.errors:
        return result
    now = dt.datetime.combine(today, dt.time(23, 59, 59))
    months: dict[tuple, dict] = defaultdict(lambda: dict.fromkeys(COUNTS, 0))
    for offset, cells in enumerate(table[start + 1 :]):
        number = start + offset + 2
        if not any(_text(c) for c in cells):
            continue
        raw = {col: (cells[i] if i < len(cells) else None) for i, col in mapping.items()}
        errors: list[str] = []

        def err(column: str, message: str, _n: int = number, _e: list = errors) -> None:
            _e.append(_error(_n, RECORDS_LABELS[column], message))

        for column in RECORDS_REQUIRED:
            if not _text(raw.get(column)):
                err(column, _("required."))
        code = _text(raw.get("procedure_code"))
        if code and not re.match(CODE_RE, code):
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
        if flags.get("paid_online") and not flags.get("payable", True):
            err("paid_online", _("paid online, but no fee was payable."))
        result.errors += errors
        result.records += 1
        if errors:
            continue
        figures = months[(received.date().replace(day=1), _text(raw["agency"])[:255], code)]
        figures["received"] += 1
        figures["received_online"] += CHANNELS[channel]
        figures["digitised"] += flags.get("digitised", False)
        if flags.get("payable", False) or flags.get("paid_online", False):
            figures["payable"] += 1
        figures["paid_online"] += flags.get("paid_online", False)
        if STATUSES[status] == "finished":
            finished, _timed = moments["finished_at"]
            due, due_timed = moments["due_at"]
            if not due_timed:
                due = due + dt.timedelta(days=1) - dt.timedelta(microseconds=1)
            if finished <= due:
                figures["finished_on_time"] += 1
            else:
                figures["finished_late"] += 1
            figures["e_results"] += flags.get("e_result", False)
    if result.errors:
        return result
    for (month, agency, code), figures in sorted(months.items()):
        result.rows.append({"month": month, "agency": agency, "procedure_code": code, **figures})
    if not result.rows:
        result.errors.append(_("The file has no dossier."))
    return result
