"""Dossier records in bulk: the file is read by DuckDB, each record checked with the rules of
``statistics.records`` (each error naming its row and column) and summed into monthly figures in
the same scan (that SQL is in ``bulk_sql``); only the monthly figures are written to the
database (by ``COPY`` on PostgreSQL), in place of the months the file covers (a file that would
delete figures of agencies or procedures it does not hold is refused unless the importer says it
is the whole of its months: ``actions.figures_dropped``). The 766 index is
then computed by one ``INSERT … SELECT`` for both audiences on PostgreSQL, in the same
transaction. The app's records import (the import page, ``manage.py import_dossier_records``,
both through ``records_import``) takes this path for every CSV it can read, and so does
``make bench-indicators``.

The file is a CSV in UTF-8 (comma or semicolon) with the header of a records export
(``statistics.RECORDS``) on one of its first 20 lines (``reads`` tells such a file); cells are
trimmed as Python's ``str.strip`` trims them, as the row-by-row reader does; rows whose every
cell is blank are skipped, as there. A file of more records than the setting
INDICATORS_MAX_RECORDS is refused once that many records and one more are read (the scan that
sums them stops there), nothing saved;
personal-data columns are refused as in the row-by-row reader, before anything is read. The
records themselves are kept nowhere (Decree 13/2023/NĐ-CP): not in the database, not in DuckDB
(in memory, closed after the import). Timestamps are read with the row-by-row reader's formats
(dd/mm/yyyy or ISO, with or without a time; a due date without a time is due by the end of that
day).
"""

from __future__ import annotations

import csv
import datetime as dt
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext as _

from hoptac.core.models import Locality
from hoptac.core.numbers import group
from hoptac.core.text import fold_key as _key

from . import bulk_sql
from .models import COUNTS, DossierMonth
from .statistics.common import _header
from .statistics.records import RECORDS, RECORDS_LABELS, RECORDS_REQUIRED

SAMPLE_ROWS = 50  # rows read ahead to see how the file writes its timestamps


@dataclass
class BulkResult:
    records: int = 0
    rows: int = 0
    months: list[dt.date] = field(default_factory=list)
    replaced: int = 0
    replaced_months: list[dt.date] = field(default_factory=list)  # held figures before
    errors: list[str] = field(default_factory=list)
    # per optional count the file has a column for, the monthly rows blank cells left without it
    unreported: dict[str, int] = field(default_factory=dict)


TIMESTAMPS = ("received_at", "due_at", "finished_at")
DUCKDB_MEMORY = "1GB"  # a month's sums of a big city take a few MB; the records are streamed


def import_records(
    locality: Locality,
    path: Path,
    today: dt.date,
    *,
    compute: bool = True,
    is_public: bool = True,
    source: str = "",
    max_records: int | None = None,
    replace_months: bool = False,
) -> BulkResult:
    """Check and sum a records file for ``locality``; replace the whole months it covers and
    (with ``compute``) recompute their index. All or nothing: a file with an error, or of more
    than ``max_records`` records (the setting INDICATORS_MAX_RECORDS by default), saves
    nothing; nor does a file that would delete figures of agencies or procedures it does not
    hold for one of its months, unless ``replace_months`` (``actions.figures_dropped``)."""
    result = BulkResult()
    limit = max_records or settings.INDICATORS_MAX_RECORDS
    head = _head(path)
    header, samples = head.header, head.samples
    if header is None:
        result.errors = [_("The file is neither an Excel workbook nor a UTF-8 CSV.")]
        return result
    index_of, errors = _header(
        header, RECORDS, RECORDS_REQUIRED, RECORDS_LABELS, personal=True, row=head.skip + 1
    )
    if errors:
        result.errors = errors
        return result
    columns = {name: f"c{i}" for i, name in index_of.items()}
    sampled = {
        name: next((row[i] for row in samples if i < len(row) and row[i].strip()), "")
        for i, name in index_of.items()
        if name in TIMESTAMPS
    }
    now = dt.datetime.combine(today, dt.time(23, 59, 59))
    import duckdb  # here, not at start: the pages that import this module seldom import a file

    with tempfile.TemporaryDirectory(prefix="hoptac-records-") as spill, _duck(spill) as duck:
        raw = bulk_sql.source(path, len(header), head.delim, head.skip)
        src = bulk_sql.kept(raw, len(header))
        try:
            words = bulk_sql._words(
                columns, {n: set(bulk_sql.SPELLINGS) for n in bulk_sql._worded(columns)}
            )
            # The first limit + 1 records only: a file over the limit is refused once they are
            # read, not after a scan of the whole file (the rest of it is never read).
            first = bulk_sql.first(src, limit + 1)
            bad = bulk_sql.aggregate(duck, first, columns, now, words, sampled)
            if bulk_sql.read(duck) > limit:
                result.errors = [too_many(limit)]
                return result
            if bad:
                # Some word is not spelt as the exports spell it, or some row is wrong: read the
                # file's own words, and sum again with them before naming any error.
                words = bulk_sql._words(columns, bulk_sql._seen(duck, src, columns))
                if bulk_sql.aggregate(duck, src, columns, now, words, sampled):
                    # The sums and the checks are two writings of one rule set: should they
                    # ever disagree, the file is refused rather than half read.
                    result.errors = bulk_sql.check(
                        duck, raw, columns, now, words, sampled, len(header), head.skip
                    ) or [_("The file could not be read: %(e)s") % {"e": "check"}]
                    return result
            result.records, result.months, result.rows = bulk_sql.summary(duck)
            result.unreported = bulk_sql.unreported(duck, columns)
            if not result.rows:
                result.errors = [_("The file has no dossier.")]
                return result
            from .actions import figures_dropped, months_not_whole

            with transaction.atomic():
                # before deleting, in the transaction that deletes (the held rows locked)
                # the summed rows fetched once, for the check and (PostgreSQL) the COPY
                fetched: list[list[tuple]] = []

                def kept() -> set[tuple]:
                    fetched.append(bulk_sql.months(duck))
                    return {row[:3] for row in fetched[0]}

                dropped, result.replaced_months = figures_dropped(locality, result.months, kept)
                if dropped and not replace_months:
                    result.errors = months_not_whole(dropped)
                    return result
                result.replaced = _write_months(
                    locality,
                    result.months,
                    duck,
                    is_public=is_public,
                    source=source,
                    rows=fetched[0] if fetched else None,
                )
                if compute:
                    from .actions import compute_index

                    # in the same transaction: figures never saved without their index
                    compute_index(locality, result.months)
        except duckdb.Error as error:
            result.errors = [bulk_sql.read_error(error)]
            return result
    return result


def too_many(limit: int) -> str:
    """The refusal of a file of more than ``limit`` records."""
    return _(
        "The file has more than %(n)s rows: it is refused. Split it by month or "
        "agency and import the parts."
    ) % {"n": group(limit)}


def reads(path: Path) -> bool:
    """Whether this path takes the file: a CSV in UTF-8 with the header naming the procedure
    code on one of its first 20 lines (below a title, as the row-by-row reader finds it; the
    lines above it without quotes, so that a line is a row). Other files (a workbook, a CSV in
    cp1258) are read by the row-by-row reader, ``statistics.parse_records``."""
    head = _head(path)
    codes = RECORDS["procedure_code"]
    found = head.header is not None and any(_key(cell) in codes for cell in head.header)
    return found and not head.mixed


@dataclass
class Head:
    header: list[str] | None  # None: not a UTF-8 CSV
    samples: list[list[str]]  # the rows below the header, to see how timestamps are written
    delim: str
    skip: int = 0  # the lines above the header (a title)
    mixed: bool = False  # lines ending in CR LF and in LF alike: DuckDB's reader refuses them


HEADER_LINES = 20  # the header is looked for on the first lines, as the row-by-row reader does


def _head(path: Path) -> Head:
    """The file's header (the first of its first lines naming the procedure code, else its
    first line), the rows below it and its delimiter: the semicolon when the file's first 4,096
    characters hold more of them than commas, as the row-by-row reader decides."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            text = handle.read(4096)
            delim = ";" if text.count(";") > text.count(",") else ","
            handle.seek(0)
            lines = [handle.readline() for _i in range(HEADER_LINES)]
            codes = RECORDS["procedure_code"]
            skip = 0
            for number, line in enumerate(lines):
                if '"' in line:  # a quoted cell may span lines: no title is looked past it
                    break
                cells = next(csv.reader([line], delimiter=delim), [])
                if any(_key(cell) in codes for cell in cells):
                    skip = number
                    break
            handle.seek(0)
            for _i in range(skip):
                handle.readline()
            reader = csv.reader(handle, delimiter=delim)
            header = next(reader, [])
            samples = [row for _i, row in zip(range(SAMPLE_ROWS), reader, strict=False)]
    except (UnicodeDecodeError, csv.Error):
        return Head(None, [], ",")
    if "\x00" in "".join(header):
        return Head(None, [], ",")
    bare = text.rstrip("\r").replace("\r\n", "")
    mixed = "\r\n" in text and ("\n" in bare or "\r" in bare)
    return Head(header, samples, delim, skip, mixed)


def _duck(spill: str):
    """An in-memory DuckDB for one import: its memory bounded, spilling to a directory of its
    own (the sums never need to; listing the errors of a big file may), and fetching no
    extension from the network."""
    import duckdb

    return duckdb.connect(
        config={
            "memory_limit": DUCKDB_MEMORY,
            "temp_directory": spill,
            "preserve_insertion_order": False,
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
        }
    )


SUMMED = (
    "received",
    "received_online",
    "finished_on_time",
    "finished_late",
    "digitised",
    "e_results",
    "payable",
    "paid_online",
)


ROWS_PER_INSERT = 1000  # SQLite: the monthly rows written by one INSERT, at most


def _variables() -> int:
    """The values one SQLite statement can bind (32,766 since SQLite 3.32; Django assumes
    999)."""
    try:
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    except AttributeError:  # Python before 3.11
        return connection.features.max_query_params


def _write_months(
    locality: Locality,
    months: list[dt.date],
    duck,
    *,
    is_public: bool = True,
    source: str = "",
    rows: list[tuple] | None = None,
) -> int:
    """Replace the figures of ``months`` with DuckDB's sums (month, agency, code and the summed
    counts, NULL for a count whose column the file lacks); the counts a records file cannot
    give (feedback, ratings) are NULL: not reported. Written by ``COPY`` on PostgreSQL,
    one prepared ``INSERT`` on SQLite.
    ``rows``: ``bulk_sql.months(duck)`` when already fetched. Returns the rows replaced."""
    table = DossierMonth._meta.db_table
    zeros = [c for c in COUNTS if c not in SUMMED]  # NULL: not in a records file
    with connection.cursor() as cursor:
        # One statement, whatever the rows (a queryset's delete would read them first).
        cursor.execute(
            f"DELETE FROM {table} WHERE locality_id = %s AND month IN "
            f"({', '.join(['%s'] * len(months))})",
            [locality.pk, *months],
        )
        replaced = cursor.rowcount
    if connection.vendor != "postgresql":
        # INSERTs of many rows each, DuckDB's rows (month as text, the source last) bound to
        # them, the constants written in them: a model instance per row (bulk_create) cost some
        # 10 s of CPU per 100,000 rows (bench/indicators, 1M records), one prepared INSERT run
        # per row 1.0-1.5 s per 194,508 rows, these 0.4-0.6 s (each statement also updates the
        # table's AUTOINCREMENT counter once).
        constants = [str(int(locality.pk)), *["NULL"] * len(zeros), str(int(is_public)), "0"]
        names = ["locality_id", *zeros, "is_public", "is_demo"]
        names += ["month", "agency", "procedure_code", *SUMMED, "source"]
        width = len(SUMMED) + 4
        row = f"({', '.join(constants + ['?'] * width)})"
        rows = bulk_sql.months_as_text(duck, source[:255])
        per = max(1, min(ROWS_PER_INSERT, _variables() // width))
        # The driver's own connection (in the transaction opened above): Django's cursor would
        # rewrite each statement's placeholders (0.5 s per 194,508 rows) and, with DEBUG, quote
        # every value to log it.
        driver = connection.connection
        for start in range(0, len(rows), per):
            chunk = rows[start : start + per]
            driver.execute(
                f"INSERT INTO {table} ({', '.join(names)}) VALUES " + ", ".join([row] * len(chunk)),
                [value for r in chunk for value in r],
            )
        return replaced
    names = ["locality_id", "month", "agency", "procedure_code", *SUMMED, *zeros]
    names += ["is_public", "is_demo", "source"]
    tail = (None,) * len(zeros) + (is_public, False, source[:255])
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy,
    ):
        # Tuples written by psycopg's C encoder (tried: DuckDB writing a CSV for COPY to read
        # cost PostgreSQL more than it saved here)
        for row in rows if rows is not None else bulk_sql.months(duck):
            copy.write_row((locality.pk, *row, *tail))
    return replaced
