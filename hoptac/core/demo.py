"""The Hanoi–Da Nang demo, drawn from Notice 2138-TB/TU (2019) (docs/source-document.md).

Loading is idempotent: a row is written only when it is missing or differs, so loading twice
changes nothing, not even the audit trail. Other apps add their part with ``register_loader``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.contrib.gis.geos import Point
from django.db import models, transaction

from .models import (
    CooperationField,
    CounterpartLink,
    Locality,
    Membership,
    Organisation,
    Partnership,
    User,
)

DEMO_PASSWORD = "hoptac-demo-2019"  # noqa: S105 — printed by make demo, demo accounts only
MERGER_DAY = dt.date(2025, 7, 1)
DEPARTMENT_REFORM_DAY = dt.date(2025, 3, 1)
NOTICE_DAY = dt.date(2019, 8, 20)
# What each field of the vocabulary covers, for drafting (read by field_vocabulary).
FIELD_PROFILES = Path(__file__).resolve().parent / "data" / "field_profiles.json"

_loaders: list[tuple[int, str, Callable[[Callable[[str], None]], None]]] = []


def register_loader(order: int, name: str, loader: Callable[[Callable[[str], None]], None]) -> None:
    """Let an app add its demo content; loaders run in order after the core's."""
    if all(existing != name for _, existing, _ in _loaders):
        _loaders.append((order, name, loader))


def sync(model: type[models.Model], lookup: dict[str, Any], **values: Any) -> models.Model:
    """Create the row, or update only the fields that differ; never save an unchanged row."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        return model._default_manager.create(**lookup, **values)
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if changed:
        for k in changed:
            setattr(obj, k, values[k])
        obj.save(update_fields=changed)
    return obj


# --- Cooperation fields: the 13 of paragraph 4 and the themes of paragraphs 2, 3, 5, 6 -------
FIELDS: list[tuple[str, int, str, str, str]] = [
    # code, paragraph, Vietnamese, English, keywords
    (
        "xay-dung-dang",
        2,
        "Xây dựng Đảng và hệ thống chính trị",
        "Party building and the political system",
        "xây dựng đảng\nhệ thống chính trị\ncấp ủy\nphương thức lãnh đạo\nmặt trận tổ quốc\nđoàn thể\nnghị quyết của trung ương",
    ),
    (
        "can-bo",
        2,
        "Đào tạo, bồi dưỡng, đánh giá cán bộ",
        "Training, fostering and evaluating cadres",
        "đào tạo\nbồi dưỡng\nđánh giá cán bộ\ncông tác cán bộ",
    ),
    (
        "chinh-quyen-do-thi",
        3,
        "Mô hình chính quyền đô thị và tổ chức bộ máy cơ sở",
        "Urban-government model and grassroots apparatus",
        "chính quyền đô thị\ntổ chức bộ máy\ncấp cơ sở\nbán chuyên trách\nxã, phường, thị trấn",
    ),
    (
        "co-che-dac-thu",
        3,
        "Cơ chế, chính sách đặc thù",
        "Mechanisms and policies specific to the locality",
        "cơ chế, chính sách đặc thù\ncơ chế đặc thù\nchính sách đặc thù",
    ),
    (
        "dich-vu-cong",
        3,
        "Dịch vụ công trực tuyến",
        "Online public services",
        "dịch vụ công trực tuyến\ndịch vụ công",
    ),
    (
        "quy-hoach-do-thi",
        4,
        "Quy hoạch, phát triển và quản lý đô thị",
        "Urban planning, development and management",
        "quy hoạch\nphát triển và quản lý đô thị\nquản lý đô thị\nphát triển bền vững",
    ),
    (
        "do-thi-thong-minh",
        4,
        "Đô thị thông minh – chính quyền điện tử",
        "Smart city – e-government",
        "đô thị thông minh\nchính quyền điện tử\nvận hành hệ thống",
    ),
    (
        "khoa-hoc-cong-nghe",
        4,
        "Phát triển khoa học và công nghệ",
        "Science and technology development",
        "khoa học công nghệ\nkhoa học và công nghệ",
    ),
    (
        "ung-dung-cntt",
        4,
        "Ứng dụng công nghệ thông tin",
        "Application of information technology",
        "ứng dụng công nghệ thông tin\ncông nghệ thông tin",
    ),
    (
        "khoi-nghiep",
        4,
        "Thành phố khởi nghiệp, khởi nghiệp sáng tạo",
        "Startup city and innovative startups",
        "khởi nghiệp\nkhởi nghiệp sáng tạo",
    ),
    (
        "cai-cach-hanh-chinh",
        4,
        "Cải cách hành chính",
        "Administrative reform",
        "cải cách hành chính",
    ),
    (
        "moi-truong-dau-tu",
        4,
        "Cải thiện môi trường đầu tư kinh doanh",
        "Improving the investment and business environment",
        "môi trường đầu tư\nmôi trường đầu tư kinh doanh",
    ),
    ("quan-ly-dau-tu", 4, "Quản lý đầu tư", "Investment management", "quản lý đầu tư"),
    (
        "ho-tro-doanh-nghiep",
        4,
        "Quản lý và hỗ trợ doanh nghiệp sau đăng ký",
        "Managing and supporting enterprises after registration",
        "hỗ trợ doanh nghiệp\nsau đăng ký",
    ),
    ("quan-ly-thue", 4, "Quản lý thuế", "Tax administration", "quản lý thuế\nthuế"),
    (
        "tai-chinh-ngan-sach",
        4,
        "Quản lý tài chính ngân sách",
        "Budget and finance management",
        "tài chính ngân sách\ntài chính\nngân sách",
    ),
    ("quan-ly-thi-truong", 4, "Quản lý thị trường", "Market management", "quản lý thị trường"),
    ("quan-ly-dat-dai", 4, "Quản lý đất đai", "Land management", "quản lý đất đai\nđất đai"),
    (
        "xuc-tien-dau-tu",
        5,
        "Xúc tiến đầu tư và thương hiệu chung",
        "Investment promotion and a joint brand",
        "xúc tiến đầu tư\nthu hút đầu tư\nthương hiệu chung\nnhà đầu tư nước ngoài\ndoanh nghiệp hai bên",
    ),
    (
        "khu-cong-nghiep-cnc",
        5,
        "Khu công nghiệp, khu công nghệ cao và ngành công nghệ cao ưu tiên",
        "Industrial and high-tech parks, priority high-tech sectors",
        "khu công nghiệp\nkhu công nghệ cao\ncông nghệ cao\ncông nghệ sinh học\nnhà đầu tư chiến lược",
    ),
    (
        "du-lieu-khong-gian",
        6,
        "Cơ sở dữ liệu không gian đô thị",
        "Urban spatial databases",
        "cơ sở dữ liệu không gian\ndữ liệu không gian đô thị\nkhông gian đô thị",
    ),
]

# --- Localities (codes of the national registry) -------------------------------------------
LOCALITIES = [
    # code, vi, en, kind, valid_from, valid_to, successor, basis, (lon, lat)
    (
        "01",
        "Thành phố Hà Nội",
        "Hanoi",
        "city",
        dt.date(2008, 8, 1),
        None,
        None,
        "",
        (105.8542, 21.0285),
    ),
    (
        "48",
        "Thành phố Đà Nẵng",
        "Da Nang",
        "city",
        dt.date(1997, 1, 1),
        None,
        None,
        "",
        (108.2022, 16.0544),
    ),
    (
        "49",
        "Tỉnh Quảng Nam",
        "Quang Nam Province",
        "province",
        dt.date(1997, 1, 1),
        dt.date(2025, 6, 30),
        "48",
        "Nghị quyết số 202/2025/QH15 của Quốc hội",
        (108.4747, 15.5736),
    ),
]

# --- Organisations ---------------------------------------------------------------------------
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


def _city_organisations(city_vi: str, city_en: str) -> list[tuple]:
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


def _services(city_vi: str, city_en: str) -> list[tuple]:
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


ORGANISATIONS: dict[str, list[tuple]] = {
    "01": _city_organisations("Hà Nội", "Hanoi")
    + _services("Hà Nội", "Hanoi")
    + [
        (
            "svhtt",
            "Sở Văn hóa và Thể thao Hà Nội",
            "Hanoi Department of Culture and Sports",
            "SVHTT",
            D,
            "ubnd",
            None,
            None,
            None,
        ),
        (
            "sdl",
            "Sở Du lịch Hà Nội",
            "Hanoi Department of Tourism",
            "SDL",
            D,
            "ubnd",
            None,
            None,
            None,
        ),
        (
            "sdttg",
            "Sở Dân tộc và Tôn giáo Hà Nội",
            "Hanoi Department of Ethnic Minorities and Religions",
            "SDTTG",
            D,
            "ubnd",
            R,
            None,
            None,
        ),
        (
            "sngv",
            "Sở Ngoại vụ Hà Nội",
            "Hanoi Department of Foreign Affairs",
            "SNgV",
            D,
            "ubnd",
            None,
            BEFORE_R,
            "vpubnd",
        ),
        (
            "ttra",
            "Thanh tra thành phố Hà Nội",
            "Hanoi Inspectorate",
            "TTTP",
            D,
            "ubnd",
            None,
            None,
            None,
        ),
        (
            "sqhkt",
            "Sở Quy hoạch - Kiến trúc Hà Nội",
            "Hanoi Department of Planning and Architecture",
            "SQHKT",
            D,
            "ubnd",
            None,
            None,
            None,
        ),
        (
            "xtdt",
            "Trung tâm Xúc tiến Đầu tư, Thương mại, Du lịch thành phố Hà Nội",
            "Hanoi Investment, Trade and Tourism Promotion Centre",
            "HPA",
            S,
            "ubnd",
            None,
            None,
            None,
        ),
        (
            "bqlkcn",
            "Ban Quản lý các khu công nghiệp và chế xuất Hà Nội",
            "Hanoi Industrial and Export Processing Zones Authority",
            "HIZA",
            S,
            "ubnd",
            None,
            None,
            None,
        ),
    ],
    "48": _city_organisations("Đà Nẵng", "Da Nang")
    + _services("Đà Nẵng", "Da Nang")
    + [
        (
            "svhtt",
            "Sở Văn hóa và Thể thao Đà Nẵng",
            "Da Nang Department of Culture and Sports",
            "SVHTT",
            D,
            "ubnd",
            None,
            DA_NANG_CULTURE_DAY - dt.timedelta(days=1),
            "svhttdl",
        ),
        (
            "sdl",
            "Sở Du lịch Đà Nẵng",
            "Da Nang Department of Tourism",
            "SDL",
            D,
            "ubnd",
            None,
            DA_NANG_CULTURE_DAY - dt.timedelta(days=1),
            "svhttdl",
        ),
        (
            "svhttdl",
            "Sở Văn hóa, Thể thao và Du lịch Đà Nẵng",
            "Da Nang Department of Culture, Sports and Tourism",
            "SVHTTDL",
            D,
            "ubnd",
            DA_NANG_CULTURE_DAY,
            None,
            None,
        ),
        (
            "sngv",
            "Sở Ngoại vụ Đà Nẵng",
            "Da Nang Department of Foreign Affairs",
            "SNgV",
            D,
            "ubnd",
            None,
            None,
            None,
        ),
        (
            "xtdt",
            "Ban Xúc tiến và Hỗ trợ đầu tư thành phố Đà Nẵng",
            "Da Nang Investment Promotion Agency",
            "IPA Đà Nẵng",
            S,
            "ubnd",
            None,
            None,
            None,
        ),
        (
            "bqlkcn",
            "Ban Quản lý Khu công nghệ cao và các khu công nghiệp Đà Nẵng",
            "Da Nang High-Tech Park and Industrial Zones Authority",
            "DHPIZA",
            S,
            "ubnd",
            None,
            None,
            None,
        ),
    ],
    "49": [
        (
            "ubnd",
            "Ủy ban nhân dân tỉnh Quảng Nam",
            "Quang Nam Provincial People's Committee",
            "UBND",
            PC,
            None,
            None,
            BEFORE_M,
            "48:ubnd",
        ),
        (
            "tu",
            "Tỉnh ủy Quảng Nam",
            "Quang Nam Provincial Party Committee",
            "TU",
            P,
            None,
            None,
            BEFORE_M,
            "48:tu",
        ),
    ],
}

# Counterparts by field: which body of each city carries it (current bodies).
COUNTERPARTS: dict[str, tuple[str, str]] = {
    "xay-dung-dang": ("btc", "btc"),
    "can-bo": ("btc", "btc"),
    "chinh-quyen-do-thi": ("snv", "snv"),
    "co-che-dac-thu": ("vpubnd", "vpubnd"),
    "dich-vu-cong": ("vpubnd", "vpubnd"),
    "quy-hoach-do-thi": ("sqhkt", "sxd"),
    "do-thi-thong-minh": ("skhcn", "skhcn"),
    "khoa-hoc-cong-nghe": ("skhcn", "skhcn"),
    "ung-dung-cntt": ("skhcn", "skhcn"),
    "khoi-nghiep": ("skhcn", "skhcn"),
    "cai-cach-hanh-chinh": ("snv", "snv"),
    "moi-truong-dau-tu": ("stc", "stc"),
    "quan-ly-dau-tu": ("stc", "stc"),
    "ho-tro-doanh-nghiep": ("stc", "stc"),
    "quan-ly-thue": ("thue", "thue"),
    "tai-chinh-ngan-sach": ("stc", "stc"),
    "quan-ly-thi-truong": ("ccqltt", "ccqltt"),
    "quan-ly-dat-dai": ("snnmt", "snnmt"),
    "xuc-tien-dau-tu": ("xtdt", "xtdt"),
    "khu-cong-nghiep-cnc": ("bqlkcn", "bqlkcn"),
    "du-lieu-khong-gian": ("sqhkt", "sxd"),
}

# One account per role per city: (username suffix, role, organisation key, full name, title)
ACCOUNTS = {
    "01": [
        (
            "dieuphoi",
            "coordinator",
            "vpubnd",
            "Nguyễn Thu Hà",
            "Chuyên viên Phòng Hợp tác, Văn phòng UBND TP",
        ),
        ("chuyenvien", "officer", "skhcn", "Trần Minh Đức", "Chuyên viên Sở Khoa học và Công nghệ"),
        ("lanhdao", "leader", "ubnd", "Lê Văn Quang", "Phó Chủ tịch UBND thành phố"),
        ("quantri", "admin", "vpubnd", "Phạm Hồng Nhung", "Quản trị hệ thống, Văn phòng UBND TP"),
    ],
    "48": [
        (
            "dieuphoi",
            "coordinator",
            "vpubnd",
            "Võ Thị Thanh",
            "Chuyên viên Văn phòng UBND TP Đà Nẵng",
        ),
        (
            "chuyenvien",
            "officer",
            "skhcn",
            "Huỳnh Văn Phúc",
            "Chuyên viên Sở Khoa học và Công nghệ",
        ),
        ("lanhdao", "leader", "ubnd", "Đặng Ngọc Sơn", "Phó Chủ tịch UBND thành phố"),
        ("quantri", "admin", "vpubnd", "Ngô Thị Mai", "Quản trị hệ thống, Văn phòng UBND TP"),
    ],
}
ACCOUNT_PREFIX = {"01": "hn", "48": "dn"}


def demo_accounts() -> list[tuple[str, str, str]]:
    """(username, role, organisation) of every demo account, for printing."""
    rows = []
    for code, accounts in ACCOUNTS.items():
        for suffix, role, org_key, _name, _title in accounts:
            rows.append((f"{ACCOUNT_PREFIX[code]}-{suffix}", role, org_key))
    return rows


def field_vocabulary() -> list[dict[str, Any]]:
    """The cooperation fields as the demo writes them: each with its keywords (its own and the
    terms of its profile) and its description (what the field covers), from
    ``data/field_profiles.json`` (sources cited there)."""
    profiles = json.loads(FIELD_PROFILES.read_text(encoding="utf-8"))["fields"]
    rows = []
    for order, (code, paragraph, vi, en, keywords) in enumerate(FIELDS, start=1):
        profile = profiles.get(code, {})
        words = [*keywords.splitlines(), *profile.get("terms", [])]
        unique = list(dict.fromkeys(w.strip() for w in words if w.strip()))
        rows.append(
            {
                "code": code,
                "order": order,
                "source_paragraph": paragraph,
                "name_vi": vi,
                "name_en": en,
                "keywords": "\n".join(unique),
                "description": profile.get("description", ""),
            }
        )
    return rows


def _load_core(log: Callable[[str], None]) -> None:
    for row in field_vocabulary():
        sync(
            CooperationField, {"code": row["code"]}, **{k: v for k, v in row.items() if k != "code"}
        )

    localities: dict[str, Locality] = {}
    for code, vi, en, kind, start, end, _succ, basis, (lon, lat) in LOCALITIES:
        localities[code] = sync(
            Locality,
            {"code": code},
            name_vi=vi,
            name_en=en,
            kind=kind,
            valid_from=start,
            valid_to=end,
            change_basis=basis,
            centre=Point(lon, lat, srid=4326),
        )
    for code, *_rest, succ, _basis, _c in LOCALITIES:
        sync(Locality, {"code": code}, successor=localities[succ] if succ else None)
    sync(
        Partnership,
        {"locality_a": localities["01"], "locality_b": localities["48"]},
        since=NOTICE_DAY,
        basis="Thông báo số 2138-TB/TU ngày 20/8/2019 của Thành ủy Hà Nội",
    )

    orgs: dict[str, Organisation] = {}
    for code, rows in ORGANISATIONS.items():
        for key, vi, en, abbr, kind, _parent, start, end, _succ in rows:
            orgs[f"{code}:{key}"] = sync(
                Organisation,
                {"locality": localities[code], "name_vi": vi},
                name_en=en,
                abbreviation=abbr,
                kind=kind,
                valid_from=start,
                valid_to=end,
            )
    for code, rows in ORGANISATIONS.items():
        for key, *_mid, parent, _start, _end, succ in rows:
            successor = None
            if succ:
                successor = orgs[succ if ":" in succ else f"{code}:{succ}"]
            sync(
                Organisation,
                {"pk": orgs[f"{code}:{key}"].pk},
                parent=orgs[f"{code}:{parent}"] if parent else None,
                successor=successor,
            )

    fields = {f.code: f for f in CooperationField.objects.all()}
    for field_code, (hn, dn) in COUNTERPARTS.items():
        sync(
            CounterpartLink,
            {
                "organisation_a": orgs[f"01:{hn}"],
                "organisation_b": orgs[f"48:{dn}"],
                "field": fields[field_code],
            },
        )

    for code, accounts in ACCOUNTS.items():
        for suffix, role, org_key, name, title in accounts:
            username = f"{ACCOUNT_PREFIX[code]}-{suffix}"
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(username=username)
                user.set_password(DEMO_PASSWORD)
            values = {
                "full_name": name,
                "job_title": title,
                "email": f"{username}@demo.hoptac.local",
                "is_staff": role == "admin",
            }
            changed = [k for k, v in values.items() if getattr(user, k) != v]
            if changed or user.pk is None:
                for k, v in values.items():
                    setattr(user, k, v)
                user.save()
            sync(
                Membership, {"user": user, "organisation": orgs[f"{code}:{org_key}"], "role": role}
            )
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser(
            "admin", "admin@demo.hoptac.local", DEMO_PASSWORD, full_name="Quản trị viên hệ thống"
        )
    log(
        f"core: {Locality.objects.count()} localities, {Organisation.objects.count()} organisations, "
        f"{CounterpartLink.objects.count()} counterpart links, {User.objects.count()} accounts"
    )


register_loader(0, "core", _load_core)


def load(log: Callable[[str], None] = print, only: Iterable[str] | None = None) -> None:
    """Load every registered part of the demo (or the named ones) in one transaction."""
    wanted = set(only) if only else None
    with transaction.atomic():
        for _order, name, loader in sorted(_loaders, key=lambda item: item[0]):
            if wanted is None or name in wanted:
                loader(log)
