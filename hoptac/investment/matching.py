"""Matchmaking: ranked candidates from the other side, each score with its reasons.

Scores (out of 100): sector by the VSIC hierarchy 35, high-tech item 15, size and capital fit 15,
location 10, shared words in Vietnamese and English 25. Hard filters come first: enterprises not
verified, projects not open to investors, declined pairs, the source itself and (enterprise to
enterprise) its own city never appear.

Enterprises (a directory of up to a million rows) are ranked exactly among every candidate of the
same division or high-tech item, without reading them all: the candidates are split into groups
by the columns of one index (sector tier, item, size, city), each group with an upper bound of
the score (its fixed parts plus the full 25 for words); groups are read best bound first, scored
in Python, and the reading stops when no group left can reach the 20th score. When those
candidates are few (`DIRECT_CAP`, counted first with capped queries) they are all read in one
query and scored instead. Projects (a few thousand) are read with one narrow query and scored
the same way.
"""

from __future__ import annotations

import functools
import heapq
import operator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hoptac.core.models import Partnership

from .importers import section_of
from .models import Enquiry, Enterprise, MatchFeedback, PriorityItem, Project
from .text import tokens

WEIGHTS = {"sector": 35, "item": 15, "size": 15, "location": 10, "text": 25}
SIZE_RANK = {"micro": 0, "small": 1, "medium": 2, "large": 3}
CANDIDATE_CAP = 1500
# at most this many enterprises of the source's divisions or item: score them all in one read
# (a small or medium directory); above it, the bounded reading by groups. Tests set it to 0 to
# exercise the bounded reading on a small fixture.
DIRECT_CAP = 2000
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


def outside(field: str, values: list) -> Q:
    """`field` set and none of `values`, as ranges an index can answer (a NOT IN cannot)."""
    ordered = sorted(set(values))
    cond = Q(**{f"{field}__lt": ordered[0]}) | Q(**{f"{field}__gt": ordered[-1]})
    for low, high in zip(ordered, ordered[1:], strict=False):
        cond |= Q(**{f"{field}__gt": low, f"{field}__lt": high})
    return cond


@functools.lru_cache(maxsize=4096)
def _section(version: str, code: str) -> str | None:
    return section_of(version, code)


def _sector_points(src: Profile, version: str, codes: list[str]) -> tuple[int, str, str]:
    """Best (points, kind, code) over both sides' codes; kind names the level that matched."""
    best = (0, "", "")
    for a in src.codes:
        for b in codes:
            if not a or not b:
                continue
            if version != src.version:
                if a[:2] == b[:2] and best[0] < 15:
                    best = (15, "versions", a[:2])
                continue
            if a[:4] == b[:4] and len(a) >= 4 and len(b) >= 4:
                return (35, "class", b[:4])
            if a[:3] == b[:3] and len(a) >= 3 and len(b) >= 3:
                if best[0] < 28:
                    best = (28, "group", b[:3])
            elif a[:2] == b[:2]:
                if best[0] < 20:
                    best = (20, "division", b[:2])
            elif best[0] < 8 and _section(version, a) == _section(version, b):
                best = (8, "section", _section(version, a) or "")
    return best


def _sector_reason(points: int, kind: str, code: str) -> Reason:
    detail = {
        "versions": _("division %(d)s (VSIC versions differ)") % {"d": code},
        "class": _("same VSIC class %(c)s") % {"c": code},
        "group": _("same VSIC group %(c)s") % {"c": code},
        "division": _("same VSIC division %(c)s") % {"c": code},
        "section": _("same VSIC section %(s)s") % {"s": code},
    }[kind]
    return Reason(_("Sector"), points, detail)


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

    def _points(self, src: Profile, row: dict, target_kind: str) -> tuple[int, tuple]:
        """The score and what it is made of, cheaply; reasons are written for the top only."""
        fixed, fixed_parts = self._fixed(src, row, target_kind)
        text, shared_words = self._text(src, row["keywords"])
        return fixed + text, (*fixed_parts, text, shared_words)

    def _fixed(self, src: Profile, row: dict, target_kind: str) -> tuple[int, tuple]:
        """The points of everything but the words: sector, item, size and capital, location."""
        other = row.get("other_vsic_codes")
        codes = [row["vsic_code"], *other.split()] if other else [row["vsic_code"]]
        sector = _sector_points(src, row["vsic_version"], codes)
        item_points, item_detail = 0, None
        item_id = row.get("priority_item_id")
        if src.item_id and item_id:
            if src.item_id == item_id:
                item_points, item_detail = 15, item_id
            else:
                shared = self.item_tags(src.item_id) & self.item_tags(item_id)
                if shared:
                    item_points, item_detail = 8, tuple(sorted(shared))
        if target_kind == "enterprise" and src.kind != "enterprise":
            need, have = required_size(src.capital), SIZE_RANK.get(row["size"], 1)
            size = (max(0, 15 - 7 * max(0, need - have)), "fits")
        elif target_kind == "enterprise":
            have = SIZE_RANK.get(row["size"], 1)
            size = (max(0, 15 - 5 * abs((src.size_rank or 1) - have)), "comparable")
        else:
            need = required_size(row["capital_vnd"])
            have = src.size_rank if src.size_rank is not None else need
            if src.kind == "enquiry" and src.capital:
                ratio = src.capital / row["capital_vnd"] if row["capital_vnd"] else 0
                pts = 15 if Decimal("0.5") <= ratio <= 2 else (7 if ratio >= Decimal("0.2") else 0)
            else:
                pts = max(0, 15 - 7 * max(0, need - have))
            size = (pts, "reach")
        loc = row["locality_id"]
        if loc == src.locality_id:
            location = 10
        elif loc in self.partners.get(src.locality_id, ()):
            location = 6
        else:
            location = 0
        total = sector[0] + item_points + size[0] + location
        return total, (sector, item_points, item_detail, size, location)

    @staticmethod
    def _text(src: Profile, keywords: str) -> tuple[int, set[str]]:
        words = keywords.split()
        shared_words = src.words.intersection(words)
        text = 0
        if shared_words:
            overlap = len(shared_words) / max(1, min(len(words), len(src.words)))
            text = min(25, round(25 * min(1.0, overlap * 2)))
        return text, shared_words

    def item_tags(self, item_id: int) -> set[str]:
        item = self.items.get(item_id)
        return set(item.tags.split()) if item else set()

    def _reasons(self, parts: tuple) -> list[Reason]:
        sector, item_points, item_detail, size, location, text, shared_words = parts
        reasons = []
        if sector[0]:
            reasons.append(_sector_reason(*sector))
        if item_points == 15:
            reasons.append(Reason(_("High-tech item"), 15, self.items[item_detail].name))
        elif item_points:
            reasons.append(
                Reason(_("High-tech item"), 8, _("both in %(t)s") % {"t": ", ".join(item_detail)})
            )
        if size[0]:
            detail = {
                "fits": _("size fits the capital"),
                "comparable": _("comparable size"),
                "reach": _("capital within reach"),
            }[size[1]]
            reasons.append(Reason(_("Size and capital"), size[0], detail))
        if location == 10:
            reasons.append(Reason(_("Location"), 10, _("same city")))
        elif location:
            reasons.append(Reason(_("Location"), location, _("partner city")))
        if text:
            reasons.append(Reason(_("Shared words"), text, ", ".join(sorted(shared_words)[:6])))
        return reasons

    def _candidates(self, src: Profile, target_kind: str) -> list[dict]:
        """Projects of the source's divisions or item, read with one query (a few thousand at
        most); for a source with neither, the first candidates by name."""
        divisions = sorted({c[:2] for c in src.codes if c})
        qs = candidates(target_kind)
        if target_kind == "enterprise":
            if src.kind == "enterprise":
                qs = qs.exclude(pk=src.id).exclude(locality_id=src.locality_id)
            cols = (
                "id vsic_version vsic_code other_vsic_codes priority_item_id size "
                "locality_id keywords"
            ).split()
        else:
            cols = (
                "id vsic_version vsic_code priority_item_id capital_vnd locality_id keywords"
            ).split()
        cond = Q()
        for d in divisions:
            cond |= Q(vsic_code__startswith=d)
        if src.item_id:
            cond |= Q(priority_item_id=src.item_id)
        if not (divisions or src.item_id):
            return list(qs.values(*cols)[:CANDIDATE_CAP])
        return list(qs.filter(cond).values(*cols)[:CANDIDATE_CAP])

    def _groups(self, src: Profile) -> list[tuple[int, Q]]:
        """Every enterprise candidate of the same division or item falls in exactly one group;
        each comes with an upper bound of the score of its rows (the text counted in full).
        The sector of a row without other codes follows from its version and 4-digit class.
        Each condition is one the partial indexes of `Enterprise.Meta` can answer: equalities,
        and "not one of these" written as ranges around them."""
        codes = [c for c in src.codes if c]
        divisions = sorted({c[:2] for c in codes})
        classes = sorted({c[:4] for c in codes if len(c) >= 4})
        groups3 = {c[:3] for c in codes if len(c) >= 3}
        no_other = Q(other_vsic_codes="")
        item = Q(priority_item_id=src.item_id) if src.item_id else None
        tiers: list[tuple[int, Q]] = []
        if divisions:
            division = Q(vsic_division__in=divisions)
            same = Q(vsic_version=src.version) & no_other & division
            if classes:
                tiers.append((35, same & Q(vsic_class__in=classes)))
                same &= outside("vsic_class", classes)
            # the same 3-digit group (28) or only the division (20)
            tiers.append((28 if groups3 else 20, same))
            # across VSIC versions only the division counts
            tiers.append((15, division & no_other & outside("vsic_version", [src.version])))
            reach = division | item if item else division
            if item:  # outside the divisions: at best the same VSIC section
                tiers.append((8, item & no_other & outside("vsic_division", divisions)))
        else:
            reach = item
        # another code of the row may meet the source's class
        tiers.append((35, reach & ~no_other))
        if src.item_id:
            family = sorted(
                pk
                for pk in self.items
                if pk != src.item_id and self.item_tags(src.item_id) & self.item_tags(pk)
            )
            items = [(15, Q(priority_item_id=src.item_id))]
            if family:
                items.append((8, Q(priority_item_id__in=family)))
            none = outside("priority_item_id", [src.item_id, *family])
            items.append((0, Q(priority_item_id__isnull=True) | none))
        else:
            items = [(0, Q())]
        by_points: dict[int, list[str]] = {}
        for size, have in SIZE_RANK.items():
            if src.kind == "enterprise":
                pts = max(0, 15 - 5 * abs((src.size_rank or 1) - have))
            else:
                pts = max(0, 15 - 7 * max(0, required_size(src.capital) - have))
            by_points.setdefault(pts, []).append(size)
        sizes = []
        for pts, names in by_points.items():
            cond = Q(size__in=names)
            if "small" in names:  # sizes outside the list count as small
                cond |= outside("size", list(SIZE_RANK))
            sizes.append((pts, cond))
        partners = sorted(self.partners.get(src.locality_id, set()) - {src.locality_id})
        places = [(0, outside("locality_id", [src.locality_id, *partners]))]
        if partners:
            places.insert(0, (6, Q(locality_id__in=partners)))
        if src.kind != "enterprise":  # an enterprise's own city is left out anyway
            places.insert(0, (10, Q(locality_id=src.locality_id)))
        return [
            (t + i + s + p + WEIGHTS["text"], tq & iq & sq & pq)
            for t, tq in tiers
            for i, iq in items
            for s, sq in sizes
            for p, pq in places
        ]

    def _best_enterprises(self, src: Profile, declined: set[int], limit: int) -> list[tuple]:
        """The exact top `limit` (by score, then id) among every candidate enterprise of the
        source's divisions or item: all of them scored when they are few (at most
        `DIRECT_CAP`, counted with capped queries), else groups read best bound first until
        none can enter."""
        qs = candidates("enterprise").order_by()
        if src.kind == "enterprise":
            qs = qs.exclude(pk=src.id).exclude(locality_id=src.locality_id)
        cols = (
            "id vsic_version vsic_code other_vsic_codes priority_item_id size locality_id keywords"
        ).split()
        heap: list[tuple] = []  # the best so far, worst on top: (score, -id, parts)
        fixed: dict[tuple, tuple[int, tuple]] = {}  # rows alike but for their words score alike
        reach = self._few_reachable(src)
        if reach is not None:
            for row in qs.filter(reach).values_list(*cols):
                self._offer(src, heap, fixed, declined, limit, cols, row)
            return [(-total, -neg_pk, parts) for total, neg_pk, parts in heap]
        levels: dict[int, list[Q]] = {}
        for bound, cond in self._groups(src):
            levels.setdefault(bound, []).append(cond)
        for bound in sorted(levels, reverse=True):
            full = len(heap) >= limit
            if bound <= 0 or (full and bound < heap[0][0]):
                break
            # at the 20th score only a tie with a smaller id can enter
            tie = Q(pk__lt=-heap[0][1]) if full and bound == heap[0][0] else Q()
            # one plain query per group, so that each is an index-only scan of its own
            reads = [qs.filter(cond, tie).values_list(*cols) for cond in levels[bound]]
            for row in reads[0].union(*reads[1:], all=True) if len(reads) > 1 else reads[0]:
                self._offer(src, heap, fixed, declined, limit, cols, row)
        return [(-total, -neg_pk, parts) for total, neg_pk, parts in heap]

    @staticmethod
    def _few_reachable(src: Profile) -> Q | None:
        """The condition of every candidate of the source's divisions or item (the reach of
        `score_every_candidate`) when they number at most `DIRECT_CAP`, else None. Each part
        is counted on its own index and stops at the cap, so a large directory pays two short
        index scans; a small one is then read whole in one query instead of some fifty group
        queries (whose construction alone costs half a second)."""
        if DIRECT_CAP <= 0:
            return None
        divisions = sorted({c[:2] for c in src.codes if c})
        parts = [Q(vsic_division__in=divisions)] if divisions else []
        if src.item_id:
            parts.append(Q(priority_item_id=src.item_id))
        base = candidates("enterprise").order_by()
        seen = 0
        for part in parts:
            seen += base.filter(part).values("pk")[: DIRECT_CAP + 1].count()
            if seen > DIRECT_CAP:
                return None
        return functools.reduce(operator.or_, parts)

    def _offer(
        self,
        src: Profile,
        heap: list[tuple],
        fixed: dict[tuple, tuple[int, tuple]],
        declined: set[int],
        limit: int,
        cols: list[str],
        row: tuple,
    ) -> None:
        """Score one enterprise row and keep it in `heap` if it is among the best `limit`."""
        pk = row[0]
        if pk in declined:
            return
        key = row[1:-1]
        if key not in fixed:
            fixed[key] = self._fixed(src, dict(zip(cols, row, strict=True)), "enterprise")
        points, parts = fixed[key]
        if len(heap) >= limit and (points + WEIGHTS["text"], -pk) < heap[0][:2]:
            return  # not even with every word shared
        text, shared_words = self._text(src, row[-1])
        total = points + text
        if total <= 0:
            return
        item = (total, -pk)
        if len(heap) < limit:
            heapq.heappush(heap, (*item, (*parts, text, shared_words)))
        elif item > heap[0][:2]:
            heapq.heapreplace(heap, (*item, (*parts, text, shared_words)))

    def rank(self, source, target_kind: str, limit: int = 20) -> list[Match]:
        src = profile_of(source)
        declined = self._declined(src, target_kind)
        if target_kind == "enterprise" and (any(src.codes) or src.item_id):
            scored = self._best_enterprises(src, declined, limit)
        else:
            scored = []
            for row in self._candidates(src, target_kind):
                if row["id"] in declined:
                    continue
                total, parts = self._points(src, row, target_kind)
                if total > 0:
                    scored.append((-total, row["id"], parts))
        top = heapq.nsmallest(limit, scored, key=lambda t: (t[0], t[1]))
        matches = [Match(target_kind, mid, -neg, self._reasons(parts)) for neg, mid, parts in top]
        model = Enterprise if target_kind == "enterprise" else Project
        objs = model.objects.select_related("locality").in_bulk([m.id for m in matches])
        for m in matches:
            m.obj = objs.get(m.id)
        return matches


def candidates(target_kind: str) -> QuerySet:
    """Everything that may be proposed as a match: verified enterprises (never one pending
    verification or rejected) or projects calling for investors or in talks (never a draft)."""
    if target_kind == "enterprise":
        return Enterprise.objects.filter(verification=Enterprise.Verification.VERIFIED)
    return Project.objects.filter(status__in=[Project.Status.CALLING, Project.Status.TALKS])


def score_every_candidate(source, target_kind: str, limit: int = 20) -> list[tuple[int, int]]:
    """(score, id) of the top `limit` found by scoring every candidate of the source's divisions
    or item: slow, the yardstick the bounded reading is checked against (tests, benchmark)."""
    m = Matcher()
    src = profile_of(source)
    declined = m._declined(src, target_kind)
    qs = candidates(target_kind).order_by()
    if target_kind == "enterprise" and src.kind == "enterprise":
        qs = qs.exclude(pk=src.id).exclude(locality_id=src.locality_id)
    divisions = {c[:2] for c in src.codes if c}
    reach = Q(vsic_division__in=divisions) if target_kind == "enterprise" else Q(pk__in=[])
    if target_kind == "project":
        for d in divisions:
            reach |= Q(vsic_code__startswith=d)
    if src.item_id:
        reach |= Q(priority_item_id=src.item_id)
    scored = []
    for row in qs.filter(reach).values().iterator(chunk_size=5000):
        if row["id"] not in declined:
            total = m._points(src, row, target_kind)[0]
            if total > 0:
                scored.append((-total, row["id"]))
    return [(-neg, pk) for neg, pk in heapq.nsmallest(limit, scored)]


def matches_for(source, target_kind: str, limit: int = 20) -> list[Match]:
    """Top candidates of `target_kind` ('enterprise' or 'project') for a source object."""
    return Matcher().rank(source, target_kind, limit)


# --- B2B days: partners to meet, suggested before the day ------------------------------------
B2B_WEIGHTS = {"sector": 40, "needs": 35, "offers": 25, "language": 10}
SEEKING = {"tech_request", "biz_request", "rnd_request", "investment", "land"}


def _b2b_profile(p) -> tuple[str, set[str], set[str]]:
    """(division, words of what it offers, words of what it looks for); an enterprise of the
    directory adds its sector and its published offers and requests."""
    division = p.vsic_division
    offers, needs = [p.offers], [p.needs]
    if p.enterprise_id:
        division = division or p.enterprise.vsic_division
        for o in p.enterprise.offers.all():
            if o.active:
                seeking = o.kind in SEEKING
                (needs if seeking else offers).append(f"{o.title} {o.description}")
    return division, tokens(*offers), tokens(*needs)


LANGUAGE_NAMES = {"vi": gettext_lazy("Vietnamese"), "en": gettext_lazy("English")}


def suggest_partners(participant, limit: int = 5) -> list[Match]:
    """Other participants of the same event worth meeting, best first, each with its reasons:
    the same sector, what they offer that this one looks for, and the other way round. Those
    already asked (either way) are left out."""
    from .models import MeetingRequest, Participant

    asked = set()
    for a, b in MeetingRequest.objects.filter(
        Q(requester=participant) | Q(target=participant)
    ).values_list("requester_id", "target_id"):
        asked.update((a, b))
    others = (
        Participant.objects.filter(event_id=participant.event_id, erased_at__isnull=True)
        .exclude(pk__in=asked | {participant.pk})
        .select_related("enterprise")
        .prefetch_related("enterprise__offers")
    )
    division, my_offers, my_needs = _b2b_profile(participant)
    found = []
    for other in others:
        o_division, o_offers, o_needs = _b2b_profile(other)
        reasons = []
        if division and division == o_division:
            reasons.append(Reason(_("Same sector"), B2B_WEIGHTS["sector"], _("VSIC %s") % division))
        wanted = sorted(my_needs & o_offers)
        if wanted:
            points = min(B2B_WEIGHTS["needs"], 10 * len(wanted))
            reasons.append(Reason(_("Offers what you look for"), points, ", ".join(wanted[:6])))
        sought = sorted(my_offers & o_needs)
        if sought:
            points = min(B2B_WEIGHTS["offers"], 8 * len(sought))
            reasons.append(Reason(_("Looks for what you offer"), points, ", ".join(sought[:6])))
        if reasons:
            # A shared language adds to a match; none keeps it, but says an interpreter is needed.
            shared = participant.shared_languages(other)
            if shared:
                names = ", ".join(str(LANGUAGE_NAMES[code]) for code in shared)
                reasons.append(Reason(_("Same meeting language"), B2B_WEIGHTS["language"], names))
            else:
                reasons.append(Reason(_("No common language"), 0, _("an interpreter is needed")))
            score = min(100, sum(r.points for r in reasons))
            found.append(Match("participant", other.pk, score, reasons, other))
    found.sort(key=lambda m: (-m.score, m.id))
    return found[:limit]
