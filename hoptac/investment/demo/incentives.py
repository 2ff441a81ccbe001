"""The demo's investment incentives, their legal bases and the sources they were checked against.

Found with the project's search tool on 5 December 2026 (stored copies of public pages); the
wording of the summaries is ours. The Law on Corporate Income Tax 2008 (amended 2013) was
replaced on 1 October 2025 by Law No. 67/2025/QH15 (source S_CIT2025), so the corporate income
tax rules below cite the 2025 law and start on that day. A rule whose figures no source confirmed
has no source: the portal marks it unverified (`IncentiveRule.source_url` empty), and what we
looked for and did not find is listed in NOT_FOUND.
"""

from __future__ import annotations

import datetime as dt

# Sources: key → (address, what it supports, date of the page when it shows one).
SOURCES: dict[str, tuple[str, str, str]] = {
    "S_CIT2025": (
        "https://vnlawfind.com.vn/en/law-on-corporate-income-tax-2025-new-regulations-on-taxable-and-tax-exempt-incomes-tax-calculation-methods-for-enterprises",
        "Law on Corporate Income Tax No. 67/2025/QH15, passed by the National Assembly on "
        "14 June 2025, effective 1 October 2025, applying from the 2025 tax period",
        "",
    ),
    "S_CIT2025_REPLACES": (
        "https://www.forvismazars.com/vn/en/insights/vietnam-updates/newsletters-alerts/vietnam-tax-legal-updates/tax-legal-updates-alert-on-the-new",
        "Law No. 67/2025/QH15 of 14 June 2025 replaces the Law on Corporate Income Tax 2008 and "
        "its 2013 amendments",
        "",
    ),
    "S_CIT2025_RATES": (
        "https://english.vov.vn/en/politics/domestic/corporate-income-tax-law-sails-through-national-assembly-post1207175.vov",
        "A 10% rate for 15 years for new projects in high technology, software, cybersecurity "
        "and supporting industries, and for projects in high-tech zones, agricultural "
        "high-tech parks and digital technology hubs; a 17% rate for 10 years for high-grade "
        "steel, energy-saving products, farm machinery, cars and digital industries; the law "
        "has 4 chapters and 20 articles, effective 1 October 2025",
        "2025-06-14",
    ),
    "S_CIT2025_ART14": (
        "https://news.laodong.vn/kinh-doanh/cac-truong-hop-duoc-mien-thue-thu-nhap-doanh-nghiep-4-nam-2-nam-tu-1102025-1550507.ldo",
        "Article 14(1): exemption for at most 4 years and a 50% reduction for at most the next "
        "9 years for new projects in the special-incentive cases of Article 12(2)(a)–(đ) and "
        "projects in high-tech parks, digital technology parks and economic zones; Article "
        "14(2): at most 2 years' exemption and a 50% reduction for at most the next 4 years "
        "for the projects of Article 13(4) (the 17% group) and for projects in areas with "
        "difficult socio-economic conditions; periods counted from the first year of taxable "
        "income (from the fourth year when there is none in the first three)",
        "",
    ),
    "S_DECREE320": (
        "https://vinabookkeeping.com/en/decree-no-320-2025-nd-cp-dated-december-15-2025-of-the-government-detailing-a-number-of-articles-and-organizational-measures-and-providing-guidance-on-the-implementation-of-the-law-on-corporate-inc",
        "Decree No. 320/2025/NĐ-CP of 15 December 2025 details and guides the Law on Corporate "
        "Income Tax (standard rate 20%; 15% and 17% by revenue)",
        "",
    ),
}

# Facts looked for on 5 December 2026 and not found: not shown as fact on the portal. Searched
# again on 6 December 2026 (the industrial-park incentive under Law No. 67/2025/QH15 and Decree
# 320/2025/NĐ-CP, a decree implementing Law No. 143/2025/QH15, the "difficult area" condition):
# nothing new found; the pages found describe the 2008 law or earlier decrees.
NOT_FOUND = [
    "The corporate income tax incentive of projects in industrial parks under Law No. "
    "67/2025/QH15 (the pages found describe the 2008 law's two years' exemption and four "
    "years' 50% reduction, or name only economic zones, high-tech and digital technology "
    "parks).",
    "Whether new projects making high-tech products (outside the parks) also get the "
    "exemption and reduction periods of Article 14(1) of Law No. 67/2025/QH15: the rule shows "
    "only the 10% rate for 15 years.",
    "The article of Law No. 67/2025/QH15 that sets the 10% rate (a page cites Article 13(4) "
    "for the 17% group, which suggests Article 13, but none says it): the rules cite the law "
    "without an article for the rate, and Article 14(1) only for the exemption and reduction.",
    "The date Decree 320/2025/NĐ-CP takes effect.",
    "The articles of the Law on Investment No. 143/2025/QH15 on the forms of and the "
    "projects entitled to investment incentives, and a decree implementing it.",
    "Land rent in high-tech parks (Decree 103/2024/NĐ-CP), concentrated IT parks (Decree "
    "154/2013/NĐ-CP) and the import duty exemption (Law on Export and Import Duties 2016, "
    "Article 16): not checked; those rules have no source and the portal marks them "
    "unverified.",
    "Projects in areas with difficult socio-economic conditions (Article 14(2)) are sourced, "
    "but a rule cannot name an area yet (sector, high-tech item, park kind and capital "
    "only), so none is shown.",
]

CIT_2025 = "Luật Thuế thu nhập doanh nghiệp số 67/2025/QH15"
CIT_2025_EN = "Law on Corporate Income Tax No. 67/2025/QH15"
DECREE_320 = "Nghị định 320/2025/NĐ-CP"

# The legal bases of the demo incentives as English readers find them cited (the Vietnamese
# citation stays the reference; these are the same texts' English titles).
LEGAL_BASIS_EN = {
    f"{CIT_2025}; {DECREE_320}": f"{CIT_2025_EN}; Decree 320/2025/NĐ-CP",
    f"{CIT_2025}, Điều 14 khoản 1; {DECREE_320}": (
        f"{CIT_2025_EN}, Article 14(1); Decree 320/2025/NĐ-CP"
    ),
    "Nghị định 103/2024/NĐ-CP về tiền sử dụng đất, tiền thuê đất": (
        "Decree 103/2024/NĐ-CP on land use levies and land rents"
    ),
    "Nghị định 154/2013/NĐ-CP về khu công nghệ thông tin tập trung": (
        "Decree 154/2013/NĐ-CP on concentrated information technology parks"
    ),
    "Luật Thuế xuất khẩu, thuế nhập khẩu 2016, Điều 16; Nghị định 134/2016/NĐ-CP": (
        "Law on Export and Import Duties 2016, Article 16; Decree 134/2016/NĐ-CP"
    ),
}

CIT_2025_FROM = dt.date(2025, 10, 1)  # S_CIT2025

# code, name vi, name en, summary vi, summary en, legal basis, from, to, VSIC prefixes,
# requires a high-tech item, park kinds, minimum capital, source key ("" = unverified).
INCENTIVES = [
    (
        "cit-high-tech",
        "Ưu đãi thuế thu nhập doanh nghiệp cho dự án công nghệ cao",
        "Corporate income tax incentive for high-tech projects",
        "Thuế suất 10% trong 15 năm cho thu nhập từ dự án đầu tư mới về công nghệ cao.",
        "A 10% rate for 15 years on the income of new high-technology projects.",
        f"{CIT_2025}; {DECREE_320}",
        CIT_2025_FROM,
        None,
        "",
        True,
        "",
        None,
        "S_CIT2025_RATES",
    ),
    (
        "cit-high-tech-park",
        "Ưu đãi thuế thu nhập doanh nghiệp trong khu công nghệ cao",
        "Corporate income tax incentive in high-tech parks",
        "Thuế suất 10% trong 15 năm; miễn thuế tối đa 4 năm và giảm 50% số thuế phải nộp "
        "tối đa 9 năm tiếp theo cho dự án đầu tư mới trong khu công nghệ cao.",
        "A 10% rate for 15 years; exemption for up to 4 years and a 50% reduction of the tax "
        "due for up to the next 9 years for new projects in high-tech parks.",
        f"{CIT_2025}, Điều 14 khoản 1; {DECREE_320}",
        CIT_2025_FROM,
        None,
        "",
        False,
        "high_tech",
        None,
        "S_CIT2025_ART14",
    ),
    (
        "land-high-tech-park",
        "Ưu đãi tiền thuê đất trong khu công nghệ cao",
        "Land rent incentive in high-tech parks",
        "Miễn, giảm tiền thuê đất cho dự án trong khu công nghệ cao theo quy định.",
        "Exemption from or reduction of land rent for projects in high-tech parks, as the rules set out.",
        "Nghị định 103/2024/NĐ-CP về tiền sử dụng đất, tiền thuê đất",
        dt.date(2024, 8, 1),
        None,
        "",
        False,
        "high_tech",
        None,
        "",
    ),
    (
        "it-park",
        "Ưu đãi cho dự án trong khu công nghệ thông tin tập trung",
        "Incentives for projects in concentrated IT parks",
        "Dự án trong khu công nghệ thông tin tập trung được hưởng ưu đãi như khu công nghệ cao.",
        "Projects in concentrated IT parks receive the incentives of high-tech parks.",
        "Nghị định 154/2013/NĐ-CP về khu công nghệ thông tin tập trung",
        dt.date(2013, 12, 25),
        None,
        "",
        False,
        "it",
        None,
        "",
    ),
    (
        "import-duty-assets",
        "Miễn thuế nhập khẩu hàng hóa tạo tài sản cố định",
        "Import duty exemption for goods forming fixed assets",
        "Hàng hóa nhập khẩu để tạo tài sản cố định của dự án thuộc ngành, nghề hoặc địa bàn ưu đãi.",
        "Imported goods that form fixed assets of projects in encouraged sectors or areas.",
        "Luật Thuế xuất khẩu, thuế nhập khẩu 2016, Điều 16; Nghị định 134/2016/NĐ-CP",
        dt.date(2016, 9, 1),
        None,
        "",
        False,
        "industrial high_tech it",
        None,
        "",
    ),
    (
        "software-production",
        "Ưu đãi thuế thu nhập doanh nghiệp cho sản xuất phần mềm",
        "Corporate income tax incentive for software production",
        "Thuế suất 10% trong 15 năm cho thu nhập từ dự án đầu tư mới sản xuất phần mềm.",
        "A 10% rate for 15 years on the income of new software production projects.",
        f"{CIT_2025}; {DECREE_320}",
        CIT_2025_FROM,
        None,
        "2018:62 2018:5820 2025:62",
        False,
        "",
        None,
        "S_CIT2025_RATES",
    ),
]


def source_url(key: str) -> str:
    """The address a rule links to; empty (unverified) without a source."""
    return SOURCES[key][0] if key else ""
