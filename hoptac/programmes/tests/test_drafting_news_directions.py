"""Directions reported in the news: a paragraph that opens with abbreviations is a sentence, not a
title in capitals (helper h8/draft, 2026-12-07, read on the missed labels of `heldout14` and the
parts before it). The texts here are invented in the patterns of each class, none is a labelled
sentence."""

from __future__ import annotations

import datetime as dt

import pytest

from hoptac.core.models import Locality
from hoptac.programmes.drafting import draft
from hoptac.programmes.drafting.acts import directed
from hoptac.programmes.drafting.document import _is_heading
from hoptac.programmes.drafting.organisations import Directory

pytestmark = pytest.mark.django_db


def _texts(text: str, **kwargs) -> list[str]:
    return [p.text for p in draft(text, **kwargs).proposals]


def test_a_sentence_opening_with_abbreviations_is_no_title():
    assert not _is_heading("UBND TP. Hải Dương giao Sở Xây dựng rà soát các tuyến phố cũ.")
    assert not _is_heading("HĐND TP giao UBND TP tổ chức thực hiện Nghị quyết này.")
    # Titles in capitals stay titles, with or without a full stop.
    assert _is_heading("KẾ HOẠCH PHỐI HỢP GIỮA HAI HUYỆN")
    assert _is_heading("TM. ỦY BAN NHÂN DÂN")
    assert _is_heading("KẾ HOẠCH Thực hiện Chương trình số 12 của Tỉnh ủy")
    assert _is_heading("CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA HAI TỈNH.")


def test_an_assignment_in_a_paragraph_opening_with_abbreviations_is_proposed(vocabulary):
    got = _texts(
        "Hải Dương rà soát các tuyến phố cũ\n\n"
        "UBND TP. Hà Nội giao Sở Xây dựng chủ trì, phối hợp với các quận rà soát, cải tạo "
        "các tuyến phố cũ trong năm 2027."
    )
    assert any(t.startswith("Sở Xây dựng chủ trì") for t in got)


def test_a_direction_reported_in_the_news_is_the_addressees_task(vocabulary):
    # The report (a day, a person speaking, "đã", a document issued) is no promise; the act
    # the direction asks of the bodies it addresses is, with them as its subject.
    got = _texts(
        "Hải Dương chuẩn bị mùa lễ hội\n\n"
        "(HDO) - Ngày 12-3, Phó Chủ tịch UBND tỉnh Nguyễn Văn An đã giao Sở Văn hóa chủ trì, "
        "phối hợp với các huyện rà soát các di tích xuống cấp trước mùa lễ hội.\n\n"
        "Phát biểu tại cuộc họp sáng 4/3, Chủ tịch UBND tỉnh đề nghị, các sở, ngành, địa "
        "phương cần khẩn trương hoàn thành kế hoạch giải ngân vốn đầu tư công.\n\n"
        "Chủ tịch UBND tỉnh vừa ban hành Chỉ thị 05 yêu cầu các đơn vị trên địa bàn chấn chỉnh "
        "kỷ luật hành chính."
    )
    assert any(t.startswith("Sở Văn hóa chủ trì, phối hợp với các huyện rà soát") for t in got)
    assert any(t.startswith("Các sở, ngành, địa phương khẩn trương hoàn thành") for t in got)
    assert any(t.startswith("Các đơn vị trên địa bàn chấn chỉnh") for t in got)


def test_what_only_looks_like_a_direction_is_not_read_as_one():
    # A directive word inside a name or a noun, one side's proposal to both parties, a frame that
    # agrees: no direction.
    assert (
        directed("Ban Chỉ đạo Tây Bắc trao quyền đăng cai hội nghị cho tỉnh Sơn La.", None) is None
    )
    assert (
        directed("Trong buổi họp giao ban công tác tháng 2, lãnh đạo nêu rõ tình hình.", None)
        is None
    )
    assert (
        directed("Ông Lê Văn B đề nghị Sở Du lịch hai địa phương xây dựng quy chế phối hợp.", None)
        is None
    )
    assert (
        directed("Các hoạt động kỷ niệm quan hệ ngoại giao Việt Nam - Lào sẽ tổ chức.", None)
        is None
    )


def test_the_body_that_directs_is_dropped_before_any_bodies_it_addresses(vocabulary):
    # Not only bodies of the directory: a kind of body ("các đơn vị", "Giám đốc Sở … của
    # another province") and its act are the promise, not the body that directs.
    got = _texts(
        "Hưng Yên đẩy nhanh giải ngân\n\n"
        "UBND tỉnh Hưng Yên yêu cầu các đơn vị trực thuộc rà soát tiến độ giải ngân vốn đầu tư "
        "công trong quý III/2026.\n\n"
        "Chủ tịch UBND tỉnh giao Giám đốc Sở Tài chính tỉnh Hưng Yên tổng hợp báo cáo kết quả "
        "giải ngân trước ngày 30/9/2026."
    )
    assert any(t.startswith("Các đơn vị trực thuộc rà soát tiến độ") for t in got)
    assert any(t.startswith("Giám đốc Sở Tài chính tỉnh Hưng Yên tổng hợp") for t in got)
    assert not any(t.startswith(("UBND tỉnh Hưng Yên yêu cầu", "Chủ tịch UBND")) for t in got)


def test_a_body_assigned_without_its_assigner_is_the_subject_of_its_act(vocabulary):
    # "X được giao <act>": the promise is X's act; "các nhiệm vụ được giao" stays as it is.
    got = _texts(
        "Hưng Yên chuẩn bị tuyến đường vành đai\n\n"
        "Đáng chú ý, Sở Xây dựng tỉnh Hưng Yên được giao khẩn trương thẩm định phương án tuyến "
        "vành đai trong tháng 3/2027.\n\n"
        "Ban Quản lý dự án tỉnh được giao hoàn thiện hồ sơ giải phóng mặt bằng của tuyến."
    )
    assert any(t.startswith("Sở Xây dựng tỉnh Hưng Yên khẩn trương thẩm định") for t in got)
    assert any(t.startswith("Ban Quản lý dự án tỉnh hoàn thiện hồ sơ") for t in got)
    assert not any("được giao" in t or t.startswith("Đáng chú ý") for t in got)


def test_a_department_is_read_by_its_initials_and_in_any_case(vocabulary):
    # The press writes "Sở GTVT", "Sở KH&ĐT", "Sở Công thương": the department of the directory
    # (a merged one through its successor: Transport into Construction, Planning and Investment
    # into Finance, 2025).
    hanoi = Locality.objects.get(code="01")
    directory = Directory([hanoi], dt.date(2026, 6, 1))

    def body(text: str) -> str:
        (mention,) = directory.mentions(text)
        return directory.body(mention).name_vi

    assert body("Sở Công thương chủ trì theo dõi thị trường.") == "Sở Công Thương Hà Nội"
    assert body("Sở GTVT chủ trì tổ chức giao thông.") == "Sở Xây dựng Hà Nội"
    assert body("Sở KH&ĐT tổng hợp kế hoạch vốn.") == "Sở Tài chính Hà Nội"
    assert body("Sở TN-MT rà soát hồ sơ đất đai.") == "Sở Nông nghiệp và Môi trường Hà Nội"
    assert not directory.mentions("phối hợp với các sở công thương của vùng")
