"""Organisations named in an agreement's text, matched against the directory.

A mention is the base name of a body ("Sở Xây dựng", "Ban Tổ chức Thành ủy", "Văn phòng Ủy ban
nhân dân") or its abbreviation ("UBND"), optionally followed by whose it is ("hai thành phố",
"các địa phương", "thành phố Hà Nội", "Đà Nẵng"). The base name is the directory's name without its
locality ("Sở Xây dựng Hà Nội" → "Sở Xây dựng"), so that a body added to the directory is found
without a code change. Bodies every province has by law (Decree 45/2025/NĐ-CP, Art. 8–9) but that
the directory may lack are still recognised, and reported as named but not in the directory.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from hoptac.core import dates
from hoptac.core.models import Locality, Organisation
from hoptac.core.text import fold, place_tone, split_tone

# The departments organised in every province, and those of some (Decree 45/2025/NĐ-CP, Art. 8
# and 9, as summarised by the Đồng Nai People's Council: see data/labelled/README.md).
DEPARTMENTS_BY_LAW = (
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Tài chính",
    "Sở Công Thương",
    "Sở Nông nghiệp và Môi trường",
    "Sở Xây dựng",
    "Sở Khoa học và Công nghệ",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Thanh tra tỉnh",
    "Thanh tra thành phố",
    "Văn phòng Ủy ban nhân dân",
    "Sở Ngoại vụ",
    "Sở Dân tộc và Tôn giáo",
    "Sở Du lịch",
    "Sở Quy hoạch - Kiến trúc",
    # The boards of industrial, high-tech and economic zones (outside the Decree's scope, but
    # in every province that has such zones).
    "Ban Quản lý các khu công nghiệp",
    "Ban Quản lý các Khu công nghiệp",
    "Ban Quản lý Khu kinh tế",
    "Ban Quản lý Khu công nghệ cao",
    # The Party committee of a province and its boards, named the same way everywhere.
    "Tỉnh ủy",
    "Thành ủy",
    "Văn phòng Tỉnh ủy",
    "Văn phòng Thành ủy",
    "Ban Tổ chức Tỉnh ủy",
    "Ban Tổ chức Thành ủy",
    "Ủy ban nhân dân tỉnh",
)
# The Fatherland Front and the socio-political organisations every province has (Constitution
# 2013, Art. 9: the Front; the Trade Union, Farmers' Association, Ho Chi Minh Communist Youth
# Union, Women's Union and Veterans' Association, as cited by trangtinphapluat.com, "Việt Nam có
# bao nhiêu tổ chức chính trị – xã hội?"; the Front's committee at each level, mattran.org.vn),
# by the names their provincial bodies are published under ("Liên đoàn Lao động thành phố Hà
# Nội", "Thành đoàn", "Tỉnh đoàn"). A party to an agreement of their own, they lead its promises;
# the directory may lack them, and they are then named, not found. Their names are no field
# ("Mặt trận" in a body's name is not Party building).
MASS_ORGANISATIONS = (
    "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "Ủy ban MTTQ Việt Nam",
    "Ủy ban Mặt trận Tổ quốc",
    "Ủy ban MTTQ",
    "Liên đoàn Lao động",
    "Hội Liên hiệp Phụ nữ",
    "Hội Nông dân",
    "Hội Cựu chiến binh",
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
    "Thành đoàn",
    "Tỉnh đoàn",
)
# The head nouns of the names of bodies (one list for every module that finds a body by its
# first word: ``subjects``, ``promises``): state bodies at every level, the Party's, the Front and
# the mass organisations, public service units and companies ("Bộ Tài chính", "Tổ đảng ở Thường
# trực Ủy ban Kinh tế", "Đảng ủy cơ quan Văn phòng Quốc hội", "Bộ Chỉ huy Quân sự tỉnh", "Tập
# đoàn …"). Capitalised as a name's first word is; the longest first.
BODY_HEADS = sorted(
    (
        "Sở",
        "Bộ",
        "Bộ Chỉ huy",
        "Ban",
        "Ban cán sự",
        "Ủy ban",
        "Uỷ ban",
        "UBND",
        "HĐND",
        "Hội đồng",
        "Văn phòng",
        "Hội",
        "Hiệp hội",
        "Liên hiệp",
        "Liên đoàn",
        "Liên minh",
        "Mặt trận",
        "Trung tâm",
        "Tổng công ty",
        "Công ty",
        "Tập đoàn",
        "Ngân hàng",
        "Quỹ",
        "Kho bạc",
        "Tổng cục",
        "Cục",
        "Chi cục",
        "Vụ",
        "Tổ",
        "Thanh tra",
        "Công an",
        "Bộ đội",
        "Cảnh sát",
        "Đảng ủy",
        "Đảng uỷ",
        "Đảng đoàn",
        "Tỉnh ủy",
        "Tỉnh uỷ",
        "Thành ủy",
        "Thành uỷ",
        "Huyện ủy",
        "Huyện uỷ",
        "Tỉnh đoàn",
        "Thành đoàn",
        "Tỉnh Đoàn",
        "Thành Đoàn",
        "Đoàn",
        "Viện",
        "Học viện",
        "Trường",
        "Đại học",
        "Bệnh viện",
        "Báo",
        "Đài",
        "Phòng",
        "Tòa án",
        "Toà án",
        "Kiểm toán",
        "Bảo hiểm xã hội",
        "Hải quan",
        "Chi nhánh",
        "Nhà xuất bản",
        # The provincial post offices of Vietnam Post ("Bưu điện tỉnh Vĩnh Long", "Bưu điện TP Hà
        # Nội"), parties to agreements with provinces and their offices.
        "Bưu điện",
    ),
    key=len,
    reverse=True,
)
BODY_HEAD_PATTERN = "|".join(re.escape(h) for h in BODY_HEADS)

# A body's name by its head noun and the initials of the rest, as the press writes the bodies
# every province has: "Hội CCB" is the "Hội Cựu chiến binh", "Hội LHPN" the "Hội Liên hiệp Phụ
# nữ", "Hội ND" the "Hội Nông dân", "Sở GD&ĐT" the "Sở Giáo dục và Đào tạo". Initials two names
# share are left out.
_JOINERS = {"và", "-", "–", ",", "&"}


def _initials_of(name: str) -> tuple[str, str] | None:
    head = next((h for h in BODY_HEADS if name.startswith(f"{h} ")), None)
    if head is None:
        return None
    words = [w for w in re.split(r"[\s,]+", name[len(head) :]) if w and w not in _JOINERS]
    if any(len(w) > 1 and w.isupper() for w in words):
        return None  # "Ủy ban MTTQ Việt Nam": initials already
    return head, "".join(w[0].upper() for w in words)


def _known_initials() -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], list[str]] = {}
    for name in (*DEPARTMENTS_BY_LAW, *MASS_ORGANISATIONS):
        key = _initials_of(name)
        if key and len(key[1]) >= 2:
            found.setdefault(key, []).append(name)
    return {key: names[0] for key, names in found.items() if len(set(names)) == 1}


_BY_INITIALS = _known_initials()
_HEAD_AND_INITIALS = re.compile(
    rf"^(?P<head>{BODY_HEAD_PATTERN})\s+(?P<initials>[A-ZĐ](?:\s*[&\-–.]?\s*[A-ZĐ])+)(?![\w])"
    r"(?P<rest>.*)$",
    re.DOTALL,
)


def spelt_out(name: str) -> str:
    """The name a body's head and initials stand for, with whose it is after them: "Hội LHPN Hà
    Tĩnh" -> "Hội Liên hiệp Phụ nữ Hà Tĩnh"; "" when the name is not one of those (or is spelt
    out already)."""
    match = _HEAD_AND_INITIALS.match(" ".join(name.split()))
    if not match:
        return ""
    initials = re.sub(r"[^A-ZĐ]", "", match.group("initials"))
    full = _BY_INITIALS.get((match.group("head"), initials))
    return f"{full}{match.group('rest')}" if full else ""


def known_base(name: str) -> str:
    """The name of a body every province has that opens ``name`` (its initials spelt out), when
    the rest is only whose it is — a place in capitals ("Hội LHPN Hà Tĩnh" -> "Hội Liên hiệp Phụ
    nữ") —, else ""."""
    full = spelt_out(name) or " ".join(name.split())
    for known in sorted((*DEPARTMENTS_BY_LAW, *MASS_ORGANISATIONS), key=len, reverse=True):
        if full == known:
            return known
        if full.startswith(f"{known} "):
            rest = full[len(known) :].split()
            if all(w[:1].isupper() or w in ("-", "–") for w in rest):
                return known
            return ""
    return ""


# Names used before 2025 that the directory keeps with their successor.
ALIASES = {"UBND": "Ủy ban nhân dân", "VP UBND": "Văn phòng Ủy ban nhân dân"}

_WORD = re.compile(r"[^\W_]+")
# Whose body it is, right after its base name.
_BOTH = (
    r"(?:của\s+)?(?:hai|cả hai|các|ba|bốn|năm|0?[2-9])\s+"
    r"(?:thành phố|địa phương|tỉnh|bên|Bên|tỉnh, thành phố)"
)
_UNIT = r"(?:thành phố|Thành phố|tỉnh|Tỉnh|TP\.?)"
# Another place: capitalised syllables ("Thừa Thiên Huế", "Hải Phòng", "Gwangju").
_PLACE = (
    r"(?!(?:Thành phố|Tỉnh|TP|Trung ương)(?![\w]))(?:[A-ZĐ][\w]*(?:\s+[A-ZĐ][\w]*){0,3})(?![\w])"
)


# Between the initials of a department's abbreviation, as published: "KH&ĐT", "GD-ĐT", "TN&MT".
_SEPARATORS = re.compile(r"(?<=[A-ZĐ])\s*[&\-–.]\s*(?=[A-ZĐ])")
_INITIALS = re.compile(r"^Sở ([A-ZĐ]{2,})$")


def _word_pattern(word: str) -> str:
    """A word of a name: "và", "&" and "," interchangeable, so are the dashes ("Sở Quy hoạch -
    Kiến trúc" is published "Sở Quy hoạch – Kiến trúc"), and a dash between the fields of a
    department is published as a comma ("Sở Lao động - Thương binh và Xã hội" is "Sở Lao động,
    Thương binh và Xã hội")."""
    if word in ("và", ","):
        return r"(?:và|&|,)"
    if word in ("-", "–", "—"):
        return r"(?:[-–—]|,)"
    return re.escape(word)


def _alternative(name: str) -> str:
    """The pattern of a name: "và", "&" and "," interchangeable between its words; after "Sở" a
    department's field in any case ("Sở Công thương" is "Sở Công Thương"), its initials with or
    without separators ("Sở KH&ĐT")."""
    initials = _INITIALS.match(name)
    if initials:
        return r"Sở\s+" + r"(?:\s*[&\-–.]\s*)?".join(initials.group(1))
    words = [w.strip() for w in re.split(r"(\W+)", name) if w.strip()]
    pattern = r"\s*".join(_word_pattern(w) for w in words)
    if words[:1] == ["Sở"] and len(words) > 1:
        rest = r"\s*".join(_word_pattern(w) for w in words[1:])
        pattern = rf"Sở\s*(?i:{rest})"
    return pattern


# The old placement of the tone on "oa", "oe", "uy" closing a syllable ("hoá", "hoà", "thuỷ",
# "Uỷ ban", "khoẻ"), which many published texts keep: moved to the first vowel as the directory
# writes it ("hóa", "hòa", "thủy", "Ủy ban", "khỏe"); "quý" stays ("qu" is a consonant). The
# length stays the same.
_OPEN_END = re.compile(r"(?<![qQ])[oOuU][^\W\d_](?![^\W\d_])")
_OPEN_PAIRS = {"oa", "oe", "uy"}


def _moved(match: re.Match[str]) -> str:
    """The pair with its tone where ``core.text.place_tone`` puts it, in the pair's case."""
    pair = match.group(0)
    bare, tone = split_tone(pair)
    if not tone or bare.lower() not in _OPEN_PAIRS:
        return pair
    placed = place_tone(pair.lower())
    return "".join(p.upper() if c.isupper() else p for p, c in zip(placed, pair, strict=True))


def modern_tones(text: str) -> str:
    """The text with the tone of "oa", "oe", "uy" closing a syllable on their first vowel
    ("Văn hoá" -> "Văn hóa", "Uỷ ban" -> "Ủy ban"), as the directory writes names; the same
    length."""
    return _OPEN_END.sub(_moved, text)


def _key(text: str) -> str:
    return " ".join(_WORD.findall(fold(text)))


def _words(text: str) -> str:
    """A name's words without "và": "… Đầu tư, Thương mại và Du lịch" = "… Đầu tư, Thương mại,
    Du lịch"."""
    return " ".join(w for w in _key(text.replace("&", " ")).split() if w != "va")


def _fields(base: str) -> list[str]:
    """The fields a department's name joins: "Sở Văn hóa, Thể thao và Du lịch" -> ["van hoa",
    "the thao", "du lich"]."""
    words = re.sub(r"^Sở\s+", "", base.strip())
    parts = re.split(r"\s*(?:,|&|\bvà\b|[-–—])\s*", words)
    return [_key(p) for p in parts if _key(p)]


def short_name(locality: Locality) -> str:
    """ "Thành phố Hà Nội" -> "Hà Nội"."""
    return re.sub(r"^(?:thành phố|tỉnh)\s+", "", locality.name_vi.strip(), flags=re.IGNORECASE)


def base_name(organisation: Organisation, locality: Locality) -> str:
    """The directory's name without its locality ("Sở Xây dựng Hà Nội" → "Sở Xây dựng")."""
    short = re.escape(short_name(locality))
    name = re.sub(rf"\s+(?:{_UNIT}\s+)?{short}$", "", organisation.name_vi.strip())
    return name.strip()


@dataclass
class Mention:
    """A body named in the text: where, its base name, and whose it is."""

    start: int
    end: int
    words: str
    base: str
    locality: Locality | None = None  # named after it ("… Hà Nội")
    shared: bool = False  # "… hai thành phố", "… các địa phương"
    foreign: bool = False  # of a place that is not a party ("Sở Xây dựng Hải Phòng")


@dataclass
class Resolved:
    lead: Organisation | None = None
    partners: list[Organisation] = field(default_factory=list)
    named: str = ""  # the words naming the lead, whether or not the directory has it
    name: str = ""  # the lead's base name as the text gives it ("Sở Du lịch"), likewise
    place: Locality | None = None  # whose the named lead is (its place, else the first party)


class Directory:
    """The bodies of the parties, found by base name; one query."""

    def __init__(self, parties: Sequence[Locality], today: dt.date | None = None):
        self.parties = list(parties)
        self.today = today or dates.today()
        self.by_base: dict[str, list[Organisation]] = {}
        self.bases: dict[str, str] = {}  # folded key -> base name as written
        self.by_id: dict[int, Organisation] = {}
        self.spelt_out: dict[
            str, str
        ] = {}  # folded key of initials -> the base name they stand for
        localities = {p.pk: p for p in self.parties}
        if localities:
            for org in Organisation.objects.filter(locality_id__in=localities).order_by("pk"):
                self.by_id[org.pk] = org
                base = base_name(org, localities[org.locality_id])
                self._add(base, org)
                if org.abbreviation and org.abbreviation.isupper() and len(org.abbreviation) > 2:
                    self._add(org.abbreviation, org, fold_key=False)
                    self.spelt_out.setdefault(_key(org.abbreviation), base)
                    if org.abbreviation.startswith("S"):
                        # "Sở GTVT", "Sở KH&ĐT", "Sở GD-ĐT": the department by the initials of
                        # its field's syllables, as the press writes it.
                        self._add(f"Sở {org.abbreviation[1:]}", org)
                        self.spelt_out.setdefault(_key(f"Sở {org.abbreviation[1:]}"), base)
        for name in (*DEPARTMENTS_BY_LAW, *MASS_ORGANISATIONS):
            self.bases.setdefault(_key(name), name)
        for alias, name in ALIASES.items():
            self.bases.setdefault(_key(alias), name)
        self._by_words = {_words(name): key for key, name in self.bases.items()}
        self._pattern = self._compile()

    def _add(self, base: str, org: Organisation, fold_key: bool = True) -> None:
        key = _key(base)
        if len(key.split()) < 2 and fold_key and not base[:1].isupper():
            return
        self.bases.setdefault(key, base)
        self.by_base.setdefault(key, []).append(org)

    def _compile(self) -> re.Pattern[str]:
        names = sorted({*self.bases.values(), *ALIASES}, key=len, reverse=True)
        names = [n for n in names if n]
        # "Sở Văn hóa, Thể thao & Du lịch": an ampersand stands for "và", as published; the last
        # of a list of words is joined by "và" or by a comma ("Trung tâm Xúc tiến Đầu tư, Thương
        # mại và Du lịch" is the directory's "… Đầu tư, Thương mại, Du lịch").
        alternatives = "|".join(_alternative(name) for name in names)
        places = sorted({short_name(p) for p in self.parties}, key=len, reverse=True)
        place = "|".join(re.escape(p) for p in places) or r"(?!x)x"
        return re.compile(
            rf"(?<![\w])(?P<base>{alternatives})(?![\w])"
            rf"(?P<owner>\s+(?:{_BOTH})(?![\w])|\s+(?:{_UNIT}\s+)?(?P<place>{place})(?![\w])"
            rf"|\s+(?:{_UNIT}\s+)?(?P<other>{_PLACE})|\s+{_UNIT}(?![\w]))?",
        )

    def mentions(self, text: str) -> list[Mention]:
        """Bodies named in the text, in order. A base must start with a capital letter, so that
        "thuế" in "thất thu thuế" is not the tax office."""
        found = []
        for match in self._pattern.finditer(modern_tones(text)):
            base = match.group("base")
            if not base[:1].isupper():
                continue
            key = _key(base.replace("&", " và "))
            if key not in self.bases:
                # Spelt with "và" where the directory has a comma, or the other way round.
                key = self._by_words.get(_words(base), key)
            if key not in self.bases and _key(_SEPARATORS.sub("", base)) in self.bases:
                key = _key(_SEPARATORS.sub("", base))  # "Sở KH&ĐT" = "Sở KHĐT"
            if key not in self.bases and _key(ALIASES.get(base, "")) in self.bases:
                key = _key(ALIASES[base])
            owner = match.group("owner") or ""
            if len(key.split()) < 2 and not owner.strip() and key not in self.by_base:
                continue
            place = match.group("place")
            locality = None
            if place:
                locality = next((p for p in self.parties if short_name(p) == place), None)
            found.append(
                Mention(
                    start=match.start(),
                    end=match.end(),
                    words=text[match.start() : match.end()].strip(),
                    base=self.bases.get(key, base),
                    locality=locality,
                    shared=bool(re.search(_BOTH, owner)),
                    foreign=bool(match.group("other")),
                )
            )
        return found

    def parts_of(self, base: str, place: Locality | None, text: str) -> Organisation | None:
        """The department that carries, in ``place``, the part of a department's work that
        ``text`` is about, when the directory lacks the department named ("Sở Văn hóa, Thể thao
        và Du lịch Hà Nội", where Hanoi has a "Sở Văn hóa và Thể thao" and a "Sở Du lịch"):
        among the place's departments whose fields are all in the name, the one whose field
        the text names (the only one, else none)."""
        if place is None or not base.startswith("Sở "):
            return None
        if any(o.locality_id == place.pk for o in self.by_base.get(_key(base), [])):
            return None
        fields = set(_fields(base))
        # Not the words of the name itself ("Sở Văn hóa, Thể thao và Du lịch … tổ chức …").
        text_key = f" {_words(text)} ".replace(f" {_words(base)} ", " ")
        chosen = []
        for key, orgs in self.by_base.items():
            theirs = _fields(self.bases.get(key, key))
            if not key.startswith("so ") or not theirs or not set(theirs) < fields:
                continue
            mine = [o for o in orgs if o.locality_id == place.pk]
            if mine and any(f" {f} " in text_key for f in theirs):
                chosen.append(self._current(mine[0]))
        return chosen[0] if len(set(chosen)) == 1 else None

    def _current(self, org: Organisation) -> Organisation:
        """The body that carries a merged body's work today (its successor, followed)."""
        seen = set()
        while org.valid_to and org.valid_to < self.today and org.successor_id:
            if org.pk in seen or org.successor_id not in self.by_id:
                break
            seen.add(org.pk)
            org = self.by_id[org.successor_id]
        return org

    def body(self, mention: Mention, locality: Locality | None = None) -> Organisation | None:
        """The directory's body for a mention in a locality (the mention's, else the given one,
        else the first party that has it)."""
        candidates = self.by_base.get(_key(mention.base), [])
        if not candidates or mention.foreign:
            return None
        wanted = mention.locality or locality
        order = [wanted] if wanted else []
        if mention.locality is None:
            # A body named with its place is that place's, never another party's.
            order += [p for p in self.parties if p not in order]
        for place in order:
            mine = [o for o in candidates if o.locality_id == place.pk]
            if mine:
                current = [o for o in mine if not o.valid_to or o.valid_to >= self.today]
                return self._current((current or mine)[0])
        return None

    def resolve(self, mentions: Iterable[Mention]) -> Resolved:
        """Lead and partners from the mentions of a clause, the lead first. "… hai thành phố":
        the first party's body leads, the others' are partners."""
        result = Resolved()
        first = self.parties[0] if self.parties else None
        for index, mention in enumerate(mentions):
            body = self.body(mention, first)
            if index == 0:
                result.named = mention.words
                # The name in full: "Sở VH-TT" is the "Sở Văn hóa, Thể thao và Du lịch".
                result.name = self.spelt_out.get(_key(mention.base), mention.base)
                result.lead = body
                result.place = None if mention.foreign else (mention.locality or first)
            elif body and body != result.lead and body not in result.partners:
                result.partners.append(body)
            if mention.shared and body:
                for party in self.parties:
                    other = self.body(
                        Mention(0, 0, mention.words, mention.base, locality=party), party
                    )
                    if other and other not in (result.lead, *result.partners):
                        result.partners.append(other)
        return result
