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

FIELDS = {
    "Xây dựng": [
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
    "Đầu tư": [
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
    "Công thương": [
        "giấy phép kinh doanh bán lẻ rượu",
        "giấy chứng nhận đủ điều kiện an toàn thực phẩm",
        "giấy phép sử dụng vật liệu nổ công nghiệp",
        "giấy xác nhận khuyến mại",
        "giấy chứng nhận xuất xứ hàng hóa",
        "giấy phép hoạt động điện lực",
    ],
    "Giao thông vận tải": [
        "giấy phép lái xe",
        "giấy phép kinh doanh vận tải bằng xe ô tô",
        "phù hiệu xe ô tô kinh doanh vận tải",
        "giấy phép thi công công trình trên đường bộ",
        "giấy phép lưu hành xe quá tải trọng",
        "đăng ký phương tiện thủy nội địa",
    ],
    "Thông tin và truyền thông": [
        "giấy phép xuất bản bản tin",
        "giấy phép hoạt động in",
        "giấy phép thiết lập trang thông tin điện tử tổng hợp",
        "giấy xác nhận đăng ký hoạt động phát hành xuất bản phẩm",
        "giấy phép tổ chức triển lãm",
        "giấy phép nhập khẩu xuất bản phẩm",
    ],
    "Y tế": [
        "chứng chỉ hành nghề khám bệnh, chữa bệnh",
        "giấy phép hoạt động khám bệnh, chữa bệnh",
        "chứng chỉ hành nghề dược",
        "giấy chứng nhận đủ điều kiện kinh doanh dược",
        "giấy phép quảng cáo mỹ phẩm",
        "giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
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
