"""Frameworks of published indexes (DTI, PAR Index, SIPAS, PAPI, PCI) and city indicator lists
(ISO 37120, 37122) as data: each a tree of components and, per year, the values published for
the cities, each edition with its source (``data/frameworks.json``). Rankings are kept as
published, never recomputed.

A component may be part of another (``parent``: dimensions → sub-dimensions → indicators, to
any depth). Where the data file says a value is the sum of its parts (the framework's
``aggregation`` "sum" for the total and its top-level components; a component's own
``aggregation`` "sum" for its parts), a city's figures are checked at that level once it has
the value and every part; a partial set is never summed.

The values the maintainers read are in the data file; those a city imports from the published
table or enters by hand are ``PublishedValue`` rows (``published_values``), kept only where the
file has none, and read with the file's by ``with_entered``: each figure has one home.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

DATA = Path(__file__).parent / "data" / "frameworks.json"
TOLERANCE = Decimal("0.0002")  # published components are rounded to four decimals

# Every value of data/frameworks.json is a published figure with its source (none is demo data);
# said with each export and API answer so that a reader never takes a demo figure for it.
STATUS_PUBLISHED = "published"
TOTAL = "total"


@dataclass(frozen=True)
class Component:
    key: str
    name_vi: str
    name_en: str
    theme: str = ""
    unit: str = ""
    parent: str = ""  # the key of the component it is a part of ("" at the top)
    # "sum" when the data file says its value is the sum of its parts (checked); "" otherwise
    aggregation: str = ""
    depth: int = 0  # 0 at the top
    # Where this component was read, when not in the framework's components_source ("" there)
    source: str = ""

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_vi


@dataclass(frozen=True)
class CityValue:
    total: Decimal | None
    rank: int | None
    components: dict[str, Decimal]
    source: str
    note: str = ""  # English; note_vi in Vietnamese (either may be missing)
    note_vi: str = ""
    # The figures a city imported or entered (kept in the database, not in the data file):
    # per component key (or ``total``), where they are kept and their source
    entered: dict[str, Entered] = field(default_factory=dict)


@dataclass(frozen=True)
class Entered:
    """A figure of a city's value that the city imported or entered: its row and source."""

    pk: int
    locality_id: int
    source: str


@dataclass(frozen=True)
class Edition:
    year: int
    source: str
    of: int | None
    values: dict[str, CityValue]  # by locality code
    year_note: str = ""
    year_note_vi: str = ""
    # How far a sum may be from its parts in this edition, when it was published with other
    # decimals than the framework's usual ones (None: the framework's tolerance)
    tolerance: Decimal | None = None


def said(obj: object, field: str, lang: str) -> str:
    """A note of the data file in the page's language: ``<field>`` is English, ``<field>_vi``
    Vietnamese; a Vietnamese page falls back on the English only when no Vietnamese was
    written (and an English page on the Vietnamese)."""
    english, vietnamese = getattr(obj, field, ""), getattr(obj, f"{field}_vi", "")
    return (english or vietnamese) if lang == "en" else (vietnamese or english)


@dataclass(frozen=True)
class Framework:
    key: str
    name_vi: str
    name_en: str
    publisher: str
    scale: str
    aggregation: str  # "sum", "published" (weighted, weights not read) or "none" (a list)
    aggregation_note: str
    components_source: str
    components: tuple[Component, ...]
    editions: tuple[Edition, ...] = field(default=())
    # The notes in Vietnamese (the fields above without the suffix are English, but the
    # publisher is Vietnamese: publisher_en is its English)
    aggregation_note_vi: str = ""
    scale_vi: str = ""
    publisher_en: str = ""
    # How far a total may be from the sum of its components (a "sum" framework's published
    # figures are rounded): stated in the data file with the framework
    tolerance: Decimal = TOLERANCE
    # Further sources of the list (e.g. of its themes) beside components_source and the
    # components' own sources
    components_also_from: tuple[str, ...] = ()

    @property
    def components_sources(self) -> list[str]:
        """Every source its components were read in, each once: components_source first, then
        the further ones, then the components' own."""
        found = [self.components_source, *self.components_also_from]
        found += [c.source for c in self.components]
        return list(dict.fromkeys(s for s in found if s))

    def publisher_in(self, lang: str) -> str:
        return (self.publisher_en or self.publisher) if lang == "en" else self.publisher

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_vi

    @property
    def is_verified(self) -> bool:
        """Whether anything of it was read: its components or a published value."""
        return bool(self.components or self.editions)

    def parts(self, key: str = "") -> list[Component]:
        """The components directly under ``key`` (the top-level ones for "" or ``total``)."""
        key = "" if key == TOTAL else key
        return [c for c in self.components if c.parent == key]

    @property
    def is_tree(self) -> bool:
        """Whether some component is part of another."""
        return any(c.parent for c in self.components)

    def tolerance_in(self, edition: Edition | None) -> Decimal:
        return edition.tolerance if edition and edition.tolerance is not None else self.tolerance


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


@functools.cache
def catalogue() -> tuple[Framework, ...]:
    """Every framework of the data file, in its order."""
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    return tuple(_framework(f) for f in raw["frameworks"])


def framework(key: str) -> Framework | None:
    return next((f for f in catalogue() if f.key == key), None)


def _framework(f: dict) -> Framework:
    editions = []
    for e in f["editions"]:
        values = {
            code: CityValue(
                total=_decimal(v.get("total")),
                rank=v.get("rank"),
                components={k: Decimal(x) for k, x in v.get("components", {}).items()},
                source=v.get("source", e["source"]),
                note=v.get("note", ""),
                note_vi=v.get("note_vi", ""),
            )
            for code, v in e["values"].items()
        }
        editions.append(
            Edition(
                e["year"],
                e["source"],
                e.get("of"),
                values,
                e.get("year_note", ""),
                e.get("year_note_vi", ""),
                _decimal(e.get("tolerance")),
            )
        )
    return Framework(
        key=f["key"],
        name_vi=f["name_vi"],
        name_en=f["name_en"],
        publisher=f["publisher"],
        scale=f["scale"],
        aggregation=f["aggregation"],
        aggregation_note=f["aggregation_note"],
        components_source=f["components_source"],
        components=tree(f["key"], f["components"]),
        editions=tuple(sorted(editions, key=lambda e: e.year)),
        aggregation_note_vi=f.get("aggregation_note_vi", ""),
        scale_vi=f.get("scale_vi", ""),
        publisher_en=f.get("publisher_en", ""),
        tolerance=Decimal(f["tolerance"]) if "tolerance" in f else TOLERANCE,
        components_also_from=tuple(f.get("components_also_from", ())),
    )


AGGREGATIONS = {"", "sum"}


def tree(framework: str, raw: list[dict]) -> tuple[Component, ...]:
    """The components of the data file in the order of their tree (each followed by its parts,
    siblings in the file's order), with their depth; ValueError for a key given twice, a parent
    that is not a component of the framework, a component that is its own ancestor, or an
    unknown aggregation."""
    keys = [c["key"] for c in raw]
    if len(set(keys)) != len(keys) or TOTAL in keys:
        raise ValueError(f"{framework}: a component key is given twice (or is '{TOTAL}')")
    parent_of = {c["key"]: c.get("parent", "") for c in raw}
    for key, parent in parent_of.items():
        if parent and parent not in parent_of:
            raise ValueError(f"{framework}: {key} is part of {parent}, which is no component")
        seen, up = {key}, parent
        while up:
            if up in seen:
                raise ValueError(f"{framework}: {key} is part of itself")
            seen.add(up)
            up = parent_of[up]
    for c in raw:
        if c.get("aggregation", "") not in AGGREGATIONS:
            raise ValueError(f"{framework}: {c['key']} has an unknown aggregation")
    ordered: list[Component] = []

    def add(parent: str, depth: int) -> None:
        for c in raw:
            if c.get("parent", "") == parent:
                ordered.append(
                    Component(
                        c["key"],
                        c["name_vi"],
                        c["name_en"],
                        c.get("theme", ""),
                        c.get("unit", ""),
                        parent,
                        c.get("aggregation", ""),
                        depth,
                        c.get("source", ""),
                    )
                )
                add(c["key"], depth + 1)

    add("", 0)
    return tuple(ordered)


def find_edition(fw: Framework, year: int) -> Edition | None:
    return next((e for e in fw.editions if e.year == year), None)


def component_keys(fw: Framework) -> list[str]:
    """What a figure of the framework may be: ``total`` (unless the framework is a list of
    indicators with no total), then each component."""
    keys = [] if fw.aggregation == "none" else [TOTAL]
    return keys + [c.key for c in fw.components]


@dataclass(frozen=True)
class Mismatch:
    """A value the data file says is the sum of its parts, and the sum its parts make."""

    key: str  # ``total`` or a component's key
    parts: Decimal
    value: Decimal
    tolerance: Decimal


def summed(fw: Framework) -> list[tuple[str, list[Component]]]:
    """Every value the data file says is the sum of its parts, with its parts: the total when
    the framework's aggregation is "sum" (its top-level components), and each component whose
    own aggregation is "sum"."""
    found = [(TOTAL, fw.parts())] if fw.aggregation == "sum" and fw.components else []
    found += [(c.key, fw.parts(c.key)) for c in fw.components if c.aggregation == "sum"]
    return [(key, parts) for key, parts in found if parts]


def mismatches(
    fw: Framework, figures: dict[str, Decimal], edition: Edition | None = None
) -> list[Mismatch]:
    """Every level of a city's figures that does not add up: a value the data file says is the
    sum of its parts, when the figures have it and every part and the two differ by more than
    the tolerance (the edition's, else the framework's). A partial set is never summed: a
    value is published, not recomputed."""
    tolerance = fw.tolerance_in(edition)
    found = []
    for key, parts in summed(fw):
        value = figures.get(key)
        values = [figures.get(c.key) for c in parts]
        if value is None or any(v is None for v in values):
            continue
        expected = sum(values, Decimal(0))
        if abs(expected - value) > tolerance:
            found.append(Mismatch(key, expected, value, tolerance))
    return found


def does_not_add_up(fw: Framework, figures: dict[str, Decimal]) -> tuple[Decimal, Decimal] | None:
    """For a framework whose total is the sum of its top-level components: (the components'
    sum, the total) when a city's figures have the total and every such component and the two
    differ by more than the framework's tolerance; None otherwise (``mismatches`` checks
    every level)."""
    wrong = next((m for m in mismatches(fw, figures) if m.key == TOTAL), None)
    return None if wrong is None else (wrong.parts, wrong.value)


def figures(value: CityValue) -> dict[str, Decimal]:
    """A city's figures by key, the total under ``total``."""
    found = dict(value.components)
    if value.total is not None:
        found[TOTAL] = value.total
    return found


def with_entered(fw: Framework, rows) -> Framework:
    """The framework with the figures the cities imported or entered (``PublishedValue`` rows,
    with ``locality`` loaded) added to its editions' values. A row never replaces a figure of
    the data file (the import refuses one that would); a row of a year the file no longer
    lists is left out."""
    by_year: dict[int, dict[str, list]] = {}
    for row in rows:
        by_year.setdefault(row.year, {}).setdefault(row.locality.code, []).append(row)
    if not by_year:
        return fw
    editions = []
    for e in fw.editions:
        values = dict(e.values)
        for code, cells in by_year.get(e.year, {}).items():
            old = values.get(code)
            total, rank = (old.total, old.rank) if old else (None, None)
            components = dict(old.components) if old else {}
            entered = dict(old.entered) if old else {}
            for cell in cells:
                known = total if cell.component == TOTAL else components.get(cell.component)
                if known is not None:
                    continue
                if cell.component == TOTAL:
                    # a rank the file read stays (the import refuses another one)
                    total, rank = cell.published, rank if rank is not None else cell.rank
                else:
                    components[cell.component] = cell.published
                entered[cell.component] = Entered(cell.pk, cell.locality_id, cell.source)
            source = old.source if old else cells[0].source
            values[code] = CityValue(
                total,
                rank,
                components,
                source,
                old.note if old else "",
                old.note_vi if old else "",
                entered,
            )
        editions.append(dataclasses.replace(e, values=values))
    return dataclasses.replace(fw, editions=tuple(editions))


def check(fw: Framework) -> list[str]:
    """What does not hold in a framework's values: an unknown component, a total given with
    some of its top-level components but not all (for a framework whose total is their sum),
    or a level that does not add up (``mismatches``)."""
    problems = []
    keys = {c.key for c in fw.components}
    top = {c.key for c in fw.parts()}
    for edition in fw.editions:
        for code, value in edition.values.items():
            unknown = set(value.components) - keys
            if unknown:
                problems.append(
                    f"{fw.key} {edition.year} {code}: unknown components {sorted(unknown)}"
                )
            given = top & set(value.components)
            if fw.aggregation == "sum" and value.total is not None and given and given != top:
                problems.append(f"{fw.key} {edition.year} {code}: components missing")
            for wrong in mismatches(fw, figures(value), edition):
                problems.append(
                    f"{fw.key} {edition.year} {code}: the parts of {wrong.key} add up to "
                    f"{wrong.parts}, not {wrong.value}"
                )
    return problems


@dataclass
class Row:
    """One line of a framework's side-by-side table: the total or a component, per city."""

    label: str
    values: list[Decimal | None]
    ranks: list[int | None] = field(default_factory=list)
    # Per city, the figure's row when the city imported or entered it (None: the data file's)
    entered: list[Entered | None] = field(default_factory=list)
    key: str = TOTAL
    depth: int = 0  # 0 for the total and the top-level components
    parent: str = ""
    has_parts: bool = False
    summed: bool = False  # the data file says the value is the sum of its parts

    @property
    def cells(self) -> list[tuple[Decimal | None, int | None]]:
        """(value, rank) per city; the rank only on the total."""
        return list(zip(self.values, self.ranks or [None] * len(self.values), strict=True))

    @property
    def cells_entered(self) -> list[tuple[Decimal | None, int | None, Entered | None]]:
        """(value, rank, the row of an imported or entered figure) per city."""
        n = len(self.values)
        return list(
            zip(self.values, self.ranks or [None] * n, self.entered or [None] * n, strict=True)
        )

    @property
    def gap(self) -> Decimal | None:
        if len(self.values) != 2 or None in self.values:
            return None
        return self.values[0] - self.values[1]

    @property
    def places(self) -> int:
        """The decimals the values were published with (0.8340 → 4): the gap is said alike."""
        return max((places(v) for v in self.values if v is not None), default=0)


def places(value: Decimal) -> int:
    exponent = Decimal(value).as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def side_by_side(fw: Framework, codes: list[str], lang: str) -> list[dict]:
    """Per edition, newest first: the total (with the ranks) and each component in the order of
    the tree (each row with its depth and parent), per city."""
    tables = []
    for edition in reversed(fw.editions):
        cities = [edition.values.get(code) for code in codes]
        sums = {key for key, _parts in summed(fw)}
        rows = [
            Row(
                "total",
                [c.total if c else None for c in cities],
                [c.rank if c else None for c in cities],
                [c.entered.get(TOTAL) if c else None for c in cities],
                summed=TOTAL in sums,
            )
        ]
        with_parts = {c.parent for c in fw.components if c.parent}
        rows += [
            Row(
                comp.name(lang),
                [c.components.get(comp.key) if c else None for c in cities],
                entered=[c.entered.get(comp.key) if c else None for c in cities],
                key=comp.key,
                depth=comp.depth,
                parent=comp.parent,
                has_parts=comp.key in with_parts,
                summed=comp.key in sums,
            )
            for comp in fw.components
        ]
        tables.append(
            {
                "edition": edition,
                "rows": rows,
                "cities": cities,
                "year_note": said(edition, "year_note", lang),
                "notes": [n for c in cities if c and (n := said(c, "note", lang))],
            }
        )
    return tables


@dataclass(frozen=True)
class Point:
    year: int
    value: Decimal | None
    rank: int | None
    of: int | None
    source: str
    note: str  # English; note_vi in Vietnamese (as the edition's value says them)
    note_vi: str = ""


@dataclass(frozen=True)
class CitySeries:
    code: str
    points: list[Point]


@dataclass(frozen=True)
class Gap:
    """The first city's value minus the second's in a year both have one, and how it moved
    since the previous such year."""

    year: int
    a: str
    b: str
    gap: Decimal
    change: Decimal | None


@dataclass(frozen=True)
class Series:
    key: str
    name_vi: str
    name_en: str
    cities: list[CitySeries]
    gaps: list[Gap]

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_vi


def localities(fw: Framework) -> list[str]:
    """The codes of every city with a value in some edition, in code order."""
    return sorted({code for e in fw.editions for code in e.values})


def series(fw: Framework, key: str, codes: list[str] | None = None) -> Series | None:
    """One component (or ``total``) over the years, per city (oldest year first), with the gap
    between the first two cities; None when the framework has no such component."""
    if key == TOTAL:
        name_vi, name_en = "Tổng điểm", "Total"
    else:
        comp = next((c for c in fw.components if c.key == key), None)
        if comp is None:
            return None
        name_vi, name_en = comp.name_vi, comp.name_en
    codes = localities(fw) if codes is None else codes
    cities = []
    for code in codes:
        points = []
        for e in fw.editions:
            v = e.values.get(code)
            value = None if v is None else v.total if key == TOTAL else v.components.get(key)
            points.append(
                Point(
                    e.year,
                    value,
                    v.rank if v is not None and key == TOTAL else None,
                    e.of if key == TOTAL else None,
                    v.source if v is not None else e.source,
                    v.note if v is not None else "",
                    v.note_vi if v is not None else "",
                )
            )
        cities.append(CitySeries(code, points))
    gaps: list[Gap] = []
    if len(cities) >= 2:
        a, b = cities[0], cities[1]
        for pa, pb in zip(a.points, b.points, strict=True):
            if pa.value is None or pb.value is None:
                continue
            gap = pa.value - pb.value
            gaps.append(Gap(pa.year, a.code, b.code, gap, gap - gaps[-1].gap if gaps else None))
    return Series(key, name_vi, name_en, cities, gaps)
