"""The bodies every city has, period by period (before and after the department reform of 1/3/2025
and the merger of 1/7/2025): rows of (key, vi, en, abbreviation, kind, parent key, valid_from,
valid_to, successor key)."""

from __future__ import annotations

import datetime as dt

from .localities import MERGER_DAY

DEPARTMENT_REFORM_DAY = dt.date(2025, 3, 1)


# key, vi, en, abbreviation, kind, parent key, valid_from, valid_to, successor key
P, B, PC, OF, D, S = (
    "party_committee",
    "party_board",
    "peoples_committee",
    "pc_office",
    "department",
    "sector_body",
)


R = DEPARTMENT_REFORM_DAY


BEFORE_R = R - dt.timedelta(days=1)


BEFORE_M = MERGER_DAY - dt.timedelta(days=1)


def city_organisations(city_vi: str, city_en: str) -> list[tuple]:
    return [
        (
            "tu",
            f"Thành ủy {city_vi}",
            f"{city_en} Party Committee",
            "TU",
            P,
            None,
            None,
            None,
            None,
        ),
        (
            "vptu",
            f"Văn phòng Thành ủy {city_vi}",
            f"Office of the {city_en} Party Committee",
            "VPTU",
            B,
            "tu",
            None,
            None,
            None,
        ),
        (
            "btc",
            f"Ban Tổ chức Thành ủy {city_vi}",
            f"Organisation Board of the {city_en} Party Committee",
            "BTCTU",
            B,
            "tu",
            None,
            None,
            None,
        ),
        (
            "btg",
            f"Ban Tuyên giáo Thành ủy {city_vi}",
            f"Propaganda and Education Board of the {city_en} Party Committee",
            "BTGTU",
            B,
            "tu",
            None,
            BEFORE_R,
            "btgdv",
        ),
        (
            "bdv",
            f"Ban Dân vận Thành ủy {city_vi}",
            f"Mass Mobilisation Board of the {city_en} Party Committee",
            "BDVTU",
            B,
            "tu",
            None,
            BEFORE_R,
            "btgdv",
        ),
        (
            "btgdv",
            f"Ban Tuyên giáo và Dân vận Thành ủy {city_vi}",
            f"Propaganda, Education and Mass Mobilisation Board of the {city_en} Party Committee",
            "BTGDVTU",
            B,
            "tu",
            R,
            None,
            None,
        ),
        (
            "bnc",
            f"Ban Nội chính Thành ủy {city_vi}",
            f"Internal Affairs Board of the {city_en} Party Committee",
            "BNCTU",
            B,
            "tu",
            None,
            None,
            None,
        ),
        (
            "ubkt",
            f"Ủy ban Kiểm tra Thành ủy {city_vi}",
            f"Inspection Commission of the {city_en} Party Committee",
            "UBKTTU",
            B,
            "tu",
            None,
            None,
            None,
        ),
        (
            "ubnd",
            f"Ủy ban nhân dân thành phố {city_vi}",
            f"{city_en} People's Committee",
            "UBND",
            PC,
            None,
            None,
            None,
            None,
        ),
        (
            "vpubnd",
            f"Văn phòng Ủy ban nhân dân thành phố {city_vi}",
            f"Office of the {city_en} People's Committee",
            "VP UBND",
            OF,
            "ubnd",
            None,
            None,
            None,
        ),
        (
            "snv",
            f"Sở Nội vụ {city_vi}",
            f"{city_en} Department of Home Affairs",
            "SNV",
            D,
            "ubnd",
            None,
            None,
            None,
        ),
        (
            "sxd",
            f"Sở Xây dựng {city_vi}",
            f"{city_en} Department of Construction",
            "SXD",
            D,
            "ubnd",
            None,
            None,
            None,
        ),
        (
            "skhcn",
            f"Sở Khoa học và Công nghệ {city_vi}",
            f"{city_en} Department of Science and Technology",
            "SKHCN",
            D,
            "ubnd",
            None,
            None,
            None,
        ),
        (
            "stttt",
            f"Sở Thông tin và Truyền thông {city_vi}",
            f"{city_en} Department of Information and Communications",
            "STTTT",
            D,
            "ubnd",
            None,
            BEFORE_R,
            "skhcn",
        ),
        (
            "skhdt",
            f"Sở Kế hoạch và Đầu tư {city_vi}",
            f"{city_en} Department of Planning and Investment",
            "SKHĐT",
            D,
            "ubnd",
            None,
            BEFORE_R,
            "stc",
        ),
        (
            "stc",
            f"Sở Tài chính {city_vi}",
            f"{city_en} Department of Finance",
            "STC",
            D,
            "ubnd",
            None,
            None,
            None,
        ),
        (
            "stnmt",
            f"Sở Tài nguyên và Môi trường {city_vi}",
            f"{city_en} Department of Natural Resources and Environment",
            "STNMT",
            D,
            "ubnd",
            None,
            BEFORE_R,
            "snnmt",
        ),
        (
            "snnmt",
            f"Sở Nông nghiệp và Môi trường {city_vi}",
            f"{city_en} Department of Agriculture and Environment",
            "SNNMT",
            D,
            "ubnd",
            R,
            None,
            None,
        ),
        (
            "sct",
            f"Sở Công Thương {city_vi}",
            f"{city_en} Department of Industry and Trade",
            "SCT",
            D,
            "ubnd",
            None,
            None,
            None,
        ),
        (
            "cqltt",
            f"Cục Quản lý thị trường thành phố {city_vi}",
            f"{city_en} Market Surveillance Agency",
            "CQLTT",
            S,
            None,
            None,
            BEFORE_R,
            "ccqltt",
        ),
        (
            "ccqltt",
            f"Chi cục Quản lý thị trường thành phố {city_vi}",
            f"{city_en} Market Surveillance Sub-department",
            "CCQLTT",
            S,
            "sct",
            R,
            None,
            None,
        ),
        (
            "cthue",
            f"Cục Thuế thành phố {city_vi}",
            f"{city_en} Tax Department",
            "CT",
            S,
            None,
            None,
            BEFORE_M,
            "thue",
        ),
        (
            "thue",
            f"Thuế thành phố {city_vi}",
            f"{city_en} Tax Office",
            "Thuế TP",
            S,
            None,
            MERGER_DAY,
            None,
            None,
        ),
    ]


# The other departments named as leads in agreements. Hanoi from 1/3/2025 (Resolution of the
# Hanoi People's Council of 25/2/2025: 15 departments, the Department of Foreign Affairs merged
# into the Office of the People's Committee), https://nld.com.vn/ha-noi-giam-6-so-con-15-so-sau-
# khi-sap-xep-sap-nhap-196250225095602691.htm and https://thanhnien.vn/ha-noi-cong-bo-10-giam-doc
# -so-nganh-sau-sap-xep-bo-may-185250225155148982.htm. Da Nang: health, education and justice
# kept on 1/3/2025 (https://doanhnghieptiepthi.vn/da-nang-thanh-lap-5-so-moi-truc-thuoc-ubnd-
# thanh-pho-161250220162220648.htm); tourism merged with culture and sports by the resolution of
# the Da Nang People's Council of 26/4/2025, when Foreign Affairs was one of its two departments
# of its own (https://tuoitrethudo.vn/da-nang-hop-nhat-so-du-lich-voi-so-van-hoa-the-thao-276482
# .html). The day that resolution took effect is not in the source (26/4/2025 is used), and
# whether Da Nang kept its Department of Foreign Affairs after the merger of 1/7/2025 is
# unverified.
DA_NANG_CULTURE_DAY = dt.date(2025, 4, 26)


def city_services(city_vi: str, city_en: str) -> list[tuple]:
    """The departments both cities keep under the same names (justice, education, health)."""
    return [
        (
            "stp",
            f"Sở Tư pháp {city_vi}",
            f"{city_en} Department of Justice",
            "STP",
            D,
            "ubnd",
            None,
            None,
            None,
        ),
        (
            "sgddt",
            f"Sở Giáo dục và Đào tạo {city_vi}",
            f"{city_en} Department of Education and Training",
            "SGDĐT",
            D,
            "ubnd",
            None,
            None,
            None,
        ),
        (
            "syt",
            f"Sở Y tế {city_vi}",
            f"{city_en} Department of Health",
            "SYT",
            D,
            "ubnd",
            None,
            None,
            None,
        ),
    ]


def merged_in_2025(city_vi: str, city_en: str) -> list[tuple]:
    """Departments both cities had until 28/2/2025, kept with the body that carries their work
    since 1/3/2025 (transport into construction, labour into home affairs, agriculture into
    agriculture and environment; same sources as above)."""
    return [
        (
            "sgtvt",
            f"Sở Giao thông vận tải {city_vi}",
            f"{city_en} Department of Transport",
            "SGTVT",
            D,
            "ubnd",
            None,
            BEFORE_R,
            "sxd",
        ),
        (
            "sldtbxh",
            f"Sở Lao động - Thương binh và Xã hội {city_vi}",
            f"{city_en} Department of Labour, Invalids and Social Affairs",
            "SLĐTBXH",
            D,
            "ubnd",
            None,
            BEFORE_R,
            "snv",
        ),
        (
            "snnptnt",
            f"Sở Nông nghiệp và Phát triển nông thôn {city_vi}",
            f"{city_en} Department of Agriculture and Rural Development",
            "SNNPTNT",
            D,
            "ubnd",
            None,
            BEFORE_R,
            "snnmt",
        ),
    ]
