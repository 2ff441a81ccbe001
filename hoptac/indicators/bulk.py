"""Dossier records in bulk on PostgreSQL: the file goes in with ``COPY`` to a staging table,
is checked there with the rules of ``statistics.records`` (each error naming its row and
column), and the monthly figures are summed by the database (that SQL is in ``bulk_sql``); the
766 index is computed by one ``INSERT … SELECT`` for both audiences. Used for files beyond what the
row-by-row reader takes (a big city's month is ~280,000 dossiers), and by
``make bench-indicators``.

The file is a CSV in UTF-8 with the header of a records export (``statistics.RECORDS``);
personal-data columns are refused as in the row-by-row reader, before anything is copied. The
timestamps are typed by ``COPY`` itself (dd/mm/yyyy or ISO, DateStyle DMY): a value that is not
one stops the copy, and that first error is named by row and column (the row-by-row reader names
them all). A due date at 00:00 is read as a date without time (due by the end of that day).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from django.db import DataError, connection, transaction
from django.utils.translation import gettext as _

from hoptac.core.models import Locality

from . import index766
from .bulk_sql import (
    MONTHS,
    SPELLINGS,
    STAGE,
    _aggregate,
    _check,
    _lit,
    _replace_months,
    _seen,
    _worded,
    _words,
)
from .models import COUNTS, DossierMonth, IndexResult
from .statistics.common import _error, _header
from .statistics.records import RECORDS, RECORDS_LABELS, RECORDS_REQUIRED

ANALYZE_AFTER = 5_000  # results written at once after which the table's statistics are renewed


@dataclass
class BulkResult:
    records: int = 0
    rows: int = 0
    months: list[dt.date] = field(default_factory=list)
    replaced: int = 0
    errors: list[str] = field(default_factory=list)


TIMESTAMPS = ("received_at", "due_at", "finished_at")
WORK_MEM = "128MB"


def import_records(
    locality: Locality, path: Path, today: dt.date, *, compute: bool = True
) -> BulkResult:
    """Check and load a records file for ``locality``; replace the whole months it covers and
    (with ``compute``) recompute their index. All or nothing: a file with an error saves
    nothing."""
    result = BulkResult()
    with open(path, encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle))
    index_of, errors = _header(header, RECORDS, RECORDS_REQUIRED, RECORDS_LABELS, personal=True)
    if errors:
        result.errors = errors
        return result
    columns = {name: f"c{i}" for i, name in index_of.items()}
    types = {
        i: "timestamp" if index_of.get(i) in TIMESTAMPS else "text" for i in range(len(header))
    }
    # No row-number column: a fresh table filled by one COPY holds the rows in the file's order,
    # so an error's row is counted by ctid, and only when there is an error.
    stage_columns = ", ".join(f"c{i} {t}" for i, t in types.items())
    now = dt.datetime.combine(today, dt.time(23, 59, 59))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL datestyle = 'ISO, DMY'")
        _for_bulk(cursor)
        cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
        # A temporary table writes no WAL already (what an UNLOGGED one would bring); an
        # UNLOGGED one would add only parallel scans, which save no CPU on a shared machine.
        cursor.execute(f"CREATE TEMP TABLE {STAGE} ({stage_columns}) ON COMMIT DROP")
        names = ", ".join(f"c{i}" for i in range(len(header)))
        try:
            with transaction.atomic():
                _copy(cursor, path, names, columns)
        except (DataError, psycopg.DataError) as error:
            result.errors = [_copy_error(error, index_of)]
            transaction.set_rollback(True)
            return result
        words = _words(columns, {n: set(SPELLINGS) for n in _worded(columns)})
        if _aggregate(cursor, columns, now, words):
            # Some word is not spelt as the exports spell it, or some row is wrong: read the
            # file's own words, and sum again with them before naming any error.
            words = _words(columns, _seen(cursor, columns))
            cursor.execute(f"DROP TABLE {MONTHS}")
            if _aggregate(cursor, columns, now, words):
                # The sums and the checks are two writings of one rule set: should they ever
                # disagree, the file is refused rather than half read.
                result.errors = _check(cursor, columns, now, words) or [
                    _("The file could not be read: %(e)s") % {"e": "check"}
                ]
                transaction.set_rollback(True)
                return result
        result.records, result.rows, result.months, result.replaced = _replace_months(
            cursor, locality
        )
    if compute:
        compute_index_sql(locality, result.months)
    return result


def _for_bulk(cursor) -> None:
    """Settings of the transaction for statements over millions of rows: the hash of a month's
    sums held in memory (the default 4 MB spills it to disk)."""
    cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")


def _copy(cursor, path: Path, names: str, columns: dict[str, str]) -> None:
    """COPY the file; empty timestamps are NULL (FORCE_NULL), the other columns stay text."""
    timed = ", ".join(columns[t] for t in TIMESTAMPS if t in columns)
    with (
        open(path, "rb") as raw,
        cursor.cursor.copy(
            f"COPY {STAGE} ({names}) FROM STDIN WITH (FORMAT csv, HEADER true, "
            f"FORCE_NULL ({timed}))"
        ) as copy,
    ):
        while chunk := raw.read(1 << 20):
            copy.write(chunk)


def _copy_error(error: Exception, index_of: dict[int, str]) -> str:
    """The copy's first error in the reader's words: row, column and value."""
    diag = getattr(error, "diag", None) or getattr(error.__cause__, "diag", None)
    context = getattr(diag, "context", "") or ""
    match = re.search(r'line (\d+), column c(\d+): "(.*)"', context)
    if not match:
        return _("The file could not be read: %(e)s") % {"e": str(error).splitlines()[0]}
    line, index, value = int(match.group(1)), int(match.group(2)), match.group(3)
    name = index_of.get(index)
    label = RECORDS_LABELS.get(name, str(index + 1))
    return _error(line, label, _("“%(v)s” is not a date written dd/mm/yyyy hh:mm.") % {"v": value})


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
            pairs.append(f"{_lit(c.key)}, jsonb_build_array({num}, {den}, {points})")
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
