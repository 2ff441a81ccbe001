"""The search page and the suggestions typed into any search box."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hoptac.core import searchable as registry
from hoptac.core.models import CooperationField, Locality

from . import queries
from .parsing import Filters

PER_PAGE = 20


class _Counted(list):
    """A page's hits that know how many results there are in all (for the paginator)."""

    def __init__(self, hits, total: int, offset: int):
        super().__init__(hits)
        self.total, self.offset = total, offset

    def count(self, *args) -> int:  # the paginator asks for count()
        return self.total if not args else super().count(*args)

    def __getitem__(self, key):
        if isinstance(key, slice):
            return list(self)
        return super().__getitem__(key - self.offset)


def page(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    filters, errors = Filters.from_params(request.GET, registry.kinds())
    try:
        number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        number = 1
    offset = min((number - 1) * PER_PAGE, queries.MAX_OFFSET)
    results = queries.search(q, request.user, filters, limit=PER_PAGE, offset=offset)
    shown = min(results.total, queries.MAX_OFFSET + PER_PAGE)
    if offset and offset >= shown > 0:  # a page past the last: the last one
        offset = (shown - 1) // PER_PAGE * PER_PAGE
        results = queries.search(q, request.user, filters, limit=PER_PAGE, offset=offset)
    page_obj: Page | None = None
    if results.total:
        paginator = Paginator(_Counted(results.hits, shown, offset), PER_PAGE)
        page_obj = paginator.get_page(offset // PER_PAGE + 1)
    context = {
        "q": q,
        "results": results,
        "page": page_obj,
        "errors": errors,
        "filters": filters,
        "kinds": sorted(registry.kinds().items(), key=lambda kv: str(kv[1])),
        "localities": Locality.objects.valid_on(),
        "fields": CooperationField.objects.all(),
        "nav_current": "search",
    }
    template = "search/results.html" if request.headers.get("HX-Request") else "search/page.html"
    return render(request, template, context)


def suggestions(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    items = queries.suggest(q, request.user)
    return render(request, "search/suggestions.html", {"items": items, "q": q})
