"""What is a promise and what is not: assessments, ceremonies, captions, repeated summaries."""

from __future__ import annotations

import pytest

from hoptac.programmes.drafting import draft, propose

pytestmark = [pytest.mark.django_db, pytest.mark.backend_neutral]


def test_bodies_are_found_by_their_abbreviation_and_full_name(vocabulary):
    hanoi, danang = vocabulary["cities"]["01"], vocabulary["cities"]["48"]
    short, full = propose(
        "SKHCN phối hợp xây dựng nền tảng tích hợp, chia sẻ dữ liệu.\n\n"
        "Sở Khoa học và Công nghệ thành phố Đà Nẵng phối hợp xây dựng trung tâm giám sát, điều "
        "hành đô thị thông minh.",
        parties=[hanoi, danang],
    )
    assert short.lead.name_vi == "Sở Khoa học và Công nghệ Hà Nội"  # the first party's
    assert full.lead.name_vi == "Sở Khoa học và Công nghệ Đà Nẵng"  # the city it names


def test_an_assessment_listed_after_framing_is_no_commitment(vocabulary):
    drafted = draft(
        "Thường trực Thành ủy kết luận như sau:\n\n"
        "1. Hai bên đánh giá việc thực hiện các nội dung hợp tác cơ bản đạt yêu cầu, một số nội "
        "dung còn chậm.\n\n"
        "2. Trao đổi kinh nghiệm về cải cách hành chính."
    )
    assert [p.text for p in drafted.proposals] == ["Trao đổi kinh nghiệm về cải cách hành chính."]


def test_a_report_of_the_ceremony_is_not_a_promise(vocabulary):
    for sentence in (
        "Dịp này, phường A hỗ trợ 160 triệu đồng cho 2 hộ dân có nhà bị sập.",
        "Phường A trao quà hỗ trợ xã B nhân sự kiện kết nghĩa.",
        "Chiều 13/8, tại thành phố, hai Sở đã phối hợp tổ chức hội nghị liên kết.",
        "Hai bên thống nhất hợp tác trên cơ sở nguyên tắc bình đẳng, cùng có lợi.",
        "Bản ghi nhớ này thiết lập quan hệ hợp tác giữa hai thành phố.",
    ):
        assert propose(sentence) == [], sentence
    # The same verbs in a promise are read.
    assert propose("Hai bên phối hợp tổ chức hội nghị xúc tiến đầu tư hằng năm.")


def test_fields_listed_after_a_colon_are_taken_even_outside_the_vocabulary(vocabulary):
    # The rules' cut (the detector weighs the pieces: since it learned from the thirteen seen
    # parts, whose labellers disagree on bare fields, it may drop one; lopo.py measures that).
    sentence = (
        "Chương trình hợp tác giữa hai tỉnh trên 4 lĩnh vực: Xúc tiến đầu tư; "
        "nông nghiệp; giao thông và vận tải; y tế, giáo dục."
    )
    from hoptac.core.models import CooperationField
    from hoptac.programmes.drafting import split_promises
    from hoptac.programmes.drafting.fields import FieldModel

    model = FieldModel(list(CooperationField.objects.all()))
    assert [p.rstrip(".") for p, _ in split_promises(sentence, model)] == [
        "Xúc tiến đầu tư",
        "Nông nghiệp",
        "Giao thông và vận tải",
        "Y tế, giáo dục",
    ]
    texts = [p.text for p in propose(sentence)]
    # Refitted with heldout17 among the seen parts (2026-12-07), the detector drops the last
    # piece, two bare fields of which neither is in the vocabulary ("Y tế, giáo dục."): three of
    # the four pieces are kept, the one in the vocabulary among them.
    assert "Xúc tiến đầu tư." in texts
    assert (
        sum(t in texts for t in ("Nông nghiệp.", "Giao thông và vận tải.", "Y tế, giáo dục.")) >= 2
    )


def test_a_second_promise_after_dong_thoi_is_its_own(vocabulary):
    texts = [
        p.text
        for p in propose(
            "Hai Sở xây dựng kế hoạch triển khai các nội dung đã ký kết, đồng thời "
            "tuyên truyền cho các doanh nghiệp du lịch của hai địa phương."
        )
    ]
    assert len(texts) == 2, texts


def test_a_pledge_to_go_on_cooperating_without_an_object_is_not_a_promise(vocabulary):
    assert (
        propose("Hai tỉnh tiếp tục tăng cường hợp tác trên cơ sở phát huy lợi thế mỗi bên.") == []
    )
    assert propose("Thúc đẩy hợp tác trên các lĩnh vực cùng quan tâm, phù hợp với pháp luật.") == []
    # Cooperation itself as the object, with its parties, its manner or "many fields" after it.
    assert (
        propose(
            "Nâng cao hiệu quả quan hệ hợp tác giữa thành phố với các địa phương trên cơ sở phát "
            "huy thế mạnh mỗi bên."
        )
        == []
    )
    assert (
        propose(
            "Hai tỉnh thống nhất tăng cường hợp tác toàn diện trên nhiều lĩnh vực, bám sát nhu cầu "
            "thực tiễn."
        )
        == []
    )
    texts = [p.text for p in propose("Hai bên tăng cường hợp tác phát triển dịch vụ logistics.")]
    assert texts == ["Tăng cường hợp tác phát triển dịch vụ logistics."]


def test_a_promise_repeated_by_the_summary_is_proposed_once(vocabulary):
    promise = "Hai bên sẽ phối hợp quảng bá hình ảnh, sản phẩm du lịch của hai địa phương"
    text = f"{promise}.\n\nNgày 7/9, hai bên đã ký biên bản ghi nhớ.\n\n{promise} hằng năm."
    # Proposed once, where the body states it (the summary comes first in a report).
    assert [p.text for p in propose(text)] == [
        "Phối hợp quảng bá hình ảnh, sản phẩm du lịch của hai địa phương hằng năm."
    ]


def test_an_adverb_before_the_verb_and_an_aim_after_it_keep_the_promise(vocabulary):
    assert propose(
        "Mỗi địa phương tích cực hưởng ứng các cuộc triển lãm về du lịch do bên kia tổ chức."
    )
    assert propose(
        "Hai bên phối hợp quảng bá sản phẩm du lịch, góp phần làm cho nhân dân hiểu sâu sắc hơn."
    )


def test_a_list_of_activities_after_a_noun_stays_one_promise(vocabulary):
    texts = [
        p.text
        for p in propose(
            "Hai tỉnh tiếp tục tạo cơ hội cho những chuyến tham quan, học tập và trao đổi kinh "
            "nghiệm về nông nghiệp."
        )
    ]
    assert len(texts) == 1, texts
    texts = [
        p.text
        for p in propose(
            "Hai bên tập trung trao đổi kinh nghiệm về chuyển đổi số, xây dựng đô thị thông minh "
            "và chính quyền số."
        )
    ]
    assert len(texts) == 1, texts
    # Two promises, each with its object, are still two.
    texts = [
        p.text
        for p in propose(
            "Hai bên phối hợp tổ chức các hoạt động xúc tiến đầu tư, chia sẻ kinh nghiệm về cơ "
            "chế chính sách thu hút đầu tư."
        )
    ]
    assert len(texts) == 2, texts


def test_a_generic_keyword_alone_does_not_make_a_field(vocabulary):
    (proposal,) = propose("Hai bên phối hợp đào tạo nguồn nhân lực y tế, bác sĩ và điều dưỡng.")
    assert "can-bo" not in proposal.fields
    (proposal,) = propose("Hai bên phối hợp đào tạo, bồi dưỡng cán bộ, công chức trẻ.")
    assert "can-bo" in proposal.fields


CAPTION = "Lãnh đạo hai tỉnh trao đổi kinh nghiệm xây dựng nông thôn mới tại buổi làm việc"


def test_a_photo_caption_in_a_report_is_not_a_promise(vocabulary):
    # With a stop, the same words are read as a promise.
    assert propose(f"Hai tỉnh ký kết chương trình hợp tác.\n\n{CAPTION}.")
    text = (
        "Ngày 7/9, hai tỉnh đã ký kết chương trình hợp tác.\n\n"
        f"{CAPTION}\n\n"
        "Hai bên phối hợp tổ chức hội nghị xúc tiến đầu tư tại mỗi tỉnh hằng năm.\n\n"
        "Hai bên trao đổi kinh nghiệm cải cách hành chính."
    )
    texts = [p.text for p in propose(text)]
    assert texts == [
        "Phối hợp tổ chức hội nghị xúc tiến đầu tư tại mỗi tỉnh hằng năm.",
        "Trao đổi kinh nghiệm cải cách hành chính.",
    ]


def test_what_was_done_is_not_a_promise_but_a_relative_clause_on_its_object_is(vocabulary):
    for sentence in (
        "Hai tỉnh đã phối hợp tổ chức nhiều hội nghị xúc tiến thương mại.",
        "Tại buổi làm việc, đại diện hai bên đã giới thiệu tình hình phát triển; trao đổi kinh "
        "nghiệm về cải cách hành chính.",
        "Theo Sở Nội vụ, hợp tác giữa hai tỉnh đã đạt nhiều kết quả về cải cách hành chính.",
    ):
        assert propose(sentence) == [], sentence
    for sentence in (
        "Hai bên tiếp tục triển khai các nội dung đã đề ra trong chương trình hợp tác.",
        "Hai bên đã thống nhất trao đổi kinh nghiệm về cải cách hành chính.",
        "Hai bên đánh giá các nội dung hợp tác đã thực hiện trong năm 2026.",
    ):
        assert len(propose(sentence)) == 1, sentence


def test_a_list_whose_items_are_acts_keeps_each_items_own_verb(vocabulary):
    texts = [
        p.text
        for p in propose(
            "Hai thành phố thống nhất hợp tác trên các lĩnh vực gồm: thúc đẩy xây dựng trung tâm "
            "đổi mới sáng tạo; hỗ trợ doanh nghiệp khởi nghiệp tham gia hội chợ."
        )
    ]
    assert texts == [
        "Thúc đẩy xây dựng trung tâm đổi mới sáng tạo.",
        "Hỗ trợ doanh nghiệp khởi nghiệp tham gia hội chợ.",
    ]
    texts = [
        p.text
        for p in propose(
            "Hai tỉnh thống nhất hợp tác về nhiều nội dung như: tăng cường trao đổi, chia sẻ thông "
            "tin, hợp tác về các lĩnh vực nông nghiệp, giáo dục, y tế."
        )
    ]
    assert texts == [
        "Tăng cường trao đổi, chia sẻ thông tin.",
        "Hợp tác về nông nghiệp.",
        "Hợp tác về giáo dục.",
        "Hợp tác về y tế.",
    ]
    # Domains are not acts: they stay under the head before the colon.
    texts = [
        p.text
        for p in propose(
            "Các sở phối hợp trao đổi kinh nghiệm về một số lĩnh vực như: quản lý đầu tư, quản lý "
            "thị trường, cải cách hành chính."
        )
    ]
    assert len(texts) == 3
    assert all(t.startswith("Các sở phối hợp trao đổi kinh nghiệm") for t in texts), texts


def test_a_sentence_ends_at_an_ellipsis_followed_by_a_capital(vocabulary):
    drafted = draft(
        "Hai bên thống nhất hợp tác trên các lĩnh vực như: nông nghiệp, y tế, du lịch… Bên cạnh "
        "đó, hai bên tổ chức hội nghị xúc tiến đầu tư mỗi năm một lần."
    )
    texts = [p.text for p in drafted.proposals]
    assert not any("Bên cạnh đó" in t for t in texts), texts
    assert texts[-1] == "Tổ chức hội nghị xúc tiến đầu tư mỗi năm một lần."
