"""Sentences into clauses: framing and subjects dropped, cut at semicolons, commas, "và" and
enumerations, each piece given back its shared head."""

from __future__ import annotations

import functools
import re

from .fields import FieldModel
from .lexicon import (
    _ABOUT,
    _AGENCY,
    _ENUMERATION,
    _EXPERIENCE,
    _FIELDS_INTRO,
    _FRAMING,
    _MARKER,
    _PURPOSE_WORDS,
    _SUBJECT,
    _TOPIC,
    _TOPIC_LEAD,
    _TOPIC_NOUNS,
    ACTION_VERBS,
    COOPERATION_VERBS,
    COORDINATED_VERBS,
    DIRECTIVE,
    EXPERIENCE_VERBS,
    MIN_CLAUSE,
    MIN_SYLLABLES,
    VERB_WINDOW,
    _lexicon,
)
from .organisations import Directory
from .structure import _contains, _opens_with_verb, _starts_with
from .text import _SYLLABLE, _surface, fold, keys, syllables

# --- Sentences into clauses ---------------------------------------------------------------------


def _strip_framing(sentence: str, directory: Directory | None = None) -> str:
    """Drop the list marker, the framing, the topic phrase, the parties as subject and the
    bodies that only make another act ("Ủy ban nhân dân hai thành phố chỉ đạo Sở X …")."""
    s = _MARKER.sub("", _AGENCY.sub("", sentence.strip()))
    for _ in range(5):
        before = s
        s = _FRAMING.sub("", s)
        s = _LEAD_NOUN.sub("", s)
        subject = _SUBJECT.match(s)
        if subject:
            s = s[subject.end() :]
            continue
        match = _TOPIC_LEAD.match(s)
        if match:
            s = s[match.end() :]
            continue
        match = _TOPIC.match(s)
        if match and (
            _SUBJECT.match(s[match.end() :]) or _starts_with_body(s[match.end() :], directory)
        ):
            s = s[match.end() :]
            subject = _SUBJECT.match(s)
            if subject:
                s = s[subject.end() :]
        if s == before:
            break
    s = _ASSIGNED.sub(" ", s[:200], count=1) + s[200:]
    s = _assigned_without_assigner(s)
    return _after_directive(s.strip(), directory)


# "Sở Quy hoạch – Kiến trúc được giao khẩn trương tổ chức thẩm định …", "Văn phòng UBND tỉnh được
# giao hoàn thiện …": the subject assigned, the assigner unnamed; the promise is the subject's
# act. Not "các nhiệm vụ được giao" (a relative clause: no verb after it) nor "được giao nhiệm vụ".
_ASSIGNED_BARE = re.compile(r"\s+được giao\s+(?!nhiệm vụ\b)(?=\w)")
_MANNER_WORDS = _lexicon("khẩn trương", "chủ động", "tiếp tục", "sớm", "tập trung")


def _assigned_without_assigner(text: str) -> str:
    match = _ASSIGNED_BARE.search(text[:200])
    if match is None:
        return text
    before, rest = text[: match.start()], text[match.end() :]
    if any(tag == "V" and not word[:1].isupper() for word, tag in _tags(before)):
        return text  # "… thực hiện các nhiệm vụ được giao theo …": not the subject
    tagged = [(w, t) for w, t in _tags(rest[:80]) if w.strip()]
    if not (_starts_with(keys(rest), _MANNER_WORDS) or (tagged and tagged[0][1] == "V")):
        return text
    return f"{before} {rest}"


# The subject assigned by another: "Các sở, ban ngành được UBND Thành phố giao phối hợp …" — the
# promise is the subject's, the assigning body dropped.
# ("Các sở, ngành được giao nhiệm vụ chủ động …" names no assigner: those assigned, a formality.)
_ASSIGNED = re.compile(r"\s+được\s+(?:[^,;]{0,60}?\s)?[A-ZĐỦ][^,;]{0,60}?\s+giao\s+(?=\w)")


def _starts_with_body(text: str, directory: Directory | None) -> bool:
    if directory is None:
        return False
    mentions = directory.mentions(text[:160])
    return bool(mentions) and mentions[0].start == 0


def _after_directive(text: str, directory: Directory | None) -> str:
    """ "Giao Sở X chủ trì …", "Ban cán sự đảng … lãnh đạo UBND … chỉ đạo Sở X phối hợp …":
    the promise is the assigned body's, from its name on."""
    if directory is None:
        return text
    head = text[:240]
    cut = None
    previous = 0  # the end of the directive verb before this one
    for match in DIRECTIVE.finditer(head):
        rest = text[match.end() :]
        between, previous = text[previous : match.start()], match.end()
        if cut is not None and not _names_who_directs(between, directory):
            # "… yêu cầu Sở Y tế có trách nhiệm phân bổ giao dự toán …", "… yêu cầu UBND quận
            # chấn chỉnh …, quan tâm chỉ đạo thực hiện …": the words since the last directive
            # hold an act of their own, so "giao" / "chỉ đạo" belongs to that act, not a
            # direction of a body that names who directs.
            continue
        if (
            _starts_with_body(rest, directory)
            or re.match(r"(?:các|Các)\s+(?:sở|cơ quan)", rest)
            # Any noun phrase of agents and its verb: "… yêu cầu các đơn vị tập trung …",
            # "… giao Giám đốc Sở … phối hợp …" (a body of another place, a kind of body).
            or _addressed(rest, directory)
        ):
            if (
                cut is not None
                or match.start() == 0
                or _before_is_subject(text[: match.start()], directory)
            ):
                cut = match.end()
    if cut is None:
        return text
    rest = text[cut:]
    return rest[:1].upper() + rest[1:]


# The words that may follow a body's name before its directive verb: whose it is ("… hai thành
# phố", "… tỉnh Quảng Nam"), when ("vừa", "đã", "cũng"), its assent ("… cũng đồng ý giao …",
# "… thống nhất giao …": agreeing to direct is directing).
_AFTER_NAME = set(
    "hai ba bon ca cac thanh pho tinh quan huyen xa phuong cua nuoc trung uong "
    "vua da cung moi tiep tuc truc dong y thong nhat tri".split()
)


# Who directs for a body: its head or its standing members ("Chủ tịch UBND thành phố …", "Ban
# Thường vụ Thành Đoàn …").
_WHO_TITLE = re.compile(
    r"^(?:(?:Phó\s+)?(?:Chủ tịch|Bí thư|Giám đốc|Trưởng ban|Thủ trưởng|Chánh Văn phòng)"
    r"|[Ll]ãnh đạo|Thường trực|Ban [Tt]hường vụ)\s+(?=[A-ZĐÂĂÊÔƠƯ])"
)
# The document by which a body directs, between its name and the directive verb: "… vừa ký văn
# bản giao …", "… đã ban hành Công văn số 2812/UBND-KT yêu cầu …", "… có văn bản chỉ đạo …".
_DIRECTING_DOCUMENT = re.compile(
    r"(?<!\w)(?:ký(?:\s+ban hành)?|ban hành|có|gửi)\s+(?:văn bản|công văn|quyết định|chỉ thị"
    r"|kế hoạch|thông báo|công điện)(?:\s+(?:số\s+)?[\w/.\-]*\d[\w/.\-]*)?"
    r"(?:\s+ngày\s+[\d/.\-]+)?(?:\s+(?:về việc|về)\s+[^,;]{0,80}?)?(?=\s*$)",
    re.IGNORECASE,
)


def _names_who_directs(words: str, directory: Directory | None) -> bool:
    """Whether the words between two directive verbs name only the body the first one directs
    ("Ban cán sự đảng … lãnh đạo <Ủy ban nhân dân Thành phố> chỉ đạo …"): a body of the
    directory, then only whose it is or when; not a body and an act of its own ("… yêu cầu Sở Y
    tế có trách nhiệm phân bổ giao dự toán …", "… yêu cầu UBND quận chấn chỉnh …, quan tâm chỉ
    đạo thực hiện …")."""
    words = _WHO_TITLE.sub("", words.strip(" ,"))
    if not words:
        return True
    mentions = directory.mentions(words) if directory is not None else []
    if not mentions or mentions[0].start > 0:
        return False
    tail = _DIRECTING_DOCUMENT.sub(" ", words[mentions[-1].end :])
    return all(
        w[:1].isupper() or w.isdigit() or fold(w).lower() in _AFTER_NAME
        for w in re.findall(r"\w+", tail)
    )


# "giao" opening a noun, not a direction ("họp giao ban", "giao lưu", "giao thông").
GIVEN_NOUN = re.compile(r"^(?:ban|lưu|thông|dịch|thương|nhận|tiếp|hữu|kết|đất|quyền)(?!\w)")
# The parties named by their number inside the addressees ("Sở Du lịch hai địa phương").
OF_THE_PARTIES = re.compile(
    r"(?<!\w)(?:hai|ba|2|3|mỗi|các)\s+(?:bên|địa phương|tỉnh|thành phố|nước)(?!\w)", re.IGNORECASE
)


def _addressed(rest: str, directory: Directory | None) -> bool:
    """Whether a directive's object is bodies and their act (not the parties: "đề nghị hai bên
    …" is one side's proposal, read elsewhere)."""
    if GIVEN_NOUN.match(rest):
        return False
    agent = _agent_before_verb(rest, directory)
    return bool(agent) and not OF_THE_PARTIES.search(agent)


def _before_is_subject(text: str, directory: Directory) -> bool:
    """Whether the words before a directive verb name who directs: bodies, "hai thành phố"."""
    text = text.strip()
    if not text:
        return True
    if _SUBJECT.match(text + " "):
        return True
    flat = keys(text)
    if len(flat) <= 4 and _contains(flat, ACTION_VERBS) is None:
        return True  # "Hội nghị giao …", "Thường trực Thành ủy giao …"
    mentions = directory.mentions(text)
    # "Ủy ban nhân dân hai thành phố chỉ đạo …", "Ban cán sự đảng Ủy ban nhân dân Thành phố
    # lãnh đạo … chỉ đạo …": a body names who directs, at the start (and no act of its own
    # after it: "UBND quận … chấn chỉnh …, quan tâm chỉ đạo thực hiện …") or right before the verb.
    return bool(mentions) and (_names_who_directs(text, directory) or mentions[-1].end >= len(text))


def _split_top(sentence: str, sep: str) -> list[str]:
    """Split at a separator outside parentheses."""
    parts, depth, current = [], 0, []
    for ch in sentence:
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        if ch == sep and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


# "Trao đổi kinh nghiệm trong/về A, B, xây dựng C": the experience governs the whole list, the
# verbs inside it name topics.
_EXPERIENCE_LIST = re.compile(
    r"^(?:(?:tập trung|tiếp tục|tăng cường|thường xuyên)\s+)?"
    r"(?:trao đổi|chia sẻ|học tập)(?:,?\s+(?:trao đổi|chia sẻ|học tập))*\s+kinh nghiệm\s+"
    r"(?:trong|về|cho nhau)\b",
    re.IGNORECASE,
)
# "Trách nhiệm của hai bên, sẽ …": a noun phrase before ", sẽ" names no body; the promise follows.
_LEAD_NOUN = re.compile(r"^[^,]{3,60},\s*sẽ\s+(?=\w)", re.IGNORECASE)


# A clause joined to the one before by a conjunction of contrast, its own agent after it: "Công an
# tỉnh bảo đảm an toàn thông tin, trong khi Sở Khoa học và Công nghệ chủ trì …", "…, còn các
# huyện …".
_OTHER_AGENT = re.compile(r"^(?:trong khi|trong khi đó|còn|riêng)\s+", re.IGNORECASE)


def _split_at_verbs(clause: str) -> list[str]:
    """Cut a clause at ", <cooperation verb>" when both sides are clauses of their own."""
    if _EXPERIENCE_LIST.match(clause):
        return [clause]
    pieces = _split_top(clause, ",")
    counts = [len(syllables(p)) for p in pieces]
    remaining = sum(counts)
    out: list[list[str]] = []
    left: list[str] = []  # the last syllables of the current output piece
    in_purpose = False  # the current output piece has given its purpose ("nhằm", "để")
    for piece, count in zip(pieces, counts, strict=True):
        other = _OTHER_AGENT.match(piece)
        if out and other and _verb_after_subject(piece[other.end() :]) not in (None, 0):
            # "…, trong khi Sở KH-CN chủ trì …": another body's act of its own.
            rest = piece[other.end() :]
            out.append([rest[:1].upper() + rest[1:]])
            left = list(keys(rest))
            in_purpose = _contains(left, _PURPOSE_WORDS) is not None
            remaining -= count
            continue
        if out:
            # "trao đổi, chia sẻ kinh nghiệm": verbs in a row share their object.
            left_ends_with_verb = any(tuple(left[-len(v) :]) == v for v in ACTION_VERBS)
            # "… nhằm trao đổi thông tin, chia sẻ kinh nghiệm …": the verbs after a purpose are
            # the purpose's, not promises of their own.
            if (
                len(left) >= MIN_CLAUSE
                and not left_ends_with_verb
                and not in_purpose
                and remaining >= MIN_CLAUSE
                and _opens_with_verb(piece, COOPERATION_VERBS)
                and not _ends_with_activity(", ".join(out[-1]))
            ):
                out.append([piece])
                left = list(keys(piece))
                in_purpose = _contains(left, _PURPOSE_WORDS) is not None
            else:
                out[-1].append(piece)
                flat = list(keys(piece))
                in_purpose = in_purpose or _contains(flat, _PURPOSE_WORDS) is not None
                left = (left + flat)[-16:]  # enough for the checks above
        else:
            out.append([piece])
            left = list(keys(piece))
            in_purpose = _contains(left, _PURPOSE_WORDS) is not None
        remaining -= count
    return [", ".join(parts) for parts in out]


def _ends_with_activity(text: str) -> bool:
    """Whether a piece ends with a noun of activity, a noun and the verb it names ("… cho những
    chuyến tham quan, học tập và trao đổi kinh nghiệm", "… các hoạt động giao lưu, trao đổi
    đoàn"): the verbs after the comma continue a list of activities, they do not open a promise
    of their own. A verb after a verb ("… xúc tiến đầu tư") is an object, not an activity."""
    words = _tags(text[-120:])
    if len(words) >= 2 and words[-1][1] == "V" and len(syllables(text)) <= 8:
        return True  # "Thành phố Đà Nẵng tiếp tục quan tâm, tạo điều kiện …": no object yet
    return len(words) >= 2 and words[-1][1] == "V" and words[-2][1] in ("N", "Nc")


def _experience_head(clause: str) -> str | None:
    """ "Trao đổi kinh nghiệm" when the clause shares experience near its start."""
    flat = keys(clause)
    at = _contains(flat, _EXPERIENCE, VERB_WINDOW + 2)
    if at is None:
        return None
    for verb in EXPERIENCE_VERBS:
        start = at - len(verb)
        if start >= 0 and tuple(flat[start:at]) == verb:
            return _surface(clause, start, at + 2)
    return None


def _with_head(piece: str, head: str | None) -> str:
    """Give a piece that does not open with a cooperation verb the head of its sentence."""
    if not head or _opens_with_verb(piece, COOPERATION_VERBS):
        return piece
    flat = keys(piece)
    if _starts_with(flat, _EXPERIENCE):
        return f"{_surface(head, 0, len(keys(head)) - 2)} {piece}"
    if _starts_with(flat, _TOPIC_NOUNS):
        return f"{head} trong {piece}"
    return f"{head} {piece}"


_MEANS = re.compile(
    r"\b(?:thông qua|bằng)\s+(?:các|những)\s+(?:hoạt động|hình thức|biện pháp)\s*$"
    # "…, trong đó tập trung các lĩnh vực … như: A; B": the focus of the one promise.
    r"|,\s*trong đó\s+(?:tập trung|chú trọng|ưu tiên)\b[^,;]*$",
    re.IGNORECASE,
)


def _enumeration(clause: str, matcher: FieldModel) -> list[str] | None:
    """ "…, như: A, B, C" -> ["… về A", "… về B", "… về C"] when the items are fields."""
    match = _ENUMERATION.search(clause)
    if not match:
        return None
    head, tail = clause[: match.start()].strip(" ,"), clause[match.end() :].strip()
    if len(syllables(head)) < 3 or not tail:
        return None
    if _MEANS.search(head):
        # "Thúc đẩy hợp tác trong lĩnh vực X, thông qua các hoạt động như: A, B, C": the list
        # says how the one promise is kept.
        return [clause]
    # Contents or tasks ("… các nội dung: A; B") are read as a list when ";" cuts it; a list cut by
    # commas only after the groups of contents it names ("gồm 15 nhóm nội dung: A, B").
    contents = _CONTENTS_INTRO.search(head) if ";" in tail else None
    intro = _FIELDS_INTRO.search(head) or contents or _GROUPS_INTRO.search(head)
    if intro:
        head = head[: intro.start()].strip(" ,")
    acts = _acts(tail)
    if acts:
        return acts
    items = _enumerated_items(tail, matcher)
    if len(items) < 2 and intro:
        # The head says the items are fields or groups of contents ("… trên 9 lĩnh vực: A; B"):
        # they are, whether or not the vocabulary knows them; ";" cuts them when it is there.
        items = [p for p in re.split(r"\s*;\s*" if ";" in tail else r"\s*,\s*", tail) if p]
        items = [re.sub(r"^(?:và|cùng|hoặc)\s+", "", p) for p in items]
        if len(items) >= 2 and contents:
            return _contents_items(items, head)
        act = _agreed_act(head) if intro is not contents and intro is not None else None
        if len(items) >= 2 and act:
            # "… hai bên thỏa thuận hợp tác trên 5 lĩnh vực, gồm: A; B": each field is the
            # field of the act agreed ("Hợp tác trên lĩnh vực A"), not a bare noun.
            prep = _fields_prep(intro)
            return [_upper_first(f"{act} {prep} lĩnh vực {_lower_first(item)}") for item in items]
        if len(items) >= 2 and not _opens_with_verb(_strip_framing(head), COOPERATION_VERBS):
            # The head names the programme, not an act ("Chương trình hợp tác giữa …", "Nội
            # dung hợp tác tập trung vào"): the items stand alone.
            return [_upper_first(item) for item in items]
    if len(items) < 2:
        return None
    if contents and intro is contents:
        return _contents_items(items, head)
    # "… tập trung vào các lĩnh vực như: A, B" -> "tập trung vào A": the head's own preposition.
    head = head if _starts_with(keys(head)[-1:], _ABOUT + _INTO) else f"{head} về"
    return [f"{head} {_lower_first(item)}" for item in items]


# An agreeing or signing verb, not a noun ("sự thống nhất", "các thỏa thuận"), then what follows it.
_AGREED_FIELDS = re.compile(
    r"(?<!\bsự )(?<!\bcác )(?<!\bnhững )(?<!\bbản )(?<!\btheo )(?<!\w)"
    r"(?:thống nhất|nhất trí|thỏa thuận|thoả thuận|cam kết|ký kết|đồng ý)(?!\w)\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
# What stands between the agreeing verb and the act: the document signed ("biên bản ghi nhớ"),
# a focus ("tập trung"), a second agreeing verb ("thống nhất và ký kết").
_BEFORE_ACT = re.compile(
    r"^(?:(?:và|sẽ|cùng|cùng nhau|với nhau)\s+"
    r"|(?:thống nhất|nhất trí|thỏa thuận|thoả thuận|cam kết|ký kết|ký)\s+"
    r"|(?:bản|biên bản|văn bản)?\s*(?:ghi nhớ|thỏa thuận|thoả thuận)\s+"
    r"|(?:tập trung|chú trọng|ưu tiên)\s+)",
    re.IGNORECASE,
)
_INTO = _lexicon("vào")
_WILL = re.compile(r"(?<!\w)sẽ(?!\w)", re.IGNORECASE)
_TRAILING_PREP = re.compile(r"\s+(?:vào|trên|trong|về|ở)$", re.IGNORECASE)


def _agreed_act(head: str) -> str | None:
    """The act the parties agree to or sign, from the head of a list of fields ("Theo đó, hai
    bên thỏa thuận hợp tác" -> "hợp tác"; "… đã ký kết biên bản ghi nhớ hợp tác" -> "hợp tác";
    "Nội dung ký kết tập trung hợp tác vào" -> "hợp tác"): the words after the agreeing or
    signing verb of the head's last clause, without the document signed; None when there is no
    such verb or what follows it does not open with a verb of cooperation."""
    clause = re.split(r"\s*,\s*", head.strip(" ,"))[-1]
    match = _AGREED_FIELDS.search(clause)
    if match is None:
        return None
    rest = match.group("rest").strip()
    if _WILL.search(rest):
        # "Thoả thuận hợp tác … sẽ tạo cơ sở …": the agreement is the subject of a verb of its
        # own, not an act agreed.
        return None
    while True:
        stripped = _BEFORE_ACT.sub("", rest, count=1).strip()
        if stripped == rest:
            break
        rest = stripped
    rest = _TRAILING_PREP.sub("", rest).strip(" ,")
    if not rest or not _opens_with_verb(rest, COOPERATION_VERBS) or _SIGNING_ACT.match(rest):
        return None
    return rest


# A list of fields announced without a colon, or after one: "… trên 6 lĩnh vực gồm A, B, C",
# "… trên các lĩnh vực: A, B; C".
_LISTED_FIELDS = re.compile(
    r"\s+(?:(?P<prep>trên|trong|về|ở|vào)\s+)?(?:các|một số|những|nhiều|\d{1,2})?\s*lĩnh vực"
    r"(?:\s+(?:chính|trọng tâm|chủ yếu|cụ thể))*\s*,?\s*(?:(?:như|gồm|bao gồm)\s*:?|:)\s*"
    r"(?P<tail>\w.*)$",
    re.IGNORECASE | re.DOTALL,
)


def _reported_fields(sentence: str, matcher: FieldModel) -> list[str]:
    """The fields of an act agreed or signed, in a sentence that reports it ("Hà Nội và Bắc
    Kinh đã ký kết bản ghi nhớ tăng cường hợp tác trên 6 lĩnh vực gồm A, B, C"): one promise
    per field, the act agreed with the field ("Tăng cường hợp tác trên lĩnh vực A"). Empty when
    the sentence lists no fields after such an act."""
    match = _LISTED_FIELDS.search(sentence)
    if match is None:
        return []
    act = _agreed_act(sentence[: match.start()])
    if act is None:
        return []
    tail = match.group("tail").strip().rstrip(".…;")
    items = _enumerated_items(tail, matcher)
    if len(items) < 2:
        items = [p for p in re.split(r"\s*;\s*" if ";" in tail else r"\s*,\s*", tail) if p]
    items = [re.sub(r"^(?:và|cùng|hoặc)\s+", "", item).strip(" .…") for item in items]
    items = [item for item in items if item]
    if len(items) < 2:
        return []
    prep = _fields_prep(match)
    return [_upper_first(f"{act} {prep} lĩnh vực {_lower_first(item)}") for item in items]


def _fields_prep(intro: re.Match) -> str:
    """The preposition before "lĩnh vực" in the head ("trên 5 lĩnh vực"), "trong" without one."""
    prep = (intro.groupdict().get("prep") or "trong").lower()
    return "về" if prep == "vào" else prep


# "hợp tác về các lĩnh vực nông nghiệp": a verb, then the fields it governs.
_ACT_OVER_FIELDS = re.compile(
    r"^(?P<verb>[^,;]{2,40}?)\s+(?P<prep>về|trong|trên)\s+(?:các\s+|những\s+)?(?:lĩnh vực\s+)?"
    r"(?P<object>\S.*)$",
    re.IGNORECASE,
)


def _acts(tail: str) -> list[str] | None:
    """The items of a list that opens with a promise of its own ("gồm: thúc đẩy, hỗ trợ …; hợp tác
    tích cực …", "như: tăng cường trao đổi, chia sẻ đầu tư, hợp tác về các lĩnh vực nông nghiệp,
    giáo dục, y tế"): each item keeps its own verb, not the head before the colon, and a bare
    field after "<verb> về (các lĩnh vực) …" takes that verb ("Hợp tác về giáo dục"). Verbs in a
    row share their object ("trao đổi, chia sẻ đầu tư"). None when the first item opens with no
    verb of cooperation: "quản lý đầu tư, quản lý thị trường" are domains, not acts."""
    first = re.split(r"\s*[,;]\s*", tail.strip(), maxsplit=1)[0]
    if not _opens_with_verb(first, COOPERATION_VERBS) or not _tagged_verb_at(tail.strip()[:120], 0):
        return None
    if ";" in tail:
        items = [p.strip(" .…") for p in _split_top(tail, ";")]
        if len(items) >= 2 and all(_opens_with_verb(item, COOPERATION_VERBS) for item in items):
            return [_upper_first(item) for item in items if item]
        return None
    items: list[str] = []
    head = ""
    joined = False  # the item so far ends with a verb that shares the next one's object
    for piece in (p.strip(" .…") for p in _split_top(tail, ",")):
        if not piece:
            continue
        if _opens_with_verb(piece, COOPERATION_VERBS):
            over = _ACT_OVER_FIELDS.match(piece)
            if joined and items:
                items[-1] = f"{items[-1]}, {piece}"
            elif over and _opens_with_verb(over.group("verb"), COOPERATION_VERBS):
                head = f"{over.group('verb')} {over.group('prep')}"
                items.append(f"{head} {over.group('object')}")
            else:
                items.append(piece)
            flat = keys(piece)
            joined = any(tuple(flat[-len(v) :]) == v for v in ACTION_VERBS)
        elif head:
            items.append(f"{head} {_lower_first(piece)}")
            joined = False
        elif items:
            items[-1] = f"{items[-1]}, {piece}"
        else:
            return None
    return [_upper_first(item) for item in items] if len(items) >= 2 else None


# The words that introduce enumerated groups of contents ("gồm 15 nhóm nội dung").
_GROUPS_INTRO = re.compile(r"\s*(?:gồm\s+)?(?:\d+\s+)?(?:nhóm\s+)?nội dung\s*$", re.IGNORECASE)
# The words that introduce enumerated contents or tasks ("gồm 15 nhóm nội dung", "triển
# khai các nội dung", "gồm 3 nội dung chính", "một số nhiệm vụ trọng tâm").
_CONTENTS_INTRO = re.compile(
    r"\s*(?:(?:gồm|bao gồm|có|với|về)\s+)?(?:(?:các|những|một số|\d{1,2})\s+)?(?:nhóm\s+)?"
    r"(?:nội dung|nhiệm vụ|hoạt động)(?:\s+(?:hợp tác|phối hợp))?"
    r"(?:\s+(?:chính|chủ yếu|trọng tâm|cụ thể|sau))*\s*$"
    # The contents as the subject of the clause: "3 nội dung chính sẽ được hai đơn vị cùng hợp
    # tác thực hiện trong 2 năm là: A; B; C".
    r"|(?:^|,\s*)(?:(?:các|những|một số|\d{1,2})\s+)(?:nhóm\s+)?(?:nội dung|nhiệm vụ|hoạt động)"
    r"\b[^,;:]{0,100}?\s(?:là|gồm|bao gồm)\s*$",
    re.IGNORECASE,
)
# The agreeing or signing verbs before the act that the contents are of ("thoả thuận hợp tác triển
# khai các nội dung:" -> "hợp tác triển khai").
_AGREEING_ACT = re.compile(
    r"^(?:(?:đã|sẽ|cùng|cùng nhau|tiếp tục)\s+)*"
    r"(?:(?:thống nhất|nhất trí|thỏa thuận|thoả thuận|cam kết|ký kết|ký|đồng ý)(?:\s+và)?\s+)+"
    r"(?:(?:sẽ|cùng|cùng nhau|tiếp tục)\s+)*",
    re.IGNORECASE,
)


def _contents_items(items: list[str], head: str) -> list[str]:
    """The contents of an act, one promise each ("… thoả thuận hợp tác triển khai các nội dung:
    A; B", "… sẽ tổ chức các hoạt động: Khảo sát …; Diễn đàn …"): an item that opens with its own
    verb stands alone, the others take the act (``_contents_act``), not the whole head (its
    framing, its subject, its agreeing verb); with no act, every item stands alone."""
    act = _contents_act(head)
    out = []
    for item in items:
        item = item.strip(" .…")
        if not item:
            continue
        if act is None or _opens_with_verb(item) or _tagged_verb_at(item, 0):
            out.append(_upper_first(item))
        else:
            out.append(_upper_first(f"{act} {_lower_first(item)}"))
    return out


def _contents_act(head: str) -> str | None:
    """The act whose contents a list gives, from the head before "các nội dung:" ("Với mục tiêu
    …, UBND tỉnh và Viettel thoả thuận hợp tác triển khai" -> "hợp tác triển khai"): the head's
    last clause without its subject and the agreeing verbs; None when what is left does not open
    with a verb of cooperation (the head names a programme or a signing: the items stand alone)."""
    clause = re.split(r"\s*,\s*", head.strip(" ,"))[-1]
    future = _FUTURE_ACT.search(clause)
    if future:  # "… Chương trình … sẽ tổ chức các hoạt động:": the act after "sẽ"
        clause = clause[future.end() :]
    at = _verb_after_subject(clause)
    if at:
        clause = _surface(clause, at, len(syllables(clause)))
    clause = _AGREEING_ACT.sub("", clause).strip(" ,")
    if not clause or not _opens_with_verb(clause, COOPERATION_VERBS):
        return None
    if _SIGNING_ACT.match(clause):
        return None
    return clause


_SIGNING_ACT = re.compile(r"^(?:ký|ký kết|ban hành|thông qua)(?!\w)", re.IGNORECASE)
_FUTURE_ACT = re.compile(r"^(?:.*\s)?sẽ\s+(?:cùng\s+(?:nhau\s+)?)?(?=\w)", re.IGNORECASE)


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _enumerated_items(tail: str, matcher: FieldModel) -> list[str]:
    """Items of an enumeration; commas inside a known field phrase do not cut, nor do items
    that carry the same field as the one before ("Quy hoạch, phát triển và quản lý đô thị")."""
    # A list cut by ";" holds its commas inside its items ("A, B; C; D": three items).
    pieces = [p for p in re.split(r"\s*;\s*" if ";" in tail else r"\s*[,;]\s*", tail) if p]
    longest = max((len(p) for p in matcher.phrases), default=1)
    items: list[list[str]] = []
    item_tail: list[str] = []  # the last syllables of the current item
    last_field: str | None = None
    for piece in pieces:
        piece = re.sub(r"^(?:và|cùng|hoặc)\s+", "", piece)
        best = matcher.best(piece)
        flat = list(keys(piece))
        joined_tail = (item_tail + flat)[-longest:]
        if items and (
            (best is not None and best == last_field)
            or any(_spans_comma(joined_tail, len(flat), p) for p in matcher.phrases)
        ):
            items[-1].append(piece)
            item_tail = joined_tail
            continue
        items.append([piece])
        item_tail = flat[-longest:]
        last_field = best
    texts = [", ".join(parts) for parts in items]
    with_fields = sum(1 for item in texts if matcher.best(item))
    return texts if with_fields * 2 >= len(texts) else []


def _spans_comma(seq: list[str], last: int, phrase: tuple[str, ...]) -> bool:
    """Whether the joined items end with a whole field phrase longer than the last item."""
    n = len(phrase)
    return n > last and len(seq) >= n and tuple(seq[-n:]) == phrase


def _lower_first(text: str) -> str:
    """'Quy hoạch' -> 'quy hoạch', but keep names and acronyms ('Trung ương', 'CNTT')."""
    words = text.split()
    if not words or not words[0][:1].isupper() or words[0][1:2].isupper():
        return text
    if len(words) > 1 and words[1][:1].isupper():
        return text
    return text[0].lower() + text[1:]


def _finish(text: str) -> str:
    """Capital first letter, one space, a full stop."""
    text = " ".join(text.split()).strip(" ,;:-–")
    text = re.sub(r"\s+([,.;:)])", r"\1", text)
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    if not text.endswith((".", "!", "?", "…")):
        text += "."
    return text


def _subject_end(piece: str, directory: Directory | None) -> int:
    """The syllable where the action starts after the bodies that open the piece ("Sở Xây dựng
    và Sở Quy hoạch - Kiến trúc phối hợp …" -> the syllable of "phối hợp")."""
    if directory is None:
        return 0
    mentions = directory.mentions(piece[:300])
    end, position = 0, 0
    for mention in mentions:
        gap = piece[position : mention.start]
        if gap.strip(" ,") not in ("", "và", "phối hợp với", "chủ trì, phối hợp với", "với"):
            break
        if position == 0 and mention.start != 0:
            break
        position = mention.end
        end = position
    return len(keys(piece[:end])) if end else 0


def _tagged_verb_at(piece: str, at: int) -> bool:
    """Whether underthesea tags the word at syllable ``at`` of the piece as a verb (the tagger
    decides only where the lexicon of verbs does not)."""
    words = _tags(piece[:200])
    position = 0
    for word, tag in words:
        count = len(_SYLLABLE.findall(word))
        if not count:
            continue
        if position >= at:
            return tag == "V" and fold(word) not in _NOT_ACTIONS
        position += count
    return False


# Verbs that state, not promise: "… là cơ quan đầu mối", "… có …", "… được …".
_NOT_ACTIONS = {"la", "co", "duoc", "bi", "thuoc", "gom"}

# What a subject is made of, as the tagger reads it: nouns, names, numbers, determiners, pronouns,
# commas and the conjunctions that join them ("Các sở, ban, ngành và doanh nghiệp của các tỉnh,
# thành phố …"); "của" joins a noun to its owner.
_SUBJECT_TAGS = {"N", "Np", "Nc", "Nu", "Ny", "M", "L", "P", "CH", "C"}
_SUBJECT_LINKS = {"cua"}
# Where the bodies are, inside the subject: "Các đơn vị trên địa bàn tỉnh …", "… tại địa bàn …".
_WHERE = {"tren", "tai"}
# The words between a subject and its act that qualify the act ("thường xuyên", "chủ động",
# "sẽ", "cùng"): read as adverbs or adjectives by the tagger.
_MANNER_TAGS = {"R", "A"}
MAX_SUBJECT_SYLLABLES = 40
# The kinds of body a subject names when it names no one by name: a promise has an agent ("Các
# sở, ban, ngành …", "các lực lượng chức năng, các cụm, xã, bản …"); a list of domains
# ("Kinh tế, văn hóa, xã hội …") is none.
_AGENT_NOUNS = {
    fold(w)
    for w in (
        "sở",
        "ban",
        "ngành",
        "cơ quan",
        "đơn vị",
        "lực lượng",
        "địa phương",
        "tỉnh",
        "thành phố",
        "huyện",
        "xã",
        "phường",
        "quận",
        "thị xã",
        "thị trấn",
        "bản",
        "cụm",
        "doanh nghiệp",
        "hội",
        "hiệp hội",
        "trường",
        "viện",
        "trung tâm",
        "bên",
        "lãnh đạo",
        "ủy ban",
        "uỷ ban",
        "chính quyền",
        "đoàn",
        "phòng",
        "cục",
        "bộ",
        "tập đoàn",
        "công ty",
        "nhà trường",
        "cấp",
        "thành viên",
        "đối tác",
        "nước",
        "thủ đô",
        "vùng",
        # Institutions that are not departments of a province, often outside the directory: a
        # province's police and border guards, universities, hospitals, courts, unions and
        # associations, banks, the Fatherland Front.
        "công an",
        "an ninh",
        "đồn",
        "bộ đội",
        "biên phòng",
        "đại đội",
        "đại học",
        "học viện",
        "bệnh viện",
        "tòa án",
        "toà án",
        "liên hiệp",
        "liên đoàn",
        "ngân hàng",
        "mặt trận",
    )
}


def _verb_after_subject(piece: str) -> int | None:
    """The syllable of the main verb of a piece that opens with a noun phrase, however long
    ("Các sở, ban, ngành và doanh nghiệp của các tỉnh, thành phố chủ động xây dựng kế hoạch …"
    -> the syllable of "chủ động"): the first word the tagger reads as a verb, when every word
    before it reads as part of a noun phrase (nouns, names, numbers, determiners, commas, "và",
    "của") and the last ones, perhaps, as adverbs of the act. None when the piece opens with
    anything else (a preposition, a verb), has no verb, or the verb only states ("là", "có")."""
    position = 0
    nominal = False  # a noun phrase has begun
    agent = False  # it names a body, by its name or its kind
    manner = False  # adverbs of the act have begun: nothing nominal may follow
    tagged = _tags(piece[:400])
    for i, (word, tag) in enumerate(tagged):
        count = len(_SYLLABLE.findall(word))
        folded = fold(word).lower()
        after = fold(tagged[i + 1][0]).lower() if i + 1 < len(tagged) else ""
        if tag == "V" and not (word[:1].isupper() and position):
            if not (nominal and agent) or folded in _NOT_ACTIONS:
                return None
            return position
        agent = agent or folded in _AGENT_NOUNS
        if word[:1].isupper() and count and (position or tag in {"Np", "Ny"}):
            nominal = agent = True  # a name (the first word is capitalised anyway)
        elif tag in _MANNER_TAGS and nominal:
            manner = True
        elif manner or not (
            tag in _SUBJECT_TAGS
            or folded in _SUBJECT_LINKS
            or (folded in _WHERE and after == "dia ban")
        ):
            return None
        elif count:
            nominal = nominal or tag not in {"CH", "C"}
        position += count
        if position > MAX_SUBJECT_SYLLABLES:
            return None
    return None


@functools.lru_cache(maxsize=4096)
def _tags(text: str) -> tuple[tuple[str, str], ...]:
    from underthesea import pos_tag

    return tuple(pos_tag(text))


# The related work of a task, not a task of its own: "… và tổ chức thực hiện các nhiệm vụ liên
# quan theo quy định", "… và triển khai các nội dung khác".
_GENERIC_TAIL = re.compile(
    r"^(?:tổ chức\s+)?(?:thực hiện|triển khai)(?:\s+thực hiện)?\s+(?:các\s+)?"
    r"(?:nhiệm vụ|nội dung|công việc|hoạt động)\s+(?:liên quan|khác|có liên quan)\b",
    re.IGNORECASE,
)
_FUTURE = re.compile(r"^(?:cùng\s+)?sẽ\s+", re.IGNORECASE)


def _split_at_and(piece: str, directory: Directory | None) -> list[str]:
    """Two promises joined by "và": "… xây dựng nền tảng X và triển khai ứng dụng Y". The part
    after "và" must open with a verb of its own that the tagger confirms, the part before must
    have an object, and a shared "trao đổi kinh nghiệm" keeps what it governs together. The
    second part takes the bodies that open the first."""
    parts = re.split(r"\s+và\s+", piece)
    if len(parts) < 2:
        return [piece]
    out = [parts[0]]
    for part in parts[1:]:
        left = out[-1]
        flat_left = keys(left)
        experience = _contains(flat_left, _EXPERIENCE) is not None
        if _contains(flat_left, _PURPOSE_WORDS) is not None:
            out[-1] = f"{left} và {part}"  # "… nhằm định vị hình ảnh và giới thiệu …": one aim
            continue
        if _GENERIC_TAIL.match(part):
            out[-1] = f"{left} và {part}"  # "… và tổ chức thực hiện các nhiệm vụ liên quan"
            continue
        future = _FUTURE.match(part)
        if future and len(flat_left) >= MIN_CLAUSE and _opens_with_verb(part[future.end() :]):
            out.append(part[future.end() :])  # "… thiết lập quan hệ và sẽ tạo cơ chế …"
            continue
        verb = _starts_with(keys(part), COORDINATED_VERBS)
        opens = bool(verb) and (not experience or _starts_with(keys(part), EXPERIENCE_VERBS))
        left_ends_with_verb = any(tuple(flat_left[-len(v) :]) == v for v in ACTION_VERBS)
        if opens and not left_ends_with_verb and len(flat_left) >= MIN_CLAUSE:
            # "… cử đoàn công tác sang thăm và trao đổi kinh nghiệm …": verbs in a row without
            # their object before "và" go on with what follows (as the tagger reads the last
            # two words; "thi đua, khen thưởng" is a list, not a chain).
            tags = _tags(left[-60:])
            left_ends_with_verb = len(tags) >= 2 and tags[-1][1] == tags[-2][1] == "V"
        if (
            opens
            and len(flat_left) >= MIN_CLAUSE
            and not left_ends_with_verb
            and len(keys(part)) >= MIN_SYLLABLES
            and _tagged_verb_at(f"{left} và {part}", len(flat_left) + 1)
        ):
            out.append(part)
        else:
            out[-1] = f"{left} và {part}"
    if len(out) == 1:
        return out
    subject = _subject_text(out[0], directory)
    return [out[0], *(f"{subject} {p}" if subject else p for p in out[1:])]


# "Tăng cường hợp tác trên các lĩnh vực văn hóa, du lịch, thể thao", "… trong nhiều lĩnh vực, bao
# gồm kinh tế - thương mại, phát triển đô thị thông minh, …": a list of fields after the act.
_FIELD_LIST = re.compile(
    r"^(?P<head>\S.{4,}?)\s+(?P<prep>trên|trong|về|giữa)\s+"
    r"(?:(?:các|một số|những|nhiều|\d{1,2})\s+)?lĩnh vực\s*,?\s*"
    r"(?:(?:bao gồm|gồm|như|là)\s*)?:?\s*(?P<items>\w.*)$",
    re.IGNORECASE | re.DOTALL,
)
# What ends a list of fields: its purpose or basis ("…, để đẩy mạnh …", "… dựa trên nguyên tắc …").
_LIST_TAIL = re.compile(
    r"\s*,?\s*(?:để|nhằm|dựa trên|trên cơ sở|góp phần|theo hướng|phục vụ|giữa hai|của hai)\s.*$",
    re.IGNORECASE | re.DOTALL,
)
_LIST_ITEM_CUT = re.compile(r"\s*[,;]\s*|\s+cũng như\s+", re.IGNORECASE)
_QUALIFIER = re.compile(
    r"^(?:mà|này|đó|nói trên|trên|cùng|có|thuộc|của|được|liên quan|phù hợp|theo)(?!\w)",
    re.IGNORECASE,
)
_OTHER_FIELDS = re.compile(r"^(?:các\s+)?(?:lĩnh vực\s+)?khác$|^v\.?v\.?$", re.IGNORECASE)
MAX_FIELD_SYLLABLES = 10


def _field_list(piece: str) -> list[str]:
    """One promise per field of a list that the act governs ("Tăng cường hợp tác giữa các lĩnh
    vực giáo dục và đào tạo, nông nghiệp, y tế" -> "Tăng cường hợp tác trong lĩnh vực giáo dục
    và đào tạo", "… trong lĩnh vực nông nghiệp", "… trong lĩnh vực y tế"): the items are short
    noun phrases cut at commas and semicolons ("và" stays inside a field's name: "khoa học và
    công nghệ"); the list ends at its purpose. The piece as it is otherwise."""
    match = _FIELD_LIST.match(piece.strip())
    if match is None:
        return [piece]
    items_text = _LIST_TAIL.sub("", match.group("items")).strip(" .…;,")
    if ":" in items_text:
        return [piece]
    items = [
        re.sub(r"^(?:và|cùng|cũng như)\s+", "", item).strip(" .…")
        for part in _split_top(items_text, ";")
        for item in _LIST_ITEM_CUT.split(part)
    ]
    if "(" in items_text:
        # "kinh tế (công nghiệp vi mạch, công nghệ cao, …), văn hóa": a field's examples stay in it
        items = [
            re.sub(r"^(?:và|cùng|cũng như)\s+", "", item).strip(" .…")
            for part in _split_top(items_text, ";")
            for item in _split_top(part, ",")
        ]
    items = [item for item in items if item and not _OTHER_FIELDS.match(item)]
    if any(_QUALIFIER.match(item) for item in items):
        # "… lĩnh vực mà hai bên có tiềm năng, …", "… lĩnh vực cùng quan tâm, phù hợp với pháp
        # luật": the fields are described, not listed.
        return [piece]
    if not 2 <= len(items) <= 12 or any(
        len(syllables(item)) > MAX_FIELD_SYLLABLES for item in items
    ):
        return [piece]
    prep = match.group("prep").lower()
    prep = prep if prep in ("trên", "trong", "về") else "trong"
    head = match.group("head").rstrip(" ,")
    return [f"{head} {prep} lĩnh vực {_lower_first(item)}" for item in items]


def _subject_text(piece: str, directory: Directory | None) -> str:
    end = _subject_end(piece, directory)
    return _surface(piece, 0, end) if end else ""


def _agent_before_verb(text: str, directory: Directory | None) -> str:
    """The noun phrase naming agents that opens the text, up to its verb ("các cấp uỷ, tổ chức
    đảng, chính quyền, … tập trung …": a verb that opens a listed item, after a comma, "và" or
    "các", is a noun of the list), or ""."""
    tagged = [(w, t) for w, t in _tags(text[:400]) if w.strip()]
    if not tagged or not (
        tagged[0][1] in _NOUNS | {"L", "M"} or fold(tagged[0][0]).lower() in _AGENT_NOUNS
    ):
        return ""
    if _DOCUMENT_HEAD.match(fold(text).lower()):
        return ""  # "Nghị quyết số 29-NQ/TW …": a document, not who acts
    agent, count, end = False, 0, None
    for i, (word, tag) in enumerate(tagged):
        folded = fold(word).lower()
        before = fold(tagged[i - 1][0]).lower() if i else ""
        listed = before in {",", "va", "cac", "nhung"}
        if tag == "V" and not listed and not _named(word) and folded not in _QUALIFYING:
            end = i
            break
        if tag not in _NOUNS | {"CH", "C", "E", "L", "M", "A", "V"} and not word[:1].isupper():
            return ""
        agent = agent or folded in _AGENT_NOUNS or (i > 0 and word[:1].isupper())
        count += len(_SYLLABLE.findall(word))
        if count > 40:
            return ""
    if end is None or not agent or count < 2:
        return ""
    words = [w for w, _ in tagged[:end]]
    # The surface text up to the verb: as many characters as the words take, spaces kept.
    position = 0
    for word in words:
        position = text.find(word, position) + len(word)
    return text[:position].strip(" ,")


_NOUNS = {"N", "Np", "Nc", "Nu", "Ny", "Nb"}


def _named(word: str) -> bool:
    """A word with a capitalised syllable: part of a name ("ban Văn hóa"), not a verb."""
    return any(s[:1].isupper() for s in _SYLLABLE.findall(word))


_DOCUMENT_HEAD = re.compile(
    r"^(?:cac\s+|nhung\s+)?(?:nghi quyet|ket luan|chi thi|quyet dinh|ke hoach|chuong trinh"
    r"|thong bao|luat|de an|van ban|bao cao)(?!\w)"
)
# Verbs that qualify a body inside its name, not its act ("cơ quan thuộc Chính phủ", "các đơn vị
# có liên quan").
_QUALIFYING = {"thuoc", "truc thuoc", "lien quan", "co lien quan", "uy"}
