"""One list of the head nouns of bodies' names (helper h12/leads): ``organisations.BODY_HEADS``,
read by ``subjects`` (the body a promise opens with) and ``promises`` (a body designated as the
focal point of a duty), so that a body every province has ("Bộ Chỉ huy Quân sự", "Công an",
"Liên đoàn Lao động") is read the same way by both."""

from __future__ import annotations

import pytest

from hoptac.programmes.drafting import organisations, promises, subjects

pytestmark = [pytest.mark.django_db, pytest.mark.backend_neutral]


def test_one_list_of_heads():
    assert subjects.BODY_HEADS is organisations.BODY_HEADS
    assert not hasattr(subjects, "_BODY_HEADS")


@pytest.mark.parametrize(
    "text",
    [
        "Bộ Chỉ huy Quân sự tỉnh là cơ quan thường trực, tổng hợp tình hình thực hiện.",
        "Liên đoàn Lao động thành phố là đơn vị đầu mối theo dõi, đôn đốc việc thực hiện.",
        "Công an tỉnh là cơ quan đầu mối theo dõi việc thực hiện Quy chế.",
    ],
)
def test_a_focal_point_is_any_body(text):
    """Before, only "Sở", "Ban", "Văn phòng", "Phòng", "Ủy ban", "UBND", "Trung tâm" could be
    designated the focal point of a duty."""
    assert promises._is_promise(text)
