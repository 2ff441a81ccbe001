"""Layers in the site search: found by those who may read them, as the map shows them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from hoptac.core.models import Partnership
from hoptac.search import queries
from hoptac.search.parsing import Filters

pytestmark = pytest.mark.django_db


def _found(q: str, user) -> list[str]:
    return [h.document.url for h in queries.search(q, user, Filters(kind="map_layer")).hits]


def test_a_public_layer_is_found_by_anyone_without_accents(make_layer):
    layer = make_layer(name_vi="Quy hoạch phân khu đô thị ven sông Hàn", visibility="public")
    urls = _found("quy hoach phan khu song han", AnonymousUser())
    assert urls == [layer_url(layer)]


def _kinds(q: str, user) -> set[str]:
    return {h.document.kind for h in queries.search(q, user).hits}


def layer_url(layer) -> str:
    from django.urls import reverse

    return reverse("geodata:layer_detail", args=[layer.slug])


def test_a_layer_kept_to_its_city_is_found_by_its_members_only(make_layer, member):
    layer = make_layer(name_vi="Hiện trạng cấp nước khu vực trung tâm", visibility="owner")
    q = "hien trang cap nuoc"
    assert _found(q, member("officer", "own")) == [layer_url(layer)]
    assert _found(q, member("officer", "partner")) == []
    assert _found(q, member("officer", "unrelated")) == []
    assert _found(q, AnonymousUser()) == []


def test_a_layer_shared_with_partners_is_found_by_the_partner_city_not_a_third(
    world, make_layer, member
):
    assert Partnership.objects.filter(
        locality_a__in=[world.localities["own"], world.localities["partner"]]
    ).exists()
    layer = make_layer(name_vi="Mạng lưới thoát nước mưa", visibility="partners")
    q = "thoat nuoc mua"
    assert _found(q, member("officer", "own")) == [layer_url(layer)]
    assert _found(q, member("officer", "partner")) == [layer_url(layer)]
    assert _found(q, member("officer", "unrelated")) == []
    assert _found(q, AnonymousUser()) == []


def test_making_a_layer_private_takes_it_out_of_the_public_results(make_layer):
    layer = make_layer(name_vi="Ranh giới khu công nghệ cao", visibility="public")
    assert _found("ranh gioi khu cong nghe cao", AnonymousUser()) == [layer_url(layer)]
    layer.visibility = "owner"
    layer.save()
    assert _found("ranh gioi khu cong nghe cao", AnonymousUser()) == []


def test_the_current_versions_attributes_and_the_owner_are_searched(make_layer, world):
    from hoptac.geodata.models import LayerVersion

    layer = make_layer(name_vi="Lớp thửa đất", visibility="public", theme="parcels")
    version = LayerVersion.objects.create(
        layer=layer, number=1, fields={"ma_quy_hoach": "text", "dien_tich": "number"}
    )
    layer.current_version = version
    layer.save()
    assert _found("ma_quy_hoach", AnonymousUser()) == [layer_url(layer)]
    owner = world.department["own"].name_vi
    assert _found(owner, AnonymousUser()) == [layer_url(layer)]
    # the theme's name in Vietnamese: "thửa đất" is in the title; the theme says "land parcels"
    assert layer_url(layer) in _found("land parcels", AnonymousUser())


def test_ending_a_partnership_stops_the_former_partner_finding_what_was_shared(
    world, make_layer, member
):
    from hoptac.exchange.tests.factories import PracticeFactory

    layer = make_layer(name_vi="Mạng lưới cống hộp thoát nước", visibility="partners")
    PracticeFactory(
        organisation=world.department["own"], status="published", visibility="partners",
        title_vi="Kinh nghiệm cống hộp thoát nước",
    )  # fmt: skip
    partner = member("officer", "partner")
    assert _found("cong hop thoat nuoc", partner) == [layer_url(layer)]
    assert {"map_layer", "practice"} <= _kinds("cong hop thoat nuoc", partner)
    ended = Partnership.objects.get(
        locality_a__in=[world.localities["own"], world.localities["partner"]],
        locality_b__in=[world.localities["own"], world.localities["partner"]],
    )
    a, b = ended.locality_a, ended.locality_b
    ended.delete()
    partner = type(partner).objects.get(pk=partner.pk)  # a new request: its scope read again
    assert not {"map_layer", "practice"} & _kinds("cong hop thoat nuoc", partner)
    Partnership.objects.create(locality_a=a, locality_b=b)
    partner = type(partner).objects.get(pk=partner.pk)
    assert _found("cong hop thoat nuoc", partner) == [layer_url(layer)]
    assert {"map_layer", "practice"} <= _kinds("cong hop thoat nuoc", partner)


def test_moving_a_partnership_to_another_city_stops_the_former_partner_finding_what_was_shared(
    world, make_layer, member
):
    # a partnership edited in the admin (own–partner becomes own–unrelated): the documents of
    # the city that left it must be read again too, not only those of the two cities it now joins
    layer = make_layer("partner", name_vi="Mạng lưới cống hộp thoát nước", visibility="partners")
    own = member("officer", "own")
    assert _found("cong hop thoat nuoc", own) == [layer_url(layer)]
    link = Partnership.objects.get(
        locality_a__in=[world.localities["own"], world.localities["partner"]],
        locality_b__in=[world.localities["own"], world.localities["partner"]],
    )
    if link.locality_a == world.localities["partner"]:
        link.locality_a = world.localities["unrelated"]
    else:
        link.locality_b = world.localities["unrelated"]
    link.save()
    own = type(own).objects.get(pk=own.pk)  # a new request: its scope read again
    assert _found("cong hop thoat nuoc", own) == []
