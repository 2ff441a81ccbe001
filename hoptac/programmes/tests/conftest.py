from __future__ import annotations

import pytest

from .factories import AgreementFactory, CommitmentFactory, TaskFactory


@pytest.fixture
def programme(world):
    """An agreement between the own and the partner locality, one commitment, tasks led by each."""
    own, partner = world.localities["own"], world.localities["partner"]
    agreement = AgreementFactory(issuer=world.office["own"], parties=[own, partner])
    commitment = CommitmentFactory(agreement=agreement)

    class P:
        pass

    p = P()
    p.agreement = agreement
    p.commitment = commitment
    p.task = {
        "own": TaskFactory(commitment=commitment, lead=world.department["own"]),
        "partner": TaskFactory(commitment=commitment, lead=world.department["partner"]),
    }
    return p
