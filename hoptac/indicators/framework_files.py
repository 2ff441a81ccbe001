"""A city's indicator framework in a spreadsheet: reading an uploaded XLSX or CSV, and writing the
template (and a framework) in the same columns.

Columns, matched without accents or case: Mã chỉ số, Mã chỉ số cha, Tên chỉ số (tiếng Việt), Tên
chỉ số (tiếng Anh), Đơn vị tính, Chiều tốt ("Cao hơn là tốt" / "Thấp hơn là tốt"), Nhóm, Nguồn.
An unknown header is refused rather than dropped, and every row is checked before anything is
saved: each error names its row (as the spreadsheet numbers it), its column and what is wrong.

A framework is a tree of any depth (dimensions → sub-dimensions → indicators). "Mã chỉ số cha"
names the indicator of the file a row is part of (empty: at the top). A file without that column
(every file written before it) is read as before, except that numbered codes make the tree: "1.2.3"
is part of "1.2" (else of "1") when the file has that code.

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

from . import trees
from .catalogue import (
    _text,
    read_rows,
)
from .models import INDICATOR_CODE_RE, FrameworkIndicator

MAX_ROWS = 2_000
MAX_BYTES = 2 * 1024 * 1024

FIELDS = ("code", "parent", "name_vi", "name_en", "unit", "direction", "group", "source")
LABELS = {
    "code": "Mã chỉ số",
    "parent": "Mã chỉ số cha",
    "name_vi": "Tên chỉ số (tiếng Việt)",
    "name_en": "Tên chỉ số (tiếng Anh)",
    "unit": "Đơn vị tính",
    "direction": "Chiều tốt",
    "group": "Nhóm",
    "source": "Nguồn",
}
COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("ma chi so", "ma", "ma so", "so hieu", "code"),
    "parent": (
        "ma chi so cha",
        "chi so cha",
        "ma cha",
        "thuoc chi so",
        "thuoc",
        "parent",
        "parent code",
    ),
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
    values: dict  # "parent": the code of the indicator it is part of ("" at the top)
    depth: int = 0  # in the tree (0 at the top), for the preview


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
    parent = _text(raw.get("parent"))
    if parent and not re.match(INDICATOR_CODE_RE, parent):
        errors.append(
            _error(
                number,
                "parent",
                _(
                    "“%(v)s” is not a code: letters, digits, dots, dashes or underscores, at "
                    "most 30."
                )
                % {"v": parent[:40]},
            )
        )
    values["parent"] = parent
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
    has_column = False  # whether the file has a parent column (every row has the same keys)
    for number, raw in rows:
        has_column = has_column or "parent" in raw
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
    if not result.errors:
        result.errors = _link_parents(result.rows, has_column)
    if not result.errors:
        result.rows = _in_tree_order(result.rows)
    return result


def _link_parents(rows: list[Row], has_column: bool) -> list[str]:
    """Each row's parent as the code of a row of the file (the column's, else the one its
    numbered code implies when the file has no such column); the errors: a parent the file
    does not have, a row that is its own parent, rows that are parts of each other."""
    errors: list[tuple[int, str]] = []  # (row, message): said in the rows' order
    by_code = {r.values["code"].casefold(): r for r in rows}
    codes = {code.casefold(): r.values["code"] for code, r in by_code.items()}
    for row in rows:
        given = row.values["parent"]
        if not has_column:
            row.values["parent"] = trees.dotted_parent(row.values["code"], codes)
            continue
        if not given:
            continue
        found = by_code.get(given.casefold())
        if found is None:
            message = _("no indicator of the file has the code %(code)s.") % {"code": given}
            errors.append((row.number, _error(row.number, "parent", message)))
        elif found is row:
            message = _("an indicator cannot be a part of itself.")
            errors.append((row.number, _error(row.number, "parent", message)))
        else:
            row.values["parent"] = found.values["code"]
    # the loops among the parents found (a parent the file does not have, or a row's own
    # code, is named above and left out here)
    parent_of: dict[str, str | None] = {}
    for r in rows:
        up = by_code.get(r.values["parent"].casefold())
        parent_of[r.values["code"].casefold()] = (
            None if up is None or up is r else up.values["code"].casefold()
        )
    reported: set[str] = set()
    for row in rows:
        loop = trees.loop_from(row.values["code"].casefold(), parent_of)
        if loop and not reported & set(loop):
            reported |= set(loop)
            looped = [by_code[c].values["code"] for c in loop]
            message = _(
                "the indicators %(codes)s are parts of each other: one must be at the top."
            ) % {"codes": " → ".join([*looped, looped[0]])}
            errors.append((row.number, _error(row.number, "parent", message)))
    return [text for _number, text in sorted(errors, key=lambda e: e[0])]


def _in_tree_order(rows: list[Row]) -> list[Row]:
    """The rows in the order of their tree (each followed by its parts), with their depth."""
    nodes = trees.ordered(
        rows,
        key=lambda r: r.values["code"].casefold(),
        parent=lambda r: r.values["parent"].casefold() or None,
    )
    for node in nodes:
        node.item.depth = node.depth
    return [node.item for node in nodes]


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
    for letter, width in zip("ABCDEFGH", (12, 14, 50, 50, 14, 18, 24, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    notes = book.create_sheet("Huong dan")
    for line in (
        ("Cột", "Bắt buộc", "Giá trị"),
        (LABELS["code"], "Có", "Chữ, số, dấu chấm, gạch ngang, gạch dưới; tối đa 30 ký tự"),
        (
            LABELS["parent"],
            "Không",
            "Mã của chỉ số (trong cùng tệp) mà chỉ số này là thành phần; để trống nếu ở cấp "
            "cao nhất. Tệp không có cột này: mã dạng 1.2.3 là thành phần của 1.2 (nếu có)",
        ),
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
