"""Every page that shows a VSIC code or a Decision 38/2020 item marks the unverified ones, from
one source of truth (`sourcing.is_sourced`)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from hoptac.investment.models import PriorityItem
from hoptac.investment.sourcing import is_sourced

from .factories import EnterpriseFactory, ProjectFactory


def _marks(page: str) -> list[str]:
    """The codes the page marks unverified, in order."""
    return re.findall(r'data-unverified="([^"]*)"', page)


@pytest.mark.parametrize(
    ("scheme", "code", "sourced"),
    [
        ("2025", "6219", True),
        ("2018", "J", True),
        ("2018", "62", True),
        ("2018", "6202", True),
        ("2018", "21001", True),
        ("2018", "6201", True),  # divisions 21, 26, 62, 63: the correspondence table names them
        ("2018", "26510", True),
        ("2018", "62010", True),
        ("2018", "631", True),
        ("2018", "63990", True),
        ("2018", "6810", False),
        ("2018", "681", False),
        ("2018", "6110", False),
        ("2018", "", False),
        ("technology", "AI", True),
        ("technology", "IOT", True),
        ("technology", "CLOUD", False),
        ("product", "AI", False),
        ("product", "IC", False),
        ("1993", "62", False),
    ],
)
def test_what_counts_as_sourced_follows_the_data_readme(scheme, code, sourced):
    assert is_sourced(scheme, code) is sourced


def test_the_project_page_marks_an_unverified_code_and_item_in_both_languages(client, portal_world):
    project = portal_world.project["own"]
    project.vsic_code = "6810"  # VSIC 2018 6810: no source found
    project.priority_item = PriorityItem.objects.get(code="CLOUD")
    project.save()
    for name in ("investment:project_detail", "investment:project_detail_en"):
        page = client.get(reverse(name, args=[project.code])).content.decode()
        assert _marks(page) == ["6810", "CLOUD"], name
    vi = client.get(reverse("investment:project_detail", args=[project.code])).content.decode()
    assert "chưa kiểm chứng" in vi.lower()


def test_a_sourced_code_and_item_get_no_mark(client, portal_world):
    project = portal_world.project["own"]
    project.vsic_code = "6202"
    project.priority_item = PriorityItem.objects.get(code="AI")
    project.save()
    page = client.get(reverse("investment:project_detail_en", args=[project.code])).content
    assert _marks(page.decode()) == []


def test_the_enterprise_page_marks_each_unverified_code_and_its_item(client, portal_world):
    enterprise = portal_world.enterprise["own"]
    enterprise.vsic_code = "6202"
    enterprise.other_vsic_codes = "6810 62 6311 681"
    enterprise.priority_item = PriorityItem.objects.get(code="IC")
    enterprise.save()
    for name in ("investment:enterprise_detail", "investment:enterprise_detail_en"):
        page = client.get(reverse(name, args=[enterprise.tax_code])).content.decode()
        assert _marks(page) == ["6810", "681", "IC"], name


def test_the_sectors_page_marks_codes_and_items_one_by_one(client, vocab):
    from hoptac.investment.models import PrioritySector

    sector = PrioritySector.objects.create(
        vocabulary="2019-1",
        code="joint-it",
        name_vi="Công nghệ thông tin",
        vsic_version="2018",
        vsic_codes="62 5820 6202",
    )
    sector.items.set(PriorityItem.objects.filter(code__in=["AI", "CLOUD"]))
    for name in ("investment:sectors", "investment:sectors_en"):
        page = client.get(reverse(name)).content.decode()
        assert sorted(_marks(page)) == ["5820", "CLOUD"], name


@pytest.mark.parametrize("size", [3, 12])
def test_marked_lists_do_not_grow_in_queries(
    client, portal_world, size, django_assert_max_num_queries
):
    items = list(PriorityItem.objects.all())
    for n in range(size):
        loc = portal_world.localities["partner"]
        ProjectFactory(locality=loc, park=portal_world.park["partner"], priority_item=items[n])
        EnterpriseFactory(locality=loc, priority_item=items[n])
    with django_assert_max_num_queries(8):
        page = client.get(reverse("investment:project_list")).content.decode()
    unverified = {i.code for i in items[:size] if not is_sourced(i.kind, i.code)}
    assert unverified and unverified <= set(_marks(page))
    with django_assert_max_num_queries(8):
        page = client.get(reverse("investment:enterprise_list")).content.decode()
    assert unverified <= set(_marks(page))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("investment:home")).status_code == 200


@pytest.mark.parametrize(("code", "marked"), [("6810", ["6810"]), ("6311", []), ("6202", [])])
def test_the_officer_sees_the_mark_on_an_enquirys_sector(
    client, portal_world, member, code, marked
):
    from .factories import EnquiryFactory

    enquiry = EnquiryFactory(locality=portal_world.localities["own"], vsic_code=code)
    client.force_login(member("officer", "own"))
    page = client.get(reverse("investment:enquiry_detail", args=[enquiry.pk])).content.decode()
    assert f"VSIC 2018: {code}" in page
    assert _marks(page) == marked


def test_a_vsic_2025_name_on_an_english_page_is_marked_vietnamese_for_want_of_an_english_one(
    client, portal_world
):
    project = portal_world.project["own"]
    project.vsic_version, project.vsic_code = "2025", "6219"  # Lập trình máy tính khác
    project.save()
    en = client.get(reverse("investment:project_detail_en", args=[project.code])).content.decode()
    assert '<span lang="vi">Lập trình máy tính khác</span>' in en
    assert "no English name has been found for this code" in en
    vi = client.get(reverse("investment:project_detail", args=[project.code])).content.decode()
    assert "Lập trình máy tính khác" in vi and "data-no-english-name" not in vi
    # a VSIC 2018 division has its English (ISIC) name: no mark on the sector (its VSIC 2025
    # codes, on the next line, have none)
    project.vsic_version, project.vsic_code = "2018", "62"
    project.save()
    en = client.get(reverse("investment:project_detail_en", args=[project.code])).content.decode()
    sector, vsic_2025 = en.split('id="vsic-2025"')
    assert "Computer programming, consultancy and related activities" in sector
    assert "data-no-english-name" not in sector.split("<dt>Sector</dt>")[1]
    assert "data-no-english-name" in vsic_2025.split("</dd>")[0]


def test_a_vsic_2018_project_shows_its_vsic_2025_codes_from_the_official_table(
    client, portal_world, django_assert_max_num_queries
):
    project = portal_world.project["own"]  # VSIC 2018 6201
    url = reverse("investment:project_detail", args=[project.code])
    with django_assert_max_num_queries(14):
        vi = client.get(url).content.decode()
    block = vi.split('id="vsic-2025"')[1].split("</dd>")[0]
    assert "6211: Phát triển trò chơi điện tử" in block and "6219: Lập trình máy tính khác" in block
    assert "3061/CTK-CSCL" in block and block.count("(*)") == 2
    en = client.get(reverse("investment:project_detail_en", args=[project.code])).content.decode()
    assert "Official Letter 3061/CTK-CSCL" in en
    # a code of a division whose correspondence is not loaded says so, and claims nothing
    project.vsic_code = "6810"
    project.save()
    vi = client.get(url).content.decode()
    block = vi.split('id="vsic-2025"')[1].split("</dd>")[0]
    assert "3061/CTK-CSCL" not in block and "21, 26, 62 và 63" in block
    # a VSIC 2025 project has no such line
    project.vsic_version, project.vsic_code = "2025", "6219"
    project.save()
    assert 'id="vsic-2025"' not in client.get(url).content.decode()


def test_a_vsic_2018_enterprise_shows_the_vsic_2025_codes_of_its_main_code(client, portal_world):
    enterprise = portal_world.enterprise["own"]  # VSIC 2018 6201
    url = reverse("investment:enterprise_detail", args=[enterprise.tax_code])
    block = client.get(url).content.decode().split('id="vsic-2025"')[1].split("</dd>")[0]
    assert "6201 → 6211" in block and "6219" in block and "3061/CTK-CSCL" in block
    enterprise.vsic_code = "4651"  # division 46: the table is not loaded
    enterprise.save()
    block = client.get(url).content.decode().split('id="vsic-2025"')[1].split("</dd>")[0]
    assert "3061/CTK-CSCL" not in block and "21, 26, 62 và 63" in block
