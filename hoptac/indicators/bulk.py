"""Dossier records in bulk on PostgreSQL: the file goes in with ``COPY`` to a staging table,
is checked there with the rules of ``statistics.records`` (each error naming its row and
column), and the monthly figures are summed by the database; the 766 index is computed by one
``INSERT … SELECT`` per audience. Used for files beyond what the row-by-row reader takes (a
big city's month is ~280,000 dossiers), and by ``make bench-indicators``.

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
ANALYZE_AFTER = 50_000  # scores written at once after which the table's statistics are renewed
STAGE = "indicators_records_stage"


@dataclass
class BulkResult:
    records: int = 0
    rows: int = 0
    months: list[dt.date] = field(default_factory=list)
    replaced: int = 0
    errors: list[str] = field(default_factory=list)


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


TIMESTAMPS = ("received_at", "due_at", "finished_at")
MONTHS = "indicators_records_months"
# The export's moment, typed as the staged timestamps are (without time zone).
NOW = "%(now)s::timestamp"
WORK_MEM = "128MB"

# The words one-stop-shop exports write in the channel, status and yes/no columns, the most
# frequent first (an IN list is tried in order). The sums are first made with these alone,
# without reading the file's own words; a file that writes them otherwise (other case,
# decomposed accents, "x" for yes) costs one more scan, never a wrong reading: what a word means
# is always ``statistics.records``' mapping of its folded key.
SPELLINGS = (
    "Có",
    "Không",
    "",
    "Trực tuyến",
    "Trực tiếp",
    "Bưu chính",
    "Đã trả kết quả",
    "Đang xử lý",
    "Đã hủy",
)


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


FLAGS = ("digitised", "e_result", "payable", "paid_online")
CODE_PATTERN = "^[0-9]\\.[0-9]{6}$"


def _in(column: str, words: list[str]) -> str:
    """``column IN (words)``, the export's usual spellings first, then the others sorted."""
    usual = {w: i for i, w in enumerate(SPELLINGS)}
    ordered = sorted(words, key=lambda w: (usual.get(w, len(usual)), w))
    return f"{column} IN ({', '.join(_lit(w) for w in ordered)})" if words else "FALSE"


def _worded(col: dict[str, str]) -> list[str]:
    """The file's columns whose words carry a meaning (channel, status, the yes/no flags)."""
    return ["channel", "status", *[f for f in FLAGS if f in col]]


def _seen(cursor, col: dict[str, str]) -> dict[str, set[str]]:
    """The distinct words of the file's worded columns, in one scan."""
    names = _worded(col)
    cursor.execute(f"SELECT DISTINCT {', '.join(col[n] for n in names)} FROM {STAGE}")
    seen: dict[str, set[str]] = {n: set() for n in names}
    for row in cursor.fetchall():
        for n, w in zip(names, row, strict=True):
            seen[n].add(w or "")
    return seen


def _words(col: dict[str, str], seen: dict[str, set[str]]) -> dict:
    """What each of the ``seen`` words means, by the row-by-row reader's mappings of its folded
    key: channel words online and offline, status words by state, yes and no words per flag. A
    word the reader does not know is in none of them (the row fails its check)."""
    words: dict = {
        "online": [w for w in seen["channel"] if CHANNELS.get(_key(w)) is True],
        "offline": [w for w in seen["channel"] if CHANNELS.get(_key(w)) is False],
        "states": {},
    }
    words["channel"] = words["online"] + words["offline"]
    for w in seen["status"]:
        state = STATUSES.get(_key(w))
        if state is not None:
            words["states"].setdefault(state, []).append(w)
    words["status"] = [w for ws in words["states"].values() for w in ws]
    words["finished"] = words["states"].get("finished", [])
    for f in FLAGS:
        if f in col:
            words[f] = {
                "yes": [w for w in seen[f] if _key(w) in YES],
                "no": [w for w in seen[f] if _key(w) in NO],
            }
    return words


def _source(col: dict[str, str], words: dict) -> str:
    """A subquery of the staging table with n (the record's number in the file), ch_v (online?),
    st_v ('finished', 'open'…) and f_<flag> (yes/no) per row, NULL for an unknown word."""

    def raw(name: str) -> str:
        return f"coalesce({col[name]}, '')"

    cases = [
        f"CASE WHEN {_in(raw('channel'), words['online'])} THEN TRUE "
        f"WHEN {_in(raw('channel'), words['offline'])} THEN FALSE END AS ch_v"
    ]
    whens = " ".join(
        f"WHEN {_in(raw('status'), ws)} THEN {_lit(state)}"
        for state, ws in sorted(words["states"].items())
    )
    cases.append(f"CASE {whens} END AS st_v" if whens else "NULL::text AS st_v")
    for f in FLAGS:
        if f in col:
            cases.append(
                f"CASE WHEN {_in(raw(f), words[f]['yes'])} THEN TRUE "
                f"WHEN {_in(raw(f), words[f]['no'])} THEN FALSE END AS f_{f}"
            )
    return (
        f"(SELECT s.*, row_number() OVER (ORDER BY s.ctid) AS n, {', '.join(cases)} "
        f"FROM {STAGE} AS s) AS v"
    )


def _checks(col: dict[str, str]) -> list[tuple[str, str, str]]:
    """Each check as (column, SQL condition on the ``_source`` subquery, message)."""
    received, due = col["received_at"], col["due_at"]
    finished = col.get("finished_at")
    checks: list[tuple[str, str, str]] = [
        (name, f"coalesce(trim({col[name]}::text), '') = ''", _("required."))
        for name in RECORDS_REQUIRED
    ]
    checks += [
        ("procedure_code", f"trim({col['procedure_code']}) !~ '{CODE_PATTERN}'", "code"),
        ("received_at", f"{received} > {NOW}", _("a dossier cannot be received in the future.")),
        ("due_at", f"{due}::date < {received}::date", _("due before it was received.")),
        ("channel", "ch_v IS NULL", "channel"),
        ("status", "st_v IS NULL", "status"),
    ]
    if finished:
        checks += [
            ("finished_at", f"{finished} < {received}", _("finished before it was received.")),
            (
                "finished_at",
                f"{finished} > {NOW}",
                _("a dossier cannot be finished in the future."),
            ),
            (
                "finished_at",
                f"st_v = 'finished' AND {finished} IS NULL",
                _("required for a finished dossier."),
            ),
        ]
    else:
        checks.append(("status", "st_v = 'finished'", _("required for a finished dossier.")))
    for f in FLAGS:
        if f in col:
            checks.append((f, f"f_{f} IS NULL", "flag"))
    if "paid_online" in col and "payable" in col:
        checks.append(
            (
                "paid_online",
                "f_paid_online AND NOT f_payable",
                _("paid online, but no fee was payable."),
            )
        )
    return checks


def _check(cursor, col: dict[str, str], now: dt.datetime, words: dict) -> list[str]:
    """Every error of the staged file, by row (the first ``MAX_ERRORS``), in one scan."""
    checks = _checks(col)
    values = {
        "procedure_code": col["procedure_code"],
        "channel": col["channel"],
        "status": col["status"],
        **{f: col[f] for f in FLAGS if f in col},
    }
    flags = ", ".join(f"coalesce(({cond}), FALSE)" for _n, cond, _m in checks)
    cursor.execute(
        f"SELECT n, bad, {', '.join(f'{v}::text' for v in values.values())} FROM ("
        f"SELECT v.*, ARRAY[{flags}] AS bad FROM {_source(col, words)}"
        f") AS t WHERE TRUE = ANY(bad) ORDER BY n LIMIT {MAX_ERRORS}",
        {"now": now},
    )
    messages = {
        "code": lambda v: _("“%(v)s” is not a code like 1.001612.") % {"v": v},
        "channel": lambda v: (
            _("“%(v)s” is not “Trực tuyến”, “Trực tiếp” or “Bưu chính”.") % {"v": v}
        ),
        "status": lambda v: (
            _("“%(v)s” is not a status (Đã trả kết quả, Đang xử lý, Đã hủy…).") % {"v": v}
        ),
        "flag": lambda v: _("“%(v)s” is neither “Có” nor “Không”.") % {"v": v},
    }
    errors: list[str] = []
    for n, bad, *texts in cursor.fetchall():
        text_of = dict(zip(values, texts, strict=True))
        for k, flagged in enumerate(bad):
            if not flagged:
                continue
            name, _cond, message = checks[k]
            if message in messages:
                message = messages[message](text_of.get(name, ""))
            errors.append(_error(n + 1, RECORDS_LABELS[name], message))
    return errors[:MAX_ERRORS]


def _aggregate(cursor, col: dict[str, str], now: dt.datetime, words: dict) -> int:
    """Sum the staged records into monthly figures by month received (a temporary table) in one
    scan, counting the rows that fail a check on the way; returns that count (0: all good).

    The scan groups by the raw agency and code and tests each row's words as IN lists of the
    words that mean something (no function call per row); trimming the keys and checking the
    code's shape are done once per group, on the tens of thousands of sums."""
    received, due = col["received_at"], col["due_at"]
    finished = col.get("finished_at")
    fin = _in(col["status"], words["finished"])

    def yes(f: str) -> str:
        return _in(col[f], words[f]["yes"]) if f in col else "FALSE"

    def known(f: str, which: tuple[str, ...] = ("yes", "no")) -> str:
        return _in(f"coalesce({col[f]}, '')", [w for k in which for w in words[f][k]])

    good = [
        f"{received} <= {NOW}",
        f"{due}::date >= {received}::date",
        _in(col["channel"], words["channel"]),
        _in(col["status"], words["status"]),
    ]
    if finished:
        good += [
            f"({finished} IS NULL OR ({finished} >= {received} AND {finished} <= {NOW}))",
            f"({finished} IS NOT NULL OR NOT {fin})",
        ]
        on_time = (
            f"{fin} AND ({finished} <= {due} OR ({due}::time = '00:00' "
            f"AND {finished} < {due} + interval '1 day'))"
        )
        done = f"{fin} AND {finished} IS NOT NULL"
    else:
        good.append(f"NOT {fin}")
        on_time = done = "FALSE"
    good += [known(f) for f in FLAGS if f in col]
    if "paid_online" in col and "payable" in col:
        good.append(f"NOT ({known('paid_online', ('yes',))} AND {known('payable', ('no',))})")
    sums = {
        "received": "TRUE",
        "received_online": _in(col["channel"], words["online"]),
        "on_time": on_time,
        "done": done,
        "digitised": yes("digitised"),
        "e_results": f"{fin} AND {yes('e_result')}",
        "payable": f"{yes('payable')} OR {yes('paid_online')}",
        "paid_online": yes("paid_online"),
        "bad": f"({' AND '.join(good)}) IS NOT TRUE",
    }
    inner = ", ".join(f"count(*) FILTER (WHERE {cond}) AS {name}" for name, cond in sums.items())
    outer = ", ".join(
        f"sum({name})::bigint AS {name}" for name in sums if name not in {"done", "bad"}
    )
    code, agency = "coalesce(trim(code), '')", "coalesce(trim(agency), '')"
    cursor.execute(
        f"CREATE TEMP TABLE {MONTHS} ON COMMIT DROP AS "
        f"SELECT month, left(trim(agency), 255) AS agency, trim(code) AS code, {outer}, "
        f"sum(done - on_time)::bigint AS late, sum(bad + CASE WHEN {code} !~ '{CODE_PATTERN}' "
        f"OR {agency} = '' THEN received ELSE 0 END)::bigint AS bad "
        f"FROM (SELECT date_trunc('month', {received})::date AS month, "
        f"{col['agency']} AS agency, {col['procedure_code']} AS code, {inner} "
        f"FROM {STAGE} GROUP BY 1, 2, 3) AS g GROUP BY 1, 2, 3",
        {"now": now},
    )
    cursor.execute(f"SELECT coalesce(sum(bad), 0) FROM {MONTHS}")
    return cursor.fetchone()[0]


def _replace_months(cursor, locality: Locality):
    """Replace the months of the summed figures with them."""
    cursor.execute(
        f"SELECT coalesce(sum(received), 0), array_agg(DISTINCT month ORDER BY month) FROM {MONTHS}"
    )
    records, months = cursor.fetchone()
    records, months = int(records), months or []
    table = DossierMonth._meta.db_table
    cursor.execute(
        f"DELETE FROM {table} WHERE locality_id = %s AND month = ANY(%s)", [locality.pk, months]
    )
    replaced = cursor.rowcount
    summed = (
        "received",
        "received_online",
        "finished_on_time",
        "finished_late",
        "digitised",
        "e_results",
        "payable",
        "paid_online",
    )
    zeros = [c for c in COUNTS if c not in summed]
    cursor.execute(
        f"INSERT INTO {table} (locality_id, month, agency, procedure_code, {', '.join(summed)}, "
        f"{', '.join(zeros)}, is_public, is_demo, source) "
        f"SELECT %s, month, agency, code, received, received_online, on_time, late, digitised, "
        f"e_results, payable, paid_online, {', '.join('0' for _ in zeros)}, TRUE, FALSE, %s "
        f"FROM {MONTHS}",
        [locality.pk, "COPY"],
    )
    return records, cursor.rowcount, months, replaced


def compute_index_sql(
    locality: Locality, months: list[dt.date] | None = None, version: str = index766.DEFAULT
) -> int:
    """``actions.compute_index`` done by PostgreSQL: the same sums, points and rounding, in one
    ``INSERT … SELECT`` for both audiences (each group's sums of every figure and of the public
    ones taken in the same scan) instead of one Python object per score."""
    spec = index766.version(version)
    table, scores = DossierMonth._meta.db_table, IndexScore._meta.db_table

    def total(terms, prefix: str) -> str:
        parts = [
            f"-coalesce({prefix}{t[1:]}, 0)" if t.startswith("-") else f"+coalesce({prefix}{t}, 0)"
            for t in terms
        ]
        return "(0" + " ".join(parts) + ")"

    rows = ", ".join(
        f"({_lit(audience)}, {_lit(c.key)}, {total(c.numerator, prefix)}, "
        f"{total(c.denominator, prefix)}, {c.share}::numeric, "
        f"{c.full_at if c.full_at else 'NULL'}::numeric)"
        for audience, prefix in (("all", "g."), ("public", "g.p_"))
        for c in spec.computed
    )
    month_filter = "" if months is None else "AND month = ANY(%(months)s)"
    sums = ", ".join(f"sum({c}) AS {c}, sum({c}) FILTER (WHERE is_public) AS p_{c}" for c in COUNTS)
    with transaction.atomic(), connection.cursor() as cursor:
        _for_bulk(cursor)
        cursor.execute(
            f"DELETE FROM {scores} WHERE version = %(v)s AND locality_id = %(loc)s "
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
                    bool_or(is_public) AS has_public
                FROM base GROUP BY GROUPING SETS ((month, agency), (month))
            )
            INSERT INTO {scores} (version, locality_id, agency, month, audience, component,
                numerator, denominator, points, max_points, is_demo)
            SELECT %(v)s, %(loc)s, g.agency, g.month, c.audience, c.key, c.num, c.den,
                CASE WHEN c.den = 0 THEN NULL ELSE round(least(
                    c.share * greatest(c.num, 0)::numeric / c.den
                    * coalesce(100 / c.full_at, 1), c.share), 3) END,
                c.share,
                CASE WHEN c.audience = 'all' THEN demo.is_demo ELSE demo.p_is_demo END
            FROM g JOIN demo USING (month)
            CROSS JOIN LATERAL (
                SELECT * FROM (VALUES {rows}) AS v(audience, key, num, den, share, full_at)
            ) AS c
            WHERE c.audience = 'all' OR g.has_public
            """,
            {"v": spec.key, "loc": locality.pk, "months": months},
        )
        inserted = cursor.rowcount
    if inserted >= ANALYZE_AFTER and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            # Fresh statistics, or the planner keeps the plans of a small table (a scan of
            # every score for the pages) until autovacuum comes by.
            cursor.execute(f"ANALYZE {scores}")
    return inserted
