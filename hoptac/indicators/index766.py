"""Decision 766/QĐ-TTg's index as data: versions, components, and the arithmetic of a score.

A version is a JSON file under ``data/`` (``index_766_2022.json`` is version "766/2022", the
decision as far as its text could be read; ``index_766_portal.json`` is "766/portal-2026", the
index as the national portal computes it in 2026): its groups and components, each with its
formula as the statistics it adds up, its source (the address it was read from) and whether it
was read there ("sourced") or not ("unverified"), and the choices made where the text could not
be read or sources differ. Nothing of it is written in code: a new version is a new file.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from hoptac.core.bilingual import pick

DATA = Path(__file__).parent / "data"
VERSIONS = {"766/2022": "index_766_2022.json", "766/portal-2026": "index_766_portal.json"}
DEFAULT = "766/2022"
# The points a component gives when there is nothing to rate (its denominator is 0), where a
# version says: its maximum ("full") or none ("zero"); elsewhere it has no score that month.
EMPTY = {"full", "zero"}


def chosen(key: str | None) -> str:
    """The version asked for (a page's or the API's ``version`` parameter), else the default."""
    return key if key in VERSIONS else DEFAULT


@dataclass(frozen=True)
class Component:
    key: str
    group: str
    name_vi: str
    name_en: str
    formula_vi: str | None
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    computed: bool
    share: Decimal | None  # the points this component can give (see the file's "choices")
    status: str
    points_status: str
    source: str
    source_url: str
    part: str
    not_computed_because: str = ""
    not_computed_because_vi: str = ""
    max_points: Decimal | None = None  # the maximum read in a source, if one was
    max_points_source: str = ""
    full_at: Decimal | None = None  # the rate (per cent) from which the points are full
    # The facets (name, max_points, formula…) re-read in the sources named (the file's "checked")
    checked: tuple[tuple[str, tuple[str, ...]], ...] = ()
    formula_en: str = ""
    empty: str = ""  # the points when there is nothing to rate: "full", "zero" or "" (none)

    def name(self, lang: str) -> str:
        return pick(self, "name", lang)

    def formula(self, lang: str) -> str:
        """The formula in the page's language (the Vietnamese one where no English is given)."""
        return pick(self, "formula", lang)

    @property
    def sourced(self) -> bool:
        """Read in a copy of the decision (else "unverified": see the data file's sources)."""
        return self.status == "sourced"

    def fraction(self, figures: dict) -> tuple[int | None, int | None]:
        """Numerator and denominator from summed figures ("-field" subtracts); either is None
        when a figure it adds up is None (not reported: the file had no such column), as
        SQL's arithmetic on a NULL."""

        def total(terms: tuple[str, ...]) -> int | None:
            values = [figures.get(t.lstrip("-"), 0) for t in terms]
            if any(v is None for v in values):
                return None
            return sum(
                -int(v) if t.startswith("-") else int(v) for t, v in zip(terms, values, strict=True)
            )

        return total(self.numerator), total(self.denominator)

    def points(self, numerator: int | None, denominator: int | None) -> Decimal | None:
        """Points in proportion to the rate, full from ``full_at`` per cent when the version
        gives a threshold; when there is nothing to rate, what the version says (``empty``),
        else none; none either when a figure was not reported (numerator or denominator
        None): the component is not computed, never 0 nor full."""
        if self.share is None or numerator is None or denominator is None:
            return None
        if not denominator:
            return self.empty_points
        # One division, last: the rate divided first (31/44) is rounded at 28 digits, and a
        # value on a half thousandth (11 × 31/44 × 100/80 = 9.6875) then rounded down.
        value = self.share * max(numerator, 0)
        if self.full_at:
            value = value * 100 / (denominator * self.full_at)
        else:
            value = value / denominator
        return min(value, self.share).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)

    @property
    def empty_points(self) -> Decimal | None:
        """The points when there is nothing to rate (None: no score)."""
        if self.share is None or not self.empty:
            return None
        return self.share.quantize(Decimal("0.001")) if self.empty == "full" else Decimal("0.000")


@dataclass(frozen=True)
class Group:
    key: str
    order: int
    name_vi: str
    name_en: str
    max_points: Decimal
    status: str
    components: tuple[Component, ...]

    def name(self, lang: str) -> str:
        return pick(self, "name", lang)

    @property
    def computed_points(self) -> Decimal:
        return sum((c.share or Decimal(0) for c in self.components if c.computed), Decimal(0))


@dataclass(frozen=True)
class Source:
    """A source of a version: its key in the data file (which the texts name it by), what the
    pages call it in each language, and its address."""

    key: str
    label_vi: str
    label_en: str
    url: str
    # a source that is not an address is a note in English ("Hoptac issue 15 (…)"); its
    # Vietnamese, when the data file gives one (`note_vi` of its label), for Vietnamese pages
    note_vi: str = ""


@dataclass(frozen=True)
class Version:
    key: str
    title: str
    decision: str
    groups: tuple[Group, ...]
    choices: tuple[dict, ...]
    sources: dict
    what_was_read: str
    what_was_read_vi: str
    # "decision" (read from the decision's text as far as it could be) or "portal" (the index
    # as the national portal computes it)
    kind: str = "decision"
    # whether the rest of a group's maximum is shared among its components without one read
    share_rest: bool = True
    notice: str = ""  # what the pages say of this version's points, in English …
    notice_vi: str = ""  # … and in Vietnamese
    source_list: tuple[Source, ...] = ()  # the sources as the pages list them
    decision_en: str = ""  # the decision's name in English (`pick`: English pages)

    @property
    def decision_vi(self) -> str:
        """The decision's name as published (Vietnamese), for `bilingual.pick`."""
        return self.decision

    @property
    def from_portal(self) -> bool:
        """Whether the version is the index as the portal computes it (not the decision's)."""
        return self.kind == "portal"

    def read(self, lang: str) -> str:
        """What could be read of the version's sources, in the page's language."""
        return self.what_was_read if lang == "en" else self.what_was_read_vi

    def notice_in(self, lang: str) -> str:
        """The version's own notice on its points in the page's language ("" when none)."""
        return self.notice if lang == "en" else self.notice_vi

    def choices_in(self, lang: str) -> list[dict]:
        """The choices made, each as about / choice / why in the page's language."""
        suffix = "" if lang == "en" else "_vi"
        return [
            {k: c.get(f"{k}{suffix}", c[k]) for k in ("about", "choice", "why")}
            for c in self.choices
        ]

    @property
    def components(self) -> list[Component]:
        return [c for g in self.groups for c in g.components]

    @property
    def computed(self) -> list[Component]:
        return [c for c in self.components if c.computed]

    def component(self, key: str) -> Component | None:
        return next((c for c in self.components if c.key == key), None)

    @property
    def max_points(self) -> Decimal:
        return sum((g.max_points for g in self.groups), Decimal(0))

    @property
    def computed_points(self) -> Decimal:
        return sum((g.computed_points for g in self.groups), Decimal(0))


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _shares(group_max: Decimal, members: list[dict], share_rest: bool = True) -> dict[str, Decimal]:
    """The points each computed component can give: its maximum where a source gives one, and
    (when ``share_rest``) what the group's maximum leaves after every read maximum shared
    equally among the others."""
    known = {c["key"]: Decimal(str(c["max_points"])) for c in members if c.get("max_points")}
    rest = [c["key"] for c in members if c["computed"] and c["key"] not in known and share_rest]
    left = group_max - sum(known.values(), Decimal(0))
    shares = {c["key"]: known[c["key"]] for c in members if c["computed"] and c["key"] in known}
    if rest and left > 0:
        share = (left / len(rest)).quantize(Decimal("0.001"))
        shares.update(dict.fromkeys(rest, share))
    return shares


def _sayer(raw: dict, lang: str):
    """A function that says a text of the data file for people: each source named by its key
    ("portal_spec", the maintainers' shorthand) is named by its label in ``lang`` instead;
    addresses are left as they are."""
    labels = raw["source_labels"]
    missing = set(raw["sources"]) - set(labels)
    if missing:
        raise ValueError(f"sources without a label in 'source_labels': {sorted(missing)}")
    keys = sorted(labels, key=len, reverse=True)
    pattern = re.compile(r"(https?://\S+)|\b(" + "|".join(map(re.escape, keys)) + r")\b")

    def say(text: str | None) -> str | None:
        if not text:
            return text
        return pattern.sub(lambda m: m.group(1) or labels[m.group(2)][lang], text)

    return say


def _said_choices(raw: dict, vi, en) -> tuple[dict, ...]:
    """The choices with every text said for people (``vi`` for the *_vi texts)."""
    return tuple(
        {
            k: (vi(v) if k.endswith("_vi") else en(v)) if isinstance(v, str) else v
            for k, v in c.items()
        }
        for c in raw["choices"]
    )


@functools.cache
def version(key: str = DEFAULT) -> Version:
    """The index version ``key`` as its data file defines it (KeyError for an unknown one).
    The texts people read (formulas, notes, choices, what was read) name the sources by their
    labels, never by the data file's keys."""
    raw = json.loads((DATA / VERSIONS[key]).read_text(encoding="utf-8"))
    vi, en = _sayer(raw, "vi"), _sayer(raw, "en")
    share_rest = raw.get("share_rest", True)
    groups = []
    for g in sorted(raw["groups"], key=lambda g: g["order"]):
        members = [c for c in raw["components"] if c["group"] == g["key"]]
        shares = _shares(Decimal(g["max_points"]), members, share_rest)
        groups.append(
            Group(
                key=g["key"],
                order=g["order"],
                name_vi=g["name_vi"],
                name_en=g["name_en"],
                max_points=Decimal(g["max_points"]),
                status=g["status"],
                components=tuple(
                    Component(
                        key=c["key"],
                        group=c["group"],
                        name_vi=c["name_vi"],
                        name_en=c["name_en"],
                        formula_vi=vi(c.get("formula_vi")),
                        formula_en=en(c.get("formula_en", "")),
                        numerator=tuple(c["numerator"] or ()),
                        denominator=tuple(c["denominator"] or ()),
                        computed=c["computed"],
                        share=shares.get(c["key"]),
                        status=c["status"],
                        points_status=c["points_status"],
                        source=c["source"],
                        source_url=raw["sources"].get(c["source"], ""),
                        part=vi(c["part"]),
                        not_computed_because=en(c.get("not_computed_because", "")),
                        not_computed_because_vi=vi(
                            c.get("not_computed_because_vi", c.get("not_computed_because", ""))
                        ),
                        max_points=_decimal(c.get("max_points")),
                        max_points_source=raw["sources"].get(c.get("max_points_source", ""), ""),
                        full_at=_decimal(c.get("full_at")),
                        checked=tuple(
                            (facet, tuple(names)) for facet, names in c.get("checked", {}).items()
                        ),
                        empty=_empty(c.get("empty", "")),
                    )
                    for c in members
                ),
            )
        )
    return Version(
        key=raw["version"],
        title=raw["title"],
        decision=raw["decision"],
        decision_en=raw.get("decision_en", ""),
        groups=tuple(groups),
        choices=_said_choices(raw, vi, en),
        sources=raw["sources"],
        what_was_read=en(raw["what_was_read"]),
        what_was_read_vi=vi(raw.get("what_was_read_vi", raw["what_was_read"])),
        kind=raw.get("kind", "decision"),
        share_rest=share_rest,
        notice=en(raw.get("notice", "")),
        notice_vi=vi(raw.get("notice_vi", raw.get("notice", ""))),
        source_list=tuple(
            Source(
                k,
                raw["source_labels"][k]["vi"],
                raw["source_labels"][k]["en"],
                en(url),
                vi(raw["source_labels"][k].get("note_vi", "")),
            )
            for k, url in raw["sources"].items()
        ),
    )


def _empty(value: str) -> str:
    if value and value not in EMPTY:
        raise ValueError(f"'empty' is one of {sorted(EMPTY)}, not {value!r}")
    return value
