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
   commitments even without a verb ("b) Văn hóa, ẩm thực và du lịch."). A task table pasted as
   text (a header row of column names, then a row a paragraph) gives each task the lead,
   partners and time of the cells after it; a row without them is a group's title. Who acts is
   read from the document too (``acts``): in the operative part of a resolution or decision
   (after "QUYẾT NGHỊ:" / "QUYẾT ĐỊNH:", until the title of what it appends) a clause with no
   subject of its own is the issuing body's decision ("1. Sắp xếp … thành phường …", "Thông
   qua …", "Điều 1. Ban hành kèm theo …"), no task, unless it directs another body ("Giao …",
   "Yêu cầu …") or goes on from such an assignment; the tasks listed without a subject under
   a sentence that announces them for named bodies ("… yêu cầu các cấp uỷ, … thực hiện các
   nhiệm vụ sau:") or under a sub-heading that only names a body ("a) Tổ đảng ở …") are
   proposed with those bodies as their subject.
2. Each sentence (underthesea's sentence tokenizer, the list marker kept) loses its framing
   ("Theo đó,", "Về kinh tế,"), the parties as subject ("Hai bên", "Các địa phương") and the
   bodies that only make another act ("Ủy ban nhân dân hai thành phố chỉ đạo Sở X …",
   "Giao Sở X chủ trì …"): the promise starts at the assigned body.
3. A sentence is cut into promises at semicolons, at a comma followed by a new cooperation verb,
   at "và" followed by a verb of its own (the tagger confirms it; "trao đổi kinh nghiệm A và B"
   stays one), and at an enumeration of fields ("như: A, B, C"); a list whose items open with
   verbs of cooperation keeps each item's verb ("gồm: thúc đẩy …; hợp tác …"), a bare field after
   "<verb> về các lĩnh vực …" takes that verb. Contents announced inside the sentence and cut by
   ";" ("… thoả thuận hợp tác triển khai các nội dung: A; B", "gồm 3 nội dung chính: …", "… sẽ
   tổ chức các hoạt động: …", "… với những nội dung A; B") are one promise each: an item with a
   verb of its own stands alone, the others take the act of the head, not its frame or subject;
   a reported signing or plan still gives the contents it lists. The fields listed after an act
   agreed or signed ("… hai bên thỏa thuận hợp tác trên 5 lĩnh vực, gồm: A; B", "… đã ký kết bản
   ghi nhớ tăng cường hợp tác trên 6 lĩnh vực gồm A, B") are one promise each, with that act
   ("Tăng cường hợp tác trên lĩnh vực A"), not bare nouns. A piece that does not start with
   a verb takes the shared head of its sentence, a piece split at "và" the bodies that open it; a
   piece that only gives a deadline ("báo cáo kết quả trước ngày …") is the deadline of the one
   before.
4. A piece is a promise when, after its subject (the bodies it names first, however long), comes a
   verb — of the lexicon, or as underthesea's tagger reads it — and no reported speech ("khẳng
   định", "đánh giá cao") nor past ("đã"). A subject the directory does not know may be as long
   as a noun phrase goes, when it names an agent (a name, or a kind of body: "Các phòng chuyên
   môn, các trường học … của hai xã thường xuyên phối hợp …"). In a sentence where the rules
   read no promise, what the parties agree or commit to ("… đã thảo luận, thống nhất sớm ban hành
   …", "… theo đó, hai Bên cam kết sẽ …") or their document states ("Biên bản cũng nêu rõ …")
   is read as the promise, the report around it dropped; so is the clause after an opening frame
   ("Sau khi ký kết …,", "Thông qua …,", "Nhằm …,") when it binds ("sẽ", "định kỳ", "hàng
   năm", "thống nhất" …). A capitalised verb inside a name is not
   a verb. A sentence of the report is no promise: the ceremony, a dated past event, what was
   done ("Hai tỉnh đã phối hợp …", but not "đã thống nhất"), principles, the document speaking
   of itself, cooperation as its own object ("Nâng cao hiệu quả quan hệ hợp tác … trên cơ sở
   …"), a decision's basis and formalities ("Căn cứ …", "Ủy quyền …", "chịu trách nhiệm thi hành"),
   wishes and expectations ("mong muốn", "kỳ vọng"), a person speaking, the document's aim
   ("Kế hoạch nhằm …" and the "Đồng thời, …" after it); what follows from the promises ("từ
   đó", "qua đó"), possibilities ("có thể" + verb), states ("đang", "chưa"), one side's proposal
   to both, who attended, the signing itself or held as an event ("tổ chức lễ ký kết"), a
   sentence opening with the day of the report ("Sáng 14/2, …", unless it is to come), the aim
   of something named ("Hoạt động này nhằm …"). A promise a speaker reports ("X khẳng định, Y sẽ
   …") is Y's, the frame dropped.
4a. The learned cut (``segmenter``, a multinomial logistic regression tagging each syllable
   O / shared head / begins / inside, shipped as ``data/drafting_segmenter.json`` and built by
   ``manage.py train_drafting_segmenter`` from the labelled sentences): where the
   cross-validation chose it (``replace``), a sentence it cuts into more pieces than the rules
   did takes its pieces. Without the file the rules' cut stands.
4b. The learned detector (``detector``, a logistic regression shipped as
   ``data/drafting_detector.json`` and built by ``manage.py train_drafting_detector`` from the
   labelled set) weighs every candidate: the rules' promises, the clauses of the sentences where
   they read none, and a finer cut of each piece (its items at commas and "và", with their shared
   head). It keeps those likely enough, by thresholds chosen by leave-one-part-out
   cross-validation; ``confidence`` is its probability. Without the file the rules decide alone.
   Since 2026-12-07 it is trained on every seen part and keeps the rules' promises it finds
   likely enough (``bench/drafting/lopo.py`` scores each part with a detector trained on the
   others).
5. Fields come from ``fields.FieldModel``: what each field is (name, keywords, and a profile of
   the functions that the law gives the body carrying it), the words behind each field kept;
   several fields when the text supports several; none when nothing fits (one two-syllable
   keyword alone is not enough). When the detector's file ships a field model, a logistic
   regression over the field model's scores and the candidate's words gives the field set
   instead (the words behind each field stay those of ``FieldModel``).
6. The lead and partners are the bodies the text names (``organisations.Directory``: base names,
   abbreviations, "… hai thành phố" / "2 tỉnh", "&" for "và", merged bodies through their
   successors; ``lead_name`` is the base name the text gives, in the directory or not, in full
   for initials), else the body the task opens with when the directory does not hold it
   (``subjects.named_body``: a ministry, another province's department, a Party body, a company,
   named as the text names it, with its place; ``lead`` stays empty), else the bodies of the
   task's lines, of its sentence, of the body issuing the text; only when the
   text names nobody do the counterpart links by field give them. Deadlines and rhythms come
   from ``dates``: the task's own words, its sentence, its lines, then the period of the list,
   section, plan title or agreement it is under ("trong giai đoạn 2026 – 2030, hai bên sẽ: …").
   A sentence that goes on without naming its body ("Định kỳ báo cáo …" after "Sở Ngoại vụ chủ
   trì …") is that body's; the departments that sign a programme, the first body a document is
   "giữa", or the department named for both parties ("Sở … 2 tỉnh", then "Hai Sở …") lead what
   names nobody. A duration ("trong thời gian 5 năm") counts from the signing day the text
   reports; "Theo đó, …" takes the year of the sentence before it.

The modules follow these steps: ``structure`` (cleaning, paragraphs), ``lexicon`` (the verbs and
patterns), ``promises`` (sentences into promises), ``fields``, ``organisations``, ``dates``,
``parties`` (the parties and their counterparts), ``acts`` (who acts: decisions of the
issuing body, assignments, the addressees of a list of tasks), ``document`` (the whole text:
``draft`` and ``propose``), ``detector`` (the learned choice of commitments and fields),
``training`` (its fit and cross-validation), ``proposals`` (what is returned); ``text`` holds the
forms text is compared in.
"""

from __future__ import annotations

from . import acts as _acts
from . import clauses as _clauses
from . import dates as _dates
from . import text as _text
from .document import draft, propose
from .lexicon import MAX_CHARS
from .parties import infer_parties, parties_of
from .promises import split_promises
from .proposals import Draft, Framing, Proposal
from .structure import clean, paragraphs
from .text import fold, keys, syllables


def clear_caches() -> None:
    """Empty drafting's caches of tagged, folded and segmented text, so that the next text is
    timed as one never seen (the tagger's models stay loaded)."""
    for cached in (
        _dates._deadlines,
        _acts.body_heading,
        _clauses._tags,
        _text._folded_syllables,
        _text._marked,
        _text.keys,
        _text._words,
    ):
        cached.cache_clear()


__all__ = [
    "MAX_CHARS",
    "Draft",
    "Framing",
    "Proposal",
    "clean",
    "clear_caches",
    "draft",
    "fold",
    "infer_parties",
    "keys",
    "paragraphs",
    "parties_of",
    "propose",
    "split_promises",
    "syllables",
]
