"""The fields of an act the parties agree to or sign are promises of that act, one per field (helper
h13/draft, 2026-12-07, read on the missed labels of the seen parts: sentences that report an
agreement and list its fields). The sentences here are invented in the patterns of the class, none
is a labelled sentence.

- After a colon, the head naming the act through an agreeing or signing verb ("… hai bên thỏa
  thuận hợp tác trên 4 lĩnh vực, gồm: A; B"): each field was proposed bare ("A"), which neither a
  reviewer nor the detector reads as a promise; it takes the act ("Hợp tác trên lĩnh vực A").
- In a reported signing, with or without a colon ("… đã ký kết bản ghi nhớ tăng cường hợp tác trên
  5 lĩnh vực gồm A, B, C"): the report was read as no promise at all.
"""

from __future__ import annotations

import pytest

from hoptac.programmes.drafting import split_promises
from hoptac.programmes.drafting.fields import FieldModel

pytestmark = [pytest.mark.django_db, pytest.mark.backend_neutral]


def _promises(sentence: str) -> list[str]:
    from hoptac.core.models import CooperationField

    return [
        p[:1].upper() + p[1:].rstrip(".")
        for p, _ in split_promises(sentence, FieldModel(list(CooperationField.objects.all())))
    ]


def test_fields_agreed_after_a_colon_take_the_act_agreed(vocabulary):
    got = _promises(
        "Theo biên bản, hai tỉnh thỏa thuận hợp tác trên 3 lĩnh vực, gồm: giao lưu thanh niên, "
        "thể thao; bảo tồn làng nghề truyền thống; phòng chống thiên tai."
    )
    assert got == [
        "Hợp tác trên lĩnh vực giao lưu thanh niên, thể thao",
        "Hợp tác trên lĩnh vực bảo tồn làng nghề truyền thống",
        "Hợp tác trên lĩnh vực phòng chống thiên tai",
    ]


def test_the_act_agreed_keeps_its_own_words(vocabulary):
    got = _promises(
        "Lãnh đạo hai huyện nhất trí tiếp tục mở rộng hợp tác trên nhiều lĩnh vực như: nông "
        "nghiệp, thương mại biên giới, giáo dục."
    )
    assert got == [
        "Tiếp tục mở rộng hợp tác trên lĩnh vực nông nghiệp",
        "Tiếp tục mở rộng hợp tác trên lĩnh vực thương mại biên giới",
        "Tiếp tục mở rộng hợp tác trên lĩnh vực giáo dục",
    ]


def test_fields_of_a_reported_signing_are_promises(vocabulary):
    got = _promises(
        "Ngày 12/3, tỉnh Lào Cai và tỉnh Vân Nam đã ký kết biên bản ghi nhớ tăng cường hợp tác "
        "trên 4 lĩnh vực gồm thương mại biên giới, du lịch, giao thông, phòng chống dịch bệnh."
    )
    assert got == [
        "Tăng cường hợp tác trên lĩnh vực thương mại biên giới",
        "Tăng cường hợp tác trên lĩnh vực du lịch",
        "Tăng cường hợp tác trên lĩnh vực giao thông",
        "Tăng cường hợp tác trên lĩnh vực phòng chống dịch bệnh",
    ]


def test_a_programme_named_before_its_fields_gives_them_no_act(vocabulary):
    # No agreeing or signing verb names the act: the items stand as they are written.
    got = _promises(
        "Chương trình hợp tác giữa hai thành phố tập trung vào các lĩnh vực: văn hóa; y tế."
    )
    assert not any(p.startswith("Hợp tác trên lĩnh vực") for p in got), got


def test_an_agreement_named_as_the_subject_gives_its_items_no_act(vocabulary):
    # "Thoả thuận …" opens the sentence as a noun, the subject of "sẽ tạo cơ sở": the items,
    # each with its own verb, stand as they are written.
    got = _promises(
        "Thoả thuận hợp tác sẽ tạo cơ sở để hai viện mở rộng hoạt động trên các lĩnh vực sau: "
        "Luân phiên tổ chức hội thảo khoa học; Trao đổi tư liệu nghiên cứu."
    )
    assert not any("lĩnh vực luân phiên" in p.lower() for p in got), got
