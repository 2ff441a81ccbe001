"""Vietnamese order in SQL: `ViSortKey("title")` sorts a paginated list as `text.vi_sorted` does.

The lists that are sorted in Python after the fetch (`core.text`) are small; a list of 20,000
tasks shown 50 at a time must be sorted by the database. Neither SQLite nor a PostgreSQL
database created with the C locale knows the Vietnamese alphabet, and ICU's `vi` collation
differs from SQLite's, so both backends compute the same key from the same table and compare
it byte by byte (SQLite's BINARY, PostgreSQL's `COLLATE "C"`):

    primary  every letter, whatever its case and tone, to one ASCII character in the order
             a ă â b c d đ e ê (f) g … y (z); digits and spaces stay (they come before letters);
             ASCII punctuation is dropped ("Cơ chế, …" as "Cơ chế …"), other ASCII symbols
             come after the letters, any other character after them by code point;
    tones    each letter to its tone's rank (none, huyền, hỏi, ngã, sắc, nặng);
    case     each letter to 0 (lower) or 1 (upper);

joined by \\x01, which sorts before any kept character, so the key compares as the tuple
(primary, tones, case) of `text.vi_sort_key`. On PostgreSQL the key is `translate()` of the
NFC text, three times; on SQLite it is one Python function with the same table, registered on
each new connection. Characters outside the table compare by code point on both.
"""

from __future__ import annotations

import string
import unicodedata
from functools import lru_cache

from django.db.backends.signals import connection_created
from django.db.models import CharField, Func

from .text import _ALPHABET, _TONES

SEPARATOR = "\x01"
SQLITE_FUNCTION = "hoptac_vi_key"


def _table() -> tuple[str, str, str, str, str]:
    """(source characters, primary, tone and case characters for each, characters dropped)."""
    source, primary, tones, cases = [], [], [], []
    targets = string.ascii_uppercase + string.ascii_lowercase
    marks = {rank: mark for mark, rank in _TONES.items()}
    for rank, letter in enumerate(_ALPHABET):
        for tone in range(6) if letter in "aăâeêioôơuưy" else (0,):
            lower = unicodedata.normalize("NFC", letter + marks.get(tone, ""))
            for case, ch in enumerate((lower, lower.upper())):
                if ch not in source and len(ch) == 1:
                    source.append(ch)
                    primary.append(targets[rank])
                    tones.append(str(tone))
                    cases.append(str(case))
    symbols = [ch for ch in map(chr, range(33, 127)) if not ch.isalnum()]
    kept = [ch for ch in symbols if not unicodedata.category(ch).startswith("P")]
    after = targets[len(_ALPHABET) :]
    for i, ch in enumerate(kept):
        source.append(ch)
        primary.append(after[i])
        tones.append(ch)
        cases.append(ch)
    for ch in "\t\n\x0b\x0c\r":
        source.append(ch)
        primary.append(" ")
        tones.append(" ")
        cases.append(" ")
    dropped = (
        "".join(ch for ch in symbols if ch not in kept)
        + "".join(chr(c) for c in range(1, 32) if chr(c) not in "\t\n\x0b\x0c\r")
        + "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00ab\u00bb\u00b7"  # “quotes” – … « »
    )
    return "".join(source), "".join(primary), "".join(tones), "".join(cases), dropped


SOURCE, PRIMARY, TONES, CASES, DROPPED = _table()
_TRANSLATIONS = [str.maketrans(SOURCE, to, DROPPED) for to in (PRIMARY, TONES, CASES)]


@lru_cache(maxsize=50_000)
def vi_key(text: str | None) -> str | None:
    """The key the database sorts by (the SQLite function; PostgreSQL computes the same)."""
    if text is None:
        return None
    value = unicodedata.normalize("NFC", text)
    return SEPARATOR.join(value.translate(t) for t in _TRANSLATIONS)


class ViSortKey(Func):
    """The Vietnamese sort key of a text column, for `order_by` (`.desc()` reverses it)."""

    output_field = CharField()
    arity = 1

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function=SQLITE_FUNCTION, **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        text, params = compiler.compile(self.source_expressions[0])
        # translate() drops the characters of `from` that have no counterpart in `to`
        one = f"translate(normalize({text}, NFC), %s, %s)"
        sql, out = [], []
        for to in (PRIMARY, TONES, CASES):
            if sql:
                sql.append("%s")
                out.append(SEPARATOR)
            sql.append(one)
            out += [*params, SOURCE + DROPPED, to]
        return f'(({" || ".join(sql)}) COLLATE "C")', out

    def as_sql(self, compiler, connection, **extra_context):
        raise NotImplementedError(f"ViSortKey on {connection.vendor}")


def _register(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, vi_key, deterministic=True)


def install() -> None:
    """Register the SQLite function on every new connection (called from CoreConfig.ready)."""
    connection_created.connect(_register, dispatch_uid="hoptac.core.collation")
