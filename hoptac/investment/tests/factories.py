from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from hoptac.core import dates
from hoptac.core.tests.factories import LocalityFactory
from hoptac.investment.demo import tax_code
from hoptac.investment.models import (
    Enquiry,
    Enterprise,
    Event,
    Meeting,
    MeetingRequest,
    Park,
    Participant,
    Project,
    Session,
    Slot,
    Table,
)


class ParkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Park

    slug = factory.Sequence(lambda n: f"khu-{n}")
    kind = Park.Kind.HIGH_TECH
    locality = factory.SubFactory(LocalityFactory)
    name_vi = factory.Sequence(lambda n: f"Khu công nghệ cao {n}")
    name_en = factory.Sequence(lambda n: f"High-Tech Park {n}")
    total_area_ha = Decimal(100)
    leased_area_ha = Decimal(40)
    available_area_ha = Decimal(30)


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    code = factory.Sequence(lambda n: f"DA-{n:04d}")
    title_vi = factory.Sequence(lambda n: f"Dự án phần mềm {n}")
    title_en = factory.Sequence(lambda n: f"Software project {n}")
    description_vi = "Phát triển phần mềm và điện toán đám mây."
    locality = factory.SubFactory(LocalityFactory)
    vsic_version = "2018"
    vsic_code = "6201"
    capital_vnd = Decimal(200_000_000_000)
    source = Project.Source.CITY
    status = Project.Status.CALLING


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    locality = factory.SubFactory(LocalityFactory)
    tax_code = factory.Sequence(lambda n: tax_code("01", 5000 + n * 3))
    name_vi = factory.Sequence(lambda n: f"Công ty Thử nghiệm {n}")
    name_en = factory.Sequence(lambda n: f"Test Company {n}")
    vsic_version = "2018"
    vsic_code = "6201"
    size = Enterprise.Size.MEDIUM
    products = "Phần mềm, điện toán đám mây. Software, cloud computing."
    verification = Enterprise.Verification.VERIFIED


class EnquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enquiry

    locality = factory.SubFactory(LocalityFactory)
    name = factory.Sequence(lambda n: f"Investor {n}")
    email = factory.Sequence(lambda n: f"investor{n}@example.com")
    reference = factory.Sequence(lambda n: f"DT-2026-{n:06d}")
    message = "We look for land for a data centre."
    received_at = factory.LazyFunction(timezone.now)
    due_at = factory.LazyAttribute(lambda o: dates.add_working_time(o.received_at, 2))


def make_event(locality, slots: int = 4, tables: int = 2, participants: list | None = None):
    """An event with one session, `slots` half-hour slots and `tables` tables, four weeks after
    today (a fixed day would close its registration once it passed)."""
    day = dates.today() + dt.timedelta(days=28)
    event = Event.objects.create(
        locality=locality,
        name_vi="Ngày B2B",
        name_en="B2B day",
        venue="Hội trường",
        day=day,
    )
    session = Session.objects.create(event=event, name="Sáng")
    start = dt.datetime(day.year, day.month, day.day, 8, 0, tzinfo=dt.UTC)
    slot_objs = [
        Slot.objects.create(
            event=event,
            session=session,
            starts_at=start + dt.timedelta(minutes=30 * i),
            ends_at=start + dt.timedelta(minutes=30 * i + 25),
        )
        for i in range(slots)
    ]
    table_objs = [Table.objects.create(event=event, label=f"T{i}") for i in range(tables)]
    people = [
        Participant.objects.create(
            event=event,
            enterprise=e,
            contact_name="Người đại diện",
            contact_email=f"p{e.pk}@example.vn",
        )
        for e in (participants or [])
    ]
    return event, slot_objs, table_objs, people


def accepted_meeting(a: Participant, b: Participant) -> Meeting:
    now = timezone.now()
    req = MeetingRequest.objects.create(
        event_id=a.event_id,
        requester=a,
        target=b,
        status=MeetingRequest.Status.ACCEPTED,
        expires_at=now + dt.timedelta(days=1),
    )
    return Meeting.objects.create(event_id=a.event_id, request=req)


class GuideStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "investment.GuideStep"

    locality = factory.SubFactory(LocalityFactory)
    order = factory.Sequence(lambda n: n + 1)
    title_vi = factory.Sequence(lambda n: f"Bước số {n}")
    title_en = factory.Sequence(lambda n: f"Step number {n}")
    body_vi = "Nộp hồ sơ."
    body_en = "File the dossier."
    published = True


def write_vocab(shipped_vsic: list) -> None:
    """The shipped VSIC codes and Decision 38/2020 items: the `vocab` fixture (conftest.py)."""
    from hoptac.investment import importers

    importers.write_vsic(shipped_vsic)
    importers.import_priority_items()


def make_portal_world(world):
    """The partner cities of `world` with a brand, a park, a project and an enterprise each: the
    `portal_world` fixture (conftest.py), for a module that makes its rows once."""
    from hoptac.investment.models import Brand

    brand = Brand.objects.create(name_vi="Thương hiệu chung", name_en="Joint brand")
    brand.localities.set([world.localities["own"], world.localities["partner"]])
    world.park = {k: ParkFactory(locality=loc) for k, loc in world.localities.items()}
    world.project = {
        k: ProjectFactory(locality=loc, park=world.park[k]) for k, loc in world.localities.items()
    }
    world.enterprise = {k: EnterpriseFactory(locality=loc) for k, loc in world.localities.items()}
    world.brand = brand
    return world
