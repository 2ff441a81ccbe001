"""The names, places and texts generate_programmes.py draws its data from."""

from __future__ import annotations

import datetime as dt

from hoptac.core.models import CooperationField, Organisation

PREFIX = "gen-"
PASSWORD = "hoptac-bench"  # noqa: S105 — generated benchmark accounts only
BATCH = 1000

# code, vi, en, valid_from, (lon, lat), short name, share of the organisations
LOCALITIES = [
    ("01", "Thành phố Hà Nội", "Hanoi", dt.date(2008, 8, 1), (105.8542, 21.0285), "Hà Nội", 0.4),
    (
        "48",
        "Thành phố Đà Nẵng",
        "Da Nang",
        dt.date(1997, 1, 1),
        (108.2022, 16.0544),
        "Đà Nẵng",
        0.3,
    ),
    (
        "79",
        "Thành phố Hồ Chí Minh",
        "Ho Chi Minh City",
        dt.date(1976, 7, 2),
        (106.7009, 10.7769),
        "Hồ Chí Minh",
        0.2,
    ),
    (
        "31",
        "Thành phố Hải Phòng",
        "Hai Phong",
        dt.date(1976, 1, 1),
        (106.6881, 20.8449),
        "Hải Phòng",
        0.1,
    ),
]

HEADS = [  # for localities the demo does not have
    ("Thành ủy {city}", "{en} Party Committee", "TU", Organisation.Kind.PARTY_COMMITTEE),
    ("Ủy ban nhân dân thành phố {city}", "{en} People's Committee", "UBND", "peoples_committee"),
    (
        "Văn phòng Ủy ban nhân dân thành phố {city}",
        "Office of the {en} People's Committee",
        "VP UBND",
        "pc_office",
    ),
]
DEPARTMENTS = [
    ("Sở Y tế", "SYT"),
    ("Sở Giáo dục và Đào tạo", "SGDĐT"),
    ("Sở Văn hóa và Thể thao", "SVHTT"),
    ("Sở Du lịch", "SDL"),
    ("Sở Tư pháp", "STP"),
    ("Sở Ngoại vụ", "SNGV"),
    ("Sở Dân tộc và Tôn giáo", "SDTTG"),
    ("Sở Khoa học và Công nghệ", "SKHCN"),
    ("Sở Công Thương", "SCT"),
    ("Sở Tài chính", "STC"),
    ("Sở Xây dựng", "SXD"),
    ("Sở Nội vụ", "SNV"),
    ("Sở Nông nghiệp và Môi trường", "SNNMT"),
    ("Thanh tra thành phố", "TTTP"),
]
CENTRES = [
    "Trung tâm Chuyển đổi số",
    "Trung tâm Phục vụ hành chính công",
    "Trung tâm Dịch vụ việc làm",
    "Trung tâm Kiểm soát bệnh tật",
    "Trung tâm Quan trắc môi trường",
    "Trung tâm Phát triển quỹ đất",
    "Trung tâm Điều hành giao thông",
    "Trung tâm Thông tin và Xúc tiến du lịch",
    "Trung tâm Khởi nghiệp sáng tạo",
    "Trung tâm Lưu trữ lịch sử",
    "Trung tâm Báo chí",
    "Trung tâm Dữ liệu",
]
PROJECT_BOARDS = [
    "Ban Quản lý dự án đầu tư xây dựng công trình dân dụng",
    "Ban Quản lý dự án đầu tư xây dựng công trình giao thông",
    "Ban Quản lý dự án đầu tư xây dựng công trình nông nghiệp",
    "Ban Quản lý dự án hạ tầng đô thị",
    "Ban Quản lý đường sắt đô thị",
]
WARDS = [
    "Ba Đình", "Hoàn Kiếm", "Tây Hồ", "Cầu Giấy", "Đống Đa", "Hai Bà Trưng", "Hoàng Mai",
    "Long Biên", "Hải Châu", "Thanh Khê", "Sơn Trà", "Ngũ Hành Sơn", "Liên Chiểu", "Cẩm Lệ",
    "Bến Thành", "Sài Gòn", "Tân Định", "Chợ Lớn", "An Khánh", "Thủ Đức", "Hồng Bàng",
    "Lê Chân", "Ngô Quyền", "Kiến An", "Hải An", "Đồ Sơn", "Hòa Khánh", "Hòa Xuân",
    "Phú Thượng", "Vĩnh Tuy", "Yên Hòa", "Láng", "Ô Chợ Dừa", "Văn Miếu", "Kim Liên",
]  # fmt: skip

AGREEMENT_TITLES = [
    "Chương trình hợp tác giữa {parties} giai đoạn {y1}–{y2}",
    "Kế hoạch thực hiện thỏa thuận hợp tác giữa {parties} năm {y1}",
    "Biên bản ghi nhớ hợp tác giữa {parties} về phát triển kinh tế – xã hội",
    "Thỏa thuận hợp tác toàn diện giữa {parties} giai đoạn {y1}–{y2}",
    "Kết luận hội nghị liên tịch giữa {parties}",
]
COMMITMENT_TEXTS = [
    "Hai bên phối hợp trao đổi kinh nghiệm, chia sẻ thông tin về {topic}.",
    "Phối hợp xây dựng và triển khai các chương trình, dự án chung về {topic}.",
    "Tổ chức các đoàn công tác, hội thảo chuyên đề về {topic}.",
    "Hỗ trợ nhau đào tạo, bồi dưỡng nguồn nhân lực trong lĩnh vực {topic}.",
    "Chia sẻ cơ sở dữ liệu, quy trình và mô hình hay về {topic}.",
]
TASK_TITLES = [
    "Tổ chức đoàn công tác trao đổi kinh nghiệm về {topic}",
    "Tổ chức hội thảo chuyên đề về {topic}",
    "Xây dựng kế hoạch phối hợp giữa các sở, ngành về {topic}",
    "Chia sẻ tài liệu, quy trình, mô hình hay về {topic}",
    "Đánh giá kết quả phối hợp về {topic}",
    "Tập huấn, bồi dưỡng cán bộ làm công tác {topic}",
    "Ký kết văn bản phối hợp giữa các đơn vị về {topic}",
    "Xây dựng đề án chung về {topic}",
]
REPORT_TEXTS = [
    "Đã tổ chức đoàn công tác gồm {n} cán bộ; hai bên thống nhất danh mục tài liệu chia sẻ.",
    "Đã tổ chức hội thảo với {n} đại biểu; đang tổng hợp ý kiến hoàn thiện dự thảo.",
    "Đã ban hành kế hoạch phối hợp; các đơn vị đang triển khai theo lộ trình.",
    "Đã trao đổi {n} văn bản, tài liệu chuyên môn; đang chờ ý kiến của cơ quan phối hợp.",
]
LEAD_KINDS = {"department", "sector_body", "pc_office", "other"}


def _topic(field: CooperationField) -> str:
    return field.name_vi[0].lower() + field.name_vi[1:]
