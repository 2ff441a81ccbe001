"""A participant's personal agenda: PDF (reportlab, DejaVu fonts for Vietnamese) and iCal."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _


def _fonts() -> tuple[str, str]:
    """A font pair that covers Vietnamese; Helvetica would drop the diacritics."""
    from hoptac.core.pdf_fonts import register_sans

    return register_sans()


def _other(participant, meeting):
    req = meeting.request
    return req.target if req.requester_id == participant.pk else req.requester


def pdf(participant, meetings) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    regular, bold = _fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=15 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=_("B2B agenda"),
    )
    h = ParagraphStyle("h", fontName=bold, fontSize=15, leading=19)
    p = ParagraphStyle("p", fontName=regular, fontSize=10, leading=13)
    event = participant.event
    story = [
        Paragraph(event.name, h),
        Paragraph(f"{event.place} — {event.day:%d/%m/%Y}", p),
        Spacer(1, 4 * mm),
        Paragraph(_("Agenda of %(who)s") % {"who": participant.name}, h),
        Spacer(1, 4 * mm),
    ]
    rows = [[_("Time"), _("Table"), _("With"), _("Contact")]]
    for m in meetings:
        other = _other(participant, m)
        rows.append(
            [
                str(m.slot),
                Paragraph(m.request.online_url, p)
                if m.request.online_url
                else (m.table.label if m.table else ""),
                Paragraph(other.name, p),
                Paragraph(f"{other.contact_name}<br/>{other.contact_email}", p),
            ]
        )
    if len(rows) == 1:
        story.append(Paragraph(_("No meeting is scheduled yet."), p))
    else:
        table = Table(rows, colWidths=[28 * mm, 18 * mm, 70 * mm, 59 * mm], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), regular, 10),
                    ("FONT", (0, 0), (-1, 0), bold, 10),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef1f5")),
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#d9dde5")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(table)
    doc.build(story)
    return buffer.getvalue()


def ical(participant, meetings) -> bytes:
    from hoptac.core import ical as builder

    venue = participant.event.place
    entries = []
    for m in meetings:
        other = _other(participant, m)
        location = f"{venue} — {_('table')} {m.table.label}" if m.table else venue
        if m.request.online_url:
            location = m.request.online_url
        entries.append(
            builder.Entry(
                uid=f"hoptac-b2b-meeting-{m.pk}",
                start=m.slot.starts_at,
                end=m.slot.ends_at,
                summary=_("B2B meeting with %(who)s") % {"who": other.name},
                location=location,
                description=f"{other.contact_name} <{other.contact_email}>",
            )
        )
    return builder.calendar(entries, name=participant.event.name, product="B2B agenda")
