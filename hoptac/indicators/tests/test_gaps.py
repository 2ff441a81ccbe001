"""Practices tagged with indicators, and each gap on the 766 index linked to the leading city's
tagged practices and to "ask the partner how"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hoptac.exchange.tests.factories import PracticeFactory
from hoptac.indicators.models import IndicatorTag

from .test_index766 import figures  # noqa: F401 — the fixture: own lags its partner on on_time

TAG_URL = "/chi-so/gan-chi-so/"


def _tag(client, practice, indicator="766:on_time", **extra):
    return client.post(
        TAG_URL,
        {
            "target": "exchange.practice",
            "object_id": practice.pk,
            "indicator": indicator,
            "next": practice.get_absolute_url(),
            **extra,
        },
    )


def test_an_officer_of_the_practice_names_an_indicator_and_removes_it(client, world, member):
    practice = PracticeFactory(organisation=world.department["partner"])
    client.force_login(member("officer", "partner"))
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "Chỉ số mà mục này phục vụ" in page and "Gắn chỉ số này" in page
    response = _tag(client, practice)
    assert response.status_code == 302
    tag = IndicatorTag.objects.get()
    assert (tag.indicator, tag.object_id, tag.locality_id) == (
        "766:on_time",
        practice.pk,
        world.localities["partner"].pk,
    )
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn" in page
    _tag(client, practice, remove="1")
    assert not IndicatorTag.objects.exists()


def test_another_city_may_not_tag_and_a_hidden_practice_is_not_found(client, world, member):
    practice = PracticeFactory(organisation=world.department["partner"])
    client.force_login(member("officer", "own"))  # a partner reads it but may not change it
    assert _tag(client, practice).status_code == 403
    client.force_login(member("officer", "unrelated"))  # partners-only: not visible to them
    assert _tag(client, practice).status_code == 404
    client.logout()
    assert _tag(client, practice).status_code == 404
    assert not IndicatorTag.objects.exists()


@pytest.mark.parametrize("indicator", ["766:nothing", "", "766:on_time\x00"])
def test_an_unknown_indicator_is_refused_with_a_message(client, world, member, indicator):
    practice = PracticeFactory(organisation=world.department["partner"])
    client.force_login(member("officer", "partner"))
    response = _tag(client, practice, indicator=indicator)
    assert response.status_code == 302
    assert not IndicatorTag.objects.exists()
    page = client.get(response.url).content.decode()
    assert "Chọn một chỉ số trong danh sách" in page


def test_a_bad_target_is_not_found(client, world, member):
    client.force_login(member("officer", "partner"))
    data = {"target": "core.locality", "object_id": world.localities["own"].pk, "indicator": "x"}
    assert client.post(TAG_URL, data).status_code == 404
    data = {"target": "exchange.practice", "object_id": "abc", "indicator": "766:on_time"}
    assert client.post(TAG_URL, data).status_code == 404


def test_a_gap_shows_the_leading_citys_tagged_practices_and_ask_how(
    client,
    figures,  # noqa: F811
    world,
    member,
):
    own, partner = figures
    shared = PracticeFactory(organisation=world.department["partner"], title_vi="Một cửa số")
    public = PracticeFactory(
        organisation=world.department["partner"], title_vi="Hẹn trả đúng giờ", visibility="public"
    )
    mine = PracticeFactory(organisation=world.department["own"], title_vi="Cách làm của mình")
    for practice in (shared, public, mine):
        client.force_login(member("coordinator", "partner" if practice != mine else "own"))
        _tag(client, practice)
    assert IndicatorTag.objects.count() == 3
    url = reverse("indicators:index766")
    params = {"a": own.code, "b": partner.code}
    # a member of the lagging city: the partner's two practices and the request, prefilled
    client.force_login(member("officer", "own"))
    page = client.get(url, params).content.decode()
    assert "Một cửa số" in page and "Hẹn trả đúng giờ" in page
    assert "Cách làm của mình" not in page  # own city lags: its practice is no answer here
    ask = reverse("exchange:request_create") + "?subject="
    assert ask in page  # the prefilled experience request, with the figures
    assert "%28117+%2F+130%29" in page and "%2878+%2F+80%29" in page
    # the public: only the public practice, no request
    client.logout()
    page = client.get(url, params).content.decode()
    assert "Hẹn trả đúng giờ" in page and "Một cửa số" not in page
    assert ask not in page


def test_a_leader_of_the_lagging_city_is_not_offered_a_request_they_may_not_send(
    client,
    figures,  # noqa: F811
    member,
):
    # Found walking the demo: Da Nang's leader got "Ask Hanoi how", whose form answers 403.
    own, partner = figures
    client.force_login(member("leader", "own"))
    ask = reverse("exchange:request_create")
    assert client.get(ask).status_code == 403
    page = client.get(reverse("indicators:index766"), {"a": own.code, "b": partner.code})
    assert ask not in page.content.decode()


def test_the_gap_links_cost_the_same_queries_with_more_practices(
    client,
    figures,  # noqa: F811
    world,
    member,
    django_assert_max_num_queries,
):
    own, partner = figures
    url = reverse("indicators:index766")
    params = {"a": own.code, "b": partner.code}
    user = member("officer", "own")
    client.force_login(user)

    def tag_more(n):
        for _ in range(n):
            practice = PracticeFactory(organisation=world.department["partner"])
            IndicatorTag.objects.create(
                indicator="766:on_time",
                content_type_id=_ct(practice),
                object_id=practice.pk,
                locality=partner,
            )

    tag_more(1)
    client.get(url, params)  # warm the caches
    with django_assert_max_num_queries(40) as small:
        client.get(url, params)
    tag_more(10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(url, params).content.decode()
    assert page.count("Thực tiễn số") >= 11


def _ct(obj) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj).pk


def test_the_demo_links_two_gaps_to_da_nangs_practice_once(world):
    from hoptac.indicators import demo

    practice = PracticeFactory(
        organisation=world.department["partner"],
        title_vi="Chính quyền điện tử và Trung tâm giám sát, điều hành đô thị thông minh",
    )
    demo.load_tags_demo(lambda _m: None)
    demo.load_tags_demo(lambda _m: None)
    assert sorted(IndicatorTag.objects.values_list("indicator", "object_id")) == [
        ("766:digitised", practice.pk),
        ("766:online_share", practice.pk),
    ]


def test_the_catalogue_comparison_shows_the_leaders_practices(client, world, member):
    from hoptac.indicators.models import Procedure

    from .factories import ProcedureFactory

    own, partner = world.localities["own"], world.localities["partner"]
    ProcedureFactory(locality=own, code="1.001612", online_level=Procedure.OnlineLevel.PARTIAL)
    ProcedureFactory(locality=partner, code="1.001612", online_level=Procedure.OnlineLevel.FULL)
    practice = PracticeFactory(
        organisation=world.department["partner"], title_vi="Một cửa toàn trình", visibility="public"
    )
    client.force_login(member("officer", "partner"))
    _tag(client, practice, indicator="services:full_online")
    client.logout()
    url = reverse("indicators:services")
    page = client.get(url, {"a": own.code, "b": partner.code}).content.decode()
    assert "Một cửa toàn trình" in page
    assert "Thành phố Đà Nẵng thực hiện trực tuyến toàn trình 1 thủ tục" in page
