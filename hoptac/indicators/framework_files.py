"""A city's indicator framework in a spreadsheet: reading an uploaded XLSX or CSV, and writing the
template (and a framework) in the same columns.

Columns, matched without accents or case: Mã chỉ số, Tên chỉ số (tiếng Việt), Tên chỉ số (tiếng
Anh), Đơn vị tính, Chiều tốt ("Cao hơn là tốt" / "Thấp hơn là tốt"), Nhóm, Nguồn. An unknown
header is refused rather than dropped, and every row is checked before anything is saved: each
error names its row (as the spreadsheet numbers it), its column and what is wrong.

The reading of the file itself (size, zip checks, a DTD refused, CSV encodings) is the
catalogue's: one reader for every table the app imports.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from hoptac.core import exports
from hoptac.core.exports import csv_bytes, safe_row
from hoptac.core.text import fold_key as _key

from .catalogue import (
    _text,
    read_rows,
)
from .models import INDICATOR_CODE_RE, FrameworkIndicator

MAX_ROWS = 2_000
MAX_BYTES = 2 * 1024 * 1024

FIELDS = ("code", "name_vi", "name_en", "unit", "direction", "group", "source")
LABELS = {
    "code": "Mã chỉ số",
    "name_vi": "Tên chỉ số (tiếng Việt)",
    "name_en": "Tên chỉ số (tiếng Anh)",
    "unit": "Đơn vị tính",
    "direction": "Chiều tốt",
    "group": "Nhóm",
    "source": "Nguồn",
}
COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("ma chi so", "ma", "ma so", "so hieu", "code"),
    "name_vi": (
        "ten chi so (tieng viet)",
        "ten chi so",
        "ten tieng viet",
        "ten (tieng viet)",
        "name (vi)",
        "name_vi",
    ),
    "name_en": (
        "ten chi so (tieng anh)",
        "ten tieng anh",
        "ten (tieng anh)",
        "name (en)",
        "name_en",
        "name",
    ),
    "unit": ("don vi tinh", "don vi", "unit"),
    "direction": ("chieu tot", "chieu", "huong tot", "direction"),
    "group": ("nhom", "nhom chi so", "chu de", "group", "theme"),
    "source": ("nguon", "nguon so lieu", "source"),
}
IGNORED = {"stt", "tt", "so tt", "ghi chu"}
REQUIRED = ("code", "name_vi", "direction")
MAX_LENGTHS = {
    name: FrameworkIndicator._meta.get_field(name).max_length
    for name in ("name_vi", "name_en", "unit", "group", "source")
}
DIRECTIONS = {
    "cao hon la tot": FrameworkIndicator.Direction.HIGHER,
    "cang cao cang tot": FrameworkIndicator.Direction.HIGHER,
    "cao": FrameworkIndicator.Direction.HIGHER,
    "tang": FrameworkIndicator.Direction.HIGHER,
    "higher": FrameworkIndicator.Direction.HIGHER,
    "higher is better": FrameworkIndicator.Direction.HIGHER,
    "thap hon la tot": FrameworkIndicator.Direction.LOWER,
    "cang thap cang tot": FrameworkIndicator.Direction.LOWER,
    "thap": FrameworkIndicator.Direction.LOWER,
    "giam": FrameworkIndicator.Direction.LOWER,
    "lower": FrameworkIndicator.Direction.LOWER,
    "lower is better": FrameworkIndicator.Direction.LOWER,
}
DIRECTION_TEXT = {
    FrameworkIndicator.Direction.HIGHER: "Cao hơn là tốt",
    FrameworkIndicator.Direction.LOWER: "Thấp hơn là tốt",
}

# The template's two example rows: indicators 5.1 and 5.6 of ISO 37120:2014 as read in the
# published-indexes data (data/frameworks.json, "iso37120", with the source below). The
# direction is ours: fewer unemployed and more businesses per inhabitant are better.
ISO_37120 = "https://docslib.org/doc/9532130/iso-37120-2014-e"
EXAMPLES = (
    {
        "code": "5.1",
        "name_vi": "Tỷ lệ thất nghiệp của thành phố (cốt lõi)",
        "name_en": "City's unemployment rate (core)",
        "unit": "%",
        "direction": FrameworkIndicator.Direction.LOWER,
        "group": "Economy",
        "source": f"ISO 37120:2014, {ISO_37120}",
    },
    {
        "code": "5.6",
        "name_vi": "Số doanh nghiệp trên 100.000 dân (hỗ trợ)",
        "name_en": "Number of businesses per 100 000 population (supporting)",
        "unit": "per 100 000",
        "direction": FrameworkIndicator.Direction.HIGHER,
        "group": "Economy",
        "source": f"ISO 37120:2014, {ISO_37120}",
    },
)


@dataclass
class Row:
    number: int  # as the spreadsheet numbers it
    values: dict


@dataclass
class ParsedFramework:
    rows: list[Row] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _error(row: int, column: str, message: str) -> str:
    return _("Row %(row)s, column “%(col)s”: %(msg)s") % {
        "row": row,
        "col": LABELS[column],
        "msg": message,
    }


def _check_row(number: int, raw: dict) -> tuple[dict, list[str]]:
    values: dict = {}
    errors: list[str] = []
    for column in REQUIRED:
        if not _text(raw.get(column)):
            errors.append(_error(number, column, _("required.")))
    code = _text(raw.get("code"))
    if code and not re.match(INDICATOR_CODE_RE, code):
        errors.append(
            _error(
                number,
                "code",
                _(
                    "“%(v)s” is not a code: letters, digits, dots, dashes or underscores, at "
                    "most 30."
                )
                % {"v": code[:40]},
            )
        )
    values["code"] = code
    for column, limit in MAX_LENGTHS.items():
        text = _text(raw.get(column))
        if len(text) > limit:
            errors.append(
                _error(
                    number,
                    column,
                    _("%(n)s characters, more than the %(max)s allowed.")
                    % {"n": len(text), "max": limit},
                )
            )
        values[column] = text
    direction = _key(raw.get("direction"))
    if direction:
        if direction in DIRECTIONS:
            values["direction"] = DIRECTIONS[direction]
        else:
            errors.append(
                _error(
                    number,
                    "direction",
                    _("“%(v)s” is neither “Cao hơn là tốt” nor “Thấp hơn là tốt”.")
                    % {"v": _text(raw.get("direction"))[:40]},
                )
            )
    return values, errors


def parse(name: str, data: bytes) -> ParsedFramework:
    """Check every row of an uploaded framework; the rows ready to save, or every error found."""
    result = ParsedFramework()
    rows, result.errors = read_rows(
        name,
        data,
        columns=COLUMNS,
        labels=LABELS,
        required=REQUIRED,
        ignored=IGNORED,
        max_bytes=MAX_BYTES,
        max_rows=MAX_ROWS,
    )
    if result.errors:
        return result
    seen: dict[str, int] = {}
    for number, raw in rows:
        values, errors = _check_row(number, raw)
        code = values.get("code", "")
        if code:
            folded = code.casefold()
            if folded in seen:
                errors.append(
                    _error(
                        number,
                        "code",
                        _("the code %(code)s is already on row %(first)s.")
                        % {"code": code, "first": seen[folded]},
                    )
                )
            else:
                seen[folded] = number
        result.errors.extend(errors)
        if not errors:
            result.rows.append(Row(number, values))
    if not result.rows and not result.errors:
        result.errors.append(_("The file has no indicator."))
    return result


def _cells(values: dict) -> list:
    return [
        DIRECTION_TEXT.get(values.get(name), "") if name == "direction" else values.get(name, "")
        for name in FIELDS
    ]


def table_rows(indicators: Iterable[dict]) -> list[list]:
    """The header and one row per indicator, in the columns the import reads."""
    return [[LABELS[name] for name in FIELDS], *(_cells(v) for v in indicators)]


def as_xlsx(indicators: Iterable[dict], title: str) -> bytes:
    """A workbook in the import's columns (every text cell that a spreadsheet would run as a
    formula is quoted), with the accepted values on a second sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31] or "Chi so"
    for row in table_rows(indicators):
        sheet.append(safe_row(row))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFG", (12, 50, 50, 14, 18, 24, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    notes = book.create_sheet("Huong dan")
    for line in (
        ("Cột", "Bắt buộc", "Giá trị"),
        (LABELS["code"], "Có", "Chữ, số, dấu chấm, gạch ngang, gạch dưới; tối đa 30 ký tự"),
        (LABELS["name_vi"], "Có", ""),
        (LABELS["name_en"], "Không", ""),
        (LABELS["unit"], "Không", "Ví dụ: %, người, ngày"),
        (LABELS["direction"], "Có", "Cao hơn là tốt / Thấp hơn là tốt"),
        (LABELS["group"], "Không", ""),
        (LABELS["source"], "Không", ""),
    ):
        notes.append(safe_row(line))
    return exports.xlsx_bytes(book)


def as_csv(indicators: Iterable[dict]) -> bytes:
    """The same table as UTF-8 CSV (formula-like cells quoted)."""
    return csv_bytes(table_rows(indicators))
