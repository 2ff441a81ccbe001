"""Imports of the vocabularies the cities keep as CSV: VSIC codes, Decision 38/2020 items and the
priority sectors. Every row is checked before anything is written; loading twice changes nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import connections, router, transaction
from django.utils.translation import gettext as _

from hoptac.core.models import Locality

from .models import PriorityItem, PriorityList, PrioritySector, VsicCode, VsicVersion

DATA = Path(__file__).resolve().parent / "data"

# Divisions (2 digits) per section letter; ISIC Rev.4 for VSIC 2018, ISIC Rev.5 for VSIC 2025.
_SECTIONS = {
    "2018": "A01-03 B05-09 C10-33 D35-35 E36-39 F41-43 G45-47 H49-53 I55-56 J58-63 K64-66 "
    "L68-68 M69-75 N77-82 O84-84 P85-85 Q86-88 R90-93 S94-96 T97-98 U99-99",
    "2025": "A01-03 B05-09 C10-33 D35-35 E36-39 F41-43 G46-47 H49-53 I55-56 J58-60 K61-63 "
    "L64-66 M68-68 N69-75 O77-82 P84-84 Q85-85 R86-88 S90-93 T94-96 U97-98 V99-99",
}


def section_of(version: str, code: str) -> str | None:
    if code.isalpha():
        return code.upper()
    division = int(code[:2])
    for part in _SECTIONS[version].split():
        lo, hi = int(part[1:3]), int(part[4:6])
        if lo <= division <= hi:
            return part[0]
    return None


class ImportProblem(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _rows(source: str | Path | Iterable[str]) -> list[dict[str, str]]:
    if isinstance(source, (str, Path)):
        with open(source, encoding="utf-8-sig", newline="") as handle:
            return list(csv.DictReader(handle))
    return list(csv.DictReader(io.StringIO("".join(source))))


def _upsert(model, lookup: dict, values: dict) -> bool:
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        model.objects.create(**lookup, **values)
        return True
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    for k in changed:
        setattr(obj, k, values[k])
    if changed:
        obj.save(update_fields=changed)
    return bool(changed)


@dataclass(frozen=True)
class VsicRow:
    """One checked row of a VSIC list, ready to be written."""

    version: str
    code: str
    level: int
    section: str
    name_vi: str
    name_en: str


_VSIC_FIELDS = ("level", "section", "name_vi", "name_en")


def read_vsic(source: str | Path | Iterable[str] = DATA / "vsic.csv") -> list[VsicRow]:
    """Check every row of a VSIC list (columns version, code, name_vi, name_en) without touching
    the database; raises ImportProblem listing each bad line."""
    problems: list[str] = []
    clean: list[VsicRow] = []
    for n, row in enumerate(_rows(source), start=2):
        version, code = (row.get("version") or "").strip(), (row.get("code") or "").strip()
        name_vi = (row.get("name_vi") or "").strip()
        if version not in VsicVersion.values:
            problems.append(_("Line %(n)d: unknown VSIC version “%(v)s”.") % {"n": n, "v": version})
            continue
        valid = (len(code) == 1 and code.isalpha()) or (code.isdigit() and 2 <= len(code) <= 5)
        section = section_of(version, code) if valid else None
        if not valid or section is None:
            problems.append(_("Line %(n)d: “%(c)s” is not a VSIC code.") % {"n": n, "c": code})
            continue
        if not name_vi:
            problems.append(_("Line %(n)d: the Vietnamese name is missing.") % {"n": n})
            continue
        level = 0 if code.isalpha() else len(code) - 1
        name_en = (row.get("name_en") or "").strip()
        clean.append(VsicRow(version, code.upper(), level, section, name_vi, name_en))
    if problems:
        raise ImportProblem(problems)
    return clean


def write_vsic(rows: Iterable[VsicRow]) -> int:
    """Write checked rows: new codes in one multi-row insert, changed names updated; returns the
    number of rows written (0 when the database already holds them all as given)."""
    existing = {
        (version, code): (pk, (level, section, name_vi, name_en))
        for pk, version, code, level, section, name_vi, name_en in VsicCode.objects.values_list(
            "pk", "version", "code", *_VSIC_FIELDS
        )
    }
    new: list[VsicRow] = []
    written = 0
    with transaction.atomic():
        for row in rows:
            held = existing.get((row.version, row.code))
            if held is None:
                new.append(row)
                continue
            pk, values = held
            wanted = (row.level, row.section, row.name_vi, row.name_en)
            if values != wanted:
                changes = dict(zip(_VSIC_FIELDS, wanted, strict=True))
                VsicCode.objects.filter(pk=pk).update(**changes)
                written += 1
        _insert_vsic(new)
    return written + len(new)


# Rows per INSERT: 150 rows of 6 values stay under SQLite's oldest limit of 999 parameters.
_INSERT_BATCH = 150


def _insert_vsic(rows: list[VsicRow]) -> None:
    """Multi-row INSERTs of 150 rows each: bulk_create spent ~0.1 s of CPU compiling 1,770 rows
    into SQL for each test that loads the shipped list, and executemany sends one statement a row
    (slower than bulk_create on PostgreSQL)."""
    if not rows:
        return
    columns = ("version", "code", *_VSIC_FIELDS)
    connection = connections[router.db_for_write(VsicCode)]
    quote = connection.ops.quote_name
    head = "INSERT INTO {} ({}) VALUES ".format(  # noqa: S608 - names are the model's own
        quote(VsicCode._meta.db_table),
        ", ".join(quote(VsicCode._meta.get_field(c).column) for c in columns),
    )
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        for i in range(0, len(rows), _INSERT_BATCH):
            batch = rows[i : i + _INSERT_BATCH]
            cursor.execute(
                head + ", ".join([one] * len(batch)),
                [getattr(row, c) for row in batch for c in columns],
            )


def import_vsic(source: str | Path | Iterable[str] = DATA / "vsic.csv") -> int:
    """Load VSIC codes (columns version, code, name_vi, name_en); returns rows written. Every row
    is checked before anything is written."""
    return write_vsic(read_vsic(source))


PRIORITY_LISTS = {
    "QD38-2020-CN": (
        "Danh mục công nghệ cao được ưu tiên đầu tư phát triển",
        "List of high technologies prioritised for investment and development",
        "Quyết định 38/2020/QĐ-TTg, Phụ lục I",
        "Decision 38/2020/QĐ-TTg, Annex I",
    ),
    "QD38-2020-SP": (
        "Danh mục sản phẩm công nghệ cao được khuyến khích phát triển",
        "List of high-tech products encouraged for development",
        "Quyết định 38/2020/QĐ-TTg, Phụ lục II",
        "Decision 38/2020/QĐ-TTg, Annex II",
    ),
}


def import_priority_items(source: str | Path | Iterable[str] = DATA / "priority_items.csv") -> int:
    """Load items of the Decision 38/2020 lists (list, item, kind, name_vi, name_en, tags)."""
    import datetime as dt

    rows = _rows(source)
    problems = []
    for n, row in enumerate(rows, start=2):
        if row.get("list") not in PRIORITY_LISTS:
            problems.append(_("Line %(n)d: unknown list “%(l)s”.") % {"n": n, "l": row.get("list")})
        if row.get("kind") not in PriorityItem.Kind.values:
            problems.append(_("Line %(n)d: unknown kind “%(k)s”.") % {"n": n, "k": row.get("kind")})
    if problems:
        raise ImportProblem(problems)
    written = 0
    with transaction.atomic():
        lists = {}
        for code, (vi, en, basis, basis_en) in PRIORITY_LISTS.items():
            written += _upsert(
                PriorityList,
                {"code": code.lower()},
                {
                    "name_vi": vi,
                    "name_en": en,
                    "legal_basis": basis,
                    "legal_basis_en": basis_en,
                    "effective_from": dt.date(2021, 2, 15),
                },
            )
            lists[code] = PriorityList.objects.get(code=code.lower())
        for row in rows:
            written += _upsert(
                PriorityItem,
                {"priority_list": lists[row["list"]], "code": row["item"].strip()},
                {
                    "kind": row["kind"],
                    "name_vi": row["name_vi"].strip(),
                    "name_en": row["name_en"].strip(),
                    "tags": row.get("tags", "").strip(),
                },
            )
    return written


def import_priority_sectors(
    source: str | Path | Iterable[str] = DATA / "priority_sectors.csv",
) -> int:
    """Load the cities' priority sectors (vocabulary, locality, code, names, VSIC codes, items)."""
    rows = _rows(source)
    localities = {loc.code: loc for loc in Locality.objects.all()}
    items = {i.code: i for i in PriorityItem.objects.all()}
    known = set(VsicCode.objects.values_list("version", "code"))
    problems = []
    for n, row in enumerate(rows, start=2):
        if row.get("locality") and row["locality"] not in localities:
            problems.append(
                _("Line %(n)d: no locality with code %(c)s.") % {"n": n, "c": row["locality"]}
            )
        for code in row.get("vsic_codes", "").split():
            if (row.get("vsic_version"), code) not in known:
                problems.append(
                    _("Line %(n)d: VSIC %(v)s has no code %(c)s.")
                    % {"n": n, "v": row.get("vsic_version"), "c": code}
                )
        for item in row.get("items", "").split():
            if item not in items:
                problems.append(_("Line %(n)d: unknown item %(i)s.") % {"n": n, "i": item})
    if problems:
        raise ImportProblem(problems)
    written = 0
    with transaction.atomic():
        for row in rows:
            lookup = {"vocabulary": row["vocabulary"].strip(), "code": row["code"].strip()}
            written += _upsert(
                PrioritySector,
                lookup,
                {
                    "locality": localities.get(row.get("locality") or ""),
                    "name_vi": row["name_vi"].strip(),
                    "name_en": row["name_en"].strip(),
                    "vsic_version": row["vsic_version"],
                    "vsic_codes": " ".join(row.get("vsic_codes", "").split()),
                },
            )
            sector = PrioritySector.objects.get(**lookup)
            wanted = {items[i].pk for i in row.get("items", "").split()}
            have = set(sector.items.values_list("pk", flat=True))
            if wanted != have:
                sector.items.set(wanted)
                written += 1
    return written
