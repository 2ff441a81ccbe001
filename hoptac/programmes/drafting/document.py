"""The whole text: its structure read, its sentences cut into promises, and each promise given
its fields, lead, partners, deadline and rhythm (``draft``, ``propose``)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from hoptac.core.models import CooperationField, Locality

from . import detector, segmenter
from .acts import OperativePart, addressees, body_heading
from .clauses import _finish, _lower_first, _split_top, _strip_framing, _subject_text
from .dates import (
    Found,
    agreement_period,
    deadline,
    deadline_before,
    document_year,
    duration,
    recurrence,
    signing_day,
)
from .fields import FieldModel
from .lexicon import (
    _ATTRIBUTE,
    _ATTRIBUTE_PART,
    _FRAMING,
    _FRAMING_END,
    _HEADING,
    _HEADLINE_END,
    _MARKER,
    _SUBJECT,
    MIN_CLAUSE,
    MIN_SYLLABLES,
    REPORTING,
)
from .organisations import Directory, Mention, short_name
from .parties import _Counterparts, infer_parties
from .promises import _DONE, _SELF, _past_main_clause, split_promises
from .proposals import Draft, Framing, Proposal
from .structure import _contains, _opens_with_verb, clean, paragraphs
from .subjects import base_of, named_body, names_only_parties, sentence_subject, with_subject
from .text import (
    _SYLLABLE,
    _words,
    fold,
    keys,
    syllables,
)

# --- The whole text -----------------------------------------------------------------------------


@dataclass
class _Item:
    paragraph: int
    text: str
    sentence: str
    own_verb: bool
    subject: list[Mention] = field(default_factory=list)
    attributes: dict = field(default_factory=dict)
    scope_due: Found | None = None  # the period of the list, section or agreement it is under
    alone: bool = True  # the only promise of its sentence
    rule: bool = True  # the rules read it as a promise (else a candidate for the detector)
    group: int = -1  # the piece a finer cut comes from (the detector picks one cut of the two)
    fine: bool = False  # a finer cut of the piece ``group``


_BODY_KINDS = {"department", "party_board", "pc_office", "sector_body"}


def _is_heading(block: str) -> bool:
    """A title: "I. MỤC ĐÍCH, YÊU CẦU", "Điều 2. …", "KẾ HOẠCH …", "1. Về quy hoạch" (no stop)."""
    body = _MARKER.sub("", block).strip()
    if _HEADING.match(block) and len(block) < 160:
        return True
    words = body.split()
    if words[:2] and all(w.isupper() and len(w) > 1 for w in words[:2]):
        # A title in capitals ("KẾ HOẠCH …", "TM. ỦY BAN NHÂN DÂN"), not a sentence that opens
        # with abbreviations ("UBND TP. Đà Nẵng giao Sở … .", "HĐND TP giao UBND TP …"): one
        # that ends as a sentence does is a title only when most of its words are capitals.
        return not _HEADLINE_END.search(block) or _mostly_capitals(words)
    return not _HEADLINE_END.search(block) and len(block) < 120 and bool(_MARKER.match(block))


def _mostly_capitals(words: list[str]) -> bool:
    lettered = [w for w in words if re.search(r"[^\W\d_]", w)]
    return sum(w.isupper() for w in lettered) * 2 >= len(lettered)


# The sections of a plan that say why, not what: "I. MỤC ĐÍCH, YÊU CẦU", "Điều 1. Mục tiêu".
_PURPOSE = re.compile(r"\b(?:muc dich|yeu cau|muc tieu|quan diem|can cu)\b")


# A purpose section opened by a paragraph, not a heading ("1. Mục đích: …", "Mục đích, yêu cầu:"),
# and the title that ends it ("2. Nội dung hợp tác", "Nhiệm vụ cụ thể:").
_PURPOSE_TITLE = re.compile(
    r"^(?:mục đích|yêu cầu|mục tiêu|quan điểm)(?:\s*(?:,|và)\s*(?:yêu cầu|mục tiêu))?\s*[:.]",
    re.IGNORECASE,
)
_CONTENTS_TITLE = re.compile(
    r"^(?:nội dung|nhiệm vụ|giải pháp|tổ chức thực hiện|phân công)\b", re.IGNORECASE
)


def _sentences(paragraph: str, tokenize) -> list[str]:
    """The sentences of a paragraph, its list marker kept on the first ("1. Quy hoạch …": the
    sentence tokenizer would cut "1." off)."""
    marker = _MARKER.match(paragraph)
    body = paragraph[marker.end() :] if marker else paragraph
    sentences = [
        part for s in tokenize(body) for part in _after_ellipsis(s) if _SYLLABLE.search(part)
    ]
    if marker and sentences:
        sentences[0] = marker.group(0) + sentences[0]
    return sentences


_ELLIPSIS = re.compile(r"(?:…|\.\.\.)\s+(?=\w)")


def _after_ellipsis(sentence: str) -> list[str]:
    """A sentence ends at an ellipsis followed by a capital ("… du lịch, đối ngoại… Bên cạnh đó,
    …"), which the sentence tokenizer leaves inside; the ellipsis stays with the first part."""
    parts, start = [], 0
    for match in _ELLIPSIS.finditer(sentence):
        if sentence[match.end()].isupper():
            parts.append(sentence[start : match.end()].strip())
            start = match.end()
    parts.append(sentence[start:].strip())
    return [p for p in parts if p]


def _is_framing(sentence: str) -> bool:
    body = _MARKER.sub("", sentence).strip()
    return bool(_FRAMING_END.search(body)) and len(syllables(body)) >= 3


# The head of a body, named for it: "Giám đốc Sở Công Thương chủ trì …".
_HEAD_OF = re.compile(
    r"^(?:(?:Phó\s+)?(?:Giám đốc|Thủ trưởng|Trưởng ban|Chánh Văn phòng|Chánh Thanh tra)"
    r"|Lãnh đạo|Ban Giám đốc)\s+$",
    re.IGNORECASE,
)


def _named_subject(text: str) -> list[Mention]:
    """The body that opens a text when the directory does not hold it ("Bộ Tài chính chủ trì
    …", "Tổ đảng ở Thường trực Ủy ban Kinh tế kiến nghị …"), as a mention of no directory body
    (``foreign``): it leads by the name the text gives it, and is carried like a known one."""
    body = named_body(text)
    if not body:
        return []
    return [Mention(0, len(body), body, base_of(body), foreign=True)]


def _leading(mentions: list[Mention], text: str) -> list[Mention]:
    """The bodies that open a text (its subject), joined by "và", commas or "phối hợp với"; a
    body opens it after the title of its head too ("Giám đốc Sở Công Thương chủ trì …")."""
    chain, position = [], 0
    for mention in mentions:
        gap = text[position : mention.start].strip(" ,")
        if position == 0 and mention.start != 0 and not _HEAD_OF.match(text[: mention.start]):
            break
        if position == 0:
            gap = ""
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
    text: str,
    *,
    parties: list[Locality] | None = None,
    today: dt.date | None = None,
    candidates: bool = False,
) -> Draft:
    """The commitments proposed from an agreement's text, in source order, and the framing
    sentences; nothing is saved. See ``propose``.

    Every piece the rules read as a promise is a candidate, and so is every clause of a sentence
    in which they read none; the learned detector (``detector``) keeps the candidates it finds
    likely enough. ``candidates=True`` returns them all, each with its probability in
    ``confidence`` (to train and cross-validate the detector)."""
    from underthesea import sent_tokenize

    text = clean(text)
    if not text.strip():
        return Draft()
    fields = list(CooperationField.objects.all())
    model = FieldModel(fields)
    if parties is None:
        parties = infer_parties(text)
    directory = Directory(parties, today)
    places = [short_name(party) for party in parties]  # a subject naming only them is left out
    items: list[_Item] = []
    framing: list[Framing] = []
    issuer: list[Mention] = []  # a body that issues the text leads what names nobody
    last_task: list[int] = []
    under_framing = purpose = False
    blocks = [block for _, block in paragraphs(text)]
    # The period of the agreement (its title, or a sentence naming it with its period) is the
    # deadline of the promises that give none; a heading's or a framing sentence's, of the
    # promises under it (until the next heading).
    period = _document_period(blocks)
    # The document's year: earlier years are no deadline, a day without year is in it.
    year = document_year(blocks)
    signed = signing_day(text)  # a duration ("trong thời gian 5 năm") counts from it
    last_due: Found | None = None  # the deadline of the last sentence that was no promise
    section_due: Found | None = None
    framing_due: Found | None = None
    # A report is prose: most of its paragraphs end as sentences do; one that does not, without a
    # list marker, is a photo caption or a subtitle ("Lãnh đạo hai tỉnh tại lễ ký kết").
    prose = sum(bool(_SENTENCE_END.search(b)) for b in blocks) * 2 > len(blocks)
    table = False  # a plan's task table pasted as text: one row a paragraph, cells run together
    # A period opening a sentence ("Theo đó, giai đoạn 2022 - 2025, hai bên sẽ …") governs the
    # promises after it, in its paragraph and the next ones, until a heading.
    opening_due: Found | None = None
    # Candidates beyond the rules' promises are read only when the detector may keep them.
    explore = candidates or detector.explores()
    # In a resolution's or decision's operative part, the issuing body's own decisions are no
    # tasks ("Sắp xếp … thành phường …", "Thông qua …"); assignments are ("Giao …").
    operative = OperativePart()
    # Who the tasks of a list are for, when they name nobody: the addressees of the sentence
    # announcing them (until a heading of a higher rank or another announcement), the body a
    # sub-heading names (until the next heading).
    addressed, headed = "", ""
    carry: list[Mention] = []  # the bodies that opened the last sentence of the paragraph before
    for number, paragraph in paragraphs(text):
        if _is_table_header(paragraph):
            table = True
            continue
        row_attributes: dict = {}
        if table:
            row = _table_row(paragraph, directory)
            if row is None:
                continue  # a group's title ("A NHIỆM VỤ CHUNG", "1.1 Hỗ trợ quảng bá …")
            paragraph, row_attributes = row
        heading = _is_heading(paragraph)
        operative.paragraph(paragraph, heading)
        if heading:
            # "Điều 2. Giao Sở … chủ trì …": an article's clause on its title's line.
            paragraph = operative.article(paragraph) or paragraph
        if number == 0 or (number == 1 and _is_heading(paragraph)):
            issuer = issuer or _issuing_body(directory.mentions(paragraph), directory)
            if _SENTENCE_END.search(paragraph):
                # An opening sentence, not a title: "Theo đó, …" after it takes its year.
                last_due = deadline(paragraph, year)
            continue
        if _ATTRIBUTE.match(paragraph):
            for index in last_task:
                for key, value in _attributes(paragraph, directory).items():
                    items[index].attributes.setdefault(key, value)
            continue
        if _is_heading(paragraph):
            headed = paragraph  # read as a body's name only when a task needs it
            carry = []
            if _HEADING.match(paragraph) or _TOP_TITLE.match(paragraph):
                addressed = ""  # "III. TỔ CHỨC THỰC HIỆN", "Điều 3. …": a section of its own
            under_framing, last_task, opening_due = False, [], None
            purpose = bool(_PURPOSE.search(fold(paragraph)))
            section_due, framing_due = deadline(paragraph, year), None
            continue
        body = _MARKER.sub("", paragraph)
        if _PURPOSE_TITLE.match(body):
            purpose = True  # "1. Mục đích: …", "Mục đích, yêu cầu:" without a heading's form
            continue
        if purpose and _CONTENTS_TITLE.match(body):
            purpose = False  # "2. Nội dung hợp tác:": what is to be done begins
        if purpose:
            continue
        caption = prose and not under_framing and _is_caption(paragraph)
        if caption and not explore:
            continue
        current: list[int] = []
        # The bodies that open the last sentence: of the paragraph before too, when this one
        # goes on without a list marker ("… giao Sở GTVT chủ trì …\n\nChỉ đạo các doanh
        # nghiệp …"), not under a framing sentence.
        previous: list[Mention] = (
            carry if not _MARKER.match(paragraph) and not under_framing and prose else []
        )
        inherited = bool(previous)  # until the paragraph's own first sentence
        aim = False  # the last sentence gave the document's aim
        for sentence in _sentences(paragraph, sent_tokenize):
            if caption:
                # A photo caption is no promise for the rules; it may be for the detector.
                for piece in _relaxed(sentence, directory):
                    items.append(_Item(number, _finish(piece), sentence, False, rule=False))
                continue
            if _is_framing(sentence):
                addressed, headed = addressees(sentence, directory), ""
                framing.append(Framing(sentence, number))
                under_framing, purpose = True, False
                framing_due = deadline(_MARKER.sub("", sentence), year) or framing_due
                issuer = _issuing_body(directory.mentions(sentence), directory) or issuer
                continue
            bare = _MARKER.sub("", sentence).strip()
            if aim and _ALSO_AIM.match(bare):
                continue  # "Kế hoạch nhằm …. Đồng thời, nâng cao …": the aim goes on
            aim = bool(_SELF.match(bare))
            handed_in = deadline(bare, year) if _HAND_IN.match(bare) else None
            if handed_in and current:
                # "… . Trình UBND tỉnh trước ngày 10/8/2018.": when the work above is handed in.
                for index in current:
                    items[index].attributes.setdefault("due", handed_in)
                continue
            pieces = split_promises(sentence, model, directory)
            if operative.decided(sentence, directory):
                pieces = []  # the issuing body decides: what it decides is no one's task
            if _ACCORDINGLY.match(bare) and last_due is not None and framing_due is None:
                # "… yêu cầu … thực hiện chuyên đề … năm 2016. Theo đó, giao …": what follows
                # details the sentence before, and takes its year.
                framing_due = last_due
            opening = _OPENING_TIME.match(_ACCORDINGLY.sub("", bare))
            if opening:
                # "Theo đó, giai đoạn 2016-2020, hai địa phương …; … . Kiểm tra …": the period
                # that opens a sentence is the paragraph's.
                opening_due = deadline(opening.group(0), year) or opening_due
            if not pieces:
                last_due = deadline(bare, year)
            if not issuer:
                # "Chương trình hợp tác … giữa Sở A tỉnh X với Sở B tỉnh Y …", "Biên bản hợp tác
                # giữa Ủy ban MTTQ … và …": the first body the document is between leads what
                # names nobody.
                issuer = _between(bare, directory)
            if not pieces and not issuer and _SIGNING.search(bare):
                # "Sở Du lịch tỉnh A và Sở Du lịch tỉnh B đã ký kết chương trình hợp tác …":
                # the departments that sign lead what the text goes on to list.
                opening = _after_adverbials(bare, directory)
                issuer = _issuing_body(
                    _leading(directory.mentions(opening[:300]), opening), directory
                )
            if not pieces and under_framing and _listed_field(sentence, bare):
                pieces = [(bare, False)]  # a field listed after "… các lĩnh vực sau:"
            cut = segmenter.choose(pieces, sentence)
            if cut is not None:
                # The learned cut (``segmenter``): where the cross-validation chose it.
                pieces = [(piece, _opens_with_verb(piece)) for piece in cut]
            ruled = bool(pieces)
            # The subject the sentence states before its promises is each promise's.
            said = sentence_subject(sentence, pieces[0][0]) if ruled else ""
            if not said and ruled and len(pieces) > 1:
                # "Sở A phối hợp với Sở B chọn …, thiết kế …": the bodies that open the first.
                said = _subject_text(pieces[0][0], directory)
            if said and not names_only_parties(said, places):
                pieces = [(with_subject(piece, said), own) for piece, own in pieces]
            elif (
                ruled
                and (headed or addressed)
                and (who := body_heading(headed) or addressed)
                and not _leading(directory.mentions(bare[:300]), bare)
            ):
                # A task of a list that names nobody: the body its sub-heading or announcement
                # names is its subject ("a) Tổ đảng ở …" / "* Chủ trì thẩm tra …").
                pieces = [(with_subject(piece, who), own) for piece, own in pieces]
            if not pieces and explore:
                # No promise for the rules: the sentence's clauses are the detector's candidates.
                pieces = [(piece, False) for piece in _relaxed(sentence, directory)]
            stripped = _strip_framing(sentence, directory)
            subject = _leading(directory.mentions(stripped[:300]), stripped) or _named_subject(
                stripped
            )
            carried = not subject and previous and not _SUBJECT.match(_FRAMING.sub("", bare))
            if (
                carried
                and inherited
                and (
                    directory.mentions(bare)
                    or any(w[:1].isupper() for w in _FRAMING.sub("", bare).split()[1:4])
                )
            ):
                # A body of its own, not at its start, or a subject the directory does not
                # know ("Ban Quản lý dự án tỉnh được giao …"): not the one before.
                carried = False
            inherited = False
            if carried:
                # "Sở Ngoại vụ chủ trì …. Định kỳ báo cáo …": the sentence goes on with the
                # body of the one before, unnamed; it leads, and the promise names it.
                subject = previous
            elif subject:
                previous = subject
            else:
                previous = []
            for piece, own_verb in pieces:
                if ruled:
                    current.append(len(items))  # the task the attribute lines after it describe
                scope = opening_due or framing_due or section_due or period
                if carried and not _leading(directory.mentions(piece[:120]), piece):
                    piece = f"{subject[0].words} {_lower_first(piece)}"
                group = len(items)
                items.append(
                    _Item(
                        number,
                        _finish(piece),
                        sentence,
                        own_verb,
                        subject,
                        scope_due=scope,
                        alone=len(pieces) == 1,
                        rule=ruled,
                        group=group,
                    )
                )
                for finer in _finer(piece) if explore else ():
                    items.append(
                        _Item(
                            number,
                            _finish(finer),
                            sentence,
                            _opens_with_verb(finer),
                            subject,
                            scope_due=scope,
                            alone=False,
                            rule=False,
                            group=group,
                            fine=True,
                        )
                    )
        carry = _issuing_body(previous, directory)  # a department or board, not the city
        for index in current:
            for key, value in row_attributes.items():
                items[index].attributes.setdefault(key, value)
        if current:
            last_task = current
    items = _with_candidates(items)
    if not items:
        return Draft(framing=framing)
    if not issuer:
        # "Sở Văn hóa, Thể thao & Du lịch 2 tỉnh đã phối hợp tổ chức …. Hai Sở sẽ …": the
        # departments of both parties that the text introduces lead what names nobody.
        issuer = _shared_departments(text, directory)
    proposals = _proposals(items, model, directory, parties, issuer, signed, year)
    detected = detector.judge(
        proposals, len(blocks), directory, codes=model.codes, keep_all=candidates
    )
    return Draft(detected, framing)


# A heading of the first rank: a roman numeral ("III. TỔ CHỨC THỰC HIỆN") or capitals.
_TOP_TITLE = re.compile(r"^\s*(?:[IVX]{1,4}[.\-–]\s*)?[A-ZĐÂĂÊÔƠƯ]{2,}\s+[A-ZĐÂĂÊÔƠƯ]")


# The columns of a task table: "STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian".
_COLUMNS = re.compile(
    r"\b(?:stt|noi dung(?: (?:cong viec|thuc hien|nhiem vu))?|nhiem vu|(?:co quan|don vi) "
    r"(?:chu tri|phoi hop|thuc hien)|chu tri|phoi hop|thoi gian(?: (?:thuc hien|hoan thanh))?"
    r"|tien do|ghi chu)\b"
)
# The number of a row ("1", "1.2", "A"), before its task.
_ROW_NUMBER = re.compile(r"^\s*(?:[A-ZĐ]|[IVX]{1,4}|\d{1,2}(?:\.\d{1,2})*\.?)\s+(?=\S)")
# A body that opens a cell after the task: "… du lịch. Sở Văn hóa …", "… đầu tư Các sở, ngành".
_CELL_BODY = re.compile(
    r"(?<![\w])(?:Sở|UBND|Ủy ban|Uỷ ban|Các sở|Các cơ quan|Các đơn vị|Ban|Văn phòng|Công an"
    r"|Bộ Chỉ huy|Trung tâm|Tỉnh đoàn|Thành đoàn|Hội|Liên đoàn|Đài|Báo|Cục|Chi cục)(?![\w])"
)
# Words after which a body belongs to the task ("phối hợp với Sở …", "báo cáo UBND …").
_BODY_IN_TASK = re.compile(
    r"(?:với|cùng|của|giữa|và|cho|tại|về|các|hai|trình|gửi|báo cáo|đề nghị)\s*$",
    re.IGNORECASE,
)


def _is_table_header(paragraph: str) -> bool:
    """The header row of a task table: three of its column names, and little else."""
    folded = fold(paragraph)
    names = _COLUMNS.findall(folded)
    rest = _COLUMNS.sub(" ", folded)
    return len(names) >= 3 and len(_SYLLABLE.findall(rest)) <= 4


def _table_row(paragraph: str, directory: Directory) -> tuple[str, dict] | None:
    """A row of a task table pasted as text: the task, and from the cells after it its lead,
    partners and time. None for a row with no such cells (a group's title)."""
    body = _MARKER.sub("", _ROW_NUMBER.sub("", paragraph, count=1)).strip()
    cut = None
    for match in _CELL_BODY.finditer(body):
        before = body[: match.start()]
        if len(syllables(before)) >= MIN_SYLLABLES and not _BODY_IN_TASK.search(before):
            cut = match.start()
            break
    tail = body[cut:] if cut is not None else ""
    due = deadline(tail) if tail else None
    if cut is None:
        # No body after the task: a row with only a time ("… 2022-2025") or a group's title.
        years = re.search(r"(?:\s(?:năm|Năm|quý|Quý|tháng|Tháng))?\s[\dIVX/ –-]{4,}$", body)
        due = deadline(years.group(0)) if years else None
        if due is None:
            return None
        return body[: years.start()].strip(), {"due": due}
    found: dict = {}
    mentions = directory.mentions(tail)
    if mentions:
        found["lead"] = mentions[:1]
        if len(mentions) > 1:
            found["partners"] = mentions[1:]
    if due:
        found["due"] = due
    return body[:cut].strip(), found


def _list_head(sentence: str) -> str:
    """What comes before the list of a sentence ("Hằng năm, hai bên: …"), or nothing."""
    return sentence.split(":")[0] if ":" in sentence else ""


# A signing reported in the sentence, and a sentence that looks back on years gone by.
_SIGNED_NOW = re.compile(r"(?<![\w])ký(?: kết)?(?![\w])", re.IGNORECASE)
_LOOKING_BACK = re.compile(
    r"^\W*(?:thời gian qua|vừa qua|những năm qua|năm qua|trước đó|thời gian vừa qua|trước đây)\b",
    re.IGNORECASE,
)


def _document_period(blocks: list[str]) -> Found | None:
    """The period of the text's own title (a plan's year, a programme's period), else the
    latest one a sentence names with the agreement, programme or plan ("… ký kết Thỏa thuận
    hợp tác giai đoạn 2026 - 2030"), not one of what was done ("Thời gian qua, chương trình
    … giai đoạn 2021 - 2025 đã đạt …")."""
    titled = bool(blocks) and not _HEADLINE_END.search(blocks[0])
    own = agreement_period(blocks[0], title=True) if titled else None
    if own is not None:
        return own  # the document's own period, not that of the agreement it implements
    found = []
    for block in blocks[1:] if titled else blocks:
        for sentence in re.split(r"(?<=[.;!?])(?<!TP\.)(?<!Tp\.)\s+", block):
            past = _DONE.search(sentence) or _past_main_clause(sentence)
            # The signing just reported names the period of the agreement signed ("… đã ký
            # kết Thỏa thuận hợp tác giai đoạn 2022 - 2025"): what it binds to is due by its end.
            signed = _SIGNED_NOW.search(sentence) and not _LOOKING_BACK.match(sentence)
            if not past or signed:
                found.append(agreement_period(sentence))
    periods = [f for f in found if f is not None]
    return max(periods, key=lambda f: f.value) if periods else None


def _without_repeats(items: list[_Item], threshold: float = 0.8) -> list[_Item]:
    """A report's summary, caption or lead repeats a promise of its body, whole or cut short:
    the promise is proposed once, where the body states it (the last time). The words of the
    shorter must run unbroken in the longer, so that two tasks of one list that differ in their
    object ("… về quản lý thuế", "… về quản lý đầu tư") are both kept."""
    kept: list[_Item] = []
    seen: list[str] = []
    for item in reversed(items):
        words = " ".join(syllables(item.text))
        if words and any(_repeats(words, other, threshold) for other in seen):
            continue
        kept.append(item)
        seen.append(words)
    return kept[::-1]


def _with_candidates(items: list[_Item]) -> list[_Item]:
    """The rules' promises without repeats (as the rules alone give them), and the detector's
    candidates that repeat none of them nor each other, in source order."""
    ruled = _without_repeats([item for item in items if item.rule])
    seen = [" ".join(syllables(item.text)) for item in ruled]
    kept = {id(item) for item in ruled}
    for item in _without_repeats([item for item in items if not item.rule and not item.fine]):
        words = " ".join(syllables(item.text))
        if words and not any(_repeats(words, other, 0.8) for other in seen):
            kept.add(id(item))
    groups = {item.group for item in items if id(item) in kept}
    # A finer cut stays with its piece: the detector chooses between them.
    return [item for item in items if id(item) in kept or (item.fine and item.group in groups)]


# Where a piece may be cut more finely: commas, semicolons, "và", a colon, "như".
_FINE_CUT = re.compile(r"\s*(?:[,;:]|\s(?:và|cùng với)\s|\snhư(?=\s))\s*", re.IGNORECASE)
_LIST_OPEN = re.compile(r"^(?P<head>.{6,}?)(?:\s*:\s*|\s+như\s*:?\s+|\s+gồm\s*:?\s+)", re.DOTALL)


def _finer(piece: str) -> list[str]:
    """A finer cut of a piece, for the detector to weigh against the piece whole: its items at
    commas, semicolons and "và", each with the head it shares ("Hợp tác trong lĩnh vực du lịch,
    văn hóa" -> "Hợp tác trong lĩnh vực du lịch", "Hợp tác trong lĩnh vực văn hóa"). [] when the
    piece has fewer than two items or more than twelve."""
    listed = _LIST_OPEN.match(piece)
    head = listed.group("head") if listed else ""
    rest = piece[listed.end() :] if listed else piece
    items = [i.strip(" .;,") for i in _FINE_CUT.split(rest) if len(syllables(i)) >= 2]
    if not 2 <= len(items) <= 12:
        return []
    if not head:
        # The first item carries the head; the others are parallel to its end.
        first, second = _words(items[0]).words, _words(items[1]).words
        if len(first) <= len(second):
            head = ""
        else:
            head = " ".join(first[: len(first) - len(second)])
            items[0] = " ".join(first[len(first) - len(second) :])
    out = []
    for item in items:
        if head and not _opens_with_verb(item):
            item = f"{head} {item}"
        out.append(item[:1].upper() + item[1:])
    return out


def _repeats(a: str, b: str, threshold: float) -> bool:
    short, long = sorted((a, b), key=len)
    return f" {short} " in f" {long} " and len(short.split()) >= threshold * len(long.split())


_SENTENCE_END = re.compile(r"[.!?;:…]['\"”’)]*\s*$")


def _is_caption(paragraph: str) -> bool:
    """Short, with no stop and no list marker (a long paragraph without a stop is a text cut
    off, not a caption)."""
    return (
        not _SENTENCE_END.search(paragraph)
        and not _MARKER.match(paragraph)
        and len(syllables(paragraph)) <= 30
    )


def _relaxed(sentence: str, directory: Directory) -> list[str]:
    """The clauses of a sentence in which the rules read no promise, for the detector: the
    framing and list marker dropped, cut at top-level semicolons, fragments left out."""
    stripped = _strip_framing(sentence, directory) or _MARKER.sub("", sentence).strip()
    out = []
    for clause in _split_top(stripped, ";"):
        clause = _MARKER.sub("", _FRAMING.sub("", clause)).strip(" ,;")
        if len(syllables(clause)) >= MIN_SYLLABLES:
            out.append(clause[:1].upper() + clause[1:])
    return out


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
        elif body is None and _DEPARTMENT.match(mention.base):
            chosen.append(mention)  # a department of a place the directory lacks
    return chosen


def _shared_departments(text: str, directory: Directory) -> list[Mention]:
    """The first department the text names as both parties' ("Sở Du lịch hai tỉnh"), when it
    names no other department on its own; else nothing."""
    mentions = [m for m in directory.mentions(text) if _issuing_body([m], directory)]
    shared = [m for m in mentions if m.shared]
    if not shared or {m.base for m in mentions} != {shared[0].base}:
        return []
    return shared[:1]


# A sentence with no subject that says when the task before it is handed in or finished
# ("Trình UBND tỉnh trước ngày …", "Yêu cầu hoàn thiện … trước ngày …"): that task's deadline.
# So is one that says when the work named is to be finished ("Việc sơ tán phải hoàn thành trước
# 17 giờ ngày 22/10.", "Thời hạn hoàn thành: trước ngày 30/6/2027.").
_HAND_IN = re.compile(
    r"^(?:yêu cầu\s+)?(?:khẩn trương\s+)?(?:hoàn thành|hoàn thiện|trình|gửi)\b"
    r"|^(?:việc|công việc|công tác)\s[^,;:.]{1,60}?\s(?:phải|cần|sẽ)?\s*(?:được\s+)?"
    r"(?:hoàn thành|hoàn thiện|xong|kết thúc)\b"
    r"|^(?:thời hạn|thời gian)\s+hoàn thành\b",
    re.IGNORECASE,
)
_ACCORDINGLY = re.compile(r"^(?:theo đó|cụ thể)\s*,\s*", re.IGNORECASE)
# A time that opens a sentence, closed by its comma: "Giai đoạn 2016-2020,", "Trong 5 năm tới
# (2011-2015),", "Trong năm 2026,", "Từ năm 2008 đến 2020,", "Sáu tháng đầu năm 2017,".
# So does a topic that opens it with its time: "Về công tác trọng tâm trong tháng 3/2018, …".
_OPENING_TIME = re.compile(
    r"^(?:trong|từ|đến|giai đoạn|thời kỳ|năm|quý|tháng|sáu tháng|6 tháng|về)\b[^,;:.]{0,80}?,",
    re.IGNORECASE,
)
_BETWEEN = re.compile(
    r"\b(?:chương trình|thỏa thuận|thoả thuận|bản ghi nhớ|biên bản|kế hoạch)\b[^.;:]{0,80}?"
    r"\bgiữa\s+",
    re.IGNORECASE,
)


def _between(sentence: str, directory: Directory) -> list[Mention]:
    """The first body a document is said to be between, when it is a department, a board or a
    mass organisation and another body follows it ("giữa A với B", "giữa A và B")."""
    match = _BETWEEN.search(sentence)
    if match is None:
        return []
    after = sentence[match.end() : match.end() + 300]
    mentions = directory.mentions(after)
    if not mentions or mentions[0].start != 0:
        return []
    if not re.match(r"\s*(?:và|với|,)\s", after[mentions[0].end :]):
        return []  # "giữa Sở A và …": a second party follows
    return _issuing_body(mentions[:1], directory)


# A sentence that adds to the one before: after an aim, it is the aim going on.
_ALSO_AIM = re.compile(r"^(?:đồng thời|bên cạnh đó|ngoài ra)\s*,", re.IGNORECASE)


def _after_adverbials(sentence: str, directory: Directory) -> str:
    """The sentence from its subject on, past the time and place before it ("Sáng 12/5, tại
    thành phố Hội An, Sở Du lịch …" -> "Sở Du lịch …"): phrases closed by commas, naming no
    body."""
    mentions = directory.mentions(sentence[:300])
    if not mentions or mentions[0].start == 0:
        return sentence
    before = sentence[: mentions[0].start]
    if before.rstrip().endswith(",") and len(before) <= 120:
        return sentence[mentions[0].start :]
    return sentence


# A department or board by its name, not the Party or People's Committee of the whole place.
_DEPARTMENT = re.compile(
    r"^(?:Sở|Ban|Văn phòng|Ủy ban Mặt trận|Ủy ban MTTQ|Liên đoàn|Hội|Đoàn Thanh niên"
    r"|Thành đoàn|Tỉnh đoàn)(?![\w])"
)
# A sentence stating the agreement itself: its subject signs for what follows.
_SIGNING = re.compile(r"\b(?:ký kết|ký|thống nhất|nhất trí|thỏa thuận|thoả thuận)\b", re.IGNORECASE)


def _proposals(items, model, directory, parties, issuer, signed=None, year=None) -> list[Proposal]:
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
        own = _leading(directory.mentions(item.text[:300]), item.text) or _assigned_in(
            item.text, directory
        )
        attributes = item.attributes
        if own:
            named = directory.resolve([*own, *_partners_named(item.text, own, directory)])
            reasons["lead"] = "text"
        elif attributes.get("lead"):
            named = directory.resolve([*attributes["lead"], *attributes.get("partners", [])])
            reasons["lead"] = "attribute"
        elif unknown := _named_subject(item.text):
            # A body the directory does not hold opens the promise ("Bộ Tài chính chủ trì …",
            # "Hội Nông dân tỉnh A phối hợp …"): it leads, named as the text names it.
            named = directory.resolve(unknown)
            reasons["lead"] = "text"
        elif item.subject:
            named = directory.resolve(item.subject)
            reasons["lead"] = "sentence"
        elif assigned := _assigned(item.text, item.sentence, directory):
            named = directory.resolve(assigned)
            reasons["lead"] = "assigned"
        elif issuer:
            named = directory.resolve(issuer)
            reasons["lead"] = "issuer"
        else:
            named = None
        lead, partners, lead_named, lead_name = None, [], "", ""
        if named is not None:
            lead, partners = named.lead, named.partners
            lead_named, lead_name = named.named, named.name
            if attributes.get("partners") and reasons["lead"] != "attribute":
                for extra in directory.resolve([*own[:1], *attributes["partners"]]).partners:
                    if extra not in partners:
                        partners.append(extra)
        if lead is None and named is not None and named.place is not None:
            # A department the directory lacks by that name, whose work is split among the
            # place's departments: the one the promise is about.
            lead = directory.parts_of(lead_name, named.place, item.text) or lead
        if lead is None and not lead_named:
            lead, partners = counterparts.resolve(scores.codes)
            if lead is not None:
                reasons["lead"] = "counterpart"
        due = (
            deadline(item.text, year)
            # A duration is the promise's own ("… trong thời gian 5 năm"), from the signing.
            or duration(item.text, signed)
            or _sentence_due(item.text, _MARKER.sub("", item.sentence), year)
            or attributes.get("due")
            or item.scope_due
        )
        # A rhythm of the sentence is the promise's when it is the only one, else only when it
        # comes before the list ("Hằng năm, hai bên: …"), not inside one of its items.
        shared = item.sentence if item.alone else _list_head(item.sentence)
        rhythm = recurrence(item.text) or recurrence(shared) or attributes.get("recurrence")
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
        if not item.rule:
            confidence = 0.0  # no promise for the rules: the detector decides
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
                lead_name=lead_name,
                due=due.value if due else None,
                recurrence=rhythm.value if rhythm else "",
                confidence=round(min(confidence, 1.0), 2),
                source=item.sentence,
                reasons=reasons,
                rule=item.rule,
                own_verb=item.own_verb,
                group=item.group,
                fine=item.fine,
            )
        )
    return proposals


_FOLDED_WORD = re.compile(r"\w+")


def _end_in(piece: str, sentence: str) -> int | None:
    """Where a promise of a sentence ends in it: the end of the last three words of the promise,
    found in the sentence (folded); None when the promise was reworded past recognition."""
    words = _FOLDED_WORD.findall(fold(piece))
    folded = fold(sentence)
    spans = [(m.group(0), m.end()) for m in _FOLDED_WORD.finditer(folded)]
    said = [w for w, _ in spans]
    for size in (3, 2):
        if len(words) < size:
            continue
        tail = words[-size:]
        for k in range(len(said) - size + 1):
            if said[k : k + size] == tail:
                return spans[k + size - 1][1]
    return None


# What makes the body after it the one that acts: an assignment ("Chủ tịch … yêu cầu Sở KH&ĐT
# đôn đốc …", "giao cho Sở …"), or a topic closed by a colon ("Về việc …: a) Sở Kế hoạch và
# Đầu tư chủ trì …").
_ASSIGNING = re.compile(
    r"(?:(?<![\w])(?:giao|yêu cầu|đề nghị|chỉ đạo)(?:\s+cho)?|:\s*(?:[a-zđ0-9]{1,2}[).]\s*)?)\s*$",
    re.IGNORECASE,
)


# A body that directs others or was assigned the work: "Sở X chỉ đạo …", "Sở X được giao …".
_DIRECTS = re.compile(
    r"\s*(?:được giao|được yêu cầu|chỉ đạo|hướng dẫn|đôn đốc)(?![\w])", re.IGNORECASE
)


def _assigned_in(piece: str, directory: Directory) -> list[Mention]:
    """The bodies a promise assigns its work to, when it does not open with them: the chain
    after the first assignment or topic that names one ("… yêu cầu Sở KH&ĐT đôn đốc …")."""
    mentions = directory.mentions(piece[:300])
    for index, mention in enumerate(mentions):
        if _ASSIGNING.search(piece[: mention.start]):
            rest = piece[mention.start :]
            at = mention.start
            shifted = [replace(m, start=m.start - at, end=m.end - at) for m in mentions[index:]]
            return _issuing_body(_leading(shifted, rest), directory)
    return []


def _start_in(piece: str, sentence: str) -> int | None:
    """Where a promise of a sentence starts in it: the first three words of the promise found
    in the sentence (folded); None when the promise was reworded past recognition."""
    words = _FOLDED_WORD.findall(fold(piece))[:3]
    spans = list(_FOLDED_WORD.finditer(fold(sentence)))
    said = [m.group(0) for m in spans]
    if len(words) < 3:
        return None
    for k in range(len(said) - 2):
        if said[k : k + 3] == words:
            return spans[k].start()
    return None


def _assigned(piece: str, sentence: str, directory: Directory) -> list[Mention]:
    """For a promise that names no body, the department or board its sentence names last
    before it: the one assigned or asked to act, who directs the unnamed bodies the promise
    opens with ("UBND thành phố yêu cầu Sở Xây dựng chỉ đạo các đơn vị liên quan sớm hoàn
    thiện …"); nothing when the sentence names none before it."""
    if any(word[:1].isupper() for word in piece.split()[1:5]):
        return []  # it names an agent of its own ("Viện Quy hoạch …", "Giao cho NHCSXH …")
    start = _start_in(piece, sentence)
    if not start:
        return []
    before = [m for m in directory.mentions(sentence[:start]) if m.end <= start]
    chosen = _issuing_body(before, directory)
    if not chosen:
        return []
    last = chosen[-1]
    if _ASSIGNING.search(sentence[: last.start]) or _DIRECTS.match(sentence, last.end):
        return [last]
    return []  # a body named otherwise ("giữa Sở A với Sở B …"): not the one that acts


def _sentence_due(piece: str, sentence: str, year: int | None = None) -> Found | None:
    """The deadline a sentence gives a promise of its own that names none: when the sentence
    holds several times, the last one before the promise governs it ("trong tháng 9/2017 sẽ
    xây dựng …; thành lập …; trong tháng 10/2017 sẽ …"); with none before, the sentence's."""
    end = _end_in(piece, sentence)
    before = deadline_before(sentence, end, year) if end is not None else None
    return before or deadline(sentence, year)


_DEADLINE_TAIL = re.compile(
    r"(?:,\s*(?:hoàn thành|dự kiến|báo cáo kết quả|thời gian)[^,;]{0,60}?"
    r"|\s*\(\s*(?:(?:hoàn thành\s+)?(?:trong|vào|trước|chậm nhất|đến|từ nay đến)\s+)?"
    r"(?:ngày\s+)?"
    r"|\s+(?:(?:hoàn thành\s+)?(?:trong|vào|trước|chậm nhất|đến|từ nay đến)\s+)?"
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
