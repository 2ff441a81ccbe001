"""The review report as PDF (reportlab), laid out as the DOCX is: same page, same text.

Set in Liberation Serif (Times New Roman metrics) or, failing that, DejaVu Serif; both are
embedded. The layout constants mirror docx_builder's.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from hoptac.core import pdf_fonts as fonts

from .tree import Review, report_line, task_line
from .wording import PARTY

TEXT_W = (210 - 30 - 15) * mm
HEADER_LEFT, HEADER_RIGHT = 68 * mm, TEXT_W - 68 * mm
SIGN_LEFT, SIGN_RIGHT = 80 * mm, TEXT_W - 80 * mm
# Word's single line for Times New Roman is about 1.15 em; the body uses 1.1 lines.
LINE = 1.15
STAT_WIDTHS_MM = [45] + [20] * 6


def _style(name: str, size: float = 14, **kw) -> ParagraphStyle:
    kw.setdefault("fontName", fonts.FAMILY)
    kw.setdefault("leading", size * LINE)
    return ParagraphStyle(name, fontSize=size, **kw)


class _Styles:
    def __init__(self) -> None:
        fonts.register()
        self.body = _style(
            "body",
            leading=14 * LINE * 1.1,
            alignment=TA_JUSTIFY,
            firstLineIndent=1 * cm,
            spaceAfter=6,
        )
        self.heading = _style(
            "heading",
            leading=14 * LINE * 1.1,
            alignment=TA_JUSTIFY,
            firstLineIndent=1 * cm,
            spaceBefore=6,
            spaceAfter=6,
            keepWithNext=1,
            fontName=fonts.face(bold=True),
        )
        self.commitment = ParagraphStyle("commitment", parent=self.body, keepWithNext=1)
        self.center = {s: _style(f"c{s}", s, alignment=TA_CENTER) for s in (11, 12, 13, 14, 15)}
        self.left = {s: _style(f"l{s}", s, alignment=TA_LEFT) for s in (11, 12, 13, 14)}
        self.cell = _style("cell", 12, alignment=TA_CENTER)
        self.cell_left = _style("cell_left", 12, alignment=TA_LEFT)


def _p(text: str, style: ParagraphStyle, *, bold=False, italic=False, underline=False):
    markup = escape(text)
    if underline:
        markup = f"<u>{markup}</u>"
    if italic:
        markup = f"<i>{markup}</i>"
    if bold:
        markup = f"<b>{markup}</b>"
    return Paragraph(markup, style)


class _Rule(Flowable):
    """A short centred line under a header block (HRFlowable misplaces itself in table cells)."""

    def __init__(self, width: float, above: float = 6, below: float = 4, thickness: float = 0.6):
        super().__init__()
        self.line_width, self.above, self.below, self.thickness = width, above, below, thickness

    def wrap(self, avail_width, avail_height):
        self.avail = avail_width
        return avail_width, self.above + self.thickness + self.below

    def draw(self):
        x0 = (self.avail - self.line_width) / 2
        y = self.below + self.thickness / 2
        self.canv.setLineWidth(self.thickness)
        self.canv.line(x0, y, x0 + self.line_width, y)


def _rule(width: float, space_after: float = 4):
    return _Rule(width, below=space_after)


_PLAIN = TableStyle(
    [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]
)


def _header(review: Review, st: _Styles) -> list:
    h = review.header
    party = review.layout == PARTY
    issuer_size = 14 if party else 13
    left: list = [_p(line.text, st.center[issuer_size], bold=line.bold) for line in h.issuer_lines]
    if h.issuer_mark == "*":
        left.append(_p("*", st.center[issuer_size]))
    else:
        last = h.issuer_lines[-1]
        width = fonts.text_width(last.text, issuer_size, bold=last.bold) * 0.4
        left.append(_rule(min(width, HEADER_LEFT * 0.5)))
    right: list = []
    for i, line in enumerate(h.national_lines):
        size = 15 if party else (12 if i == 0 else 13)
        right.append(_p(line.text, st.center[size], bold=line.bold, underline=line.underline))
    if h.national_mark == "line":
        motto = h.national_lines[-1]
        right.append(_rule(fonts.text_width(motto.text, 13, bold=True)))
    number = [Spacer(1, 4), _p(h.number_line, st.center[14 if party else 13])]
    date = [Spacer(1, 4), _p(h.place_date, st.center[14], italic=True)]
    table = Table([[left, right], [number, date]], colWidths=[HEADER_LEFT, HEADER_RIGHT])
    table.setStyle(_PLAIN)
    return [table]


def _title(review: Review, st: _Styles) -> list:
    summary_style = _style(
        "summary", 14, alignment=TA_CENTER, leftIndent=1 * cm, rightIndent=1 * cm
    )
    out = [
        Spacer(1, 18),
        _p(review.doc_type, st.center[14], bold=True),
        _p(review.summary, summary_style, bold=True),
    ]
    if review.layout == PARTY:
        out += [_p("-----", st.center[14]), Spacer(1, 12)]
    else:
        out += [_rule(45 * mm, space_after=14)]
    return out


def _statistics(review: Review, st: _Styles) -> list:
    stats = review.statistics
    caption = _style("caption", 13, alignment=TA_CENTER, keepWithNext=1)
    as_of = _style("as_of", 13, alignment=TA_CENTER, spaceAfter=4, keepWithNext=1)
    rows = [[_p(c, st.cell, bold=True) for c in stats.columns]]
    for row in stats.rows:
        rows.append(
            [
                _p(text, st.cell_left if j == 0 else st.cell, bold=row.is_total)
                for j, text in enumerate(row.cells)
            ]
        )
    table = Table(rows, colWidths=[w * mm for w in STAT_WIDTHS_MM], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    note = _style("note", 12, alignment=TA_JUSTIFY, spaceBefore=3, spaceAfter=6)
    return [
        _p(stats.caption, caption, bold=True),
        _p(stats.as_of, as_of, italic=True),
        table,
        _p(stats.note, note, italic=True),
    ]


def _content(review: Review, st: _Styles) -> list:
    layout = review.layout
    out: list = [_p(t, st.body) for t in review.intro]
    out.append(_p(review.results_heading, st.heading))
    out.append(_p(review.overview.heading, st.heading))
    out += [_p(t, st.body) for t in review.overview.paragraphs]
    out += _statistics(review, st)
    out.append(_p(review.by_field_heading, st.heading))
    for section in review.sections:
        out.append(_p(f"{section.number} {section.title}", st.heading))
        out.append(_p(section.summary, st.body))
        for commitment in section.commitments:
            out.append(
                Paragraph(
                    f"<b><i>{escape(commitment.label)}</i></b> <i>{escape(commitment.text)}</i>",
                    st.commitment,
                )
            )
            if not commitment.tasks:
                out.append(_p("Chưa giao nhiệm vụ cụ thể.", st.body))
            for item in commitment.tasks:
                title, details, state = task_line(item, layout)
                # One style per task line keeps reportlab on its fast line-breaking path.
                out.append(Paragraph(escape(f"- {title} ({details}): {state}."), st.body))
                report = report_line(item, layout)
                if report:
                    out.append(_p(report, st.body))
    for part in (review.shortcomings, review.directions):
        out.append(_p(part.heading, st.heading))
        out += [_p(t, st.body) for t in part.paragraphs]
        out += [_p(f"- {t}", st.body) for t in part.items]
        out += [_p(t, st.body) for t in part.after]
    out.append(_p(review.closing, st.body))
    return out


def _closing_block(review: Review, st: _Styles) -> list:
    party = review.layout == PARTY
    if party:
        left = [_p(review.recipients_heading, st.left[14], underline=True)]
    else:
        left = [_p(review.recipients_heading, st.left[12], bold=True, italic=True)]
    size = 12 if party else 11
    hanging = _style(f"recipient{size}", size, leftIndent=2.5 * mm, firstLineIndent=-2.5 * mm)
    left += [_p(line, hanging) for line in review.recipients]
    sig = review.signature
    right = [_p(line, st.center[14], bold=True) for line in sig.authority]
    right.append(_p(sig.title, st.center[14], bold=sig.title_bold))
    right.append(Spacer(1, 4 * 14 * LINE))
    right.append(_p(sig.name, st.center[14], bold=True))
    table = Table([[left, right]], colWidths=[SIGN_LEFT, SIGN_RIGHT])
    table.setStyle(_PLAIN)
    return [Spacer(1, 12), table]


def _page_number(canvas, doc) -> None:
    """From page 2, the page number centred at the top."""
    if doc.page < 2:
        return
    canvas.saveState()
    canvas.setFont(fonts.face(), 13)
    width, height = A4
    x = 30 * mm + TEXT_W / 2
    canvas.drawCentredString(x, height - 14 * mm, str(doc.page))
    canvas.restoreState()


def build_pdf(review: Review) -> bytes:
    """Render the review as a PDF file's bytes."""
    st = _Styles()
    out = io.BytesIO()
    doc = BaseDocTemplate(
        out,
        pagesize=A4,
        leftMargin=30 * mm,
        rightMargin=15 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=review.title_for_metadata,
        author=review.issuer_name,
        subject=review.summary,
        creator="Hoptac",
        initialFontName=fonts.face(),
        initialFontSize=14,
        lang="vi-VN",
    )
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_page_number)])
    story = _header(review, st) + _title(review, st) + _content(review, st)
    story += _closing_block(review, st)
    doc.build(story)
    return out.getvalue()
