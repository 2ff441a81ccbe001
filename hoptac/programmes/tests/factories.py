from __future__ import annotations

import datetime as dt

import factory

from hoptac.core.tests.factories import CooperationFieldFactory, OrganisationFactory
from hoptac.programmes.models import Agreement, Commitment, Task


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"{n + 100}-TB/TU")
    kind = Agreement.Kind.NOTICE
    title = factory.Sequence(lambda n: f"Thông báo kết luận hợp tác số {n}")
    signed_on = dt.date(2019, 8, 20)
    issuer = factory.SubFactory(OrganisationFactory, kind="party_committee")

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):
        if create:
            self.parties.set(extracted or [self.issuer.locality])


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment
        skip_postgeneration_save = True

    agreement = factory.SubFactory(AgreementFactory)
    text = factory.Sequence(lambda n: f"Trao đổi kinh nghiệm về lĩnh vực {n}.")
    order = factory.Sequence(lambda n: n)

    @factory.post_generation
    def fields(self, create, extracted, **kwargs):
        if create:
            self.fields.set(extracted or [CooperationFieldFactory()])


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task
        skip_postgeneration_save = True

    commitment = factory.SubFactory(CommitmentFactory)
    title = factory.Sequence(lambda n: f"Nhiệm vụ số {n}")
    lead = factory.SubFactory(OrganisationFactory)
    start_date = dt.date(2024, 1, 1)
    due_date = dt.date(2030, 12, 31)


def make_programme(world):
    """An agreement between the own and the partner locality, one commitment, tasks led by each:
    the `programme` fixture (conftest.py), for a module that makes its rows once."""
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
