"""Promises that a sentence announces as contents, or hides behind a frame, read on the misses of
the published parts `heldout11` and `heldout12` (2026-12-06, helper h6/draft). The sentences here
are invented in the patterns of each class, none is a labelled sentence."""

from __future__ import annotations

import pytest

from hoptac.programmes.drafting import split_promises
from hoptac.programmes.drafting.fields import FieldModel

pytestmark = [pytest.mark.django_db, pytest.mark.backend_neutral]


def _promises(sentence: str) -> list[str]:
    from hoptac.core.models import CooperationField

    # As a reviewer reads them: a capital first letter, no full stop.
    return [
        p[:1].upper() + p[1:].rstrip(".")
        for p, _ in split_promises(sentence, FieldModel(list(CooperationField.objects.all())))
    ]


# --- Contents after an act: the act, not the head, is repeated ---------------------------------


def test_contents_after_an_act_take_the_act_not_the_frame(vocabulary):
    got = _promises(
        "Để thực hiện chiến lược số đến năm 2030, UBND tỉnh Yên Bái và Tập đoàn FPT thỏa thuận "
        "hợp tác triển khai các nội dung: nền tảng dữ liệu dùng chung của tỉnh; đào tạo kỹ năng "
        "số cho cán bộ; bảo đảm an toàn thông tin."
    )
    assert got == [
        "Hợp tác triển khai nền tảng dữ liệu dùng chung của tỉnh",
        "Đào tạo kỹ năng số cho cán bộ",  # its own verb: it stands alone
        "Bảo đảm an toàn thông tin",
    ]


def test_activities_named_as_nouns_take_the_act_after_sẽ(vocabulary):
    got = _promises(
        "Hội nghị thống nhất Chương trình liên kết văn hóa giữa ba tỉnh sẽ tổ chức các hoạt "
        "động: Khảo sát các điểm đến chung; Liên hoan ẩm thực vùng cao; Hội thảo về bảo tồn di "
        "sản."
    )
    assert got == [
        "Khảo sát các điểm đến chung",
        "Tổ chức liên hoan ẩm thực vùng cao",
        "Tổ chức hội thảo về bảo tồn di sản",
    ]


def test_the_contents_of_a_reported_signing_are_its_promises(vocabulary):
    # The signing is reported (no promise for the rules), the contents it lists are promises,
    # with or without the colon.
    with_colon = _promises(
        "Tại hội nghị, hai bên đã ký kết chương trình phối hợp gồm 3 nội dung chính: Trao đổi "
        "thông tin về lao động việc làm; tổ chức tập huấn cho cán bộ công đoàn; phối hợp giải "
        "quyết tranh chấp lao động."
    )
    assert with_colon == [
        "Trao đổi thông tin về lao động việc làm",
        "Tổ chức tập huấn cho cán bộ công đoàn",
        "Phối hợp giải quyết tranh chấp lao động",
    ]
    without = _promises(
        "Nhân Ngày Sách Việt Nam, Thư viện tỉnh và Hội Khuyến học tỉnh ký kết chương trình "
        "phối hợp với những nội dung vận động học sinh đọc sách; xây dựng tủ sách ở các thôn."
    )
    assert without == ["Vận động học sinh đọc sách", "Xây dựng tủ sách ở các thôn"]


def test_contents_of_work_done_are_no_promise(vocabulary):
    # No document and nothing to come: what was carried out is reported, not promised.
    assert (
        _promises(
            "Năm qua, hai bên đã hoàn thành các nội dung: trao đổi đoàn; tổ chức hội chợ; đào tạo "
            "cán bộ."
        )
        == []
    )


def test_a_list_cut_by_commas_after_activities_keeps_its_reading(vocabulary):
    # Without ";" the contents are not cut: "hội chợ, triển lãm" are the examples of one act.
    got = _promises("Hai bên hỗ trợ nhau trong việc tổ chức các hoạt động như: hội chợ, triển lãm.")
    assert got == ["Hỗ trợ nhau trong việc tổ chức các hoạt động như: hội chợ, triển lãm"]


# --- A frame before the promise ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "promise"),
    [
        (
            "Sau khi ký kết quy chế, Công an hai huyện sẽ thường xuyên trao đổi thông tin về "
            "tội phạm ma túy.",
            "Công an hai huyện sẽ thường xuyên trao đổi thông tin về tội phạm ma túy",
        ),
        (
            "Nhằm vun đắp tình hữu nghị, lãnh đạo hai huyện kết nghĩa định kỳ luân phiên tổ chức "
            "gặp gỡ.",
            "Lãnh đạo hai huyện kết nghĩa định kỳ luân phiên tổ chức gặp gỡ",
        ),
    ],
)
def test_the_promise_after_a_signing_or_an_aim_is_read(vocabulary, sentence, promise):
    assert _promises(sentence) == [promise]


@pytest.mark.parametrize(
    "sentence",
    [
        # Nothing binds after the frame: a report.
        "Theo ông Trưởng ban, thời gian qua, Bệnh viện tỉnh tăng cường hợp tác với các trường.",
        "Sau khi ký kết biên bản, đoàn công tác của tỉnh thăm khu di tích lịch sử.",
    ],
)
def test_a_frame_before_a_report_gives_no_promise(vocabulary, sentence):
    assert _promises(sentence) == []
