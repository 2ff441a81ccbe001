from __future__ import annotations

import factory
from django.contrib.gis.geos import Point

from hoptac.core.models import (
    CooperationField,
    CounterpartLink,
    Locality,
    Membership,
    Organisation,
    Partnership,
    User,
)


class LocalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Locality
        django_get_or_create = ("code",)

    # Three digits (the field's length), 100–999: never a real province code (01–96), and never
    # too long however many localities one test worker makes (it passed 999 at n = 940).
    code = factory.Sequence(lambda n: f"{100 + n % 900}")
    name_vi = factory.Sequence(lambda n: f"Thành phố Thử {n}")
    name_en = factory.Sequence(lambda n: f"Test City {n}")
    centre = Point(106.0, 20.0, srid=4326)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    locality = factory.SubFactory(LocalityFactory)
    kind = Organisation.Kind.DEPARTMENT
    name_vi = factory.Sequence(lambda n: f"Sở Thử nghiệm {n}")
    name_en = factory.Sequence(lambda n: f"Department of Testing {n}")
    abbreviation = factory.Sequence(lambda n: f"STN{n}")


class CooperationFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CooperationField

    code = factory.Sequence(lambda n: f"linh-vuc-{n}")
    name_vi = factory.Sequence(lambda n: f"Lĩnh vực {n}")
    name_en = factory.Sequence(lambda n: f"Field {n}")


class CounterpartLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CounterpartLink

    organisation_a = factory.SubFactory(OrganisationFactory)
    organisation_b = factory.SubFactory(OrganisationFactory)
    field = factory.SubFactory(CooperationFieldFactory)


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    locality_a = factory.SubFactory(LocalityFactory)
    locality_b = factory.SubFactory(LocalityFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    password = factory.django.Password("mat-khau-rat-manh-2025")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.OFFICER


def make_world():
    """Two partner cities and an unrelated one, each with a People's Committee and a department:
    the `world` fixture (conftest.py), for a module that makes its rows once (module_rows.py)."""
    hanoi = LocalityFactory(code="01", name_vi="Thành phố Hà Nội", name_en="Hanoi")
    danang = LocalityFactory(code="48", name_vi="Thành phố Đà Nẵng", name_en="Da Nang")
    hcmc = LocalityFactory(code="79", name_vi="Thành phố Hồ Chí Minh", name_en="Ho Chi Minh City")
    PartnershipFactory(locality_a=hanoi, locality_b=danang)

    class World:
        pass

    w = World()
    w.localities = {"own": hanoi, "partner": danang, "unrelated": hcmc}
    w.office = {
        k: OrganisationFactory(locality=loc, kind="pc_office") for k, loc in w.localities.items()
    }
    w.department = {k: OrganisationFactory(locality=loc) for k, loc in w.localities.items()}
    return w
