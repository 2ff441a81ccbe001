"""Reading agreements in other styles: subjects, fields, bodies of the directory, dates."""

from __future__ import annotations

import datetime as dt

import pytest

from hoptac.programmes.drafting import draft, propose
from hoptac.programmes.drafting.dates import deadline

from .drafting_support import names

pytestmark = [pytest.mark.django_db, pytest.mark.backend_neutral]


def test_framing_sentences_are_framing_not_commitments(vocabulary):
    drafted = draft(
        "Hai bên thống nhất hợp tác trên các lĩnh vực sau:\n\n"
        "a) Trao đổi kinh nghiệm về cải cách hành chính.\n\n"
        "b) Văn hóa, ẩm thực và du lịch."
    )
    assert [f.text for f in drafted.framing] == [
        "Hai bên thống nhất hợp tác trên các lĩnh vực sau:"
    ]
    assert [p.text for p in drafted.proposals] == [
        "Trao đổi kinh nghiệm về cải cách hành chính.",
        "Văn hóa, ẩm thực và du lịch.",  # a field listed after the framing: a commitment
    ]


def test_a_long_subject_that_directs_another_body_is_read_up_to_its_verb(vocabulary):
    hanoi, danang = vocabulary["cities"]["01"], vocabulary["cities"]["48"]
    (proposal,) = propose(
        "Ủy ban nhân dân hai thành phố chỉ đạo Sở Xây dựng phối hợp xây dựng cơ sở dữ liệu "
        "không gian đô thị.",
        parties=[hanoi, danang],
    )
    assert proposal.text == ("Sở Xây dựng phối hợp xây dựng cơ sở dữ liệu không gian đô thị.")
    assert proposal.lead.name_vi == "Sở Xây dựng Hà Nội"  # named, not the counterpart link
    assert proposal.reasons["lead"] == "text"


def test_two_promises_joined_by_va_become_two_proposals_with_their_subject(vocabulary):
    hanoi, danang = vocabulary["cities"]["01"], vocabulary["cities"]["48"]
    proposals = propose(
        "Sở Tài chính hai thành phố phối hợp tổ chức diễn đàn kết nối doanh nghiệp và chia sẻ "
        "kinh nghiệm cải thiện chỉ số năng lực cạnh tranh cấp tỉnh.",
        parties=[hanoi, danang],
    )
    assert [(p.text, p.fields) for p in proposals] == [
        (
            "Sở Tài chính hai thành phố phối hợp tổ chức diễn đàn kết nối doanh nghiệp.",
            ["ho-tro-doanh-nghiep"],
        ),
        (
            "Sở Tài chính hai thành phố chia sẻ kinh nghiệm cải thiện chỉ số năng lực cạnh "
            "tranh cấp tỉnh.",
            ["moi-truong-dau-tu"],
        ),
    ]
    assert names([proposals[1].lead, *proposals[1].partners]) == [
        "Sở Tài chính Hà Nội",
        "Sở Tài chính Đà Nẵng",
    ]


@pytest.mark.parametrize(
    "wording, code",
    [
        ("cải cách thủ tục hành chính", "cai-cach-hanh-chinh"),
        ("giải quyết hồ sơ trực tuyến toàn trình", "dich-vu-cong"),
        ("xây dựng cơ sở dữ liệu dùng chung", "ung-dung-cntt"),
        ("tổ chức diễn đàn kết nối doanh nghiệp", "ho-tro-doanh-nghiep"),
        ("xây dựng nền tảng tích hợp, chia sẻ dữ liệu", "ung-dung-cntt"),
        ("công tác tổ chức cán bộ", "can-bo"),
    ],
)
def test_ordinary_wordings_of_a_field_find_it(vocabulary, wording, code):
    (proposal,) = propose(f"Hai bên phối hợp trao đổi kinh nghiệm về {wording}.")
    assert proposal.fields == [code]
    assert proposal.field_words[code]  # the words behind it, for the review form


def test_a_commitment_of_two_fields_gets_both(vocabulary):
    (proposal,) = propose(
        "Trao đổi kinh nghiệm vận hành Trung tâm Phục vụ hành chính công và cải cách thủ tục "
        "hành chính."
    )
    assert set(proposal.fields) == {"dich-vu-cong", "cai-cach-hanh-chinh"}


def test_when_no_field_fits_it_says_so_and_proposes_no_lead_by_field(vocabulary):
    (proposal,) = propose("Hai bên phối hợp tổ chức tuần lễ văn hóa, ẩm thực hai thành phố.")
    assert proposal.fields == [] and proposal.no_field_fits
    assert proposal.lead is None


def test_a_body_the_directory_lacks_is_named_not_replaced_by_a_counterpart(vocabulary):
    danang = vocabulary["cities"]["48"]
    (proposal,) = propose(
        "Sở Dân tộc và Tôn giáo Đà Nẵng phối hợp trao đổi kinh nghiệm chuyển đổi số.",
        parties=[danang],
    )
    assert proposal.lead is None
    assert proposal.lead_named == "Sở Dân tộc và Tôn giáo Đà Nẵng"


def test_a_department_merged_in_2025_named_with_a_long_name_leads_through_its_successor(
    vocabulary,
):
    hanoi, danang = vocabulary["cities"]["01"], vocabulary["cities"]["48"]
    (transport,) = propose(
        "Sở Giao thông vận tải hai thành phố phối hợp trao đổi kinh nghiệm tổ chức giao thông "
        "đô thị.",
        parties=[hanoi, danang],
        today=dt.date(2026, 1, 1),
    )
    assert transport.lead.name_vi == "Sở Xây dựng Hà Nội"
    assert names(transport.partners) == ["Sở Xây dựng Đà Nẵng"]
    (labour,) = propose(
        "Sở Lao động - Thương binh và Xã hội hai thành phố phối hợp trao đổi kinh nghiệm giải "
        "quyết việc làm.",
        parties=[danang, hanoi],
        today=dt.date(2026, 1, 1),
    )
    assert labour.lead.name_vi == "Sở Nội vụ Đà Nẵng"


def test_the_departments_named_in_agreements_are_in_the_directory_as_they_are_today(vocabulary):
    hanoi, danang = vocabulary["cities"]["01"], vocabulary["cities"]["48"]
    (health,) = propose(
        "Sở Y tế hai thành phố phối hợp trao đổi kinh nghiệm chuyển đổi số trong y tế.",
        parties=[hanoi, danang],
    )
    assert health.lead.name_vi == "Sở Y tế Hà Nội"
    assert names(health.partners) == ["Sở Y tế Đà Nẵng"]
    (tourism,) = propose(
        "Sở Du lịch hai thành phố phối hợp xây dựng sản phẩm du lịch chung.",
        parties=[danang, hanoi],
        today=dt.date(2026, 1, 1),
    )
    # Da Nang merged its tourism department into culture and sports in April 2025.
    assert tourism.lead.name_vi == "Sở Văn hóa, Thể thao và Du lịch Đà Nẵng"
    assert names(tourism.partners) == ["Sở Du lịch Hà Nội"]
    (foreign,) = propose(
        "Sở Ngoại vụ Hà Nội theo dõi việc thực hiện Bản ghi nhớ.", today=dt.date(2026, 1, 1)
    )
    assert foreign.lead.name_vi == "Văn phòng Ủy ban nhân dân thành phố Hà Nội"


def test_a_merged_body_named_in_an_old_text_leads_through_its_successor(vocabulary):
    hanoi, danang = vocabulary["cities"]["01"], vocabulary["cities"]["48"]
    (proposal,) = propose(
        "Sở Kế hoạch và Đầu tư hai thành phố phối hợp xây dựng bộ tiêu chí đánh giá môi trường "
        "đầu tư kinh doanh.",
        parties=[hanoi, danang],
        today=dt.date(2026, 1, 1),
    )
    assert proposal.lead.name_vi == "Sở Tài chính Hà Nội"
    assert names(proposal.partners) == ["Sở Tài chính Đà Nẵng"]


def test_a_plan_item_takes_its_lead_partners_and_time_from_the_lines_below_it(vocabulary):
    hanoi, danang = vocabulary["cities"]["01"], vocabulary["cities"]["48"]
    (proposal,) = propose(
        "1. Chia sẻ kinh nghiệm quản lý thu ngân sách, chống thất thu thuế.\n\n"
        "- Cơ quan chủ trì: Thuế thành phố Hà Nội; cơ quan phối hợp: Sở Tài chính.\n\n"
        "- Thời gian thực hiện: quý III/2026.",
        parties=[hanoi, danang],
    )
    assert proposal.lead.name_vi == "Thuế thành phố Hà Nội"
    assert names(proposal.partners) == ["Sở Tài chính Hà Nội"]
    assert proposal.due == dt.date(2026, 9, 30)
    assert proposal.reasons == {
        "clause": "1. Chia sẻ kinh nghiệm quản lý thu ngân sách, chống thất thu thuế.",
        "lead": "attribute",
        "lead_words": "Thuế thành phố Hà Nội",
        "due": "quý III/2026",
    }


@pytest.mark.parametrize(
    "words, due",
    [
        ("trong năm 2026", dt.date(2026, 12, 31)),
        ("trong quý III/2026", dt.date(2026, 9, 30)),
        ("trước ngày 30/6/2027", dt.date(2027, 6, 30)),
        ("trong giai đoạn 2026 – 2030", dt.date(2030, 12, 31)),
        ("trong tháng 10/2026", dt.date(2026, 10, 31)),
        ("trong 6 tháng đầu năm 2026", dt.date(2026, 6, 30)),
    ],
)
def test_deadlines_are_read_and_leave_the_text(vocabulary, words, due):
    (proposal,) = propose(f"Hai bên phối hợp tổ chức hội nghị xúc tiến đầu tư chung {words}.")
    assert proposal.due == due
    assert proposal.text == "Phối hợp tổ chức hội nghị xúc tiến đầu tư chung."


@pytest.mark.parametrize(
    "words, rhythm",
    [
        ("mỗi năm một lần", "yearly"),
        ("hằng quý", "quarterly"),
        ("định kỳ 6 tháng", "half-yearly"),
        ("sáu tháng một lần", "half-yearly"),
        ("hằng tháng", "monthly"),
        ("hai năm một lần", "biennial"),
    ],
)
def test_rhythms_are_read(vocabulary, words, rhythm):
    (proposal,) = propose(f"Hai bên luân phiên tổ chức hội nghị xúc tiến đầu tư {words}.")
    assert proposal.recurrence == rhythm
    assert proposal.due is None


def test_a_date_that_says_when_something_happened_is_no_deadline():
    assert deadline("Ngày 12/3/2026, Ban Thường vụ Thành ủy đã làm việc.") is None


def test_a_body_written_with_an_ampersand_and_a_count_in_figures_is_named(vocabulary):
    hanoi, danang = vocabulary["cities"]["01"], vocabulary["cities"]["48"]
    (proposal,) = propose(
        "Sở Khoa học & Công nghệ 2 thành phố phối hợp xây dựng nền tảng chia sẻ dữ liệu.",
        parties=[hanoi, danang],
    )
    assert proposal.lead.name_vi == "Sở Khoa học và Công nghệ Hà Nội"
    assert names(proposal.partners) == ["Sở Khoa học và Công nghệ Đà Nẵng"]
    assert proposal.lead_name == "Sở Khoa học và Công nghệ"


def test_the_lead_name_is_given_when_the_directory_lacks_the_body(vocabulary):
    hanoi, danang = vocabulary["cities"]["01"], vocabulary["cities"]["48"]
    (proposal,) = propose(
        "Sở Du lịch tỉnh Hà Tĩnh phối hợp tổ chức hội nghị xúc tiến đầu tư.",
        parties=[hanoi, danang],
    )
    assert proposal.lead is None
    assert proposal.lead_name == "Sở Du lịch"
    assert proposal.as_dict()["lead_name"] == "Sở Du lịch"
