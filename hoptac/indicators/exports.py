"""The comparison as an XLSX workbook (real numbers, text never read as a formula)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from hoptac.core import exports

from . import frameworks
from .queries import Comparison


def comparison_xlsx(comparison: Comparison) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Public services"))
    if comparison.is_demo:
        sheet.append(exports.safe_row([_("Demo data, not the cities' real figures.")]))
    a, b = comparison.a.name, comparison.b.name
    online, days, fees = (
        _("Online service"),
        _("Processing time (working days)"),
        _("Fees and charges"),
    )
    sheet.append(
        exports.safe_row(
            [
                _("Procedure code"),
                _("Procedure"),
                _("Field"),
                *(f"{label} — {city}" for label in (online,) for city in (a, b)),
                *(f"{label} — {city}" for label in (days,) for city in (a, b)),
                *(f"{label} — {city}" for label in (fees,) for city in (a, b)),
            ]
        )
    )
    for pair in comparison.pairs:
        sheet.append(
            exports.safe_row(
                [
                    pair.code,
                    pair.name,
                    pair.field_name,
                    pair.a.get_online_level_display() if pair.a else _("not offered"),
                    pair.b.get_online_level_display() if pair.b else _("not offered"),
                    float(pair.a.processing_days)
                    if pair.a and pair.a.processing_days is not None
                    else None,
                    float(pair.b.processing_days)
                    if pair.b and pair.b.processing_days is not None
                    else None,
                    pair.a.fee if pair.a else None,
                    pair.b.fee if pair.b else None,
                ]
            )
        )
    return exports.xlsx_bytes(workbook)


def index_xlsx(comparison, trend: list[dict], lang: str) -> bytes:
    """The 766 index of two cities for a month (every component with the numbers it came from)
    and the monthly totals, as a workbook; the index version on every sheet."""
    from openpyxl import Workbook

    def number(value):
        return None if value is None else float(value)

    a, b = comparison.a.name, comparison.b.name
    version = comparison.version
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Index 766"))
    month = f"{comparison.month:%m/%Y}" if comparison.month else "—"
    sheet.append(exports.safe_row([f"{version.decision} — {_('version')} {version.key}", month]))
    if comparison.is_demo:
        sheet.append(exports.safe_row([_("Demo data, not the cities' real figures.")]))
    sheet.append(
        exports.safe_row(
            [
                _("Group"),
                _("Component"),
                _("Source status"),
                *(
                    f"{label} — {city}"
                    for city in (a, b)
                    for label in (_("Numerator"), _("Denominator"), _("Points"))
                ),
                _("Maximum points"),
                _("Gap (points)"),
            ]
        )
    )
    for group in comparison.groups:
        for row in group.components:
            cells = []
            for score in (row.a, row.b):
                cells += (
                    [score.numerator, score.denominator, number(score.points)]
                    if score
                    else [None, None, None]
                )
            sheet.append(
                exports.safe_row(
                    [
                        group.group.name(lang),
                        row.component.name(lang),
                        _("read") if row.component.sourced else _("unverified"),
                        *cells,
                        number(row.component.share),
                        number(row.gap),
                    ]
                )
            )
    months = workbook.create_sheet(_("Trend"))
    months.append(exports.safe_row([_("Month"), a, b, _("Gap (points)")]))
    for entry in trend:
        months.append(
            exports.safe_row(
                [
                    f"{entry['month']:%m/%Y}",
                    number(entry["a"]),
                    number(entry["b"]),
                    number(entry["gap"]),
                ]
            )
        )
    return exports.xlsx_bytes(workbook)


def component_xlsx(trend, lang: str) -> bytes:
    """A component of the 766 index month by month (``component_trend.ComponentTrend``): per
    city the numerator, the denominator, the rate (per cent) and the points; the gap between
    the first two cities' rates; a month without a city's figures left blank and said so in
    the last column (never 0). The index version on the first row."""
    from openpyxl import Workbook

    from .component_trend import rate_percent

    def number(value):
        return None if value is None else float(value)

    version, component = trend.version, trend.component
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Component"))
    sheet.append(exports.safe_row([f"{version.decision} — {_('version')} {version.key}"]))
    sheet.append(exports.safe_row([component.name(lang), component.formula(lang)]))
    if trend.is_demo:
        sheet.append(exports.safe_row([_("Demo data, not the cities' real figures.")]))
    labels = (_("Numerator"), _("Denominator"), _("Rate (%)"), _("Points"))
    sheet.append(
        exports.safe_row(
            [
                _("Month"),
                *(f"{label} — {city.name}" for city in trend.cities for label in labels),
                _("Gap (percentage points)") + f" — {trend.a.name} − {trend.b.name}",
                _("No figures"),
            ]
        )
    )
    for entry in trend.months:
        cells, missing = [], []
        for score, city in zip(entry.scores, trend.cities, strict=True):
            if score is None:
                cells += [None] * len(labels)
                missing.append(city.name)
            else:
                cells += [
                    score.numerator,
                    score.denominator,
                    number(rate_percent(score)),
                    number(score.points),
                ]
        sheet.append(
            exports.safe_row(
                [f"{entry.month:%m/%Y}", *cells, number(entry.gap), ", ".join(missing) or None]
            )
        )
    return exports.xlsx_bytes(workbook)


def framework_xlsx(fw, tables: list[dict], cities: list[str], lang: str) -> bytes:
    """A published-index framework's side-by-side tables (the page's own rows, every edition)
    as one sheet: values as numbers, the rank of the total, the gap, and each edition's source;
    the head says these are published values (none of them demo data)."""
    from openpyxl import Workbook

    def number(value):
        return None if value is None else float(value)

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(fw.key.upper())
    sheet.append(exports.safe_row([fw.name(lang), fw.publisher_in(lang)]))
    sheet.append(
        exports.safe_row(
            [_("Published values, as read in the source named on each row; not demo data.")]
        )
    )
    if fw.scale:
        sheet.append(
            exports.safe_row([pgettext("of scores", "Scale"), frameworks.said(fw, "scale", lang)])
        )
    two = len(cities) == 2
    rank, note = _("Rank"), _("Note")  # outside the f-strings, where makemessages finds them
    # a tree's component says what it is part of (the rows follow the tree's order)
    part_of = {c.key: c.name(lang) for c in fw.components} if fw.is_tree else None
    sheet.append(
        exports.safe_row(
            [
                _("Year"),
                _("Component"),
                *([_("Part of")] if part_of is not None else []),
                *cities,
                *(f"{rank} — {city}" for city in cities),
                *([_("Gap")] if two else []),
                _("Source"),
            ]
        )
    )
    for table in tables:
        edition = table["edition"]
        for row in table["rows"]:
            ranks = row.ranks or [None] * len(cities)
            sheet.append(
                exports.safe_row(
                    [
                        edition.year,
                        _("Total") if row.label == "total" else row.label,
                        *([part_of.get(row.parent)] if part_of is not None else []),
                        *(number(v) for v in row.values),
                        *(f"{r}/{edition.of or '?'}" if r else None for r in ranks),
                        *([number(row.gap)] if two else []),
                        edition.source,
                    ]
                )
            )
        for city, value in zip(cities, table["cities"], strict=True):
            if value is not None and (value.note or value.source != edition.source):
                sheet.append(
                    exports.safe_row(
                        [
                            edition.year,
                            f"{note} — {city}",
                            frameworks.said(value, "note", lang),
                            value.source,
                        ]
                    )
                )
    return exports.xlsx_bytes(workbook)
