"""How an app puts its content into the search index: one call in its AppConfig.ready().

    from hoptac.search.registry import register
    register(Practice, kind="practice", label=_("Practice"), title=..., body=..., url=...,
             localities=..., fields=..., date=..., public=..., readers=..., queryset=...)

The index then follows every save and delete of the model; ``manage.py rebuild_search_index``
re-reads ``queryset()``. Visibility: a document is shown when ``public``, to superusers, or to
members of a locality listed in ``readers``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_save


@dataclass(frozen=True)
class Entry:
    model: type[models.Model]
    kind: str
    label: Any
    title: Callable[[Any], str]
    body: Callable[[Any], str]
    url: Callable[[Any], str]
    localities: Callable[[Any], list[int]]
    fields: Callable[[Any], list[int]]
    date: Callable[[Any], dt.date | None]
    public: Callable[[Any], bool]
    readers: Callable[[Any], list[int]]
    queryset: Callable[[], models.QuerySet]

    @property
    def model_key(self) -> str:
        return self.model._meta.label_lower


_entries: dict[str, Entry] = {}  # by model key ("app_label.modelname")


def _none(obj: Any) -> list[int]:
    return []


def register(
    model: type[models.Model],
    *,
    kind: str,
    label: Any,
    title: Callable[[Any], str],
    body: Callable[[Any], str] = lambda obj: "",
    url: Callable[[Any], str] = lambda obj: obj.get_absolute_url(),
    localities: Callable[[Any], list[int]] = _none,
    fields: Callable[[Any], list[int]] = _none,
    date: Callable[[Any], dt.date | None] = lambda obj: None,
    public: Callable[[Any], bool] = lambda obj: False,
    readers: Callable[[Any], list[int]] = _none,
    queryset: Callable[[], models.QuerySet] | None = None,
) -> Entry:
    """Index ``model`` under ``kind``; the index follows its saves and deletes from now on."""
    entry = Entry(
        model=model,
        kind=kind,
        label=label,
        title=title,
        body=body,
        url=url,
        localities=localities,
        fields=fields,
        date=date,
        public=public,
        readers=readers,
        queryset=queryset or (lambda: model._default_manager.all()),
    )
    _entries[entry.model_key] = entry
    uid = f"hoptac.search:{entry.model_key}"
    post_save.connect(_saved, sender=model, dispatch_uid=uid, weak=False)
    post_delete.connect(_deleted, sender=model, dispatch_uid=uid, weak=False)
    return entry


def entries() -> list[Entry]:
    """Every registered model, in registration order."""
    return list(_entries.values())


def entry_for(model: type[models.Model]) -> Entry | None:
    return _entries.get(model._meta.label_lower)


def kinds() -> dict[str, Any]:
    """Kind key -> human label, for filters and the API."""
    return {e.kind: e.label for e in _entries.values()}


def _saved(sender: type[models.Model], instance: models.Model, raw: bool = False, **kw) -> None:
    if raw:  # fixtures: rebuild_search_index afterwards
        return
    from . import index

    index.update_object(instance)


def _deleted(sender: type[models.Model], instance: models.Model, **kw) -> None:
    from . import index

    index.remove_object(instance)
