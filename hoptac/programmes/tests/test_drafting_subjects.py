"""The subject a sentence names before its promises is carried into each of them."""

from __future__ import annotations

import pytest

from hoptac.programmes.drafting import propose
from hoptac.programmes.drafting.subjects import sentence_subject, with_subject

pytestmark = [pytest.mark.django_db, pytest.mark.backend_neutral]


def test_a_named_subject_is_carried_into_every_promise_of_its_sentence(vocabulary):
    texts = [
        p.text
        for p in propose(
            "Theo đó, giai đoạn 2022 - 2025, TP Hồ Chí Minh và tỉnh Champasak sẽ tăng cường trao "
            "đổi đoàn cấp địa phương; tăng cường gặp gỡ, trao đổi kinh nghiệm về công tác xây "
            "dựng đảng, quản lý nhà nước."
        )
    ]
    assert texts == [
        "TP Hồ Chí Minh và tỉnh Champasak tăng cường trao đổi đoàn cấp địa phương.",
        "TP Hồ Chí Minh và tỉnh Champasak tăng cường gặp gỡ, trao đổi kinh nghiệm về công tác "
        "xây dựng đảng, quản lý nhà nước.",
    ]


def test_the_parties_named_by_their_number_are_left_out_as_before(vocabulary):
    texts = [
        p.text
        for p in propose(
            "Hai bên sẽ trao đổi kinh nghiệm về cải cách hành chính; phối hợp xây dựng cơ sở dữ "
            "liệu dùng chung về quy hoạch đô thị."
        )
    ]
    assert texts[0] == "Trao đổi kinh nghiệm về cải cách hành chính."
    assert all(not t.lower().startswith("hai bên") for t in texts)


def test_what_frames_the_sentence_is_not_its_subject():
    piece = "tăng cường trao đổi đoàn cấp địa phương"
    # A topic, a time and a document frame end at a comma; the auxiliaries go.
    sentence = f"Về đối ngoại, tỉnh Thanh Hóa và tỉnh Xieng Khoang sẽ cùng {piece}."
    assert sentence_subject(sentence, piece) == "tỉnh Thanh Hóa và tỉnh Xieng Khoang"
    # A verb before the promise ("giao") or a preposition opening the words: no subject.
    assert sentence_subject(f"Ủy ban nhân dân tỉnh giao {piece}.", piece) == ""
    assert sentence_subject(f"Trong năm 2026 {piece}.", piece) == ""
    # The promise opens the sentence: nothing before it.
    assert sentence_subject(f"{piece[:1].upper()}{piece[1:]}.", piece) == ""


def test_a_piece_that_names_its_own_body_keeps_it():
    subject = "TP Hồ Chí Minh và tỉnh Champasak"
    assert with_subject("Sở Ngoại vụ chủ trì tổ chức hội nghị", subject) == (
        "Sở Ngoại vụ chủ trì tổ chức hội nghị"
    )
    carried = with_subject("Tăng cường trao đổi đoàn", subject)
    assert carried == f"{subject} tăng cường trao đổi đoàn"
    assert with_subject(f"{subject} tăng cường trao đổi đoàn", subject).count(subject) == 1


def test_a_subject_naming_only_the_parties_is_left_out(vocabulary):
    hanoi, danang = vocabulary["cities"]["01"], vocabulary["cities"]["48"]
    texts = [
        p.text
        for p in propose(
            "Thành phố Hà Nội và Đà Nẵng sẽ trao đổi kinh nghiệm về cải cách hành chính; phối hợp "
            "xây dựng cơ sở dữ liệu dùng chung về quy hoạch đô thị.",
            parties=[hanoi, danang],
        )
    ]
    assert texts[0] == "Trao đổi kinh nghiệm về cải cách hành chính."
    assert not any("Hà Nội" in t for t in texts)


def test_a_list_cut_by_semicolons_keeps_its_commas_inside_its_items(vocabulary):
    texts = [
        p.text
        for p in propose(
            "Theo thỏa thuận, hai bên tập trung phối hợp triển khai 3 lĩnh vực trọng tâm gồm: đào "
            "tạo, bồi dưỡng nâng cao chất lượng nguồn nhân lực; nghiên cứu khoa học và chuyển giao "
            "công nghệ; đổi mới sáng tạo, chuyển đổi số, kinh tế số."
        )
    ]
    assert len(texts) == 3, texts
    assert "bồi dưỡng nâng cao chất lượng nguồn nhân lực" in texts[0]
    assert texts[2].endswith("đổi mới sáng tạo, chuyển đổi số, kinh tế số."), texts
    assert not any(" 3 " in t for t in texts)  # the number of fields is no part of the head
