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
        ("2018", "6201", True),  # every code the correspondence table's 2018 side names
        ("2018", "26510", True),
        ("2018", "62010", True),
        ("2018", "631", True),
        ("2018", "63990", True),
        ("2018", "6810", True),
        ("2018", "681", True),
        ("2018", "6110", True),
        ("2018", "u", True),
        ("2018", "99000", True),
        ("2018", "7210", False),  # a VSIC 2007 class, not on the table: shipped before, now gone
        ("2018", "0221", False),  # a misreading in the OCR of the signed decision
        ("2018", "45", True),
        ("2025", "45", True),  # a VSIC 2025 code is sourced by version, whatever it is
        ("2018", "", False),
        ("technology", "AI", True),
        ("technology", "IOT", True),
        ("technology", "CLOUD", True),
        ("technology", "QUANTUM", True),
        ("technology", "SECURITY", False),
        ("technology", "STEMCELL", False),
        ("product", "SMARTCARD", True),
        ("product", "AI", False),
        ("product", "IC", False),
        ("technology", "SMARTCARD", False),
        ("1993", "62", False),
    ],
)
def test_what_counts_as_sourced_follows_the_data_readme(scheme, code, sourced):
    assert is_sourced(scheme, code) is sourced


def test_the_data_readme_names_the_items_with_and_without_a_source_as_shipped():
    """`data/README.md` says which Decision 38/2020 items have a source; the shipped CSV decides
    what the portal marks. A source added to one and not the other fails here."""
    import csv

    from hoptac.investment.sourcing import ITEMS

    with ITEMS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    shipped_without = {r["item"] for r in rows if not (r.get("source") or "").strip()}
    shipped_with = {r["item"] for r in rows} - shipped_without

    readme = (ITEMS.parent / "README.md").read_text(encoding="utf-8")
    count, listed = re.search(r"(\d+) items have none \(([^)]*)\)", readme).groups()
    assert set(listed.split(", ")) == shipped_without
    assert int(count) == len(shipped_without)
    row = re.search(
        r"^\| Decision 38/2020/QĐ-TTg items with a `source`[^:]*: ([^|]*)\|", readme, re.M
    )
    named = re.sub(r"\((technologies|products)\)", "", row.group(1))
    assert {code.strip() for code in named.split(",")} == shipped_with


def test_the_project_page_marks_an_unverified_code_and_item_in_both_languages(client, portal_world):
    project = portal_world.project["own"]
    project.vsic_code = "7210"  # a VSIC 2007 class some database may still hold: no source
    project.priority_item = PriorityItem.objects.get(code="SECURITY")
    project.save()
    for name in ("investment:project_detail", "investment:project_detail_en"):
        page = client.get(reverse(name, args=[project.code])).content.decode()
        assert _marks(page) == ["7210", "SECURITY"], name
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
    enterprise.other_vsic_codes = "7210 62 6311 0221"
    enterprise.priority_item = PriorityItem.objects.get(code="IC")
    enterprise.save()
    for name in ("investment:enterprise_detail", "investment:enterprise_detail_en"):
        page = client.get(reverse(name, args=[enterprise.tax_code])).content.decode()
        assert _marks(page) == ["7210", "0221", "IC"], name


def test_the_sectors_page_marks_codes_and_items_one_by_one(client, vocab):
    from hoptac.investment.models import PrioritySector, VsicCode

    # a database that loaded a list from elsewhere: the VSIC 2007 class 7210 is no VSIC 2018 code
    VsicCode.objects.create(version="2018", code="7210", level=4, section="M", name_vi="Cũ")

    sector = PrioritySector.objects.create(
        vocabulary="2019-1",
        code="joint-it",
        name_vi="Công nghệ thông tin",
        vsic_version="2018",
        vsic_codes="62 7210 6202",
    )
    sector.items.set(PriorityItem.objects.filter(code__in=["AI", "SECURITY"]))
    for name in ("investment:sectors", "investment:sectors_en"):
        page = client.get(reverse(name)).content.decode()
        assert sorted(_marks(page)) == ["7210", "SECURITY"], name


@pytest.mark.parametrize("size", [3, 12])
def test_marked_lists_do_not_grow_in_queries(
    client, portal_world, size, django_assert_max_num_queries
):
    # the unverified items first, so that even the short list has some
    items = sorted(PriorityItem.objects.order_by("pk"), key=lambda i: is_sourced(i.kind, i.code))
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


@pytest.mark.parametrize(("code", "marked"), [("7210", ["7210"]), ("6311", []), ("6810", [])])
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
    # any code of the table: real estate 6810 became 6810 (the table's row, no asterisk)
    project.vsic_code = "6810"
    project.save()
    vi = client.get(url).content.decode()
    block = vi.split('id="vsic-2025"')[1].split("</dd>")[0]
    assert "6810: Kinh doanh bất động sản" in block and "(*)" not in block
    # a code the table does not name says so, and claims nothing
    project.vsic_code = "7210"
    project.save()
    vi = client.get(url).content.decode()
    block = vi.split('id="vsic-2025"')[1].split("</dd>")[0]
    assert "3061/CTK-CSCL" not in block and "không có ở phía VSIC 2018" in block
    # a VSIC 2025 project has no such line
    project.vsic_version, project.vsic_code = "2025", "6219"
    project.save()
    assert 'id="vsic-2025"' not in client.get(url).content.decode()


def test_a_vsic_2018_enterprise_shows_the_vsic_2025_codes_of_its_main_code(client, portal_world):
    enterprise = portal_world.enterprise["own"]  # VSIC 2018 6201
    url = reverse("investment:enterprise_detail", args=[enterprise.tax_code])
    block = client.get(url).content.decode().split('id="vsic-2025"')[1].split("</dd>")[0]
    assert "6201 → 6211" in block and "6219" in block and "3061/CTK-CSCL" in block
    enterprise.vsic_code = "4651"  # wholesale of computers: 4651, same code
    enterprise.save()
    block = client.get(url).content.decode().split('id="vsic-2025"')[1].split("</dd>")[0]
    assert "4651 → 4651" in block and "(*)" not in block
    enterprise.vsic_code = "4541"  # sale of motorcycles: four VSIC 2025 classes, all marked
    enterprise.save()
    block = client.get(url).content.decode().split('id="vsic-2025"')[1].split("</dd>")[0]
    assert "4541 → 4610" in block and "4663" in block and "4783" in block and "4790" in block
    assert block.count("(*)") == 4
    enterprise.vsic_code = "7210"  # not on the table
    enterprise.save()
    block = client.get(url).content.decode().split('id="vsic-2025"')[1].split("</dd>")[0]
    assert "3061/CTK-CSCL" not in block and "không có ở phía VSIC 2018" in block
