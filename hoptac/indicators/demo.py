"""Demo catalogues for Hanoi and Da Nang: shaped like the portals' exports, not the real ones.

Codes start with ``1.9`` so that none is mistaken for a real procedure of the national database;
every row is marked as demo data and the pages say so. The catalogues go through the same parser
and import action as a city's file, and loading them again changes nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable

from hoptac.core import dates
from hoptac.core.models import Locality, User

from . import actions, catalogue

# The fields as the reference list (data/procedure_fields.json) writes them: the import refuses
# any other. The procedures under them are made up (their codes start with 1.9).
FIELDS = {
    "Hoạt động xây dựng": [
        "giấy phép xây dựng công trình",
        "giấy phép xây dựng nhà ở riêng lẻ",
        "chứng chỉ hành nghề hoạt động xây dựng",
        "chứng chỉ năng lực hoạt động xây dựng",
        "giấy phép di dời công trình",
        "ý kiến thẩm định thiết kế cơ sở",
    ],
    "Đất đai": [
        "giấy chứng nhận quyền sử dụng đất",
        "quyết định giao đất",
        "quyết định cho thuê đất",
        "đăng ký biến động đất đai",
        "trích lục bản đồ địa chính",
        "quyết định chuyển mục đích sử dụng đất",
    ],
    "Đầu tư tại Việt Nam": [
        "quyết định chủ trương đầu tư",
        "giấy chứng nhận đăng ký đầu tư",
        "văn bản chấp thuận nhà đầu tư",
        "giấy phép thành lập văn phòng đại diện",
        "văn bản xác nhận ưu đãi đầu tư",
        "thông báo thực hiện dự án",
    ],
    "Hộ tịch": [
        "đăng ký khai sinh",
        "đăng ký kết hôn",
        "trích lục hộ tịch",
        "giấy xác nhận tình trạng hôn nhân",
        "đăng ký khai tử",
        "đăng ký nhận cha, mẹ, con",
    ],
    "Lưu thông hàng hóa trong nước": [
        "giấy phép bán lẻ rượu",
        "giấy phép bán buôn rượu",
        "giấy phép sản xuất rượu thủ công",
        "giấy phép bán lẻ sản phẩm thuốc lá",
        "giấy chứng nhận đủ điều kiện bán lẻ xăng dầu",
        "giấy phép kinh doanh khí",
    ],
    "Đường bộ": [
        "giấy phép lái xe",
        "giấy phép kinh doanh vận tải bằng xe ô tô",
        "phù hiệu xe ô tô kinh doanh vận tải",
        "giấy phép thi công công trình trên đường bộ",
        "giấy phép lưu hành xe quá tải trọng",
        "giấy phép lưu hành xe bánh xích",
    ],
    "Xuất Bản, In và Phát hành": [
        "giấy phép xuất bản bản tin",
        "giấy phép hoạt động in",
        "giấy phép xuất bản tài liệu không kinh doanh",
        "giấy xác nhận đăng ký hoạt động phát hành xuất bản phẩm",
        "giấy phép tổ chức triển lãm, hội chợ xuất bản phẩm",
        "giấy phép nhập khẩu xuất bản phẩm",
    ],
    "Khám bệnh, chữa bệnh": [
        "chứng chỉ hành nghề khám bệnh, chữa bệnh",
        "giấy phép hoạt động khám bệnh, chữa bệnh",
        "giấy phép hoạt động phòng khám đa khoa",
        "giấy phép hoạt động phòng khám chuyên khoa",
        "giấy xác nhận nội dung quảng cáo dịch vụ khám bệnh, chữa bệnh",
        "giấy chứng nhận lương y",
    ],
}
ACTIONS = ["Cấp", "Cấp lại", "Điều chỉnh", "Gia hạn", "Cấp đổi", "Thu hồi"]
ONLINE = ["Toàn trình", "Một phần", "Không"]


def _pick(key: str, n: int) -> int:
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % n


def catalogue_csv(city: str) -> bytes:
    """The city's demo catalogue as the CSV a portal exports (same codes in both cities)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "STT",
            "Mã TTHC",
            "Mức độ DVC",
            "Tên thủ tục hành chính",
            "Lĩnh vực",
            "Cấp thực hiện",
            "Thời hạn giải quyết",
            "Phí, lệ phí",
        ]
    )
    number = 0
    for f_index, (field, objects) in enumerate(FIELDS.items()):
        for o_index, obj in enumerate(objects):
            for a_index, action in enumerate(ACTIONS):
                code = f"1.9{f_index:01d}{o_index:02d}{a_index:02d}"
                key = f"{city}:{code}"
                if _pick(key + ":offered", 20) == 0:
                    continue  # a few procedures exist in one city only
                number += 1
                level = "Cấp xã" if field == "Hộ tịch" else "Cấp tỉnh"
                online = ONLINE[min(_pick(key + ":online", 7), 2)] if _pick(key, 3) else ONLINE[0]
                days = [1, 3, 5, 7, 10, 15, 20, 30][_pick(key + ":days", 8)]
                fee = [
                    "Không",
                    "50.000 đồng/hồ sơ",
                    "100.000 đồng/hồ sơ",
                    "Theo biểu phí của Bộ Tài chính",
                ][_pick(key + ":fee", 4)]
                writer.writerow(
                    [
                        number,
                        code,
                        online,
                        f"{action} {obj}",
                        field,
                        level,
                        f"{days} ngày làm việc",
                        fee,
                    ]
                )
    return out.getvalue().encode("utf-8-sig")


def load_demo(log: Callable[[str], None]) -> None:
    today = dates.today()
    by = User.objects.filter(is_superuser=True).order_by("pk").first()
    for code in ("01", "48"):
        city = Locality.objects.filter(code=code).first()
        if city is None:
            continue
        parsed = catalogue.parse(f"demo-{code}.csv", catalogue_csv(code), today)
        if parsed.errors:
            raise RuntimeError(f"the demo catalogue of {code} is invalid: {parsed.errors[:3]}")
        for row in parsed.rows:
            row.values["is_demo"] = True
        result = actions.import_catalogue(
            city, parsed, by=by, today=today, complete=True, source="Dữ liệu minh họa"
        )
        log(f"indicators: {city.name_vi}: {result.added} added, {result.unchanged} unchanged")
    load_statistics_demo(log)
    load_tags_demo(log)
    load_goals_demo(log)


# A city's target on an index component its demo figures measure (demo values, not a city's
# real target): Hanoi's share of dossiers filed online, whose demo profile starts at 34%.
DEMO_GOALS = [("01", "766:online_share", 50, "Mục tiêu minh họa (dữ liệu demo)")]


def load_goals_demo(log: Callable[[str], None]) -> None:
    """The demo targets, due at the end of next year; loading again adds none."""
    from .models import IndicatorGoal

    due = dates.today().replace(year=dates.today().year + 1, month=12, day=31)
    for code, indicator, target, note in DEMO_GOALS:
        city = Locality.objects.filter(code=code).first()
        if city is None or IndicatorGoal.objects.filter(locality=city, indicator=indicator):
            continue
        actions.set_goal(city, indicator, target, due, note=note, by=None)
        log(f"indicators: {city.name_vi} aims at {target}% on {indicator} by {due:%d/%m/%Y}")


# Two gaps linked to practice: Da Nang leads on online dossiers and on digitisation in the demo
# figures, and its demo e-government practice (from the exchange demo) names both indicators.
DEMO_TAGS = [
    ("48", "Chính quyền điện tử và Trung tâm giám sát", "766:online_share"),
    ("48", "Chính quyền điện tử và Trung tâm giám sát", "766:digitised"),
]


def load_tags_demo(log: Callable[[str], None]) -> None:
    """Tag the exchange demo's practices with the indicators they serve (through the core's
    registry of kinds: this app imports no exchange model); nothing when exchange is absent."""
    from hoptac.core import linkable

    kind = linkable.kind("exchange.practice")
    if kind is None:
        return
    for code, title, indicator in DEMO_TAGS:
        practice = (
            kind.model._default_manager.filter(locality__code=code, title_vi__startswith=title)
            .order_by("pk")
            .first()
        )
        if practice is not None and actions.tag(practice, indicator, by=None):
            log(f"indicators: {practice} serves {indicator}")


AGENCIES = {
    "Hoạt động xây dựng": "Sở Xây dựng",
    "Đất đai": "Văn phòng Đăng ký đất đai",
    "Đầu tư tại Việt Nam": "Sở Tài chính",
    "Hộ tịch": "UBND phường (một cửa)",
    "Lưu thông hàng hóa trong nước": "Sở Công Thương",
    "Đường bộ": "Sở Xây dựng",
    "Xuất Bản, In và Phát hành": "Sở Văn hóa và Thể thao",
    "Khám bệnh, chữa bệnh": "Sở Y tế",
}
# Shares that differ by city, so that the demo shows gaps both ways (demo values, not facts).
PROFILE = {
    "01": {"online": 0.34, "late": 0.06, "digitised": 0.62, "e_results": 0.45, "paid": 0.38},
    "48": {"online": 0.58, "late": 0.03, "digitised": 0.78, "e_results": 0.60, "paid": 0.52},
}
DEMO_MONTHS = 24


def _months_back(today, n: int) -> list:
    """The ``n`` whole months before the current one, oldest first."""
    months = []
    year, month = today.year, today.month
    for _ in range(n):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        months.append(today.replace(year=year, month=month, day=1))
    return months[::-1]


def statistics_rows(city: str, today) -> list[dict]:
    """24 months of a one-stop shop's monthly figures for the demo city (deterministic)."""
    import random

    profile = PROFILE.get(city, PROFILE["01"])
    rows = []
    months = _months_back(today, DEMO_MONTHS)
    for m_index, month in enumerate(months):
        progress = m_index / max(len(months) - 1, 1)  # the shares improve over the two years
        for f_index, (field, agency) in enumerate(AGENCIES.items()):
            for o_index in range(3):
                for a_index in range(2):
                    code = f"1.9{f_index:01d}{o_index:02d}{a_index:02d}"
                    rng = random.Random(f"{city}:{month}:{code}")  # noqa: S311 (demo figures)
                    base = 400 if field in {"Hộ tịch", "Đất đai"} else 60
                    received = int(base * rng.uniform(0.7, 1.3))

                    def share(x: float, spread: float = 0.08, r=rng) -> float:
                        return min(max(x + r.uniform(-spread, spread), 0.0), 1.0)

                    finished = int(received * share(0.95, 0.04))
                    late = round(finished * share(profile["late"] * (1.3 - 0.6 * progress), 0.02))
                    payable = int(received * share(0.4, 0.2))
                    feedback = int(received * share(0.01, 0.01))
                    rated = int(received * share(0.2, 0.1))
                    rows.append(
                        {
                            "month": month,
                            "agency": agency,
                            "procedure_code": code,
                            "received": received,
                            "received_online": int(
                                received * share(profile["online"] + 0.15 * progress)
                            ),
                            "finished_on_time": finished - late,
                            "finished_late": late,
                            "digitised": int(
                                received * share(profile["digitised"] + 0.1 * progress)
                            ),
                            "e_results": int(finished * share(profile["e_results"])),
                            "payable": payable,
                            "paid_online": int(payable * share(profile["paid"] + 0.1 * progress)),
                            "feedback_received": feedback,
                            "feedback_on_time": round(feedback * share(0.9, 0.1)),
                            "feedback_dissatisfied": round(feedback * share(0.1, 0.1)),
                            "rated": rated,
                            "rated_dissatisfied": round(rated * share(0.02, 0.02)),
                        }
                    )
    return rows


def load_statistics_demo(log: Callable[[str], None]) -> None:
    """Both demo cities' 24 months of figures, marked as demo data, and the 766 index computed
    from them. Loading again replaces the same rows: nothing is added twice."""
    from .statistics import ParsedStatistics

    today = dates.today()
    for code in ("01", "48"):
        city = Locality.objects.filter(code=code).first()
        if city is None:
            continue
        parsed = ParsedStatistics(rows=statistics_rows(code, today))
        result = actions.import_statistics(
            city, parsed, by=None, is_public=True, is_demo=True, source="Dữ liệu minh họa"
        )
        log(f"indicators: {city.name_vi}: {result.rows} monthly rows of demo dossier figures")
