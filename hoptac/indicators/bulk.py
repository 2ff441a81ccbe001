"""Dossier records in bulk: the file is read by DuckDB, each record checked with the rules of
``statistics.records`` (each error naming its row and column) and summed into monthly figures in
the same scan (that SQL is in ``bulk_sql``); only the monthly figures are written to the
database (by ``COPY`` on PostgreSQL), in place of the months the file covers. The 766 index is
then computed by one ``INSERT … SELECT`` for both audiences on PostgreSQL. Used for files beyond
what the row-by-row reader takes (a big city's month is ~280,000 dossiers), and by
``make bench-indicators``.

The file is a CSV in UTF-8 with the header of a records export (``statistics.RECORDS``);
personal-data columns are refused as in the row-by-row reader, before anything is read. The
records themselves are kept nowhere (Decree 13/2023/NĐ-CP): not in the database, not in DuckDB
(in memory, closed after the import). Timestamps are read with the row-by-row reader's formats
(dd/mm/yyyy or ISO, with or without a time; a due date without a time is due by the end of that
day).
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from django.db import connection, transaction
from django.utils.translation import gettext as _

from hoptac.core.models import Locality

from . import bulk_sql, index766
from .models import COUNTS, DossierMonth, IndexResult
from .statistics.common import _header
from .statistics.records import RECORDS, RECORDS_LABELS, RECORDS_REQUIRED

ANALYZE_AFTER = 5_000  # results written at once after which the table's statistics are renewed
SAMPLE_ROWS = 50  # rows read ahead to see how the file writes its timestamps


@dataclass
class BulkResult:
    records: int = 0
    rows: int = 0
    months: list[dt.date] = field(default_factory=list)
    replaced: int = 0
    errors: list[str] = field(default_factory=list)


TIMESTAMPS = ("received_at", "due_at", "finished_at")
WORK_MEM = "128MB"
DUCKDB_MEMORY = "1GB"  # a month's sums of a big city take a few MB; the records are streamed


def import_records(
    locality: Locality, path: Path, today: dt.date, *, compute: bool = True
) -> BulkResult:
    """Check and sum a records file for ``locality``; replace the whole months it covers and
    (with ``compute``) recompute their index. All or nothing: a file with an error saves
    nothing."""
    result = BulkResult()
    header, samples = _head(path)
    if header is None:
        result.errors = [_("The file is neither an Excel workbook nor a UTF-8 CSV.")]
        return result
    index_of, errors = _header(header, RECORDS, RECORDS_REQUIRED, RECORDS_LABELS, personal=True)
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
    with tempfile.TemporaryDirectory(prefix="hoptac-records-") as spill, _duck(spill) as duck:
        src = bulk_sql.source(path, len(header))
        try:
            words = bulk_sql._words(
                columns, {n: set(bulk_sql.SPELLINGS) for n in bulk_sql._worded(columns)}
            )
            if bulk_sql.aggregate(duck, src, columns, now, words, sampled):
                # Some word is not spelt as the exports spell it, or some row is wrong: read the
                # file's own words, and sum again with them before naming any error.
                words = bulk_sql._words(columns, bulk_sql._seen(duck, src, columns))
                if bulk_sql.aggregate(duck, src, columns, now, words, sampled):
                    # The sums and the checks are two writings of one rule set: should they
                    # ever disagree, the file is refused rather than half read.
                    result.errors = bulk_sql.check(duck, src, columns, now, words, sampled) or [
                        _("The file could not be read: %(e)s") % {"e": "check"}
                    ]
                    return result
            result.records, result.months, result.rows = bulk_sql.summary(duck)
            if not result.rows:
                result.errors = [_("The file has no dossier.")]
                return result
            with transaction.atomic():
                result.replaced = _write_months(locality, result.months, duck)
        except duckdb.Error as error:
            result.errors = [bulk_sql.read_error(error)]
            return result
    if compute:
        if connection.vendor == "postgresql":
            compute_index_sql(locality, result.months)
        else:
            from .actions import compute_index_python

            compute_index_python(locality, result.months)
    return result


def _head(path: Path) -> tuple[list[str] | None, list[list[str]]]:
    """The file's header and its first rows (to see how it writes timestamps); no header for a
    file that is not a UTF-8 CSV."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, [])
            samples = [row for _i, row in zip(range(SAMPLE_ROWS), reader, strict=False)]
    except (UnicodeDecodeError, csv.Error):
        return None, []
    return header, samples


def _duck(spill: str):
    """An in-memory DuckDB for one import: its memory bounded, spilling to a directory of its
    own (the sums never need to; listing the errors of a big file may), and fetching no
    extension from the network."""
    return duckdb.connect(
        config={
            "memory_limit": DUCKDB_MEMORY,
            "temp_directory": spill,
            "preserve_insertion_order": False,
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
        }
    )


SOURCE = "COPY"  # the source said of the figures a records file gives
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


def _write_months(locality: Locality, months: list[dt.date], duck) -> int:
    """Replace the figures of ``months`` with DuckDB's sums (month, agency, code and the summed
    counts); the counts a records file cannot give are 0. Written by ``COPY`` on PostgreSQL.
    Returns the rows replaced."""
    table = DossierMonth._meta.db_table
    zeros = [c for c in COUNTS if c not in SUMMED]
    with connection.cursor() as cursor:
        # One statement, whatever the rows (a queryset's delete would read them first).
        cursor.execute(
            f"DELETE FROM {table} WHERE locality_id = %s AND month IN "
            f"({', '.join(['%s'] * len(months))})",
            [locality.pk, *months],
        )
        replaced = cursor.rowcount
    if connection.vendor != "postgresql":
        DossierMonth.objects.bulk_create(
            [
                DossierMonth(
                    locality=locality,
                    month=month,
                    agency=agency,
                    procedure_code=code,
                    source=SOURCE,
                    **dict(zip(SUMMED, counts, strict=True)),
                )
                for month, agency, code, *counts in bulk_sql.months(duck)
            ],
            batch_size=2000,
        )
        return replaced
    names = ["locality_id", "month", "agency", "procedure_code", *SUMMED, *zeros]
    names += ["is_public", "is_demo", "source"]
    tail = (0,) * len(zeros) + (True, False, SOURCE)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy,
    ):
        # Tuples written by psycopg's C encoder (tried: DuckDB writing a CSV for COPY to read
        # cost PostgreSQL more than it saved here)
        for row in bulk_sql.months(duck):
            copy.write_row((locality.pk, *row, *tail))
    return replaced


def _for_bulk(cursor) -> None:
    """Settings of the transaction for statements over millions of rows: the hash of a month's
    sums held in memory (the default 4 MB spills it to disk)."""
    cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")


def compute_index_sql(
    locality: Locality, months: list[dt.date] | None = None, version: str = index766.DEFAULT
) -> int:
    """``actions.compute_index`` done by PostgreSQL: the same sums, points and rounding, in one
    ``INSERT … SELECT`` for both audiences (each group's sums of every figure and of the public
    ones taken in the same scan), one row per agency (and city), month and audience holding
    every component as [numerator, denominator, points]. Returns the rows written."""
    spec = index766.version(version)
    table, results = DossierMonth._meta.db_table, IndexResult._meta.db_table

    def total(terms, prefix: str) -> str:
        parts = [
            f"-coalesce({prefix}{t[1:]}, 0)" if t.startswith("-") else f"+coalesce({prefix}{t}, 0)"
            for t in terms
        ]
        return "(0" + " ".join(parts) + ")"

    def number(value) -> str:
        return "NULL::numeric" if value is None else f"{value}::numeric"

    def scores(prefix: str) -> str:
        """Every component's [numerator, denominator, points] of one audience's sums: the
        arithmetic and rounding of ``index766.Component.points``."""
        pairs = []
        for c in spec.computed:
            num, den = total(c.numerator, prefix), total(c.denominator, prefix)
            share, full_at = number(c.share), number(c.full_at or None)
            points = (
                f"CASE WHEN {den} = 0 THEN NULL ELSE round(least({share} * greatest({num}, 0)"
                f"::numeric / {den} * coalesce(100 / {full_at}, 1), {share}), 3) END"
            )
            pairs.append(f"{bulk_sql._lit(c.key)}, jsonb_build_array({num}, {den}, {points})")
        return f"jsonb_build_object({', '.join(pairs)})"

    month_filter = "" if months is None else "AND month = ANY(%(months)s)"
    sums = ", ".join(f"sum({c}) AS {c}, sum({c}) FILTER (WHERE is_public) AS p_{c}" for c in COUNTS)
    columns = "version, locality_id, agency, month, audience, scores, is_demo"
    with transaction.atomic(), connection.cursor() as cursor:
        _for_bulk(cursor)
        cursor.execute(
            f"DELETE FROM {results} WHERE version = %(v)s AND locality_id = %(loc)s "
            + ("" if months is None else "AND month = ANY(%(months)s)"),
            {"v": spec.key, "loc": locality.pk, "months": months},
        )
        # A group has public scores when it has public figures (as the public audience's own
        # sums would); a month is demo for an audience when any of its figures seen is.
        cursor.execute(
            f"""
            WITH base AS (
                SELECT * FROM {table} WHERE locality_id = %(loc)s {month_filter}
            ), demo AS (
                SELECT month, bool_or(is_demo) AS is_demo,
                    bool_or(is_demo) FILTER (WHERE is_public) AS p_is_demo
                FROM base GROUP BY month
            ), g AS (
                SELECT month, coalesce(agency, '') AS agency, {sums},
                    bool_or(is_public) AS has_public, bool_and(is_public) AS all_public
                FROM base GROUP BY GROUPING SETS ((month, agency), (month))
            ), s AS MATERIALIZED (
                -- A group whose figures are all public has the same scores for both
                -- audiences: built once (the JSON is most of the statement's work).
                SELECT g.month, g.agency, g.has_public, {scores("g.")} AS scores,
                    CASE WHEN NOT g.all_public THEN {scores("g.p_")} END AS p_scores
                FROM g
            )
            INSERT INTO {results} ({columns})
            SELECT %(v)s, %(loc)s, s.agency, s.month, 'all', s.scores, demo.is_demo
            FROM s JOIN demo USING (month)
            UNION ALL
            SELECT %(v)s, %(loc)s, s.agency, s.month, 'public',
                coalesce(s.p_scores, s.scores), demo.p_is_demo
            FROM s JOIN demo USING (month)
            WHERE s.has_public
            """,
            {"v": spec.key, "loc": locality.pk, "months": months},
        )
        inserted = cursor.rowcount
    if inserted >= ANALYZE_AFTER and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            # Fresh statistics, or the planner keeps the plans of a small table (a scan of
            # every result for the pages) until autovacuum comes by.
            # Only the columns the pages filter on: the scores' own statistics serve no plan.
            cursor.execute(f"ANALYZE {results} (version, locality_id, agency, month, audience)")
    return inserted
