"""The cooperation fields of Notice 2138-TB/TU: the 13 of paragraph 4 and the themes of paragraphs
2, 3, 5 and 6, with what each covers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# What each field of the vocabulary covers, for drafting (read by field_vocabulary).
FIELD_PROFILES = Path(__file__).resolve().parents[1] / "data" / "field_profiles.json"


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
