"""The 766 index recomputed by PostgreSQL in one statement (``actions.compute_index`` calls it
there; elsewhere it sums in Python, and a test compares the figures)."""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction

from hoptac.core.models import Locality

from . import bulk_sql, index766
from .models import COUNTS, DossierMonth, IndexResult

ANALYZE_AFTER = 5_000  # results written at once after which the table's statistics are renewed
WORK_MEM = "128MB"


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
                f"CASE WHEN {den} = 0 THEN {number(c.empty_points)} ELSE round(least({share} * "
                f"greatest({num}, 0)::numeric / {den} * coalesce(100 / {full_at}, 1), {share}), 3)"
                " END"
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
