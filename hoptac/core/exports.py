"""Every spreadsheet the site writes (CSV and XLSX) goes through here, so that no value a user
typed becomes a live formula on the computer of whoever opens the export.

OWASP, "CSV Injection" (https://owasp.org/www-community/attacks/CSV_Injection): a cell that
begins with `=`, `+`, `-`, `@`, tab (0x09) or carriage return (0x0D) — and line feed (0x0A),
added in 2025 (OWASP/www-community pull request 1116) — is read as a formula by Excel,
LibreOffice Calc and Google Sheets; the remedy is to prepend a single quote to such a cell (and
to quote CSV fields, which the csv module does where needed). Symfony's CsvEncoder follows the
same list after CVE-2021-41270 (https://symfony.com/cve-2021-41270). OWASP ASVS 5.0 requirement
1.2.10 asks the same of XLSX exports and adds the null character. Leading spaces are looked
through (" =1+1" is treated like "=1+1").

Real numbers stay numbers: only text is touched, and text that is just a signed number ("-12,5")
is no formula.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\x00")
_SIGNED_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*(?:[eE][+-]?\d+)?")


def safe_cell(value: Any) -> Any:
    """The value, with a single quote in front when it is text a spreadsheet would run."""
    if not isinstance(value, str):
        return value
    stripped = value.lstrip(" \u00a0")
    if stripped.startswith(TRIGGERS) and not _SIGNED_NUMBER.fullmatch(stripped):
        return "'" + value
    return value


def csv_bytes(rows: Iterable[Iterable[Any]], *, bom: bool = True) -> bytes:
    """Rows as UTF-8 CSV (with a byte-order mark, so that Excel reads the Vietnamese right)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(safe_row(row))
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def safe_row(row: Iterable[Any]) -> list[Any]:
    """A row with every cell passed through `safe_cell` (for write-only workbooks, whose cells
    cannot be walked before saving)."""
    return [safe_cell(v) for v in row]


def xlsx_bytes(workbook) -> bytes:
    """Save an openpyxl workbook after neutralising every text cell that would be a formula
    (openpyxl itself stores any text beginning with "=" as a formula). A write-only workbook
    cannot be walked: its rows must have been appended through `safe_row`."""
    for sheet in [] if workbook.write_only else workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cleaned = safe_cell(cell.value)
                    if cleaned is not cell.value:
                        cell.value = cleaned
                        cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
