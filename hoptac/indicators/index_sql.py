"""The 766 index recomputed by the database in one statement: ``compute_index_sql`` on
PostgreSQL, ``compute_index_sqlite`` on SQLite (``actions.compute_index`` picks by the
connection's vendor; ``actions.compute_index_python`` sums in Python, and a test compares the
figures on each backend)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection, transaction

from hoptac.core.models import Locality

from . import bulk_sql, index766
from .models import COUNTS, OPTIONAL, DossierMonth, IndexResult

ANALYZE_AFTER = 5_000  # results written at once after which the table's statistics are renewed
WORK_MEM = "128MB"


def _for_bulk(cursor) -> None:
    """Settings of the transaction for statements over millions of rows: the hash of a month's
    sums held in memory (the default 4 MB spills it to disk)."""
    cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")


def _total(terms, prefix: str) -> str:
    """SQL for the sum of a component's ``terms`` (a leading "-" subtracts) over the columns
    named ``prefix`` + term: NULL when one of them is (a figure not reported), as
    ``index766.Component.fraction``; the same on PostgreSQL and SQLite."""
    parts = [f"-{prefix}{t[1:]}" if t.startswith("-") else f"+{prefix}{t}" for t in terms]
    return "(0" + " ".join(parts) + ")"


# A sum of a count a file may leave out is NULL ("not reported") unless every row summed
# reported it: an agency's month, or the city's, has a figure only when all its rows (all its
# agencies) have one. The other choice, the city's sum over the agencies that reported, would
# divide the part of the dossiers they reported by every dossier of the city (the rates'
# denominators are mostly counts every file has), and understate the rate without saying so.
# SQL's own SUM skips NULLs; ``actions.compute_index_python`` applies the same rule.
def _reported_sum(column: str, where: str = "") -> str:
    """SQL for the sum of ``column`` over a group's rows (those of ``where``, a FILTER), NULL
    unless every one of them has a value."""
    only = f" FILTER (WHERE {where})" if where else ""
    if column not in OPTIONAL:
        return f"sum({column}){only}"
    return f"CASE WHEN count({column}){only} = count(*){only} THEN sum({column}){only} END"


def compute_index_sql(
    locality: Locality, months: list[dt.date] | None = None, version: str = index766.DEFAULT
) -> int:
    """``actions.compute_index`` done by PostgreSQL: the same sums, points and rounding, in one
    ``INSERT … SELECT`` for both audiences (each group's sums of every figure and of the public
    ones taken in the same scan), one row per agency (and city), month and audience holding
    every component as [numerator, denominator, points]. Returns the rows written."""
    spec = index766.version(version)
    table, results = DossierMonth._meta.db_table, IndexResult._meta.db_table

    def number(value) -> str:
        return "NULL::numeric" if value is None else f"{value}::numeric"

    def scores(prefix: str) -> str:
        """Every component's [numerator, denominator, points] of one audience's sums: the
        arithmetic and rounding of ``index766.Component.points``."""
        pairs = []
        for c in spec.computed:
            num, den = _total(c.numerator, prefix), _total(c.denominator, prefix)
            share, full_at = number(c.share), number(c.full_at or None)
            # one division, last (as ``index766.Component.points``)
            scaled = f" * 100 / ({den} * {full_at})" if c.full_at else f" / {den}"
            # not computed when a figure was not reported (greatest and least skip a NULL)
            points = (
                f"CASE WHEN {num} IS NULL OR {den} IS NULL THEN NULL::numeric "
                f"WHEN {den} = 0 THEN {number(c.empty_points)} ELSE round(least({share} * "
                f"greatest({num}, 0)::numeric{scaled}, {share}), 3) END"
            )
            pairs.append(f"{bulk_sql._lit(c.key)}, jsonb_build_array({num}, {den}, {points})")
        return f"jsonb_build_object({', '.join(pairs)})"

    month_filter = "" if months is None else "AND month = ANY(%(months)s)"
    sums = ", ".join(
        f"{_reported_sum(c)} AS {c}, {_reported_sum(c, 'is_public')} AS p_{c}" for c in COUNTS
    )
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


def _thousandths(value: Decimal | None) -> int | None:
    """``value`` × 1000 when that is a whole number (None when it is not, or no value)."""
    if value is None:
        return None
    scaled = value * 1000
    return int(scaled) if scaled == scaled.to_integral_value() else None


def sqlite_computes(version: str = index766.DEFAULT) -> bool:
    """Whether ``compute_index_sqlite`` can compute ``version`` exactly: every share and
    threshold a whole number of thousandths (integers then carry the whole arithmetic)."""
    return all(
        c.share is None  # a rate shown without points
        or (_thousandths(c.share) is not None and (not c.full_at or _thousandths(c.full_at)))
        for c in index766.version(version).computed
    )


def compute_index_sqlite(
    locality: Locality, months: list[dt.date] | None = None, version: str = index766.DEFAULT
) -> int:
    """``actions.compute_index`` done by SQLite in one ``INSERT … SELECT`` for both audiences:
    the agencies' sums in one read of the figures (and one of the private ones, when any), the
    cities' from the agencies', the points in integer thousandths (SQLite has no decimal type;
    a float could round a half the other way from ``index766.Component.points``), rounded half
    up as there. Only for a version that ``sqlite_computes``. Returns the rows written."""
    spec = index766.version(version)
    table, results = DossierMonth._meta.db_table, IndexResult._meta.db_table

    def points(c: index766.Component, n: str, d: str) -> str:
        """The points of numerator ``n`` over denominator ``d`` (columns), in thousandths as
        integers: p / q with q > 0, capped at the share, rounded half away from zero."""
        if c.share is None:  # a rate the version shows without points
            return "NULL"
        share, full_at = _thousandths(c.share), _thousandths(c.full_at or None)
        scale = f" * {100 * 1000} " if full_at else " "
        over = f" * {full_at}" if full_at else ""
        sign = f"(CASE WHEN {d} < 0 THEN -1 ELSE 1 END)"
        p = f"({share} * max({n}, 0){scale}* {sign})"
        q = f"({d}{over} * {sign})"
        milli = (
            f"CASE WHEN {p} >= {share} * {q} THEN {share} "
            f"WHEN {p} >= 0 THEN (2 * {p} + {q}) / (2 * {q}) "
            f"ELSE -((-2 * {p} + {q}) / (2 * {q})) END"
        )
        # nothing to rate: what the version says (``Component.empty_points``), else no score
        empty = "NULL" if c.empty_points is None else f"{_thousandths(c.empty_points)} / 1000.0"
        return (
            f"CASE WHEN {n} IS NULL OR {d} IS NULL THEN NULL "  # a figure not reported
            f"WHEN {d} = 0 THEN {empty} ELSE ({milli}) / 1000.0 END"
        )

    def scores(prefix: str) -> str:
        pairs = []
        for c in spec.computed:
            n, d = f"{prefix}{c.key}_n", f"{prefix}{c.key}_d"
            pairs.append(f"{bulk_sql._lit(c.key)}, json_array({n}, {d}, {points(c, n, d)})")
        return f"json_object({', '.join(pairs)})"

    months_in = ""
    params: list = [locality.pk]
    if months is not None:
        months_in = f"AND month IN ({', '.join(['%s'] * len(months))})"
        params += [m.isoformat() for m in months]
    # The counts a file may leave out are summed with how many rows had them (``_reported_sum``
    # as two columns: the public rows' own are every row's less the private ones').
    sums = ", ".join(
        [f"sum({c}) AS {c}" for c in COUNTS]
        + [f"count({c}) AS k_{c}" for c in OPTIONAL]
        + ["count(*) AS n_rows"]
    )

    def public_of(c: str) -> str:
        if c not in OPTIONAL:
            return f"e.{c}, e.{c} - coalesce(private.{c}, 0) AS p_{c}"
        rows, kept = "coalesce(private.n_rows, 0)", f"coalesce(private.k_{c}, 0)"
        return (
            f"CASE WHEN e.k_{c} = e.n_rows THEN e.{c} END AS {c}, "
            # an agency without public rows adds nothing to the city's public sums
            f"CASE WHEN e.n_rows = {rows} THEN 0 WHEN e.k_{c} - {kept} = e.n_rows - {rows} "
            f"THEN coalesce(e.{c}, 0) - coalesce(private.{c}, 0) END AS p_{c}"
        )

    public = ", ".join(public_of(c) for c in COUNTS)
    named = ", ".join(f"{c}, p_{c}" for c in COUNTS)
    rolled = ", ".join(
        f"sum({c}), sum(p_{c})"
        if c not in OPTIONAL
        else f"CASE WHEN count({c}) = count(*) THEN sum({c}) END, "
        f"CASE WHEN count(p_{c}) = count(*) THEN sum(p_{c}) END"
        for c in COUNTS
    )
    totals = ", ".join(
        f"{_total(terms, prefix)} AS {prefix}{c.key}_{end}"
        for c in spec.computed
        for prefix in ("", "p_")
        for end, terms in (("n", c.numerator), ("d", c.denominator))
    )
    columns = "version, locality_id, agency, month, audience, scores, is_demo"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {results} WHERE version = %s AND locality_id = %s {months_in}",
            [spec.key, *params],
        )
        # The figures read in the order of the unique index (locality, month, agency, …): the
        # agencies' sums need no sort. The public sums are every figure's less the private
        # ones' (the figures are integers: exact), which are few or none: summed in a second
        # read that adds up only them. The cities' sums and the months' demo flags come from
        # the agencies' (a few thousand rows, not every figure). A group has public scores when
        # it has public figures, the same as its scores for all when it has only public ones;
        # a month is demo for an audience when any of its figures seen is (as
        # ``compute_index_python``).
        cursor.execute(
            f"""
            INSERT INTO {results} ({columns})
            WITH every AS MATERIALIZED (
                SELECT month, agency, max(is_public) AS has_public,
                    min(is_public) AS all_public, max(is_demo) AS is_demo,
                    max(is_public AND is_demo) AS p_is_demo, {sums}
                FROM {table} WHERE locality_id = %s {months_in} GROUP BY month, agency
            ), private AS MATERIALIZED (
                SELECT month, agency, {sums} FROM {table}
                WHERE locality_id = %s {months_in} AND NOT is_public GROUP BY month, agency
            ), per_agency AS MATERIALIZED (
                SELECT e.month, e.agency, e.has_public, e.all_public, e.is_demo, e.p_is_demo,
                    {public}
                FROM every AS e LEFT JOIN private USING (month, agency)
            ), demo AS (
                SELECT month, max(is_demo) AS is_demo, max(p_is_demo) AS p_is_demo
                FROM per_agency GROUP BY month
            ), g AS (
                SELECT month, agency, has_public, all_public, {named} FROM per_agency
                UNION ALL
                SELECT month, '' AS agency, max(has_public), min(all_public), {rolled}
                FROM per_agency GROUP BY month
            ), t AS (
                SELECT g.month, g.agency, g.has_public, g.all_public, demo.is_demo,
                    demo.p_is_demo, {totals}
                FROM g JOIN demo USING (month)
            ), s AS MATERIALIZED (
                SELECT month, agency, has_public, is_demo, p_is_demo, {scores("")} AS scores,
                    CASE WHEN NOT all_public THEN {scores("p_")} END AS p_scores
                FROM t
            )
            SELECT %s, %s, agency, month, 'all', scores, is_demo FROM s
            UNION ALL
            SELECT %s, %s, agency, month, 'public', coalesce(p_scores, scores), p_is_demo
            FROM s WHERE has_public
            """,
            [*params, *params, spec.key, locality.pk, spec.key, locality.pk],
        )
        return cursor.rowcount
