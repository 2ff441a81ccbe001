"""Reads: the search itself, as the page, the API and the suggestions see it."""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import Any

from django.db import connections
from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from hoptac.core import searchable as registry
from hoptac.core.queries import scope_for

from . import highlight, matching, postings
from .backends import get_backend
from .models import Document, PostingState
from .parsing import Filters, Query, parse
from .visibility import Visibility

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
    title_lang: str = ""  # the language of the title shown, when not the page's
    snippet_lang: str = ""

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
    loose: bool = False  # not every word matched: the results hold some of them

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


def _choose(
    query: Query, filters: Filters, vis: Visibility, backend: Any
) -> tuple[matching.Plan, dict[str, int], int]:
    """The plan that matches and ranks (any content word, ``matching``), with its counts per
    kind and its total under the kind filter."""
    words, pairs = matching.words_needed(query), matching.pairs_needed(query)
    # (the lists' engine reads the accented forms' lists in the same statement)
    stats = backend.stats(words, pairs, also=matching.accents_needed(query))
    full = matching.plan(query, stats)
    plan = matching.any_word(full)
    counts = backend.count(plan, filters, vis, COUNT_CAP)
    total = counts.get(filters.kind, 0) if filters.kind else sum(counts.values())
    if filters.kind and sum(counts.values()) > COUNT_CAP:  # the kind may lie beyond
        total = backend.count(plan, filters, vis, COUNT_CAP, with_kind=True).get(filters.kind, 0)
    return plan, counts, total


def _holds_every_word(
    plan: matching.Plan, query: Query, filters: Filters, vis: Visibility, backend: Any
) -> bool:
    """Whether any document the user may see holds every content word typed, a typed
    abbreviation counting as held where the document spells it out: "ubnd tp hải phòng" is not
    a looser match for "Ủy ban nhân dân thành phố Hải Phòng" (the words as typed are asked first,
    then with every abbreviation spelled out)."""
    typed = plan.typed_terms
    if plan.need >= len(typed):
        return True
    for terms in _every_word_readings(typed, query):
        every = matching.Plan(terms, plan.phrases, len(terms), stats=plan.stats)
        if backend.count(every, filters, vis, 0, with_kind=bool(filters.kind)):
            return True
    return False


def _every_word_readings(typed: list[str], query: Query) -> list[list[str]]:
    """The typed content words as typed, then (when the query holds abbreviations) with each
    abbreviation replaced by the words it stands for."""
    if not query.expansions:
        return [typed]
    out: list[str] = []
    for term in typed:
        expansion = query.expansions.get(term)
        out.extend([w.folded for w in expansion] if expansion else [term])
    return [typed, list(dict.fromkeys(out))]


STALE_TRIES = 3  # a search started again at most this many times when the lists changed under it


def search(
    q: str | Query, user: Any, filters: Filters | None = None, limit: int = 20, offset: int = 0
) -> Results:
    """Ranked, filtered, permission-checked results with highlighted snippets; the notices say
    when no result holds every word. With the posting lists, the search first runs on the
    snapshot this process read last without asking whether it is current (one statement fewer)
    and checks it with its last statement (``postings.Engine.confirm``); it starts again on a
    fresh one when it was not current (``postings.Stale``)."""
    query = q if isinstance(q, Query) else parse(q)
    filters = filters or Filters()
    if query.empty:
        return Results(query=query)
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, min(offset, MAX_OFFSET))
    vis = visibility_for(user)
    for attempt in range(STALE_TRIES):
        engine = postings.engine(get_backend(), check=attempt > 0)
        try:
            results = _search(query, filters, vis, limit, offset, engine)
            break
        except postings.Stale:
            if attempt == STALE_TRIES - 1:
                raise
    if results.loose:
        query.notices.append(
            _(
                "No result holds every word you typed: these hold some of them, the best "
                "matches first."
            )
        )
    return results


def _search(
    query: Query, filters: Filters, vis: Visibility, limit: int, offset: int, engine: Any
) -> Results:
    """``search`` on one engine (the lists' on one snapshot, or the backend's SQL)."""
    results = Results(query=query)
    plan, results.counts, results.total = _choose(query, filters, vis, engine)
    results.capped = sum(results.counts.values()) > COUNT_CAP
    results.loose = results.total > 0 and not _holds_every_word(plan, query, filters, vis, engine)
    ranked = engine.rank(plan, filters, vis, limit, offset) if results.total else []
    ids = [pk for pk, _score in ranked]
    if not engine.checked:
        # the state with the documents where the lists are read (not from a replica's)
        if ids and Document.objects.db == postings.connection.alias:
            docs, state = _documents(ids, with_state=True)
        else:
            docs, state = documents(ids), None
        engine.confirm(state)  # (asked when not read with the documents)
    else:
        docs = documents(ids)
    terms = highlight.Terms.of(query)
    page = page_language()
    for pk, score in ranked:
        doc = docs.get(pk)
        if doc is None:
            continue
        title, title_lang = in_language(doc.title, doc.title_en, page)
        body, body_lang = in_language(doc.body, doc.body_en, page)
        results.hits.append(
            Hit(
                document=doc,
                score=score,
                title=highlight.mark(title, terms),
                snippet=highlight.snippet(body, terms),
                title_lang=title_lang if title_lang != page else "",
                snippet_lang=body_lang if body_lang != page else "",
            )
        )
    return results


def documents(ids: list[int]) -> dict[int, Document]:
    """The documents of ``ids`` by id, every field loaded (``in_bulk``'s answer) by one raw
    statement: compiling ``in_bulk``'s query was about a third of fetching a page's ten."""
    return _documents(ids)[0] if ids else {}


def _documents(
    ids: list[int], with_state: bool = False
) -> tuple[dict[int, Document], tuple[int, int] | None]:
    """``documents`` (``ids`` not empty); ``with_state``: with the posting lists' (build,
    generation) read by the same statement (None when there are none). The rows made into
    documents here, by the fields' converters: a ``raw()`` query set's machinery per row was
    about half of the statement's time in the process."""
    db = Document.objects.db  # (where reads go: a replica's vendor is the primary's)
    conn = connections[db]
    meta, quote = Document._meta, conn.ops.quote_name
    fields = meta.concrete_fields
    columns = ", ".join(f"d.{quote(f.column)}" for f in fields)
    marks = ", ".join(["%s"] * len(ids))
    found = f"d.{quote(meta.pk.column)} IN ({marks})"
    if with_state:
        sql = (
            f"SELECT s.built, s.generation, {columns} "  # noqa: S608
            f"FROM {quote(PostingState._meta.db_table)} s "
            f"LEFT JOIN {quote(meta.db_table)} d ON {found} WHERE s.id = 1"
        )
    else:
        sql = f"SELECT {columns} FROM {quote(meta.db_table)} d WHERE {found}"  # noqa: S608
    with conn.cursor() as cur:
        cur.execute(sql, list(ids))
        rows = cur.fetchall()
    state = None
    skip = 2 if with_state else 0
    if with_state and rows:
        state = (rows[0][0], rows[0][1])
    convert = _converters(conn)
    names = [f.attname for f in fields]
    out = {}
    for row in rows:
        if row[skip] is None:  # (the state alone: none of the documents is there)
            continue
        values = list(row[skip:])
        for i, col, steps in convert:
            value = values[i]
            for step in steps:
                value = step(value, col, conn)
            values[i] = value
        doc = Document.from_db(db, names, values)
        out[doc.pk] = doc
    return out, state


_converters_of: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _converters(conn: Any) -> list[tuple[int, Any, list]]:
    """The document's fields' converters on ``conn`` (the backend's, then the field's, as a
    query set applies them), for the fields that have any: once per connection."""
    found = _converters_of.get(conn)
    if found is None:
        found = []
        for i, f in enumerate(Document._meta.concrete_fields):
            col = f.get_col(Document._meta.db_table)
            steps = conn.ops.get_db_converters(col) + col.get_db_converters(conn)
            if steps:
                found.append((i, col, steps))
        _converters_of[conn] = found
    return found


def page_language() -> str:
    """``en`` on English pages, else ``vi``."""
    return "en" if (translation.get_language() or "").startswith("en") else "vi"


def in_language(vi: str, en: str, language: str) -> tuple[str, str]:
    """The text of ``language``, the other one only when it is empty; with its language."""
    if language == "en":
        return (en, "en") if en.strip() else (vi, "vi")
    return (vi, "vi") if vi.strip() else (en, "en")


def ranked_ids(q: str | Query, user: Any, limit: int = 10) -> list[int]:
    """Only the ranked document ids (for the benchmark's latency and quality figures)."""
    query = q if isinstance(q, Query) else parse(q)
    if query.empty:
        return []
    vis = visibility_for(user)
    engine = postings.engine(get_backend())
    plan, _counts, total = _choose(query, Filters(), vis, engine)
    if not total:
        return []
    return [pk for pk, _score in engine.rank(plan, Filters(), vis, limit, 0)]


@dataclass
class Suggestion:
    document: Document
    title: SafeString
    lang: str = ""  # the language of the title, when not the page's


def suggest(q: str, user: Any, limit: int = 8) -> list[Suggestion]:
    """Titles that start with what was typed (last word as a prefix), only visible ones."""
    query = parse(q)
    if query.empty:
        return []
    ids = get_backend().suggest(query, visibility_for(user), max(1, min(limit, 20)))
    docs = documents(ids)
    terms = highlight.Terms.typed(query.words[:-1])
    last = query.words[-1].folded
    page = page_language()
    out = []
    for pk in ids:
        if pk in docs:
            title, lang = in_language(docs[pk].title, docs[pk].title_en, page)
            mark = highlight.mark(title, terms, prefix=last)
            out.append(Suggestion(docs[pk], mark, lang if lang != page else ""))
    return out
