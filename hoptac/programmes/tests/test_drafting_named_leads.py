"""Leads the directory does not hold, read from the text (issue 14, helper h11/named): the body a
promise opens with, whatever it is (a ministry, a department of another province, a Party body, a
company), named as the text names it with the place the text gives, carried to the promises after
it that name nobody; and the scorer's comparison of such names."""

from __future__ import annotations

import pytest

from hoptac.programmes.drafting import propose
from hoptac.programmes.drafting.proposals import Proposal
from hoptac.programmes.drafting.subjects import base_of, named_body
from hoptac.programmes.management.commands.evaluate_drafting import name_forms, score

pytestmark = [pytest.mark.django_db, pytest.mark.backend_neutral]


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("Bộ Tài chính chủ trì, phối hợp với các bộ bảo đảm kinh phí.", "Bộ Tài chính"),
        (
            "Sở Kế hoạch và Đầu tư tỉnh Quảng Ngãi chủ trì tổng hợp báo cáo.",
            "Sở Kế hoạch và Đầu tư tỉnh Quảng Ngãi",
        ),
        (
            "Sở Nông nghiệp và Phát triển nông thôn chủ trì tổ chức triển khai.",
            "Sở Nông nghiệp và Phát triển nông thôn",
        ),
        (
            "Tổ đảng ở Thường trực Ủy ban Kinh tế kiến nghị cơ chế, chính sách ưu đãi.",
            "Tổ đảng ở Thường trực Ủy ban Kinh tế",
        ),
        ("Hội Nông dân tỉnh Nghệ An phối hợp tổ chức hội chợ.", "Hội Nông dân tỉnh Nghệ An"),
        ("VNPT sẽ đầu tư, nâng cấp mạng băng rộng.", "VNPT"),
        ("Bộ trưởng Bộ Tài chính chỉ đạo bố trí ngân sách.", "Bộ Tài chính"),
        ("Bộ trưởng Công an chỉ đạo triển khai Đề án 06.", "Bộ Công an"),
        ("Lãnh đạo Ban Dân nguyện chủ trì giúp Ủy ban Thường vụ Quốc hội.", "Ban Dân nguyện"),
        # Not a body: a verb or a noun that opens with a head's word, a place, the parties, a
        # person's title.
        ("Hội nghị sẽ được tổ chức hằng năm.", ""),
        ("Ban hành kế hoạch thực hiện trong quý III.", ""),
        ("Phòng chống dịch bệnh ở vùng biên giới.", ""),
        ("Hai bên phối hợp tổ chức hội chợ.", ""),
        ("Hà Nội sẽ hỗ trợ Lào Cai.", ""),
        ("TS Trần Văn A, Hiệu trưởng, thông tin nhà trường sẽ hợp tác.", ""),
        ("Chủ tịch UBND tỉnh Lê Văn B thống nhất việc Sở Y tế chủ trì.", ""),
    ],
)
def test_the_body_a_promise_opens_with(text, body):
    assert named_body(text) == body


def test_the_base_name_drops_whose_it_is():
    assert base_of("Sở Kế hoạch và Đầu tư tỉnh Quảng Ngãi") == "Sở Kế hoạch và Đầu tư"
    assert base_of("Sở Công Thương tỉnh Bà Rịa - Vũng Tàu") == "Sở Công Thương"
    assert base_of("Thanh tra Thành phố") == "Thanh tra Thành phố"
    assert base_of("Sở Văn hóa, Thể thao và Du lịch") == "Sở Văn hóa, Thể thao và Du lịch"


@pytest.mark.parametrize(
    ("text", "named", "base"),
    [
        (
            "Liên minh Hợp tác xã tỉnh Quảng Ngãi chủ trì, phối hợp với các sở, ngành tổng hợp "
            "danh mục dự án kêu gọi đầu tư trong năm 2026.",
            "Liên minh Hợp tác xã tỉnh Quảng Ngãi",
            "Liên minh Hợp tác xã",
        ),
        (
            "Bộ Tài chính chủ trì, phối hợp với các bộ, ngành, địa phương bảo đảm nguồn kinh phí "
            "thực hiện hằng năm.",
            "Bộ Tài chính",
            "Bộ Tài chính",
        ),
    ],
)
def test_a_body_the_directory_lacks_leads_the_promise_it_opens(vocabulary, text, named, base):
    hanoi = vocabulary["cities"]["01"]
    proposals = propose(text, parties=[hanoi])
    assert [(p.lead, p.lead_named, p.lead_name) for p in proposals] == [(None, named, base)]


def test_a_body_the_directory_lacks_is_carried_to_the_next_sentence(vocabulary):
    hanoi = vocabulary["cities"]["01"]
    proposals = propose(
        "Bộ Ngoại giao sẽ hỗ trợ thành phố mở rộng quan hệ với các địa phương nước ngoài. "
        "Đồng thời hỗ trợ các hoạt động thu hút đầu tư của thành phố.",
        parties=[hanoi],
    )
    assert len(proposals) == 2, [p.text for p in proposals]
    assert [p.lead_name for p in proposals] == ["Bộ Ngoại giao", "Bộ Ngoại giao"]
    assert all(p.lead is None for p in proposals)


def test_a_department_by_its_initials_is_named_in_full(vocabulary):
    danang = vocabulary["cities"]["48"]
    (proposal,) = propose(
        "Sở VH-TT phối hợp tổ chức liên hoan phim ngắn trong năm 2026.", parties=[danang]
    )
    assert proposal.lead_name == "Sở Văn hóa và Thể thao"


def test_the_scorer_reads_initials_in_brackets_and_a_place_with_a_dash():
    assert "vnpt" in name_forms("Tập đoàn Bưu chính Viễn thông Việt Nam (VNPT)")
    assert "to doi ngoai" in name_forms("Tổ đối ngoại (thuộc UBND thành phố Hội An)")
    assert name_forms("Sở Công Thương tỉnh Bà Rịa - Vũng Tàu") == {"so cong thuong"}
    text = "Đầu tư, nâng cấp mạng băng rộng."
    gold = [
        {"text": text, "fields": [], "lead_named": "Tập đoàn Bưu chính Viễn thông Việt Nam (VNPT)"}
    ]
    assert score([Proposal(text, 1, lead_name="VNPT")], gold)["lead_named_right"] == 1
    gold = [{"text": text, "fields": [], "lead_named": "Sở Công Thương tỉnh Bà Rịa - Vũng Tàu"}]
    assert score([Proposal(text, 1, lead_name="Sở Công Thương")], gold)["lead_named_right"] == 1
    assert score([Proposal(text, 1, lead_name="Sở Tài chính")], gold)["lead_named_right"] == 0
