"""GET /api/search: the same search, permissions and filters as the page, as JSON."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from hoptac.core import searchable as registry

from . import queries
from .parsing import Filters

router = Router(tags=["search"])


class HitOut(Schema):
    kind: str
    kind_label: str
    title: str
    title_html: str
    title_lang: str
    snippet_html: str
    snippet_lang: str
    url: str
    date: dt.date | None
    # No score: the ranking's statistics count every document, the ones the reader may not see
    # included, so a score would tell whether hidden documents hold a word (the order is given).


class KindCount(Schema):
    kind: str
    label: str
    count: int


class ErrorOut(Schema):
    detail: str


class SearchOut(Schema):
    query: str
    total: int
    total_is_lower_bound: bool
    limit: int
    offset: int
    counts: list[KindCount]
    notices: list[str]
    results: list[HitOut]


@router.get(
    "/search",
    response={200: SearchOut, 400: ErrorOut},
    summary="Search everything the user may read",
)
def search(
    request: HttpRequest,
    q: str = "",
    kind: str = "",
    locality: str = "",
    field: str = "",
    date_from: str = "",
    date_to: str = "",
    limit: int = 20,
    offset: int = 0,
):
    """Accent-insensitive search; ``"quoted phrases"``; filters by kind, locality id, field id
    and date (YYYY-MM-DD). Private documents appear only to those allowed to read them."""
    params = {
        "kind": kind,
        "locality": locality,
        "field": field,
        "date_from": date_from,
        "date_to": date_to,
    }
    filters, errors = Filters.from_params(params, registry.kinds())
    if errors:
        raise HttpError(400, " ".join(str(e) for e in errors))
    if not any(ch.isalnum() for ch in q[:500]):
        raise HttpError(400, _("The query has no words to search for: type letters or numbers."))
    if not 1 <= limit <= queries.MAX_LIMIT:
        message = _("limit must be between 1 and %(max)s.") % {"max": queries.MAX_LIMIT}
        raise HttpError(400, message)
    if not 0 <= offset <= queries.MAX_OFFSET:
        message = _("offset must be between 0 and %(max)s.") % {"max": queries.MAX_OFFSET}
        raise HttpError(400, message)
    results = queries.search(q, request.user, filters, limit=limit, offset=offset)
    lang = queries.page_language()
    return {
        "query": q[:500],
        "total": results.total,
        "total_is_lower_bound": results.capped,
        "limit": limit,
        "offset": offset,
        "counts": [{"kind": k, "label": str(label), "count": n} for k, label, n in results.kinds],
        "notices": [str(n) for n in results.query.notices],
        "results": [
            {
                "kind": h.document.kind,
                "kind_label": str(h.kind_label),
                "title": queries.in_language(h.document.title, h.document.title_en, lang)[0],
                "title_html": str(h.title),
                "title_lang": h.title_lang or lang,
                "snippet_html": str(h.snippet),
                "snippet_lang": h.snippet_lang or lang,
                "url": h.document.url,
                "date": h.document.date,
            }
            for h in results.hits
        ],
    }
