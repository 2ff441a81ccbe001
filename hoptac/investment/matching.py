"""Matchmaking: ranked candidates from the other side, each score with its reasons.

Scores (out of 100): sector by the VSIC hierarchy 35, high-tech item 15, size and capital fit 15,
location 10, shared words in Vietnamese and English 25. Hard filters come first: rejected
enterprises, declined pairs, the source itself and (enterprise to enterprise) its own city never
appear. Candidates are read with one narrow query on indexed columns, scored in Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from hoptac.core.models import Partnership

from .importers import section_of
from .models import Enquiry, Enterprise, MatchFeedback, PriorityItem, Project
from .text import tokens

WEIGHTS = {"sector": 35, "item": 15, "size": 15, "location": 10, "text": 25}
SIZE_RANK = {"micro": 0, "small": 1, "medium": 2, "large": 3}
CANDIDATE_CAP = 4000
BILLION = Decimal(1_000_000_000)


@dataclass
class Reason:
    label: str
    points: int
    detail: str


@dataclass
class Match:
    kind: str
    id: int
    score: int
    reasons: list[Reason] = field(default_factory=list)
    obj: Any = None


@dataclass
class Profile:
    kind: str
    id: int
    locality_id: int
    version: str
    codes: list[str]
    item_id: int | None
    size_rank: int | None
    capital: Decimal | None
    words: set[str]


def required_size(capital: Decimal | None) -> int:
    """The enterprise size a project of this capital calls for."""
    if capital is None:
        return 0
    if capital >= 1000 * BILLION:
        return 3
    if capital >= 100 * BILLION:
        return 2
    return 1


def profile_of(obj: Project | Enterprise | Enquiry) -> Profile:
    if isinstance(obj, Project):
        return Profile(
            "project",
            obj.pk,
            obj.locality_id,
            obj.vsic_version,
            [obj.vsic_code],
            obj.priority_item_id,
            None,
            obj.capital_vnd,
            set(obj.keywords.split()),
        )
    if isinstance(obj, Enterprise):
        return Profile(
            "enterprise",
            obj.pk,
            obj.locality_id,
            obj.vsic_version,
            [obj.vsic_code, *obj.other_vsic_codes.split()],
            obj.priority_item_id,
            SIZE_RANK.get(obj.size, 1),
            obj.charter_capital_vnd,
            set(obj.keywords.split()),
        )
    return Profile(
        "enquiry",
        obj.pk,
        obj.locality_id,
        "2018",
        [obj.vsic_code] if obj.vsic_code else [],
        None,
        None,
        obj.capital_vnd,
        tokens(obj.message, obj.company),
    )


def _sector(src: Profile, version: str, codes: list[str]) -> Reason | None:
    best: tuple[int, str] = (0, "")
    for a in src.codes:
        for b in codes:
            if not a or not b:
                continue
            if version != src.version:
                if a[:2] == b[:2]:
                    best = max(
                        best, (15, _("division %(d)s (VSIC versions differ)") % {"d": a[:2]})
                    )
                continue
            common = 0
            for x, y in zip(a, b, strict=False):
                if x != y:
                    break
                common += 1
            if common >= 4:
                best = max(best, (35, _("same VSIC class %(c)s") % {"c": b[:4]}))
            elif common == 3:
                best = max(best, (28, _("same VSIC group %(c)s") % {"c": b[:3]}))
            elif common == 2:
                best = max(best, (20, _("same VSIC division %(c)s") % {"c": b[:2]}))
            elif section_of(version, a) == section_of(version, b):
                section = section_of(version, a)
                best = max(best, (8, _("same VSIC section %(s)s") % {"s": section}))
    if not best[0]:
        return None
    return Reason(_("Sector"), best[0], best[1])


class Matcher:
    """Ranks the other side for one source; build once per request."""

    def __init__(self) -> None:
        self.items = {i.pk: i for i in PriorityItem.objects.all()}
        self.partners: dict[int, set[int]] = {}
        for a, b in Partnership.objects.values_list("locality_a_id", "locality_b_id"):
            self.partners.setdefault(a, set()).add(b)
            self.partners.setdefault(b, set()).add(a)

    def _declined(self, src: Profile, target_kind: str) -> set[int]:
        rows = MatchFeedback.objects.filter(decision=MatchFeedback.Decision.DECLINED).filter(
            Q(source_kind=src.kind, source_id=src.id, target_kind=target_kind)
            | Q(target_kind=src.kind, target_id=src.id, source_kind=target_kind)
        )
        out = set()
        for s_kind, s_id, t_id in rows.values_list("source_kind", "source_id", "target_id"):
            out.add(t_id if s_kind == src.kind and t_id != src.id else s_id)
        return out

    def _score(self, src: Profile, row: dict, target_kind: str) -> Match:
        reasons: list[Reason] = []
        codes = [row["vsic_code"], *row.get("other_vsic_codes", "").split()]
        sector = _sector(src, row["vsic_version"], codes)
        if sector:
            reasons.append(sector)
        item_id = row.get("priority_item_id")
        if src.item_id and item_id:
            if src.item_id == item_id:
                item = self.items[item_id]
                reasons.append(Reason(_("High-tech item"), 15, item.name))
            else:
                a, b = self.items[src.item_id], self.items[item_id]
                shared = set(a.tags.split()) & set(b.tags.split())
                if shared:
                    reasons.append(
                        Reason(
                            _("High-tech item"), 8, _("both in %(t)s") % {"t": ", ".join(shared)}
                        )
                    )
        # size and capital: a project needs an enterprise big enough; enterprises pair with peers
        if target_kind == "enterprise" and src.kind != "enterprise":
            need, have = required_size(src.capital), SIZE_RANK.get(row["size"], 1)
            points = max(0, 15 - 7 * max(0, need - have))
            if points:
                reasons.append(Reason(_("Size and capital"), points, _("size fits the capital")))
        elif target_kind == "enterprise":
            have = SIZE_RANK.get(row["size"], 1)
            points = max(0, 15 - 5 * abs((src.size_rank or 1) - have))
            if points:
                reasons.append(Reason(_("Size and capital"), points, _("comparable size")))
        else:  # a project for an enterprise or an enquiry
            need = required_size(row["capital_vnd"])
            have = src.size_rank if src.size_rank is not None else need
            if src.kind == "enquiry" and src.capital:
                ratio = src.capital / row["capital_vnd"] if row["capital_vnd"] else 0
                points = (
                    15 if Decimal("0.5") <= ratio <= 2 else (7 if ratio >= Decimal("0.2") else 0)
                )
            else:
                points = max(0, 15 - 7 * max(0, need - have))
            if points:
                reasons.append(Reason(_("Size and capital"), points, _("capital within reach")))
        loc = row["locality_id"]
        if loc == src.locality_id:
            reasons.append(Reason(_("Location"), 10, _("same city")))
        elif loc in self.partners.get(src.locality_id, ()):
            reasons.append(Reason(_("Location"), 6, _("partner city")))
        words = set(row["keywords"].split())
        shared = words & src.words
        if shared:
            overlap = len(shared) / max(1, min(len(words), len(src.words)))
            points = min(25, round(25 * min(1.0, overlap * 2)))
            if points:
                detail = ", ".join(sorted(shared)[:6])
                reasons.append(Reason(_("Shared words"), points, detail))
        return Match(target_kind, row["id"], sum(r.points for r in reasons), reasons)

    def _candidates(self, src: Profile, target_kind: str):
        divisions = {c[:2] for c in src.codes if c}
        if target_kind == "enterprise":
            qs = Enterprise.objects.exclude(verification=Enterprise.Verification.REJECTED)
            cond = Q(vsic_division__in=divisions)
            if src.item_id:
                cond |= Q(priority_item_id=src.item_id)
            if src.kind == "enterprise":
                qs = qs.exclude(pk=src.id).exclude(locality_id=src.locality_id)
            cols = (
                "id vsic_version vsic_code other_vsic_codes priority_item_id size "
                "locality_id keywords"
            ).split()
        else:
            qs = Project.objects.filter(status__in=[Project.Status.CALLING, Project.Status.TALKS])
            cond = Q()
            for d in divisions:
                cond |= Q(vsic_code__startswith=d)
            if src.item_id:
                cond |= Q(priority_item_id=src.item_id)
            cols = (
                "id vsic_version vsic_code priority_item_id capital_vnd locality_id keywords"
            ).split()
        if not (divisions or src.item_id):
            return list(qs.values(*cols)[:CANDIDATE_CAP])
        # Closest first: the same 4-digit class or the same high-tech item, then the division.
        close = Q()
        for c in src.codes:
            if c and len(c) >= 4:
                close |= Q(vsic_code__startswith=c[:4])
        if src.item_id:
            close |= Q(priority_item_id=src.item_id)
        rows = list(qs.filter(close).values(*cols)[:CANDIDATE_CAP]) if close else []
        if len(rows) < CANDIDATE_CAP:
            seen = {r["id"] for r in rows}
            more = qs.filter(cond).exclude(close) if close else qs.filter(cond)
            rows += [
                r for r in more.values(*cols)[: CANDIDATE_CAP - len(rows)] if r["id"] not in seen
            ]
        return rows

    def rank(self, source, target_kind: str, limit: int = 20) -> list[Match]:
        src = profile_of(source)
        declined = self._declined(src, target_kind)
        matches = [
            self._score(src, row, target_kind)
            for row in self._candidates(src, target_kind)
            if row["id"] not in declined
        ]
        matches.sort(key=lambda m: (-m.score, m.id))
        top = [m for m in matches if m.score > 0][:limit]
        model = Enterprise if target_kind == "enterprise" else Project
        objs = model.objects.select_related("locality").in_bulk([m.id for m in top])
        for m in top:
            m.obj = objs.get(m.id)
        return top


def matches_for(source, target_kind: str, limit: int = 20) -> list[Match]:
    """Top candidates of `target_kind` ('enterprise' or 'project') for a source object."""
    return Matcher().rank(source, target_kind, limit)
