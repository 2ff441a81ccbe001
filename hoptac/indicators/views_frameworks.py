"""Pages of the frameworks of published indexes: the list, and one framework side by side."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from hoptac.core.models import Locality

from . import frameworks
from .views import _url, bilingual


@bilingual
def framework_list(request: HttpRequest) -> HttpResponse:
    lang = request.LANGUAGE_CODE
    return render(
        request,
        "indicators/frameworks.html",
        {
            "frameworks": [
                {
                    "fw": fw,
                    "name": fw.name(lang),
                    "url": _url(request, "framework_list") + f"{fw.key}/",
                    "years": [e.year for e in fw.editions],
                }
                for fw in frameworks.catalogue()
            ],
            "lang": lang,
        },
    )


@bilingual
def framework_detail(request: HttpRequest, key: str) -> HttpResponse:
    fw = frameworks.framework(key)
    if fw is None:
        raise Http404
    lang = request.LANGUAGE_CODE
    codes = sorted({code for e in fw.editions for code in e.values})
    names = {loc.code: loc.name for loc in Locality.objects.filter(code__in=codes)}
    return render(
        request,
        "indicators/framework_detail.html",
        {
            "fw": fw,
            "name": fw.name(lang),
            "cities": [names.get(code, code) for code in codes],
            "tables": frameworks.side_by_side(fw, codes, lang),
            "components": [c for c in fw.components],
            "list_url": _url(request, "framework_list"),
            "lang": lang,
        },
    )
