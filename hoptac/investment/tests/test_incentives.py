"""Incentive rules: the laws in force, their sources, and the unverified marker on the portal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from hoptac.investment.demo import incentives as data
from hoptac.investment.models import IncentiveRule


def _rule(code: str, source_url: str = "", **extra) -> IncentiveRule:
    return IncentiveRule.objects.create(
        code=code,
        name_vi=f"Ưu đãi {code}",
        name_en=f"Incentive {code}",
        legal_basis="Luật Thuế thu nhập doanh nghiệp số 67/2025/QH15, Điều 13",
        legal_basis_en="Law on Corporate Income Tax No. 67/2025/QH15, Article 13",
        effective_from=dt.date(2025, 10, 1),
        source_url=source_url,
        **extra,
    )


def test_no_demo_rule_cites_the_corporate_income_tax_law_of_2008():
    for row in data.INCENTIVES:
        assert "2008" not in row[5], row[0]
        assert "2008" not in data.LEGAL_BASIS_EN.get(row[5], ""), row[0]


def test_every_corporate_income_tax_rule_of_the_demo_cites_the_2025_law_from_its_first_day():
    cit = [row for row in data.INCENTIVES if "thu nhập doanh nghiệp" in row[5]]
    assert cit
    for code, *_n, basis, start, _end, _p, _h, _k, _c, source in cit:
        assert "67/2025/QH15" in basis, code
        assert start == dt.date(2025, 10, 1), code
        assert source, f"{code} shows rates and periods without a source"


def test_every_source_key_of_the_demo_rules_is_known_and_every_basis_has_its_english():
    for row in data.INCENTIVES:
        code, basis, source = row[0], row[5], row[-1]
        assert not source or source in data.SOURCES, code
        assert basis in data.LEGAL_BASIS_EN, code
        assert data.source_url(source) == (data.SOURCES[source][0] if source else "")
    for url, what, _date in data.SOURCES.values():
        assert url.startswith("https://") and what


@pytest.mark.parametrize("name", ["investment:incentives", "investment:incentives_en"])
def test_a_rule_without_a_source_is_marked_unverified_and_one_with_a_source_links_it(
    client, db, name
):
    _rule("checked", source_url="https://example.org/cit-2025")
    _rule("unchecked")
    page = client.get(reverse(name)).content.decode()
    checked, unchecked = page.split(
        "Incentive unchecked" if name.endswith("_en") else "Ưu đãi unchecked"
    )
    assert 'href="https://example.org/cit-2025"' in checked
    assert "unverified" not in checked.lower().split("incentive checked")[-1].split("</li>")[0]
    marker = "unverified" if name.endswith("_en") else "chưa kiểm chứng"
    assert marker in unchecked.split("</li>")[0]


def test_the_project_page_marks_an_applied_rule_without_a_source_unverified(client, portal_world):
    project = portal_world.project["own"]
    _rule("sector", vsic_prefixes="2018:62")
    url = reverse("investment:project_detail_en", args=[project.code])
    page = client.get(url).content.decode()
    section = page.split("Incentive sector")[1].split("</li>")[0]
    assert "unverified" in section
    IncentiveRule.objects.filter(code="sector").update(source_url="https://example.org/x")
    section = client.get(url).content.decode().split("Incentive sector")[1].split("</li>")[0]
    assert "unverified" not in section
    assert 'href="https://example.org/x"' in section


def test_the_incentives_page_names_the_law_on_investment_in_force(client, db):
    en = client.get(reverse("investment:incentives_en")).content.decode()
    note = en.split('id="law-on-investment"', 1)[1].split("</p>", 1)[0]
    assert "143/2025/QH15" in note and "1 March 2026" in note
    assert 'href="https://dblegal.vn/' in note
    vi = client.get(reverse("investment:incentives")).content.decode()
    assert "143/2025/QH15" in vi.split('id="law-on-investment"', 1)[1].split("</p>", 1)[0]
