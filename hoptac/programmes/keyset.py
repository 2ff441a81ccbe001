"""Keyset ("seek") pages of the task list: a page starts after, or ends before, the sort key
of a row, so a deep page costs what the first one does (an index walk from that key), where
OFFSET made the database step over every row before it.

A link carries its cursor: the sort, the key's values and id of the row it starts from, and the
number of the page it leads to, signed (`django.core.signing`) so that a cursor cannot be
edited by hand; one that fails (edited, from another sort, from an older version of the list)
is refused as a whole and the list shows its first page. The last page is the first one read
in the reverse order. The number shown is the one the link was made with: a link kept for a
while still opens at the same tasks, whose page number may have moved since.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core import signing
from django.db import connections
from django.db.models import F, Q, QuerySet, Value

SALT = "hoptac.programmes.tasklist.cursor"
KINDS = {"text": str, "int": int, "date": dt.date}


class BadCursor(ValueError):
    """A cursor that this list cannot read: the list starts again from its first page."""


@dataclass(frozen=True)
class Key:
    """What a page is sorted by: columns (model paths or annotations), their kinds (text, int,
    date) and the direction; the id follows in the same direction and breaks ties."""

    sort: str
    columns: tuple[str, ...]
    kinds: tuple[str, ...]
    descending: bool = False
    # a key of a few values with no index (the state): (value, filter) in ascending order
    partitions: tuple[tuple[str, Q], ...] = ()


@dataclass(frozen=True)
class Cursor:
    values: tuple
    pk: int
    number: int | None  # the page it leads to, when known
    per_page: int


def make_cursor(key: Key, row: list, number: int | None, per_page: int) -> str:
    """The signed cursor of a row read as `(*key values, pk)`."""
    values = [v.isoformat() if isinstance(v, dt.date) else v for v in row[:-1]]
    return signing.dumps([key.sort, values, row[-1], number, per_page], salt=SALT, compress=True)


def read_cursor(key: Key, token: str) -> Cursor:
    """The cursor `token` says, checked against the list's sort; BadCursor otherwise."""
    try:
        sort, values, pk, number, per_page = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError) as err:
        raise BadCursor(token) from err
    if sort != key.sort or not isinstance(values, list) or len(values) != len(key.kinds):
        raise BadCursor(token)
    parsed = []
    for value, kind in zip(values, key.kinds, strict=True):
        if kind == "date":
            try:
                value = dt.date.fromisoformat(value)
            except (TypeError, ValueError) as err:
                raise BadCursor(token) from err
        elif not isinstance(value, KINDS[kind]) or isinstance(value, bool):
            raise BadCursor(token)
        parsed.append(value)
    if not isinstance(pk, int) or not (number is None or isinstance(number, int)):
        raise BadCursor(token)
    if not isinstance(per_page, int):
        raise BadCursor(token)
    return Cursor(tuple(parsed), pk, number, per_page)


def order(key: Key, reverse: bool = False) -> list:
    """The ORDER BY of the key (read backwards when `reverse`)."""
    desc = key.descending != reverse
    names = [*key.columns, "pk"]
    return [F(n).desc() if desc else F(n).asc() for n in names]


def beyond(key: Key, cursor: Cursor, reverse: bool = False) -> Q:
    """The rows after the cursor's row in the key's order (before it when `reverse`).

    Written as a range on the first column AND the lexicographic comparison, so that both
    databases start the index walk at the cursor instead of testing every row before it."""
    desc = key.descending != reverse
    op, op_eq = ("lt", "lte") if desc else ("gt", "gte")
    names = [*key.columns, "pk"]
    values = [*cursor.values, cursor.pk]
    after = Q()
    for i in range(len(names)):
        step = Q(**{f"{names[i]}__{op}": values[i]})
        for j in range(i):
            step &= Q(**{names[j]: values[j]})
        after = step if i == 0 else after | step
    return Q(**{f"{names[0]}__{op_eq}": values[0]}) & after


@dataclass
class Page:
    """One page of the list and the links around it (query parameters, cursor included)."""

    object_list: list
    count: int
    per_page: int
    number: int | None
    next: dict | None = None
    previous: dict | None = None
    is_last: bool = False
    refused: bool = False  # a cursor was refused: this is the first page instead

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.next is not None

    @property
    def has_previous(self) -> bool:
        return self.previous is not None

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


def read_page(qs: QuerySet, key: Key, per_page: int, count: int, params) -> Page:
    """The page `params` asks for: `after` or `before` a cursor, `last`, a numbered `page`
    (an OFFSET, kept for links made before the cursors), or the first.

    `qs` is the filtered list with its joins. One query reads a page: the ids are picked in
    a narrow subquery that walks the key's index from the cursor (one row more than the
    page, to know whether another follows), the rows with their joins only for those."""
    refused = False
    cursor = None
    token = params.get("after") or params.get("before")
    if token:
        try:
            cursor = read_cursor(key, token)
        except BadCursor:
            refused = True
    number = None
    if cursor is not None and cursor.per_page == per_page:
        number = cursor.number
    if cursor is not None and params.get("after"):
        found = _read(qs, key, per_page + 1, cursor=cursor)
        if found:
            return _page(key, found, per_page, count, number, after_cursor=True)
        return _last(qs, key, per_page, count)  # past the end: the last page
    if cursor is not None:  # before
        found = _read(qs, key, per_page + 1, cursor=cursor, back=True)
        if len(found) > per_page:  # a page with another before it
            found = found[:per_page][::-1]
            page = Page(found, count, per_page, number)
            page.previous = _link(key, "before", found[0], _plus(number, -1), per_page)
            page.next = _link(key, "after", found[-1], _plus(number, 1), per_page)
            return page
        if len(found) == per_page:  # the first page
            page = Page(found[::-1], count, per_page, 1)
            page.next = _link(key, "after", page.object_list[-1], 2, per_page)
            return page
        # fewer rows than a page before the cursor (the list changed): read the first page
    if params.get("last") and not refused:
        return _last(qs, key, per_page, count)
    offset = 0
    page_number = params.get("page")
    if page_number and not refused and str(page_number).isdigit():
        wanted = min(int(page_number), -(-count // per_page)) if count else 1
        offset = (max(wanted, 1) - 1) * per_page
    found = _read(qs, key, per_page + 1, offset=offset)
    page = _page(key, found, per_page, count, offset // per_page + 1, after_cursor=False)
    page.refused = refused
    return page


def _read(
    qs: QuerySet, key: Key, limit: int, cursor: Cursor | None = None, back=False, offset: int = 0
) -> list:
    """`limit` rows of `qs` in the key's order (reversed when `back`) after the cursor."""
    if key.partitions and not offset:
        return _read_partitions(qs, key, limit, cursor, back)
    ordered = qs.order_by(*order(key, back))
    narrow = ordered.prefetch_related(None).values("pk")
    if cursor is not None:
        narrow = narrow.filter(beyond(key, cursor, reverse=back))
    return list(ordered.filter(pk__in=narrow[offset : offset + limit]))


def _read_partitions(qs: QuerySet, key: Key, limit: int, cursor: Cursor | None, back) -> list:
    """The same for a key of a few values, each a filter (the task's state, which depends on
    the day and has no index): each value's rows along the id index, at most `limit` of each,
    one UNION ALL of them ordered by the value's rank and the id. The database then reads a
    few pages of ids instead of sorting every row by a computed value."""
    desc = key.descending != back
    parts = list(enumerate(key.partitions))
    if desc:
        parts.reverse()
    base = qs.prefetch_related(None).order_by()
    pieces, params = [], []
    for rank, (value, where) in parts:
        sub = base.filter(where)
        if cursor is not None:
            if (value < cursor.values[0]) != desc and value != cursor.values[0]:
                continue  # a value before the cursor's
            if value == cursor.values[0]:
                sub = sub.filter(**{"pk__lt" if desc else "pk__gt": cursor.pk})
        sub = sub.order_by("-pk" if desc else "pk").annotate(part_rank=Value(rank))
        sql, sub_params = sub.values_list("pk", "part_rank")[:limit].query.sql_with_params()
        # Django's own SQL, its values kept as parameters (nothing here comes from the request)
        pieces.append(f"SELECT * FROM ({sql}) AS part{rank}")  # noqa: S608
        params.extend(sub_params)
    if not pieces:
        return []
    direction = "DESC" if desc else "ASC"
    sql = (
        f"SELECT * FROM ({' UNION ALL '.join(pieces)}) AS parts "  # noqa: S608 (as above)
        f"ORDER BY 2 {direction}, 1 {direction} LIMIT {int(limit)}"
    )
    with connections[qs.db].cursor() as db:
        db.execute(sql, params)
        ids = [row[0] for row in db.fetchall()]
    by_id = {obj.pk: obj for obj in qs.filter(pk__in=ids).order_by()}
    return [by_id[i] for i in ids if i in by_id]


def _page(key, found, per_page, count, number, after_cursor: bool) -> Page:
    """A page read forward: `found` holds up to one row more than the page, which says
    whether a next page exists; a previous one exists after a cursor or past page 1."""
    has_next = len(found) > per_page
    found = found[:per_page]
    page = Page(found, count, per_page, number)
    if has_next:
        page.next = _link(key, "after", found[-1], _plus(number, 1), per_page)
    if found and (after_cursor or (number or 1) > 1):
        page.previous = _link(key, "before", found[0], _plus(number, -1), per_page)
    page.is_last = not has_next
    return page


def _last(qs, key, per_page, count) -> Page:
    """The last page: the first read backwards, as many rows as the count leaves for it, so
    that pages keep their numbers read from either end."""
    size = count % per_page or per_page
    found = _read(qs, key, size + 1, back=True)
    has_previous = len(found) > size
    found = found[:size][::-1]
    number = max(1, -(-count // per_page))
    page = Page(found, count, per_page, number, is_last=True)
    if has_previous and found:
        page.previous = _link(key, "before", found[0], number - 1, per_page)
    return page


def _plus(number: int | None, step: int) -> int | None:
    return None if number is None else max(1, number + step)


def _values(key: Key, obj) -> list:
    """The key's values of a row read with its joins (`a__b` as `obj.a.b`), then its id."""
    values = []
    for path in key.columns:
        value = obj
        for part in path.split("__"):
            value = getattr(value, part)
        values.append(value)
    return [*values, obj.pk]


def _link(key: Key, direction: str, obj, number: int | None, per_page: int) -> dict:
    return {direction: make_cursor(key, _values(key, obj), number, per_page)}
