"""A component of the 766 index over time: both cities (and the other localities in
partnership with either) month by month, a chart and the table that reads without it, the gap
and its trend, an XLSX export."""

from __future__ import annotations

import datetime as dt
import re

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from . import component_trend, display, exports, gaps, index766, keys, queries
from .views import _index_pair, _url, bilingual, xlsx_response

MONTH_RE = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])")


def parse_month(value: str) -> dt.date | None:
    """A month written yyyy-mm (None when it is not one)."""
    found = MONTH_RE.fullmatch(value or "")
    return dt.date(int(found[1]), int(found[2]), 1) if found else None


def component_url(lang: str, key: str) -> str:
    """The address of a component's page in the page's language."""
    name = "indicators:index766_component" + ("_en" if lang == "en" else "")
    return reverse(name, args=[key])


@bilingual
def index766_component(request: HttpRequest, key: str) -> HttpResponse:
    spec = index766.version(index766.chosen(request.GET.get("version")))
    component = spec.component(key)
    if component is None or not component.computed:
        raise Http404
    lang = request.LANGUAGE_CODE
    linked = "" if spec.key == index766.DEFAULT else spec.key
    localities = list(queries.index_localities(spec.key).order_by("code"))
    pair = _index_pair(request, localities)
    context = {
        "spec": spec,
        "component": component,
        "versions": [index766.version(k) for k in index766.VERSIONS],
        "linked_version": linked,
        "index_url": _url(request, "index766"),
        "notice": spec.notice_in(lang),
        "lang": lang,
        "localities": localities,
        "trend": None,
    }
    if pair is None:
        return render(request, "indicators/index766_component.html", context)
    a, b = pair
    cities = [a, b, *component_trend.partner_localities(a, b, spec.key)]
    audiences = {city.pk: queries.audience(request.user, city) for city in cities}
    since = parse_month(request.GET.get("since", ""))
    until = parse_month(request.GET.get("until", ""))
    if since and until and since > until:
        since, until = until, since
    trend = component_trend.component_trend(
        cities, audiences, component, spec.key, since=since, until=until
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            exports.component_xlsx(trend, lang),
            f"chi-so-766-{component.key}-{a.code}-{b.code}.xlsx".replace("_", "-"),
        )
    newest = trend.newest_gap
    ahead = None if newest is None or not newest.gap else (a if newest.gap > 0 else b)
    found = {}
    if ahead is not None:
        found = queries.tagged_items(request.user, {ahead: [keys.component_key(component.key)]})
    ask_url = None
    if ahead is not None:
        behind = b if ahead == a else a
        if behind.pk in gaps.askers(request.user):
            first, second = newest.scores[0], newest.scores[1]
            ahead_s, behind_s = (first, second) if ahead == a else (second, first)
            ask_url = gaps.ask_url(
                lang,
                component,
                newest.month,
                spec.key,
                (ahead, ahead_s),
                (behind, behind_s),
                gaps.addressing(request.user, ahead),
                by_rate=True,
            )
    months = [m.month for m in trend.months]

    def num(value):
        return None if value is None else float(value)

    context.update(
        {
            "trend": trend,
            "a": a,
            "b": b,
            "rows": display.component_rows(trend, _url(request, "index766_detail"), linked),
            "newest_said": display.rate_gap_in_words(a.name, b.name, newest and newest.gap),
            "first_said": display.rate_gap_in_words(
                a.name, b.name, trend.first_gap and trend.first_gap.gap
            ),
            "gap_change": None if trend.gap_change is None else abs(trend.gap_change),
            "since": since,
            "until": until,
            "month_choices": [(f"{m:%Y-%m}", f"{m:%m/%Y}") for m in trend.available],
            "ahead": ahead,
            "ask_url": ask_url,
            "practices": found.get((ahead.pk, keys.component_key(component.key)), [])
            if ahead
            else [],
            "chart": {
                "months": [f"{m:%m/%Y}" for m in months],
                "cities": [city.name for city in cities],
                "rates": [[num(r.rates[i]) for r in trend.months] for i in range(len(cities))],
                # the gap drawn as the lead of whichever city is ahead, in its colour (no
                # bar below zero to read)
                "leads": [
                    {
                        "label": _("%(city)s ahead") % {"city": city.name},
                        "values": [
                            num(abs(r.gap)) if r.gap is not None and r.gap * sign > 0 else None
                            for r in trend.months
                        ],
                    }
                    for city, sign in ((a, 1), (b, -1))
                ],
            },
            "xlsx_query": _query(a, b, linked, since, until) + "&format=xlsx",
        }
    )
    return render(request, "indicators/index766_component.html", context)


def _query(a, b, version: str, since: dt.date | None, until: dt.date | None) -> str:
    from urllib.parse import urlencode

    params = {"a": a.code, "b": b.code}
    if version:
        params["version"] = version
    if since:
        params["since"] = f"{since:%Y-%m}"
    if until:
        params["until"] = f"{until:%Y-%m}"
    return "?" + urlencode(params)
