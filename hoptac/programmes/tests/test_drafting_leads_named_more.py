"""Leads read from the text (helper h12/leads, 2026-12-07): the provincial post offices ("Bưu
điện tỉnh …"), a mass organisation or department by its head and initials ("Hội CCB", "Hội
LHPN Hà Tĩnh", "Sở GD&ĐT"), a body after a frame and a time ("Chương trình xác định: Giai đoạn
2023-2027, Hội CCB …"), and a department's name with a comma where the directory has a dash."""

from __future__ import annotations

import pytest

from hoptac.programmes.drafting.organisations import Directory
from hoptac.programmes.drafting.subjects import base_of, named_body

pytestmark = [pytest.mark.django_db, pytest.mark.backend_neutral]


@pytest.mark.parametrize(
    ("text", "body"),
    [
        (
            "Bưu điện tỉnh Vĩnh Long sẽ thực hiện việc thu thập, tổng hợp báo cáo.",
            "Bưu điện tỉnh Vĩnh Long",
        ),
        (
            "Chương trình xác định: Giai đoạn 2023-2027, Hội CCB và Sở Tư pháp tỉnh Khánh Hòa "
            "tiếp tục làm tốt công tác phối hợp.",
            "Hội CCB",
        ),
        ("Năm 2026, Sở Y tế tỉnh Nghệ An tổ chức khám bệnh.", "Sở Y tế tỉnh Nghệ An"),
        (
            "Sở Kế hoạch và Đầu tư, các ngành, địa phương tập trung đẩy nhanh giải ngân.",
            "Sở Kế hoạch và Đầu tư",
        ),
        # A time before no body, a body of no head: nothing.
        ("Giai đoạn 2026 – 2030, tổ chức hội nghị.", ""),
        ("Theo đó, hai đơn vị thống nhất quy chế phối hợp.", ""),
    ],
)
def test_the_body_a_sentence_opens_with(text, body):
    assert named_body(text) == body


@pytest.mark.parametrize(
    ("name", "base"),
    [
        ("Hội CCB", "Hội Cựu chiến binh"),
        ("Hội LHPN Hà Tĩnh", "Hội Liên hiệp Phụ nữ"),
        ("Hội ND", "Hội Nông dân"),
        ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo"),
        ("Hội CCB tỉnh Khánh Hòa", "Hội Cựu chiến binh"),
        ("Sở Y tế Hà Tĩnh", "Sở Y tế"),
        ("Bưu điện tỉnh Vĩnh Long", "Bưu điện"),
        # The unit alone is the party's; "UBND" written out as the directory writes it.
        ("Công an tỉnh", "Công an"),
        ("Bưu điện tỉnh", "Bưu điện"),
        ("Văn phòng UBND tỉnh", "Văn phòng Ủy ban nhân dân"),
        ("Thanh tra tỉnh", "Thanh tra tỉnh"),
        ("Thanh tra Thành phố", "Thanh tra Thành phố"),
        # Unchanged: a name of no known body, initials of none.
        ("Bộ Tài chính", "Bộ Tài chính"),
        ("VNPT", "VNPT"),
        ("Hội XYZ", "Hội XYZ"),
    ],
)
def test_the_base_of_a_name(name, base):
    assert base_of(name) == base


def test_initials_spelt_out_keep_whose_it_is():
    from hoptac.programmes.drafting.organisations import spelt_out

    assert spelt_out("Hội LHPN Hà Tĩnh") == "Hội Liên hiệp Phụ nữ Hà Tĩnh"
    assert spelt_out("Hội Nông dân") == ""


def test_a_comma_for_the_dash_of_a_department_name(vocabulary):
    """ "Sở Lao động, Thương binh và Xã hội" is the directory's "Sở Lao động - Thương binh và Xã
    hội", merged into the Department of Home Affairs since 1/3/2025 (core/demo/bodies.py)."""
    directory = Directory([vocabulary["cities"]["48"], vocabulary["cities"]["01"]])
    mentions = directory.mentions(
        "Sở Lao động, Thương binh và Xã hội chủ trì, phối hợp với các sở."
    )
    resolved = directory.resolve(mentions)
    assert resolved.lead is not None
    assert resolved.lead.name_vi.startswith("Sở Nội vụ")
