"""Keeping the index in step with the registered models: one document per object."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import models, transaction

from hoptac.core.searchable import Entry, entries, entry_of, page_entries

from . import postings
from .analysis import IndexedText, analyse, document_text
from .backends import get_backend
from .models import Document, DocumentField, DocumentLocality, DocumentReader

MAX_BODY_CHARS = 50_000  # the rest of a very long text is neither indexed nor shown
MAX_TITLE_CHARS = 1_000

__all__ = [
    "IndexedText",
    "Prepared",
    "analyse",
    "document_text",
    "prepare",
    "rebuild",
    "refresh_localities",
    "refresh_pages",
    "update_objects",
    "write",
]


@dataclass
class Prepared:
    document: Document
    localities: list[int]
    fields: list[int]
    readers: list[int]
    indexed: IndexedText


def _ids(values: Iterable[int | None] | None) -> list[int]:
    return sorted({int(v) for v in values or () if v is not None})


def prepare(entry: Entry, obj: models.Model) -> Prepared:
    """Read one object through its registration (the callables may query)."""
    title = (entry.title(obj) or "")[:MAX_TITLE_CHARS]
    body = (entry.body(obj) or "")[:MAX_BODY_CHARS]
    title_en = (entry.title_en(obj) or "")[:MAX_TITLE_CHARS]
    body_en = (entry.body_en(obj) or "")[:MAX_BODY_CHARS]
    indexed = document_text(title, body, title_en, body_en)
    doc = Document(
        model=entry.model_key,
        object_id=str(obj.pk),
        kind=entry.kind,
        title=title,
        body=body,
        title_en=title_en,
        body_en=body_en,
        url=entry.url(obj) or "",
        date=entry.date(obj),
        public=bool(entry.public(obj)),
        length=indexed.length,
        title_length=len(indexed.title_folded),
    )
    return Prepared(
        doc, _ids(entry.localities(obj)), _ids(entry.fields(obj)), _ids(entry.readers(obj)), indexed
    )


def write(prepared: list[Prepared], replace: bool = True) -> None:
    """Store documents (replacing the same objects' earlier rows) and their full-text part."""
    if not prepared:
        return
    backend = get_backend()
    with transaction.atomic():
        if replace:
            keys: dict[str, list[str]] = {}
            for p in prepared:
                keys.setdefault(p.document.model, []).append(p.document.object_id)
            for model_key, object_ids in keys.items():
                _delete(Document.objects.filter(model=model_key, object_id__in=object_ids))
        docs = Document.objects.bulk_create([p.document for p in prepared])
        DocumentLocality.objects.bulk_create(
            DocumentLocality(document=d, locality_id=i)
            for d, p in zip(docs, prepared, strict=True)
            for i in p.localities
        )
        DocumentField.objects.bulk_create(
            DocumentField(document=d, field_id=i)
            for d, p in zip(docs, prepared, strict=True)
            for i in p.fields
        )
        DocumentReader.objects.bulk_create(
            DocumentReader(document=d, locality_id=i)
            for d, p in zip(docs, prepared, strict=True)
            for i in p.readers
        )
        written = [(d, p.indexed) for d, p in zip(docs, prepared, strict=True)]
        backend.write(written)
        if replace:
            postings.added(written)
        else:  # a bulk load: the lists are packed again by the backend's optimize()
            postings.stale()


def _delete(qs: models.QuerySet[Document]) -> None:
    ids = list(qs.values_list("pk", flat=True))
    if ids:
        postings.removed(ids)
        get_backend().delete(ids)
        Document.objects.filter(pk__in=ids).delete()


def update_object(obj: models.Model) -> None:
    """Index (or re-index) one object of a registered model; drop it when its registration
    keeps it out (``include``)."""
    update_objects([obj])


def update_objects(objs: Iterable[models.Model], batch_size: int = 500) -> None:
    """Index (or re-index) objects of registered models, a few hundred per write; those their
    registration keeps out (``include``) are dropped from the index."""
    kept: list[Prepared] = []
    dropped: dict[str, list[str]] = {}
    for obj in objs:
        entry = entry_of(obj)
        if entry is None:
            continue
        if entry.include(obj):
            kept.append(prepare(entry, obj))
        else:
            dropped.setdefault(entry.model_key, []).append(str(obj.pk))
        if len(kept) >= batch_size:
            write(kept)
            kept = []
    write(kept)
    for model_key, object_ids in dropped.items():
        _delete(Document.objects.filter(model=model_key, object_id__in=object_ids))


def refresh_localities(locality_ids: Iterable[int]) -> int:
    """Index again the documents of these localities that are not public: who may read them
    (``readers``) may follow from the localities' partnerships, which changed. Returns how many
    objects were read again."""
    from hoptac.core.searchable import entries as registered

    owned = DocumentLocality.objects.filter(locality_id__in=list(locality_ids))
    found = Document.objects.filter(public=False, pk__in=owned.values("document_id")).values_list(
        "model", "object_id"
    )
    wanted: dict[str, set[str]] = {}
    for model_key, object_id in found:
        wanted.setdefault(model_key, set()).add(object_id)
    objs: list[models.Model] = []
    for entry in registered():
        ids = wanted.get(entry.model_key)
        if not ids or entry.model is None:
            continue
        objs += list(entry.queryset().filter(pk__in=list(ids)))
    update_objects(objs)
    return len(objs)


def remove_object(obj: models.Model) -> None:
    """Drop one object from the index."""
    entry = entry_of(obj)
    if entry is None:
        return
    _delete(Document.objects.filter(model=entry.model_key, object_id=str(obj.pk)))


def _batches(entry: Entry, size: int) -> Iterator[list[models.Model]]:
    batch: list[models.Model] = []
    found = entry.queryset()
    rows = found.iterator(chunk_size=size) if isinstance(found, models.QuerySet) else found
    for obj in rows:
        batch.append(obj)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def rebuild(kinds: Iterable[str] | None = None, batch_size: int = 500) -> dict[str, int]:
    """Empty the index (or the given kinds) and re-read every registered queryset."""
    wanted = set(kinds) if kinds else None
    counts: dict[str, int] = {}
    with transaction.atomic():
        if wanted is None:
            get_backend().clear()
            Document.objects.all().delete()
        for entry in entries():
            if wanted is not None and entry.kind not in wanted:
                continue
            if wanted is not None:
                _delete(Document.objects.filter(model=entry.model_key))
            counts[entry.kind] = 0
            for batch in _batches(entry, batch_size):
                kept = [obj for obj in batch if entry.include(obj)]
                write([prepare(entry, obj) for obj in kept], replace=False)
                counts[entry.kind] += len(kept)
    get_backend().optimize()
    return counts


def refresh_pages() -> dict[str, int]:
    """Index again the pages apps make from their data files (``register_pages``): after every
    migrate, since they change only with the code. A page no longer in its files is dropped."""
    counts: dict[str, int] = {}
    with transaction.atomic():
        for entry in page_entries():
            _delete(Document.objects.filter(model=entry.model_key))
            pages = list(entry.queryset())
            write([prepare(entry, p) for p in pages])
            counts[entry.kind] = counts.get(entry.kind, 0) + len(pages)
    return counts
