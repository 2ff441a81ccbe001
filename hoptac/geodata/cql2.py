"""CQL2 text, the Basic CQL2 class (plus LIKE, IN, BETWEEN), translated to a Django filter.

filter = or ; or = and {"OR" and} ; and = not {"AND" not} ; not = ["NOT"] primary
primary = "(" filter ")" | prop op literal | literal op prop | prop "IS" ["NOT"] "NULL"
        | prop ["NOT"] "LIKE" string | prop ["NOT"] "IN" "(" literal {"," literal} ")"
        | prop ["NOT"] "BETWEEN" literal "AND" literal | TRUE | FALSE
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q
from django.db.models.fields.json import KeyTransform
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

TOKEN_WORDS = {
    "prop": gettext_lazy("a property name"),
    "op": gettext_lazy("a comparison (=, <>, <, >, <=, >=)"),
    "lit": gettext_lazy("a value"),
    "kw": gettext_lazy("a keyword"),
    "punct": gettext_lazy("a bracket"),
}


class FilterError(ValueError):
    pass


TOKEN = re.compile(
    r"""\s*(?:
      (?P<str>'(?:[^']|'')*')
    | (?P<num>[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
    | (?P<op><>|<=|>=|=|<|>)
    | (?P<punct>[(),])
    | (?P<qident>"(?:[^"]|"")+")
    | (?P<ident>[A-Za-z_\u00c0-\u1ef9][\w.:\-\u00c0-\u1ef9]*)
    )""",
    re.VERBOSE,
)
KEYWORDS = {"AND", "OR", "NOT", "IS", "NULL", "LIKE", "IN", "BETWEEN", "TRUE", "FALSE"}
OPS = {"=": "exact", "<": "lt", ">": "gt", "<=": "lte", ">=": "gte"}
FLIP = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "=": "=", "<>": "<>"}
# The numbers a database compares: 64-bit integers and finite doubles (1e999 is infinity, and
# an integer past 2**63 overflowed SQLite's parameters).
INTEGERS = range(-(2**63), 2**63)


def number(raw: str) -> int | float | None:
    """The number written in ``raw`` if a database can compare it, else None (out of range)."""
    value: int | float = float(raw) if any(c in raw for c in ".eE") else int(raw)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, int) and value not in INTEGERS:
        return None
    return value


@dataclass
class Tok:
    kind: str
    value: object
    pos: int


def tokenize(text: str) -> list[Tok]:
    out: list[Tok] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise FilterError(_("Unexpected character at position %(pos)s.") % {"pos": pos + 1})
        kind = m.lastgroup
        raw = m.group(kind)
        if kind == "str":
            out.append(Tok("lit", raw[1:-1].replace("''", "'"), m.start(kind)))
        elif kind == "num":
            value = number(raw)
            if value is None:
                raise FilterError(
                    _("The number %(number)s at position %(pos)s is out of range.")
                    % {"number": raw[:40], "pos": m.start(kind) + 1}
                )
            out.append(Tok("lit", value, m.start(kind)))
        elif kind == "qident":
            out.append(Tok("prop", raw[1:-1].replace('""', '"'), m.start(kind)))
        elif kind == "ident":
            up = raw.upper()
            if up in KEYWORDS:
                if up in ("TRUE", "FALSE"):
                    out.append(Tok("lit", up == "TRUE", m.start(kind)))
                else:
                    out.append(Tok("kw", up, m.start(kind)))
            else:
                out.append(Tok("prop", raw, m.start(kind)))
        else:
            out.append(Tok(kind, raw, m.start(kind)))
        pos = m.end()
    return out


@dataclass
class Parser:
    tokens: list[Tok]
    queryables: set[str]
    # name -> the expression compared (the store's, so that its indexes are used)
    key: Callable[[str], KeyTransform] = lambda name: KeyTransform(name, "properties")
    # name -> the expression a comparison with a number reads, or None (then `key`)
    number_key: Callable[[str], object] = lambda name: None
    i: int = 0
    aliases: dict[str, KeyTransform] = field(default_factory=dict)

    def peek(self) -> Tok | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> Tok:
        tok = self.peek()
        if tok is None:
            raise FilterError(_("The filter ends too early."))
        self.i += 1
        return tok

    def accept_kw(self, word: str) -> bool:
        tok = self.peek()
        if tok is not None and tok.kind == "kw" and tok.value == word:
            self.i += 1
            return True
        return False

    def expect(self, kind: str, value=None) -> Tok:
        tok = self.take()
        if tok.kind != kind or (value is not None and tok.value != value):
            # the token's kind in words ("prop" is the parser's name, not the reader's)
            what = f"“{value}”" if value else str(TOKEN_WORDS.get(kind, kind))
            raise FilterError(
                _("Expected %(what)s at position %(pos)s.") % {"what": what, "pos": tok.pos + 1}
            )
        return tok

    def parse(self) -> Q:
        q = self.or_()
        if self.peek() is not None:
            raise FilterError(
                _("Unexpected “%(tok)s” at position %(pos)s.")
                % {"tok": self.peek().value, "pos": self.peek().pos + 1}
            )
        return q

    def or_(self) -> Q:
        q = self.and_()
        while self.accept_kw("OR"):
            q = q | self.and_()
        return q

    def and_(self) -> Q:
        q = self.not_()
        while self.accept_kw("AND"):
            q = q & self.not_()
        return q

    def not_(self) -> Q:
        if self.accept_kw("NOT"):
            return ~self.primary()
        return self.primary()

    def alias(self, name: str, *values) -> str:
        """The alias of property `name`, compared with `values`: numbers only read the
        store's number expression where it has one."""
        if self.queryables and name not in self.queryables:
            raise FilterError(
                _("“%(name)s” is not a queryable of this collection.") % {"name": name}
            )
        numeric = bool(values) and all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in values
        )
        expression = (self.number_key(name) if numeric else None) or self.key(name)
        for k, v in self.aliases.items():
            if type(v) is type(expression) and v.key_name == name:
                return k
        key = f"_cql_{len(self.aliases)}"
        self.aliases[key] = expression
        return key

    def literal(self):
        tok = self.take()
        if tok.kind != "lit":
            raise FilterError(_("Expected a value at position %(pos)s.") % {"pos": tok.pos + 1})
        return tok.value

    def primary(self) -> Q:
        tok = self.take()
        if tok.kind == "punct" and tok.value == "(":
            q = self.or_()
            self.expect("punct", ")")
            return q
        if (
            tok.kind == "lit"
            and isinstance(tok.value, bool)
            and (self.peek() is None or self.peek().kind in ("kw", "punct"))
        ):
            return Q() if tok.value else Q(pk__in=[])
        if tok.kind == "lit":
            op = self.expect("op").value
            prop = self.expect("prop").value
            return self.compare(prop, FLIP[op], tok.value)
        if tok.kind != "prop":
            raise FilterError(
                _("Expected a property name at position %(pos)s.") % {"pos": tok.pos + 1}
            )
        prop = tok.value
        nxt = self.take()
        if nxt.kind == "op":
            return self.compare(prop, nxt.value, self.literal())
        negate = False
        if nxt.kind == "kw" and nxt.value == "IS":
            negate = self.accept_kw("NOT")
            self.expect("kw", "NULL")
            a = self.alias(prop)
            q = Q(**{f"{a}__isnull": True})
            return ~q if negate else q
        if nxt.kind == "kw" and nxt.value == "NOT":
            negate = True
            nxt = self.take()
        if nxt.kind == "kw" and nxt.value == "LIKE":
            pattern = self.literal()
            if not isinstance(pattern, str):
                raise FilterError(_("LIKE needs a text pattern."))
            rx = "^" + re.escape(pattern).replace("%", ".*").replace("_", ".") + "$"
            rx = rx.replace("\\%", ".*").replace("\\_", ".")
            q = Q(**{f"{self.alias(prop)}__regex": rx})
            return ~q if negate else q
        if nxt.kind == "kw" and nxt.value == "IN":
            self.expect("punct", "(")
            values = [self.literal()]
            while self.peek() is not None and self.peek().value == ",":
                self.take()
                values.append(self.literal())
            self.expect("punct", ")")
            a = self.alias(prop, *values)
            q = Q()
            for v in values:
                q |= Q(**{f"{a}__exact": v})
            return ~q if negate else q
        if nxt.kind == "kw" and nxt.value == "BETWEEN":
            lo = self.literal()
            self.expect("kw", "AND")
            hi = self.literal()
            a = self.alias(prop, lo, hi)
            q = Q(**{f"{a}__gte": lo, f"{a}__lte": hi})
            return ~q if negate else q
        raise FilterError(
            _("Expected a comparison after “%(prop)s” at position %(pos)s.")
            % {"prop": prop, "pos": nxt.pos + 1}
        )

    def compare(self, prop: str, op: str, value) -> Q:
        a = self.alias(prop, value)
        if op == "<>":
            return ~Q(**{f"{a}__exact": value}) & Q(**{f"{a}__isnull": False})
        return Q(**{f"{a}__{OPS[op]}": value})


def parse(
    text: str,
    queryables: set[str] | None = None,
    key: Callable[[str], KeyTransform] | None = None,
    number_key: Callable[[str], object] | None = None,
) -> tuple[Q, dict[str, KeyTransform]]:
    """A CQL2 text filter as (Q, aliases to add with QuerySet.alias); `key` makes the expression
    of a property (default: Django's KeyTransform), `number_key` the one compared with numbers
    where it gives one."""
    if not text or not text.strip():
        raise FilterError(_("The filter is empty."))
    if len(text) > 4000:
        raise FilterError(_("The filter is too long."))
    p = Parser(tokenize(text), queryables or set())
    if key is not None:
        p.key = key
    if number_key is not None:
        p.number_key = number_key
    try:
        return p.parse(), p.aliases
    except RecursionError as exc:
        raise FilterError(_("The filter is nested too deeply.")) from exc
