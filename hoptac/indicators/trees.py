"""Indicators as a tree of any depth (dimensions → sub-dimensions → indicators): the order in
which a page or a file lists them, each followed by its parts, and the checks of a parent
link."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Node(Generic[T]):
    item: T
    depth: int  # 0 at the top
    has_parts: bool


def ordered(
    items: Iterable[T], key: Callable[[T], Hashable], parent: Callable[[T], Hashable | None]
) -> list[Node[T]]:
    """The items in the order of their tree: each followed by its parts, siblings in the order
    given. An item whose parent is not among them (or that is part of a loop) is listed at the
    top, so that nothing is ever left out."""
    items = list(items)
    keys = {key(i) for i in items}
    children: dict[Hashable | None, list[T]] = {}
    for item in items:
        up = parent(item)
        children.setdefault(up if up in keys else None, []).append(item)
    found: list[Node[T]] = []
    seen: set[Hashable] = set()

    def walk(up: Hashable | None, depth: int) -> None:
        for item in children.get(up, []):
            if key(item) in seen:
                continue
            seen.add(key(item))
            found.append(Node(item, depth, bool(children.get(key(item)))))
            walk(key(item), depth + 1)

    walk(None, 0)
    for item in items:  # a loop has no way down from the top: list it there
        if key(item) not in seen:
            seen.add(key(item))
            found.append(Node(item, 0, bool(children.get(key(item)))))
            walk(key(item), 1)
    return found


def loop_from(start: Hashable, parent_of: dict[Hashable, Hashable | None]) -> list[Hashable]:
    """The keys of the loop ``start`` is in when following its parents ([] when the parents
    lead to the top)."""
    path: list[Hashable] = []
    at: Hashable | None = start
    while at is not None and at not in path:
        path.append(at)
        at = parent_of.get(at)
    return path[path.index(at) :] if at is not None else []


def dotted_parent(code: str, known: dict[str, str]) -> str:
    """The parent a numbered code implies ("1.2.3" is part of "1.2", else of "1") when that code
    is ``known`` (a dict of the codes by their case-folded form); "" otherwise."""
    head = code
    while "." in head:
        head = head.rsplit(".", 1)[0]
        if head.casefold() in known:
            return known[head.casefold()]
    return ""


def has_loop(parent_of: dict[Hashable, Hashable | None]) -> bool:
    """Whether following the parents from some key comes back to it."""
    return any(loop_from(key, parent_of) for key in parent_of)
