"""Deadlines and rhythms read from the words of an agreement.

``deadline(text)`` finds the last day a clause allows ("trong năm 2026" → 31/12/2026, "quý
III/2026" → 30/9/2026, "trước ngày 30/6/2027" → 30/6/2027, "giai đoạn 2026 – 2030" → 31/12/2030);
``recurrence(text)`` the rhythm ("mỗi năm một lần", "hằng quý", "định kỳ 6 tháng"). Both return
the words they read, so that the review form can show them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

from hoptac.core.text import fold

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
# Rhythms, as Task.reporting knows them where it can (monthly, quarterly, half-yearly, yearly).
MONTHLY, QUARTERLY, HALF_YEARLY, YEARLY = "monthly", "quarterly", "half-yearly", "yearly"
BIENNIAL, TRIENNIAL = "biennial", "triennial"


@dataclass(frozen=True)
class Found:
    value: dt.date | str
    words: str  # the words of the text it was read from


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _year(text: str) -> int | None:
    value = int(text)
    if value < 100:
        value += 2000
    return value if 1990 <= value <= 2100 else None


_SEP = r"\s*[/.\-]\s*"
_DASH = r"\s*(?:-|–|—|đến|den)\s*"
# Patterns on the folded text, most specific first; each gives a function of its match.
_DATE = re.compile(rf"\b(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}})\b")
_DATE_WORDS = re.compile(r"\bngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})\b")
_QUARTER = re.compile(r"\bquy\s+(iv|iii|ii|i|[1-4])\s*(?:/|nam|-)\s*(\d{4})\b")
_HALF = re.compile(r"\b(?:0?6|sau)\s+thang\s+(dau|cuoi)\s+nam\s+(\d{4})\b")
# Months as numbers or in words ("tháng 6/2026", "tháng Sáu năm 2026", "tháng mười hai năm 2026").
_MONTH_WORDS = {
    "mot": 1, "gieng": 1, "hai": 2, "ba": 3, "tu": 4, "bon": 4, "nam": 5, "sau": 6, "bay": 7,
    "tam": 8, "chin": 9, "muoi": 10, "muoi mot": 11, "mot mot": 11, "muoi hai": 12, "chap": 12,
}  # fmt: skip
_MONTH = re.compile(
    r"\bthang\s+(\d{1,2}|muoi (?:mot|hai)|gieng|chap|mot|hai|ba|tu|bon|nam|sau|bay|tam|chin|muoi)"
    r"\s*(?:/|nam|-)\s*(\d{4})\b"
)
# A vision or orientation beyond the period ("giai đoạn 2022 - 2025, tầm nhìn đến năm 2030",
# "định hướng đến năm 2030"): where the work is headed, not when it is due.
_VISION = re.compile(
    r"\b(?:tam nhin|dinh huong|huong toi)\s+(?:den|toi)\s+(?:het\s+)?(?:nam\s+)?\d{4}\b"
)
# "Từ năm 2008 đến 2020", "từ năm 2026 đến năm 2030": a range of years.
_FROM_TO = re.compile(r"\btu\s+nam\s+(\d{4})\s+(?:den|toi)\s+(?:het\s+)?(?:nam\s+)?(\d{4})\b")
_PERIOD = re.compile(rf"\b(?:giai doan|thoi ky)\s+(\d{{4}}){_DASH}(\d{{4}})\b")
# A bare range of years ("Năm 2022-2025", "(2023 - 2025)"): the second year, when it follows the
# first; a reversed range is a misprint and gives nothing.
_RANGE = re.compile(r"(?<![\d/.])(?:nam\s+)?(\d{4})\s*[-–—]\s*(\d{4})(?![\d/])")
# "giai đoạn 2023-2025 và những năm tiếp theo": a period with no end.
_OPEN_ENDED = re.compile(r"\s*,?\s*va\s+(?:nhung|cac)\s+nam\s+(?:tiep theo|sau)\b")
_UNTIL_YEAR = re.compile(r"\b(?:den|truoc)\s+nam\s+(\d{4})\b")
_YEAR = re.compile(r"\b(?:trong\s+)?nam\s+(\d{4})\b")
# "Nam" (south, a name: "Việt Nam 2022", "Hàn Quốc và Việt Nam") read as "năm" (year) once folded;
# only in a text written with its marks (one written without them keeps the reading).
_NAME_NAM = re.compile(r"(?<![\w])(?:Nam|NAM|nam)(?![\w])")
# A date that only says when something happened ("Ngày 12/3/2026, … đã làm việc") is no deadline.
_PAST_EVENT = re.compile(r"^\s*(?:ngay|sang|chieu|toi)\s+\d{1,2}\s*/\s*\d{1,2}")

# The number of a document cited, before its date: "số 5658/BCT-CTĐP ngày", "Chỉ thị số
# 27/CT-TTg ngày", "Kế hoạch 1351/KH-UBND ngày" (folded text).
_CITED = re.compile(r"\d+\s*/\s*[\w&.-]+(?:/[\w&.-]+)?\s+(?:cua\s+[^,;]{1,40}?\s+)?ngay\s*$")

_RHYTHMS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?:hang|moi|hàng)\s+thang\b|\bmoi\s+thang\s+(?:mot|0?1)\s+lan\b"), MONTHLY),
    (
        re.compile(
            r"\bhang\s+quy\b|\bmoi\s+quy\s+(?:mot|0?1)\s+lan\b|\bdinh\s+ky\s+(?:hang\s+)?quy\b"
        ),
        QUARTERLY,
    ),
    (
        re.compile(
            r"\b(?:dinh\s+ky\s+)?(?:0?6|sau)\s+thang\s+(?:mot|0?1)\s+lan\b|\bdinh\s+ky\s+(?:0?6|sau)\s+thang\b|\bhang\s+nua\s+nam\b"
        ),
        HALF_YEARLY,
    ),
    (re.compile(r"\b(?:hai|0?2)\s+nam\s+(?:mot|0?1)\s+lan\b"), BIENNIAL),
    (re.compile(r"\b(?:ba|0?3)\s+nam\s+(?:mot|0?1)\s+lan\b"), TRIENNIAL),
    (
        re.compile(
            r"\bhang\s+nam\b|\b(?:moi|0?1)\s+nam\s+(?:mot|0?1)\s+lan\b|\bdinh\s+ky\s+hang\s+nam\b|\bluan\s+phien\s+hang\s+nam\b|\bmoi\s+nam\b"
        ),
        YEARLY,
    ),
]


def _words(text: str, match: re.Match[str]) -> str:
    """The original words behind a match on the folded text (folding keeps the length)."""
    return text[match.start() : match.end()]


def deadline(text: str, year: int | None = None) -> Found | None:
    """The last day the text allows, with the words it was read from; None without one.

    When a text gives several, the latest is the deadline ("quý I/2026 … hoàn thành trong năm
    2026" is due at the end of 2026). ``year``: the year of the document (``document_year``),
    when known: a day of an earlier year is none (what was done, a document cited: "khắc phục
    những tồn tại … năm 2017" in a plan of 2018), and a day, month or quarter given without
    its year ("trước ngày 22/10", "trong quý 1") is in it."""
    found = _deadlines(text, year)
    if not found:
        return None
    _start, day, words, bare = max(found, key=lambda item: item[1])
    if bare:
        # "tổ chức hội nghị … năm 2015 …, dự kiến vào đầu tháng 6-2015": a year that only
        # qualifies a noun yields to a finer time of the same year.
        finer = [item for item in found if not item[3] and item[1].year == day.year]
        if finer:
            _start, day, words, bare = max(finer, key=lambda item: item[1])
    return Found(day, words)


def deadline_before(text: str, position: int, year: int | None = None) -> Found | None:
    """The time that governs what stands at ``position`` of a clause holding several: the last
    one the clause gives before it ("trong tháng 9/2017 sẽ xây dựng …; thành lập …; trong
    tháng 10/2017 sẽ cắm mốc …": "thành lập" is due in September); None when none comes
    before it (the clause's own ``deadline`` then decides)."""
    before = [item for item in _deadlines(text, year) if item[0] < position]
    if not before:
        return None
    _start, day, words, _bare = max(before, key=lambda item: item[0])
    return Found(day, words)


@functools.lru_cache(maxsize=4096)
def _deadlines(text: str, year: int | None = None) -> tuple[tuple[int, dt.date, str, bool], ...]:
    """Every day the text gives as a limit: where it starts, the day, its words (see
    ``deadline`` for ``year``)."""
    folded = fold(text)
    if len(folded) != len(text):  # ligatures or odd marks: read the folded text only
        text = folded
    within = year  # the loops below reuse the name
    found: list[tuple[int, dt.date, str, bool]] = []
    # the characters of the words read or set aside (no match is empty: a span overlaps another
    # where it covers one of its characters); each span is read once, whatever came before
    taken = _Taken(len(folded))
    marked = text != folded and not text.isascii()  # written with its marks

    def add(match: re.Match[str], day: dt.date | None, bare: bool = False) -> None:
        span = match.span()
        if day is None or taken.overlaps(*span):
            return
        if marked and _NAME_NAM.search(text[span[0] : span[1]]):
            return  # "Trại hè Việt Nam 2022": "Nam" is a name, not "năm" (year)
        taken.append(span)
        found.append((span[0], day, _words(text, match), bare))

    for match in _VISION.finditer(folded):
        taken.append(match.span())  # where the work is headed: no deadline
    for match in _FROM_TO.finditer(folded):
        first, last = _year(match.group(1)), _year(match.group(2))
        add(match, dt.date(last, 12, 31) if first and last and first <= last else None)
    for match in _DATE.finditer(folded):
        if _PAST_EVENT.match(folded[max(0, match.start() - 12) : match.end()]):
            continue
        if _CITED.search(folded[max(0, match.start() - 60) : match.start()]):
            continue  # "Văn bản số 5658/BCT-CTĐP ngày 18/7/2018": the date of a document cited
        add(match, _start_or_day(folded, match, _safe_date(*match.group(3, 2, 1)), taken))
    for match in _DATE_WORDS.finditer(folded):
        add(match, _start_or_day(folded, match, _safe_date(*match.group(3, 2, 1)), taken))
    for match in _QUARTER.finditer(folded):
        year = _year(match.group(2))
        add(match, _last_day(year, 3 * ROMAN[match.group(1)]) if year else None)
    for match in _HALF.finditer(folded):
        year = _year(match.group(2))
        add(match, _last_day(year, 6 if match.group(1) == "dau" else 12) if year else None)
    for match in _MONTH.finditer(folded):
        number = match.group(1)
        year = _year(match.group(2))
        month = int(number) if number.isdigit() else _MONTH_WORDS[number]
        add(match, _last_day(year, month) if year and 1 <= month <= 12 else None)
    for match in _PERIOD.finditer(folded):
        if _OPEN_ENDED.match(folded, match.end()):
            taken.append((match.start(), match.end()))  # "… và những năm tiếp theo": no end
            continue
        year = _year(match.group(2))
        add(match, dt.date(year, 12, 31) if year else None)
    for match in _RANGE.finditer(folded):
        first, last = _year(match.group(1)), _year(match.group(2))
        if first and last and last < first:
            # "năm 2024-2023": a misprint; neither year is read (the period of the document,
            # or of the list it is under, decides).
            taken.append(match.span())
            continue
        add(match, dt.date(last, 12, 31) if first and last and first < last <= first + 20 else None)
    for match in _UNTIL_YEAR.finditer(folded):
        year = _year(match.group(1))
        add(match, dt.date(year, 12, 31) if year else None)
    for match in _YEAR.finditer(folded):
        year = _year(match.group(1))
        bare = not match.group(0).startswith("trong") and not _ends_with(
            _LIMIT_BEFORE, folded, match.start(), _LIMIT_BEFORE_REACH
        )
        add(match, dt.date(year, 12, 31) if year else None, bare)
    if within is not None:
        found = [item for item in found if item[1].year >= within]
        _without_year(folded, text, within, add)
    return tuple(found)


class _Taken:
    """The characters of a text covered by spans (none empty), each span marked once."""

    def __init__(self, length: int) -> None:
        self._covered = bytearray(length)

    def append(self, span: tuple[int, int]) -> None:
        start, end = span
        self._covered[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int) -> bool:
        return self._covered.find(1, start, end) >= 0


def _ends_with(pattern: re.Pattern[str], text: str, end: int, reach: int) -> re.Match[str] | None:
    """``pattern.search(text, 0, end)`` for a pattern ending with spaces and ``$`` whose match
    before those spaces is at most ``reach`` characters long, read over those characters only
    (searched from 0 for every match of a long text, it was quadratic in the text's length)."""
    start = end
    while start and text[start - 1].isspace():  # (str.isspace is what \s matches)
        start -= 1
    return pattern.search(text, max(0, start - reach), end)


# A word that makes the year after it a limit: "hết năm", "cuối năm", "vào năm", "hoàn thành năm".
_LIMIT_BEFORE = re.compile(r"\b(?:het|cuoi|vao|hoan thanh|den|truoc|toi)\s*$")
_LIMIT_BEFORE_REACH = len("hoan thanh")
# The day something starts ("hoạt động từ ngày 01/7/2025", "kể từ ngày …"), not the first of a
# range ("từ ngày 10/4 đến ngày 12/4"): "từ" or "từ ngày" before it; what is made ready for it
# ("bảo đảm …", "sẵn sàng …") is due the day before, anything else has no deadline from it.
_FROM_BEFORE = re.compile(r"\btu\s+$")
_DAY_BEFORE = re.compile(r"\bngay\s+$")
_RANGE_AFTER = re.compile(r"\s*(?:den|toi|[-–—])")
# (a search: "kịp" is found wherever "kịp thời" is)
_READY = re.compile(r"\b(?:bao dam|dam bao|san sang|kip)\b")
_READY_REACH = len("san sang")  # the longest of its words


def _start_or_day(
    folded: str, match: re.Match[str], day: dt.date | None, taken: _Taken
) -> dt.date | None:
    """The day a date gives as a limit: itself, or for the day something starts the day before
    when the work makes ready for it; None (and its words set aside) for a start otherwise."""
    if day is None:
        return day
    start = match.start()
    after_day = _ends_with(_DAY_BEFORE, folded, start, len("ngay"))
    if not _ends_with(_FROM_BEFORE, folded, after_day.start() if after_day else start, len("tu")):
        return day
    if _RANGE_AFTER.match(folded, match.end()):
        return day
    if _ready_before(folded, start):
        return day - dt.timedelta(days=1)
    taken.append(match.span())
    return None


def _ready_before(folded: str, end: int) -> bool:
    """``_READY.search(folded, 0, end)``: the first one of the text, if it ends by then, else one
    that ends there (its last word may go on after ``end``, where ``\\b`` is not)."""
    first = _first_ready(folded)
    if first is not None and first <= end:
        return True
    return _READY.search(folded, max(0, end - _READY_REACH), end) is not None


@functools.lru_cache(maxsize=64)
def _first_ready(folded: str) -> int | None:
    """Where the first words of readiness of the text end (the matches of ``_READY`` cannot
    overlap one that ends before them: the first ends first)."""
    found = _READY.search(folded)
    return found.end() if found else None


# A day, month or quarter without its year, after a word that makes it a limit: "trước ngày
# 22/10", "trước 17 giờ ngày 22/10", "trong quý 1", "vào tháng 3", "từ 20-30/10".
_LIMIT = r"\b(?:truoc|den|toi|trong|vao|cham nhat|han|hoan thanh|tu)\s+(?:\d{1,2}\s+gio\s+)?"
_DAY_NO_YEAR = re.compile(
    _LIMIT
    + rf"(?:ngay\s+)?(?:\d{{1,2}}\s*[-–]\s*)?(\d{{1,2}}){_SEP}(\d{{1,2}})\b(?!\s*[/.\-]\s*\d)"
)
_QUARTER_NO_YEAR = re.compile(_LIMIT + r"quy\s+(iv|iii|ii|i|[1-4])\b(?!\s*(?:/|nam|-)\s*\d)")
_MONTH_NO_YEAR = re.compile(_LIMIT + r"(?:het\s+)?thang\s+(\d{1,2})\b(?!\s*(?:/|nam|-)\s*\d)")


def _without_year(folded: str, text: str, year: int, add) -> None:
    for match in _DAY_NO_YEAR.finditer(folded):
        add(match, _safe_date(str(year), match.group(2), match.group(1)))
    for match in _QUARTER_NO_YEAR.finditer(folded):
        add(match, _last_day(year, 3 * ROMAN[match.group(1)]))
    for match in _MONTH_NO_YEAR.finditer(folded):
        month = int(match.group(1))
        add(match, _last_day(year, month) if 1 <= month <= 12 else None)


def document_year(blocks: list[str]) -> int | None:
    """The year of a document: of the first time with its year in its opening paragraphs (its
    date, the day or month it reports, its title's year or period), neither a document cited
    nor a target ("đến năm 2030", "tầm nhìn đến năm 2045"); None without one."""
    opening = fold(" ".join(blocks[:3]))
    first: tuple[int, int] | None = None
    patterns = (
        (_DATE, 3), (_DATE_WORDS, 3), (_QUARTER, 2), (_HALF, 2), (_MONTH, 2), (_PERIOD, 1),
        (_RANGE, 1), (_YEAR, 1),
    )  # fmt: skip
    for pattern, group in patterns:
        for match in pattern.finditer(opening):
            before = opening[max(0, match.start() - 60) : match.start()]
            if pattern is _DATE and _CITED.search(before):
                continue
            if _TARGET.search(before):
                continue
            year = _year(match.group(group))
            if year and (first is None or match.start() < first[0]):
                first = (match.start(), year)
            break
    return first[1] if first else None


# What a year after it is the target of: "đến năm 2030", "tầm nhìn đến", "định hướng tới".
_TARGET = re.compile(r"\b(?:den|toi|tam nhin|dinh huong|huong toi)\s*$")


# A duration counted from the signing: "trong thời gian 5 năm", "trong vòng 18 tháng".
_DURATION = re.compile(r"\btrong\s+(?:thoi gian|vong)\s+(\d{1,2})\s+(nam|thang)\b")
# The day of the signing: "Ngày 7/4/2015, A và B đã ký …", "… ký kết ngày 12/3/2024".
_SIGNED = re.compile(
    rf"\b(?:ngay\s+)?(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}})\b[^.;]{{0,120}}?\bky\b"
    rf"|\bky(?:\s+ket)?\b[^.;]{{0,80}}?\bngay\s+(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}})\b"
)


def signing_day(text: str) -> dt.date | None:
    """The day an agreement was signed, as the text reports it; None when it gives none."""
    match = _SIGNED.search(fold(text))
    if match is None:
        return None
    day, month, year = match.group(1, 2, 3) if match.group(1) else match.group(4, 5, 6)
    return _safe_date(year, month, day)


def duration(text: str, start: dt.date | None) -> Found | None:
    """The last day of a duration the text gives, counted from ``start`` (the signing)."""
    if start is None:
        return None
    folded = fold(text)
    match = _DURATION.search(folded)
    if match is None:
        return None
    count, unit = int(match.group(1)), match.group(2)
    months = start.month - 1 + (count if unit == "thang" else 12 * count)
    year, month = start.year + months // 12, months % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    words = text[match.start() : match.end()] if len(folded) == len(text) else match.group(0)
    return Found(dt.date(year, month, day), words)


def _safe_date(year: str, month: str, day: str) -> dt.date | None:
    try:
        value = dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
    return value if 1990 <= value.year <= 2100 else None


def recurrence(text: str) -> Found | None:
    """The rhythm the text asks for ("mỗi năm một lần" → yearly), with its words; or None."""
    folded = fold(text)
    best: tuple[int, str, str] | None = None
    for pattern, rhythm in _RHYTHMS:
        match = pattern.search(folded)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), rhythm, text[match.start() : match.end()])
    if best is None:
        return None
    return Found(best[1], best[2])


# The agreement, programme or plan named with its period: "Thỏa thuận hợp tác giai đoạn 2026 -
# 2030", "Chương trình … giai đoạn 2023 - 2025", "ký kết … trong giai đoạn 2025 - 2030".
# A period given by its length and years is one too: "thỏa thuận hợp tác … 5 năm (2012-2016)".
# So is the span it is carried out in: "Chương trình sẽ được triển khai từ tháng 7 đến hết tháng
# 12/2020", "… thực hiện đến hết năm 2027".
_AGREEMENT_PERIOD = re.compile(
    r"\b(?:thoa thuan|ghi nho|chuong trinh|ke hoach|hop tac|lien ket|ky ket)\b[^.;:!?]{0,160}?"
    rf"(?:(?:\b(?:giai doan|thoi ky|nam)\s+|\b\d{{1,2}}\s+nam\s*\(\s*|\(\s*)\d{{4}}{_DASH}\d{{4}}\b"
    r"|\b(?:trien khai|thuc hien|keo dai|co hieu luc)\b[^.;:!?]{0,40}?\b(?:den|toi)\s+"
    r"(?:het\s+)?(?:ngay\s+\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|thang\s+\d{1,2}\s*[/-]\s*\d{4}"
    r"|quy\s+\w+\s*[/-]\s*\d{4}|nam\s+\d{4})\b)"
)
# "TP." (thành phố) is no full stop: "… với Sở Văn hóa, Thể thao TP. Hồ Chí Minh giai đoạn …".
_CITY_ABBREVIATION = re.compile(r"\b(TP|Tp|tp)\.")
# A plan or programme of one year, in its title: "KẾ HOẠCH Thực hiện … năm 2026".
_TITLE_YEAR = re.compile(
    r"^\W*(?:ke hoach|chuong trinh)\b[^.;:!?]{0,200}?\bnam\s+\d{4}\b(?!\s*[-–—]\s*\d)"
)


def agreement_period(sentence: str, title: bool = False) -> Found | None:
    """The period of the agreement, programme or plan a sentence names (its last day), which is
    the deadline of each promise reported under it that gives none of its own; in a title, a
    plan of one year ("Kế hoạch … năm 2026") too. None for an open-ended period."""
    sentence = _CITY_ABBREVIATION.sub(r"\1 ", sentence)
    folded = fold(sentence)
    match = _AGREEMENT_PERIOD.search(folded)
    if match is None and title:
        match = _TITLE_YEAR.search(folded)
    if match is None or _OPEN_ENDED.match(folded, match.end()):
        return None
    return deadline(
        sentence[match.start() : match.end()]
        if len(folded) == len(sentence)
        else folded[match.start() : match.end()]
    )
