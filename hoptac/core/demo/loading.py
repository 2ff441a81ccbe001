"""How the demo loads: each app registers a loader; a row is written only when it is missing or
differs."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import models, transaction

_loaders: list[tuple[int, str, Callable[[Callable[[str], None]], None]]] = []


def register_loader(order: int, name: str, loader: Callable[[Callable[[str], None]], None]) -> None:
    """Let an app add its demo content; loaders run in order after the core's."""
    if all(existing != name for _, existing, _ in _loaders):
        _loaders.append((order, name, loader))


def sync(model: type[models.Model], lookup: dict[str, Any], **values: Any) -> models.Model:
    """Create the row, or update only the fields that differ; never save an unchanged row."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        return model._default_manager.create(**lookup, **values)
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if changed:
        for k in changed:
            setattr(obj, k, values[k])
        obj.save(update_fields=changed)
    return obj


def load(log: Callable[[str], None] = print, only: Iterable[str] | None = None) -> None:
    """Load every registered part of the demo (or the named ones) in one transaction."""
    wanted = set(only) if only else None
    with transaction.atomic():
        for _order, name, loader in sorted(_loaders, key=lambda item: item[0]):
            if wanted is None or name in wanted:
                loader(log)
