"""Draft commitments from the text of an agreement: one proposal per promise, for review.

``propose(text, parties=…)`` returns the proposals; ``draft`` returns them with the framing
sentences. Nothing is written: a coordinator accepts, edits or drops each proposal, and only then
do the actions create commitments and tasks.

How a text becomes proposals:
1. The text is cleaned (HTML dropped, NFC) and cut into paragraphs. The structure of the document
   is read first: a headline or title ("THÔNG BÁO …", "I. MỤC ĐÍCH, YÊU CẦU", "Điều 2. …") is no
   promise; the sections that say why ("Mục đích", "Yêu cầu", "Mục tiêu") are skipped; a line that
   belongs to the task above it ("- Cơ quan chủ trì: …", "- Thời gian thực hiện: …") gives that
   task its lead, partners, deadline or rhythm; a sentence that announces what follows ("Hai bên
   thống nhất hợp tác trên các lĩnh vực sau:") is framing, and the items listed after it are
   commitments even without a verb ("b) Văn hóa, ẩm thực và du lịch.").
2. Each sentence (underthesea's sentence tokenizer, the list marker kept) loses its framing
   ("Theo đó,", "Về kinh tế,"), the parties as subject ("Hai bên", "Các địa phương") and the
   bodies that only make another act ("Ủy ban nhân dân hai thành phố chỉ đạo Sở X …",
   "Giao Sở X chủ trì …"): the promise starts at the assigned body.
3. A sentence is cut into promises at semicolons, at a comma followed by a new cooperation verb,
   at "và" followed by a verb of its own (the tagger confirms it; "trao đổi kinh nghiệm A và B"
   stays one), and at an enumeration of fields ("như: A, B, C"). A piece that does not start with
   a verb takes the shared head of its sentence, a piece split at "và" the bodies that open it; a
   piece that only gives a deadline ("báo cáo kết quả trước ngày …") is the deadline of the one
   before.
4. A piece is a promise when, after its subject (the bodies it names first, however long), comes a
   verb — of the lexicon, or as underthesea's tagger reads it — and no reported speech ("khẳng
   định", "đánh giá cao") nor past ("đã"). A capitalised verb inside a name is not a verb.
5. Fields come from ``fields.FieldModel``: what each field is (name, keywords, and a profile of
   the functions that the law gives the body carrying it), the words behind each field kept;
   several fields when the text supports several; none when nothing fits.
6. The lead and partners are the bodies the text names (``organisations.Directory``: base names,
   abbreviations, "… hai thành phố", merged bodies through their successors), else those of the
   task's lines, of its sentence, of the body issuing the text; only when the text names nobody
   do the counterpart links by field give them. Deadlines and rhythms come from ``dates``.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Q

from hoptac.core.models import CooperationField, CounterpartLink, Locality, Organisation

from .dates import deadline, recurrence
from .fields import FieldModel
from .organisations import Directory, Mention
from .text import (  # noqa: F401  (fold, syllables, keys: the forms tests and callers use)
    _SYLLABLE,
    MAX_SEGMENTED,
    _phrase_forms,
    _surface,
    _Words,
    _words,
    fold,
    keys,
    syllables,
)

# A cooperation programme of 15 pages is about 45 000 characters (the seed article: 3 300);
# beyond this the text is refused rather than drafted slowly into proposals nobody can review.
MAX_CHARS = 50_000

# Syllables a piece needs to stand as a commitment on its own, and to be cut off by a comma.
MIN_SYLLABLES = 4
MIN_CLAUSE = 6
# Verbs near the start of a piece: within this many syllables.
VERB_WINDOW = 8


@dataclass
class Proposal:
    """A proposed commitment, shown for review; nothing is saved.

    ``fields``: codes of CooperationField, best first (empty: no field fits); ``field_scores``
    and ``field_words``: every field seen, with the words behind it; ``lead``/``partners``: from
    the bodies the text names, else from the counterpart links by field; ``lead_named``: the words
    that name the lead, also when the directory lacks it; ``due``: the last day the text allows;
    ``recurrence``: the rhythm it asks for (monthly, quarterly, half-yearly, yearly…);
    ``confidence`` (0–1); ``reasons``: what each of these was read from, for the review form.
    """

    text: str
    paragraph: int
    fields: list[str] = field(default_factory=list)
    field_scores: dict[str, float] = field(default_factory=dict)
    field_words: dict[str, list[str]] = field(default_factory=dict)
    lead: Organisation | None = None
    partners: list[Organisation] = field(default_factory=list)
    lead_named: str = ""
    due: dt.date | None = None
    recurrence: str = ""
    confidence: float = 0.0
    source: str = ""  # the sentence of the source it comes from, for highlighting
    reasons: dict[str, str] = field(default_factory=dict)

    @property
    def no_field_fits(self) -> bool:
        return not self.fields

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "paragraph": self.paragraph,
            "fields": list(self.fields),
            "field_scores": dict(self.field_scores),
            "field_words": {k: list(v) for k, v in self.field_words.items()},
            "lead": self.lead.pk if self.lead else None,
            "partners": [o.pk for o in self.partners],
            "lead_named": self.lead_named,
            "due": self.due.isoformat() if self.due else None,
            "recurrence": self.recurrence,
            "confidence": self.confidence,
            "source": self.source,
            "reasons": dict(self.reasons),
        }


@dataclass
class Framing:
    """A sentence that introduces commitments without being one ("… như sau:")."""

    text: str
    paragraph: int


@dataclass
class Draft:
    """What ``draft`` reads from a text: the proposals and the framing sentences."""

    proposals: list[Proposal] = field(default_factory=list)
    framing: list[Framing] = field(default_factory=list)


def _lexicon(*phrases: str) -> tuple[tuple[str, ...], ...]:
    """Phrases in both forms, longest first, so that the longest phrase wins."""
    forms = {form for p in phrases for form in _phrase_forms(p)}
    return tuple(sorted(forms, key=lambda f: (-len(f), f)))


# Verbs that open a promise of cooperation; a comma followed by one starts a new promise.
COOPERATION_VERBS = _lexicon(
    "trao đổi",
    "chia sẻ",
    "hợp tác",
    "phối hợp",
    "tăng cường",
    "đẩy mạnh",
    "xây dựng",
    "tạo điều kiện",
    "hỗ trợ",
    "tổ chức",
    "kêu gọi",
    "thúc đẩy",
    "kết nối",
    "nghiên cứu",
    "hoàn thiện",
    "cùng",
    "tiếp tục",
    "thu hút",
    "liên kết",
    "học tập",
)
# Verbs that may also open a promise, but only continue a sentence (never cut at a comma).
ACTION_VERBS = COOPERATION_VERBS + _lexicon(
    "triển khai",
    "thực hiện",
    "nâng cao",
    "đổi mới",
    "phát triển",
    "thí điểm",
    "cải thiện",
    "quản lý",
    "đề xuất",
    "xác định",
    "cập nhật",
    "lập",
    "đào tạo",
    "bồi dưỡng",
    "sắp xếp",
    "thành lập",
    "giới thiệu",
    "đôn đốc",
    "theo dõi",
    "kiểm tra",
    "cung cấp",
    "chủ trì",
    "khuyến khích",
    "tham mưu",
    "rà soát",
    "tổng kết",
    "hoàn thành",
    "tích hợp",
    "nghiên cứu",
    "cử",
)
# Verbs after "và" that start a promise of their own ("… và chia sẻ kinh nghiệm …").
COORDINATED_VERBS = COOPERATION_VERBS + _lexicon(
    "triển khai",
    "thí điểm",
    "giới thiệu",
    "hoàn thành",
    "tổ chức",
    "trao đổi thông tin",
    "tổng hợp",
)
_PURPOSE_WORDS = _lexicon("nhằm", "để", "phục vụ", "theo hướng")
# Verbs of one body making another act: what follows is the promise ("… chỉ đạo Sở X phối hợp").
DIRECTIVE = re.compile(
    r"(?<!\w)(?:chỉ đạo|giao cho|giao|yêu cầu|đề nghị|lãnh đạo)\s+", re.IGNORECASE
)
# Reported speech and evaluation: a sentence with one of these is news, not a promise.
REPORTING = _lexicon(
    "khẳng định",
    "nhấn mạnh",
    "cho biết",
    "nêu rõ",
    "phát biểu",
    "đánh giá cao",
    "góp phần",
    "ban hành",
    "truyền đạt",
    "thông báo để",
    # Assessments of what was done: "… cơ bản đạt yêu cầu, một số nội dung còn chậm".
    "đạt yêu cầu",
    "còn chậm",
    "ghi nhận",
    "biểu dương",
    "hoan nghênh",
)
# Verbs of experience: "<verb> kinh nghiệm" is the head that enumerated topics share.
EXPERIENCE_VERBS = _lexicon("trao đổi", "chia sẻ", "học tập")
_EXPERIENCE = _lexicon("kinh nghiệm")
_TOPIC_NOUNS = _lexicon("công tác", "việc")  # "… kinh nghiệm trong công tác …"
_ABOUT = _lexicon("về")
_PAST = _lexicon("đã")

# The parties as a subject ("Hai địa phương", "thành phố Hà Nội và Đà Nẵng") and what follows it
# that is not part of the promise ("cũng", "thống nhất chỉ đạo").
_NAME = r"(?:[A-ZĐ][\w]*(?:\s+[A-ZĐ][\w]*){0,3})"
_UNIT = r"(?:(?:thành phố|Thành phố|tỉnh|Tỉnh|TP\.?)\s+)"
_SUBJECT = re.compile(
    rf"^(?:(?:cả\s+)?(?:hai|Hai|Cả hai|các|Các|ba|Ba|bốn|Bốn|mỗi|Mỗi)\s+"
    r"(?:địa phương|thành phố|bên|Bên|tỉnh|đơn vị|Sở)(?![\w])"
    rf"|{_UNIT}?{_NAME}\s+và\s+{_UNIT}?{_NAME})"
    r"(?:\s+(?:cũng|sẽ|đã|cùng))?"
    r"(?:\s+thống nhất)?(?:\s+(?:chỉ đạo|giao|yêu cầu))?\s+",
)
# Framing at the start of a sentence.
_FRAMING = re.compile(
    r"^(?:theo đó|trong đó|đồng thời|bên cạnh đó|ngoài ra|mặt khác|cụ thể"
    r"|theo chương trình|theo kế hoạch|theo thỏa thuận)\s*,\s*"
    r"|^(?:đặc biệt là|đặc biệt|nhất là|trước hết là|trong đó có)\s*,?\s*",
    re.IGNORECASE,
)
# A topic phrase up to the first comma when the parties follow ("Về kinh tế, hai bên …"),
# or when it says that it is one ("Trong công tác xây dựng Đảng, Ban Tổ chức …").
_TOPIC = re.compile(r"^[^,;:]{2,80}?,\s*(?=\S)")
_TOPIC_LEAD = re.compile(
    r"^(?:về|trong công tác|trong lĩnh vực|đối với)\s[^,;:]{1,80}?,\s*(?=\S)",
    re.IGNORECASE,
)
# A list marker: "a)", "đ)", "1.", "2.3.", "-", "•".
_MARKER = re.compile(r"^\s*(?:[a-zđ]\)|\d{1,2}(?:\.\d{1,2})*[.)]|[-–•+])\s+")
# A title: "I. MỤC ĐÍCH", "Điều 2. Lĩnh vực hợp tác", "1. Về quy hoạch" (no closing stop).
_HEADING = re.compile(r"^(?:[IVX]{1,4}\.|Điều\s+\d+|Chương\s+[IVX\d]+|Phần\s+)", re.IGNORECASE)
# A line that belongs to the task above it: its lead, partners or time.
_ATTRIBUTE = re.compile(
    r"^\s*(?:[-–•+]\s*)?(?P<key>(?:cơ quan|đơn vị)\s+(?:chủ trì|phối hợp|thực hiện)"
    r"|thời gian(?:\s+(?:thực hiện|hoàn thành))?|thời hạn(?:\s+hoàn thành)?|tiến độ)\s*:",
    re.IGNORECASE,
)
_ATTRIBUTE_PART = re.compile(
    r"(?P<key>(?:cơ quan|đơn vị)\s+(?:chủ trì|phối hợp|thực hiện)|thời gian(?:\s+(?:thực hiện|"
    r"hoàn thành))?|thời hạn(?:\s+hoàn thành)?|tiến độ)\s*:\s*(?P<value>[^;]*)",
    re.IGNORECASE,
)
# A sentence that announces what follows ("… như sau:", "… các lĩnh vực sau:").
_FRAMING_END = re.compile(
    r"(?:như sau|sau đây"
    r"|(?:các|những)\s+(?:nội dung|lĩnh vực|nhiệm vụ|vấn đề)(?:[^.:;]{0,40})?\s+sau"
    r"|bao gồm|gồm)\s*[:.]?\s*$|:\s*$",
    re.IGNORECASE,
)
# A news agency tag ("HNP - ").
_AGENCY = re.compile(r"^[A-ZĐ]{2,10}\s*[-–—]\s*")
# An enumeration: a colon, optionally after "như"/"gồm"; the head ends there.
_ENUMERATION = re.compile(r"\s*,?\s*(?:như|gồm|bao gồm)?\s*:\s*", re.IGNORECASE)
# The words that introduce the enumerated fields in the head ("trên các lĩnh vực mà …").
_FIELDS_INTRO = re.compile(
    r"\s*(?:(?P<prep>trên|trong|về|ở)\s+)?(?:các|một số|những|nhiều)?\s*lĩnh vực\b.*$",
    re.IGNORECASE,
)
_HEADLINE_END = re.compile(r"[.!?;:…]\s*$")
_TAGS = re.compile(r"<[^>]*>")
_SCRIPTS = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BLOCK_TAGS = re.compile(r"<\s*(?:br|/p|/div|/li|/h[1-6]|/tr)\b[^>]*>", re.IGNORECASE)


# --- Cleaning and paragraphs --------------------------------------------------------------------


def clean(text: str) -> str:
    """The plain text of what was pasted: HTML dropped, NFC, one space between words."""
    if not isinstance(text, str):
        raise ValidationError("The text of the agreement must be text.", code="invalid")
    if len(text) > MAX_CHARS:
        raise ValidationError(
            "The text is too long to draft from (%(length)s characters; at most %(limit)s).",
            code="too_long",
            params={"length": len(text), "limit": MAX_CHARS},
        )
    if "<" in text and ">" in text:
        text = _SCRIPTS.sub(" ", text)
        text = _BLOCK_TAGS.sub("\n\n", text)
        text = _TAGS.sub(" ", text)
        text = html.unescape(text)
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch if ch in "\n\t" or unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def paragraphs(text: str) -> list[tuple[int, str]]:
    """(number, text) of each paragraph; a headline first (no closing punctuation) is number 0."""
    if re.search(r"\n\s*\n", text):
        blocks = [" ".join(b.split()) for b in re.split(r"\n\s*\n", text)]
    else:
        blocks = [" ".join(line.split()) for line in text.split("\n")]
    blocks = [b for b in blocks if b]
    numbered: list[tuple[int, str]] = []
    number = 0
    for i, block in enumerate(blocks):
        if i == 0 and len(blocks) > 1 and len(block) < 300 and not _HEADLINE_END.search(block):
            numbered.append((0, block))
            continue
        number += 1
        numbered.append((number, block))
    return numbered


def _starts_with(seq: Sequence[str], lexicon: Iterable[tuple[str, ...]], at: int = 0) -> int:
    """Length of the lexicon phrase found at seq[at:], or 0."""
    for phrase in lexicon:
        if tuple(seq[at : at + len(phrase)]) == phrase:
            return len(phrase)
    return 0


def _contains(seq: Sequence[str], lexicon: Iterable[tuple[str, ...]], limit: int | None = None):
    """The first position where a lexicon phrase starts (within limit), or None."""
    end = len(seq) if limit is None else min(limit, len(seq))
    for i in range(end):
        if _starts_with(seq, lexicon, i):
            return i
    return None


def _opens_with_verb(piece: str, lexicon=ACTION_VERBS) -> bool:
    """Whether the piece opens with a verb of the lexicon as a whole word (not "hợp tác xã")."""
    head = piece[:80]
    if not _starts_with(keys(head), lexicon):
        return False  # no verb at all: no need to segment
    words = _words(head)
    length = _starts_with(words.flat, lexicon)
    return bool(length) and length in words.boundaries


# --- Sentences into promises --------------------------------------------------------------------


def _strip_framing(sentence: str, directory: Directory | None = None) -> str:
    """Drop the list marker, the framing, the topic phrase, the parties as subject and the
    bodies that only make another act ("Ủy ban nhân dân hai thành phố chỉ đạo Sở X …")."""
    s = _MARKER.sub("", _AGENCY.sub("", sentence.strip()))
    for _ in range(3):
        before = s
        s = _FRAMING.sub("", s)
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
    return _after_directive(s.strip(), directory)


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
    for match in DIRECTIVE.finditer(head):
        rest = text[match.end() :]
        if _starts_with_body(rest, directory) or re.match(r"(?:các|Các)\s+(?:sở|cơ quan)", rest):
            if match.start() == 0 or _before_is_subject(text[: match.start()], directory):
                cut = match.end()
    if cut is None:
        return text
    rest = text[cut:]
    return rest[:1].upper() + rest[1:]


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
    # lãnh đạo … chỉ đạo …": a body names who directs, at the start or right before the verb.
    return bool(mentions) and (mentions[0].start == 0 or mentions[-1].end >= len(text))


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


def _split_at_verbs(clause: str) -> list[str]:
    """Cut a clause at ", <cooperation verb>" when both sides are clauses of their own."""
    pieces = _split_top(clause, ",")
    counts = [len(syllables(p)) for p in pieces]
    remaining = sum(counts)
    out: list[list[str]] = []
    left: list[str] = []  # the last syllables of the current output piece
    for piece, count in zip(pieces, counts, strict=True):
        if out:
            # "trao đổi, chia sẻ kinh nghiệm": verbs in a row share their object.
            left_ends_with_verb = any(tuple(left[-len(v) :]) == v for v in ACTION_VERBS)
            if (
                len(left) >= MIN_CLAUSE
                and not left_ends_with_verb
                and remaining >= MIN_CLAUSE
                and _opens_with_verb(piece, COOPERATION_VERBS)
            ):
                out.append([piece])
                left = list(keys(piece))
            else:
                out[-1].append(piece)
                left = (left + list(keys(piece)))[-16:]  # enough for the checks above
        else:
            out.append([piece])
            left = list(keys(piece))
        remaining -= count
    return [", ".join(parts) for parts in out]


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


def _enumeration(clause: str, matcher: FieldModel) -> list[str] | None:
    """ "…, như: A, B, C" -> ["… về A", "… về B", "… về C"] when the items are fields."""
    match = _ENUMERATION.search(clause)
    if not match:
        return None
    head, tail = clause[: match.start()].strip(" ,"), clause[match.end() :].strip()
    if len(syllables(head)) < 3 or not tail:
        return None
    intro = _FIELDS_INTRO.search(head)
    if intro:
        head = head[: intro.start()].strip(" ,")
    head = head if _starts_with(keys(head)[-1:], _ABOUT) else f"{head} về"
    items = _enumerated_items(tail, matcher)
    if len(items) < 2:
        return None
    return [f"{head} {_lower_first(item)}" for item in items]


def _enumerated_items(tail: str, matcher: FieldModel) -> list[str]:
    """Items of an enumeration; commas inside a known field phrase do not cut, nor do items
    that carry the same field as the one before ("Quy hoạch, phát triển và quản lý đô thị")."""
    pieces = [p for p in re.split(r"\s*[,;]\s*", tail) if p]
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


@functools.lru_cache(maxsize=4096)
def _tags(text: str) -> tuple[tuple[str, str], ...]:
    from underthesea import pos_tag

    return tuple(pos_tag(text))


def _is_promise(piece: str, directory: Directory | None = None) -> bool:
    """Whether a piece reads as a promise: after its subject (the bodies it names first) comes
    a verb — of the lexicon, or as the tagger reads it — and no reported speech nor past."""
    flat = keys(piece)
    if len(flat) < MIN_SYLLABLES:
        return False
    if _contains(flat, REPORTING) is not None:
        return False
    start = _subject_end(piece, directory)
    window = flat[start:]
    verb_at = _verb_at(piece, window, start)
    if verb_at is None:
        if not window or not _tagged_verb_at(piece, start):
            return False
        verb_at = 0
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
        verb = _starts_with(keys(part), COORDINATED_VERBS)
        opens = bool(verb) and (not experience or _starts_with(keys(part), EXPERIENCE_VERBS))
        left_ends_with_verb = any(tuple(flat_left[-len(v) :]) == v for v in ACTION_VERBS)
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


def _subject_text(piece: str, directory: Directory | None) -> str:
    end = _subject_end(piece, directory)
    return _surface(piece, 0, end) if end else ""


def split_promises(
    sentence: str, matcher: FieldModel, directory: Directory | None = None
) -> list[tuple[str, bool]]:
    """The promises of one sentence as (text, opens with a verb of its own)."""
    stripped = _strip_framing(sentence, directory)
    if not stripped:
        return []
    clauses = _split_top(stripped, ";")
    head: str | None = None
    out: list[tuple[str, bool]] = []
    for index, clause in enumerate(clauses):
        clause = _FRAMING.sub("", clause).strip()
        enumerated = None
        if _ENUMERATION.search(clause):
            # An enumeration runs to the end of the sentence, its items often cut by ";".
            enumerated = _enumeration("; ".join([clause, *clauses[index + 1 :]]), matcher)
        if enumerated:
            pieces = enumerated
        else:
            pieces = [p for cut in _split_at_verbs(clause) for p in _split_at_and(cut, directory)]
        for j, piece in enumerate(pieces):
            own_verb = _opens_with_verb(piece)
            if index == 0 and j == 0:
                if not _is_promise(piece, directory):
                    break
                head = _experience_head(piece)
                out.append((piece, own_verb))
                continue
            if enumerated:
                out.append((piece, True))
                continue
            if len(syllables(piece)) < MIN_SYLLABLES:
                continue  # a fragment, such as the cut-off end of the seed ("hoàn th")
            if _only_a_deadline(piece):
                continue  # "…; báo cáo kết quả trước ngày 30/6/2026": the date of the promise
            headed = piece
            if head and not _opens_with_verb(piece, COOPERATION_VERBS):
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


# --- Parties and counterparts -------------------------------------------------------------------


def infer_parties(text: str, localities: Iterable[Locality] | None = None) -> list[Locality]:
    """Localities named in the text, in order of first mention ("Hà Nội", "Đà Nẵng")."""
    flat = syllables(text)
    joined = " " + " ".join(flat) + " "
    found: list[tuple[int, Locality]] = []
    for loc in localities if localities is not None else Locality.objects.all():
        name = re.sub(r"^(thành phố|tỉnh)\s+", "", loc.name_vi.strip(), flags=re.IGNORECASE)
        key = " " + " ".join(syllables(name)) + " "
        at = joined.find(key)
        if len(key.strip()) > 2 and at >= 0:
            found.append((at, loc))
    return [loc for _, loc in sorted(found, key=lambda item: (item[0], item[1].code))]


class _Counterparts:
    """Lead and partners by field, through the counterpart links, with one query."""

    def __init__(self, parties: Sequence[Locality]):
        self.parties = list(parties)
        self.by_field: dict[str, list[CounterpartLink]] = defaultdict(list)
        if not self.parties:
            return
        ids = [p.pk for p in self.parties]
        links = CounterpartLink.objects.filter(
            Q(organisation_a__locality_id__in=ids) | Q(organisation_b__locality_id__in=ids)
        ).select_related("organisation_a", "organisation_b", "field")
        for link in links.order_by("pk"):
            self.by_field[link.field.code].append(link)

    def resolve(self, codes: Sequence[str]) -> tuple[Organisation | None, list[Organisation]]:
        """The body of the first party carrying the first field that has one, and its
        counterparts in the other parties (links with the other parties first)."""
        if not self.parties:
            return None, []
        first, others = self.parties[0].pk, {p.pk for p in self.parties[1:]}
        for code in codes:
            candidates: list[tuple[tuple[bool, bool], Organisation, Organisation]] = []
            for link in self.by_field.get(code, []):
                for mine, theirs in (
                    (link.organisation_a, link.organisation_b),
                    (link.organisation_b, link.organisation_a),
                ):
                    if mine.locality_id == first:
                        # Links with the other parties first, then bodies that exist today.
                        rank = (theirs.locality_id not in others, not mine.is_current)
                        candidates.append((rank, mine, theirs))
            if not candidates:
                continue
            candidates.sort(key=lambda c: c[0])  # stable: links in the order they were made
            lead = candidates[0][1]
            partners: list[Organisation] = []
            for _rank, mine, theirs in candidates:
                if mine == lead and theirs.locality_id in others and theirs not in partners:
                    partners.append(theirs)
            return lead, partners
        return None, []


def parties_of(agreement) -> list[Locality]:
    """The parties of an agreement for ``propose``: the issuer's locality first, then the
    others (by code)."""
    first = agreement.issuer.locality
    return [first, *(loc for loc in agreement.parties.all() if loc.pk != first.pk)]


# --- The whole text -----------------------------------------------------------------------------


@dataclass
class _Item:
    paragraph: int
    text: str
    sentence: str
    own_verb: bool
    subject: list[Mention] = field(default_factory=list)
    attributes: dict = field(default_factory=dict)


_BODY_KINDS = {"department", "party_board", "pc_office", "sector_body"}


def _is_heading(block: str) -> bool:
    """A title: "I. MỤC ĐÍCH, YÊU CẦU", "Điều 2. …", "KẾ HOẠCH …", "1. Về quy hoạch" (no stop)."""
    body = _MARKER.sub("", block).strip()
    if _HEADING.match(block) and len(block) < 160:
        return True
    first = body.split()[:2]
    if first and all(w.isupper() and len(w) > 1 for w in first):
        return True
    return not _HEADLINE_END.search(block) and len(block) < 120 and bool(_MARKER.match(block))


# The sections of a plan that say why, not what: "I. MỤC ĐÍCH, YÊU CẦU", "Điều 1. Mục tiêu".
_PURPOSE = re.compile(r"\b(?:muc dich|yeu cau|muc tieu|quan diem|can cu)\b")


def _sentences(paragraph: str, tokenize) -> list[str]:
    """The sentences of a paragraph, its list marker kept on the first ("1. Quy hoạch …": the
    sentence tokenizer would cut "1." off)."""
    marker = _MARKER.match(paragraph)
    body = paragraph[marker.end() :] if marker else paragraph
    sentences = [s for s in tokenize(body) if _SYLLABLE.search(s)]
    if marker and sentences:
        sentences[0] = marker.group(0) + sentences[0]
    return sentences


def _is_framing(sentence: str) -> bool:
    body = _MARKER.sub("", sentence).strip()
    return bool(_FRAMING_END.search(body)) and len(syllables(body)) >= 3


def _leading(mentions: list[Mention], text: str) -> list[Mention]:
    """The bodies that open a text (its subject), joined by "và", commas or "phối hợp với"."""
    chain, position = [], 0
    for mention in mentions:
        gap = text[position : mention.start].strip(" ,")
        if position == 0 and mention.start != 0:
            break
        if gap not in (
            "",
            "và",
            "với",
            "phối hợp với",
            "chủ trì, phối hợp với",
            "chủ trì phối hợp với",
        ):
            break
        chain.append(mention)
        position = mention.end
    return chain


def _attributes(line: str, directory: Directory) -> dict:
    """ "Cơ quan chủ trì: Sở Nội vụ; cơ quan phối hợp: Sở Tài chính", "Thời gian: quý III/2026"."""
    found: dict = {}
    for match in _ATTRIBUTE_PART.finditer(line):
        key, value = fold(match.group("key")), match.group("value")
        if "chu tri" in key or "thuc hien" in key and "thoi" not in key:
            found["lead"] = directory.mentions(value)
        elif "phoi hop" in key:
            found["partners"] = directory.mentions(value)
        else:
            due, rhythm = deadline(value), recurrence(value)
            if due:
                found["due"] = due
            if rhythm:
                found["recurrence"] = rhythm
    return found


def draft(
    text: str, *, parties: list[Locality] | None = None, today: dt.date | None = None
) -> Draft:
    """The commitments proposed from an agreement's text, in source order, and the framing
    sentences; nothing is saved. See ``propose``."""
    from underthesea import sent_tokenize

    text = clean(text)
    if not text.strip():
        return Draft()
    fields = list(CooperationField.objects.all())
    model = FieldModel(fields)
    if parties is None:
        parties = infer_parties(text)
    directory = Directory(parties, today)
    items: list[_Item] = []
    framing: list[Framing] = []
    issuer: list[Mention] = []  # a body that issues the text leads what names nobody
    last_task: list[int] = []
    under_framing = purpose = False
    for number, paragraph in paragraphs(text):
        if number == 0 or (number == 1 and _is_heading(paragraph)):
            issuer = issuer or _issuing_body(directory.mentions(paragraph), directory)
            continue
        if _ATTRIBUTE.match(paragraph):
            for index in last_task:
                for key, value in _attributes(paragraph, directory).items():
                    items[index].attributes.setdefault(key, value)
            continue
        if _is_heading(paragraph):
            under_framing, last_task = False, []
            purpose = bool(_PURPOSE.search(fold(paragraph)))
            continue
        if purpose:
            continue
        current: list[int] = []
        for sentence in _sentences(paragraph, sent_tokenize):
            if _is_framing(sentence):
                framing.append(Framing(sentence, number))
                under_framing = True
                issuer = _issuing_body(directory.mentions(sentence), directory) or issuer
                continue
            pieces = split_promises(sentence, model, directory)
            bare = _MARKER.sub("", sentence).strip()
            if not pieces and under_framing and _listed_field(sentence, bare):
                pieces = [(bare, False)]  # a field listed after "… các lĩnh vực sau:"
            stripped = _strip_framing(sentence, directory)
            subject = _leading(directory.mentions(stripped[:300]), stripped)
            for piece, own_verb in pieces:
                current.append(len(items))
                items.append(_Item(number, _finish(piece), sentence, own_verb, subject))
        if current:
            last_task = current
    if not items:
        return Draft(framing=framing)
    return Draft(_proposals(items, model, directory, parties, issuer), framing)


def _listed_field(sentence: str, bare: str) -> bool:
    """An item listed after a framing sentence that names a field of cooperation without a verb
    ("b) Văn hóa, ẩm thực và du lịch."): short, and no assessment nor reported speech."""
    flat = keys(bare)
    return (
        bool(_MARKER.match(sentence))
        and 3 <= len(flat) <= 25
        and _contains(flat, REPORTING) is None
    )


def _issuing_body(mentions: list[Mention], directory: Directory) -> list[Mention]:
    """The bodies of a heading or framing sentence that lead its tasks: departments and boards,
    not the Party or People's Committee that signs for the whole city."""
    chosen = []
    for mention in mentions:
        body = directory.body(mention, directory.parties[0] if directory.parties else None)
        if body is not None and body.kind in _BODY_KINDS:
            chosen.append(mention)
    return chosen


def _proposals(items, model, directory, parties, issuer) -> list[Proposal]:
    counterparts = _Counterparts(parties)
    proposals: list[Proposal] = []
    seen: set[tuple[str, ...]] = set()
    for item in items:
        key = tuple(syllables(item.text))
        if key in seen:
            continue
        seen.add(key)
        scores = model.score(_without_bodies(item.text, directory))
        reasons = {"clause": item.sentence}
        own = _leading(directory.mentions(item.text[:300]), item.text)
        attributes = item.attributes
        if own:
            named = directory.resolve([*own, *_partners_named(item.text, own, directory)])
            reasons["lead"] = "text"
        elif attributes.get("lead"):
            named = directory.resolve([*attributes["lead"], *attributes.get("partners", [])])
            reasons["lead"] = "attribute"
        elif item.subject:
            named = directory.resolve(item.subject)
            reasons["lead"] = "sentence"
        elif issuer:
            named = directory.resolve(issuer)
            reasons["lead"] = "issuer"
        else:
            named = None
        lead, partners, lead_named = None, [], ""
        if named is not None:
            lead, partners, lead_named = named.lead, named.partners, named.named
            if attributes.get("partners") and reasons["lead"] != "attribute":
                for extra in directory.resolve([*own[:1], *attributes["partners"]]).partners:
                    if extra not in partners:
                        partners.append(extra)
        if lead is None and not lead_named:
            lead, partners = counterparts.resolve(scores.codes)
            if lead is not None:
                reasons["lead"] = "counterpart"
        due = (
            deadline(item.text) or deadline(_MARKER.sub("", item.sentence)) or attributes.get("due")
        )
        rhythm = recurrence(item.text) or recurrence(item.sentence) or attributes.get("recurrence")
        text = item.text
        if due:
            reasons["due"] = due.words
            text = _without_deadline(text, due.words)
        if rhythm:
            reasons["recurrence"] = rhythm.words
        if lead_named:
            reasons["lead_words"] = lead_named
        length = len(key)
        confidence = (
            (0.3 if item.own_verb else 0.15)
            + 0.5 * scores.confidence
            + (0.2 if MIN_CLAUSE <= length <= 60 else 0.05)
        )
        proposals.append(
            Proposal(
                text=text,
                paragraph=item.paragraph,
                fields=scores.codes,
                field_scores=scores.scores,
                field_words=scores.words,
                lead=lead,
                partners=partners,
                lead_named=lead_named,
                due=due.value if due else None,
                recurrence=rhythm.value if rhythm else "",
                confidence=round(min(confidence, 1.0), 2),
                source=item.sentence,
                reasons=reasons,
            )
        )
    return proposals


_DEADLINE_TAIL = re.compile(
    r"(?:,\s*(?:hoàn thành|dự kiến|báo cáo kết quả|thời gian)[^,;]{0,60}?"
    r"|\s*\(\s*|\s+(?:(?:hoàn thành\s+)?(?:trong|vào|trước|chậm nhất|đến|từ nay đến)\s+)?"
    r"(?:ngày\s+)?)$",
    re.IGNORECASE,
)


def _without_deadline(text: str, words: str) -> str:
    """The promise without the deadline at its end, which becomes the task's due date:
    "Tổ chức sơ kết vào quý IV/2026." -> "Tổ chức sơ kết.", "…, hoàn thành trong quý II/2026."
    -> "…"."""
    at = text.rfind(words)
    if at < 0 or text[at + len(words) :].strip(" .)") != "":
        return text
    head = text[:at]
    match = _DEADLINE_TAIL.search(head)
    cut = match.start() if match else len(head)
    kept = head[:cut].rstrip(" ,;(")
    if len(syllables(kept)) < MIN_SYLLABLES:
        return text
    return _finish(kept)


def _without_bodies(text: str, directory: Directory) -> str:
    """The text with the bodies it names blanked: who acts is not what the promise is about
    ("Sở Khoa học và Công nghệ … xây dựng khung kiến trúc dữ liệu")."""
    for mention in reversed(directory.mentions(text)):
        text = text[: mention.start] + " " * (mention.end - mention.start) + text[mention.end :]
    return text


def _partners_named(text: str, subject: list[Mention], directory: Directory) -> list[Mention]:
    """Bodies the text names after "phối hợp với" / "với" beyond its subject."""
    after = subject[-1].end if subject else 0
    found = []
    for mention in directory.mentions(text):
        if mention.start < after:
            continue
        before = text[max(0, mention.start - 20) : mention.start]
        if re.search(r"(?:với|cùng)\s*$", before):
            found.append(mention)
    return found


def propose(
    text: str, *, parties: list[Locality] | None = None, today: dt.date | None = None
) -> list[Proposal]:
    """The commitments proposed from an agreement's text, in source order; nothing is saved.

    ``parties``: the localities of the agreement, the issuer's first; when None they are the
    localities named in the text, in order of first mention. ``today`` decides which bodies
    exist (a merged body's work goes to its successor). Raises ValidationError (code
    ``too_long``) above MAX_CHARS characters; returns [] when no promise is found. Framing
    sentences are left out: ``draft`` returns them too.
    """
    return draft(text, parties=parties, today=today).proposals
