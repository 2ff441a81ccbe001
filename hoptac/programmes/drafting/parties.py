"""The parties of an agreement and the counterpart links between their bodies."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db.models import Q

from hoptac.core.models import CounterpartLink, Locality, Organisation

from .text import (
    syllables,
)

# --- Parties and counterparts -------------------------------------------------------------------


def infer_parties(text: str, localities: Iterable[Locality] | None = None) -> list[Locality]:
    """Localities named in the text, in order of first mention ("Hà Nội", "Đà Nẵng")."""
    flat = syllables(text)
    joined = " " + " ".join(flat) + " "
    found: list[tuple[int, Locality]] = []
    for loc in localities if localities is not None else Locality.objects.all():
        name = re.sub(r"^(thành phố|tỉnh)\s+", "", loc.name_vi.strip(), flags=re.IGNORECASE)
        key = " " + " ".join(syllables(name)) + " "
        at = joined.find(key)
        if len(key.strip()) > 2 and at >= 0:
            found.append((at, loc))
    return [loc for _, loc in sorted(found, key=lambda item: (item[0], item[1].code))]


class _Counterparts:
    """Lead and partners by field, through the counterpart links, with one query."""

    def __init__(self, parties: Sequence[Locality]):
        self.parties = list(parties)
        self.by_field: dict[str, list[CounterpartLink]] = defaultdict(list)
        if not self.parties:
            return
        ids = [p.pk for p in self.parties]
        links = CounterpartLink.objects.filter(
            Q(organisation_a__locality_id__in=ids) | Q(organisation_b__locality_id__in=ids)
        ).select_related("organisation_a", "organisation_b", "field")
        for link in links.order_by("pk"):
            self.by_field[link.field.code].append(link)

    def resolve(self, codes: Sequence[str]) -> tuple[Organisation | None, list[Organisation]]:
        """The body of the first party carrying the first field that has one, and its
        counterparts in the other parties (links with the other parties first)."""
        if not self.parties:
            return None, []
        first, others = self.parties[0].pk, {p.pk for p in self.parties[1:]}
        for code in codes:
            candidates: list[tuple[tuple[bool, bool], Organisation, Organisation]] = []
            for link in self.by_field.get(code, []):
                for mine, theirs in (
                    (link.organisation_a, link.organisation_b),
                    (link.organisation_b, link.organisation_a),
                ):
                    if mine.locality_id == first:
                        # Links with the other parties first, then bodies that exist today.
                        rank = (theirs.locality_id not in others, not mine.is_current)
                        candidates.append((rank, mine, theirs))
            if not candidates:
                continue
            candidates.sort(key=lambda c: c[0])  # stable: links in the order they were made
            lead = candidates[0][1]
            partners: list[Organisation] = []
            for _rank, mine, theirs in candidates:
                if mine == lead and theirs.locality_id in others and theirs not in partners:
                    partners.append(theirs)
            return lead, partners
        return None, []


def parties_of(agreement) -> list[Locality]:
    """The parties of an agreement for ``propose``: the issuer's locality first, then the
    others (by code)."""
    first = agreement.issuer.locality
    return [first, *(loc for loc in agreement.parties.all() if loc.pk != first.pk)]
