"""The programmes benchmark generator (bench/programmes/generate_programmes.py) at small sizes."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from hoptac.core.models import Locality, Organisation

BENCH = Path(__file__).resolve().parents[3] / "bench" / "programmes"


@pytest.fixture
def generate(db):
    sys.path.insert(0, str(BENCH))
    try:
        from generate_programmes import Command

        def run(**opts) -> str:
            out = io.StringIO()
            call_command(Command(), stdout=out, **{"seed": 1, "largest": 10, **opts})
            return out.getvalue()

        yield run
    finally:
        sys.path.remove(str(BENCH))


@pytest.mark.parametrize("organisations", [12, 20])
def test_few_organisations_still_give_every_city_its_heads(generate, organisations):
    out = generate(agreements=3, organisations=organisations, tasks=20)

    assert f"{organisations} organisations" in out
    for code in ("01", "48", "79", "31"):
        kinds = set(
            Organisation.objects.filter(locality=Locality.objects.get(code=code)).values_list(
                "kind", flat=True
            )
        )
        assert {"party_committee", "peoples_committee", "pc_office"} <= kinds, code
