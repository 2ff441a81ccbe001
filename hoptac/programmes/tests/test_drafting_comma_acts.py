"""Two bodies' acts joined by a conjunction of contrast (helper h9/draft, 2026-12-07, read on the
uncut labels of `heldout14`). The texts here are invented in the pattern of the class, none is a
labelled sentence."""

from __future__ import annotations

import pytest

from hoptac.programmes.drafting.clauses import _split_at_verbs

pytestmark = pytest.mark.django_db


def test_another_bodys_act_after_a_conjunction_of_contrast_is_cut():
    pieces = _split_at_verbs(
        "Bệnh viện tỉnh bố trí khu cách ly riêng, trong khi Trung tâm Kiểm soát bệnh tật "
        "tỉnh tổ chức giám sát các ổ dịch."
    )
    assert pieces == [
        "Bệnh viện tỉnh bố trí khu cách ly riêng",
        "Trung tâm Kiểm soát bệnh tật tỉnh tổ chức giám sát các ổ dịch.",
    ]


def test_a_conjunction_of_contrast_without_an_agent_of_its_own_is_not_cut():
    # "còn" before a verb or a noun that names no body goes on with the act before it.
    assert (
        len(_split_at_verbs("Hai huyện tổ chức các lễ hội truyền thống, còn tiếp tục bảo tồn."))
        == 1
    )
