from __future__ import annotations

import pytest
from django.urls import reverse

from hoptac.investment.models import Project

from .factories import ProjectFactory


def _pages(w):
    project, park, enterprise = w.project["own"], w.park["own"], w.enterprise["own"]
    return [
        ("investment:home", ()),
        ("investment:project_list", ()),
        ("investment:project_detail", (project.code,)),
        ("investment:park_list", ()),
        ("investment:park_detail", (park.slug,)),
        ("investment:sectors", ()),
        ("investment:incentives", ()),
        ("investment:enterprise_list", ()),
        ("investment:enterprise_detail", (enterprise.tax_code,)),
        ("investment:contact", ()),
        ("investment:event_list", ()),
    ]


def test_every_portal_page_answers_in_both_languages_with_hreflang(client, portal_world):
    for name, args in _pages(portal_world):
        vi = client.get(reverse(name, args=args))
        en = client.get(reverse(f"{name}_en", args=args))
        assert vi.status_code == 200, name
        assert en.status_code == 200, name
        assert '<html lang="vi">' in vi.content.decode()
        assert '<html lang="en">' in en.content.decode()
        en_url = reverse(f"{name}_en", args=args)
        assert f'hreflang="en" href="http://testserver{en_url}"' in vi.content.decode()
        assert en["Content-Language"] == "en"


def test_portal_urls_are_stable_and_shareable(portal_world):
    code = portal_world.project["own"].code
    assert reverse("investment:project_detail", args=[code]) == f"/dau-tu/du-an/{code}/"
    assert reverse("investment:project_detail_en", args=[code]) == f"/en/invest/projects/{code}/"


def test_the_language_cookie_does_not_override_the_url(client, portal_world):
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    page = client.get(reverse("investment:home_en")).content.decode()
    assert '<html lang="en">' in page


def test_money_is_shown_with_vietnamese_separators(client, portal_world):
    project = portal_world.project["own"]
    page = client.get(reverse("investment:project_detail", args=[project.code])).content.decode()
    assert "200.000.000.000 ₫" in page


def test_drafts_are_hidden_from_the_public_and_shown_to_their_city(client, portal_world, member):
    draft = ProjectFactory(locality=portal_world.localities["own"], status=Project.Status.DRAFT)
    url = reverse("investment:project_detail", args=[draft.code])
    assert client.get(url).status_code == 404
    assert draft.code not in client.get(reverse("investment:project_list")).content.decode()
    client.force_login(member("officer", "partner"))
    assert client.get(url).status_code == 404
    client.force_login(member("officer", "own"))
    assert client.get(url).status_code == 200


def test_unverified_enterprises_are_not_in_the_public_directory(client, portal_world):
    e = portal_world.enterprise["own"]
    e.verification = "pending"
    e.save()
    assert e.tax_code not in client.get(reverse("investment:enterprise_list")).content.decode()
    assert client.get(reverse("investment:enterprise_detail", args=[e.tax_code])).status_code == 404


def test_sitemap_lists_both_languages_of_public_pages(client, portal_world):
    draft = ProjectFactory(locality=portal_world.localities["own"], status=Project.Status.DRAFT)
    body = client.get("/dau-tu/sitemap.xml").content.decode()
    code = portal_world.project["own"].code
    assert f"/dau-tu/du-an/{code}/" in body
    assert f"/en/invest/projects/{code}/" in body
    assert 'hreflang="en"' in body
    assert draft.code not in body


def test_incentives_are_derived_from_rules_with_their_basis(client, portal_world):
    import datetime as dt

    from hoptac.investment.models import IncentiveRule

    IncentiveRule.objects.create(
        code="hi-tech-park",
        name_vi="Ưu đãi khu công nghệ cao",
        legal_basis="Nghị định thử",
        effective_from=dt.date(2020, 1, 1),
        park_kinds="high_tech",
    )
    IncentiveRule.objects.create(
        code="old",
        name_vi="Ưu đãi đã hết hiệu lực",
        legal_basis="Nghị định cũ",
        effective_from=dt.date(2000, 1, 1),
        effective_to=dt.date(2010, 1, 1),
    )
    page = client.get(
        reverse("investment:project_detail", args=[portal_world.project["own"].code])
    ).content.decode()
    assert "Ưu đãi khu công nghệ cao" in page
    assert "Nghị định thử" in page
    assert "Ưu đãi đã hết hiệu lực" not in page


@pytest.mark.parametrize("size", [3, 12])
def test_project_list_queries_do_not_grow_with_rows(
    client, portal_world, size, django_assert_max_num_queries
):
    for _ in range(size):
        ProjectFactory(
            locality=portal_world.localities["partner"], park=portal_world.park["partner"]
        )
    with django_assert_max_num_queries(8):
        assert client.get(reverse("investment:project_list")).status_code == 200


@pytest.mark.parametrize("size", [3, 12])
def test_enterprise_list_queries_do_not_grow_with_rows(
    client, portal_world, size, django_assert_max_num_queries
):
    from .factories import EnterpriseFactory

    for _ in range(size):
        EnterpriseFactory(locality=portal_world.localities["partner"])
    with django_assert_max_num_queries(8):
        assert client.get(reverse("investment:enterprise_list")).status_code == 200


@pytest.mark.parametrize("size", [2, 8])
def test_park_list_and_home_queries_do_not_grow(
    client, portal_world, size, django_assert_max_num_queries
):
    from .factories import ParkFactory

    for _ in range(size):
        ParkFactory(locality=portal_world.localities["partner"])
    with django_assert_max_num_queries(6):
        assert client.get(reverse("investment:park_list")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("investment:home")).status_code == 200


def test_nul_characters_never_reach_the_database(client, portal_world, member):
    assert client.get("/dau-tu/du-an/%00/").status_code == 404
    assert client.get("/dau-tu/doanh-nghiep/?q=%00&locality=%00").status_code == 200
    assert client.get("/api/investment/projects?locality=%00").status_code == 200
    assert client.get("/api/investment/projects/%00").status_code == 404
    client.force_login(member("officer", "own"))
    assert client.get("/dau-tu/quan-ly/du-an/%00/").status_code == 404
    assert client.get("/dau-tu/ca-nhan/%00/").status_code == 404


@pytest.mark.parametrize("name", ["investment:project_detail", "investment:project_detail_en"])
def test_a_project_outside_any_park_shows_its_page(client, portal_world, name):
    from django.contrib.gis.geos import Point

    alone = ProjectFactory(
        locality=portal_world.localities["own"], park=None, location=Point(105.78, 21.03, srid=4326)
    )
    response = client.get(reverse(name, args=[alone.code]))
    assert response.status_code == 200
    assert alone.code in response.content.decode()


def test_the_english_incentives_page_cites_the_legal_basis_in_english(client, portal_world):
    import datetime as dt

    from hoptac.investment.models import IncentiveRule

    IncentiveRule.objects.create(
        code="cit",
        name_vi="Ưu đãi thuế",
        name_en="Tax incentive",
        legal_basis="Luật Thuế thu nhập doanh nghiệp 2008, Điều 13",
        legal_basis_en="Law on Corporate Income Tax 2008, Article 13",
        effective_from=dt.date(2014, 1, 1),
    )
    en = client.get(reverse("investment:incentives_en")).content.decode()
    assert "Law on Corporate Income Tax 2008, Article 13" in en
    assert "Luật Thuế" not in en
    vi = client.get(reverse("investment:incentives")).content.decode()
    assert "Luật Thuế thu nhập doanh nghiệp 2008, Điều 13" in vi


def test_priority_sectors_give_the_legal_basis_of_their_lists_in_the_pages_language(client, db):
    from hoptac.investment.importers import import_priority_items

    import_priority_items()
    en = client.get(reverse("investment:sectors_en")).content.decode()
    assert "Decision 38/2020/QĐ-TTg, Annex I" in en
    assert "Phụ lục" not in en
    vi = client.get(reverse("investment:sectors")).content.decode()
    assert "Quyết định 38/2020/QĐ-TTg, Phụ lục II" in vi
    assert "Annex" not in vi


def test_the_sectors_page_marks_its_partial_lists_unverified(client, db):
    en = client.get(reverse("investment:sectors_en")).content.decode()
    assert 'id="unverified"' in en and "Unverified" in en
    vi = client.get(reverse("investment:sectors")).content.decode()
    assert "Chưa kiểm chứng" in vi


def test_en_alone_leads_to_the_english_portal(client):
    """/en/ was a 404 while /en/invest/ and /en/indicators/ exist (found by a crawl)."""
    response = client.get("/en/")
    assert response.status_code == 302
    assert response["Location"] == reverse("investment:home_en")


def test_the_home_names_the_brand_once_and_other_pages_carry_it_in_their_band(client, portal_world):
    """The home's hero holds the brand's name and tagline; its band does not repeat them."""
    home = client.get(reverse("investment:home")).content.decode()
    assert home.count("Thương hiệu chung") == 1 + home.count("<title>") + home.count("og:title")
    assert 'class="portal-name"' not in home
    projects = client.get(reverse("investment:project_list")).content.decode()
    assert 'class="portal-name"' in projects
