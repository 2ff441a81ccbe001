"""Excel in and out: the task template Hoptac hands out, its import (all or nothing), exports."""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from hoptac.core import dates, exports
from hoptac.core.files import check_office_zip
from hoptac.core.models import Organisation, User
from hoptac.core.text import vi_sorted

from . import actions
from .models import Commitment, Task, TaskStatus

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 5000
MAX_BYTES = 10 * 1024 * 1024

# (key, Vietnamese header, width)
COLUMNS = [
    ("commitment", "Mã cam kết", 12),
    ("title", "Tên nhiệm vụ", 50),
    ("lead", "Cơ quan chủ trì (chọn trong danh sách, trang “Co quan”)", 36),
    ("partners", "Cơ quan phối hợp (như cột chủ trì, cách nhau bởi dấu ;)", 40),
    ("start", "Ngày bắt đầu (dd/mm/yyyy)", 16),
    ("due", "Hạn hoàn thành (dd/mm/yyyy)", 16),
    ("description", "Mô tả", 40),
]


def org_key(o: Organisation) -> str:
    """How the workbook names a body without ambiguity: "SKHCN Thành phố Đà Nẵng"."""
    return f"{o.abbreviation} {o.locality.name_vi}" if o.abbreviation else o.name_vi


def _header(ws, headers: list[tuple[str, int]]) -> None:
    fill = PatternFill("solid", fgColor="A4161A")
    for i, (text, width) in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=i, value=text)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"


def template_response(agreement=None) -> HttpResponse:
    """The import template, with a sheet listing the commitments and organisations to use."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Nhiem vu"
    _header(ws, [(h, w) for _k, h, w in COLUMNS])
    ref = wb.create_sheet("Cam ket")
    _header(ref, [("Mã cam kết", 12), ("Văn bản", 18), ("Nội dung cam kết", 90)])
    commitments = Commitment.objects.select_related("agreement")
    if agreement is not None:
        commitments = commitments.filter(agreement=agreement)
    for c in commitments[:2000]:
        ref.append([c.pk, c.agreement.reference, c.text])
    orgs = wb.create_sheet("Co quan")
    # The first column is what the lead and partner columns take: the abbreviation with the
    # city (both cities have a "SKHCN"), so no body silently becomes the other city's.
    _header(
        orgs,
        [("Ghi vào cột cơ quan", 40), ("Viết tắt", 14), ("Tên cơ quan", 60), ("Địa phương", 20)],
    )
    organisations = vi_sorted(
        Organisation.objects.valid_on().select_related("locality"),
        key=lambda o: f"{o.locality.name_vi} {o.name_vi}",
    )
    for o in organisations:
        orgs.append([org_key(o), o.abbreviation, o.name_vi, o.locality.name_vi])
    # Drop-down lists on the task sheet: commitments and lead bodies from the two lists.
    last = MAX_ROWS + 1
    for column, sheet, rows in (("A", "Cam ket", ref.max_row), ("C", "Co quan", orgs.max_row)):
        rule = DataValidation(
            type="list",
            formula1=f"='{sheet}'!$A$2:$A${max(rows, 2)}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Không có trong danh sách",
            error=f"Hãy chọn một giá trị của trang “{sheet}”.",
        )
        ws.add_data_validation(rule)
        rule.add(f"{column}2:{column}{last}")
    return _xlsx_response(wb, "mau-nhap-nhiem-vu.xlsx")


def _xlsx_response(wb: Workbook, filename: str) -> HttpResponse:
    response = HttpResponse(exports.xlsx_bytes(wb), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_tasks(tasks) -> HttpResponse:
    """Any filtered list of tasks (already annotated with their status) to .xlsx."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Nhiem vu"
    _header(
        ws,
        [
            ("STT", 6),
            ("Văn bản", 14),
            ("Nhiệm vụ", 50),
            ("Cơ quan chủ trì", 34),
            ("Địa phương", 16),
            ("Ngày bắt đầu", 13),
            ("Hạn hoàn thành", 13),
            ("Hạn ban đầu", 13),
            ("Ngày hoàn thành", 14),
            ("Tiến độ (%)", 10),
            ("Tình trạng", 28),
        ],
    )
    labels = dict(TaskStatus.choices)
    for i, t in enumerate(
        tasks.iterator(chunk_size=2000) if hasattr(tasks, "iterator") else tasks, start=1
    ):
        ws.append(
            [
                i,
                t.commitment.agreement.reference,
                t.title,
                t.lead.name_vi,
                t.lead.locality.name_vi,
                t.start_date,
                t.due_date,
                t.baseline_due_date,
                t.completed_on,
                t.progress,
                str(labels[t.status]),
            ]
        )
    for row in ws.iter_rows(min_row=2, min_col=6, max_col=9):
        for cell in row:
            cell.number_format = "DD/MM/YYYY"
    return _xlsx_response(wb, f"nhiem-vu-{dates.today():%Y%m%d}.xlsx")


@dataclass
class ImportResult:
    created: list[Task] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _date(value, row: int, header: str, errors: list[str]) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if not text:
        errors.append(
            _("Row %(row)s, column “%(col)s”: the date is missing.") % {"row": row, "col": header}
        )
        return None
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    errors.append(
        _("Row %(row)s, column “%(col)s”: “%(value)s” is not a real date (dd/mm/yyyy).")
        % {"row": row, "col": header, "value": text[:40]}
    )
    return None


def _org(
    value,
    lookup: dict[str, Organisation],
    row: int,
    header: str,
    errors: list[str],
    ambiguous: dict[str, list[Organisation]] | None = None,
) -> Organisation | None:
    key = str(value or "").strip()
    if not key:
        errors.append(
            _("Row %(row)s, column “%(col)s”: the organisation is missing.")
            % {"row": row, "col": header}
        )
        return None
    org = lookup.get(key.casefold())
    bodies = (ambiguous or {}).get(key.casefold()) if org is None else None
    if bodies:
        errors.append(
            _(
                "Row %(row)s, column “%(col)s”: “%(value)s” names a body of several cities; "
                "write one of: %(choices)s."
            )
            % {
                "row": row,
                "col": header,
                "value": key[:80],
                "choices": "; ".join(f"“{org_key(o)}”" for o in bodies),
            }
        )
        return None
    if org is None:
        errors.append(
            _("Row %(row)s, column “%(col)s”: there is no organisation “%(value)s”.")
            % {"row": row, "col": header, "value": key[:80]}
        )
    return org


def refuse_dtd(upload) -> None:
    """Refuse a workbook whose XML declares a DTD (entity bombs, external entities).

    Excel never writes one; a DTD in an .xlsx is an attack (billion laughs, XXE). The archive's
    size is already bounded by ``core.files.check_office_zip``.
    """
    upload.seek(0)
    with zipfile.ZipFile(upload) as archive:
        for info in archive.infolist():
            if _declares_dtd(archive, info):
                raise ValidationError(
                    _(
                        "The workbook contains an XML document type declaration (DTD), which "
                        "Excel never writes; it was refused."
                    )
                )
    upload.seek(0)


def _declares_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    import codecs

    tail = ""
    with archive.open(info) as member:
        first = member.read(2)
        encoding = "utf-16" if first in (b"\xff\xfe", b"\xfe\xff") else "latin-1"
        decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        chunk = first
        while chunk:
            text = tail + decoder.decode(chunk)
            if "<!DOCTYPE" in text or "<!ENTITY" in text:
                return True
            tail = text[-16:]
            chunk = member.read(1024 * 1024)
    return False


def import_tasks(upload, by: User) -> ImportResult:
    """Read every row, check every cell, and create the tasks only if no row has an error."""
    result = ImportResult()
    if upload.size > MAX_BYTES:
        result.errors.append(_("The file is larger than 10 MB."))
        return result
    head = upload.read(4)
    upload.seek(0)
    if head != b"PK\x03\x04":
        result.errors.append(_("The file is not an Excel workbook (.xlsx)."))
        return result
    try:
        check_office_zip(upload, "xlsx")
        refuse_dtd(upload)
        wb = load_workbook(upload, read_only=True, data_only=True)
        # The sheet is parsed lazily: read its rows here, where a damaged file is caught.
        sheet = list(wb.worksheets[0].iter_rows(min_row=2, max_row=MAX_ROWS + 2, values_only=True))
        wb.close()
    except ValidationError as err:
        result.errors.extend(err.messages)
        return result
    except Exception:  # openpyxl raises many kinds on a damaged or hostile file
        result.errors.append(_("The workbook could not be read; it may be damaged."))
        return result
    headers = [h for _k, h, _w in COLUMNS]
    lookup: dict[str, Organisation] = {}
    ambiguous: dict[str, list[Organisation]] = {}
    for o in Organisation.objects.valid_on().select_related("locality"):
        lookup.setdefault(o.name_vi.casefold(), o)
        if o.abbreviation:
            lookup.setdefault(org_key(o).casefold(), o)
            ambiguous.setdefault(o.abbreviation.casefold(), []).append(o)
    for abbreviation, bodies in list(ambiguous.items()):
        if len(bodies) == 1:
            lookup.setdefault(abbreviation, bodies[0])
            del ambiguous[abbreviation]
        # else "SKHCN" alone names a body of each city: the row must say which one
    commitments = {c.pk: c for c in Commitment.objects.select_related("agreement")}
    rows = []
    for index, values in enumerate(sheet, start=2):
        if index - 1 > MAX_ROWS:
            result.errors.append(_("The file has more than %(n)s rows.") % {"n": MAX_ROWS})
            break
        values = list(values[: len(COLUMNS)]) + [None] * (
            len(COLUMNS) - len(values[: len(COLUMNS)])
        )
        if all(v in (None, "") for v in values):
            continue
        errs: list[str] = []
        raw = dict(zip([k for k, _h, _w in COLUMNS], values, strict=True))
        commitment = None
        try:
            commitment = commitments.get(int(raw["commitment"]))
        except (TypeError, ValueError):
            pass
        if commitment is None:
            errs.append(
                _("Row %(row)s, column “%(col)s”: there is no commitment “%(value)s”.")
                % {"row": index, "col": headers[0], "value": str(raw["commitment"] or "")[:20]}
            )
        title = str(raw["title"] or "").strip()
        if not title:
            errs.append(
                _("Row %(row)s, column “%(col)s”: the task has no name.")
                % {"row": index, "col": headers[1]}
            )
        lead = _org(raw["lead"], lookup, index, headers[2], errs, ambiguous)
        partners = [
            _org(p, lookup, index, headers[3], errs, ambiguous)
            for p in str(raw["partners"] or "").split(";")
            if p.strip()
        ]
        start = _date(raw["start"], index, headers[4], errs)
        due = _date(raw["due"], index, headers[5], errs)
        if start and due and due < start:
            errs.append(
                _("Row %(row)s: the due date %(due)s is before the start date %(start)s.")
                % {
                    "row": index,
                    "due": due.strftime("%d/%m/%Y"),
                    "start": start.strftime("%d/%m/%Y"),
                }
            )
        if (
            lead
            and commitment
            and not by.has_perm("programmes.change_task", Task(lead=lead, commitment=commitment))
        ):
            errs.append(
                _("Row %(row)s: you may not create tasks led by “%(org)s”.")
                % {"row": index, "org": lead.name_vi}
            )
        if (
            commitment
            and lead
            and not commitment.agreement.parties.filter(pk=lead.locality_id).exists()
        ):
            errs.append(
                _("Row %(row)s: “%(org)s” does not belong to a party of the agreement.")
                % {"row": index, "org": lead.name_vi}
            )
        result.errors.extend(errs)
        rows.append(
            (
                commitment,
                title,
                lead,
                [p for p in partners if p],
                start,
                due,
                str(raw["description"] or ""),
            )
        )
    wb.close()
    if not rows and not result.errors:
        result.errors.append(_("The file has no task rows."))
    if result.errors:
        return result
    with transaction.atomic():
        for commitment, title, lead, partners, start, due, description in rows:
            result.created.append(
                actions.create_task(
                    commitment,
                    by,
                    title=title[:500],
                    lead=lead,
                    start_date=start,
                    due_date=due,
                    partners=partners,
                    description=description,
                )
            )
    return result
