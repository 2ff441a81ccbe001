"""Reading a city's procedure catalogue from the files that the portals export (XLSX or CSV).

Provincial public-service portals list procedures in tables whose columns are, in order, STT,
Mã TTHC, Mức độ DVC, Tên thủ tục hành chính, Lĩnh vực (and, depending on the export, Cấp thực
hiện, Cơ quan thực hiện, Thời hạn giải quyết, Phí, lệ phí). Headers are matched without accents or
case, so "MÃ TTHC" and "Ma TTHC" are the same column; a header we do not know is refused rather
than silently dropped (a misspelt "Muc do" must not lose every row's level).

Everything is checked before anything is written: each error names its row (as the spreadsheet
numbers it) and its column. The "Lĩnh vực" must be a field of the reference list or one the city
added (``procedure_fields``); it is saved under the list's spelling.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from hoptac.core import files
from hoptac.core.numbers import group
from hoptac.core.text import fold_key as _key

from . import procedure_fields
from .models import CODE_RE, FULL_CODE_RE, Procedure

MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024

COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("ma tthc", "ma thu tuc", "ma thu tuc hanh chinh", "ma so"),
    "full_code": ("ma day du", "ma tthc day du", "ma dinh danh"),
    "name": ("ten thu tuc hanh chinh", "ten tthc", "ten thu tuc"),
    "field_name": ("linh vuc",),
    "agency_level": ("cap thuc hien",),
    "agency": ("co quan thuc hien",),
    "online_level": ("muc do dvc", "muc do dvc truc tuyen", "muc do", "dich vu cong truc tuyen"),
    "processing_days": (
        "thoi han giai quyet",
        "thoi han giai quyet (ngay)",
        "thoi gian giai quyet",
    ),
    "fee": ("phi, le phi", "phi le phi", "le phi", "phi"),
    "valid_from": ("hieu luc tu", "ngay hieu luc", "ngay co hieu luc"),
}
IGNORED = {"stt", "tt", "so tt", "ghi chu"}
REQUIRED = ("code", "name", "field_name", "agency_level", "online_level")
LABELS = {
    "code": "Mã TTHC",
    "full_code": "Mã đầy đủ",
    "name": "Tên thủ tục hành chính",
    "field_name": "Lĩnh vực",
    "agency_level": "Cấp thực hiện",
    "agency": "Cơ quan thực hiện",
    "online_level": "Mức độ DVC",
    "processing_days": "Thời hạn giải quyết",
    "fee": "Phí, lệ phí",
    "valid_from": "Hiệu lực từ",
}

ONLINE = {
    "toan trinh": Procedure.OnlineLevel.FULL,
    "dvc truc tuyen toan trinh": Procedure.OnlineLevel.FULL,
    "mot phan": Procedure.OnlineLevel.PARTIAL,
    "dvc truc tuyen mot phan": Procedure.OnlineLevel.PARTIAL,
    "khong": Procedure.OnlineLevel.NONE,
    "khong truc tuyen": Procedure.OnlineLevel.NONE,
    "truc tiep": Procedure.OnlineLevel.NONE,
    "dich vu cong": Procedure.OnlineLevel.NONE,
}
LEVELS = {
    "cap tinh": Procedure.AgencyLevel.PROVINCE,
    "tinh": Procedure.AgencyLevel.PROVINCE,
    "cap xa": Procedure.AgencyLevel.COMMUNE,
    "xa": Procedure.AgencyLevel.COMMUNE,
    "cap huyen": Procedure.AgencyLevel.DISTRICT,
    "huyen": Procedure.AgencyLevel.DISTRICT,
    "cap trung uong": Procedure.AgencyLevel.CENTRAL,
    "trung uong": Procedure.AgencyLevel.CENTRAL,
    "cap bo": Procedure.AgencyLevel.CENTRAL,
}
FREE = {"", "khong", "khong co", "khong quy dinh", "mien phi", "mien", "0"}


@dataclass
class Row:
    number: int  # as the spreadsheet numbers it (the header is row 1)
    values: dict


@dataclass
class Parsed:
    rows: list[Row] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


class CatalogueFileError(ValueError):
    """The file cannot be read at all (format, size, no header)."""


def read_table(
    name: str, data: bytes, *, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS
) -> list[list]:
    """The cells of the first sheet (XLSX) or of the CSV, header first; at most ``max_rows`` + 22
    rows are read, so that the caller can tell the file is too long without reading it all."""
    if len(data) > max_bytes:
        raise CatalogueFileError(
            _("The file is larger than %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)}
        )
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(name, data, max_rows)
    if name.lower().endswith((".xlsx", ".xlsm")):
        raise CatalogueFileError(_("The file is not a valid Excel workbook."))
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise CatalogueFileError(_("The file is neither an Excel workbook nor a UTF-8 CSV."))
    if "\x00" in text:
        raise CatalogueFileError(_("The file is neither an Excel workbook nor a UTF-8 CSV."))
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    rows = []
    for row in csv.reader(io.StringIO(text), delimiter=delimiter):
        rows.append(row)
        if len(rows) > max_rows + 21:  # the header may sit below a title
            break
    return rows


def _read_xlsx(name: str, data: bytes, max_rows: int = MAX_ROWS) -> list[list]:
    try:  # declared sizes and ratio from the central directory, before anything is inflated
        files.check_archive(
            io.BytesIO(data),
            files.safe_name(name),
            max_unzipped=files.OFFICE_MAX_UNZIPPED,
            max_ratio=files.OFFICE_MAX_RATIO,
        )
    except ValidationError as error:
        raise CatalogueFileError(" ".join(error.messages)) from error
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                # Anywhere in the part, not only its head: a prolog padded with comments or
                # spaces pushes the declaration past any fixed window (markup "<" inside text is
                # always escaped, so a literal "<!DOCTYPE" is never data).
                if info.filename.endswith((".xml", ".rels")) and b"<!DOCTYPE" in archive.read(info):
                    raise CatalogueFileError(
                        _("The workbook contains a document type declaration, which is refused.")
                    )
    except zipfile.BadZipFile as error:
        raise CatalogueFileError(_("The file is not a valid Excel workbook.")) from error
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > max_rows + 21:  # the header may sit below a title
                break
        workbook.close()
        return rows
    except CatalogueFileError:
        raise
    except Exception as error:  # openpyxl raises many kinds on a damaged workbook
        raise CatalogueFileError(_("The file is not a valid Excel workbook.")) from error


def _header(cells: list, row: int = 1) -> tuple[dict[int, str], list[str], list[str]]:
    """Column index → field, the headers we ignore, and errors for unknown ones (``row``: the
    header's row as the spreadsheet numbers it; a title may sit above it)."""
    lookup = {alias: name for name, aliases in COLUMNS.items() for alias in aliases}
    mapping: dict[int, str] = {}
    ignored, errors = [], []
    for index, cell in enumerate(cells):
        key = _key(cell)
        if not key:
            continue
        if key in IGNORED:
            ignored.append(str(cell))
        elif key in lookup:
            mapping[index] = lookup[key]
        else:
            errors.append(
                _("Row %(row)s, column %(col)s: unknown column “%(name)s”.")
                % {"row": row, "col": _column_letter(index), "name": cell}
            )
    missing = [LABELS[name] for name in REQUIRED if name not in mapping.values()]
    if missing:
        errors.append(
            _("Row %(row)s: missing columns: %(names)s.")
            % {"row": row, "names": ", ".join(missing)}
        )
    return mapping, ignored, errors


def header_columns(
    cells: list,
    row: int,
    *,
    columns: dict[str, tuple[str, ...]],
    labels: dict[str, str],
    required: tuple[str, ...],
    ignored: set[str],
) -> tuple[dict[int, str], list[str]]:
    """Column index → field, and the errors of a header row whose every column must be known
    and named once (``row``: the header's row as the spreadsheet numbers it). The tables of a
    city's framework and of a published index read their headers with it."""
    lookup = {alias: name for name, aliases in columns.items() for alias in aliases}
    mapping: dict[int, str] = {}
    errors: list[str] = []
    for index, cell in enumerate(cells):
        key = _key(cell)
        if not key or key in ignored:
            continue
        name = lookup.get(key)
        if name is None:
            errors.append(
                _("Row %(row)s, column %(col)s: unknown column “%(name)s”.")
                % {"row": row, "col": _column_letter(index), "name": _text(cell)[:80]}
            )
        elif name in mapping.values():
            errors.append(
                _("Row %(row)s, column %(col)s: the column “%(name)s” appears twice.")
                % {"row": row, "col": _column_letter(index), "name": labels[name]}
            )
        else:
            mapping[index] = name
    missing = [labels[name] for name in required if name not in mapping.values()]
    if missing:
        errors.append(
            _("Row %(row)s: missing columns: %(names)s.")
            % {"row": row, "names": ", ".join(missing)}
        )
    return mapping, errors


def read_rows(
    name: str,
    data: bytes,
    *,
    columns: dict[str, tuple[str, ...]],
    labels: dict[str, str],
    required: tuple[str, ...],
    ignored: set[str],
    max_bytes: int,
    max_rows: int,
) -> tuple[list, list[str]]:
    """The numbered body rows of an uploaded table read by ``header_columns``, or the errors
    that stop it (the file itself, an empty file, its header)."""
    try:
        table = read_table(name, data, max_bytes=max_bytes, max_rows=max_rows)
    except CatalogueFileError as error:
        return [], [str(error)]
    start = find_header(table, lambda cells: any(_text(c) for c in cells))
    if start is None:
        return [], [_("The file is empty.")]
    mapping, errors = header_columns(
        table[start], start + 1, columns=columns, labels=labels, required=required, ignored=ignored
    )
    if errors:
        return [], errors
    try:
        return body_rows(table, start, mapping, max_rows), []
    except CatalogueFileError as error:
        return [], [str(error)]


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _days(value) -> Decimal | None:
    if value is None or _text(value) == "":
        return None
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        key = _key(value)
        if key in {"trong ngay", "ngay trong ngay", "giai quyet ngay"}:
            return Decimal(0)
        match = re.match(r"^(-?\d+(?:[.,]\d+)?)", key)
        if not match:
            raise ValueError(_("“%(value)s” is not a number of days.") % {"value": value})
        try:
            number = Decimal(match.group(1).replace(",", "."))
        except InvalidOperation as error:
            raise ValueError(
                _("“%(value)s” is not a number of days.") % {"value": value}
            ) from error
    if number < 0 or number > 3650:
        raise ValueError(
            _("A processing time of %(value)s days is not possible.") % {"value": value}
        )
    return number


def _fee_vnd(text: str) -> int | None:
    key = _key(text)
    if key in FREE:
        return 0
    numbers = re.findall(r"\d{1,3}(?:[.,]\d{3})+|\d+", key)
    if len(numbers) == 1 and ("dong" in key or "vnd" in key or key == numbers[0]):
        return int(re.sub(r"[.,]", "", numbers[0]))
    return None  # several amounts or a rule ("theo quy định…"): kept as text only


def _date(value) -> dt.date | None:
    if value is None or _text(value) == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.datetime.strptime(_text(value), "%d/%m/%Y").date()
    except ValueError as error:
        raise ValueError(
            _("“%(value)s” is not a date written dd/mm/yyyy.") % {"value": value}
        ) from error


def find_header(table: list[list], is_header: Callable[[list], bool]) -> int | None:
    """The index of the header row: the first of the table's first 20 rows that ``is_header``
    accepts (a title may sit above it), or None."""
    return next((i for i, cells in enumerate(table[:20]) if is_header(cells)), None)


def body_rows(
    table: list[list], start: int, mapping: dict[int, str], max_rows: int
) -> Iterator[tuple[int, dict]]:
    """The rows under the header ``table[start]``, each as (its number as the spreadsheet
    numbers it, {field: cell} by ``mapping``), blank rows skipped. The size is checked here,
    before any row is read: more than ``max_rows`` raises ``CatalogueFileError``."""
    body = table[start + 1 :]
    if len(body) > max_rows:
        raise CatalogueFileError(
            _("The file has more than %(n)s rows; split it.") % {"n": group(max_rows)}
        )
    return _numbered(body, start + 2, mapping)


def _numbered(body: list[list], first: int, mapping: dict[int, str]) -> Iterator[tuple[int, dict]]:
    for offset, cells in enumerate(body):
        if any(_text(c) for c in cells):
            yield (
                first + offset,
                {name: (cells[i] if i < len(cells) else None) for i, name in mapping.items()},
            )


def parse(
    name: str, data: bytes, today: dt.date, *, fields: dict[str, str] | None = None
) -> Parsed:
    """Check every row of the file; return the rows ready to save, or every error found.
    ``fields``: the fields a row may name (``procedure_fields.known`` of the city; the
    reference list alone by default)."""
    if fields is None:
        fields = procedure_fields.known()
    result = Parsed()
    try:
        table = read_table(name, data)
    except CatalogueFileError as error:
        result.errors.append(str(error))
        return result
    # The header is the first row that names the procedure code column.
    start = find_header(table, lambda cells: any(_key(c) in COLUMNS["code"] for c in cells))
    if start is None:
        result.errors.append(_("No header row naming the column “Mã TTHC” was found."))
        return result
    mapping, result.ignored_columns, result.errors = _header(table[start], start + 1)
    if result.errors:
        return result
    try:
        rows = body_rows(table, start, mapping, MAX_ROWS)
    except CatalogueFileError as error:
        result.errors.append(str(error))
        return result
    seen: dict[str, int] = {}
    for number, raw in rows:
        values, errors = check_row(raw, today, fields)
        for column, message in errors:
            result.errors.append(
                _("Row %(row)s, column “%(col)s”: %(msg)s")
                % {"row": number, "col": LABELS[column], "msg": message}
            )
        code = values.get("code")
        if code:
            if code in seen:
                result.errors.append(
                    _(
                        "Row %(row)s, column “Mã TTHC”: the code %(code)s is already on row "
                        "%(first)s."
                    )
                    % {"row": number, "code": code, "first": seen[code]}
                )
            else:
                seen[code] = number
        if not errors:
            result.rows.append(Row(number, values))
    if not result.rows and not result.errors:
        result.errors.append(_("The file has no procedure."))
    return result


def check_row(
    raw: dict, today: dt.date, fields: dict[str, str]
) -> tuple[dict, list[tuple[str, str]]]:
    values: dict = {}
    errors: list[tuple[str, str]] = []
    for column in REQUIRED:
        if not _text(raw.get(column)):
            errors.append((column, _("required.")))
    code = _text(raw.get("code"))
    if code and not re.match(CODE_RE, code):
        errors.append(("code", _("“%(v)s” is not a code like 1.001612.") % {"v": code}))
    values["code"] = code
    full = _text(raw.get("full_code"))
    if full and (not re.match(FULL_CODE_RE, full) or not full.startswith(code + ".")):
        errors.append(
            ("full_code", _("“%(v)s” is not a full code of %(code)s.") % {"v": full, "code": code})
        )
    values["full_code"] = full
    values["name"] = _text(raw.get("name"))[:600]
    field_name = _text(raw.get("field_name"))
    listed = procedure_fields.canonical(field_name, fields)
    values["field_name"] = listed or field_name[:255]
    if field_name and listed is None:
        errors.append(
            (
                "field_name",
                _(
                    "the field “%(v)s” is not in the list of fields (a coordinator of the city "
                    "may add it as the city's own field)."
                )
                % {"v": field_name[:120]},
            )
        )
    values["agency"] = _text(raw.get("agency"))[:255]
    level = _key(raw.get("online_level"))
    if level:
        if re.match(r"^(muc do )?[1-4]$", level):
            errors.append(
                (
                    "online_level",
                    _(
                        "levels 1–4 were abolished by Decree 42/2022/NĐ-CP: write "
                        "“Toàn trình” or “Một phần”."
                    ),
                )
            )
        elif level not in ONLINE:
            errors.append(
                (
                    "online_level",
                    _("“%(v)s” is not “Toàn trình”, “Một phần” or “Không”.")
                    % {"v": raw.get("online_level")},
                )
            )
        else:
            values["online_level"] = ONLINE[level]
    agency_level = _key(raw.get("agency_level"))
    if agency_level:
        first = re.split(r"[,;/]", agency_level)[0].strip()
        if first not in LEVELS:
            errors.append(
                (
                    "agency_level",
                    _("“%(v)s” is not a level (Cấp tỉnh, Cấp xã…).")
                    % {"v": raw.get("agency_level")},
                )
            )
        else:
            values["agency_level"] = LEVELS[first]
    try:
        values["processing_days"] = _days(raw.get("processing_days"))
    except ValueError as error:
        errors.append(("processing_days", str(error)))
    fee = _text(raw.get("fee"))[:255]
    values["fee"] = fee
    values["fee_vnd"] = _fee_vnd(fee) if fee else None
    try:
        valid_from = _date(raw.get("valid_from"))
        if valid_from and valid_from > today + dt.timedelta(days=366):
            raise ValueError(_("a date more than a year ahead."))
        values["valid_from"] = valid_from
    except ValueError as error:
        errors.append(("valid_from", str(error)))
    return values, errors
