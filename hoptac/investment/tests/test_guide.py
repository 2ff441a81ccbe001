"""The investor's guide: public pages in both languages, drafts only for their city, editing only
by the city's own staff, specific errors on bad input, and the sourced demo content."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hoptac.investment.guide import data
from hoptac.investment.guide.demo import load
from hoptac.investment.models import GuideStep

from .factories import GuideStepFactory

ROLES = ["coordinator", "officer", "admin"]


@pytest.fixture
def steps(world):
    own = world.localities["own"]
    return {
        "published": GuideStepFactory(locality=own, order=1, title_vi="Chọn địa điểm"),
        "draft": GuideStepFactory(
            locality=own, order=2, title_vi="Bước nháp bí mật", published=False
        ),
        "partner_draft": GuideStepFactory(
            locality=world.localities["partner"], title_vi="Nháp của Đà Nẵng", published=False
        ),
    }


def _data(world, where="own", **over):
    values = {
        "locality": world.localities[where].pk,
        "order": "3",
        "title_vi": "Đăng ký doanh nghiệp",
        "title_en": "Register the enterprise",
        "body_vi": "Nộp hồ sơ đăng ký doanh nghiệp.",
        "body_en": "File the enterprise registration.",
        "legal_basis_vi": "Nghị định 168/2025/NĐ-CP",
        "legal_basis_en": "Decree 168/2025/NĐ-CP",
        "source_url": "https://example.org/nghi-dinh-168",
        "published": "on",
    }
    values.update(over)
    return values


def test_anonymous_readers_see_only_published_steps(client, steps):
    code = steps["published"].locality.code
    for url in (reverse("investment:guide"), reverse("investment:guide_city", args=[code])):
        page = client.get(url).content.decode()
        assert "Chọn địa điểm" in page
        assert "Bước nháp bí mật" not in page
        assert "Nháp của Đà Nẵng" not in page


def test_a_city_with_only_drafts_has_no_public_guide_page(client, steps):
    code = steps["partner_draft"].locality.code
    assert client.get(reverse("investment:guide_city", args=[code])).status_code == 404
    assert client.get(reverse("investment:guide_city_en", args=[code])).status_code == 404


def test_a_city_s_staff_see_its_drafts_but_not_the_partner_s(client, steps, member):
    client.force_login(member("officer", "own"))
    page = client.get(reverse("investment:guide")).content.decode()
    assert "Bước nháp bí mật" in page
    assert "chưa công bố" in page
    assert "Nháp của Đà Nẵng" not in page


def test_the_guide_answers_in_both_languages_with_its_alternate(client, steps):
    code = steps["published"].locality.code
    vi = client.get(reverse("investment:guide_city", args=[code]))
    en = client.get(reverse("investment:guide_city_en", args=[code]))
    assert vi.status_code == en.status_code == 200
    assert en["Content-Language"] == "en"
    assert steps["published"].title_en in en.content.decode()
    assert steps["published"].title_vi in vi.content.decode()
    assert f'hreflang="en" href="http://testserver/en/invest/guide/{code}/"' in vi.content.decode()
    assert reverse("investment:guide_en") == "/en/invest/guide/"


def test_a_step_shows_its_legal_basis_and_source(client, world):
    step = GuideStepFactory(
        locality=world.localities["own"],
        legal_basis_en="Decree 168/2025/NĐ-CP, Article 7",
        source_url="https://example.org/decree-168",
    )
    page = client.get(reverse("investment:guide_city_en", args=[step.locality.code]))
    assert "Decree 168/2025/NĐ-CP, Article 7" in page.content.decode()
    assert 'href="https://example.org/decree-168"' in page.content.decode()


@pytest.mark.parametrize("size", [2, 12])
def test_the_guide_page_reads_a_fixed_number_of_queries(
    client, world, size, django_assert_max_num_queries
):
    for where in ("own", "partner"):
        GuideStepFactory.create_batch(size, locality=world.localities[where])
    with django_assert_max_num_queries(4):
        assert client.get(reverse("investment:guide")).status_code == 200


@pytest.mark.parametrize("url_name", ["guide_steps", "guide_step_create"])
def test_anonymous_is_sent_to_sign_in_from_the_guide_workspace(client, world, url_name):
    response = client.get(reverse(f"investment:{url_name}"))
    assert response.status_code == 302
    assert "/dang-nhap/" in response["Location"] or "login" in response["Location"]


def test_anonymous_cannot_post_a_step(client, steps):
    step = steps["published"]
    url = reverse("investment:guide_step_edit", args=[step.pk])
    response = client.post(url, {"title_vi": "Tên mới"})
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.title_vi == "Chọn địa điểm"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("where", "allowed"), [("own", True), ("partner", False), ("unrelated", False)]
)
def test_only_the_city_s_own_staff_edit_its_guide(
    client, world, steps, member, role, where, allowed
):
    step = steps["published"]
    client.force_login(member(role, where))
    url = reverse("investment:guide_step_edit", args=[step.pk])
    response = client.post(url, _data(world, order="1", title_vi="Tên mới"))
    step.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert step.title_vi == "Tên mới"
        assert step.history.first().history_user is not None
    else:
        assert response.status_code == 403
        assert step.title_vi == "Chọn địa điểm"
        assert step.history.count() == 1
        assert client.get(url).status_code == 403


def test_the_city_list_in_the_workspace_holds_only_the_city_s_steps(client, steps, member):
    client.force_login(member("officer", "partner"))
    page = client.get(reverse("investment:guide_steps")).content.decode()
    assert "Nháp của Đà Nẵng" in page
    assert "Chọn địa điểm" not in page


def test_an_officer_creates_a_step_for_the_own_city(client, world, member):
    client.force_login(member("officer", "own"))
    response = client.post(reverse("investment:guide_step_create"), _data(world))
    assert response.status_code == 302
    step = GuideStep.objects.get(title_en="Register the enterprise")
    assert step.locality == world.localities["own"]
    assert step.published


def test_a_step_cannot_be_created_for_another_city(client, world, member):
    client.force_login(member("coordinator", "own"))
    response = client.post(reverse("investment:guide_step_create"), _data(world, where="partner"))
    assert response.status_code == 400
    assert "locality" in response.context["form"].errors
    assert not GuideStep.objects.exists()


@pytest.mark.parametrize(
    ("over", "field", "message"),
    [
        ({"title_vi": ""}, "title_vi", "Hãy đặt tiêu đề tiếng Việt cho bước."),
        ({"body_en": ""}, "body_en", "Hãy nói nhà đầu tư làm gì, bằng tiếng Anh."),
        ({"order": "0"}, "order", "Các bước được đánh số từ 1."),
        ({"source_url": "not a link"}, "source_url", "Nhập một URL hợp lệ."),
        (
            {"source_url": ""},
            "source_url",
            "Bước có nêu căn cứ pháp lý phải kèm nguồn đã dùng để kiểm tra.",
        ),
    ],
)
def test_bad_input_gets_a_specific_error_and_writes_nothing(
    client, world, member, over, field, message
):
    client.force_login(member("officer", "own"))
    response = client.post(reverse("investment:guide_step_create"), _data(world, **over))
    assert response.status_code == 400
    assert message in response.context["form"].errors[field]
    assert message in response.content.decode()
    assert not GuideStep.objects.exists()


def test_the_sitemap_lists_the_published_guides_only(client, steps):
    sitemap = client.get(reverse("investment:sitemap")).content.decode()
    own, partner = steps["published"].locality.code, steps["partner_draft"].locality.code
    assert f"/dau-tu/huong-dan/{own}/" in sitemap
    assert f"/dau-tu/huong-dan/{partner}/" not in sitemap


def test_every_legal_fact_of_the_demo_guide_names_a_known_source():
    for steps in data.STEPS.values():
        for step in steps:
            assert step["sources"], step["title_en"]
            assert all(key in data.SOURCES for key in step["sources"]), step["title_en"]
            if step.get("legal_basis_vi") or step.get("legal_basis_en"):
                assert data.source_url(step).startswith("https://")


def test_the_demo_guide_loads_once_and_publishes_both_cities(world):
    load(lambda message: None)
    load(lambda message: None)
    counts = {code: len(steps) for code, steps in data.STEPS.items()}
    for code, count in counts.items():
        assert GuideStep.objects.filter(locality__code=code, published=True).count() == count
    for step in GuideStep.objects.all():
        step.full_clean()


def test_every_step_of_hanois_demo_guide_names_its_competent_body_with_a_source():
    for step in data.STEPS["01"]:
        assert step.get("competent_body_vi") and step.get("competent_body_en"), step["title_en"]
    # the rules and the investment policy approval: the Department of Finance, from its source
    for number in (0, 2):
        step = data.STEPS["01"][number]
        assert "Sở Tài chính Hà Nội" in step["competent_body_vi"]
        assert "Hanoi Department of Finance" in step["competent_body_en"]
        assert "S_HN_DOF" in step["sources"]
    assert "Chủ tịch Ủy ban nhân dân thành phố Hà Nội" in data.STEPS["01"][2]["competent_body_vi"]
