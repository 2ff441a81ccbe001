from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from hoptac.core.models import CounterpartLink, Locality, Organisation
from hoptac.core.tests.factories import (
    CooperationFieldFactory,
    LocalityFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


def test_merged_province_keeps_its_history_with_a_successor():
    danang = LocalityFactory(code="48", name_vi="Thành phố Đà Nẵng")
    quangnam = LocalityFactory(
        code="49", name_vi="Tỉnh Quảng Nam", valid_to=dt.date(2025, 6, 30), successor=danang
    )
    assert quangnam.is_valid_on(dt.date(2019, 8, 20))
    assert not quangnam.is_valid_on(dt.date(2025, 7, 1))
    assert list(Locality.objects.valid_on(dt.date(2025, 7, 1))) == [danang]
    assert set(Locality.objects.valid_on(dt.date(2019, 8, 20))) == {danang, quangnam}
    assert list(danang.predecessors.all()) == [quangnam]


def test_validity_end_before_start_is_refused():
    org = OrganisationFactory.build(valid_from=dt.date(2025, 3, 1), valid_to=dt.date(2025, 2, 1))
    with pytest.raises(ValidationError) as err:
        org.full_clean()
    assert "valid_to" in err.value.message_dict


def test_parent_must_be_in_same_locality():
    parent = OrganisationFactory()
    child = OrganisationFactory.build(parent=parent, locality=LocalityFactory())
    with pytest.raises(ValidationError) as err:
        child.full_clean()
    assert "parent" in err.value.message_dict


def test_counterparts_must_be_in_different_localities():
    a = OrganisationFactory()
    b = OrganisationFactory(locality=a.locality)
    link = CounterpartLink(organisation_a=a, organisation_b=b, field=CooperationFieldFactory())
    with pytest.raises(ValidationError):
        link.full_clean()


def test_an_organisation_cannot_be_its_own_counterpart_even_in_the_database():
    a = OrganisationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CounterpartLink.objects.create(
            organisation_a=a, organisation_b=a, field=CooperationFieldFactory()
        )


def test_name_follows_the_language_and_falls_back_to_vietnamese():
    org = OrganisationFactory(name_vi="Sở Tài chính", name_en="Department of Finance")
    bare = OrganisationFactory(name_vi="Ban Nội chính", name_en="")
    with translation.override("en"):
        assert org.name == "Department of Finance"
        assert bare.name == "Ban Nội chính"
    with translation.override("vi"):
        assert org.name == "Sở Tài chính"


def test_valid_on_filters_former_organisations():
    old = OrganisationFactory(valid_to=dt.date(2025, 2, 28))
    new = OrganisationFactory(valid_from=dt.date(2025, 3, 1))
    assert set(Organisation.objects.valid_on(dt.date(2024, 1, 1))) == {old}
    assert set(Organisation.objects.valid_on(dt.date(2025, 3, 1))) == {new}
