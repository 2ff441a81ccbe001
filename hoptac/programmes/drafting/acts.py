"""Who acts in the operative part of a resolution or decision: the issuing body deciding, or a
body it assigns work to.

A resolution or a decision ("NGHỊ QUYẾT", "QUYẾT ĐỊNH") states its basis, then its enacting
formula ("QUYẾT NGHỊ:", "QUYẾT ĐỊNH:"), then its articles or points. In that operative part a
clause with no subject of its own is the issuing body's act: it decides ("1. Sắp xếp … thành
phường …", "Thông qua …", "Cơ bản thống nhất …", "Điều 1. Ban hành kèm theo …", "Thành lập …"),
and what it decides is done by the decision itself, not a task for anyone. A task is a clause
that makes another body act: one that opens with a directive ("Giao Chính phủ …", "Yêu cầu …",
"Đề nghị …", "Chỉ đạo …"), or names its own agent before its verb ("Chính phủ, Hội đồng nhân
dân … có trách nhiệm …", "Bộ X chủ trì …", "Các cơ quan theo thẩm quyền khẩn trương …"). A
clause without a subject that goes on from a task ("Giao …. Trong đó, chủ động nghiên cứu …")
is that task's; one that goes on from a decision is the decision's. Each point, article or list
item opens afresh as the issuing body's.

The operative part ends at the title of what the act appends (an action programme, a plan, a
list: "CHƯƠNG TRÌNH HÀNH ĐỘNG …", "DANH SÁCH …") or of its signature: the tasks of an appended
plan have no subject because the plan's addressees carry them, and the rules read them as before.
Texts without an enacting formula (agreements, plans, notices, reports) are not touched.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from hoptac.core.text import fold

from .clauses import _AGENT_NOUNS as _AGENTS
from .clauses import (
    _QUALIFYING,
    GIVEN_NOUN,
    OF_THE_PARTIES,
    _agent_before_verb,
    _named,
    _subject_end,
    _tags,
    _verb_after_subject,
)
from .lexicon import _FRAMING, _HEADING, _MARKER, ACTION_VERBS
from .organisations import Directory
from .structure import _contains
from .text import _SYLLABLE, keys

# The enacting formula on a line of its own ("QUYẾT NGHỊ:", "QUYẾT NGHỊ", "Quyết định:"; a
# "QUYẾT ĐỊNH" without its colon is the title naming the kind of document), or closing the
# sentence that introduces the articles ("Hội nghị Trung ương … quyết nghị:").
_ENACTING = re.compile(r"(?:^|\s)(?:quyet nghi\s*:?|quyet dinh\s*:)\s*$")
# A directive opening the clause: the issuing body makes another act.
_DIRECTIVE_OPEN = re.compile(
    r"^(?:giao(?:\s+cho)?|yêu cầu|đề nghị|chỉ đạo|ủy quyền|uỷ quyền)(?!\w)", re.IGNORECASE
)
# The act of deciding itself after a subject ("Ủy ban Thường vụ Quốc hội quyết định sắp xếp …"):
# the issuer deciding, not assigning.
_DECIDING = {("quyet", "dinh"), ("quyet", "nghi")}
# What opens a clause before its act: a topic ("Về tổ chức bộ máy …: "), a numbered sub-point.
_TOPIC = re.compile(r"^về\s[^:;]{1,160}:\s*", re.IGNORECASE)
_SUBPOINT = re.compile(r"^\(\d{1,2}\)\s*")


def enacts(paragraph: str) -> bool:
    """Whether the paragraph is (or ends with) an enacting formula."""
    body = _MARKER.sub("", paragraph).strip()
    folded = fold(body).lower()
    if len(folded.split()) > 40:
        return False
    if len(folded.split()) <= 3:
        return bool(_ENACTING.search(folded))
    return bool(_ENACTING.search(folded)) and body.rstrip().endswith(":")


def closes_operative(paragraph: str) -> bool:
    """Whether a heading is the title of what the act appends, or of its signature: its first
    two words in capitals, not an article, chapter or part of the act."""
    body = _MARKER.sub("", paragraph).strip()
    if _HEADING.match(body):
        return False
    words = body.split()[:2]
    return len(words) == 2 and all(w.isupper() and len(w) > 1 for w in words)


class OperativePart:
    """The state of a text read paragraph by paragraph: whether it is inside an act's operative
    part, and whether the clause in force is the issuing body's decision or an assignment."""

    def __init__(self) -> None:
        self.inside = False
        self.deciding = True  # the role a clause without a subject takes
        self.issuer: set[str] = set()  # the syllables of the titles before the formula

    def paragraph(self, paragraph: str, heading: bool) -> None:
        """Read a paragraph's place: the formula opens the operative part, an appended title
        closes it; a point, article or item opens afresh as the issuer's."""
        if enacts(paragraph):
            self.inside, self.deciding = True, True
            return
        if not self.inside:
            if heading:
                # "ỦY BAN THƯỜNG VỤ QUỐC HỘI", "HỘI NGHỊ … BAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG": who
                # issues the act, named in its titles.
                self.issuer |= set(keys(paragraph))
            return
        if heading and closes_operative(paragraph):
            self.inside = False
            return
        if heading or _MARKER.match(paragraph):
            self.deciding = True

    def decided(self, sentence: str, directory: Directory | None) -> bool:
        """Whether the sentence is the issuing body's own decision (no task in it); the role of
        the sentences without a subject after it follows."""
        if not self.inside:
            return False
        clause = _opening_clause(sentence)
        if not clause:
            return False
        if _DIRECTIVE_OPEN.match(clause):
            self.deciding = False
            return False
        start = _agent_end(clause, directory)
        if not start:
            return self.deciding  # no subject: the issuer's, or the task's it goes on from
        flat = keys(clause)
        rest = _surface_from(clause, start)
        if _DIRECTIVE_OPEN.match(rest):
            self.deciding = False  # "Ban Chấp hành Trung ương Đảng yêu cầu …": an assignment
            return False
        if tuple(flat[start : start + 2]) in _DECIDING or (
            self.issuer and set(flat[:start]) <= self.issuer
        ):
            return True  # the issuer names itself: "Ủy ban Thường vụ Quốc hội quyết định …"
        self.deciding = False  # another body acts: a task, and what goes on from it
        return False

    def article(self, paragraph: str) -> str | None:
        """The clause of an article written on its title's line ("Điều 2. Giao Sở Ngoại vụ chủ
        trì … tổ chức thực hiện Kế hoạch này."), read as a paragraph; None for a title ("Điều
        1. Sắp xếp các đơn vị hành chính cấp xã …", no full stop)."""
        if not self.inside:
            return None
        match = _ARTICLE.match(paragraph.strip())
        if match is None or len(keys(match.group("clause"))) < 8:
            return None
        return match.group("clause")


_ARTICLE = re.compile(r"^Điều\s+\d+\s*[.:]\s*(?P<clause>\S.*[.;])$", re.DOTALL)


def _agent_end(clause: str, directory: Directory | None) -> int:
    """The syllable where the act starts after a subject that names an agent (a body of the
    directory, a noun phrase of agents, or words with a name in them before the first verb),
    or 0 when the clause names none before its verb."""
    start = _subject_end(clause, directory)
    if start:
        return start
    after = _verb_after_subject(clause)
    if after:
        return after
    position, named = 0, False
    for word, tag in _tags(clause[:300]):
        count = len(_SYLLABLE.findall(word))
        if not count:
            continue
        if tag == "V" and not (position and word[:1].isupper()):
            return position if named else 0
        if tag not in _NOMINAL and not word[:1].isupper():
            return 0
        # A capital after the clause's first syllable: a name ("Hội đồng Dân tộc, …").
        syllables = _SYLLABLE.findall(word)
        if any(s[:1].isupper() for s in (syllables[1:] if position == 0 else syllables)):
            named = True
        position += count
        if position > 40:
            return 0
    return 0


_NOMINAL = {"N", "Np", "Nc", "Nu", "Ny", "M", "L", "CH", "C", "E", "P"}


def _surface_from(text: str, syllable: int) -> str:
    spans = [m.start() for m in _SYLLABLE.finditer(text)]
    return text[spans[syllable] :] if syllable < len(spans) else ""


def _opening_clause(sentence: str) -> str:
    """The sentence without its marker, its framing ("Trong đó, "), its topic ("Về …: ") and a
    numbered sub-point ("(1) ")."""
    text = sentence.strip()
    for _ in range(4):
        before = text
        text = _MARKER.sub("", text)
        text = _FRAMING.sub("", text)
        text = _TOPIC.sub("", text)
        text = _SUBPOINT.sub("", text).strip()
        if text == before:
            break
    return text


# --- The addressees of a list of tasks ---------------------------------------------------------
#
# A plan, a conclusion or an action programme often names who is to act once, and lists the
# tasks without a subject: in the sentence that announces them ("Bộ Chính trị yêu cầu các cấp
# uỷ, tổ chức đảng … tập trung thực hiện tốt một số nhiệm vụ trọng tâm sau:", "…, các Bộ, cơ quan
# ngang Bộ … cần cụ thể hóa và tổ chức triển khai thực hiện các nhiệm vụ sau:"), or in a lettered
# sub-heading that is only a body's name ("a) Tổ đảng ở Thường trực Ủy ban KH,CN&MT"). Each task
# under it is that body's, and is proposed with it as its subject.

# The tasks announced: "các nhiệm vụ (trọng tâm) sau", "một số nhiệm vụ … sau", "nhiệm vụ cụ thể".
_TASKS_ANNOUNCED = re.compile(r"(?<!\w)nhiệm vụ(?!\w)[^:]{0,60}(?:sau|sau đây|như sau)\s*:\s*$")
_DIRECTIVE = re.compile(r"(?<!\w)(?:yêu cầu|giao cho|giao|đề nghị|chỉ đạo)\s+", re.IGNORECASE)
# The parties named by their number: their tasks are the agreement's, written without them.
_THE_PARTIES = re.compile(
    r"^(?:cả\s+)?(?:hai|ba|bốn|các|\d{1,2})\s+(?:bên|địa phương|tỉnh|thành phố|sở|đơn vị)$",
    re.IGNORECASE,
)


def addressees(sentence: str, directory: Directory | None) -> str:
    """Who is to carry out the tasks a framing sentence announces: the bodies a directive
    addresses ("… yêu cầu <them> tập trung thực hiện … nhiệm vụ … sau:"), else the subject of its
    main clause ("…, <them> cần … thực hiện các nhiệm vụ sau:"); "" when it announces no tasks
    or names only the parties ("Hai bên …")."""
    text = _MARKER.sub("", sentence).strip()
    if not _TASKS_ANNOUNCED.search(text):
        return ""
    for match in _DIRECTIVE.finditer(text):
        subject = _agent_before_verb(text[match.end() :], directory)
        if subject:
            return _kept(subject)
    starts = [0] + [m.end() for m in re.finditer(r",\s*", text)]
    for start in starts:
        subject = _agent_before_verb(text[start:], directory)
        if subject:
            return _kept(subject)
    return ""


def _kept(subject: str) -> str:
    subject = subject.strip(" ,")
    if _THE_PARTIES.match(subject):
        return ""
    return subject[:1].upper() + subject[1:]


@functools.lru_cache(maxsize=1024)
def body_heading(paragraph: str) -> str:
    """The body a sub-heading names and nothing else ("a) Tổ đảng ở Thường trực Ủy ban
    KH,CN&MT", "m) Đảng ủy cơ quan Văn phòng Quốc hội"), or "": no verb, a noun first, a name
    or a kind of body in it ("1. Tăng cường sự lãnh đạo …", "I. Về kinh tế", "1. Mục đích"
    name none)."""
    body = _MARKER.sub("", paragraph).strip().rstrip(":").strip()
    if not body or _HEADING.match(body) or len(keys(body)) > 20:
        return ""
    if not body[:1].isupper() or body.split()[0].isupper() and len(body.split()[0]) > 1:
        return ""  # a title in capitals, or a lowercase fragment
    named = False
    for position, (word, tag) in enumerate((w, t) for w, t in _tags(body) if _SYLLABLE.search(w)):
        syllables = _SYLLABLE.findall(word)
        agent = fold(word).lower() in _AGENTS
        if tag == "V" and not _named(word) and not agent and fold(word) not in _QUALIFYING:
            return ""
        if position == 0 and tag not in {"N", "Np", "Nc", "L"} and not agent:
            return ""
        if agent:
            named = True
        if any(s[:1].isupper() for s in (syllables[1:] if position == 0 else syllables)):
            named = named or position > 0 or len(syllables) > 1
    return body if named else ""


# A direction reported in the news: who directs (a person by title, a body, a document), then
# the directive verb, then the bodies it addresses and their act ("Ngày 21-6, Phó Chủ tịch UBND
# thành phố … đã giao Sở Y tế chủ trì …", "Chủ tịch UBND TP … vừa ban hành Chỉ thị 09 yêu cầu
# các đơn vị … chấn chỉnh …", "Phát biểu tại …, Chủ tịch UBND tỉnh … đề nghị, Sở … cần tập trung
# …"). The report around it is no promise; the addressees' act is.
_REPORTED_DIRECTIVE = re.compile(
    r"(?<!\w)(?<!được )(?<!ngoại )(?<!bàn )(?<!chuyển )(?<!trao )(?<!ban )(?<!Ban )"
    r"(?:giao cho|giao|yêu cầu|đề nghị|chỉ đạo)(?!\w)\s*[,:]?\s*[“\"]?",
    re.IGNORECASE,
)
# The frame agrees or is itself asked ("hai bên thống nhất đề nghị …", "theo đề nghị của …"):
# no direction of its own.
_NOT_DIRECTING = re.compile(
    r"(?<!\w)(?:thống nhất|nhất trí|theo|xét|của|trước|thực hiện)\s*$", re.IGNORECASE
)
# What the addressees are asked, before their act ("Sở … cần tập trung …", "… phải …").
_ASKED = re.compile(r"^(?:cần phải|cần|phải|có trách nhiệm)\s+", re.IGNORECASE)


def directed(sentence: str, directory: Directory | None) -> str | None:
    """The act a reported direction asks of the bodies it addresses, with them as its subject
    ("Sở Y tế chủ trì …"), or None: the directive verb must follow words that direct (not the
    sentence's start, which the rules read already; not "được giao", "thống nhất đề nghị"), and
    be followed by a noun phrase of agents other than the parties and their verb."""
    found = direction(sentence, directory)
    return found[1] if found else None


# An opening clause before who directs: an aim, a basis, an occasion ("Để xử lý …, UBND TP …
# vừa yêu cầu …", "Thực hiện ý kiến chỉ đạo …, Sở … yêu cầu …", "Trước dự báo …, lãnh đạo TP …").
_OPENING_CLAUSE = re.compile(
    r"^(?:để|nhằm|thực hiện|theo|trước|trên cơ sở|sau khi|thông qua|với|cùng với|tại|qua"
    r"|căn cứ|về|đối với|trong)(?!\w)",
    re.IGNORECASE,
)
# Words between who directs and the directive verb: "UBND TP vừa yêu cầu", "… cũng đã đề nghị".
_BEFORE_DIRECTIVE = re.compile(
    r"(?:\s+(?:vừa|đã|cũng|mới|tiếp tục|có văn bản|có công văn|đã có văn bản))+\s*$",
    re.IGNORECASE,
)


def directing_frame(frame: str) -> bool:
    """Whether the words before a directive verb only say who directs, after an optional
    opening clause: no act of their own ("Tổng Thanh tra Chính phủ", "Để xử lý …, UBND TP. Đà
    Nẵng vừa"), so that the direction's act is the promise and the frame is dropped; not "Sở X
    chủ trì, phối hợp …, đề nghị …" (the frame is the promise) nor a list of acts."""
    parts = [p for p in re.split(r",\s*", frame.strip()) if p.strip()]
    if not parts:
        return False
    who = _BEFORE_DIRECTIVE.sub("", parts[-1]).strip()
    flat = keys(who)
    if not flat or len(flat) > 16 or holds_act(who):
        return False
    return len(parts) == 1 or bool(_OPENING_CLAUSE.match(parts[0]))


def acts_outside_names(words: str) -> bool:
    """Whether words hold a verb of the lexicon outside the names they give ("Sở Xây dựng",
    "Chi cục Quản lý thị trường" name bodies)."""
    plain = " ".join(w for w in words.split() if not w[:1].isupper())
    return _contains(keys(plain), ACTION_VERBS) is not None


def holds_act(words: str) -> bool:
    """Whether words hold an act: a verb of the lexicon outside the names
    (``acts_outside_names``), or one the tagger reads."""
    if acts_outside_names(words):
        return True
    return any(
        tag == "V" and not _named(word) and fold(word).lower() not in _QUALIFYING
        for word, tag in _tags(words)
    )


def direction(sentence: str, directory: Directory | None) -> tuple[str, str] | None:
    """(the frame before the directive verb, the act it asks) of a reported direction, or
    None (``directed``)."""
    text = unicodedata.normalize("NFC", _MARKER.sub("", sentence)).strip()
    for match in _REPORTED_DIRECTIVE.finditer(text):
        frame = text[: match.start()]
        if len(keys(frame)) < 2 or _NOT_DIRECTING.search(frame) or match.group(0)[:1].isupper():
            continue  # "Ban Chỉ đạo …": a name, not a direction
        rest = text[match.end() :]
        if GIVEN_NOUN.match(rest):
            continue  # "giao ban", "giao lưu": a noun
        agent = _agent_before_verb(rest, directory)
        subject = _kept(agent) if agent else ""
        if not subject or OF_THE_PARTIES.search(subject):
            continue  # "đề nghị Sở Du lịch hai địa phương …": one side's proposal to both
        act = _ASKED.sub("", rest[rest.find(agent) + len(agent) :].strip(" ,"))
        if len(keys(act)) < 3:
            continue
        return frame, f"{subject} {act}".rstrip('”" ')
    return None
