from __future__ import annotations

import pytest

from hoptac.core import demo
from hoptac.core.models import CooperationField, CounterpartLink, Locality, Organisation

from .factories import make_programme


@pytest.fixture
def programme(world):
    """An agreement between the own and the partner locality, one commitment, tasks led by each."""
    return make_programme(world)


@pytest.fixture
def vocabulary(db):
    """The cooperation fields, the Hanoi and Da Nang bodies (with their successors) and the
    counterparts of the core demo (no accounts), written in bulk: only what drafting reads."""
    CooperationField.objects.bulk_create(CooperationField(**row) for row in demo.field_vocabulary())
    cities = {
        code: Locality.objects.create(code=code, name_vi=vi, name_en=en, kind=kind)
        for code, vi, en, kind, *_rest in demo.LOCALITIES
        if code in ("01", "48")
    }
    Organisation.objects.bulk_create(
        Organisation(
            locality=city,
            name_vi=vi,
            name_en=en,
            abbreviation=abbr,
            kind=kind,
            valid_from=start,
            valid_to=end,
        )
        for code, city in cities.items()
        for key, vi, en, abbr, kind, _parent, start, end, _succ in demo.ORGANISATIONS[code]
    )
    by_name = {
        (o.locality.code, o.name_vi): o for o in Organisation.objects.select_related("locality")
    }
    organisations = {
        f"{code}:{key}": by_name[(code, vi)]
        for code in cities
        for key, vi, *_rest in demo.ORGANISATIONS[code]
    }
    for code in cities:
        for key, *_mid, succ in demo.ORGANISATIONS[code]:
            if succ and ":" not in succ:
                body = organisations[f"{code}:{key}"]
                body.successor = organisations[f"{code}:{succ}"]
                body.save(update_fields=["successor"])
    fields = {f.code: f for f in CooperationField.objects.all()}
    CounterpartLink.objects.bulk_create(
        CounterpartLink(
            organisation_a=organisations[f"01:{hn}"],
            organisation_b=organisations[f"48:{dn}"],
            field=fields[code],
        )
        for code, (hn, dn) in demo.COUNTERPARTS.items()
    )
    return {"cities": cities, "organisations": organisations}
