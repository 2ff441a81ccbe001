"""The review report as a Word document (python-docx), in the Decree 30 or Guidance 36 layout.

A4, margins 20/20/30/15 mm, Times New Roman; header table (issuer | national title), title,
justified body with first-line indent, statistics table, "Nơi nhận" and the signature side by
side; page numbers from page 2, centred at the top.
"""

from __future__ import annotations

import io
import re
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt

from hoptac.core import pdf_fonts as fonts

from .tree import Review, report_line, task_line
from .wording import PARTY

FONT = "Times New Roman"
PAGE_W, PAGE_H = Mm(210), Mm(297)
MARGIN_TOP = MARGIN_BOTTOM = Mm(20)
MARGIN_LEFT, MARGIN_RIGHT = Mm(30), Mm(15)
TEXT_W_MM = 210 - 30 - 15
HEADER_LEFT_MM, HEADER_RIGHT_MM = 68, TEXT_W_MM - 68
SIGN_LEFT_MM, SIGN_RIGHT_MM = 80, TEXT_W_MM - 80
STAT_WIDTHS_MM = [45] + [20] * 6
BODY_SIZE = 14
PT_PER_MM = 72 / 25.4

_CENTER = WD_ALIGN_PARAGRAPH.CENTER
_LEFT = WD_ALIGN_PARAGRAPH.LEFT


def _set_fonts(rpr_owner, size: float | None = None) -> None:
    """Times New Roman for every script slot, Vietnamese as the language."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts_el = rpr.find(qn("w:rFonts"))
    if fonts_el is None:
        fonts_el = OxmlElement("w:rFonts")
        rpr.insert(0, fonts_el)
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts_el.set(qn(slot), FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    rpr.append(lang)


def _styles(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_SIZE)
    _set_fonts(normal.element)
    pf = normal.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing = 1.0

    body = doc.styles.add_style("Hoptac Body", WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = normal
    pf = body.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.first_line_indent = Cm(1)
    pf.space_before = Pt(0)
    pf.space_after = Pt(6)
    pf.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
    pf.line_spacing = 1.1
    pf.widow_control = True

    heading = doc.styles.add_style("Hoptac Heading", WD_STYLE_TYPE.PARAGRAPH)
    heading.base_style = body
    heading.font.bold = True
    heading.paragraph_format.keep_with_next = True
    heading.paragraph_format.space_before = Pt(6)

    cell = doc.styles.add_style("Hoptac Cell", WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    cell.font.size = Pt(12)
    cell.paragraph_format.alignment = _CENTER


def _run(par, text: str, *, bold=False, italic=False, underline=False, size=None):
    run = par.add_run(text)
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    if underline:
        run.underline = True
    if size is not None and size != BODY_SIZE:
        run.font.size = Pt(size)
    return run


def _rule(cell_or_doc, width_pt: float, column_pt: float, align_center: bool = True):
    """A short horizontal line: an empty, tiny paragraph with a bottom border."""
    par = cell_or_doc.add_paragraph()
    pf = par.paragraph_format
    pf.alignment = _CENTER
    side = max(0.0, (column_pt - width_pt) / 2)
    pf.left_indent = Pt(side)
    pf.right_indent = Pt(side)
    pf.line_spacing = Pt(3)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.space_after = Pt(4)
    ppr = par._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    # pBdr must come before spacing/ind/jc in CT_PPr's sequence.
    anchor = ppr.find(qn("w:spacing"))
    if anchor is None:
        ppr.append(bdr)
    else:
        anchor.addprevious(bdr)
    par.add_run().font.size = Pt(2)
    return par


_TBLPR_ORDER = [
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
]


def _put_tblpr(table, element) -> None:
    """Insert into w:tblPr in schema order (Word refuses out-of-order children)."""
    tblpr = table._tbl.tblPr
    name = element.tag.split("}")[1]
    old = tblpr.find(qn(f"w:{name}"))
    if old is not None:
        tblpr.remove(old)
    later = _TBLPR_ORDER[_TBLPR_ORDER.index(name) + 1 :]
    for child in tblpr:
        if child.tag.split("}")[1] in later:
            child.addprevious(element)
            return
    tblpr.append(element)


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    _put_tblpr(table, borders)


def _fixed_table(doc, rows: int, widths_mm: list[float], style: str | None = None):
    table = doc.add_table(rows=rows, cols=len(widths_mm))
    if style:
        table.style = doc.styles[style]
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    _put_tblpr(table, layout)
    for i, w in enumerate(widths_mm):
        table.columns[i].width = Mm(w)
        for cell in table.columns[i].cells:
            cell.width = Mm(w)
    return table


def _cell_par(cell, first: bool):
    return cell.paragraphs[0] if first else cell.add_paragraph()


def _header(doc, review: Review) -> None:
    h = review.header
    party = review.layout == PARTY
    table = _fixed_table(doc, 2, [HEADER_LEFT_MM, HEADER_RIGHT_MM])
    _no_borders(table)
    left, right = table.cell(0, 0), table.cell(0, 1)
    issuer_size = 14 if party else 13

    for i, line in enumerate(h.issuer_lines):
        par = _cell_par(left, i == 0)
        par.alignment = _CENTER
        _run(par, line.text, bold=line.bold, size=issuer_size)
    if h.issuer_mark == "*":
        par = left.add_paragraph()
        par.alignment = _CENTER
        _run(par, "*", size=issuer_size)
    else:
        last = h.issuer_lines[-1]
        width = fonts.text_width(last.text, issuer_size, bold=last.bold) * 0.4
        _rule(left, min(width, HEADER_LEFT_MM * PT_PER_MM * 0.5), HEADER_LEFT_MM * PT_PER_MM)

    for i, line in enumerate(h.national_lines):
        par = _cell_par(right, i == 0)
        par.alignment = _CENTER
        if party:
            size = 15
        else:
            size = 12 if i == 0 else 13
        _run(par, line.text, bold=line.bold, underline=line.underline, size=size)
    if h.national_mark == "line":
        motto = h.national_lines[-1]
        _rule(right, fonts.text_width(motto.text, 13, bold=True), HEADER_RIGHT_MM * PT_PER_MM)

    number = table.cell(1, 0).paragraphs[0]
    number.alignment = _CENTER
    number.paragraph_format.space_before = Pt(4)
    _run(number, h.number_line, size=14 if party else 13)
    date = table.cell(1, 1).paragraphs[0]
    date.alignment = _CENTER
    date.paragraph_format.space_before = Pt(4)
    _run(date, h.place_date, italic=True, size=14)


def _title(doc, review: Review) -> None:
    par = doc.add_paragraph()
    par.alignment = _CENTER
    par.paragraph_format.space_before = Pt(18)
    _run(par, review.doc_type, bold=True, size=14)
    par = doc.add_paragraph()
    par.alignment = _CENTER
    par.paragraph_format.left_indent = Cm(1)
    par.paragraph_format.right_indent = Cm(1)
    _run(par, review.summary, bold=True, size=14)
    if review.layout == PARTY:
        par = doc.add_paragraph()
        par.alignment = _CENTER
        par.paragraph_format.space_after = Pt(12)
        _run(par, "-----", size=14)
    else:
        _rule(doc, 45 * PT_PER_MM, TEXT_W_MM * PT_PER_MM)
        doc.paragraphs[-1].paragraph_format.space_after = Pt(14)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _r(text: str, *, bold=False, italic=False, size: float | None = None) -> str:
    """One run as WordprocessingML."""
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    if size is not None and size != BODY_SIZE:
        props += f'<w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/>'
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    text = escape(_CONTROL.sub("", text))
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


class _Flow:
    """The body's paragraphs, written as WordprocessingML and parsed in one go.

    python-docx's add_paragraph(style=…) looks the style up by name every time, which costs
    seconds for the thousands of paragraphs of a large programme; this costs milliseconds.
    """

    def __init__(self, doc) -> None:
        self.doc = doc
        self.chunks: list[str] = []
        self.ids = {
            "body": doc.styles["Hoptac Body"].style_id,
            "heading": doc.styles["Hoptac Heading"].style_id,
        }

    def para(self, *runs: str, style: str = "body", ppr: str = "") -> None:
        # `ppr` holds properties after pStyle, in schema order (keepNext, spacing, ind, jc).
        self.chunks.append(
            f'<w:p><w:pPr><w:pStyle w:val="{self.ids[style]}"/>{ppr}</w:pPr>{"".join(runs)}</w:p>'
        )

    def body(self, text: str, *, italic=False) -> None:
        self.para(_r(text, italic=italic))

    def heading(self, text: str) -> None:
        self.para(_r(text), style="heading")

    def flush(self) -> None:
        if not self.chunks:
            return
        fragment = parse_xml(f"<w:body {nsdecls('w')}>{''.join(self.chunks)}</w:body>")
        self.chunks = []
        body = self.doc.element.body
        sect = body.find(qn("w:sectPr"))
        for child in list(fragment):
            if sect is None:
                body.append(child)
            else:
                sect.addprevious(child)


def _set_style(par, style_id: str) -> None:
    par._p.get_or_add_pPr().get_or_add_pStyle().val = style_id


def _statistics(doc, flow: _Flow, review: Review) -> None:
    stats = review.statistics
    flow.para(
        _r(stats.caption, bold=True, size=13),
        ppr='<w:keepNext/><w:spacing w:after="0"/><w:ind w:firstLine="0"/><w:jc w:val="center"/>',
    )
    flow.para(
        _r(stats.as_of, italic=True, size=13),
        ppr='<w:keepNext/><w:spacing w:after="80"/><w:ind w:firstLine="0"/><w:jc w:val="center"/>',
    )
    flow.flush()
    widths = STAT_WIDTHS_MM
    table = _fixed_table(doc, len(stats.rows) + 1, widths, style="Table Grid")
    cell_id = doc.styles["Hoptac Cell"].style_id
    for j, text in enumerate(stats.columns):
        par = table.cell(0, j).paragraphs[0]
        _set_style(par, cell_id)
        par.add_run(text).bold = True
    for i, row in enumerate(stats.rows, start=1):
        for j, text in enumerate(row.cells):
            par = table.cell(i, j).paragraphs[0]
            _set_style(par, cell_id)
            if j == 0:
                par.alignment = _LEFT
            run = par.add_run(text)
            if row.is_total:
                run.bold = True
    for cell in table._cells:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    # Repeat the header row on each page.
    trpr = table.rows[0]._tr.get_or_add_trPr()
    hdr = OxmlElement("w:tblHeader")
    hdr.set(qn("w:val"), "true")
    trpr.append(hdr)
    flow.para(
        _r(stats.note, italic=True, size=12),
        ppr='<w:spacing w:before="60"/><w:ind w:firstLine="0"/>',
    )


def _content(doc, review: Review) -> None:
    layout = review.layout
    flow = _Flow(doc)
    for text in review.intro:
        flow.body(text)
    flow.heading(review.results_heading)
    flow.heading(review.overview.heading)
    for text in review.overview.paragraphs:
        flow.body(text)
    _statistics(doc, flow, review)
    flow.heading(review.by_field_heading)
    for section in review.sections:
        flow.heading(f"{section.number} {section.title}")
        flow.body(section.summary)
        for commitment in section.commitments:
            flow.para(
                _r(commitment.label + " ", bold=True, italic=True),
                _r(commitment.text, italic=True),
                ppr="<w:keepNext/>",
            )
            if not commitment.tasks:
                flow.body("Chưa giao nhiệm vụ cụ thể.")
            for item in commitment.tasks:
                title, details, state = task_line(item, layout)
                flow.body(f"- {title} ({details}): {state}.")
                report = report_line(item, layout)
                if report:
                    flow.body(report)
    for part in (review.shortcomings, review.directions):
        flow.heading(part.heading)
        for text in part.paragraphs:
            flow.body(text)
        for text in part.items:
            flow.body(f"- {text}")
        for text in part.after:
            flow.body(text)
    flow.body(review.closing)
    flow.flush()


def _closing_block(doc, review: Review) -> None:
    party = review.layout == PARTY
    table = _fixed_table(doc, 1, [SIGN_LEFT_MM, SIGN_RIGHT_MM])
    _no_borders(table)
    # Keep the block together with the last lines of the text.
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    left, right = table.cell(0, 0), table.cell(0, 1)

    par = left.paragraphs[0]
    par.paragraph_format.space_before = Pt(12)
    if party:
        _run(par, review.recipients_heading, underline=True, size=14)
    else:
        _run(par, review.recipients_heading, bold=True, italic=True, size=12)
    for line in review.recipients:
        par = left.add_paragraph()
        # a hanging indent, so that a long recipient wraps under its own text, not the dash
        par.paragraph_format.left_indent = Mm(2.5)
        par.paragraph_format.first_line_indent = Mm(-2.5)
        _run(par, line, size=12 if party else 11)

    sig = review.signature
    par = right.paragraphs[0]
    par.alignment = _CENTER
    par.paragraph_format.space_before = Pt(12)
    first = True
    for line in [*sig.authority, sig.title]:
        if not first:
            par = right.add_paragraph()
            par.alignment = _CENTER
        bold = sig.title_bold if line == sig.title else True
        _run(par, line, bold=bold, size=14)
        first = False
    for _ in range(4):
        right.add_paragraph().add_run().font.size = Pt(14)
    par = right.add_paragraph()
    par.alignment = _CENTER
    _run(par, sig.name, bold=True, size=14)


def _page_numbers(section) -> None:
    """Page numbers from page 2, centred at the top (the first page has its own empty header)."""
    section.different_first_page_header_footer = True
    par = section.header.paragraphs[0]
    par.alignment = _CENTER
    run = par.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    value = OxmlElement("w:t")
    value.text = "2"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for el in (begin, instr, sep, value, end):
        run._r.append(el)
    run.font.size = Pt(13)


def build_docx(review: Review) -> bytes:
    """Render the review as a .docx file's bytes."""
    doc = Document()
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = PAGE_W, PAGE_H
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    _styles(doc)
    props = doc.core_properties
    props.title = review.title_for_metadata
    props.language = "vi-VN"
    props.author = review.issuer_name
    props.comments = "Hoptac"

    _header(doc, review)
    _title(doc, review)
    _content(doc, review)
    _closing_block(doc, review)
    _page_numbers(section)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
