"""Leads read from the text: the classes of error read on the seen parts (helper h10/draft): the
old placement of tones in a body's name, a body named through its head, a body named with its
place that is not another party's, and the body assigned before a promise that names none."""

from __future__ import annotations

import pytest

from hoptac.programmes.drafting import propose
from hoptac.programmes.drafting.organisations import modern_tones

pytestmark = [pytest.mark.django_db, pytest.mark.backend_neutral]


def test_the_old_placement_of_tones_keeps_the_length():
    for old, new in [
        ("Sở Văn hoá, Thể thao", "Sở Văn hóa, Thể thao"),
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("thuỷ lợi", "thủy lợi"),
        ("hoà bình", "hòa bình"),
        ("quý III", "quý III"),
        ("thuế", "thuế"),
        ("Hoàng", "Hoàng"),
    ]:
        assert modern_tones(old) == new
        assert len(modern_tones(old)) == len(old)


def test_a_body_written_with_the_old_tones_leads(vocabulary):
    danang = vocabulary["cities"]["48"]
    proposals = propose(
        "UBND thành phố Đà Nẵng vừa có văn bản đồng ý giao Sở Văn hoá, Thể thao và Du lịch tổ "
        "chức kêu gọi các tổ chức, cá nhân tham gia đầu tư, phát triển môn câu cá.",
        parties=[danang],
    )
    assert [p.lead.name_vi if p.lead else None for p in proposals] == [
        "Sở Văn hóa, Thể thao và Du lịch Đà Nẵng"
    ], [p.text for p in proposals]


def test_a_body_named_through_its_head_leads(vocabulary):
    danang = vocabulary["cities"]["48"]
    proposals = propose(
        "Giao Giám đốc Sở Công Thương chủ trì, phối hợp với các ngành liên quan tổ chức triển "
        "khai, hướng dẫn và kiểm tra việc thực hiện Quyết định này.",
        parties=[danang],
    )
    assert [p.lead.name_vi if p.lead else None for p in proposals] == ["Sở Công Thương Đà Nẵng"]


def test_a_body_named_with_its_place_is_never_another_partys(vocabulary):
    hanoi, danang = vocabulary["cities"]["01"], vocabulary["cities"]["48"]
    # Hanoi has no "Sở Văn hóa, Thể thao và Du lịch" in the directory; Da Nang has.
    proposals = propose(
        "Sở Văn hóa, Thể thao và Du lịch Hà Nội tổ chức cho các doanh nghiệp du lịch đi thực tế "
        "tại Đà Nẵng.",
        parties=[danang, hanoi],
    )
    assert len(proposals) == 1
    assert proposals[0].lead is None
    assert proposals[0].lead_name == "Sở Văn hóa, Thể thao và Du lịch"


def test_the_body_assigned_before_a_promise_that_names_none_leads(vocabulary):
    danang = vocabulary["cities"]["48"]
    proposals = propose(
        "UBND Đà Nẵng vừa yêu cầu Sở Xây dựng chỉ đạo các đơn vị liên quan sớm hoàn thiện hồ sơ "
        "quy hoạch dự án Khu nhà ở chuyên gia tại xã Hòa Ninh.",
        parties=[danang],
    )
    assert [p.lead.name_vi if p.lead else None for p in proposals] == ["Sở Xây dựng Đà Nẵng"], [
        (p.text, p.reasons) for p in proposals
    ]
