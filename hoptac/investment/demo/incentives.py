"""The demo's investment incentives and their legal bases."""

from __future__ import annotations

import datetime as dt

# The legal bases of the demo incentives as English readers find them cited (the Vietnamese
# citation stays the reference; these are the same texts' English titles).
LEGAL_BASIS_EN = {
    "Luật Thuế thu nhập doanh nghiệp 2008 (sửa đổi 2013), Điều 13–14; Nghị định 218/2013/NĐ-CP": (
        "Law on Corporate Income Tax 2008 (amended 2013), Articles 13–14; Decree 218/2013/NĐ-CP"
    ),
    "Luật Thuế thu nhập doanh nghiệp 2008 (sửa đổi 2013), Điều 13; Nghị định 218/2013/NĐ-CP": (
        "Law on Corporate Income Tax 2008 (amended 2013), Article 13; Decree 218/2013/NĐ-CP"
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


INCENTIVES = [
    (
        "cit-high-tech",
        "Ưu đãi thuế thu nhập doanh nghiệp cho dự án công nghệ cao",
        "Corporate income tax incentive for high-tech projects",
        "Thuế suất ưu đãi và miễn, giảm thuế có thời hạn cho dự án sản xuất sản phẩm công nghệ cao.",
        "Preferential rate and time-limited exemption and reduction for projects making high-tech products.",
        "Luật Thuế thu nhập doanh nghiệp 2008 (sửa đổi 2013), Điều 13–14; Nghị định 218/2013/NĐ-CP",
        dt.date(2014, 1, 1),
        None,
        "",
        True,
        "",
        None,
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
    ),
    (
        "software-production",
        "Ưu đãi cho sản xuất phần mềm",
        "Incentives for software production",
        "Sản xuất sản phẩm phần mềm thuộc diện ưu đãi thuế thu nhập doanh nghiệp.",
        "Software production qualifies for corporate income tax incentives.",
        "Luật Thuế thu nhập doanh nghiệp 2008 (sửa đổi 2013), Điều 13; Nghị định 218/2013/NĐ-CP",
        dt.date(2014, 1, 1),
        None,
        "2018:62 2018:5820 2025:62",
        False,
        "",
        None,
    ),
]
