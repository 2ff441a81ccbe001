"""Clauses into promises: each piece cut by `clauses` kept only when it reads as a promise, not as a
report of what happened, a principle or a bare deadline."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from .acts import acts_outside_names, directed, directing_frame, direction, holds_act
from .clauses import (
    _AGENT_NOUNS,
    _CONTENTS_INTRO,
    _after_directive,
    _enumeration,
    _experience_head,
    _field_list,
    _reported_fields,
    _split_at_and,
    _split_at_verbs,
    _split_top,
    _strip_framing,
    _subject_end,
    _tagged_verb_at,
    _tags,
    _verb_after_subject,
    _with_head,
)
from .fields import FieldModel
from .lexicon import (
    _ENUMERATION,
    _FRAMING,
    _MARKER,
    _PAST,
    ACTION_VERBS,
    COOPERATION_VERBS,
    MIN_SYLLABLES,
    REPORTING,
    VERB_WINDOW,
    _lexicon,
)
from .organisations import BODY_HEAD_PATTERN, Directory
from .structure import _contains, _opens_with_verb, _starts_with
from .text import _SYLLABLE, fold, keys, syllables

_ALSO = re.compile(r"\s*,\s*đồng thời\s+(?=\w)", re.IGNORECASE)
# Contents announced without a colon, their items cut by ";" ("… ký kết chương trình phối hợp với
# những nội dung tuyên truyền …; vận động …", "kế hoạch bao gồm các nội dung như A; B; C"): read
# as the enumeration they are, as if the colon were there.
_CONTENTS_OPEN = re.compile(
    r"(?<=\w)\s+(?:với|gồm|bao gồm|có)\s+(?:các|những|một số|\d{1,2})\s+(?:nhóm\s+)?"
    r"(?:nội dung|nhiệm vụ)(?:\s+(?:hợp tác|phối hợp))?(?:\s+(?:chính|chủ yếu|trọng tâm|cụ thể))*"
    r"(?:\s+(?:như|là|sau))?(?=\s+\w[^;:]*;)",
    re.IGNORECASE,
)
# A promise only to go on cooperating, with no object: "Tiếp tục tăng cường hợp tác trên cơ sở
# phát huy lợi thế …", "Thúc đẩy hợp tác trên các lĩnh vực cùng quan tâm, phù hợp với …".
_GENERIC_VERB = (
    r"(?:tăng cường|thúc đẩy|đẩy mạnh|mở rộng|củng cố|nâng cao|phát triển|thực hiện nghiêm túc)"
)
# Cooperation itself as the object, with only its manner, its parties or "many fields" after it:
# "Nâng cao hiệu quả quan hệ hợp tác phát triển giữa A với B trên cơ sở …", "Tăng cường hợp tác
# toàn diện trên nhiều lĩnh vực, bám sát …", "Thực hiện nghiêm túc, phối hợp chặt chẽ giữa … trên
# cơ sở thực chất, hiệu quả".
_GENERIC = re.compile(
    rf"^(?:tiếp tục\s+)?(?:{_GENERIC_VERB}(?:\s*(?:và|,)\s*{_GENERIC_VERB})?\s*,?\s+)?"
    r"(?:hiệu quả\s+)?(?:mối\s+)?(?:quan hệ\s+)?(?:giao lưu\s*(?:và|,)\s*)?(?:hợp tác|phối hợp)"
    r"(?:\s+(?:toàn diện|hữu nghị|chặt chẽ|hiệu quả|phát triển|lâu dài|bền vững|lâu bền))*"
    r"(?:\s+giữa\s+[^,;:]{3,90}?)?\s*"
    r"(?:,\s*)?(?:\W*$|trên cơ sở\b|phù hợp\b|trên (?:các|nhiều|mọi) lĩnh vực(?: mà)?"
    r"(?: hai bên)?(?: cùng)? (?:quan tâm|có nhu cầu|có thế mạnh)"
    r"|trên (?:nhiều|mọi) lĩnh vực\s*(?:,|$)|(?:,\s*)?(?:vì|nhằm)\b)",
    re.IGNORECASE,
)
# "… trao đổi lẫn nhau trên nhiều lĩnh vực mà 2 tỉnh quan tâm": no field, no object.
_ANY_FIELD = re.compile(
    r"^(?:\S+\s+){0,7}?(?:trên|ở|về|trong)\s+(?:các|nhiều|mọi)\s+lĩnh vực"
    r"(?:\s+\S+){0,4}?\s+(?:cùng\s+)?quan tâm\W*$",
    re.IGNORECASE,
)
_AIM = re.compile(r"(?:,|…|\.\.\.)\s*góp phần\b.*$", re.IGNORECASE | re.DOTALL)
_ADVERBS = _lexicon(
    "tích cực", "chủ động", "thường xuyên", "kịp thời", "sẽ", "luôn", "định kỳ", "hằng năm"
)


# A body designated as the focal point or standing body for a duty: "Sở Tài chính thành phố Đà
# Nẵng là cơ quan thường trực, tổng hợp …", "Sở Ngoại vụ … là đầu mối theo dõi …" (the duty
# named; "… là cơ quan thường trực của Chương trình." alone is a role, not a task).
_FOCAL_POINT = re.compile(
    rf"^(?:{BODY_HEAD_PATTERN})\s[^;:]{{2,160}}?\s+là\s+"
    r"(?:cơ quan\s+|đơn vị\s+)?(?:đầu mối|thường trực)\b"
)
# Implementation with no object, the closing formality of a notice or plan.
_BARE_IMPLEMENTATION = re.compile(
    r"^(?P<before>.*?)(?:(?:nghiêm túc|chủ động|khẩn trương|tích cực)\s+)?"
    r"(?:tổ chức|triển khai)\s+thực hiện\W*$",
    re.IGNORECASE | re.DOTALL,
)
_DUTY = re.compile(r"\b(?:có|chịu)\s+trách nhiệm\s+(?!về\b|thi hành\b)", re.IGNORECASE)


def _is_promise(piece: str, directory: Directory | None = None) -> bool:
    """Whether a piece reads as a promise: after its subject (the bodies it names first) comes
    a verb — of the lexicon, or as the tagger reads it — and no reported speech nor past."""
    flat = keys(piece)
    if len(flat) < MIN_SYLLABLES:
        return False
    normal = unicodedata.normalize("NFC", piece).strip()
    if _GENERIC.match(normal) or _ANY_FIELD.search(normal) or _CONSEQUENCE.match(normal):
        return False
    focal = _FOCAL_POINT.match(normal)
    if focal and _contains(keys(normal[focal.end() :])[:6], ACTION_VERBS) is not None:
        return True  # "Sở Ngoại vụ … là đầu mối theo dõi …": a body designated to a duty
    bare = _BARE_IMPLEMENTATION.match(normal)
    if bare and _contains(keys(bare.group("before")), ACTION_VERBS) is None:
        return False  # "Các cơ quan, đơn vị nghiêm túc triển khai thực hiện.": no object
    # ", góp phần …" after a promise is its aim, not a news sentence's evaluation.
    if _contains(keys(_AIM.sub("", piece)), REPORTING) is not None:
        return False
    start = _subject_end(piece, directory)
    duty = _DUTY.search(normal[:240])
    after_duty = len(keys(normal[: duty.end()])) if duty else 0
    if duty and (
        _verb_at(piece, flat[after_duty:], 0) == 0
        or any(_tagged_verb_at(normal, after_duty + i) for i in range(3))
    ):
        # "Các sở, ngành, UBND quận, huyện … có trách nhiệm phối hợp …": however long the
        # subject, the duty names the act (of the lexicon, or a verb as the tagger reads it in
        # its first words: "Sở Y tế có trách nhiệm phân bổ giao dự toán …").
        return _contains(keys(normal[: duty.start()]), _PAST) is None
    # "tích cực hưởng ứng …", "chủ động gặp gỡ …": the verb comes after its adverb.
    while start < len(flat) and (skip := _starts_with(flat, _ADVERBS, start)):
        start += skip
    window = flat[start:]
    verb_at = _verb_at(piece, window, start)
    if verb_at is None:
        if window and _tagged_verb_at(piece, start):
            verb_at = 0
        else:
            # "Các lực lượng chức năng, các cụm, xã, bản thường xuyên phối hợp …": the act
            # after a subject longer than the window of the lexicon.
            after = _verb_after_subject(piece)
            if after is None or after <= start:
                return False
            verb_at = after - start
    return _contains(flat[: start + verb_at], _PAST) is None


def _verb_at(piece: str, window: Sequence[str], start: int) -> int | None:
    """The first verb of the lexicon near the start of the window, not one inside a name
    ("Phòng Tổ chức cơ sở đảng": a capitalised verb after the start is a name)."""
    capitals = [s[:1].isupper() for s in _SYLLABLE.findall(piece)]
    for i in range(min(VERB_WINDOW, len(window))):
        if _starts_with(window, ACTION_VERBS, i):
            at = start + i
            if at > 0 and at < len(capitals) and capitals[at]:
                continue
            return i
    return None


# What a report of the meeting says besides the promises (classes read on the development part):
# the ceremony and its gifts, the newspaper's own voice, a dated past event, the principles the
# parties agree on, and the document speaking of itself or of its aim.
_HANDED_OVER = r"trao (?:các |những |bản )?(?:văn kiện|biên bản|thỏa thuận|thoả thuận|bản ghi nhớ)"
_CEREMONY = re.compile(
    r"\b(?:trao quà|tặng quà|trao tặng|dịp này|nhân dịp|tham dự lễ|dự lễ|bạn đọc"
    r"|trân trọng giới thiệu"
    # Who attended: "Lãnh đạo Sở … dự hội nghị.", "Cùng dự có Bộ trưởng …".
    r"|(?:tham |tới |đến )?dự (?:hội nghị|hội thảo|buổi (?:làm việc|tiếp|lễ)|lễ)|cùng dự"
    r"|(?:tham )?dự (?:hội đàm|tọa đàm|toạ đàm|cuộc họp|họp)|(?:tham )?dự có|dự và chủ trì"
    # The documents handed over at the signing: "… trao các văn kiện hợp tác", "trao biên bản …".
    rf"|{_HANDED_OVER})\b",
    re.IGNORECASE,
)
# The day of the report opening the sentence: "Ngày 23/11, Sở … tổ chức hội nghị ký kết …",
# "Chiều 9/1, Đoàn công tác … đến thăm …", "(VOV5) - Sáng nay, …": what happened that day (a
# date that is to come is said with "sẽ", "dự kiến").
_DAY_OF_REPORT = re.compile(
    r"^(?:\(?[A-ZĐ][\w.]{1,12}\)?\s*[-–—]\s*)?(?:Sáng|Chiều|Tối|Trưa|Ngày|Hôm qua|Hôm nay)"
    r"\s+(?:nay|qua|hôm qua|\d{1,2}\s*[/.-]\s*\d{1,2})"
)
_TO_COME = re.compile(r"(?<!\w)(?:sẽ|dự kiến|sắp)(?!\w)", re.IGNORECASE)
# The signing held as an event: "… tổ chức lễ ký kết thỏa thuận …", "… tiến hành ký kết …".
_SIGNING_EVENT = re.compile(
    r"(?<!sẽ )\b(?:tổ chức|tiến hành)\s+(?:(?:lễ|hội nghị|buổi lễ|buổi)\s+)?(?:ký kết|ký)\b",
    re.IGNORECASE,
)
# The aim of something named, not an act: "Hoạt động này, nhằm tăng cường …", "Việc hợp tác
# nhằm thực hiện 3 mục tiêu …", "Mục tiêu của buổi Lễ ký kết nhằm …" (a noun phrase, no verb of
# its own as the tagger reads it, then "nhằm").
_AIM_OF = re.compile(
    r"^(?P<subject>[^,;:]{2,80}?)\s*,?\s+(?:nhằm|với mục (?:đích|tiêu))(?!\w)", re.IGNORECASE
)


def _aim_of_a_noun(text: str) -> bool:
    match = _AIM_OF.match(text)
    if match is None:
        return False
    subject = match.group("subject")
    if _NOMINALISED.match(subject):
        return True  # "Việc hợp tác …": an act made a noun
    return not any(tag == "V" for _word, tag in _tags(subject))


_NOMINALISED = re.compile(r"^(?:việc|sự|công tác)\s", re.IGNORECASE)
# The signing itself, as the sentence's act: "Lãnh đạo 4 sở ký chương trình phối hợp", "Điều 1.
# Ký kết Thỏa thuận hợp tác giữa …" (the agreement is what the promises are read from; a future
# signing, "sẽ ký kết", "tiến tới ký kết", stays a promise).
_SIGNING_ACT = re.compile(
    r"^(?:điều\s+\d+\.?\s*)?(?:[^,;:]{0,60}?\s)?(?<!sẽ )(?<!tới )(?<!để )(?:ký kết|ký)\s+"
    r"(?:(?:chính thức|thành công)\s+)?(?:các\s+)?"
    r"(?:chương trình|thỏa thuận|thoả thuận|bản ghi nhớ|biên bản|kế hoạch|hợp đồng hợp tác)\b",
    re.IGNORECASE,
)
# What follows from the promises, not a promise: "…; từ đó thúc đẩy …", "Qua đó, góp phần …".
_CONSEQUENCE = re.compile(
    r"^(?:từ đó|qua đó|nhờ đó|thông qua đó|để từ đó|góp phần|đóng góp vào)\b", re.IGNORECASE
)
# A possibility, not a promise: "hai Thủ đô có thể tổ chức …", "… cũng có thể triển khai sớm".
_POSSIBLE = re.compile(r"(?<!\w)(?:cũng\s+)?có thể\s+(?P<rest>.*)$", re.IGNORECASE)
# One side's proposal to both, not reported as agreed: "Phó Chủ tịch đề nghị trong thời gian tới,
# hai bên tăng cường …", "Ông đề nghị hai thành phố nên có kế hoạch …" ("thống nhất đề nghị",
# "Giao …, đề nghị Sở …" stay: agreed, or an assignment).
_ONE_SIDE = re.compile(
    # "đề nghị" or "đề xuất", a comma after it or not, up to two interposed phrases ("đề nghị,
    # thời gian tới, hai bên …"): what one side asks of both, not what both agreed.
    r"(?<!thống nhất )(?<!nhất trí )(?<!cùng )(?<!\w)(?:đề nghị|đề xuất)[\s,]+"
    r"(?:[^,;]{0,40},\s*){0,2}"
    r"(?:cả\s+)?(?:hai|các|ba|0?[2-9])\s+(?:bên|thành phố|tỉnh|địa phương|Thủ đô|thủ đô)\b",
    re.IGNORECASE,
)
# An assessment of what is ("… đánh giá rất cao sự phát triển …", "… được đánh giá là cơ chế
# hợp tác hiệu quả") and results reached, counted ("tuần tra được 56 lượt", "đào tạo được 283
# lượt học sinh"): news, not a promise.
_ASSESSED = re.compile(
    r"\bđánh giá (?:rất |hết sức |rất là )cao\b|\bđược đánh giá (?:là|cao|rất)\b"
    r"|\w được \d[\d.,]*\s*(?:lượt|bản|cuộc|lần|tấn|người|đợt)\b",
    re.IGNORECASE,
)
_DATED_PAST = re.compile(
    r"\b(?:sáng|chiều|tối|ngày)\s+\d{1,2}\s*[/-]\s*\d{1,2}\b.*\bđã\b", re.IGNORECASE
)
# What was done, or the event itself: "Thời gian qua, …", "Lễ ký kết … nằm trong khuôn khổ …".
_DONE = re.compile(
    r"^(?:thời gian qua|vừa qua|những năm qua|năm qua|trước đó|thời gian vừa qua)\b"
    r"|^(?:lễ ký kết|buổi lễ|sự kiện|hội nghị|buổi làm việc)\b[^.;]{0,80}?"
    r"\b(?:diễn ra|nằm trong|là dịp|là sự kiện|có sự tham dự|được tổ chức)\b",
    re.IGNORECASE,
)
_PRINCIPLE = re.compile(
    r"\b(?:cơ sở (?:các )?nguyên tắc|là nhiệm vụ)\b"
    # What the contents are, not what is done: "Các nội dung hợp tác … phù hợp với chức năng …".
    r"|^(?:các\s+)?(?:nội dung|hoạt động)\s+hợp tác\b[^,;]{0,60}?\s(?:phù hợp với|là)\b",
    re.IGNORECASE,
)
_DOCUMENT = r"(?:bản ghi nhớ|biên bản ghi nhớ|thỏa thuận|thoả thuận|chương trình|kế hoạch|văn bản)"
_SELF = re.compile(
    rf"^(?:nhằm\b|đồng thời là\b|{_DOCUMENT}\s+(?:này|cũng)\b|để\b[^,]*,\s*{_DOCUMENT}\b"
    # The document as the subject of its aim: "Kế hoạch nhằm …", "Chương trình kết nghĩa nhằm
    # …", "Chương trình hợp tác giữa hai Sở hướng tới …".
    rf"|{_DOCUMENT}\b[^,.;:]{{0,80}}?\s(?:nhằm|hướng tới|với mục (?:đích|tiêu))\b"
    # "Kế hoạch cụ thể hóa … Bản ghi nhớ …": the plan says what it is.
    rf"|{_DOCUMENT}\s+(?:này\s+)?(?:cụ thể hóa|cụ thể hoá|là cơ sở)\b)",
    re.IGNORECASE,
)


# "đã" before a verb that does not agree, sign or approve: what was done ("Hai tỉnh đã phối hợp
# tổ chức …", "đại diện các đoàn đã thông báo …"), unlike "hai bên đã thống nhất …" (the
# agreement itself) or "các nội dung đã được phê duyệt" (a relative clause on an object).
_PAST_ACT = re.compile(
    r"(?<!\w)đã\s+(?!(?:ký|thống nhất|thỏa thuận|thoả thuận|thảo luận|nhất trí|cam kết|đồng ý"
    r"|được|đạt được|thông qua)(?!\w))\w",
    re.IGNORECASE,
)
# "Hợp tác giữa A và B đã …": the cooperation named as a noun is a subject, not a promise's verb.
_NOUN_USE = re.compile(r"\b(?:hợp tác|liên kết|phối hợp)\s+(?:giữa|của)\b", re.IGNORECASE)


# What is, or is not yet: "Hiện Sakai đang lập hồ sơ …", "… thành phố Huế chưa thiết lập …" (a
# state, not a promise; "cho người dân … đang học tập" after a verb is a relative clause).
_STATE_ACT = re.compile(r"(?<!\w)(?:đang|chưa)\s+(?!(?:được|có)(?!\w))\w", re.IGNORECASE)


def _past_main_clause(text: str) -> bool:
    """Whether the sentence states what was done, or what is or is not yet: "đã" ("đang",
    "chưa") before a verb of its own, with no verb between it and the last comma before it (its
    subject), so that a relative clause on the object of a promise ("Tiếp tục triển khai các nội
    dung đã đề ra") is not taken for one."""
    for match in [*_PAST_ACT.finditer(text), *_STATE_ACT.finditer(text)]:
        segment = re.split(r"[,;:]", text[: match.start()])[-1]
        flat = keys(_NOUN_USE.sub(" ", segment))
        if _contains(flat, ACTION_VERBS) is None and _contains(flat, _CONTINUING) is None:
            return True
    return False


# Verbs whose object is work done: "Đánh giá các nội dung đã thực hiện" is a promise.
_CONTINUING = _lexicon(
    "phát huy", "kế thừa", "tiếp nối", "duy trì", "đánh giá", "sơ kết", "báo cáo", "nhân rộng"
)


# The basis of a decision or plan ("Căn cứ Luật …;", "Xét đề nghị của …", "Theo đề nghị của …")
# and its formalities ("Quyết định này có hiệu lực …", "… chịu trách nhiệm thi hành Quyết định
# này", "Ủy quyền cho … ký …"); the signing itself as the subject ("Việc ký kết nhằm …").
_BASIS = re.compile(
    r"^(?:căn cứ|xét đề nghị|xét tờ trình|theo đề nghị|theo tờ trình)\b"
    r"|^(?:điều\s+\d+\.?\s*)?quyết định này\b"
    r"|\b(?:(?:chịu|có) trách nhiệm thi hành|có hiệu lực (?:thi hành )?kể từ)\b"
    r"|^(?:điều\s+\d+\.?\s*)?(?:ủy quyền|uỷ quyền)\b"
    r"|^(?:việc|lễ)\s+(?:ký kết|ký)\b"
    # The document's own formalities: its copies and languages, who pays ("Bản ghi nhớ được lập
    # thành bốn bản …", "… có giá trị như nhau", "Kinh phí thực hiện do mỗi bên tự bảo đảm").
    r"|\blập thành\s+\S+\s+bản\b|\bcó giá trị (?:pháp lý )?như nhau\b"
    r"|^kinh phí(?:\s+thực hiện)?(?:\s+[^,;]{0,30}?)?\s+do\s",
    re.IGNORECASE,
)
# A person speaking or reported: "Ông Nguyễn Văn A …", "Theo đồng chí …", "Thay mặt …".
_PERSON = re.compile(
    r"^(?:(?:Ông|Bà)\s+[A-ZĐ]|(?:theo|thay mặt)\s+(?:ông|bà|đồng chí|lãnh đạo)\b"
    r"|phát biểu\s+tại\b|(?:chia sẻ|trao đổi)\s+với\s+(?:phóng viên|báo chí|PV)\b)",
    re.IGNORECASE,
)


# Someone speaking for a party, by title: "Tỉnh trưởng Chungcheongnam Kim Tae Heum cảm ơn …,
# đồng thời xem đây là dịp …" — when the first clause reports or thanks, what is joined to it is
# the speech going on.
_SPEAKER = re.compile(
    r"^(?:(?:Phó|Nguyên)\s+)?(?:Chủ tịch|Bí thư|Giám đốc|Tỉnh trưởng|Thị trưởng|Đô trưởng"
    r"|Thủ tướng|Bộ trưởng|Thứ trưởng|Đại sứ|Trưởng đoàn|Tổng Lãnh sự|Chủ nhiệm|Ông|Bà|Đồng chí)"
    r"(?![\w])"
)


def _plain(sentence: str) -> str:
    """A sentence without its list marker, in NFC, trimmed: as the report rules read it."""
    return unicodedata.normalize("NFC", _MARKER.sub("", sentence)).strip()


def _colon_before_contents(text: str) -> str:
    """Contents announced without a colon (``_CONTENTS_OPEN``) given the colon they stand for,
    when the text has none."""
    if ":" in text:
        return text
    return _CONTENTS_OPEN.sub(lambda m: f"{m.group(0)}:", text, count=1)


def _is_report(sentence: str) -> bool:
    """A sentence of the report, not of the agreement: no promise is read in it."""
    text = _plain(sentence)
    return bool(
        _CEREMONY.search(text)
        or _SIGNING_ACT.match(text)
        or _CONSEQUENCE.match(_FRAMING.sub("", text))
        or _ONE_SIDE.search(text)
        or _ASSESSED.search(text)
        or _possibility(text)
        or (_SPEAKER.match(text) and _contains(keys(text.split(";")[0]), REPORTING) is not None)
        or _BASIS.search(text)
        or (_PERSON.match(text) and text[:3] not in ("ông", "bà "))
        or _DATED_PAST.search(text)
        or (_DAY_OF_REPORT.match(text) and not _TO_COME.search(text))
        or _SIGNING_EVENT.search(text)
        or _aim_of_a_noun(text)
        or _PRINCIPLE.search(text)
        or _DONE.search(text)
        or _SELF.match(text)
        or _past_main_clause(text)
    )


def _possibility(text: str) -> bool:
    """ "có thể" before a verb of action: what might be done, not what is promised ("vướng mắc
    có thể phát sinh" qualifies a noun)."""
    match = _POSSIBLE.search(text)
    if match is None:
        return False
    return _starts_with(keys(match.group("rest"))[:4], ACTION_VERBS, 0) > 0


# A promise reported by the one who speaks for a party: "Phó Chủ tịch … khẳng định, thành phố Đà
# Nẵng sẽ tiếp tục …", "Giám đốc Sở … cho biết, ba tỉnh, thành phố sẽ cùng nhau …": the frame is
# dropped, the promise is the speaker's party's ("sẽ" marks it; a belief or an assessment, "tin
# tưởng … sẽ", "khẳng định quan hệ … đang …", is not one).
_REPORTED = re.compile(
    r"^(?P<frame>[^;:]{3,160}?\s(?:khẳng định|cho biết|nhấn mạnh|nêu rõ|thông tin|cam kết)"
    r"\s*(?:rằng\s*)?[,:]?\s+)(?P<subject>[^;:]{2,60}?)\s+sẽ\s+(?P<act>\w.*)$",
    re.IGNORECASE | re.DOTALL,
)


# A body or its head reporting its own promise, no other subject after the frame: "Sở Văn hóa và
# Thể thao cho biết sẽ hỗ trợ …", "Sở Quy hoạch – Kiến trúc TP. Hà Nội cho biết, sẽ sớm triển
# khai …", "Với tinh thần …, Sở … cho biết sẽ …": the promise is the speaker's.
_REPORTED_OWN = re.compile(
    r"^(?P<frame>[^;:]{2,200}?)\s+(?:cho biết|cho hay|khẳng định|cam kết)\s*(?:rằng\s*)?,?"
    r"\s+sẽ\s+(?P<act>\w.*)$",
    re.IGNORECASE | re.DOTALL,
)


# What someone said, by whom first: "Theo ông Quảng, Ban Thường vụ … cần phối hợp …", "Theo Phó
# Chủ tịch UBND tỉnh …, các sở, ngành cần chuẩn bị …": the promise is the clause after the comma,
# when a body opens it with its duty ("cần", "sẽ", "phải").
_ACCORDING = re.compile(
    r"^Theo\s+(?:ông|bà|đồng chí|lãnh đạo|(?:Phó\s+)?(?:Chủ tịch|Bí thư|Giám đốc|Thủ tướng"
    r"|Bộ trưởng|Thứ trưởng|Trưởng ban|Chánh Văn phòng))(?!\w)[^;:,]{0,100}(?:,[^;:,]{0,60})??,\s*"
    r"(?P<subject>[^;:]{2,120}?)\s+(?:cần phải|cần|sẽ|phải)\s+(?P<act>\w.*)$",
    re.DOTALL,
)


def _reported_promise(sentence: str) -> str | None:
    """The promise a speaker reports, without the reporting frame, or None."""
    text = unicodedata.normalize("NFC", sentence).strip()
    according = _ACCORDING.match(text)
    if according is not None:
        subject = according.group("subject").strip(" ,")
        if not acts_outside_names(subject) and _names_agent(subject):
            return f"{subject[:1].upper()}{subject[1:]} {according.group('act')}"
    own = _REPORTED_OWN.match(text)
    subject = _speaker(own.group("frame")) if own is not None else ""
    if subject:
        return f"{subject[:1].upper()}{subject[1:]} {own.group('act')}"
    match = _REPORTED.match(text)
    if match is None or _contains(keys(match.group("subject")), REPORTING) is not None:
        return None
    if acts_outside_names(match.group("frame")):
        return None  # "Hai bên trao đổi, cho biết …": the frame is itself an act
    subject = _REPORTED_OPENING.sub("", match.group("subject").strip(" ,"))
    subject = _REPORTED_ALSO.sub("", subject).strip(" ,")
    if not subject:
        return None
    return f"{subject[:1].upper()}{subject[1:]} {match.group('act')}"


# Before the subject of a reported promise: a place, an occasion or a time and its comma ("… cho
# biết, tại diễn đàn lần này, Thành phố Hồ Chí Minh cũng sẽ triển khai …", "… khẳng định, thời
# gian tới, tỉnh sẽ …"); after it, "cũng" / "tiếp tục" belong to the act, not to who acts.
_REPORTED_OPENING = re.compile(
    r"^(?:(?:tại|trong|theo|về|với|qua|sau|trước|từ|đến|thời gian tới|năm|giai đoạn)(?!\w)"
    r"[^,]{0,60},\s*)+",
    re.IGNORECASE,
)
_REPORTED_ALSO = re.compile(r"\s+(?:cũng|đều)$", re.IGNORECASE)


# "… triển khai các dự án, đề án trên các lĩnh vực công nghiệp; du lịch; y tế": the fields after
# ";" take the act before "trên các lĩnh vực" ("Triển khai các dự án, đề án lĩnh vực du lịch").
_FIELDS_HEAD = re.compile(
    r"^(?P<act>.{6,120}?)\s+(?:trên|trong|về|ở)\s+(?:các|những|một số)\s+lĩnh vực\s+\S",
    re.IGNORECASE | re.DOTALL,
)


def _fields_head(piece: str) -> str | None:
    """The act a list of fields cut by ";" shares, with "lĩnh vực" for its items, or None."""
    match = _FIELDS_HEAD.match(piece)
    if match is None:
        return None
    act = match.group("act")
    flat = keys(act)
    # From the last verb before the fields: "… phối hợp với các tỉnh … triển khai các dự án".
    starts = [i for i in range(len(flat)) if _starts_with(flat, ACTION_VERBS, i)]
    if not starts:
        return None
    return f"{_surface_from(act, starts[-1])} lĩnh vực"


def _bare_field(piece: str) -> bool:
    """A field named alone in a list ("du lịch", "văn hóa - xã hội"): short, no verb of its own,
    no consequence."""
    normal = unicodedata.normalize("NFC", piece).strip()
    return (
        1 <= len(syllables(normal)) <= 10
        and not _opens_with_verb(normal)
        and not _CONSEQUENCE.match(normal)
        and _contains(keys(normal), ACTION_VERBS) is None
    )


def _surface_from(text: str, syllable: int) -> str:
    """The text from its n-th syllable on."""
    spans = [m.start() for m in _SYLLABLE.finditer(text)]
    rest = text[spans[syllable] :] if syllable < len(spans) else text
    return rest[:1].upper() + rest[1:]


def split_promises(
    sentence: str, matcher: FieldModel, directory: Directory | None = None
) -> list[tuple[str, bool]]:
    """The promises of one sentence as (text, opens with a verb of its own); when the rules
    read none in the sentence as it stands, those of what its parties agree to or its document
    states (``_agreed_promise``)."""
    return [(_without_duty(text), own) for text, own in _promises_of(sentence, matcher, directory)]


_IS = re.compile(r"^(?:là|làm)(?!\w)", re.IGNORECASE)


def _without_duty(piece: str) -> str:
    """A promise without the duty that opens its act: "Các cơ quan báo chí … có trách nhiệm
    đồng hành …" -> "Các cơ quan báo chí … đồng hành …" (the act is the promise; the labelled
    set writes it so 51 times in 57). Not when the words before the duty hold an act of their
    own ("Sở X chủ trì, có trách nhiệm …") or no verb follows it ("chịu trách nhiệm trước …")."""
    normal = unicodedata.normalize("NFC", piece)
    duty = _DUTY.search(normal[:240])
    if duty is None or holds_act(normal[: duty.start()]):
        return piece
    after = normal[duty.end() :]
    if _IS.match(after) or not (
        _opens_with_verb(after) or any(_tagged_verb_at(after, i) for i in range(3))
    ):
        return piece  # "… sẽ chịu trách nhiệm là Trưởng ban …": a role, not an act
    before = normal[: duty.start()].rstrip()
    return f"{before} {after}" if before else after[:1].upper() + after[1:]


def _promises_of(
    sentence: str, matcher: FieldModel, directory: Directory | None = None
) -> list[tuple[str, bool]]:
    out = _split_promises(sentence, matcher, directory)
    if out:
        return [piece for text, own in out for piece in _asked(text, own, matcher, directory)]
    # A direction the text reports: the act of the bodies it addresses.
    asked = directed(sentence, directory)
    out = _split_promises(asked, matcher, directory) if asked else []
    if out:
        return out
    agreed = _agreed_promise(sentence)
    out = _split_promises(agreed, matcher, directory) if agreed else []
    if out:
        return out
    framed = _after_frame(sentence)
    return _split_promises(framed, matcher, directory) if framed else []


def _asked(
    piece: str, own: bool, matcher: FieldModel, directory: Directory | None
) -> list[tuple[str, bool]]:
    """A promise the rules read that still holds who directs it: the act asked of the bodies
    addressed ("Để xử lý …, UBND TP. Đà Nẵng vừa yêu cầu UBND quận Liên Chiểu tổ chức …" ->
    "UBND quận Liên Chiểu tổ chức …", "Tổng Thanh tra Chính phủ đề nghị Chủ tịch UBND TP Hà Nội
    chỉ đạo …"), when the words before the directive verb only name who directs
    (``acts.directing_frame``); else the piece as it is."""
    found = direction(piece, directory)
    if found is None or not directing_frame(found[0]):
        return [(piece, own)]
    return _split_promises(found[1], matcher, directory) or [(piece, own)]


def _speaker(frame: str) -> str:
    """Who reports its own promise (``_REPORTED_OWN``): the words before the reporting verb,
    after an opening phrase and its comma if any ("Với tinh thần …, Sở Văn hóa, Thể thao và Du
    lịch …"), when they hold no act and name an agent (a name, a kind of body); else ""."""
    starts = [0] + [m.end() for m in re.finditer(r",\s*", frame)]
    for start in starts:
        subject, opening = frame[start:].strip(" ,"), frame[:start].strip(" ,")
        if opening and not _OPENING_PHRASE.match(opening):
            continue
        if subject and not holds_act(subject) and _names_agent(subject):
            return subject
    return ""


# What opens a sentence before the one who speaks: "Với tinh thần …", "Tại buổi làm việc …".
_OPENING_PHRASE = re.compile(
    r"^(?:với|tại|trong|theo|về|trước|sau|để|nhằm|bày tỏ|đối với|thay mặt)(?!\w)", re.IGNORECASE
)


def _names_agent(subject: str) -> bool:
    """Whether words name an agent: a name, or a kind of body ("các doanh nghiệp")."""
    if any(w[:1].isupper() for w in subject.split()):
        return True
    folded = fold(subject).lower().split()
    return any(
        " ".join(folded[i : i + n]) in _AGENT_NOUNS for n in (1, 2) for i in range(len(folded))
    )


# An opening clause that frames the promise after it: a signing ("Sau khi cùng ký kết biên bản
# ghi nhớ …, Công an tỉnh … thống nhất tiếp tục …", "Thông qua ký kết thỏa thuận này, Liên hiệp các
# Hội … sẽ phối hợp …"), an aim ("Nhằm thắt chặt tình hữu nghị …, hàng năm, lãnh đạo 2 tỉnh …
# duy trì …"), a basis ("Theo nội dung ký kết, công an các tỉnh sẽ …").
_FRAME_OPENING = re.compile(
    r"^(?:sau khi|thông qua|nhằm|để|trên cơ sở|theo|với mục tiêu"
    # A time that opens the sentence: "Đến thời hạn trả, Bưu điện tỉnh … sẽ tiếp nhận …", "Kể
    # từ quý III, …", "Trước mắt, …" — the clause after it binds or reports, as after the others.
    r"|đến|kể từ|bắt đầu từ|từ|trước mắt|(?:trong\s+)?thời gian tới)(?!\w)",
    re.IGNORECASE,
)
# What binds the clause after the frame: the future, a rhythm, a duty, an agreement ("… hai bên sẽ
# …", "…, hàng năm, lãnh đạo 2 tỉnh … duy trì …", "… chịu trách nhiệm …"); a clause without it
# reports ("Theo ông …, thời gian qua, Đà Nẵng tăng cường …").
_BINDING = re.compile(
    r"(?<!\w)(?:sẽ|định kỳ|hàng năm|hằng năm|chịu trách nhiệm|có trách nhiệm|thống nhất|nhất trí"
    r"|tiếp tục|cam kết)(?!\w)",
    re.IGNORECASE,
)


def _after_frame(sentence: str) -> str | None:
    """The main clause after an opening clause that frames it (``_FRAME_OPENING``): the first
    part after a comma that opens with a noun phrase and its verb (``_verb_after_subject``), is
    no report itself and binds (``_BINDING``); None when the sentence opens otherwise or no such
    clause follows."""
    text = _plain(sentence)
    if not _FRAME_OPENING.match(text):
        return None
    for comma in re.finditer(r",\s*", text):
        tail = text[comma.end() :]
        if len(syllables(tail)) < MIN_SYLLABLES:
            return None
        if _verb_after_subject(tail) is None:
            continue
        if _is_report(tail) or _FRAME_OPENING.match(tail) or tail.rstrip().endswith(":"):
            return None
        if not _BINDING.search(tail):
            return None
        return tail[:1].upper() + tail[1:]
    return None


# What the parties agree to, commit to or accept, whatever the report around it ("Tại hội nghị
# diễn ra ngày 14/8, TP Hải Phòng và tỉnh Quảng Ninh đã thảo luận, thống nhất sớm ban hành Quy
# chế …", "… theo đó, hai Bên cam kết sẽ hợp tác chia sẻ thông tin …"): a commissive act binds
# them to its content, the act after the agreeing verb. Not a noun ("sự thống nhất", "các thỏa
# thuận", "ký kết thỏa thuận hợp tác"): a word of its own before the verb, no signing in the frame.
_AGREED = re.compile(
    r"^(?P<frame>\S[^;:]{0,200}?)(?<!\bsự )(?<!\bcác )(?<!\bnhững )(?<!\bbản )(?<!\btheo )"
    r"(?<!\bnày )(?<!\bmột )(?<!\bký )(?<!\bkết )(?<!\bcó )"
    r"(?<!\w)(?:thống nhất|nhất trí|cam kết|thỏa thuận|thoả thuận|đồng ý)"
    r"(?:\s+(?:với nhau|sẽ|cùng nhau|cùng|tiếp tục|việc|rằng|là|về việc))*\s+(?P<act>\w.*)$",
    re.IGNORECASE | re.DOTALL,
)
# What a document states is to be done: "Biên bản cũng nêu rõ Thanh Hóa và Xieng Khoang phải
# tăng cường …", "Tuyên bố chung cũng nhấn mạnh việc tăng cường liên kết vùng …".
_STATED = re.compile(
    rf"^(?P<frame>(?:[^;:]{{0,80}}?\s)?(?:{_DOCUMENT}|biên bản|tuyên bố chung|quy chế|nghị quyết)\b"
    r"[^;:,]{0,120}?\s(?:cũng\s+)?)(?:nêu rõ|xác định|đề ra|quy định|nhấn mạnh|chú trọng)"
    r"(?:\s+(?:việc|rằng|là))*\s+(?P<act>\w.*)$",
    re.IGNORECASE | re.DOTALL,
)
# Acts in the frame that leave the agreement its own ("thảo luận, thống nhất …").
_TALKS = _lexicon("thảo luận", "trao đổi", "bàn", "hội đàm", "làm việc", "tập trung")
_SIGNED = re.compile(r"(?<!\w)(?:ký|ký kết)(?!\w)", re.IGNORECASE)


def _agreed_promise(sentence: str) -> str | None:
    """The act the parties agree to, or that the document states, without the report around
    it; None when the sentence holds no such act (the act must open with a verb, and the frame
    hold no act of its own but talks)."""
    text = _MARKER.sub("", unicodedata.normalize("NFC", sentence)).strip()
    if _DONE.search(text):
        return None  # "Thời gian qua, hai bên đã thống nhất …": what was done
    match = _AGREED.match(text) or _STATED.match(text)
    if match is None:
        return None
    # The clause of the agreeing verb: what comes before it in the sentence frames it ("Trên
    # cơ sở đó, … đã ký kết Biên bản …, theo đó, hai Bên cam kết …").
    frame = re.split(r",\s*", match.group("frame"))[-1]
    act = match.group("act")
    if _SIGNED.search(frame) or _contains(keys(frame), REPORTING) is not None:
        return None
    # "… chứng kiến trao Thỏa thuận hợp tác …": the document handed over, not an agreement.
    if re.search(_HANDED_OVER, text[: match.start("act")], re.IGNORECASE):
        return None
    flat = keys(frame)
    for i in range(len(flat)):
        if _starts_with(flat, ACTION_VERBS, i) and not _starts_with(flat, _TALKS, i):
            return None
    # The act opens with its verb, perhaps after its manner ("sớm ban hành …", "phải tăng
    # cường …"), or with the bodies that are to act ("Thanh Hóa và Xieng Khoang phải …").
    start = _starts_with(keys(act), _MANNER)
    if not (
        _opens_with_verb(_surface_from(act, start))
        or _tagged_verb_at(act, start)
        or _verb_after_subject(act) is not None
    ):
        return None
    return act[:1].upper() + act[1:]


_MANNER = _lexicon(
    "sớm", "khẩn trương", "phải", "cần", "cần phải", "thường xuyên", "tích cực", "chủ động"
)


# A document or a promise to come in the head of reported contents ("hai bên đã ký kết chương trình
# phối hợp gồm 3 nội dung chính: …", "… sẽ thỏa thuận hợp tác về các nội dung: …"), not work done
# ("Năm qua, hai bên đã triển khai các nội dung: …").
_CONTENTS_OF = re.compile(
    rf"(?<!\w)(?:{_DOCUMENT}|quy chế|biên bản|hiệp định|đề án|sẽ)(?!\w)", re.IGNORECASE
)


def _reported_contents(sentence: str, matcher: FieldModel) -> list[str]:
    """The contents a reported signing or plan enumerates, cut by ";" ("Tại buổi lễ, hai bên đã
    thống nhất và ký kết chương trình phối hợp gồm 3 nội dung chính: A; B; C", "… ký kết chương
    trình phối hợp … với những nội dung A; B; C"): the report frames them, they are the promises.
    Empty when the sentence enumerates no contents of a document or of a promise to come."""
    text = _plain(sentence)
    text = _colon_before_contents(text)
    match = _ENUMERATION.search(text)
    if match is None or ";" not in text[match.end() :]:
        return []
    head = text[: match.start()].strip(" ,")
    if not _CONTENTS_INTRO.search(head) or not _CONTENTS_OF.search(head):
        return []
    items = _enumeration(text, matcher) or []
    return items if len(items) >= 2 else []


# A clause after the first that directs again: "…; đồng thời yêu cầu …", "…; giao …".
_DIRECTS_AGAIN = re.compile(
    r"^(?:đồng thời|và|cũng)?\s*(?=(?:yêu cầu|giao cho|giao|đề nghị|chỉ đạo)\s)", re.IGNORECASE
)


def _split_promises(
    sentence: str, matcher: FieldModel, directory: Directory | None = None
) -> list[tuple[str, bool]]:
    reported = _reported_promise(sentence)
    if reported is not None:
        sentence = reported
    if _is_report(sentence):
        found = _reported_contents(sentence, matcher) or _reported_fields(_plain(sentence), matcher)
        return [(item, True) for item in found]
    stripped = _strip_framing(sentence, directory)
    if not stripped:
        return []
    stripped = _colon_before_contents(stripped)
    # ", đồng thời …" joins a second promise to the first, as ";" does.
    clauses = _split_top(_ALSO.sub("; ", stripped), ";")
    head: str | None = None
    out: list[tuple[str, bool]] = []
    for index, clause in enumerate(clauses):
        clause = _MARKER.sub("", _FRAMING.sub("", clause)).strip()
        if index and _DIRECTS_AGAIN.match(clause):
            # "…; đồng thời yêu cầu UBND huyện A khắc phục …": a direction of its own after the
            # first clause; its promise is the act of the body it addresses.
            clause = _after_directive(_DIRECTS_AGAIN.sub("", clause), directory)
        enumerated = None
        if _ENUMERATION.search(clause):
            # An enumeration runs to the end of the sentence, its items often cut by ";".
            enumerated = _enumeration("; ".join([clause, *clauses[index + 1 :]]), matcher)
        if enumerated:
            pieces = enumerated
        else:
            pieces = [
                field
                for cut in _split_at_verbs(clause)
                for p in _split_at_and(cut, directory)
                for field in _field_list(p)
            ]
        for j, piece in enumerate(pieces):
            own_verb = _opens_with_verb(piece)
            if enumerated and index == 0:
                out.append((piece, True))
                continue
            if index == 0 and j == 0:
                if not _is_promise(piece, directory):
                    break
                # The act of a list of fields cut by ";" is read on the clause, before its
                # first fields were given the act one by one.
                head = _experience_head(piece) or _fields_head(piece) or _fields_head(clause)
                out.append((piece, own_verb))
                continue
            if enumerated:
                out.append((piece, True))
                continue
            if head and head.endswith(" lĩnh vực") and _bare_field(piece):
                out.append((_with_head(piece, head), True))  # "…; du lịch; y tế": a field
                continue
            if len(syllables(piece)) < MIN_SYLLABLES:
                continue  # a fragment, such as the cut-off end of the seed ("hoàn th")
            if _only_a_deadline(piece):
                continue  # "…; báo cáo kết quả trước ngày 30/6/2026": the date of the promise
            headed = piece
            if head and head.endswith(" lĩnh vực"):
                pass  # a field list's head governs bare fields only
            elif head and not _opens_with_verb(piece, COOPERATION_VERBS):
                headed = _with_head(piece, head)
            elif not own_verb and not head:
                if not _is_promise(piece, directory):
                    continue
            if not _is_promise(headed, directory):
                continue
            out.append((headed, own_verb or headed != piece))
        if enumerated:
            break  # the enumeration took the rest of the sentence
    return out


_DEADLINE_ONLY = re.compile(
    r"^(?:(?:và\s+)?(?:báo cáo|hoàn thành)(?:\s+kết quả)?(?:\s+(?:thực hiện|với|về))?"
    r"(?:\s+[^\d]{0,40}?)?)\s+(?:trước|trong|vào|chậm nhất)\b.*\d{4}\W*$",
    re.IGNORECASE,
)


def _only_a_deadline(piece: str) -> bool:
    """ "báo cáo kết quả trước ngày 30/6/2026", "hoàn thành trong quý II/2026": a deadline of the
    promise before it, not a promise of its own."""
    return bool(_DEADLINE_ONLY.match(piece.strip())) and len(syllables(piece)) <= 16
