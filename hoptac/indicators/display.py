"""The 766 page's repeated pieces written in Python, not in template loops: each score cell,
the trend's rows and the month choices. The page renders them once per component or month
(40 to 80 times); as template includes and filters they were most of its CPU (decimals as
the rest of the page writes them: points to two places, thousands grouped)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from urllib.parse import urlencode

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from hoptac.core.numbers import group, number

from . import gaps
from .models import Score


def score_cell(s: Score | None, city_code: str, detail_url: str, version: str = "") -> SafeString:
    """A city's score in the table: the rate (a link to the numbers it came from, in index
    ``version`` when it is not the default), the numbers, the points of the maximum; or why
    there is none."""
    if s is None:
        return format_html('<span class="muted">{}</span>', _("no figures"))
    if not s.denominator:
        if s.points is None:
            return format_html('<span class="muted">{}</span>', _("nothing to rate"))
        return format_html('<span class="muted">{}</span><br>{}', _("nothing to rate"), _points(s))
    query = urlencode(
        {"city": city_code, "month": f"{s.month:%Y-%m}", "component": s.component}
        | ({"version": version} if version else {})
    )
    return format_html(
        '<a href="{}?{}" title="{}">{}</a><br><span class="muted">{} / {}</span><br>{}',
        detail_url,
        query,
        _("The numbers it came from"),
        s.percent,
        group(s.numerator),
        group(s.denominator),
        _points(s),
    )


def _points(s: Score) -> str:
    if s.max_points is None:
        return _("no points in this version")
    return _("%(p)s of %(m)s pts") % {"p": number(s.points, 2), "m": number(s.max_points, 2)}


def trend_rows(trend: list[dict], a_name: str, b_name: str) -> list[tuple[str, str, str, str]]:
    """Each month of the trend as the table writes it: month, both totals, the gap in words."""
    return [
        (
            f"{t['month']:%m/%Y}",
            number(t["a"], 2) or "—",
            number(t["b"], 2) or "—",
            gaps.in_words(a_name, b_name, t["gap"], short=True),
        )
        for t in trend
    ]


def month_options(months: list[dt.date], chosen: dt.date | None) -> SafeString:
    """The month choices (newest first), the one shown selected."""
    return mark_safe(  # noqa: S308 (every part is a formatted date)
        "".join(
            f'<option value="{m:%Y-%m}"{" selected" if m == chosen else ""}>{m:%m/%Y}</option>'
            for m in months
        )
    )


def agency_rows(
    scores: list[Score], not_reported: Iterable[str] = ()
) -> list[tuple[str, str, str, str, str]]:
    """Each agency's score for a component's detail (hundreds of rows at a big city): agency,
    numerator, denominator, rate, points; then the agencies whose figures for it were not
    reported ("no figures" in place of the numbers, not 0)."""
    none = _("no figures")
    missing = [(a, none, "—", "—", "—") for a in not_reported if a]
    return [
        (
            s.agency,
            group(s.numerator),
            group(s.denominator),
            s.percent,
            number(s.points, 2) or "—",
        )
        for s in scores
    ] + missing


def gap_moved(before, after, places: int = 1) -> str:
    """How a gap between two cities moved from one month to the next, in words (no sign to
    read): "narrower by 0,4", "wider by 1,2", "unchanged", or "the other city leads now"; "—"
    without both gaps."""
    if before is None or after is None:
        return "—"
    if before * after < 0:
        return _("the lead changed")
    change = abs(after) - abs(before)
    step = Decimal(1).scaleb(-places)
    if abs(change) < step / 2:
        return pgettext("a gap", "unchanged")
    text = number(abs(change), places)
    if change < 0:
        return _("narrower by %(amount)s") % {"amount": text}
    return _("wider by %(amount)s") % {"amount": text}


def rate_gap_in_words(a, b, gap) -> str:
    """The gap between two cities' rates in percentage points, as a sentence ("Đà Nẵng is 3,2
    percentage points higher than Hà Nội"); "—" without one."""
    if gap is None:
        return "—"
    if not gap:
        return _("%(a)s and %(b)s are level") % {"a": a, "b": b}
    message = (
        _("%(a)s is %(amount)s percentage points higher than %(b)s")
        if gap > 0
        else _("%(a)s is %(amount)s percentage points lower than %(b)s")
    )
    return message % {"a": a, "b": b, "amount": number(abs(gap), 1)}


def component_rows(trend, detail_url: str, version: str = "") -> list[tuple]:
    """Each month of a component's trend as its table writes it: the month, each city's name
    and cell (``score_cell``: the rate linked to its numbers, or "no figures"), the gap between the
    first two cities in words and how it moved since the month before with one."""
    a, b = trend.a.name, trend.b.name
    rows, before = [], None
    for entry in trend.months:
        moved = "—"
        if entry.gap is not None:
            moved = gap_moved(before, entry.gap)
            before = entry.gap
        rows.append(
            (
                f"{entry.month:%m/%Y}",
                [
                    (city.name, score_cell(s, city.code, detail_url, version))
                    for s, city in zip(entry.scores, trend.cities, strict=True)
                ],
                gaps.in_words(a, b, entry.gap, 1, points=False, short=True),
                moved,
            )
        )
    return rows
