"""The words and patterns drafting reads a text with: the verbs that open a promise, the
subjects, framing, list markers, headings and the lines that belong to a task."""

from __future__ import annotations

import re

from .text import (
    _phrase_forms,
)

# A cooperation programme of 15 pages is about 45 000 characters (the seed article: 3 300);
# beyond this the text is refused rather than drafted slowly into proposals nobody can review.
MAX_CHARS = 50_000

# Syllables a piece needs to stand as a commitment on its own, and to be cut off by a comma.
MIN_SYLLABLES = 4
MIN_CLAUSE = 6
# Verbs near the start of a piece: within this many syllables.
VERB_WINDOW = 8


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
    "thảo luận",
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
    "xúc tiến",
    "quảng bá",
    "tuyên truyền",
    "hướng dẫn",
    "khảo sát",
    "duy trì",
    "mở rộng",
    "củng cố",
    "đăng cai",
    "luân phiên",
    "bảo đảm",
    "đảm bảo",
    "báo cáo",
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
    # Wishes, expectations and thanks in speeches: "mong muốn hai địa phương sẽ …".
    "mong muốn",
    "kỳ vọng",
    "hy vọng",
    "hi vọng",
    "tin tưởng",
    "bày tỏ",
    "cảm ơn",
    "chúc mừng",
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
    rf"^(?:(?:cả\s+)?(?:hai|Hai|Cả hai|các|Các|ba|Ba|bốn|Bốn|mỗi|Mỗi|0?[2-9])\s+"
    # ("Các đơn vị trên địa bàn tỉnh …" names bodies of one place, not the parties.)
    r"(?:địa phương|thành phố|bên|Bên|tỉnh|đơn vị|Sở)(?![\w])(?!\s+(?:trên|tại)\s+địa bàn)"
    rf"|{_UNIT}?{_NAME}\s+và\s+{_UNIT}?{_NAME}"
    # "Quảng Ninh, Hà Nội, Hải Phòng cũng sẽ …": places listed as the subject.
    rf"|{_UNIT}?{_NAME}(?:\s*,\s*{_UNIT}?{_NAME}){{1,4}}(?:\s+và\s+{_UNIT}?{_NAME})?"
    r"(?=\s+(?:cũng|sẽ|cùng|đã|thống nhất)\b))"
    r"(?:\s+(?:cũng|sẽ|đã|cùng)){0,2}"
    r"(?:\s+thống nhất)?(?:\s+(?:chỉ đạo|giao|yêu cầu))?(?:\s*:\s*|\s+)",
)
# Framing at the start of a sentence.
_FRAMING = re.compile(
    r"^(?:theo đó|trong đó|đồng thời|bên cạnh đó|ngoài ra|mặt khác|cụ thể|đáng chú ý"
    # The news's own frames: "Được biết, …", "Dự kiến, …" (what is known, what is planned).
    r"|được biết|dự kiến"
    r"|theo chương trình|theo kế hoạch|theo thỏa thuận)\s*,\s*"
    # "Biên bản hợp tác giữa A và B giai đoạn … có một số nội dung chính như …": the document
    # names what it holds; the promises follow.
    r"|^(?:biên bản|bản ghi nhớ|thỏa thuận|thoả thuận|chương trình|kế hoạch)\b[^.;:]{0,200}?\s"
    r"(?:có|gồm|bao gồm)\s+(?:một số\s+|các\s+|những\s+)?(?:nội dung|lĩnh vực)(?:\s+chính)?"
    r"\s+(?:như|là)\s*:?\s*(?=\w)"
    # "Các nội dung hợp tác tập trung năm 2026: A; B", "Các hoạt động hợp tác trọng tâm trong năm
    # 2026: …": the contents named by a noun phrase; the promises follow the colon.
    r"|^(?:các|những)\s+(?:nội dung|hoạt động|nhiệm vụ)(?:\s+hợp tác)?(?:\s+[^:;,.]{1,60}?)?"
    r"\s*:\s*(?=\w)"
    # "Kế hoạch nêu rõ: …": the document speaking; what it says follows.
    r"|^(?:biên bản|bản ghi nhớ|thỏa thuận|thoả thuận|chương trình|kế hoạch|văn bản|thông báo"
    r"|quyết định)\s+(?:cũng\s+)?(?:nêu rõ|nêu|xác định|quy định|yêu cầu)\s*:\s*"
    # "Theo biên bản ký kết, …", "Theo nội dung Bản ghi nhớ, …": what the document says follows.
    r"|^theo\s+(?:nội dung\s+)?(?:các\s+)?(?:biên bản|bản ghi nhớ|thỏa thuận|thoả thuận"
    r"|chương trình|kế hoạch|văn bản)(?:\s+[^,;:]{1,40}?)?\s*,\s*"
    r"|^(?:theo đó|trong đó)\s+(?=\w+\s+\w+)"
    r"|^(?:đặc biệt là|đặc biệt|nhất là|trước hết là|trong đó có|trọng tâm là)\s*,?\s*"
    # A time that governs the list after it: "Năm 2026: (a) …", "Trong giai đoạn 2024 - 2025, …".
    r"|^(?:trong\s+)?(?:năm\s+\d{4}|giai đoạn\s+\d{4}\s*[-–]\s*\d{4}|quý\s+[IVX\d]+/\d{4})"
    r"\s*[:,]\s*",
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
_MARKER = re.compile(
    r"^\s*(?:[a-zđ]\)|\((?:[a-zđ]|\d{1,2})\)|\d{1,2}(?:\.\d{1,2})*[.)]|\d{1,2}\s?[-–]|[-–•+*])\s+"
)
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
_AGENCY = re.compile(r"^\(?[A-ZĐ]{2,10}\)?\s*[-–—]\s*")
# An enumeration: a colon, optionally after "như"/"gồm"; the head ends there.
_ENUMERATION = re.compile(r"\s*,?\s*(?:như|gồm|bao gồm)?\s*:\s*", re.IGNORECASE)
# The words that introduce the enumerated fields in the head ("trên các lĩnh vực mà …").
_FIELDS_INTRO = re.compile(
    r"\s*(?:(?P<prep>trên|trong|về|ở)\s+)?(?:các|một số|những|nhiều|\d{1,2})?\s*lĩnh vực\b.*$",
    re.IGNORECASE,
)
_HEADLINE_END = re.compile(r"[.!?;:…]\s*$")
_TAGS = re.compile(r"<[^>]*>")
_SCRIPTS = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BLOCK_TAGS = re.compile(r"<\s*(?:br|/p|/div|/li|/h[1-6]|/tr)\b[^>]*>", re.IGNORECASE)
