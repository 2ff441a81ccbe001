"""Spreadsheets the site writes: text a spreadsheet would run as a formula is neutralised; numbers
stay numbers; and no module writes a CSV or XLSX around the one helper."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import openpyxl
import pytest

from hoptac.core import exports

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    "value",
    ["=1+1", "@SUM(1+1)", "+1+1", "-1+1", "\t=1", "\r=1", "\n=1", " =HYPERLINK(1)", "+84 236"],
)
def test_formula_leading_text_gets_a_quote(value):
    assert exports.safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", [12, 12.5, -3, None, "Thửa 12", "-12", "-12,5", "1+1", ""])
def test_other_values_are_kept(value):
    assert exports.safe_cell(value) == value


def test_csv_cells_are_neutralised_and_numbers_stay_numbers():
    data = exports.csv_bytes([["=1+1", "@SUM(1+1)", 12.5, -3]])
    assert data.startswith("\ufeff".encode())
    row = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert row == ["'=1+1", "'@SUM(1+1)", "12.5", "-3"]


def test_xlsx_has_no_formula_and_keeps_numbers():
    book = openpyxl.Workbook()
    book.active.append(["=1+1", "@SUM(1+1)", 12.5, -3])
    loaded = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(book)))
    cells = next(loaded.active.iter_rows())
    assert [c.value for c in cells] == ["'=1+1", "'@SUM(1+1)", 12.5, -3]
    assert [c.data_type for c in cells] == ["s", "s", "n", "n"]


def test_every_spreadsheet_the_site_writes_goes_through_the_helper():
    """A module that builds a CSV or a workbook must save it with core.exports (a write-only
    workbook also appends its rows through `safe_row`). Demo loaders and management commands
    write files to be imported, not exports, and are left out."""
    offenders = []
    for path in (ROOT / "hoptac").rglob("*.py"):
        if {"tests", "management"} & set(path.parts) or path.name == "demo.py":
            continue
        if path.relative_to(ROOT).as_posix() == "hoptac/core/exports.py":
            continue
        text = path.read_text(encoding="utf-8")
        writes_csv = re.search(r"csv\.(writer|DictWriter)\(", text)
        writes_xlsx = "Workbook(" in text and "exports.xlsx_bytes(" not in text
        write_only_unsafe = "write_only=True" in text and "safe_row(" not in text
        if writes_csv or writes_xlsx or write_only_unsafe:
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
