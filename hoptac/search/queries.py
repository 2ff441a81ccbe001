"""Reads: the search itself, as the page, the API and the suggestions see it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString

from hoptac.core.queries import scope_for

from . import highlight, registry
from .backends import get_backend
from .backends.base import Visibility
from .models import Document
from .query import Filters, Query, parse

MAX_LIMIT = 50
MAX_OFFSET = 1000
COUNT_CAP = 1000  # "more than 1,000 results": exact counts of huge sets cost too much


def visibility_for(user: Any) -> Visibility:
    """What the user may see: superusers everything, members their localities' documents."""
    if getattr(user, "is_superuser", False) and getattr(user, "is_active", False):
        return Visibility(everything=True)
    return Visibility(localities=scope_for(user).localities)


@dataclass
class Hit:
    document: Document
    score: float
    title: SafeString
    snippet: SafeString

    @property
    def kind_label(self) -> Any:
        return registry.kinds().get(self.document.kind, self.document.kind)


@dataclass
class Results:
    query: Query
    hits: list[Hit] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # per kind, kind filter ignored
    total: int = 0  # with the kind filter
    capped: bool = False  # counting stopped at COUNT_CAP: the figures are lower bounds

    @property
    def all_total(self) -> int:
        return sum(self.counts.values())

    @property
    def cap(self) -> int:
        return COUNT_CAP

    @property
    def kinds(self) -> list[tuple[str, Any, int]]:
        labels = registry.kinds()
        return [(k, labels.get(k, k), n) for k, n in sorted(self.counts.items())]


def search(
    q: str | Query, user: Any, filters: Filters | None = None, limit: int = 20, offset: int = 0
) -> Results:
    """Ranked, filtered, permission-checked results with highlighted snippets (3 queries)."""
    query = q if isinstance(q, Query) else parse(q)
    filters = filters or Filters()
    results = Results(query=query)
    if query.empty:
        return results
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, min(offset, MAX_OFFSET))
    backend = get_backend()
    vis = visibility_for(user)
    results.counts = backend.counts(query, filters, vis, COUNT_CAP)
    results.capped = sum(results.counts.values()) > COUNT_CAP
    results.total = (
        results.counts.get(filters.kind, 0) if filters.kind else sum(results.counts.values())
    )
    if results.capped and filters.kind:  # the kind may lie beyond the documents counted
        results.total = backend.counts(query, filters, vis, COUNT_CAP, with_kind=True).get(
            filters.kind, 0
        )
    if not results.total:
        return results
    ranked = backend.search(query, filters, vis, limit, offset, many=results.capped)
    docs = Document.objects.in_bulk([pk for pk, _ in ranked])
    terms = set(query.folded_terms())
    for pk, score in ranked:
        doc = docs.get(pk)
        if doc is None:
            continue
        results.hits.append(
            Hit(
                document=doc,
                score=score,
                title=highlight.mark(doc.title, terms),
                snippet=highlight.snippet(doc.body, terms),
            )
        )
    return results


def ranked_ids(q: str | Query, user: Any, limit: int = 10) -> list[int]:
    """Only the ranked document ids (for the benchmark's latency and quality figures)."""
    query = q if isinstance(q, Query) else parse(q)
    if query.empty:
        return []
    backend, vis = get_backend(), visibility_for(user)
    many = sum(backend.counts(query, Filters(), vis, COUNT_CAP).values()) > COUNT_CAP
    return [pk for pk, _ in backend.search(query, Filters(), vis, limit, 0, many=many)]


@dataclass
class Suggestion:
    document: Document
    title: SafeString


def suggest(q: str, user: Any, limit: int = 8) -> list[Suggestion]:
    """Titles that start with what was typed (last word as a prefix), only visible ones."""
    query = parse(q)
    if query.empty:
        return []
    ids = get_backend().suggest(query, visibility_for(user), max(1, min(limit, 20)))
    docs = Document.objects.in_bulk(ids)
    terms = {w.folded for w in query.words[:-1]}
    last = query.words[-1].folded
    return [
        Suggestion(docs[pk], highlight.mark(docs[pk].title, terms, prefix=last))
        for pk in ids
        if pk in docs
    ]
