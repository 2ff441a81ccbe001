"""Dossier records in bulk on PostgreSQL: the file goes in with ``COPY`` to a staging table,
is checked there with the rules of ``statistics.records`` (each error naming its row and
column), and the monthly figures are summed by the database; the 766 index is computed by one
``INSERT … SELECT`` per audience. Used for files beyond what the row-by-row reader takes (a
big city's month is ~280,000 dossiers), and by ``make bench-indicators``.

The file is a CSV in UTF-8 with the header of a records export (``statistics.RECORDS``);
personal-data columns are refused as in the row-by-row reader, before anything is copied.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils.translation import gettext as _

from hoptac.core.models import Locality

from . import index766
from .catalogue import _key
from .models import COUNTS, DossierMonth, IndexScore
from .statistics.common import _error, _header
from .statistics.records import (
    CHANNELS,
    NO,
    RECORDS,
    RECORDS_LABELS,
    RECORDS_REQUIRED,
    STATUSES,
    YES,
)

MAX_ERRORS = 200
STAGE = "indicators_records_stage"
_TS = r"^\s*(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4})([ T]\d{1,2}:\d{2}(:\d{2})?)?\s*$"


@dataclass
class BulkResult:
    records: int = 0
    rows: int = 0
    months: list[dt.date] = field(default_factory=list)
    replaced: int = 0
    errors: list[str] = field(default_factory=list)


def _iso(column: str) -> str:
    """SQL: the column's timestamp text in ISO order (dd/mm/yyyy turned around)."""
    return (
        f"regexp_replace(trim({column}), "
        r"'^(\d{1,2})/(\d{1,2})/(\d{4})', '\3-\2-\1')"
    )


def _try_ts(column: str) -> str:
    return f"pg_temp.hoptac_try_ts({_iso(column)})"


def _values(mapping: dict[str, object]) -> str:
    """SQL VALUES of (text, value) from a Python mapping, for the file's distinct words."""

    def value(v: object) -> str:
        if v is None:
            return "NULL"
        if isinstance(v, bool):
            return "TRUE" if v else "FALSE"
        return _lit(v)

    rows = ", ".join(f"({_lit(k)}, {value(v)})" for k, v in mapping.items())
    return rows or "(NULL, NULL)"


def _lit(value: object) -> str:
    """A string literal (standard_conforming_strings: only the quote is doubled)."""
    return "'" + str(value).replace("'", "''") + "'"


def import_records(locality: Locality, path: Path, today: dt.date) -> BulkResult:
    """Check and load a records file for ``locality``; replace the whole months it covers and
    recompute their index. All or nothing: a file with an error saves nothing."""
    result = BulkResult()
    with open(path, encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle))
    index_of, errors = _header(header, RECORDS, RECORDS_REQUIRED, RECORDS_LABELS, personal=True)
    if errors:
        result.errors = errors
        return result
    columns = {name: f"c{i}" for i, name in index_of.items()}
    stage_columns = ", ".join(f"c{i} text" for i in range(len(header)))
    now = dt.datetime.combine(today, dt.time(23, 59, 59))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE OR REPLACE FUNCTION pg_temp.hoptac_try_ts(t text) RETURNS timestamp "
            "LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN RETURN t::timestamp; "
            "EXCEPTION WHEN others THEN RETURN NULL; END $$"
        )
        cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
        cursor.execute(
            f"CREATE TEMP TABLE {STAGE} (n bigint GENERATED ALWAYS AS IDENTITY, "
            f"{stage_columns}) ON COMMIT DROP"
        )
        names = ", ".join(f"c{i}" for i in range(len(header)))
        with (
            open(path, "rb") as raw,
            cursor.cursor.copy(
                f"COPY {STAGE} ({names}) FROM STDIN WITH (FORMAT csv, HEADER true)"
            ) as copy,
        ):
            while chunk := raw.read(1 << 20):
                copy.write(chunk)
        result.errors = _check(cursor, columns, now)
        if result.errors:
            transaction.set_rollback(True)
            return result
        result.records, result.rows, result.months, result.replaced = _aggregate(
            cursor, locality, columns
        )
    compute_index_sql(locality, result.months)
    return result


def _check(cursor, col: dict[str, str], now: dt.datetime) -> list[str]:
    """Every error of the staged file, by row (the first ``MAX_ERRORS``)."""

    def c(name: str) -> str:
        return col.get(name, "NULL")

    cursor.execute(
        f"SELECT DISTINCT lower(trim({c('channel')})) FROM {STAGE} UNION "
        f"SELECT DISTINCT lower(trim({c('status')})) FROM {STAGE}"
    )
    words = [w for (w,) in cursor.fetchall() if w]
    flags_present = [f for f in ("digitised", "e_result", "payable", "paid_online") if f in col]
    if flags_present:
        cursor.execute(
            " UNION ".join(
                f"SELECT DISTINCT lower(trim({col[f]})) FROM {STAGE}" for f in flags_present
            )
        )
        words += [w for (w,) in cursor.fetchall() if w is not None]
    channel = {w: CHANNELS.get(_key(w)) for w in words}
    status = {w: STATUSES.get(_key(w)) for w in words}
    flag = {w: (True if _key(w) in YES else False if _key(w) in NO else None) for w in words}
    flag[""] = False
    checks: list[tuple[str, str, str]] = [
        (name, f"coalesce(trim({col[name]}), '') = ''", _("required.")) for name in RECORDS_REQUIRED
    ]
    checks += [
        ("procedure_code", f"trim({c('procedure_code')}) !~ '^[0-9]\\.[0-9]{{6}}$'", "code"),
        ("received_at", f"{_try_ts(c('received_at'))} IS NULL", "date"),
        ("due_at", f"{_try_ts(c('due_at'))} IS NULL", "date"),
        (
            "received_at",
            f"{_try_ts(c('received_at'))} > %(now)s",
            _("a dossier cannot be received in the future."),
        ),
        (
            "due_at",
            f"{_try_ts(c('due_at'))}::date < {_try_ts(c('received_at'))}::date",
            _("due before it was received."),
        ),
        ("channel", "ch.v IS NULL", "channel"),
        ("status", "st.v IS NULL", "status"),
    ]
    if "finished_at" in col:
        checks += [
            (
                "finished_at",
                f"trim({col['finished_at']}) <> '' AND {_try_ts(col['finished_at'])} IS NULL",
                "date",
            ),
            (
                "finished_at",
                f"{_try_ts(col['finished_at'])} < {_try_ts(c('received_at'))}",
                _("finished before it was received."),
            ),
            (
                "finished_at",
                f"{_try_ts(col['finished_at'])} > %(now)s",
                _("a dossier cannot be finished in the future."),
            ),
            (
                "finished_at",
                f"st.v = 'finished' AND coalesce(trim({col['finished_at']}), '') = ''",
                _("required for a finished dossier."),
            ),
        ]
    else:
        checks.append(("status", "st.v = 'finished'", _("required for a finished dossier.")))
    for f in flags_present:
        checks.append((f, f"f_{f}.v IS NULL", "flag"))
    if "paid_online" in col and "payable" in col:
        checks.append(
            (
                "paid_online",
                "f_paid_online.v AND NOT f_payable.v",
                _("paid online, but no fee was payable."),
            )
        )
    joins = (
        f" LEFT JOIN (VALUES {_values(channel)}) AS ch(k, v) ON ch.k = lower(trim({c('channel')}))"
        f" LEFT JOIN (VALUES {_values(status)}) AS st(k, v) ON st.k = lower(trim({c('status')}))"
        + "".join(
            f" LEFT JOIN (VALUES {_values(flag)}) AS f_{f}(k, v)"
            f" ON f_{f}.k = coalesce(lower(trim({col[f]})), '')"
            for f in flags_present
        )
    )
    cases = " UNION ALL ".join(
        f"SELECT n, {i} AS k, {c(name) if name in col else 'NULL'} AS v FROM {STAGE} {joins} "
        f"WHERE coalesce(({cond}), FALSE)"
        for i, (name, cond, _m) in enumerate(checks)
    )
    cursor.execute(
        f"SELECT n, k, v FROM ({cases}) AS bad ORDER BY n, k LIMIT {MAX_ERRORS}", {"now": now}
    )
    messages = {
        "code": lambda v: _("“%(v)s” is not a code like 1.001612.") % {"v": v},
        "date": lambda v: _("“%(v)s” is not a date written dd/mm/yyyy hh:mm.") % {"v": v},
        "channel": lambda v: (
            _("“%(v)s” is not “Trực tuyến”, “Trực tiếp” or “Bưu chính”.") % {"v": v}
        ),
        "status": lambda v: (
            _("“%(v)s” is not a status (Đã trả kết quả, Đang xử lý, Đã hủy…).") % {"v": v}
        ),
        "flag": lambda v: _("“%(v)s” is neither “Có” nor “Không”.") % {"v": v},
    }
    errors = []
    for n, k, v in cursor.fetchall():
        name, _cond, message = checks[k]
        text = messages[message](v) if message in messages else message
        errors.append(_error(n + 1, RECORDS_LABELS[name], text))
    return errors


def _aggregate(cursor, locality: Locality, col: dict[str, str]):
    """Sum the staged records into monthly figures by month received, replacing those months."""
    words = {}
    cursor.execute(
        f"SELECT DISTINCT lower(trim({col['channel']})) FROM {STAGE} UNION "
        f"SELECT DISTINCT lower(trim({col['status']})) FROM {STAGE}"
    )
    for (w,) in cursor.fetchall():
        words[w] = (CHANNELS.get(_key(w)), STATUSES.get(_key(w)))
    channel = {w: v[0] for w, v in words.items() if v[0] is not None}
    status = {w: v[1] for w, v in words.items() if v[1] is not None}

    present = [f for f in ("digitised", "e_result", "payable", "paid_online") if f in col]
    yes: set[str] = set()
    if present:
        cursor.execute(
            " UNION ".join(f"SELECT DISTINCT lower(trim({col[f]})) FROM {STAGE}" for f in present)
        )
        yes = {w for (w,) in cursor.fetchall() if w is not None and _key(w) in YES}
    yes_sql = ", ".join(_lit(w) for w in sorted(yes)) or "NULL"

    def flag(name: str) -> str:
        if name not in col:
            return "FALSE"
        return f"(coalesce(lower(trim({col[name]})) IN ({yes_sql}), FALSE))"

    received = f"pg_temp.hoptac_try_ts({_iso(col['received_at'])})"
    due = f"pg_temp.hoptac_try_ts({_iso(col['due_at'])})"
    finished = (
        f"pg_temp.hoptac_try_ts({_iso(col['finished_at'])})" if "finished_at" in col else "NULL"
    )
    due_timed = f"(trim({col['due_at']}) ~ '[ T][0-9]{{1,2}}:[0-9]{{2}}')"
    cursor.execute(
        f"CREATE TEMP TABLE indicators_records_months ON COMMIT DROP AS "
        f"SELECT date_trunc('month', r)::date AS month, left(trim(a), 255) AS agency, "
        f"trim(p) AS code, count(*) AS received, count(*) FILTER (WHERE ch.v) AS received_online, "
        f"count(*) FILTER (WHERE st.v = 'finished' AND f <= CASE WHEN dt THEN d "
        f"ELSE d + interval '1 day' - interval '1 microsecond' END) AS on_time, "
        f"count(*) FILTER (WHERE st.v = 'finished' AND f > CASE WHEN dt THEN d "
        f"ELSE d + interval '1 day' - interval '1 microsecond' END) AS late, "
        f"count(*) FILTER (WHERE dg) AS digitised, "
        f"count(*) FILTER (WHERE st.v = 'finished' AND er) AS e_results, "
        f"count(*) FILTER (WHERE py OR po) AS payable, count(*) FILTER (WHERE po) AS paid_online "
        f"FROM (SELECT {received} AS r, {due} AS d, {finished} AS f, {due_timed} AS dt, "
        f"{col['agency']} AS a, {col['procedure_code']} AS p, "
        f"lower(trim({col['channel']})) AS chk, lower(trim({col['status']})) AS stk, "
        f"{flag('digitised')} AS dg, {flag('e_result')} AS er, {flag('payable')} AS py, "
        f"{flag('paid_online')} AS po FROM {STAGE}) AS s "
        f"JOIN (VALUES {_values(channel)}) AS ch(k, v) ON ch.k = s.chk "
        f"JOIN (VALUES {_values(status)}) AS st(k, v) ON st.k = s.stk "
        f"GROUP BY 1, 2, 3"
    )
    cursor.execute(f"SELECT count(*) FROM {STAGE}")
    records = cursor.fetchone()[0]
    cursor.execute("SELECT DISTINCT month FROM indicators_records_months ORDER BY 1")
    months = [m for (m,) in cursor.fetchall()]
    table = DossierMonth._meta.db_table
    cursor.execute(
        f"DELETE FROM {table} WHERE locality_id = %s AND month = ANY(%s)", [locality.pk, months]
    )
    replaced = cursor.rowcount
    zeros = [
        c
        for c in COUNTS
        if c
        not in {
            "received",
            "received_online",
            "finished_on_time",
            "finished_late",
            "digitised",
            "e_results",
            "payable",
            "paid_online",
        }
    ]
    cursor.execute(
        f"INSERT INTO {table} (locality_id, month, agency, procedure_code, received, "
        f"received_online, finished_on_time, finished_late, digitised, e_results, payable, "
        f"paid_online, {', '.join(zeros)}, is_public, is_demo, source) "
        f"SELECT %s, month, agency, code, received, received_online, on_time, late, digitised, "
        f"e_results, payable, paid_online, {', '.join('0' for _ in zeros)}, TRUE, FALSE, %s "
        f"FROM indicators_records_months",
        [locality.pk, "COPY"],
    )
    return records, cursor.rowcount, months, replaced


def compute_index_sql(
    locality: Locality, months: list[dt.date] | None = None, version: str = index766.DEFAULT
) -> int:
    """``actions.compute_index`` done by PostgreSQL: the same sums, points and rounding, one
    ``INSERT … SELECT`` per audience instead of one Python object per score."""
    spec = index766.version(version)
    table, scores = DossierMonth._meta.db_table, IndexScore._meta.db_table

    def total(terms) -> str:
        parts = [
            f"-coalesce({t[1:]}, 0)" if t.startswith("-") else f"+coalesce({t}, 0)" for t in terms
        ]
        return "(0" + " ".join(parts) + ")"

    rows = ", ".join(
        f"({_lit(c.key)}, {total(c.numerator)}, {total(c.denominator)}, "
        f"{c.share}::numeric, {c.full_at if c.full_at else 'NULL'}::numeric)"
        for c in spec.computed
    )
    month_filter = "" if months is None else "AND month = ANY(%(months)s)"
    sums = ", ".join(f"sum({c}) AS {c}" for c in COUNTS)
    inserted = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {scores} WHERE version = %(v)s AND locality_id = %(loc)s "
            + ("" if months is None else "AND month = ANY(%(months)s)"),
            {"v": spec.key, "loc": locality.pk, "months": months},
        )
        for audience, public in (("all", ""), ("public", "AND is_public")):
            cursor.execute(
                f"""
                WITH base AS (
                    SELECT * FROM {table} WHERE locality_id = %(loc)s {month_filter} {public}
                ), demo AS (
                    SELECT month, bool_or(is_demo) AS is_demo FROM base GROUP BY month
                ), g AS (
                    SELECT month, coalesce(agency, '') AS agency, {sums}
                    FROM base GROUP BY GROUPING SETS ((month, agency), (month))
                )
                INSERT INTO {scores} (version, locality_id, agency, month, audience, component,
                    numerator, denominator, points, max_points, is_demo)
                SELECT %(v)s, %(loc)s, g.agency, g.month, %(aud)s, c.key, c.num, c.den,
                    CASE WHEN c.den = 0 THEN NULL ELSE round(least(
                        c.share * greatest(c.num, 0)::numeric / c.den
                        * coalesce(100 / c.full_at, 1), c.share), 3) END,
                    c.share, demo.is_demo
                FROM g JOIN demo USING (month)
                CROSS JOIN LATERAL (
                    SELECT * FROM (VALUES {rows}) AS v(key, num, den, share, full_at)
                ) AS c
                """,
                {"v": spec.key, "loc": locality.pk, "months": months, "aud": audience},
            )
            inserted += cursor.rowcount
    return inserted
