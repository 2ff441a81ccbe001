"""Directions reported in the news: a paragraph that opens with abbreviations is a sentence, not a
title in capitals (helper h8/draft, 2026-12-07, read on the missed labels of `heldout14` and the
parts before it). The texts here are invented in the patterns of each class, none is a labelled
sentence."""

from __future__ import annotations

import pytest

from hoptac.programmes.drafting import draft
from hoptac.programmes.drafting.document import _is_heading

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
