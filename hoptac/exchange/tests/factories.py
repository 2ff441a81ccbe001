from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from hoptac.core.tests.factories import LocalityFactory, OrganisationFactory
from hoptac.exchange.models import (
    Activity,
    Addressee,
    ExperienceRequest,
    Participant,
    Policy,
    Practice,
)


class PracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Practice

    organisation = factory.SubFactory(OrganisationFactory)
    locality = factory.LazyAttribute(lambda o: o.organisation.locality)
    title_vi = factory.Sequence(lambda n: f"Thực tiễn số {n}")
    title_en = factory.Sequence(lambda n: f"Practice {n}")
    summary_vi = "Tóm tắt cách làm."
    body_vi = "## Cách làm\n\n- Bước một\n- Bước hai"
    status = "published"
    visibility = "partners"
    published_at = factory.LazyFunction(timezone.now)


class PolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Policy

    organisation = factory.SubFactory(OrganisationFactory)
    locality = factory.LazyAttribute(lambda o: o.organisation.locality)
    number = factory.Sequence(lambda n: f"{n}/2020/QH14")
    kind = "resolution_na"
    issuer = "Quốc hội"
    title_vi = factory.Sequence(lambda n: f"Nghị quyết thử {n}")
    issued_on = dt.date(2020, 6, 19)
    status = "published"
    visibility = "partners"


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    organisation = factory.SubFactory(OrganisationFactory)
    locality = factory.LazyAttribute(lambda o: o.organisation.locality)
    host_locality = factory.LazyAttribute(lambda o: o.organisation.locality)
    kind = "workshop"
    title_vi = factory.Sequence(lambda n: f"Hội thảo {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=8))
    place = "Đà Nẵng"
    status = "published"
    visibility = "partners"


class ExperienceRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExperienceRequest

    organisation = factory.SubFactory(OrganisationFactory)
    locality = factory.LazyAttribute(lambda o: o.organisation.locality)
    subject = factory.Sequence(lambda n: f"Câu hỏi {n}")
    question = "Các bạn đã làm thế nào?"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=14))


class AddresseeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Addressee

    request = factory.SubFactory(ExperienceRequestFactory)
    locality = factory.SubFactory(LocalityFactory)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    activity = factory.SubFactory(ActivityFactory)
    guest_name = factory.Sequence(lambda n: f"Khách {n}")
