"""What each app puts into the site search: one call per model from its AppConfig.ready().

    from hoptac.core import searchable
    searchable.register(Practice, kind="practice", label=_("Practice"),
                        title=lambda o: o.title_vi, title_en=lambda o: o.title_en,
                        body=..., body_en=..., url=..., localities=..., fields=..., date=...,
                        public=..., readers=..., queryset=...,
                        follow={Attachment: lambda a: [a.practice]})

``title`` and ``body`` are the Vietnamese text, ``title_en`` and ``body_en`` the English one:
both are indexed (an English word finds a Vietnamese page's object), and a result shows the text
of the reader's language, the other one only when that is empty. Text that belongs to no
language (codes, numbers, names of places) goes in ``body``.

The registry lives in core so that every app, core included, registers the same way without
importing the search app. The search app listens (``listen``) and keeps its index in step with
every save and delete of a registered model, every change of its many-to-many relations (either
side), and every save and delete of the related rows named in ``follow`` (a model and the
registered objects a row of it belongs to): no app reindexes by hand. Visibility: a document is
shown when ``public``, to superusers, or to members of a locality listed in ``readers``.

``include`` keeps some objects of a model out of the index altogether (a procedure's closed
versions): a save that makes it false removes the object's document. A bulk write that sends no
signal (``bulk_create``, ``update()``) names what it wrote with ``reindex``; an import saving
thousands of rows one by one runs inside ``batch()``, which indexes them together on leaving.

Pages made from an app's data files, not from rows (an index's components read from a JSON file),
are registered with ``register_pages``: a name and a function returning ``Page``s. They are public
and change only with the code, so the search app reads them again after every ``migrate`` (a
deployment, a new database, a test database) and with ``rebuild_search_index``.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save


@dataclass(frozen=True)
class Page:
    """A public page an app makes from its data files: what the search indexes of it."""

    key: str  # unique within its registration
    title: str  # Vietnamese
    url: str
    title_en: str = ""
    body: str = ""
    body_en: str = ""
    entry: str = ""  # the registration's name (set by it)

    @property
    def pk(self) -> str:
        return self.key


@dataclass(frozen=True)
class Entry:
    model: type[models.Model] | None  # None for pages (``register_pages``)
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
    title_en: Callable[[Any], str] = lambda obj: ""
    body_en: Callable[[Any], str] = lambda obj: ""
    follow: dict[type[models.Model], Callable[[Any], Iterable[Any]]] = field(default_factory=dict)
    include: Callable[[Any], bool] = lambda obj: True
    name: str = ""  # of a registration of pages: its model key

    @property
    def model_key(self) -> str:
        return self.name if self.model is None else self.model._meta.label_lower

    @property
    def is_pages(self) -> bool:
        return self.model is None


@dataclass
class _Listener:
    updated: Callable[[models.Model], None]
    removed: Callable[[models.Model], None]
    updated_many: Callable[[list[models.Model]], None] | None = None


_entries: dict[str, Entry] = {}  # by model key ("app_label.modelname")
_listener: _Listener | None = None
# Inside batch(): the objects to index on leaving it, by (model key, pk).
_pending: contextvars.ContextVar[dict[tuple[str, Any], models.Model] | None] = (
    contextvars.ContextVar("hoptac_searchable_pending", default=None)
)


def _none(obj: Any) -> list[int]:
    return []


def _empty(obj: Any) -> str:
    return ""


def register(
    model: type[models.Model],
    *,
    kind: str,
    label: Any,
    title: Callable[[Any], str],
    body: Callable[[Any], str] = _empty,
    title_en: Callable[[Any], str] = _empty,
    body_en: Callable[[Any], str] = _empty,
    url: Callable[[Any], str] = lambda obj: obj.get_absolute_url(),
    localities: Callable[[Any], list[int]] = _none,
    fields: Callable[[Any], list[int]] = _none,
    date: Callable[[Any], dt.date | None] = lambda obj: None,
    public: Callable[[Any], bool] = lambda obj: False,
    readers: Callable[[Any], list[int]] = _none,
    queryset: Callable[[], models.QuerySet] | None = None,
    follow: dict[type[models.Model], Callable[[Any], Iterable[Any]]] | None = None,
    include: Callable[[Any], bool] | None = None,
) -> Entry:
    """Make ``model`` searchable under ``kind``; the index follows it from now on."""
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
        title_en=title_en,
        body_en=body_en,
        follow=dict(follow or {}),
        include=include or (lambda obj: True),
    )
    _entries[entry.model_key] = entry
    uid = f"hoptac.searchable:{entry.model_key}"
    post_save.connect(_saved, sender=model, dispatch_uid=uid, weak=False)
    post_delete.connect(_deleted, sender=model, dispatch_uid=uid, weak=False)
    for m2m in model._meta.many_to_many:
        through = m2m.remote_field.through
        m2m_changed.connect(
            _m2m_changed, sender=through, dispatch_uid=f"{uid}:{m2m.name}", weak=False
        )
    for related in entry.follow:
        related_uid = f"{uid}:follow:{related._meta.label_lower}"
        post_save.connect(_related_changed, sender=related, dispatch_uid=related_uid, weak=False)
        post_delete.connect(_related_changed, sender=related, dispatch_uid=related_uid, weak=False)
    return entry


def register_pages(
    name: str, *, kind: str, label: Any, pages: Callable[[], Iterable[Page]]
) -> Entry:
    """Make the pages ``pages()`` returns searchable under ``kind``, by everyone. ``name``
    ("app_label.what") stands for a model's key: unique, and not a model's."""
    entry = Entry(
        model=None,
        name=name,
        kind=kind,
        label=label,
        title=lambda p: p.title,
        title_en=lambda p: p.title_en,
        body=lambda p: p.body,
        body_en=lambda p: p.body_en,
        url=lambda p: p.url,
        localities=_none,
        fields=_none,
        date=lambda p: None,
        public=lambda p: True,
        readers=_none,
        queryset=lambda: [dataclasses.replace(p, entry=name) for p in pages()],
    )
    _entries[name] = entry
    return entry


def listen(
    updated: Callable[[models.Model], None],
    removed: Callable[[models.Model], None],
    updated_many: Callable[[list[models.Model]], None] | None = None,
) -> None:
    """Called by the search app: ``updated(obj)`` after any change of a registered object,
    ``removed(obj)`` after its deletion, ``updated_many(objs)`` for a batch."""
    global _listener
    _listener = _Listener(updated, removed, updated_many)


def reindex(objs: Iterable[models.Model]) -> None:
    """Index again objects written without a signal (``bulk_create``, ``update()``): at once,
    or on leaving the enclosing ``batch()``."""
    with batch():
        for obj in objs:
            _update(obj)


@contextlib.contextmanager
def batch() -> Iterator[None]:
    """Within: the changed registered objects are indexed together on leaving, in one write per
    few hundred objects instead of one per save (an import of thousands of rows). Nothing is
    indexed when the block raises. Run it inside the writer's transaction, so that the index
    and the rows commit or roll back together. Nested batches join the outer one."""
    if _pending.get() is not None:
        yield
        return
    pending: dict[tuple[str, Any], models.Model] = {}
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    if _listener is None or not pending:
        return
    objs = list(pending.values())
    if _listener.updated_many is not None:
        _listener.updated_many(objs)
    else:
        for obj in objs:
            _listener.updated(obj)


def entries() -> list[Entry]:
    """Every registered model, in registration order."""
    return list(_entries.values())


def entry_for(model: type[models.Model]) -> Entry | None:
    return _entries.get(model._meta.label_lower)


def entry_of(obj: Any) -> Entry | None:
    """The registration of an object of a registered model or of a registered page."""
    if isinstance(obj, Page):
        return _entries.get(obj.entry)
    return entry_for(type(obj))


def page_entries() -> list[Entry]:
    """The registrations of pages (``register_pages``)."""
    return [e for e in _entries.values() if e.is_pages]


def kinds() -> dict[str, Any]:
    """Kind key -> human label, for filters and the API."""
    return {e.kind: e.label for e in _entries.values()}


def _update(obj: models.Model | None) -> None:
    if _listener is not None and obj is not None and obj.pk is not None:
        entry = entry_for(type(obj))
        if entry is not None:
            pending = _pending.get()
            if pending is not None:
                pending[(entry.model_key, obj.pk)] = obj
            else:
                _listener.updated(obj)


def _saved(sender: type[models.Model], instance: models.Model, raw: bool = False, **kw) -> None:
    if not raw:  # fixtures: rebuild_search_index afterwards
        _update(instance)


def _deleted(sender: type[models.Model], instance: models.Model, **kw) -> None:
    pending = _pending.get()
    if pending is not None:
        pending.pop((sender._meta.label_lower, instance.pk), None)
    if _listener is not None:
        _listener.removed(instance)


def _m2m_changed(sender, instance, action: str, reverse: bool, model, pk_set, **kw) -> None:
    """A relation of a registered object changed: reindex the registered side(s)."""
    if action == "pre_clear" and reverse and entry_for(model) is not None:
        # After the clear the rows are gone: remember which objects lose the relation.
        instance._searchable_cleared = list(_related_ids(sender, instance, model))
        return
    if not action.startswith("post_") or kw.get("raw"):
        return
    _update(instance)  # the forward side (a no-op when ``instance`` is not registered)
    if entry_for(model) is not None:
        ids = pk_set if action != "post_clear" else getattr(instance, "_searchable_cleared", [])
        for obj in model._default_manager.filter(pk__in=list(ids or ())):
            _update(obj)


def _related_ids(through: type[models.Model], instance: models.Model, model) -> Iterable[int]:
    """The ids of ``model`` linked to ``instance`` through the ``through`` table."""
    source = target = None
    for f in through._meta.fields:
        if getattr(f, "related_model", None) is type(instance) and source is None:
            source = f.name
        elif getattr(f, "related_model", None) is model:
            target = f.attname
    if source is None or target is None:
        return []
    return through._default_manager.filter(**{source: instance}).values_list(target, flat=True)


def _related_changed(sender: type[models.Model], instance: models.Model, **kw) -> None:
    """A row another registered object is made of (an attachment, an answer) changed."""
    if kw.get("raw"):
        return
    for entry in entries():
        owners = entry.follow.get(sender)
        if owners is None:
            continue
        try:
            found = list(owners(instance) or ())
        except ObjectDoesNotExist:  # its owner went first, in the same deletion
            continue
        for owner in found:
            if isinstance(owner, entry.model):
                # Read afresh: the caller's copy may hold a stale prefetch of these rows; an
                # owner being deleted with its rows is gone and its deletion removes it.
                _update(entry.model._default_manager.filter(pk=owner.pk).first())
