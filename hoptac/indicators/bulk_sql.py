"""The SQL of the bulk records path (``bulk.import_records``): the staged rows checked with the
rules of ``statistics.records``, each error naming its row and column, summed into monthly figures,
and those figures put in place of the months they cover."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from hoptac.core.models import Locality

from .catalogue import _key
from .models import COUNTS, DossierMonth
from .statistics.common import _error
from .statistics.records import CHANNELS, NO, RECORDS_LABELS, RECORDS_REQUIRED, STATUSES, YES

MAX_ERRORS = 200
STAGE = "indicators_records_stage"


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


MONTHS = "indicators_records_months"
# The export's moment, typed as the staged timestamps are (without time zone).
NOW = "%(now)s::timestamp"

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


def _decoded(column: str, cases: list[tuple[list[str], int]]) -> str:
    """``column``'s words as a small number, each word compared once (a simple CASE, the
    export's usual spellings first): NULL for a word that means nothing."""
    usual = {w: i for i, w in enumerate(SPELLINGS)}
    whens = sorted(
        ((w, value) for ws, value in cases for w in ws),
        key=lambda wv: (usual.get(wv[0], len(usual)), wv[0]),
    )
    if not whens:
        return "NULL::int"
    return f"CASE {column} {' '.join(f'WHEN {_lit(w)} THEN {v}' for w, v in whens)} END"


def _aggregate(cursor, col: dict[str, str], now: dt.datetime, words: dict) -> int:
    """Sum the staged records into monthly figures by month received (a temporary table) in one
    scan, counting the rows that fail a check on the way; returns that count (0: all good).

    Each row's words are decoded once, behind an ``OFFSET 0`` fence (else the planner copies
    the decoding into every sum that reads it): channel 1 online / 0 not, status 1 finished /
    0 another state, each flag 1 yes / 0 no, NULL for a word that means nothing. The scan groups
    by the raw agency and code; trimming the keys and checking the code's shape are done once
    per group, on the tens of thousands of sums."""
    received, due = col["received_at"], col["due_at"]
    finished = col.get("finished_at")
    others = [w for state, ws in words["states"].items() if state != "finished" for w in ws]
    decoded = [
        f"{_decoded(col['channel'], [(words['online'], 1), (words['offline'], 0)])} AS ch",
        f"{_decoded(col['status'], [(words['finished'], 1), (others, 0)])} AS st",
    ]
    flags = [f for f in FLAGS if f in col]
    for f in flags:
        cases = [(words[f]["yes"], 1), (words[f]["no"], 0)]
        blank = "coalesce(" + col[f] + ", '')"  # an empty cell is NULL to COPY
        decoded.append(f"{_decoded(blank, cases)} AS f_{f}")

    def yes(f: str) -> str:
        return f"f_{f} = 1" if f in col else "FALSE"

    good = [
        f"{received} <= {NOW}",
        # due::date >= received::date, with one conversion: the received day's midnight.
        f"{due} >= {received}::date",
        "ch IS NOT NULL",
        "st IS NOT NULL",
    ]
    if finished:
        good += [
            f"({finished} IS NULL OR ({finished} >= {received} AND {finished} <= {NOW}))",
            f"({finished} IS NOT NULL OR st <> 1)",
        ]
        on_time = (
            f"st = 1 AND ({finished} <= {due} OR ({due}::time = '00:00' "
            f"AND {finished} < {due} + interval '1 day'))"
        )
        done = f"st = 1 AND {finished} IS NOT NULL"
    else:
        good.append("st <> 1")
        on_time = done = "FALSE"
    good += [f"f_{f} IS NOT NULL" for f in flags]
    if "paid_online" in col and "payable" in col:
        good.append("NOT (f_paid_online = 1 AND f_payable = 0)")
    sums = {
        "received": "TRUE",
        "received_online": "ch = 1",
        "on_time": on_time,
        "done": done,
        "digitised": yes("digitised"),
        "e_results": f"st = 1 AND {yes('e_result')}",
        "payable": f"{yes('payable')} OR {yes('paid_online')}",
        "paid_online": yes("paid_online"),
        "bad": f"({' AND '.join(good)}) IS NOT TRUE",
    }
    # Each group's counts as integers, so that the regrouping by trimmed keys adds integers
    # (a sum of bigint counts is a numeric one, several times slower).
    inner = ", ".join(
        f"(count(*) FILTER (WHERE {cond}))::int AS {name}" for name, cond in sums.items()
    )
    outer = ", ".join(f"sum({name}) AS {name}" for name in sums if name not in {"done", "bad"})
    code, agency = "coalesce(trim(code), '')", "coalesce(trim(agency), '')"
    timestamps = ", ".join(col[t] for t in ("received_at", "due_at", "finished_at") if t in col)
    cursor.execute(
        f"CREATE TEMP TABLE {MONTHS} ON COMMIT DROP AS "
        f"SELECT month, left(trim(agency), 255) AS agency, trim(code) AS code, {outer}, "
        f"sum(done - on_time) AS late, sum(bad + CASE WHEN {code} !~ '{CODE_PATTERN}' "
        f"OR {agency} = '' THEN received ELSE 0 END) AS bad "
        f"FROM (SELECT month, agency, code, {inner} FROM ("
        f"SELECT date_trunc('month', {received})::date AS month, "
        f"{col['agency']} AS agency, {col['procedure_code']} AS code, {timestamps}, "
        f"{', '.join(decoded)} FROM {STAGE} OFFSET 0) AS r "
        f"GROUP BY 1, 2, 3) AS g GROUP BY 1, 2, 3",
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
        # In the unique index's order: each new entry lands next to the one before it.
        f"FROM {MONTHS} ORDER BY month, agency, code",
        [locality.pk, "COPY"],
    )
    return records, cursor.rowcount, months, replaced
