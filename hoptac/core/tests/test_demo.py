from __future__ import annotations

import pytest
from django.apps import apps
from django.core.management import call_command

from hoptac.core.models import CounterpartLink, Locality, Membership, Organisation, User

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    counts = {}
    for model in apps.get_models():
        if model._meta.app_label in {"core", "programmes", "exchange", "investment", "geodata"}:
            counts[model._meta.label] = model._default_manager.count()
    return counts


def test_loading_the_demo_twice_changes_nothing_not_even_the_audit_trail():
    call_command("load_demo")
    first = _counts()
    call_command("load_demo", force=True)
    assert _counts() == first
    assert first["core.HistoricalOrganisation"] == first["core.Organisation"] + sum(
        1 for o in Organisation.objects.all() if o.parent_id or o.successor_id
    )


def test_a_second_start_on_the_same_code_skips_the_load_and_a_change_loads_again(
    monkeypatch, django_assert_max_num_queries
):
    from io import StringIO

    from hoptac.core import demo, demo_state

    call_command("load_demo", stdout=StringIO())
    loads = []
    monkeypatch.setattr(demo, "load", lambda **kw: loads.append(kw))
    out = StringIO()
    with django_assert_max_num_queries(3):
        call_command("load_demo", stdout=out)
    assert "already loaded" in out.getvalue() and loads == []

    monkeypatch.setattr(demo_state, "fingerprint", lambda: "0" * 64)  # the code changed
    call_command("load_demo", stdout=StringIO())
    assert len(loads) == 1
    call_command("load_demo", only=["core"], stdout=StringIO())  # another set of parts
    assert len(loads) == 2


def test_the_fingerprint_follows_the_code_and_data_but_not_the_tests(tmp_path, monkeypatch):
    from hoptac.core import demo_state

    (tmp_path / "core" / "data").mkdir(parents=True)
    (tmp_path / "core" / "tests").mkdir()
    (tmp_path / "core" / "data" / "seed.json").write_text("{}")
    (tmp_path / "core" / "tests" / "test_x.py").write_text("")
    monkeypatch.setattr(demo_state, "PACKAGE", tmp_path)
    first = demo_state.fingerprint()
    (tmp_path / "core" / "tests" / "test_x.py").write_text("assert True")
    assert demo_state.fingerprint() == first
    (tmp_path / "core" / "data" / "seed.json").write_text('{"changed": 1}')
    assert demo_state.fingerprint() != first


def test_demo_has_both_cities_the_merger_and_the_seed_bodies():
    call_command("load_demo", only=["core"])
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


def test_demo_links_a_counterpart_for_each_of_the_thirteen_fields_of_paragraph_four():
    call_command("load_demo", only=["core"])
    links = CounterpartLink.objects.filter(field__source_paragraph=4)
    assert links.values("field").distinct().count() == 13
    for link in links.select_related("organisation_a", "organisation_b"):
        assert link.organisation_a.locality.code == "01"
        assert link.organisation_b.locality.code == "48"
        assert link.organisation_a.is_current and link.organisation_b.is_current


def test_demo_has_one_account_per_role_per_city():
    call_command("load_demo", only=["core"])
    for code in ("01", "48"):
        roles = set(
            Membership.objects.filter(organisation__locality__code=code).values_list(
                "role", flat=True
            )
        )
        assert roles == {"coordinator", "officer", "leader", "admin"}
    assert User.objects.get(username="hn-dieuphoi").check_password("hoptac-demo-2019")
