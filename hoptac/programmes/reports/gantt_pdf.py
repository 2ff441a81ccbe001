"""The Gantt chart as an A3 landscape PDF, for the wall of a steering committee's meeting room.

Drawn with reportlab from the same layout as the page (`gantt.build_gantt`), scaled so that the
whole axis fits the sheet; rows run over as many pages as they need, the axis repeated on each.
"""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A3, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

from hoptac.core import pdf_fonts

from ..gantt import Gantt

STATUS_COLOURS = {
    "done_on_time": colors.HexColor("#1b7a3d"),
    "done_late": colors.HexColor("#8a5d00"),
    "in_term": colors.HexColor("#2f6db5"),
    "overdue": colors.HexColor("#b3261e"),
}
MARGIN = 12 * mm
LABELS = 95 * mm
ROW = 7.5 * mm
HEADER = 22 * mm


def _fit(text: str, font: str, size: float, width: float) -> str:
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def gantt_pdf(gantt: Gantt, title: str, legend: list[tuple[str, str]], today_label: str) -> bytes:
    """The chart on A3 landscape pages: `legend` is [(status or key, label)] in the reader's
    language; `today_label` names today's line."""
    regular, bold = pdf_fonts.register_sans()
    page_w, page_h = landscape(A3)
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(page_w, page_h))
    pdf.setTitle(title)
    chart_x = MARGIN + LABELS
    chart_w = page_w - chart_x - MARGIN
    scale = chart_w / max(1, gantt.width)
    per_page = max(1, int((page_h - 2 * MARGIN - HEADER - 12 * mm) // ROW))
    rows = gantt.bars or []
    pages = [rows[i : i + per_page] for i in range(0, len(rows), per_page)] or [[]]
    for number, bars in enumerate(pages, start=1):
        top = page_h - MARGIN
        pdf.setFont(bold, 14)
        pdf.drawString(MARGIN, top - 6 * mm, _fit(title, bold, 14, page_w - 2 * MARGIN - 20 * mm))
        pdf.setFont(regular, 8)
        pdf.drawRightString(page_w - MARGIN, top - 6 * mm, f"{number}/{len(pages)}")
        axis_y = top - HEADER + 4 * mm
        body_top = axis_y - 2 * mm
        body_bottom = body_top - len(bars) * ROW
        pdf.setStrokeColor(colors.HexColor("#dfe3ea"))
        pdf.setLineWidth(0.4)
        for x, label in gantt.months:
            px = chart_x + x * scale
            pdf.line(px, body_top, px, body_bottom)
            pdf.setFillColor(colors.HexColor("#5b6475"))
            pdf.drawCentredString(min(px, page_w - MARGIN - 8 * mm), axis_y + 1.5 * mm, label)
        positions = {}
        for i, bar in enumerate(bars):
            y = body_top - (i + 1) * ROW
            positions[bar.task.pk] = (bar, y)
            pdf.setFillColor(colors.black)
            pdf.setFont(regular, 8)
            pdf.drawString(MARGIN, y + 4 * mm, _fit(bar.label, regular, 8, LABELS - 3 * mm))
            pdf.setFillColor(colors.HexColor("#5b6475"))
            pdf.setFont(regular, 6.5)
            meta = f"{bar.task.due_date:%d/%m/%Y} · {bar.task.title}"
            pdf.drawString(MARGIN, y + 1.2 * mm, _fit(meta, regular, 6.5, LABELS - 3 * mm))
            x0 = chart_x + bar.x * scale
            if bar.baseline_w is not None:
                pdf.setFillColor(colors.HexColor("#c5cad3"))
                pdf.rect(x0, y + 0.8 * mm, bar.baseline_w * scale, 1.2 * mm, stroke=0, fill=1)
            pdf.setFillColor(STATUS_COLOURS.get(bar.status, colors.grey))
            pdf.setStrokeColor(colors.black)
            pdf.setLineWidth(1.2 if bar.critical else 0)
            pdf.rect(
                x0, y + 2.4 * mm, bar.w * scale, 3.2 * mm, stroke=1 if bar.critical else 0, fill=1
            )
            if bar.progress_w:
                pdf.setFillColor(colors.Color(1, 1, 1, alpha=0.7))
                pdf.rect(x0, y + 2.4 * mm, bar.progress_w * scale, 0.9 * mm, stroke=0, fill=1)
        pdf.setLineWidth(0.6)
        for bar, y in positions.values():
            for succ, _lag in bar.successors:
                if succ in positions:
                    other, y2 = positions[succ]
                    pdf.setStrokeColor(
                        colors.black if other.critical and bar.critical else colors.grey
                    )
                    pdf.line(
                        chart_x + (bar.x + bar.w) * scale,
                        y + 4 * mm,
                        chart_x + other.x * scale,
                        y2 + 4 * mm,
                    )
        if gantt.today_x is not None:
            px = chart_x + gantt.today_x * scale
            pdf.setStrokeColor(colors.HexColor("#a4161a"))
            pdf.setDash(3, 2)
            pdf.line(px, body_top + 1 * mm, px, body_bottom)
            pdf.setDash()
            pdf.setFillColor(colors.HexColor("#a4161a"))
            pdf.drawCentredString(px, body_top + 1.5 * mm, today_label)
        x = MARGIN
        pdf.setFont(regular, 8)
        for key, label in legend:
            pdf.setFillColor(STATUS_COLOURS.get(key, colors.HexColor("#c5cad3")))
            pdf.rect(x, MARGIN, 4 * mm, 3 * mm, stroke=0, fill=1)
            pdf.setFillColor(colors.black)
            pdf.drawString(x + 5 * mm, MARGIN + 0.5 * mm, label)
            x += 5 * mm + pdfmetrics.stringWidth(label, regular, 8) + 6 * mm
        pdf.showPage()
    pdf.save()
    return out.getvalue()
