"""Directions and promises as the news reports them (helper h14/draft, 2026-12-07, read on the
labels of the seen parts that no candidate covered). The texts here are invented in the patterns
of each class, none is a labelled sentence.

- A directive verb inside the act asked ("… yêu cầu Sở X có trách nhiệm phân bổ giao dự toán …",
  "… yêu cầu UBND huyện khắc phục …, quan tâm chỉ đạo hoàn thành …"): the last directive verb of
  the sentence was taken for the direction, and the promise began after it ("Dự toán cho …",
  "UBND tỉnh giao."). A later directive verb directs only when the words since the one before
  name a body and nothing else.
- Who directs by a document ("Chủ tịch UBND thành phố … vừa ký văn bản giao Sở X …", "… ban
  hành Công văn số … yêu cầu …"): the document is no act of its own.
- The duty that opens an act ("Sở X có trách nhiệm kiểm tra …"): the promise is the act, as the
  labelled set writes it (51 times in 57); a verb the tagger reads after the duty is enough.
- A reported promise after a time or an occasion ("… cho biết, tại hội chợ lần này, thành phố
  cũng sẽ tổ chức …"): the subject is the body, not the occasion.
- The news's own frames "Được biết," and "Dự kiến,": the promise follows.
"""

from __future__ import annotations

import pytest

from hoptac.programmes.drafting import draft

pytestmark = pytest.mark.django_db


def _texts(text: str) -> list[str]:
    return [p.text for p in draft(text, candidates=True).proposals if p.rule]


def test_a_directive_verb_inside_the_act_asked_is_no_direction(vocabulary):
    got = _texts(
        "Phân bổ vốn hỗ trợ các huyện\n\n"
        "UBND thành phố Đà Nẵng yêu cầu Sở Tài chính có trách nhiệm cân đối giao kế hoạch vốn "
        "cho các huyện và hướng dẫn thủ tục thanh toán, đồng thời gửi Kho bạc Nhà nước theo quy "
        "định.\n\n"
        "Chủ tịch UBND thành phố Đà Nẵng nhắc nhở UBND huyện Hòa Vang chậm giải ngân vốn; đồng "
        "thời yêu cầu UBND huyện Hòa Vang khắc phục ngay, quan tâm chỉ đạo hoàn thành các công "
        "trình do thành phố giao."
    )
    assert any(t.startswith("Sở Tài chính cân đối giao kế hoạch vốn") for t in got), got
    assert any(t.startswith("UBND huyện Hòa Vang khắc phục ngay") for t in got), got
    assert not any(t.startswith(("Kế hoạch vốn", "Thành phố giao", "Hoàn thành")) for t in got)


def test_a_chain_of_directions_still_reaches_the_body_that_acts(vocabulary):
    got = _texts(
        "Thông báo kết luận\n\n"
        "Ban cán sự đảng Ủy ban nhân dân Thành phố lãnh đạo Ủy ban nhân dân Thành phố chỉ đạo Sở "
        "Nội vụ phối hợp với Sở Tài chính rà soát biên chế năm 2027."
    )
    assert got and got[0].startswith("Sở Nội vụ phối hợp với Sở Tài chính rà soát biên chế"), got


def test_who_directs_by_a_document_is_left_out(vocabulary):
    got = _texts(
        "Phát triển du lịch đêm\n\n"
        "Chủ tịch UBND thành phố Đà Nẵng vừa ký văn bản giao Sở Du lịch chủ trì, phối hợp với các "
        "địa phương xây dựng đề án phát triển du lịch đêm."
    )
    assert got and got[0].startswith("Sở Du lịch chủ trì, phối hợp với các địa phương"), got


def test_the_duty_that_opens_an_act_is_left_out(vocabulary):
    got = _texts(
        "Bảo đảm nguồn cung xăng dầu\n\n"
        "Sở Công Thương thành phố Đà Nẵng có trách nhiệm kiểm tra các cửa hàng xăng dầu trên địa "
        "bàn, xử lý nghiêm các trường hợp găm hàng.\n\n"
        "Trung tâm Xúc tiến Du lịch chịu trách nhiệm trước UBND thành phố về nội dung quảng bá."
    )
    assert any(t.startswith("Sở Công Thương thành phố Đà Nẵng kiểm tra") for t in got), got
    assert not any("Trung tâm Xúc tiến Du lịch trước" in t for t in got), got


def test_a_reported_promise_after_an_occasion_is_the_bodys(vocabulary):
    got = _texts(
        "Tuần lễ ẩm thực\n\n"
        "Giám đốc Sở Du lịch thành phố Đà Nẵng cho biết, tại hội chợ lần này, thành phố cũng sẽ "
        "tổ chức tuần lễ ẩm thực quốc tế tại bán đảo Sơn Trà."
    )
    assert got and got[0].startswith("Thành phố tổ chức tuần lễ ẩm thực quốc tế"), got


def test_the_news_frames_are_left_out(vocabulary):
    got = _texts(
        "Đầu tư trạm y tế\n\n"
        "Dự kiến, trong quý III/2027, Sở Y tế thành phố Hà Nội sẽ hoàn thành lắp đặt trang thiết "
        "bị cho các trạm y tế xã.\n\n"
        "Được biết, Sở Xây dựng thành phố Hà Nội cũng sẽ rà soát hệ thống thoát nước các tuyến "
        "phố."
    )
    assert any(t.startswith("Sở Y tế thành phố Hà Nội sẽ hoàn thành") for t in got), got
    assert any(t.startswith("Sở Xây dựng thành phố Hà Nội") for t in got), got
