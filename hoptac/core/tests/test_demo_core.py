"""The demo's core part: the two cities, their bodies, counterparts and accounts. The part is
loaded once for the module (hoptac/core/tests/demo_module.py); each test still runs in its own
savepoint."""

from __future__ import annotations

import pytest

from hoptac.core.models import CounterpartLink, Locality, Membership, Organisation, User
from hoptac.core.tests.demo_module import module_demo, use_module_demo

pytestmark = pytest.mark.django_db

demo_module = module_demo(["core"])


@pytest.fixture
def demo(demo_module, db, settings):
    use_module_demo(settings, demo_module)


def test_demo_has_both_cities_the_merger_and_the_seed_bodies(demo):
    hanoi, danang = Locality.objects.get(code="01"), Locality.objects.get(code="48")
    assert Locality.objects.get(code="49").successor == danang
    for city in (hanoi, danang):
        names = set(city.organisations.values_list("name_vi", flat=True))
        assert any(n.startswith("Thành ủy") for n in names)
        assert any(n.startswith("Ban Tổ chức Thành ủy") for n in names)
        assert any(n.startswith("Ủy ban nhân dân thành phố") for n in names)
        assert any(n.startswith("Văn phòng Ủy ban nhân dân") for n in names)
    # the 2019 body is kept, with the body that carries its work today
    old = Organisation.objects.get(name_vi="Sở Kế hoạch và Đầu tư Hà Nội")
    assert old.successor.name_vi == "Sở Tài chính Hà Nội"


def test_demo_links_a_counterpart_for_each_of_the_thirteen_fields_of_paragraph_four(demo):
    links = CounterpartLink.objects.filter(field__source_paragraph=4)
    assert links.values("field").distinct().count() == 13
    for link in links.select_related("organisation_a", "organisation_b"):
        assert link.organisation_a.locality.code == "01"
        assert link.organisation_b.locality.code == "48"
        assert link.organisation_a.is_current and link.organisation_b.is_current


def test_demo_has_one_account_per_role_per_city(demo):
    for code in ("01", "48"):
        roles = set(
            Membership.objects.filter(organisation__locality__code=code).values_list(
                "role", flat=True
            )
        )
        assert roles == {"coordinator", "officer", "leader", "admin"}
    assert User.objects.get(username="hn-dieuphoi").check_password("hoptac-demo-2019")
