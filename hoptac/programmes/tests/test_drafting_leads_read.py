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
    lead = proposals[0].lead
    assert lead is None or lead.locality_id == hanoi.pk, lead
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


def test_a_dash_of_another_kind_in_a_body_s_name(vocabulary):
    hanoi = vocabulary["cities"]["01"]
    proposals = propose(
        "Sở Quy hoạch – Kiến trúc khẩn trương phối hợp tổ chức hội nghị quảng bá du lịch.",
        parties=[hanoi],
    )
    # Read from the text, not guessed from the counterparts of its field.
    assert [(p.lead.name_vi if p.lead else None, p.reasons.get("lead")) for p in proposals] == [
        ("Sở Quy hoạch - Kiến trúc Hà Nội", "text")
    ]


def test_a_paragraph_of_bare_verbs_goes_on_with_the_department_before_it(vocabulary):
    hanoi = vocabulary["cities"]["01"]
    proposals = propose(
        "Chủ tịch UBND TP Hà Nội giao Sở Công Thương chủ trì, phối hợp với các sở, ngành liên "
        "quan kiểm tra việc niêm yết giá hàng hóa dịp Tết.\n\n"
        "Chỉ đạo các doanh nghiệp chủ động chuẩn bị tốt nguồn hàng phục vụ nhân dân trong dịp "
        "Tết.",
        parties=[hanoi],
    )
    assert [p.lead.name_vi if p.lead else None for p in proposals] == [
        "Sở Công Thương Hà Nội"
    ] * 2, [(p.text, p.reasons) for p in proposals]


def test_the_body_a_promise_assigns_its_work_to_leads(vocabulary):
    hanoi = vocabulary["cities"]["01"]
    proposals = propose(
        "Trong đó, về chính sách cho người nghèo, Chủ tịch Nguyễn Đức Chung yêu cầu Sở KH&ĐT "
        "đôn đốc các đơn vị tài trợ thực hiện các dự án cho người nghèo; giao cho NHCSXH sớm đề "
        "xuất vấn đề ứng tiền cho người nghèo vay lãi suất thấp.",
        parties=[hanoi],
    )
    # Sở Kế hoạch và Đầu tư is merged into Sở Tài chính since 2025.
    leads = [p.lead.name_vi if p.lead else None for p in proposals if "đôn đốc" in p.text]
    assert leads == ["Sở Tài chính Hà Nội"], [(p.text, p.reasons) for p in proposals]


def test_a_department_the_directory_lacks_is_the_part_the_promise_is_about(vocabulary):
    hanoi, danang = vocabulary["cities"]["01"], vocabulary["cities"]["48"]
    # Hanoi has a "Sở Văn hóa và Thể thao" and a "Sở Du lịch", no "Sở Văn hóa, Thể thao và Du
    # lịch": a promise about tourism is the Sở Du lịch's.
    proposals = propose(
        "Sở Văn hóa, Thể thao và Du lịch Hà Nội phối hợp tổ chức các chương trình xúc tiến, "
        "quảng bá du lịch.",
        parties=[hanoi, danang],
    )
    assert [p.lead.name_vi if p.lead else None for p in proposals] == ["Sở Du lịch Hà Nội"]
