"""The deadlines of a long sentence are read in time linear in its length: the words before a
match that decide what it gives ("hoàn thành năm 2026", "từ ngày …", "bảo đảm …") are read
where they can be, not by a search over the whole text before each match."""

from __future__ import annotations

import datetime as dt

import pytest

from hoptac.programmes.drafting import dates

pytestmark = pytest.mark.backend_neutral

CLAUSE = (
    "Hoàn thành trước năm 2026, vào năm 2027 tổ chức hội nghị; từ ngày 01/7/2025 bảo đảm vận "
    "hành, kể từ  ngày 02/8/2025 khai trương, từ 03/9/2025 đến 05/9/2025 hội chợ; sẵn sàng trong "
    "năm 2028, đến hết   năm 2029, giai đoạn 2026 - 2030, trước ngày 22/10 và trong quý 3; "
)
PREFIX_SEARCHED = ("_LIMIT_BEFORE", "_FROM_BEFORE", "_DAY_BEFORE", "_READY")


class _Counted:
    """A pattern whose searches count the characters they may read."""

    def __init__(self, pattern, read: list[int]):
        self.pattern, self.read = pattern, read

    def search(self, string, pos=0, endpos=None):
        end = len(string) if endpos is None else min(endpos, len(string))
        self.read.append(end - pos)
        return self.pattern.search(string, pos, end)

    def __getattr__(self, name):
        return getattr(self.pattern, name)


@pytest.mark.parametrize("year", [None, 2025])
def test_a_long_sentence_gives_what_searches_over_the_whole_text_before_each_match_give(
    monkeypatch, year
):
    text = CLAUSE * 150
    read: list[int] = []
    for name in PREFIX_SEARCHED:
        if hasattr(dates, name):
            monkeypatch.setattr(dates, name, _Counted(getattr(dates, name), read))
    found = dates._deadlines.__wrapped__(text, year)
    assert len(found) >= 150 * 6
    assert (dt.date(2025, 6, 30) in {day for _start, day, _words, _bare in found}) is True
    # each search reads a few characters before its match, not the text before it (the first
    # words of readiness are looked for once in the whole text)
    assert len(read) >= 150 * 5
    assert sum(read) <= 2 * len(text)
    monkeypatch.undo()

    # the same as the searches over the whole text before each match (the former reading)
    def whole(pattern, text, end, reach):
        return pattern.search(text, 0, end)

    monkeypatch.setattr(dates, "_ends_with", whole, raising=False)
    monkeypatch.setattr(
        dates, "_ready_before", lambda f, end: dates._READY.search(f, 0, end), raising=False
    )
    assert dates._deadlines.__wrapped__(text, year) == found
