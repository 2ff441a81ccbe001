"""The subject a sentence states before its promises, carried into each of them.

"Theo đó, TP Hồ Chí Minh và tỉnh Champasak sẽ tăng cường trao đổi đoàn …, thúc đẩy …; tăng
cường gặp gỡ …" holds three promises of one subject: each is proposed with it ("TP Hồ Chí Minh
và tỉnh Champasak tăng cường gặp gỡ …"), so that a reviewer reads who promises, and a promise cut
from the middle of a sentence says the same as the sentence. The subject is what the sentence
says before the first promise the rules cut from it, without what frames it (a topic, a time, a
document "Theo thỏa thuận, …") and without the auxiliaries before the verb ("sẽ", "cũng",
"thống nhất"), and only when it reads as a noun phrase: no verb of its own as the tagger reads
it (a capitalised word is part of a name), not opened by a preposition, at most
``MAX_SUBJECT`` syllables.
"""

from __future__ import annotations

import re

from hoptac.core.text import fold

from .clauses import _lower_first, _tags
from .lexicon import _MARKER
from .organisations import ALIASES, BODY_HEAD_PATTERN, BODY_HEADS, known_base, spelt_out
from .structure import _opens_with_verb
from .text import _SYLLABLE, _surface, keys

MAX_SUBJECT = 25

# The auxiliaries and the agreeing verbs between a subject and its promises: "… sẽ", "… cũng
# sẽ", "… thống nhất", "… đã nhất trí", "… cùng nhau".
_AUXILIARY_TAIL = re.compile(
    r"(?:\s+(?:cũng|sẽ|đã|đều|cùng nhau|cùng|thống nhất|nhất trí|đồng ý|cam kết|thỏa thuận"
    r"|thoả thuận|tiếp tục thống nhất))+\s*[:,]?\s*$",
    re.IGNORECASE,
)
# Words that open an adverbial or a frame, not a subject: prepositions and conjunctions.
_NOT_A_SUBJECT_START = {
    "ve",
    "trong",
    "theo",
    "tai",
    "dua",
    "can",
    "de",
    "nham",
    "qua",
    "tu",
    "den",
    "tren",
    "sau",
    "truoc",
    "khi",
    "neu",
    "voi",
    "doi",
    "ngoai",
    "dong",
    "ben",
    "cu",
    "giai",
    "nam",
    "nay",
    "ket",
}
# The tags of words a subject cannot hold (lowercase): verbs, adjectives as predicates, and
# the prepositions or conjunctions that subordinate ("để", "nhằm").
_PREDICATE_TAGS = {"V", "A", "E"}


def sentence_subject(sentence: str, first_piece: str) -> str:
    """The subject of a sentence before its first promise ``first_piece`` (as the rules cut
    it), or "" when the sentence states none that reads as a noun phrase."""
    body = _MARKER.sub("", sentence).strip()
    flat, piece = keys(body), keys(first_piece)
    width = min(3, len(piece))
    if not width:
        return ""
    start = next(
        (i for i in range(len(flat) - width + 1) if flat[i : i + width] == piece[:width]), None
    )
    if not start:
        return ""  # the piece opens the sentence, or is not in it as it stands
    before = _surface(body, 0, start)
    # The last clause before the promise: a topic, a time or a frame ends at a comma.
    before = re.split(r"[,;:]\s*", before)[-1] if re.search(r"[,;:]", before) else before
    subject = _AUXILIARY_TAIL.sub("", before).strip(" ,;:")
    if _PARTIES.match(subject):
        return ""  # "Hai bên", "2 tỉnh": the parties themselves, left out as before
    return subject if _reads_as_subject(subject) else ""


# The parties named by their number ("Hai bên", "2 địa phương", "Các bên", "Cả hai thành phố"):
# a promise of the agreement is theirs without saying so.
_PARTIES = re.compile(
    r"^(?:cả\s+)?(?:hai|ba|bốn|năm|các|\d{1,2})\s+(?:bên|địa phương|tỉnh|thành phố|đơn vị|sở|Sở"
    r"|tỉnh, thành phố|tỉnh, thành)$",
    re.IGNORECASE,
)


def _reads_as_subject(subject: str) -> bool:
    words = _SYLLABLE.findall(subject)
    if not 1 <= len(words) <= MAX_SUBJECT:
        return False
    if _fold_first(words[0]) in _NOT_A_SUBJECT_START:
        return False
    if not (words[0][:1].isupper() or words[0][:1].isdigit()) and _fold_first(words[0]) not in {
        "hai",
        "ba",
        "bon",
        "cac",
        "moi",
        "ca",
        # the administrative units before a place's name ("tỉnh Thanh Hóa và tỉnh …")
        "tinh",
        "thanh",
        "huyen",
        "xa",
        "phuong",
    }:
        return False
    if _opens_with_verb(subject):
        return False
    tagged = [(word, tag) for word, tag in _tags(subject) if _SYLLABLE.search(word)]
    listed = bool(re.search(r"[,;]", subject))
    for i, (word, tag) in enumerate(tagged):
        if (
            tag in _PREDICATE_TAGS
            and not word[:1].isupper()
            and not _inside_noun_phrase(tagged, i, listed)
        ):
            return False
    return True


# Nouns as the tagger reads them: common, proper, classifier, unit.
_NOUN_TAGS = {"N", "Np", "Nc", "Nu", "Ny", "Nb"}


def _inside_noun_phrase(tagged: list[tuple[str, str]], i: int, listed: bool) -> bool:
    """Whether the adjective or the "của" at ``i`` qualifies the noun before it inside one
    institution's name: "Liên hiệp các tổ chức hữu nghị thành phố Đà Nẵng" (an adjective between
    nouns), "cơ quan bạn của tỉnh Sê Kông" ("của" before a proper name or a place: not "của Nhân
    dân"), in words that list
    nothing (``listed``: a comma or a semicolon among them). Anything else makes the words a
    clause ("Quan hệ hai bên tốt đẹp", "lợi thế của cây cầu", "Các Bộ, cơ quan ngang Bộ, …",
    "Ổn định đời sống của Nhân dân địa phương"), and so do words opened by anything but a noun, a
    number or "các"."""
    if listed or not 0 < i < len(tagged) - 1 or tagged[i - 1][1] not in _NOUN_TAGS:
        return False
    if tagged[0][1] not in _NOUN_TAGS | {"L", "M"}:
        return False
    word, tag = tagged[i]
    after, after_tag = tagged[i + 1]
    if tag == "E":
        return fold(word).lower() == "cua" and (after_tag == "Np" or fold(after).lower() in _UNITS)
    return tag == "A" and after_tag in _NOUN_TAGS


# The administrative units before a place's name, folded.
_UNITS = {"tinh", "thanh pho", "huyen", "quan", "xa", "phuong", "thi xa"}


def _fold_first(word: str) -> str:
    return fold(word).lower()


_UNITS_AND_JOINS = re.compile(
    r"\b(?:thành phố|tỉnh|TP\.?|Thủ đô|hai|cả|và|cùng|với)\b|[,.-]", re.IGNORECASE
)


def names_only_parties(subject: str, places: list[str]) -> bool:
    """Whether a subject names the parties and nothing else ("Thành phố Hà Nội và Đà Nẵng"
    when the parties are Hà Nội and Đà Nẵng): a promise of the agreement is theirs without
    saying so, as with "Hai bên"."""
    if not places:
        return False
    rest = subject
    for place in sorted(places, key=len, reverse=True):
        rest = re.sub(re.escape(place), " ", rest, flags=re.IGNORECASE)
    if rest == subject:
        return False
    return not _SYLLABLE.search(_UNITS_AND_JOINS.sub(" ", rest))


def with_subject(piece: str, subject: str) -> str:
    """The piece with the subject of its sentence before it, when it opens with its verb."""
    if not subject:
        return piece
    flat, own = keys(piece), keys(subject)
    if flat[: len(own)] == own:
        return piece
    if not (_opens_with_verb(piece) or _first_is_verb(piece)):
        return piece
    return f"{subject} {_lower_first(piece)}"


def _first_is_verb(piece: str) -> bool:
    tags = [t for t in _tags(piece[:80]) if _SYLLABLE.search(t[0])]
    return bool(tags) and tags[0][1] in {"V", "R"}


# What opens a promise after its subject without being its act: the auxiliaries and the agreeing
# verbs ("Hai bên thống nhất phối hợp …" promises "phối hợp …").
_AGREEING_HEAD = re.compile(
    r"^(?:(?:cũng|sẽ|đã|đều|cùng nhau|thống nhất|nhất trí|đồng ý|cam kết|thỏa thuận"
    r"|thoả thuận)\s+)+",
    re.IGNORECASE,
)


def promise_body(text: str) -> str:
    """A promise without the subject it opens with: "ĐHQG-HCM và VAST phối hợp tổ chức hội
    thảo" and "Hai bên thống nhất phối hợp tổ chức hội thảo" both give "phối hợp tổ chức hội
    thảo". The subject is what comes before the first verb as the tagger reads it (a capitalised
    word is part of a name), when it reads as a noun phrase by the rules of ``sentence_subject``
    (or names the parties by their number); a text that opens with its verb is returned as it
    is, less the agreeing verbs before the act. Used by ``evaluate_drafting`` to compare a
    proposal with a label whatever the labeller's convention for the subject (decision 0019)."""
    text = " ".join(text.split())
    cursor, start = 0, None
    for word, tag in _tags(text):
        at = text.find(word, cursor)
        if at < 0:
            break
        if tag == "V" and not word[:1].isupper() and cursor > 0:
            start = at
            break
        if tag == "V" and cursor == 0:
            break  # opens with its verb: no subject
        cursor = at + len(word)
    if start is not None:
        before = _AUXILIARY_TAIL.sub("", text[:start])
        adverbs = _ADVERB_TAIL.search(before)
        if adverbs:  # "Hai sở thường xuyên rà soát …": the adverb belongs to the act
            start, before = adverbs.start() + 1, before[: adverbs.start()]
        subject = _AUXILIARY_TAIL.sub("", before).strip(" ,;:")
        if (
            subject
            and not _OPEN_LIST_END.search(subject)
            and not (before.rstrip().endswith(",") and not _named(subject))
            and (_PARTIES.match(subject) or _reads_as_subject(subject))
        ):
            text = text[start:]
    return _AGREEING_HEAD.sub("", text).strip()


# Adverbs between a subject and its verb that the old labels kept as the promise's first words.
_ADVERB_TAIL = re.compile(
    r"(?:\s+(?:thường xuyên|tiếp tục|chủ động|tích cực|cùng|định kỳ))+\s*$",
    re.IGNORECASE,
)


def _named(subject: str) -> bool:
    """Whether a subject names someone beyond its first word ("UBND tỉnh Bắc Kạn,"): before a
    comma, "Quy hoạch," or "Y tế," is the first item of a list, not a subject."""
    return any(word[:1].isupper() for word in _SYLLABLE.findall(subject)[1:])


# A list left open: "Văn hóa, ẩm thực và du lịch" has no subject before "du lịch".
_OPEN_LIST_END = re.compile(r"(?:\b(?:và|hoặc|cùng)|,)\s*$", re.IGNORECASE)


# --- The body a promise opens with, whether or not the directory holds it ----------------------

_HEAD = BODY_HEAD_PATTERN
# The title of a body's head before the body: "Bộ trưởng Bộ Tài chính", "Trưởng Ban Tổ chức Trung
# ương", "Lãnh đạo Ban Dân nguyện"; "Bộ trưởng Công an" names "Bộ Công an". Not a chairman's or a
# secretary's: "Chủ tịch UBND TP Đà Nẵng Lê Trung Chinh thống nhất việc Sở … chủ trì" speaks.
_TITLE = re.compile(
    r"^(?:(?:Phó\s+)?(?:Bộ trưởng|Thứ trưởng|Tổng Giám đốc|Giám đốc|Trưởng ban|Trưởng"
    r"|Chánh Văn phòng|Chánh Thanh tra|Chánh|Thủ trưởng|Chủ nhiệm|Viện trưởng"
    r"|Hiệu trưởng|Tổng cục trưởng|Cục trưởng|Vụ trưởng)|Lãnh đạo|Ban Giám đốc)\s+"
)
_MINISTER = re.compile(r"^Bộ trưởng\s+(?!Bộ\b)(?=[A-ZĐ])")
# A body's initials: three capitals at least ("VNPT", "EVN", "ĐHQG-HCM"); two are a person's
# title as often ("TS", "GS").
_OPENS_BODY = re.compile(rf"^(?:{_HEAD})(?![\w])|^[A-ZĐ][A-ZĐ&\-]+[A-ZĐ](?![\w])")
# Initials that name a place, not a body: "TP", "TP.HCM".
_PLACE_INITIALS = re.compile(r"^(?:TP|TPHCM|HCM|TW|VN)(?![\w])")
# Where a body's name ends: the verb of the promise, an auxiliary or the verbs of assignment.
_NAME_END = re.compile(
    r"\s+(?:chủ trì|phối hợp|có trách nhiệm|chịu trách nhiệm|là cơ quan|là đầu mối|sẽ|cũng|đã"
    r"|đều|được giao|tiếp tục|thường xuyên|khẩn trương|chủ động|cam kết)(?![\w])"
)
# A second body after the first: "Sở A và Sở B phối hợp …", "Sở A, Sở B …".
_NEXT_BODY = re.compile(rf"(?:\s*,\s*|\s+(?:và|với|cùng)\s+)(?:{_HEAD})(?![\w])")
MAX_BODY_NAME = 16
# Other subjects after a body's name: "Sở Kế hoạch và Đầu tư, các ngành, địa phương …".
_OTHERS = re.compile(r"\s*,\s*(?:các|những)\s")
# What may stand before the body a sentence opens with: a short frame closed by a colon
# ("Chương trình xác định:"), then connectives and times closed by commas ("Theo đó,", "Giai đoạn
# 2023-2027,", "Năm 2026,"): "Chương trình xác định: Giai đoạn 2023-2027, Hội CCB và Sở Tư pháp
# tỉnh Khánh Hòa tiếp tục …" opens with "Hội CCB".
_LEADING_TIME = re.compile(
    r"^(?:[^\W\d_][\w]*(?:\s+[\w]+){0,4}\s+(?:xác định|nêu rõ|thống nhất|cam kết)\s*:\s+)?"
    r"(?:(?:Theo đó|Trong đó|Đồng thời|Ngoài ra|Bên cạnh đó|Cụ thể"
    r"|(?:Giai đoạn|Trong giai đoạn|Năm|Trong năm|Từ năm|Đến năm|Từ nay đến năm)\s+[\d\s–\-/]+?)"
    r"\s*,\s*)+(?=[A-ZĐ])"
)


def named_body(text: str) -> str:
    """The name of the body a promise opens with, as the text gives it (with its place when the
    text gives one), whether or not the directory holds it: "Bộ Tài chính chủ trì …" gives "Bộ
    Tài chính", "Tổ đảng ở Thường trực Ủy ban Kinh tế kiến nghị …" the whole name, "VNPT sẽ đầu tư
    …" "VNPT", "Bộ trưởng Bộ Tài chính chỉ đạo …" "Bộ Tài chính"; "" when the text opens with no
    body's name (a verb, a place, the parties). The name runs to the promise's verb as the tagger
    reads it (a word with a capital is part of the name, so is what stands in brackets) or to an
    auxiliary or a verb of assignment ("chủ trì", "sẽ", "có trách nhiệm"), whichever is first."""
    text = " ".join(text.split())
    text = _LEADING_TIME.sub("", text, count=1)
    text = _MINISTER.sub("Bộ ", text, count=1)
    text = _TITLE.sub("", text, count=1)
    if not _OPENS_BODY.match(text) or _PLACE_INITIALS.match(text):
        return ""
    tagged = _tags(text[:200])
    first = tagged[0][0] if tagged else ""
    if not (
        first in BODY_HEADS
        or any(head.startswith(f"{first} ") for head in BODY_HEADS)
        or _OPENS_BODY.match(first)
        and first.isupper()
    ):
        return ""  # "Hội nghị", "Ban hành", "Phòng chống": a word that opens with a head's
    end = len(text)
    stop = _NAME_END.search(text)
    if stop:
        end = stop.start()
    cursor, depth = 0, 0
    for word, tag in _tags(text[:end]):
        at = text.find(word, cursor)
        if at < 0:
            break
        depth += word.count("(") - word.count(")")
        if (
            depth <= 0
            and at > 0
            and tag in {"V", "R", "A"}
            and not any(w[:1].isupper() for w in _SYLLABLE.findall(word))
        ):
            end = min(end, at)
            break
        cursor = at + len(word)
    name = text[:end].strip(" ,;:-")
    name = _OTHERS.split(name, maxsplit=1)[0]  # "Sở Kế hoạch và Đầu tư, các ngành, …"
    following = _NEXT_BODY.search(name, 1)
    if following:
        name = name[: following.start()].strip(" ,;:-")
    if name.count("(") > name.count(")"):
        name = name[: name.rfind("(")].strip()
    words = _SYLLABLE.findall(name)
    if not 1 <= len(words) <= MAX_BODY_NAME or (len(words) == 1 and not name.isupper()):
        return ""
    return name


_BARE_UNIT = re.compile(r"\s+(?:tỉnh|thành phố|TP\.?)$")
# Whose a body is, after its name: "… tỉnh Quảng Ngãi", "… thành phố Hồ Chí Minh", "… tỉnh Bà
# Rịa - Vũng Tàu", "… hai tỉnh". A bare place is kept: a name ends in capitals too.
_OWNER_TAIL = re.compile(
    r"\s+(?:của\s+)?(?:(?:hai|cả hai|các|ba|bốn)\s+(?:tỉnh|thành phố|địa phương|bên)"
    r"|(?:tỉnh|thành phố|Tỉnh|Thành phố|TP\.?)\s*[A-ZĐ]\w*(?:\s*[-–]?\s*[A-ZĐ]\w*)*)$"
)


def base_of(name: str) -> str:
    """A body's name without whose it is: "Sở Kế hoạch và Đầu tư tỉnh Quảng Ngãi" gives "Sở Kế
    hoạch và Đầu tư"; "Thanh tra Thành phố" is left as it is."""
    known = known_base(name)
    if known:
        return known  # "Hội LHPN Hà Tĩnh" is the "Hội Liên hiệp Phụ nữ"
    base = _OWNER_TAIL.sub("", spelt_out(name) or name).strip() or name
    # "Công an tỉnh", "Văn phòng UBND tỉnh": the unit alone is the party's, not the name's (the
    # names by law that end in it, "Thanh tra tỉnh", are known above); "UBND" inside a name is
    # written out, as the directory writes it.
    base = _BARE_UNIT.sub("", base).strip() or base
    return " ".join(ALIASES.get(word, word) if word == "UBND" else word for word in base.split())
