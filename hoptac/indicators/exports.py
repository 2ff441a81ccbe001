"""The comparison as an XLSX workbook (real numbers, text never read as a formula)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hoptac.core import exports

from .queries import Comparison


def comparison_xlsx(comparison: Comparison) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Public services"))
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
