"""The published indexes' values (DTI, PAPI, PCI…) that a city imports from the published table
(XLSX or CSV) or enters by hand: every figure checked, then saved all or nothing.

One framework and year per table; columns, matched without accents or case: Mã thành phần (a
component's key as ``data/frameworks.json`` names it, or ``total``), Địa phương (a city of the
directory, by code or name), Giá trị, Thứ hạng (optional, the total's published rank), Nguồn
(optional when the form gives the table's source). Each error names its row (as the spreadsheet
numbers it), its column and what is wrong; the hand-entry form gets the same errors per field.

What is refused: a framework or year the data file does not list; an unknown component or city;
a city the user does not manage; a value that is not a number; a rank that is not a whole
number from 1 to the number of places ranked, or one on a component (the rank is the total's);
a figure given twice; a figure the data file already holds with another value; and, at each
level the data file says is a sum (a total of its top-level components, a component of its
parts), a value that its parts (imported, entered or already read) do not add up to within the
tolerance the data file states.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from hoptac.core import exports
from hoptac.core.exports import csv_bytes, safe_row
from hoptac.core.models import Locality
from hoptac.core.numbers import number as _number
from hoptac.core.text import fold_key as _key

from . import frameworks
from .catalogue import (
    _text,
    read_rows,
)
from .models import PublishedValue

MAX_ROWS = 5_000
MAX_BYTES = 2 * 1024 * 1024
MAX_SOURCE = PublishedValue._meta.get_field("source").max_length
MAX_DIGITS = 14  # before the decimal point (the column keeps 20 digits, 6 after it)

FIELDS = ("component", "locality", "value", "rank", "source")
LABELS = {
    "component": "Mã thành phần",
    "locality": "Địa phương",
    "value": "Giá trị",
    "rank": "Thứ hạng",
    "source": "Nguồn",
}
COLUMNS: dict[str, tuple[str, ...]] = {
    "component": ("ma thanh phan", "thanh phan", "ma chi so", "ma", "component"),
    "locality": (
        "dia phuong",
        "tinh/thanh pho",
        "tinh, thanh pho",
        "tinh thanh",
        "tinh",
        "thanh pho",
        "locality",
        "city",
    ),
    "value": ("gia tri", "diem", "diem so", "value", "score"),
    "rank": ("thu hang", "xep hang", "hang", "rank"),
    "source": ("nguon", "nguon so lieu", "source"),
}
IGNORED = {"stt", "tt", "so tt", "ghi chu", "ten thanh phan"}
REQUIRED = ("component", "locality", "value")
TOTAL_ALIASES = {"total", "tong", "tong diem", "diem tong", "chi so tong"}
PREFIXES = ("thanh pho ", "tinh ", "tp. ", "tp ")


@dataclass
class Problem:
    row: int | None  # None: the hand-entry form
    column: str  # a key of LABELS
    message: str

    def said(self) -> str:
        if self.row is None:
            return self.message
        return _("Row %(row)s, column “%(col)s”: %(msg)s") % {
            "row": self.row,
            "col": LABELS[self.column],
            "msg": self.message,
        }


@dataclass
class Parsed:
    cells: list[dict] = field(default_factory=list)  # ready to save (JSON-able, for the session)
    same: list[dict] = field(default_factory=list)  # already in the data file, as given
    errors: list[str] = field(default_factory=list)


def edition_choices() -> list[tuple[str, str]]:
    """Every framework and year the data file lists, as ``key:year`` with its name."""
    return [
        (f"{fw.key}:{e.year}", f"{fw.name_vi} — {e.year}")
        for fw in frameworks.catalogue()
        for e in reversed(fw.editions)
    ]


def find(choice: str) -> tuple[frameworks.Framework, frameworks.Edition] | None:
    """The framework and edition of a ``key:year`` choice; None when the data file has none."""
    key, _sep, year = (choice or "").partition(":")
    fw = frameworks.framework(key)
    if fw is None or not year.isdigit():
        return None
    found = frameworks.find_edition(fw, int(year))
    return None if found is None else (fw, found)


def unknown_edition(choice: str) -> str:
    return _(
        "The framework and year “%(v)s” are not in the published-index data: choose one of the "
        "list (a new edition is added to the data file with its source first)."
    ) % {"v": (choice or "")[:40]}


class Directory:
    """The directory's cities, matched by code or name (with or without “Thành phố”/“Tỉnh”):
    the units of today (after the 2025 reorganisation); a unit that was merged is named with
    the one that succeeded it."""

    def __init__(self) -> None:
        self.current: dict[str, Locality] = {}
        self.former: dict[str, Locality] = {}
        units = Locality.objects.filter(kind__in=["city", "province"]).select_related("successor")
        current = set(Locality.objects.valid_on().values_list("pk", flat=True))
        for loc in units:
            into = self.current if loc.pk in current else self.former
            for name in (loc.code, loc.code.lstrip("0"), loc.name_vi, loc.name_en):
                key = _key(name)
                if not key:
                    continue
                into.setdefault(key, loc)
                for prefix in PREFIXES:
                    if key.startswith(prefix):
                        into.setdefault(key[len(prefix) :], loc)

    def match(self, text: str) -> tuple[Locality | None, str]:
        key = _key(text)
        found = self.current.get(key)
        if found is not None:
            return found, ""
        old = self.former.get(key)
        if old is not None:
            if old.successor_id:
                return None, _(
                    "“%(v)s” is no longer a unit of the directory (merged into %(new)s): use "
                    "%(new)s."
                ) % {"v": text[:60], "new": old.successor.name_vi}
            return None, _("“%(v)s” is no longer a unit of the directory.") % {"v": text[:60]}
        return None, _("“%(v)s” is not a city or province of the directory.") % {"v": text[:60]}


def read_number(raw) -> Decimal | None:
    """A number as typed: 0.834, 0,834 (a decimal comma) or a spreadsheet's number; None
    when it is not one."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float | Decimal):
        text = str(raw)
    else:
        text = _text(raw).replace("\u00a0", "").replace(" ", "")
        if "," in text and "." not in text and text.count(",") == 1:
            text = text.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", text):
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _places(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _component(fw: frameworks.Framework, text: str) -> str | None:
    key = _key(text)
    if key in TOTAL_ALIASES and fw.aggregation != "none":
        return frameworks.TOTAL
    return next((k for k in frameworks.component_keys(fw) if _key(k) == key), None)


def check_row(
    fw: frameworks.Framework,
    edition: frameworks.Edition,
    raw: dict,
    *,
    row: int | None,
    directory: Directory,
    allowed: set[int],
    default_source: str = "",
) -> tuple[dict | None, list[Problem]]:
    """One figure as given (the keys of LABELS): the cell to save, or what is wrong with it."""
    problems: list[Problem] = []

    def wrong(column: str, message: str) -> None:
        problems.append(Problem(row, column, message))

    for column in REQUIRED:
        if not _text(raw.get(column)):
            wrong(column, _("required."))
    component = None
    if text := _text(raw.get("component")):
        component = _component(fw, text)
        if component is None:
            wrong(
                "component",
                _("the framework %(fw)s has no component “%(v)s” (its codes: %(codes)s).")
                % {
                    "fw": fw.name_vi,
                    "v": text[:40],
                    "codes": ", ".join(frameworks.component_keys(fw)) or "—",
                },
            )
    locality = None
    if text := _text(raw.get("locality")):
        locality, why = directory.match(text)
        if locality is None:
            wrong("locality", why)
        elif locality.pk not in allowed:
            wrong(
                "locality",
                _(
                    "%(city)s is not a city you manage: you import and enter the figures of "
                    "your own city only."
                )
                % {"city": locality.name_vi},
            )
    value = None
    if _text(raw.get("value")):
        value = read_number(raw.get("value"))
        if value is None:
            wrong(
                "value",
                _("“%(v)s” is not a number (write 0.834 or 0,834).")
                % {"v": _text(raw.get("value"))[:40]},
            )
        elif value.adjusted() >= MAX_DIGITS or _places(value) > 6:
            wrong(
                "value",
                _("%(v)s has too many digits (at most 14 before the point and 6 after).")
                % {"v": _text(raw.get("value"))[:40]},
            )
            value = None
    rank = None
    if _text(raw.get("rank")):
        number = read_number(raw.get("rank"))
        if number is None or number != number.to_integral_value() or number < 1:
            wrong(
                "rank",
                _("“%(v)s” is not a rank: a whole number from 1.") % {"v": _text(raw["rank"])[:40]},
            )
        elif edition.of is not None and number > edition.of:
            wrong(
                "rank",
                _("rank %(r)s, but the %(year)s edition ranked %(n)s places.")
                % {"r": int(number), "year": edition.year, "n": edition.of},
            )
        elif component is not None and component != frameworks.TOTAL:
            wrong("rank", _("a rank goes with the total only, not with a component."))
        else:
            rank = int(number)
    source = _text(raw.get("source")) or default_source
    if not source:
        wrong("source", _("required (or give the table's source in the form)."))
    elif len(source) > MAX_SOURCE:
        wrong(
            "source",
            _("%(n)s characters, more than the %(max)s allowed.")
            % {"n": len(source), "max": MAX_SOURCE},
        )
    else:
        try:
            URLValidator(schemes=["http", "https"])(source)
        except ValidationError:
            wrong(
                "source",
                _("“%(v)s” is not a web address (http:// or https://).") % {"v": source[:60]},
            )
    if problems:
        return None, problems
    return {
        "row": row,
        "component": component,
        "locality": locality.pk,
        "code": locality.code,
        "city": locality.name_vi,
        "value": str(value),
        "rank": rank,
        "source": source,
    }, []


def check_together(
    fw: frameworks.Framework,
    edition: frameworks.Edition,
    cells: list[dict],
    *,
    keep: int | None = None,
) -> tuple[list[dict], list[dict], list[Problem]]:
    """The figures of one table (or one form) against each other, the data file and what is
    kept: (the cells to save, the cells the data file already has alike, the problems).
    ``keep``: the pk of the row a form is editing (it is not a duplicate of itself)."""
    problems: list[Problem] = []
    seen: dict[tuple[str, int], int | None] = {}
    fresh: list[dict] = []
    same: list[dict] = []
    for cell in cells:
        key = (cell["component"], cell["locality"])
        if key in seen:
            problems.append(
                Problem(
                    cell["row"],
                    "component",
                    _("%(c)s of %(city)s is already on row %(first)s.")
                    % {"c": cell["component"], "city": cell["city"], "first": seen[key]},
                )
            )
            continue
        seen[key] = cell["row"]
        read = edition.values.get(cell["code"])
        known = None
        if read is not None:
            known = (
                read.total
                if cell["component"] == frameworks.TOTAL
                else read.components.get(cell["component"])
            )
        file_rank = (
            read.rank if read is not None and cell["component"] == frameworks.TOTAL else None
        )
        if known is None and cell["rank"] is not None and file_rank not in (None, cell["rank"]):
            problems.append(
                Problem(
                    cell["row"],
                    "rank",
                    _(
                        "the published-index data already has rank %(known)s for %(city)s in "
                        "%(year)s (read in %(src)s); it is not replaced here."
                    )
                    % {
                        "known": file_rank,
                        "city": cell["city"],
                        "year": edition.year,
                        "src": read.source,
                    },
                )
            )
        elif known is None:
            fresh.append(cell)
        elif Decimal(cell["value"]) == known and cell["rank"] in (None, read.rank):
            same.append(cell)
        else:
            problems.append(
                Problem(
                    cell["row"],
                    "value",
                    _(
                        "the published-index data already has %(known)s for %(c)s of %(city)s "
                        "in %(year)s (read in %(src)s); it is not replaced here."
                    )
                    % {
                        "known": known,
                        "c": cell["component"],
                        "city": cell["city"],
                        "year": edition.year,
                        "src": read.source,
                    },
                )
            )
    if frameworks.summed(fw):
        problems += _sums(fw, edition, fresh + same, keep)
    return fresh, same, problems


def _sums(
    fw: frameworks.Framework, edition: frameworks.Edition, cells: list[dict], keep: int | None
) -> list[Problem]:
    """Each city's figures once the table is saved (the data file's, those kept, the table's),
    at every level the data file says is a sum (the total of its top-level components, a
    component of its parts): a level that does not add up is named on the row of its value
    in the table, else on the row of one of its parts (a level none of the table's figures
    enters is not the table's to answer for)."""
    problems = []
    cities = sorted({c["locality"] for c in cells})
    kept = PublishedValue.objects.filter(
        framework=fw.key, year=edition.year, locality__in=cities
    ).exclude(pk=keep)
    stored: dict[int, dict[str, Decimal]] = {}
    for row in kept:
        stored.setdefault(row.locality_id, {})[row.component] = row.published
    parts = dict(frameworks.summed(fw))
    for pk in cities:
        mine = {c["component"]: c for c in cells if c["locality"] == pk}
        first = next(iter(mine.values()))
        read = edition.values.get(first["code"])
        figures = {**stored.get(pk, {}), **(frameworks.figures(read) if read else {})}
        figures.update({key: Decimal(c["value"]) for key, c in mine.items()})
        for wrong in frameworks.mismatches(fw, figures, edition):
            at = mine.get(wrong.key) or next(
                (mine[p.key] for p in parts[wrong.key] if p.key in mine), None
            )
            if at is None:
                continue
            said = {
                "city": at["city"],
                "sum": _figure(wrong.parts),
                "total": _figure(wrong.value),
                "fw": fw.key.upper(),
                "tol": _figure(wrong.tolerance),
            }
            if wrong.key == frameworks.TOTAL:
                message = _(
                    "the components of %(city)s do not add up: their sum is %(sum)s, the total "
                    "is %(total)s (%(fw)s allows a difference of %(tol)s)."
                )
            else:
                # the component by its name, and its key for the file's column
                part = next((c for c in fw.components if c.key == wrong.key), None)
                name = part.name(translation.get_language() or "vi") if part else ""
                said["c"] = f"“{name}” ({wrong.key})" if name else wrong.key
                message = _(
                    "the parts of %(c)s of %(city)s do not add up: their sum is %(sum)s, the "
                    "value of %(c)s is %(total)s (%(fw)s allows a difference of %(tol)s)."
                )
            problems.append(Problem(at["row"], "value", message % said))
    return problems


def _figure(value) -> str:
    """A figure as written in the page's language (5,02 in Vietnamese), its decimals kept."""
    amount = Decimal(str(value))
    return _number(amount, max(0, -amount.as_tuple().exponent))


def parse(
    name: str,
    data: bytes,
    choice: str,
    *,
    allowed: Iterable[int],
    default_source: str = "",
) -> Parsed:
    """Check every row of an uploaded table of one framework and year (``key:year``); the
    figures ready to save, or every error found."""
    result = Parsed()
    found = find(choice)
    if found is None:
        result.errors.append(unknown_edition(choice))
        return result
    fw, edition = found
    rows, result.errors = read_rows(
        name,
        data,
        columns=COLUMNS,
        labels=LABELS,
        required=REQUIRED,
        ignored=IGNORED,
        max_bytes=MAX_BYTES,
        max_rows=MAX_ROWS,
    )
    if result.errors:
        return result
    directory, allowed = Directory(), set(allowed)
    cells, problems = [], []
    for number, raw in rows:
        cell, wrong = check_row(
            fw,
            edition,
            raw,
            row=number,
            directory=directory,
            allowed=allowed,
            default_source=default_source,
        )
        problems += wrong
        if cell is not None:
            cells.append(cell)
    fresh, same, together = check_together(fw, edition, cells)
    problems += together
    problems.sort(key=lambda p: (p.row or 0, FIELDS.index(p.column)))
    result.errors = [p.said() for p in problems]
    if not result.errors:
        result.cells, result.same = fresh, same
        if not fresh and not same:
            result.errors.append(_("The file has no figure."))
    return result


def save(
    choice: str, cells: list[dict], *, is_public: bool, by, keep: int | None = None
) -> list[PublishedValue]:
    """Keep the checked figures of one framework and year, all or nothing (a figure already
    kept for the same city and component is replaced, with its history)."""
    fw, edition = find(choice) or (None, None)
    if fw is None:
        raise ValueError(unknown_edition(choice))
    saved = []
    with transaction.atomic():
        for cell in cells:
            value = Decimal(cell["value"])
            row, _created = PublishedValue.objects.select_for_update().get_or_create(
                framework=fw.key,
                year=edition.year,
                locality_id=cell["locality"],
                component=cell["component"],
                defaults={"value": value, "places": _places(value), "source": cell["source"]},
            )
            row.value, row.places = value, _places(value)
            row.rank, row.source = cell["rank"], cell["source"]
            row.is_public, row.entered_by = is_public, by
            row.save()
            saved.append(row)
    return saved


def delete(value: PublishedValue, *, by) -> None:
    """Delete a figure the city imported or entered; its history keeps it, and who deleted
    it. The framework's page then shows the data file's figure, if any, or none."""
    with transaction.atomic():
        value._history_user = by
        value.delete()


def component_name(value: PublishedValue, lang: str) -> str:
    """The component of a figure as people read it: the index itself, or the component's name
    (its key where the framework no longer names it)."""
    fw = frameworks.framework(value.framework)
    if value.component == frameworks.TOTAL:
        return fw.name(lang) if fw else value.framework
    found = next((c for c in fw.components if c.key == value.component), None) if fw else None
    return found.name(lang) if found else value.component


def visible_to(user, fw_key: str | None = None):
    """The figures (of one framework, or all) the user reads: the public ones, and all those of
    the user's cities and their partners."""
    from django.db.models import Q

    from hoptac.core.queries import scope_for

    rows = PublishedValue.objects.select_related("locality")
    if fw_key is not None:
        rows = rows.filter(framework=fw_key)
    if getattr(user, "is_superuser", False):
        return rows
    scope = scope_for(user)
    cities = set(scope.localities) | set(scope.partner_localities)
    return rows.filter(Q(is_public=True) | Q(locality__in=cities))


def template_rows(fw: frameworks.Framework) -> list[list]:
    """The header, and one empty row per component (its key filled in)."""
    return [
        [LABELS[name] for name in FIELDS],
        *([key, "", "", "", ""] for key in frameworks.component_keys(fw)),
    ]


def as_xlsx(fw: frameworks.Framework) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = fw.key.upper()[:31]
    for row in template_rows(fw):
        sheet.append(safe_row(row))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDE", (18, 24, 14, 12, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    notes = book.create_sheet("Huong dan")
    notes.append(safe_row(("Mã thành phần", "Tên (tiếng Việt)", "Tên (tiếng Anh)")))
    if fw.aggregation != "none":
        notes.append(safe_row((frameworks.TOTAL, "Tổng điểm (thứ hạng ở dòng này)", "Total")))
    for c in fw.components:
        notes.append(safe_row((c.key, c.name_vi, c.name_en)))
    notes.append(safe_row(()))
    for line in (
        ("Cột", "Bắt buộc", "Giá trị"),
        (LABELS["component"], "Có", "Một mã ở bảng trên"),
        (LABELS["locality"], "Có", "Tên hoặc mã địa phương (đơn vị hành chính hiện hành)"),
        (LABELS["value"], "Có", "Số như đã công bố, ví dụ 0,8340"),
        (LABELS["rank"], "Không", "Số nguyên, chỉ ở dòng tổng"),
        (LABELS["source"], "Không", "Địa chỉ web của bảng đã công bố (hoặc ghi ở biểu mẫu)"),
    ):
        notes.append(safe_row(line))
    return exports.xlsx_bytes(book)


def as_csv(fw: frameworks.Framework) -> bytes:
    return csv_bytes(template_rows(fw))
