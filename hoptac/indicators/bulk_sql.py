"""The SQL of the bulk records path (``bulk.import_records``), run by DuckDB on the file itself:
each record decoded with the rules of ``statistics.records``, the records summed into monthly
figures in the same scan (the rows that fail a check counted on the way), and, for a file with
errors, every error named by its row and column.

The file is read with DuckDB's CSV reader, every column as text: nothing of it is stored, in
DuckDB or in PostgreSQL; only the monthly sums leave (``bulk._write_months``)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from django.utils.translation import gettext as _

from .catalogue import _key
from .statistics.common import _error
from .statistics.records import (
    CHANNELS,
    MOMENT_FORMATS,
    NO,
    RECORDS_FILLED,
    RECORDS_LABELS,
    STATUSES,
    YES,
)

MAX_ERRORS = 200
MONTHS = "records_months"  # DuckDB's table of the monthly sums
STAGE = "records_stage"  # the file's rows in its order (a file with errors only)


# What Python's str.strip() strips (the row-by-row reader's ``_text``): every Unicode space, not
# only ' ' as DuckDB's one-argument trim does (a no-break space after an agency's name, a tab).
SPACES = "".join(ch for ch in map(chr, range(0x3001)) if ch.isspace())


def _trim(text: str) -> str:
    """``text`` trimmed as the row-by-row reader trims a cell."""
    return f"trim({text}, {_lit(SPACES)})"


def _lit(value: object) -> str:
    """A string literal (only the quote is doubled)."""
    return "'" + str(value).replace("'", "''") + "'"


def source(path: Path, width: int, delim: str = ",", skip: int = 0) -> str:
    """The file as DuckDB reads it: ``width`` text columns c0…, the ``skip`` lines above the
    header (a title) and the header skipped, the CSV
    rules of RFC 4180 enforced (a row with more or fewer cells than the header, an unclosed
    quote, bytes that are not UTF-8 stop the reading with the line's number). DuckDB expands
    a name with * ? [ as a pattern of names: such a name is refused."""
    if any(ch in str(path) for ch in "*?[{"):
        raise ValueError(f"not a plain file name: {path}")
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width)) + "}"
    return (
        f"read_csv({_lit(path)}, header = true, skip = {int(skip)}, auto_detect = false, "
        f"columns = {columns}, "
        f"delim = {_lit(delim)}, quote = '\"', escape = '\"', strict_mode = true, "
        "null_padding = false, encoding = 'utf-8')"
    )


def kept(src: str, width: int) -> str:
    """The file's rows but those whose every cell is blank (a spreadsheet saved as CSV ends with
    rows of commas): the row-by-row reader skips them too. Only a row whose first cell holding
    something begins with a space (every space but ASCII's sorts at or above U+0085) has its
    cells trimmed; a CASE tests the others no further (1M records: no cost found beyond the
    noise, where testing every cell of every row cost 4× the whole scan)."""
    cells = [f"c{i}" for i in range(width)]
    first = f"coalesce({', '.join(cells)})"
    blank = " AND ".join(f"coalesce({_trim(c)}, '') = ''" for c in cells)
    return (
        f"(SELECT * FROM {src} WHERE CASE WHEN {first} IS NULL THEN FALSE "
        f"WHEN {first} < '!' OR {first} >= {_lit(chr(0x85))} THEN NOT ({blank}) ELSE TRUE END)"
    )


def first(src: str, rows: int) -> str:
    """The first ``rows`` rows of ``src``: DuckDB stops reading the file there."""
    return f"(SELECT * FROM {src} LIMIT {int(rows)})"


# The words one-stop-shop exports write in the channel, status and yes/no columns, the most
# frequent first. The sums are first made with these alone, without reading the file's own
# words; a file that writes them otherwise (other case, decomposed accents, "x" for yes) costs
# one more scan, never a wrong reading: what a word means is always ``statistics.records``'
# mapping of its folded key.
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
CODE_PATTERN = "[0-9]\\.[0-9]{6}"  # models.CODE_RE, matched whole


def _worded(col: dict[str, str]) -> list[str]:
    """The file's columns whose words carry a meaning (channel, status, the yes/no flags)."""
    return [*[n for n in ("channel",) if n in col], "status", *[f for f in FLAGS if f in col]]


def _seen(duck, src: str, col: dict[str, str]) -> dict[str, set[str]]:
    """The distinct words of the file's worded columns, in one scan."""
    names = _worded(col)
    rows = duck.execute(f"SELECT DISTINCT {', '.join(col[n] for n in names)} FROM {src}")
    seen: dict[str, set[str]] = {n: set() for n in names}
    for row in rows.fetchall():
        for n, w in zip(names, row, strict=True):
            seen[n].add(w or "")
    return seen


def _words(col: dict[str, str], seen: dict[str, set[str]]) -> dict:
    """What each of the ``seen`` words means, by the row-by-row reader's mappings of its folded
    key: channel words online and offline, status words finished or another state, yes and no
    words per flag. A word the reader does not know is in none of them (the row fails)."""
    channels = seen.get("channel", set())
    words: dict = {
        "online": [w for w in channels if CHANNELS.get(_key(w)) is True],
        "offline": [w for w in channels if CHANNELS.get(_key(w)) is False],
        "no_channel": [w for w in channels if not _key(w)],
        "finished": [w for w in seen["status"] if STATUSES.get(_key(w)) == "finished"],
        "other_states": [
            w for w in seen["status"] if STATUSES.get(_key(w)) not in (None, "finished")
        ],
    }
    for f in FLAGS:
        if f in col:
            words[f] = {
                "yes": [w for w in seen[f] if _key(w) in YES],
                "no": [w for w in seen[f] if _key(w) in NO],
                "blank": [w for w in seen[f] if not _key(w)],
            }
    return words


def _decoded(column: str, cases: list[tuple[list[str], int]]) -> str:
    """``column``'s words as a small number, each word compared once (a simple CASE, the
    export's usual spellings first): NULL for a word that means nothing."""
    usual = {w: i for i, w in enumerate(SPELLINGS)}
    whens = sorted(
        ((w, value) for ws, value in cases for w in ws),
        key=lambda wv: (usual.get(wv[0], len(usual)), wv[0]),
    )
    if not whens:
        return "NULL::INTEGER"
    return f"CASE {column} {' '.join(f'WHEN {_lit(w)} THEN {v}' for w, v in whens)} END"


def formats_for(sample: str) -> list[str]:
    """The reader's timestamp formats, the one ``sample`` is written in first: DuckDB tries
    them in order, and a failed try costs several times a good one."""

    def fits(fmt: str) -> bool:
        try:
            dt.datetime.strptime(sample.strip(), fmt)
        except ValueError:
            return False
        return True

    return sorted((f for f, _timed in MOMENT_FORMATS), key=lambda f: not fits(f))


def _moment(column: str, formats: list[str]) -> str:
    """A timestamp column parsed as ``records._moment`` does, NULL when blank or not one of its
    formats. DuckDB's parser is laxer than Python's: it takes words (epoch, infinity), so a
    value must begin with a digit (at or above '0' and below ':'), and a year of fewer digits
    than four (01/10/26 would be the year 26), so the year must have four. Trimming is left to
    the values that need it."""
    listed = "[" + ", ".join(_lit(f) for f in formats) + "]"

    def parsed(text: str) -> str:
        return f"CASE WHEN {text} >= '0' AND {text} < ':' THEN try_strptime({text}, {listed}) END"

    # coalesce reads its second value only for the rows the first left NULL
    slow = parsed(_trim(column))
    moment = f"coalesce({parsed(column)}, CASE WHEN {column} IS NOT NULL THEN {slow} END)"
    # the same expression twice is computed once (DuckDB's common subexpressions)
    return f"CASE WHEN year({moment}) >= 1000 THEN {moment} END"


def _blank(column: str) -> str:
    return f"coalesce({_trim(column)}, '') = ''"


def _rows(src: str, col: dict[str, str], now: dt.datetime, words: dict, samples: dict) -> str:
    """Each record decoded once: its month, trimmed agency and code, its timestamps (due_timed:
    the due date carries a time of day), channel 1 online / 0 not, status 1 finished / 0 another
    state, each flag 1 yes / 0 no (the channel and the flags 2 for a blank cell: not given;
    NULL for a word that means nothing), and ``good``: whether every check of
    ``statistics.records`` holds but those of the agency and the code."""
    finished = col.get("finished_at")
    decoded = [
        f"{_decoded(col['status'], [(words['finished'], 1), (words['other_states'], 0)])} AS st",
    ]
    if "channel" in col:
        channel = [(words["online"], 1), (words["offline"], 0), (words["no_channel"], 2)]
        blank_is_text = "coalesce(" + col["channel"] + ", " + _lit("") + ")"
        decoded.append(f"{_decoded(blank_is_text, channel)} AS ch")
    flags = [f for f in FLAGS if f in col]
    for f in flags:
        cases = [(words[f]["yes"], 1), (words[f]["no"], 0), (words[f]["blank"], 2)]
        decoded.append(f"{_decoded('coalesce(' + col[f] + ', ' + _lit('') + ')', cases)} AS f_{f}")
    stamps = [
        f"{_moment(col[t], formats_for(samples.get(t, '')))} AS {t}"
        for t in ("received_at", "due_at", "finished_at")
        if t in col
    ]
    moment = f"TIMESTAMP {_lit(now.isoformat(sep=' '))}"
    # The agency and the code are checked once per group of the sums (``aggregate``).
    good = [
        f"received_at <= {moment}",
        "due_at::DATE >= received_at::DATE",
        *(["ch IS NOT NULL"] if "channel" in col else []),
        "st IS NOT NULL",
        *[f"f_{f} IS NOT NULL" for f in flags],
    ]
    if finished:
        good += [
            f"(finished_blank OR (finished_at >= received_at AND finished_at <= {moment}))",
            "(st = 0 OR NOT finished_blank)",
        ]
    else:
        good.append("st = 0")
    if "paid_online" in col and "payable" in col:
        good.append("NOT (f_paid_online = 1 AND f_payable = 0)")
    # Blank: no value, or spaces only (trimmed only when the value did not parse); timed due
    # date: not at midnight, or written with a time (its length beyond dd/mm/yyyy's).
    blank = f"({finished} IS NULL OR (finished_at IS NULL AND {_trim(finished)} = ''))"
    extra = [f"{blank} AS finished_blank"] if finished else []
    return (
        f"SELECT *, coalesce({' AND '.join(good)}, FALSE) AS good FROM ("
        f"SELECT *, {', '.join(stamps)}, {', '.join(decoded + extra)}, "
        f"(due_at::TIME <> TIME '00:00' OR length({_trim(col['due_at'])}) > 10) AS due_timed "
        f"FROM {src})"
    )


def aggregate(duck, src: str, col: dict[str, str], now: dt.datetime, words, samples) -> int:
    """Sum the records into monthly figures by month received (DuckDB's table ``MONTHS``) in
    one scan of the file, counting the records that fail a check; returns that count (0: all
    good). A dossier finished on its due date without a time of day is on time (due by the end
    of that day)."""

    def yes(f: str) -> str:
        return f"f_{f} = 1" if f in col else "FALSE"

    def blank(f: str) -> str:
        return f"f_{f} = 2" if f in col else "FALSE"

    if "finished_at" in col:
        on_time = (
            "st = 1 AND (finished_at <= due_at "
            "OR (NOT due_timed AND finished_at < due_at + INTERVAL 1 DAY))"
        )
    else:
        on_time = "FALSE"
    # None: the file has no column for it, the count is not reported (NULL, as
    # ``statistics.parse_records`` leaves it): no online figure without a channel column, no
    # payable one without its own (the paid-online dossiers alone are not every payable one).
    sums: dict[str, str | None] = {
        "received": "TRUE",
        "received_online": "ch = 1" if "channel" in col else None,
        "on_time": on_time,
        "finished": "st = 1",
        "digitised": yes("digitised") if "digitised" in col else None,
        "e_results": f"st = 1 AND {yes('e_result')}" if "e_result" in col else None,
        "payable": f"{yes('payable')} OR {yes('paid_online')}" if "payable" in col else None,
        "paid_online": yes("paid_online") if "paid_online" in col else None,
    }
    # The records that do not say (a blank cell): one makes the count of their month, agency
    # and procedure not reported (NULL), as ``statistics.records`` leaves it.
    unsaid = {
        "received_online": "ch = 2" if "channel" in col else None,
        "digitised": blank("digitised") if "digitised" in col else None,
        "e_results": f"st = 1 AND {blank('e_result')}" if "e_result" in col else None,
        "payable": (
            f"{blank('payable')} AND NOT {yes('paid_online')}" if "payable" in col else None
        ),
        "paid_online": blank("paid_online") if "paid_online" in col else None,
    }
    unsaid = {name: cond for name, cond in unsaid.items() if cond is not None}
    sums["bad"] = "NOT good"
    counts = ", ".join(
        [
            f"NULL::BIGINT AS {name}"
            if cond is None
            else f"count(*) FILTER (WHERE {'' if name == 'bad' else 'good AND '}({cond})) AS {name}"
            for name, cond in sums.items()
        ]
        + [
            f"count(*) FILTER (WHERE good AND ({cond})) AS u_{name}"
            for name, cond in unsaid.items()
        ]
    )
    # Grouped by the raw agency and code, then by the trimmed ones: trimming once per group of
    # the first grouping rather than once per record.
    # and the code's shape and the agency checked once per group: a group with a bad key
    # counts all its records bad.
    regrouped = ", ".join(
        f"CASE WHEN sum(u_{name}) = 0 THEN sum({name}) END::BIGINT AS {name}"
        if name in unsaid
        else f"sum({name})::BIGINT AS {name}"
        for name in sums
        if name != "bad"
    )
    bad_key = (
        f"NOT regexp_full_match(coalesce({_trim('code')}, ''), '{CODE_PATTERN}') "
        f"OR coalesce({_trim('agency')}, '') = ''"
    )
    duck.execute(
        f"CREATE OR REPLACE TEMP TABLE {MONTHS} AS "
        f"SELECT month, left({_trim('agency')}, 255) AS agency, {_trim('code')} AS code, "
        f"{regrouped}, "
        f"sum(bad + CASE WHEN {bad_key} THEN records ELSE 0 END)::BIGINT AS bad, "
        f"sum(records)::BIGINT AS records "
        f"FROM (SELECT date_trunc('month', received_at)::DATE AS month, "
        f"{col['agency']} AS agency, {col['procedure_code']} AS code, {counts}, "
        f"count(*) AS records "
        f"FROM ({_rows(src, col, now, words, samples)}) GROUP BY ALL) GROUP BY ALL"
    )
    return duck.execute(f"SELECT coalesce(sum(bad), 0) FROM {MONTHS}").fetchone()[0]


def read(duck) -> int:
    """The records the file holds, good or bad (after ``aggregate``)."""
    return duck.execute(f"SELECT coalesce(sum(records), 0)::BIGINT FROM {MONTHS}").fetchone()[0]


FIGURES = (
    "month, agency, code, received, received_online, on_time, finished - on_time, digitised, "
    "e_results, payable, paid_online"
)
HELD = f"FROM {MONTHS} WHERE received > 0"


def summary(duck) -> tuple[int, list[dt.date], int]:
    """The records summed, the months they cover and the monthly rows."""
    records, months, rows = duck.execute(
        "SELECT coalesce(sum(received), 0)::BIGINT, list_sort(list(DISTINCT month)), count(*) "
        + HELD
    ).fetchone()
    return records, months or [], rows


# The summed counts a records column gives (None: the file lacks the column, every row NULL).
GIVEN_BY = {
    "received_online": "channel",
    "digitised": "digitised",
    "e_results": "e_result",
    "payable": "payable",
    "paid_online": "paid_online",
}


def unreported(duck, col: dict[str, str]) -> dict[str, int]:
    """Per count whose column the file has, the monthly rows a blank cell left without it."""
    counts = [c for c, column in GIVEN_BY.items() if column in col]
    if not counts:
        return {}
    found = duck.execute(
        f"SELECT {', '.join(f'count(*) FILTER (WHERE {c} IS NULL)' for c in counts)} {HELD}"
    ).fetchone()
    return {c: n for c, n in zip(counts, found, strict=True) if n}


def months(duck) -> list[tuple]:
    """The summed figures, one tuple per month, agency and code, in the unique index's order:
    month, agency, code, received, online, on time, late, digitised, e-results, payable, paid
    online."""
    return duck.execute(f"SELECT {FIGURES} {HELD} ORDER BY month, agency, code").fetchall()


def months_as_text(duck, source: str) -> list[tuple]:
    """``months`` with the month as ISO text and ``source`` last (as SQLite stores them)."""
    return duck.execute(
        f"SELECT strftime(month, '%Y-%m-%d'), {FIGURES.split(', ', 1)[1]}, ? "
        f"{HELD} ORDER BY month, agency, code",
        [source],
    ).fetchall()


def _checks(col: dict[str, str], now: str) -> list[tuple[str, str, str]]:
    """Each check as (column, condition on a ``_rows`` row, message), in the row-by-row
    reader's order."""
    finished = col.get("finished_at")
    checks: list[tuple[str, str, str]] = [
        (name, _blank(col[name]), _("required.")) for name in RECORDS_FILLED if name in col
    ]
    checks.append(
        (
            "procedure_code",
            f"NOT {_blank(col['procedure_code'])} AND NOT "
            f"regexp_full_match({_trim(col['procedure_code'])}, '{CODE_PATTERN}')",
            "code",
        )
    )
    for t in ("received_at", "due_at", "finished_at"):
        if t in col:
            checks.append((t, f"NOT {_blank(col[t])} AND {t} IS NULL", "moment"))
    checks += [
        ("received_at", f"received_at > {now}", _("a dossier cannot be received in the future.")),
        ("due_at", "due_at::DATE < received_at::DATE", _("due before it was received.")),
    ]
    if finished:
        checks += [
            ("finished_at", "finished_at < received_at", _("finished before it was received.")),
            (
                "finished_at",
                f"finished_at > {now}",
                _("a dossier cannot be finished in the future."),
            ),
        ]
    if "channel" in col:
        checks.append(("channel", f"NOT {_blank(col['channel'])} AND ch IS NULL", "channel"))
    checks.append(("status", f"NOT {_blank(col['status'])} AND st IS NULL", "status"))
    checks += [(f, f"f_{f} IS NULL", "flag") for f in FLAGS if f in col]
    if finished:
        checks.append(
            ("finished_at", "st = 1 AND finished_blank", _("required for a finished dossier."))
        )
    else:
        checks.append(("status", "st = 1", _("required for a finished dossier.")))
    if "paid_online" in col and "payable" in col:
        checks.append(
            (
                "paid_online",
                "f_paid_online = 1 AND f_payable = 0",
                _("paid online, but no fee was payable."),
            )
        )
    return checks


def check(
    duck,
    src: str,
    col: dict[str, str],
    now: dt.datetime,
    words,
    samples,
    width: int,
    skip: int = 0,
) -> list[str]:
    """Every error of the file, by row (the first ``MAX_ERRORS``): the file (``src`` as
    ``source`` gives it, ``width`` columns) is read once more, in its order (a row's number is
    its place in the file, the header being row ``skip`` + 1); blank rows are numbered, not
    checked."""
    duck.execute("SET preserve_insertion_order = true")
    duck.execute(f"CREATE OR REPLACE TEMP TABLE {STAGE} AS SELECT * FROM {src}")
    moment = f"TIMESTAMP {_lit(now.isoformat(sep=' '))}"
    checks = _checks(col, moment)
    named = {n: col[n] for n in col if n in {c for c, _q, _m in checks}}
    numbered = kept(f"(SELECT rowid AS n, * FROM {STAGE})", width)
    flags = ", ".join(f"coalesce(({cond}), FALSE)" for _n, cond, _m in checks)
    rows = duck.execute(
        f"SELECT n, bad, {', '.join(_trim(v) for v in named.values())} FROM ("
        f"SELECT *, [{flags}] AS bad FROM ({_rows(numbered, col, now, words, samples)})"
        f") WHERE list_contains(bad, TRUE) ORDER BY n LIMIT {MAX_ERRORS}"
    ).fetchall()
    messages = {
        "code": lambda v: _("“%(v)s” is not a code like 1.001612.") % {"v": v},
        "moment": lambda v: _("“%(v)s” is not a date written dd/mm/yyyy hh:mm.") % {"v": v},
        "channel": lambda v: (
            _("“%(v)s” is not “Trực tuyến”, “Trực tiếp” or “Bưu chính”.") % {"v": v}
        ),
        "status": lambda v: (
            _("“%(v)s” is not a status (Đã trả kết quả, Đang xử lý, Đã hủy…).") % {"v": v}
        ),
        "flag": lambda v: _("“%(v)s” is neither “Có” nor “Không”.") % {"v": v},
    }
    errors: list[str] = []
    for n, bad, *texts in rows:
        text_of = dict(zip(named, texts, strict=True))
        for k, flagged in enumerate(bad):
            if not flagged:
                continue
            name, _cond, message = checks[k]
            if message in messages:
                message = messages[message](text_of.get(name) or "")
            errors.append(_error(n + 2 + skip, RECORDS_LABELS[name], message))
    return errors[:MAX_ERRORS]


def read_error(error: Exception) -> str:
    """DuckDB's complaint about the file's shape in the reader's words, with the line."""
    text = str(error)
    line = re.search(r"CSV Error on Line: (\d+)", text)
    if "not utf-8" in text.lower() or "unicode" in text.lower():
        message = _("The file is neither an Excel workbook nor a UTF-8 CSV.")
    elif "state machine reached an invalid state" in text:
        message = _(
            "the lines of the file do not all end alike (some with CR LF, others with LF): "
            "save it again as CSV and import it again."
        )
    elif "unterminated quote" in text:
        message = _('a quoted cell is never closed (a " missing).')
    elif found := re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", text):
        message = _("the row has %(found)s cells where the header has %(expected)s.") % {
            "found": found.group(2),
            "expected": found.group(1),
        }
    else:
        return _("The file could not be read: %(e)s") % {"e": text.splitlines()[0]}
    if line is None:
        return message
    return _("Row %(row)s: %(msg)s") % {"row": line.group(1), "msg": message}
