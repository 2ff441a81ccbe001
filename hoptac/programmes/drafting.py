"""Draft commitments from the text of an agreement: one proposal per promise, for review.

``propose(text)`` reads the cooperation fields and counterpart links and returns proposals; it
writes nothing. A coordinator accepts, edits or drops each proposal, and only then do the
actions create commitments.

How a text becomes proposals:
1. The text is cleaned (HTML tags and scripts dropped, NFC) and cut into paragraphs; a first
   block without sentence punctuation is a headline and is not numbered.
2. Each paragraph is cut into sentences by underthesea; the framing of each sentence ("Theo đó,",
   "Về kinh tế,", "Đặc biệt là") and its subject when it is the parties ("Hai địa phương",
   "thành phố Hà Nội và Đà Nẵng", "Hai bên thống nhất chỉ đạo") are dropped.
3. A sentence is cut into promises at semicolons, at a comma followed by a new cooperation verb
   (when both sides are clauses of their own), and at an enumeration of fields ("như: A, B, C",
   to the end of the sentence, its items cut by commas or semicolons; items of the same field,
   or inside a field's name, stay together: "Quy hoạch, phát triển và quản lý đô thị").
   A piece that does not start with a verb takes the shared head of its sentence ("Trao đổi kinh
   nghiệm", "Các sở, ngành liên quan phối hợp, … về"), so that each proposal reads on its own.
4. Pieces that are not promises are skipped: no cooperation verb near their start, reported speech
   ("khẳng định", "nêu rõ"), what has been done ("đã"), fragments.
5. Fields are ranked by the keywords and names of ``CooperationField`` (from the database, so
   fields and keywords added by coordinators count), matched on whole syllables, longest match
   first, weighted by length and by whether the match follows underthesea's word boundaries; the
   fields of the whole paragraph break ties. A text typed without marks is matched folded ("quan
   ly thue", đ -> d); a text with marks keeps them ("thuê đất" is not "thuế"), whatever the tone
   placement ("hoà" = "hòa"). Fields within FIELD_RATIO of the best are all proposed.
6. Lead and partners come from ``CounterpartLink`` for the first field that has one: the lead is
   the counterpart in the first party (the issuer's city), the partners those in the others.
"""

from __future__ import annotations

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

# A cooperation programme of 15 pages is about 45 000 characters (the seed article: 3 300);
# beyond this the text is refused rather than drafted slowly into proposals nobody can review.
MAX_CHARS = 50_000
# Word segmentation is for pieces of sentence size; longer runs fall back to syllables.
MAX_SEGMENTED = 3_000

# Syllables a piece needs to stand as a commitment on its own, and to be cut off by a comma.
MIN_SYLLABLES = 4
MIN_CLAUSE = 6
# A field is proposed with the best one when its own score reaches this share of the best.
FIELD_RATIO = 0.75
# How much the fields of the whole paragraph weigh next to the sentence's own keywords.
CONTEXT_WEIGHT = 1.0
# Verbs near the start of a piece: within this many syllables.
VERB_WINDOW = 8


@dataclass
class Proposal:
    """A proposed commitment, shown for review; nothing is saved.

    ``fields``: codes of CooperationField, best first; ``field_scores``: every field seen, with
    the paragraph's context; ``confidence`` (0–1): higher when the piece opens with its own
    cooperation verb, carries strong field keywords and has a commitment's length.
    """

    text: str
    paragraph: int
    fields: list[str] = field(default_factory=list)
    field_scores: dict[str, float] = field(default_factory=dict)
    lead: Organisation | None = None
    partners: list[Organisation] = field(default_factory=list)
    confidence: float = 0.0
    source: str = ""  # the sentence of the source it comes from, for highlighting

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "paragraph": self.paragraph,
            "fields": list(self.fields),
            "field_scores": dict(self.field_scores),
            "lead": self.lead.pk if self.lead else None,
            "partners": [o.pk for o in self.partners],
            "confidence": self.confidence,
            "source": self.source,
        }


# --- Text forms ---------------------------------------------------------------------------------

_SYLLABLE = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower case without any mark, đ -> d ("Đô thị hoà" -> "do thi hoa")."""
    text = unicodedata.normalize("NFC", text or "").lower().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def syllables(text: str) -> list[str]:
    """The folded syllables of a text (punctuation dropped)."""
    return list(_folded_syllables(text))


@functools.lru_cache(maxsize=8192)
def _folded_syllables(text: str) -> tuple[str, ...]:
    return tuple(_SYLLABLE.findall(fold(text)))


_TONES = {"\u0300": "2", "\u0301": "1", "\u0309": "3", "\u0303": "4", "\u0323": "5"}


def _marked(syllable: str) -> str:
    """A syllable with its marks, the tone as a digit wherever it sits ("hoà", "hòa": "hoa2")."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tone = "".join(_TONES.get(ch, "") for ch in decomposed) or "0"
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES)) + tone


@functools.lru_cache(maxsize=8192)
def keys(text: str) -> tuple[str, ...]:
    """How the syllables of a text are compared. A text written with marks is compared with its
    marks ("thuê" is not "thuế", "cung cấp" is not "cùng"); a text typed without any mark is
    compared folded, so that "quan ly thue" finds "quản lý thuế"."""
    lowered = unicodedata.normalize("NFC", text or "").lower()
    found = _SYLLABLE.findall(lowered)
    if fold(lowered) == lowered:
        return tuple(found)
    return tuple(_marked(s) for s in found)


def _phrase_forms(phrase: str) -> set[tuple[str, ...]]:
    """A phrase as written (with its marks) and folded, so that both kinds of text match."""
    return {keys(phrase), tuple(syllables(phrase))} - {()}


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
    rf"^(?:(?:cả\s+)?(?:hai|Hai|Cả hai)\s+(?:địa phương|thành phố|bên|tỉnh|đơn vị)"
    rf"|{_UNIT}?{_NAME}\s+và\s+{_UNIT}?{_NAME})"
    r"(?:\s+(?:cũng|sẽ|đã))?"
    r"(?:\s+thống nhất)?(?:\s+(?:chỉ đạo|giao|yêu cầu))?\s+",
)
# Framing at the start of a sentence.
_FRAMING = re.compile(
    r"^(?:theo đó|trong đó|đồng thời|bên cạnh đó|ngoài ra|mặt khác|cụ thể)\s*,\s*"
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


# --- Words --------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _words(text: str) -> _Words:
    """underthesea's segmentation of a piece, once per piece."""
    return _Words(text)


class _Words:
    """A piece of text as underthesea's words, with the keys of their syllables."""

    def __init__(self, text: str, segment: bool = True):
        from underthesea import word_tokenize

        if segment and len(text) <= MAX_SEGMENTED:
            self.words = [w for w in word_tokenize(text) if _SYLLABLE.search(w)]
        else:
            self.words = _SYLLABLE.findall(text)
        self.flat = keys(text)  # the whole text decides whether marks count
        counts = [len(_SYLLABLE.findall(w)) for w in self.words]
        self.boundaries = {0}
        position = 0
        for count in counts:
            position += count
            self.boundaries.add(position)
        if position != len(self.flat):  # the segmenter changed the text: every syllable counts
            self.boundaries = set(range(len(self.flat) + 1))


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


def _strip_framing(sentence: str) -> str:
    """Drop the framing, the topic phrase and the parties as subject."""
    s = _AGENCY.sub("", sentence.strip())
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
        if match and _SUBJECT.match(s[match.end() :]):
            s = s[match.end() :]
            s = s[_SUBJECT.match(s).end() :]
        if s == before:
            break
    return s.strip()


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


def _surface(text: str, start: int, end: int) -> str:
    """The original words of syllables [start, end) of the text."""
    spans = [m.span() for m in _SYLLABLE.finditer(unicodedata.normalize("NFC", text))]
    if start >= len(spans):
        return ""
    return text[spans[start][0] : spans[min(end, len(spans)) - 1][1]]


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


def _enumeration(clause: str, matcher: FieldMatcher) -> list[str] | None:
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


def _enumerated_items(tail: str, matcher: FieldMatcher) -> list[str]:
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


def _is_promise(piece: str) -> bool:
    """Whether a piece reads as a promise: a verb near its start, no reported speech."""
    flat = keys(piece)
    if len(flat) < MIN_SYLLABLES:
        return False
    if _contains(flat, REPORTING) is not None:
        return False
    verb_at = _contains(flat, ACTION_VERBS, VERB_WINDOW)
    if verb_at is None:
        return False
    return _contains(flat[:verb_at], _PAST) is None


def split_promises(sentence: str, matcher: FieldMatcher) -> list[tuple[str, bool]]:
    """The promises of one sentence as (text, opens with a verb of its own)."""
    stripped = _strip_framing(sentence)
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
        pieces = enumerated if enumerated else _split_at_verbs(clause)
        for j, piece in enumerate(pieces):
            own_verb = _opens_with_verb(piece)
            if index == 0 and j == 0:
                if not _is_promise(piece):
                    break
                head = _experience_head(piece)
                out.append((piece, own_verb))
                continue
            if enumerated:
                out.append((piece, True))
                continue
            if len(syllables(piece)) < MIN_SYLLABLES:
                continue  # a fragment, such as the cut-off end of the seed ("hoàn th")
            headed = piece
            if head and not _opens_with_verb(piece, COOPERATION_VERBS):
                headed = _with_head(piece, head)
            elif not own_verb and not head:
                if not _is_promise(piece):
                    continue
            if not _is_promise(headed):
                continue
            out.append((headed, own_verb or headed != piece))
        if enumerated:
            break  # the enumeration took the rest of the sentence
    return out


# --- Fields -------------------------------------------------------------------------------------


class FieldMatcher:
    """Scores text against the keywords of the cooperation fields (accent-insensitive)."""

    def __init__(self, fields: Iterable[CooperationField]):
        self.codes: list[str] = []
        self.table: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for f in fields:
            self.codes.append(f.code)
            for phrase in [*(f.keywords or "").splitlines(), f.name_vi]:
                for form in _phrase_forms(phrase):
                    self.table[form].add(f.code)
        self.lengths = sorted({len(k) for k in self.table}, reverse=True)
        self.phrases = [k for k in self.table if len(k) > 1]

    def score(self, text: str, words: _Words | None = None) -> dict[str, float]:
        """Field -> score: longest non-overlapping matches, weighted by syllables, halved when
        a match cuts through one of underthesea's words."""
        words = words or _words(text)
        flat = words.flat
        taken = [False] * len(flat)
        scores: dict[str, float] = defaultdict(float)
        for length in self.lengths:
            for i in range(len(flat) - length + 1):
                key = tuple(flat[i : i + length])
                codes = self.table.get(key)
                if not codes or any(taken[i : i + length]):
                    continue
                aligned = i in words.boundaries and i + length in words.boundaries
                weight = length * (1.0 if aligned else 0.5)
                for k in range(i, i + length):
                    taken[k] = True
                for code in codes:
                    scores[code] += weight
        return dict(scores)

    def best(self, text: str) -> str | None:
        """The best field of a short piece (on syllables only: it is called for every item)."""
        scores = self.score(text, _Words(text, segment=False))
        if not scores:
            return None
        return max(sorted(scores), key=lambda c: scores[c])


def _rank(
    own: dict[str, float], context: dict[str, float], order: dict[str, int]
) -> tuple[list[str], dict[str, float]]:
    """Fields proposed (best first) and the score of every field seen."""
    total = sum(context.values()) or 1.0
    combined = {
        code: round(own.get(code, 0.0) + CONTEXT_WEIGHT * context.get(code, 0.0) / total, 3)
        for code in set(own) | set(context)
    }
    ranked = sorted(combined, key=lambda c: (-combined[c], order.get(c, 0), c))
    top = max(own.values(), default=0.0)
    chosen = [c for c in ranked if top and own.get(c, 0.0) >= FIELD_RATIO * top]
    return chosen, {code: combined[code] for code in ranked}


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


def propose(text: str, *, parties: list[Locality] | None = None) -> list[Proposal]:
    """The commitments proposed from an agreement's text, in source order; nothing is saved.

    ``parties``: the localities of the agreement, the issuer's first; when None they are the
    localities named in the text, in order of first mention. Raises ValidationError (code
    ``too_long``) above MAX_CHARS characters; returns [] when no promise is found.
    """
    from underthesea import sent_tokenize

    text = clean(text)
    if not text.strip():
        return []
    fields = list(CooperationField.objects.all())
    order = {f.code: f.order for f in fields}
    matcher = FieldMatcher(fields)
    drafted: list[tuple[int, str, str, bool]] = []
    for number, paragraph in paragraphs(text):
        if number == 0:
            continue
        for sentence in sent_tokenize(paragraph):
            for piece, own_verb in split_promises(sentence, matcher):
                drafted.append((number, _finish(piece), sentence, own_verb))
    if not drafted:
        return []

    if parties is None:
        parties = infer_parties(text)
    counterparts = _Counterparts(parties)

    own_scores = [matcher.score(piece) for _, piece, _, _ in drafted]
    context: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for (number, *_rest), scores in zip(drafted, own_scores, strict=True):
        for code, value in scores.items():
            context[number][code] += value

    proposals: list[Proposal] = []
    seen: set[tuple[str, ...]] = set()
    for (number, piece, sentence, own_verb), own in zip(drafted, own_scores, strict=True):
        key = tuple(syllables(piece))
        if key in seen:
            continue
        seen.add(key)
        chosen, combined = _rank(own, context[number], order)
        lead, partners = counterparts.resolve(chosen)
        top = max(own.values()) if own else 0.0
        length = len(key)
        confidence = (
            (0.45 if own_verb else 0.25)
            + 0.35 * min(1.0, top / 4)
            + (0.2 if MIN_CLAUSE <= length <= 60 else 0.05)
        )
        proposals.append(
            Proposal(
                text=piece,
                paragraph=number,
                fields=chosen,
                field_scores=combined,
                lead=lead,
                partners=partners,
                confidence=round(min(confidence, 1.0), 2),
                source=sentence,
            )
        )
    return proposals
