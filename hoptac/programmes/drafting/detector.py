"""The learned commitment detector: is this candidate a commitment, or framing, context, news?

The rules (``promises``) cut every sentence into pieces and read some of them as promises; the
clauses of the sentences where they read none are candidates too. A logistic regression decides
for each candidate, from features meant to carry across styles rather than phrases of one text:
folded syllables and pairs of syllables of the candidate, its first syllables, the length of its
subject (the bodies that open it) and its main verb (of the rules' lexicon), modal and
obligation words, the words of its sentence and how the sentence opens (a list item's marker,
its first syllables: a speaker, the day of a report) and how long it is, its length and its share
of the sentence, its place in the document and how densely the rules read promises in the
document (since 2026-12-06, helper ``h4/draft``), whether it names a body of the directory or
gives a deadline, whether it has a field, and the rules' own verdict.

The models are a small JSON file (``data/drafting_detector.json``) built from the labelled set by
``manage.py train_drafting_detector`` (deterministic: full-batch gradient descent from zero,
weights rounded); without it the rules' verdict stands alone. How it was chosen and how it does on
parts it was not trained on: the labelled set's README ("Learned detector").
"""

from __future__ import annotations

import functools
import json
import math
import re
from pathlib import Path

from .dates import deadline, recurrence
from .lexicon import ACTION_VERBS
from .organisations import Directory
from .proposals import Proposal
from .structure import _starts_with
from .text import keys, syllables

MODEL = Path(__file__).resolve().parents[1] / "data" / "drafting_detector.json"

# Words that oblige, promise, report or look back: kept as features of their own, wherever they
# stand in the candidate (folded).
_CUES = {
    "future": r"\bse\b",
    "must": r"\b(?:can|phai|co trach nhiem|chiu trach nhiem)\b",
    "assign": r"\b(?:giao|chi dao|de nghi|yeu cau)\b",
    "lead": r"\b(?:chu tri|phoi hop|tham muu|dau moi)\b",
    "past": r"\bda\b",
    "now": r"\b(?:dang|hien nay|hien)\b",
    "speech": r"\b(?:khang dinh|cho biet|nhan manh|phat bieu|danh gia|cam on|chuc mung)\b",
    "wish": r"\b(?:mong muon|ky vong|tin tuong|hy vong)\b",
    "agree": r"\b(?:thong nhat|nhat tri|thoa thuan|cam ket)\b",
    "aim": r"\b(?:nham|de|gop phan|qua do|tu do)\b",
    "sign": r"\b(?:ky ket|le ky|ban ghi nho)\b",
    "cooperate": r"\bhop tac\b",
    "field_word": r"\blinh vuc\b",
    "list": r"(?:\bnhu\b|:)",
}
_CUE_PATTERNS = {name: re.compile(pattern) for name, pattern in _CUES.items()}
_QUOTE = re.compile(r"[\"“”]")
# A list item's marker at the start of its sentence: "- ", "1. ", "2) ", "a) ", "II. ".
_ITEM_MARKER = re.compile(r"^\s*(?:[-–+•*]|\d{1,2}(?:\.\d{1,2})*[.)/]|[a-zđ][.)]|[IVX]{1,4}[.)])")


def _bin(value: float, edges: tuple[float, ...]) -> int:
    return sum(value >= edge for edge in edges)


def document_features(proposals: list[Proposal], paragraphs: int) -> list[str]:
    """What the whole document says of each of its candidates: how densely the rules read
    promises in it (a plan or an agreement lists them paragraph after paragraph, a news report
    tells a meeting and states a few). Only the rules' promises are counted, so that drafting
    with and without the other candidates gives the same value."""
    promises = sum(1 for p in proposals if p.rule and not p.fine)
    density = promises / max(paragraphs, 1)
    return [f"doc_density:{_bin(density, (0.2, 0.4, 0.7, 1.0, 1.5))}"]


def features(
    proposal: Proposal,
    paragraphs: int,
    directory: Directory | None,
    document: list[str] = (),
) -> list[str]:
    """The names of the binary features of a candidate (``document``: those of its whole
    document, ``document_features``)."""
    from .clauses import _subject_end

    text = proposal.text
    flat = syllables(text)
    sentence = syllables(proposal.source) or flat
    folded = " ".join(flat)
    out = ["bias"]
    out += [f"w:{s}" for s in set(flat)]
    out += [f"b:{a}_{b}" for a, b in set(zip(flat, flat[1:], strict=False))]
    out += [f"s{i}:{s}" for i, s in enumerate(flat[:3])]
    if len(flat) >= 2:
        out.append(f"s01:{flat[0]}_{flat[1]}")
    out += [f"cue:{name}" for name, pattern in _CUE_PATTERNS.items() if pattern.search(folded)]
    # The rules' verdict and what they read.
    out.append("fine" if proposal.fine else "rule" if proposal.rule else "relaxed")
    if proposal.own_verb:
        out.append("own_verb")
    # The clause analysis: where the bodies that open it end (its subject), the main verb of the
    # lexicon after them and how far it stands (the tagger is the rules' fallback; calling it on
    # every candidate would double the time of drafting).
    start = _subject_end(text, directory)
    keyed = keys(text)
    out.append(f"subject:{_bin(start, (1, 4, 8, 14))}")
    for at in range(start, min(start + 16, len(keyed))):
        length = _starts_with(keyed, ACTION_VERBS, at)
        if length:
            out.append(f"v:{'_'.join(keyed[at : at + length])}")
            out.append(f"v_at:{_bin(at - start, (1, 3, 6, 10))}")
            break
    else:
        out.append("no_verb")
    # Size and place.
    out.append(f"len:{_bin(len(flat), (6, 10, 15, 22, 32, 45, 60))}")
    out.append(f"share:{_bin(len(flat) / max(len(sentence), 1), (0.3, 0.6, 0.9))}")
    place = proposal.paragraph / max(paragraphs - 1, 1)
    out.append(f"place:{_bin(place, (0.05, 0.2, 0.5, 0.8, 0.95))}")
    if proposal.source.rstrip().endswith(":"):
        out.append("ends_colon")
    if _QUOTE.search(proposal.source):
        out.append("quote")
    if not re.search(r"[.!?;:…]['\"”’)]*\s*$", proposal.source):
        out.append("no_stop")
    # The sentence it comes from: its words say whether it reports, frames or promises; how it
    # opens (a list item's marker, a speaker, the day of a report) and how long it is.
    out += [f"S:{s}" for s in set(sentence) - set(flat)]
    if _ITEM_MARKER.match(proposal.source or text):
        out.append("item")
    if sentence:
        out.append(f"S0:{sentence[0]}")
    if len(sentence) >= 2:
        out.append(f"S01:{sentence[0]}_{sentence[1]}")
    out.append(f"slen:{_bin(len(sentence), (10, 20, 35, 60))}")
    # Bodies, deadlines, fields.
    if directory is not None and directory.mentions(text[:300]):
        out.append("body")
    if proposal.lead is not None or proposal.lead_named:
        out.append("lead")
    if deadline(text) is not None:
        out.append("due")
    if recurrence(text) is not None:
        out.append("rhythm")
    out.append(f"fields:{min(len(proposal.fields), 2)}")
    out += document
    return out


def field_features(proposal: Proposal, code: str, evidence: tuple | None = None) -> list[str]:
    """The names of the binary features of a (candidate, field) pair: what the field model of
    the rules says of the field (picked, rank, score, share of the best), and the candidate's
    words as evidence for this field (``evidence``: ``_evidence(proposal)``, when at hand)."""
    words, pairs, best = evidence or _evidence(proposal)
    score = (proposal.field_scores or {}).get(code, 0.0)
    out = ["bias", f"c:{code}", f"n:{min(len(proposal.fields), 2)}"]
    if code in proposal.fields:
        out += ["picked", f"rank:{min(proposal.fields.index(code), 2)}"]
    out.append(f"score:{_bin(score, (0.01, 1.0, 2.5, 4.0, 6.0))}")
    if score > 0:
        out.append(f"share:{_bin(score / best, (0.3, 0.6, 0.9))}")
    out.append(f"best:{_bin(best, (0.01, 1.0, 2.5, 4.0, 6.0))}")
    out += [f"{code}|w:{s}" for s in words]
    out += [f"{code}|b:{pair}" for pair in pairs]
    return out


def _evidence(proposal: Proposal) -> tuple[set[str], set[str], float]:
    flat = syllables(proposal.text)
    pairs = {f"{a}_{b}" for a, b in zip(flat, flat[1:], strict=False)}
    return set(flat), pairs, max((proposal.field_scores or {}).values(), default=0.0)


class Model:
    """Weights of a logistic regression over named binary features, and the threshold."""

    def __init__(self, weights: dict[str, float], threshold: float, added: float = 1.0) -> None:
        self.weights = weights
        self.threshold = threshold  # for what the rules read as a promise
        self.added = added  # for the other candidates (above 1: the rules' promises only)

    def probability(self, names: list[str]) -> float:
        z = sum(self.weights.get(name, 0.0) for name in set(names))
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


@functools.lru_cache(maxsize=1)
def models() -> tuple[Model | None, Model | None]:
    """The shipped models of commitments and of fields, or None when absent (the rules then
    decide alone)."""
    if not MODEL.is_file():
        return None, None
    data = json.loads(MODEL.read_text(encoding="utf-8"))
    found = []
    for key in ("commitments", "fields"):
        part = data.get(key)
        found.append(
            Model(part["weights"], part["threshold"], part.get("added", 1.0)) if part else None
        )
    return found[0], found[1]


def model() -> Model | None:
    return models()[0]


def explores() -> bool:
    """Whether the detector may keep a candidate the rules did not read as a promise (else
    drafting does not read such candidates at all, for speed)."""
    current = model()
    return current is not None and current.added <= 1.0


def fields_of(proposal: Proposal, codes: list[str], using: Model) -> list[str]:
    """The fields the field model gives a candidate, most likely first (none: no field fits)."""
    evidence = _evidence(proposal)
    chances = {code: using.probability(field_features(proposal, code, evidence)) for code in codes}
    chosen = [code for code in codes if chances[code] >= using.threshold]
    return sorted(chosen, key=lambda code: -chances[code])


def decide(
    proposals: list[Proposal], chances: list[float], threshold: float, added: float = 1.0
) -> list[bool]:
    """Which candidates to keep: a promise of the rules at or above ``threshold``, another
    candidate at or above ``added``; and for each piece either the piece whole or its finer cut,
    whichever gains more (the sum of the chances above their thresholds of what it keeps)."""
    bars = [threshold if p.rule else added for p in proposals]
    keep = [chance >= bar for chance, bar in zip(chances, bars, strict=True)]
    groups: dict[int, tuple[list[int], list[int]]] = {}
    for i, proposal in enumerate(proposals):
        whole, finer = groups.setdefault(proposal.group, ([], []))
        (finer if proposal.fine else whole).append(i)
    for whole, finer in groups.values():
        if not finer:
            continue
        gain_whole = sum(chances[i] - bars[i] for i in whole if keep[i])
        gain_finer = sum(chances[i] - bars[i] for i in finer if keep[i])
        dropped = whole if gain_finer > gain_whole else finer
        for i in dropped:
            keep[i] = False
    return keep


def judge(
    proposals: list[Proposal],
    paragraphs: int,
    directory: Directory | None,
    *,
    codes: list[str] = (),
    keep_all: bool = False,
) -> list[Proposal]:
    """The candidates the detector keeps, each with its probability as ``confidence``, then the
    fields of the field model (``codes``: every field's). ``keep_all``: every candidate, with
    the rules' fields (to train on). Without the models, the rules' verdict and fields."""
    current, by_field = models()
    if current is None:
        kept = proposals if keep_all else [p for p in proposals if p.rule]
    else:
        document = document_features(proposals, paragraphs)
        chances = [
            current.probability(features(p, paragraphs, directory, document)) for p in proposals
        ]
        for proposal, chance in zip(proposals, chances, strict=True):
            proposal.confidence = round(chance, 2)
        if keep_all:
            return proposals
        keep = decide(proposals, chances, current.threshold, current.added)
        kept = [p for p, k in zip(proposals, keep, strict=True) if k]
    if by_field is not None and codes and not keep_all:
        for proposal in kept:
            proposal.fields = fields_of(proposal, list(codes), by_field)
    return kept
