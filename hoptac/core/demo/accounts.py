"""The demo accounts: one per role per city."""

from __future__ import annotations

DEMO_PASSWORD = "hoptac-demo-2019"  # noqa: S105 — printed by make demo, demo accounts only


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
