"""What both kinds of dossier-figure file share: limits, the personal-data header check,
reading the table, months and counts, and the result of a parse."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from hoptac.core.numbers import group
from hoptac.core.text import fold_key as _key

from ..catalogue import CatalogueFileError, _column_letter, _text, read_table

MAX_BYTES = 10 * 1024 * 1024

MAX_MONTH_ROWS = 50_000

MAX_RECORD_BYTES = 40 * 1024 * 1024

MAX_RECORD_ROWS = 200_000

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


@dataclass
class ParsedStatistics:
    rows: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    records: int = 0  # dossier records read (records files only)
    # A records file is the export of whole months: it replaces every figure of its months
    # (refused when that deletes figures the file does not hold, unless the importer confirms).
    whole_months: bool = False
    # The optional counts the file has a column for (a count of ``rows`` that is None is then
    # one a blank cell left not reported, not one the file lacks).
    given: set[str] = field(default_factory=set)


def _error(row: int, label: str, message: str) -> str:
    return _("Row %(row)s, column “%(col)s”: %(msg)s") % {"row": row, "col": label, "msg": message}


def _header(
    cells: list, columns: dict, required: tuple, labels: dict, personal: bool, row: int = 1
) -> tuple[dict[int, str], list[str]]:
    """Column index → field, and the errors of the header ``cells`` (``row``: its row as the
    spreadsheet numbers it; a title may sit above it)."""
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
                    "Row %(row)s, column %(col)s “%(name)s”: personal data is not imported (Decree "
                    "13/2023/NĐ-CP on personal data protection). Remove the column and import "
                    "the file again; nothing of this file was kept."
                )
                % {"row": row, "col": _column_letter(index), "name": cell}
            )
        elif key not in IGNORED:
            errors.append(
                _("Row %(row)s, column %(col)s: unknown column “%(name)s”.")
                % {"row": row, "col": _column_letter(index), "name": cell}
            )
    missing = [labels[name] for name in required if name not in mapping.values()]
    if missing:
        errors.append(
            _("Row %(row)s: missing columns: %(names)s.")
            % {"row": row, "names": ", ".join(missing)}
        )
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
                % {"n": group(max_rows)}
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


def _count(value) -> int | None:
    """A count as a cell writes it; None for a blank cell: not given ("0" is zero)."""
    if value is None or _text(value) == "":
        return None
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
