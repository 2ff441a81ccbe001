"""Who directs, or who reports its own promise, is no part of the promise (helper h11/draft,
2026-12-07, read on the missed labels and the false proposals of `heldout14` … `heldout16`). The
texts here are invented in the patterns of each class, none is a labelled sentence.

- A direction whose directing body follows an opening clause ("Để …, UBND TP … vừa yêu cầu UBND
  quận … tổ chức …") or is one the directory lacks ("Tổng Thanh tra Chính phủ đề nghị Chủ tịch
  UBND tỉnh chỉ đạo …"): the rules read the whole sentence as one promise, frame and all; the
  promise is the act asked of the bodies addressed.
- A body reporting its own promise ("Sở … cho biết sẽ hỗ trợ …", "Sở … cho biết, sẽ sớm …"): the
  promise is the body's act, the report dropped.
- A promise a named speaker reports: the speaker's title may name a body whose name holds a verb
  ("Chi cục trưởng Chi cục Quản lý thị trường … cho biết lực lượng … sẽ …"), and "Theo ông …,
  <bodies> cần …" gives the bodies' duty.
"""

from __future__ import annotations

import pytest

from hoptac.programmes.drafting import draft
from hoptac.programmes.drafting.acts import directing_frame

pytestmark = pytest.mark.django_db


def _texts(text: str) -> list[str]:
    return [p.text for p in draft(text).proposals]


def test_a_direction_after_an_opening_clause_is_the_addressees_act(vocabulary):
    got = _texts(
        "Đà Nẵng xử lý công trình trái phép\n\n"
        "Để xử lý các công trình xây dựng trái phép trên đất nông nghiệp ở khu vực ven sông Cu "
        "Đê thuộc phường Hòa Liên, UBND TP. Đà Nẵng vừa yêu cầu UBND huyện Hòa Vang tổ chức "
        "cưỡng chế, tháo dỡ các công trình vi phạm."
    )
    assert any(t.startswith("UBND huyện Hòa Vang tổ chức cưỡng chế") for t in got), got
    assert not any(t.startswith("Để xử lý") for t in got), got


def test_a_direction_by_a_body_the_directory_lacks_is_the_addressees_act(vocabulary):
    got = _texts(
        "Kiểm tra dự án thoát nước\n\n"
        "Kiểm toán Nhà nước khu vực IV đề nghị Chủ tịch UBND tỉnh Hải Dương chỉ đạo rà soát "
        "hồ sơ, thủ tục của dự án thoát nước và xử lý các sai sót theo quy định."
    )
    assert any(t.startswith("Chủ tịch UBND tỉnh Hải Dương chỉ đạo rà soát") for t in got), got
    assert not any(t.startswith("Kiểm toán Nhà nước") for t in got), got


def test_a_frame_that_acts_is_kept_with_its_promise():
    # Who directs, after an opening clause or alone, with the adverbs of the report.
    assert directing_frame("Tổng Thanh tra Chính phủ ")
    assert directing_frame("Để xử lý các công trình trái phép, UBND TP. Hải Dương vừa ")
    assert directing_frame("Thực hiện Công văn số 12 của Bộ Xây dựng, Sở Xây dựng đã có văn bản ")
    # A body that acts before it asks: the act is the promise, the request part of it.
    assert not directing_frame("Sở Xây dựng chủ trì, phối hợp với các sở tổng hợp kết quả, ")
    assert not directing_frame("Sở Xây dựng tổng hợp kết quả và ")
    # A clause before who directs that is not an opening one (an act, a report).
    assert not directing_frame("Hai bên ký kết biên bản, Sở Xây dựng ")


def test_a_body_reporting_its_own_promise_is_its_promise(vocabulary):
    got = _texts(
        "Hải Dương chuẩn bị lễ hội hoa\n\n"
        "Với tinh thần đồng hành cùng doanh nghiệp, Sở Văn hóa, Thể thao và Du lịch Hải Dương "
        "cho biết sẽ hỗ trợ thủ tục cấp phép và địa điểm tổ chức lễ hội hoa xuân.\n\n"
        "Sở Xây dựng tỉnh Hải Dương cho biết, sẽ sớm hoàn thành thẩm định hồ sơ quy hoạch khu "
        "đô thị phía Tây."
    )
    assert any(
        t.startswith("Sở Văn hóa, Thể thao và Du lịch Hải Dương hỗ trợ thủ tục cấp phép")
        for t in got
    ), got
    assert any(t.startswith("Sở Xây dựng tỉnh Hải Dương sớm hoàn thành thẩm định") for t in got), (
        got
    )
    assert not any("cho biết" in t for t in got), got


def test_a_promise_reported_by_a_named_speaker_is_the_bodys_it_names(vocabulary):
    # The speaker's title names a body whose name holds a verb ("Chi cục Quản lý thị trường"):
    # the frame is no act of its own. "Theo ông …, <bodies> cần …": what someone said, the
    # duty of the bodies after the comma.
    got = _texts(
        "Hải Dương kiểm tra thị trường phân bón\n\n"
        "Ông Trần Văn Bình, Chi cục trưởng Chi cục Quản lý thị trường tỉnh Hải Dương, cho biết "
        "lực lượng quản lý thị trường sẽ tăng cường kiểm tra các cửa hàng kinh doanh phân bón "
        "trong vụ xuân.\n\n"
        "Theo ông Hùng, các sở, ngành của tỉnh Hải Dương cần phối hợp với các huyện khẩn trương "
        "hoàn thành hồ sơ thẩm định quy hoạch vùng.\n\n"
        "Theo Phó Chủ tịch UBND tỉnh Nguyễn Văn An, các doanh nghiệp cần chuẩn bị kỹ nội dung "
        "để tham gia hội chợ tại Nhật Bản."
    )
    assert any(t.startswith("Lực lượng quản lý thị trường tăng cường kiểm tra") for t in got), got
    assert any(t.startswith("Các sở, ngành của tỉnh Hải Dương phối hợp") for t in got), got
    assert any(t.startswith("Các doanh nghiệp chuẩn bị kỹ nội dung") for t in got), got
    assert not any(t.startswith(("Theo", "Ông")) for t in got), got


def test_what_a_speaker_says_was_done_is_no_promise(vocabulary):
    # Without a duty ("cần", "sẽ", "phải") after the comma the report stays a report.
    got = _texts(
        "Hải Dương và Hưng Yên hợp tác\n\n"
        "Theo ông Hùng, thời gian qua hai tỉnh đã hợp tác tốt trong lĩnh vực du lịch."
    )
    assert got == []
