"""The localities (codes of the national registry) and their 2025 reorganisation."""

from __future__ import annotations

import datetime as dt

MERGER_DAY = dt.date(2025, 7, 1)


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
