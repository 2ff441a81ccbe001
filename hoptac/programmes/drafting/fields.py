"""Which cooperation fields a commitment belongs to, from what each field is.

A field is described on its own row (``core.CooperationField``), so that a field added or
edited by a coordinator counts like the others: its name and keywords (the words that signal it)
and its description (what it covers: for the core vocabulary, the state-management functions
that the law gives the body carrying it and the themes of the seed, loaded by the core demo from
``core/data/field_profiles.json``). A clause is scored against every field:

- a phrase of the field found in the clause (longest first, on whole syllables, with or without
  marks) counts its length, capped, halved when it cuts through a word of the segmenter;
- a distinctive pair of syllables of the field's description that the clause shares counts a
  little, so that an ordinary wording of the same idea still finds its field.

The fields within FIELD_RATIO of the best, each with a phrase of its own, are proposed; below
MIN_SCORE nothing fits and the proposal says so. ``words`` keeps the words behind each field for
the review form.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .text import _SYLLABLE, _phrase_forms, _Words, _words, syllables

# Weights of the evidence: a field's own name and keywords, the phrases of its description, and
# a shared distinctive pair of syllables.
NAME_WEIGHT, DESCRIPTION_WEIGHT, PAIR_WEIGHT = 1.0, 0.8, 0.35
# A long phrase is strong evidence, but one phrase should not outweigh two.
LENGTH_CAP = 4
# A field is proposed with the best one when its score reaches this share of the best.
FIELD_RATIO = 0.6
# What comes after these words says what a promise serves, not what it is: it counts half.
MODIFIERS = ("phục vụ", "nhằm", "để", "theo hướng", "dựa trên", "đối với", "trong các lĩnh vực")
MODIFIER_WEIGHT = 0.5
# Words of every field's description, which say nothing of which field it is.
GENERIC = {
    "quan ly",
    "danh gia",
    "ket noi",
    "chia se",
    "trao doi",
    "hoi nghi",
    "phuc vu",
    "chat luong",
    "co che",
    "doanh nghiep",
    "phat trien",
    "nhiem vu",
    "ket qua",
    "ho tro",
    "thuc hien",
    "chinh sach",
    "hop tac",
    "to chuc",
    "xay dung",
    "dia phuong",
    "thanh pho",
    "nha nuoc",
    "dien tu",
    "hoc tap",
    "moi truong",
    "nghien cuu",
    "de xuat",
    "trien khai",
    "dao tao",
}
GENERIC_KEYWORD = 0.5
# A field with this much evidence of its own is proposed whatever the best one scores.
SECOND_FIELD = 4.0
# Below this, no field fits: one keyword of two syllables alone is not enough ("hội chợ",
# "quảng bá" around tourism or farm produce; 2.0 until 2026-12-05), a phrase of three syllables
# of a field's name or keywords is, or two pieces of evidence. On the seen parts the exact field
# set rose on ten documents of the three (dev 0.870 -> 0.894, heldout 0.734 -> 0.797, heldout2
# 0.650 -> 0.725) and fell on none.
MIN_SCORE = 2.5
# Syllables that carry no field of their own in a pair.
STOP = {
    "va",
    "cac",
    "cua",
    "cho",
    "trong",
    "tren",
    "ve",
    "voi",
    "nhung",
    "mot",
    "so",
    "theo",
    "tai",
    "de",
    "la",
    "co",
    "duoc",
    "nham",
    "hai",
    "ben",
    "thanh",
    "pho",
    "dia",
    "phuong",
    "viec",
    "cong",
    "tac",
    "quan",
    "ly",
    "phat",
    "trien",
    "xay",
    "dung",
    "to",
    "chuc",
    "hop",
    "nang",
    "cao",
    "hoat",
    "dong",
    "nha",
    "nuoc",
    "tinh",
    "chinh",
    "sach",
    "che",
}


@dataclass
class FieldScores:
    """The fields of a clause, best first, with their scores, words and confidence (0–1)."""

    codes: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    words: dict[str, list[str]] = field(default_factory=dict)
    confidence: float = 0.0

    @property
    def none_fits(self) -> bool:
        return not self.codes


def _first(flat, phrases) -> int:
    """The position of the first of the phrases in the syllables, or their length."""
    for i in range(len(flat)):
        for phrase in phrases:
            if tuple(flat[i : i + len(phrase)]) == phrase:
                return i
    return len(flat)


def _phrases(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;,\n]", text or "") if len(p.strip()) > 1]


def _in_a_name(capitals: list[bool], start: int, length: int) -> bool:
    """Whether a phrase is part of a proper name, not a topic: it opens with a capital after a
    capitalised word ("Báo Diễn đàn doanh nghiệp"), or capitals run inside it ("Trung tâm Xúc
    tiến Đầu tư"). The first word of a text is capitalised whatever it is."""
    if len(capitals) != 0 and start + length > len(capitals):
        return False
    inside = sum(capitals[start + 1 : start + length])
    after_name = start > 0 and capitals[start] and capitals[start - 1] and start - 1 > 0
    return bool(capitals) and (inside >= 1 or after_name)


class FieldModel:
    """Scores clauses against the fields; built once per ``propose``."""

    def __init__(self, fields: Iterable):
        self._syllables = syllables
        self.named: set[tuple[str, ...]] = set()
        self.codes: list[str] = []
        self.table: dict[tuple[str, ...], dict[str, float]] = defaultdict(dict)
        pair_fields: dict[tuple[str, str], set[str]] = defaultdict(set)
        for f in fields:
            self.codes.append(f.code)
            # A keyword that names an activity of every field ("đào tạo" for the officials'
            # field) says little alone: it counts half, so that it needs other evidence.
            sources = [
                (p, NAME_WEIGHT * (GENERIC_KEYWORD if " ".join(syllables(p)) in GENERIC else 1))
                for p in [f.name_vi, *(f.keywords or "").splitlines()]
            ]
            sources += [
                (p, DESCRIPTION_WEIGHT)
                for p in _phrases(f.description)
                if " ".join(syllables(p)) not in GENERIC and len(syllables(p)) > 1
            ]
            for phrase, weight in sources:
                for form in _phrase_forms(phrase):
                    if self.table[form].get(f.code, 0.0) < weight:
                        self.table[form][f.code] = weight
                    if any(w[:1].isupper() for w in phrase.split()[1:]):
                        self.named.add(form)  # "Luật Thủ đô", "Mặt trận Tổ quốc": names
                flat = syllables(phrase)
                for a, b in zip(flat, flat[1:], strict=False):
                    if a not in STOP and b not in STOP and f"{a} {b}" not in GENERIC:
                        pair_fields[(a, b)].add(f.code)
        self.modifiers = {form for m in MODIFIERS for form in _phrase_forms(m)}
        self.lengths = sorted({len(k) for k in self.table}, reverse=True)
        self.phrases = [k for k in self.table if len(k) > 1]
        total = max(len(self.codes), 1)
        # A pair that belongs to one or two fields says something; one shared by many does not.
        self.pairs = {
            pair: (codes, math.log(total / len(codes)))
            for pair, codes in pair_fields.items()
            if len(codes) <= 2
        }

    def score(self, text: str, words=None) -> FieldScores:
        """The fields of a clause (``words``: drafting's segmentation of it, when at hand)."""
        words = words or _words(text)
        spans = [m.span() for m in _SYLLABLE.finditer(text)]

        def _surface(_text: str, start: int, end: int) -> str:
            if start >= len(spans):
                return ""
            return text[spans[start][0] : spans[min(end, len(spans)) - 1][1]]

        flat = words.flat
        taken = [False] * len(flat)
        capitals = [text[a : a + 1].isupper() for a, _ in spans]
        modifier_at = _first(flat, self.modifiers)
        scores: dict[str, float] = defaultdict(float)
        found: dict[str, list[str]] = defaultdict(list)
        strong: set[str] = set()
        for length in self.lengths:
            for i in range(len(flat) - length + 1):
                key = tuple(flat[i : i + length])
                codes = self.table.get(key)
                if not codes or any(taken[i : i + length]):
                    continue
                # A long phrase across a word of the segmenter is still the phrase; a short one
                # may be an accident ("hợp tác xã" is not "hợp tác").
                starts, ends = i in words.boundaries, i + length in words.boundaries
                aligned = (starts and ends) or (length >= 3 and (starts or ends))
                for k in range(i, i + length):
                    taken[k] = True
                if key not in self.named and _in_a_name(capitals, i, length):
                    continue  # "Báo Diễn đàn doanh nghiệp", "Trung tâm Xúc tiến Đầu tư": a name
                surface = _surface(text, i, i + length)
                for code, weight in codes.items():
                    value = min(length, LENGTH_CAP) * weight * (1.0 if aligned else 0.5)
                    value *= MODIFIER_WEIGHT if i >= modifier_at else 1.0
                    scores[code] += value
                    found[code].append(surface)
                    if length > 1 and aligned:
                        strong.add(code)
        folded = self._syllables(text)
        if len(folded) == len(flat):
            for i in range(len(folded) - 1):
                if taken[i] or taken[i + 1]:
                    continue
                if i not in words.boundaries or i + 2 not in words.boundaries:
                    continue  # a pair of syllables counts when it is a word of its own
                entry = self.pairs.get((folded[i], folded[i + 1]))
                if not entry:
                    continue
                codes, idf = entry
                for code in codes:
                    scores[code] += PAIR_WEIGHT * idf / len(codes)
                    found[code].append(_surface(text, i, i + 2))
        return self._choose(
            dict(scores), {c: list(dict.fromkeys(w)) for c, w in found.items()}, strong
        )

    def _choose(self, scores: dict[str, float], words: dict[str, list[str]], strong: set[str]):
        order = {code: i for i, code in enumerate(self.codes)}
        ranked = sorted(scores, key=lambda c: (-scores[c], order.get(c, 0)))
        top = scores[ranked[0]] if ranked else 0.0
        result = FieldScores(
            scores={c: round(scores[c], 3) for c in ranked},
            words={c: words.get(c, []) for c in ranked},
        )
        if top < MIN_SCORE:
            result.confidence = round(min(top / MIN_SCORE, 1.0) * 0.3, 2)
            return result
        # Another field joins the best when it is close, or when a whole phrase of its own
        # (SECOND_FIELD or more) says it: "… hệ thống giải quyết thủ tục hành chính và dịch vụ
        # công trực tuyến" is about online services whatever else it is about.
        result.codes = [
            c
            for c in ranked
            if c == ranked[0]
            or (c in strong and (scores[c] >= FIELD_RATIO * top or scores[c] >= SECOND_FIELD))
        ]
        runner_up = next((scores[c] for c in ranked if c not in result.codes), 0.0)
        # Confident when the evidence is strong and the fields left out are far behind.
        result.confidence = round(min(1.0, top / 6) * 0.6 + 0.4 * (1 - runner_up / top), 2)
        return result

    def best(self, text: str) -> str | None:
        """The best field of a short piece (syllables only: it is called for every item)."""
        result = self.score(text, _Words(text, segment=False))
        ranked = list(result.scores)
        return ranked[0] if ranked and result.codes else None
