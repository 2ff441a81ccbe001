"""The learned cut: where a sentence splits into commitments, and which words they share.

A sentence is read as its syllables (punctuation is a feature of the syllables around it), each
tagged with one of four tags:

- ``O``: in no commitment (framing, the parties as subject, a purpose, news);
- ``H``: a head shared by several commitments ("Hai bên phối hợp: A; B" -> "phối hợp" is ``H``);
- ``B``: the first syllable of a commitment's own words;
- ``I``: inside them.

The tags are learned from the labelled sentences (``gold_tags``: every labelled commitment's
text aligned to its sentence, the syllables that two commitments hold being the shared head), by
a multinomial logistic regression over named binary features of each syllable (itself, its
neighbours, the punctuation around it, conjunctions and list markers, the rules' verbs, its
place, the tag before it), fitted by full-batch gradient descent from zero (no randomness;
weights rounded) and decoded greedily left to right. ``cut`` turns the tags back into pieces of
the sentence: each commitment's own words, after the shared head before them (and before the
shared words after them, when the head closes the list).

The model is ``data/drafting_segmenter.json``, written by ``manage.py train_drafting_segmenter``;
how it is used and how it does on parts it was not trained on: the labelled set's README
("A learned cut").
"""

from __future__ import annotations

import contextlib
import functools
import json
import math
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np

from hoptac.core.text import fold

from .lexicon import ACTION_VERBS
from .structure import _starts_with
from .text import keys, syllables

MODEL = Path(__file__).resolve().parents[1] / "data" / "drafting_segmenter.json"
TAGS = ("O", "H", "B", "I")
STEPS = 300
MIN_COUNT = 2

_TOKEN = re.compile(r"[^\W_]+|[^\w\s]")
_WORD = re.compile(r"[^\W_]+")
_MARKER = re.compile(r"^\s*(?:[-–•+*]|\(?[0-9a-zđ]{1,3}[.)]|[IVX]{1,4}\.)\s*", re.IGNORECASE)
_CONJUNCTIONS = {"va", "cung", "dong", "hoac", "con", "ngoai", "tiep"}


@dataclass
class Token:
    start: int  # offsets in the sentence
    end: int
    folded: str
    before: str  # the punctuation between the syllable before and this one ("" when none)
    upper: bool


def tokens(sentence: str) -> list[Token]:
    """The syllables of a sentence with their offsets and the punctuation before each."""
    out: list[Token] = []
    pending = ""
    for match in _TOKEN.finditer(sentence):
        text = match.group(0)
        if not _WORD.fullmatch(text):
            pending += text
            continue
        out.append(Token(match.start(), match.end(), fold(text), pending, text[:1].isupper()))
        pending = ""
    return out


def _bin(value: float, edges: tuple[float, ...]) -> int:
    return sum(value >= edge for edge in edges)


def _verbs(sentence: str, count: int) -> list[str]:
    """For each syllable, the lexicon's verb that starts at it ("" when none)."""
    keyed = keys(sentence)
    if len(keyed) != count:
        return [""] * count
    out = []
    for at in range(count):
        length = _starts_with(keyed, ACTION_VERBS, at)
        out.append("_".join(syllables(" ".join(keyed[at : at + length]))) if length else "")
    return out


def static_features(sentence: str) -> list[list[str]]:
    """The features of each syllable of a sentence that do not depend on the tags."""
    toks = tokens(sentence)
    n = len(toks)
    if not n:
        return []
    words = [t.folded for t in toks]
    verbs = _verbs(sentence, n)
    folded = " ".join(words)
    sentence_cues = [
        name
        for name, pattern in (
            ("se", r"\bse\b"),
            ("agree", r"\b(?:thong nhat|nhat tri|thoa thuan|cam ket)\b"),
            ("assign", r"\b(?:giao|de nghi|yeu cau|chi dao)\b"),
            ("past", r"\bda\b"),
            ("speech", r"\b(?:khang dinh|cho biet|nhan manh|phat bieu)\b"),
        )
        if re.search(pattern, folded)
    ]
    marker = bool(_MARKER.match(sentence))
    colon_at = next((i for i, t in enumerate(toks) if ":" in t.before), -1)
    out: list[list[str]] = []
    since = 0
    for i, tok in enumerate(toks):
        w = words[i]
        prev = words[i - 1] if i else "<s>"
        prev2 = words[i - 2] if i > 1 else "<s>"
        nxt = words[i + 1] if i + 1 < n else "</s>"
        nxt2 = words[i + 2] if i + 2 < n else "</s>"
        punct = tok.before.strip()
        after = toks[i + 1].before.strip() if i + 1 < n else "</s>"
        since = 0 if punct else since + 1
        f = [
            "bias",
            f"w:{w}",
            f"w-1:{prev}",
            f"w+1:{nxt}",
            f"w-2:{prev2}",
            f"w+2:{nxt2}",
            f"w-1w:{prev}_{w}",
            f"ww+1:{w}_{nxt}",
            f"p:{punct}",
            f"pa:{after}",
            f"p_w:{punct}_{w}",
            f"since:{_bin(since, (1, 2, 4, 8, 16))}",
            f"at:{_bin(i, (1, 2, 4, 8, 16, 32))}",
            f"left:{_bin(n - i, (2, 4, 8, 16, 32))}",
        ]
        if tok.upper:
            f.append("upper")
            if punct:
                f.append("upper_after_p")
        if w.isdigit():
            f.append("digit")
        if w in _CONJUNCTIONS:
            f.append(f"conj:{w}_{punct}")
        if verbs[i]:
            f += ["verb", f"v:{verbs[i]}", f"verb_p:{punct}"]
        if i + 1 < n and verbs[i + 1]:
            f.append("verb_next")
        if i and verbs[i - 1]:
            f.append("verb_prev")
        if colon_at >= 0:
            f.append("after_colon" if i >= colon_at else "before_colon")
        if marker:
            f.append("marker")
        f += [f"S:{c}" for c in sentence_cues]
        out.append(f)
    return out


def with_previous(names: list[str], previous: str, punct: str) -> list[str]:
    return [*names, f"t-1:{previous}", f"t-1p:{previous}_{punct}"]


# -- Gold tags ------------------------------------------------------------------------------


def gold_tags(sentence: str, commitments: list[str]) -> list[str]:
    """The tag of each syllable of a labelled sentence: each commitment's folded syllables are
    aligned to the sentence's (the longest matching blocks, in order); a syllable two
    commitments hold is a shared head, the gaps inside a commitment's own words are its own."""
    toks = tokens(sentence)
    words = [t.folded for t in toks]
    owners: list[set[int]] = [set() for _ in toks]
    for k, text in enumerate(commitments):
        target = syllables(text)
        matcher = SequenceMatcher(None, words, target, autojunk=False)
        for block in matcher.get_matching_blocks():
            if block.size >= 2 or (block.size == 1 and len(target) <= 3):
                for i in range(block.a, block.a + block.size):
                    owners[i].add(k)
    own: list[int] = [next(iter(o)) if len(o) == 1 else -1 for o in owners]
    # A commitment's own words are contiguous: the gaps between its first and last are its own.
    for k in range(len(commitments)):
        at = [i for i, o in enumerate(own) if o == k]
        if at:
            for i in range(at[0], at[-1] + 1):
                if not owners[i]:
                    own[i] = k
    tags = []
    for i, o in enumerate(owners):
        if own[i] >= 0:
            tags.append("B" if i == 0 or own[i - 1] != own[i] else "I")
        elif len(o) >= 2:
            tags.append("H")
        else:
            tags.append("O")
    return tags


# -- The model ------------------------------------------------------------------------------


def fit(
    examples: list[tuple[list[str], str]], l2: float = 1.0, steps: int = STEPS
) -> dict[str, list[float]]:
    """Weights (one per tag) by feature name of a multinomial logistic regression: features seen
    in at least ``MIN_COUNT`` examples, full-batch gradient descent from zero with a step from
    the loss's smoothness bound, weights rounded to 3 decimals."""
    counts: dict[str, int] = {}
    for names, _tag in examples:
        for name in set(names):
            counts[name] = counts.get(name, 0) + 1
    vocabulary = sorted(n for n, c in counts.items() if c >= MIN_COUNT or n == "bias")
    index = {name: i for i, name in enumerate(vocabulary)}
    pairs = [
        (r, index[name])
        for r, (names, _tag) in enumerate(examples)
        for name in sorted(set(names))
        if name in index
    ]
    rows = np.array([r for r, _ in pairs], dtype=np.int64)
    cols = np.array([c for _, c in pairs], dtype=np.int64)
    n, d, k = len(examples), len(vocabulary), len(TAGS)
    y = np.zeros((n, k))
    y[np.arange(n), [TAGS.index(tag) for _names, tag in examples]] = 1.0

    def times(w):  # x @ w, w of shape (d, k)
        return np.stack([np.bincount(rows, weights=w[cols, j], minlength=n) for j in range(k)], 1)

    def times_t(r):  # x.T @ r
        return np.stack([np.bincount(cols, weights=r[rows, j], minlength=d) for j in range(k)], 1)

    v = np.ones(d) / math.sqrt(d)
    for _ in range(30):  # the largest singular value of x, by power iteration
        u = np.bincount(rows, weights=v[cols], minlength=n)
        v = np.bincount(cols, weights=u[rows], minlength=d)
        v /= np.linalg.norm(v)
    largest = float(np.linalg.norm(np.bincount(rows, weights=v[cols], minlength=n))) ** 2
    step = 1.0 / (0.5 * largest / n + l2 / n)
    penalty = np.ones((d, 1))
    penalty[index["bias"]] = 0.0
    # Nesterov's accelerated gradient: the same fixed steps, many fewer of them needed.
    w = np.zeros((d, k))
    before = w
    for t in range(steps):
        ahead = w + (t / (t + 3)) * (w - before)
        z = times(ahead)
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        before, w = w, ahead - step * (times_t(p - y) / n + l2 * penalty * ahead / n)
    return {
        name: [round(float(x), 3) for x in w[i]]
        for i, name in enumerate(vocabulary)
        if any(round(float(x), 3) for x in w[i])
    }


USES = ("rules", "segmenter", "replace", "add", "replace+add")


def combine(use: str, ruled: dict[str, list[str]], cuts: dict[str, list[str]]) -> list[str]:
    """The texts of a document for a use of the segmenter: ``ruled``: the rules' promises by
    sentence; ``cuts``: the segmenter's pieces of every sentence, in source order.

    - ``rules``: the rules' promises only;
    - ``segmenter``: the segmenter's pieces of every sentence, the rules unused;
    - ``replace``: the rules' promises, except in a sentence the segmenter cuts into more pieces
      (two at least) than the rules did: its pieces instead;
    - ``add``: the rules' promises, and the segmenter's pieces of the sentences in which the
      rules read none;
    - ``replace+add``: both."""
    out: list[str] = []
    for sentence, pieces in cuts.items():
        rules = ruled.get(sentence, [])
        if use == "rules":
            out += rules
        elif use == "segmenter":
            out += pieces
        else:
            out += _chosen(use, rules, pieces)
    return out


def _chosen(use: str, rules: list[str], pieces: list[str]) -> list[str]:
    if rules:
        replace = (
            use in ("replace", "replace+add") and 2 <= len(pieces) and len(rules) < len(pieces)
        )
        return pieces if replace else rules
    return pieces if use in ("add", "replace+add") else []


def choose(rules: list[tuple[str, bool]], sentence: str) -> list[str] | None:
    """In drafting: the shipped segmenter's pieces of a sentence in which the rules read
    ``rules`` (piece, opens with its own verb), or None to keep the rules' cut (no model, or
    the use chosen keeps it)."""
    current = model()
    if current is None or current.use == "rules":
        return None
    if current.use == "segmenter":
        return current.cut(sentence)
    if (current.use == "add" and rules) or (current.use == "replace" and not rules):
        return None  # the use keeps the rules' cut here: spare the tagging
    texts = [text for text, _own in rules]
    chosen = _chosen(current.use, texts, current.cut(sentence))
    return None if chosen is texts else chosen


@contextlib.contextmanager
def disabled():
    """Drafting without the shipped segmenter (to cross-validate it against the rules)."""
    global _DISABLED
    _DISABLED, before = True, _DISABLED
    try:
        yield
    finally:
        _DISABLED = before


_DISABLED = False


class Segmenter:
    """``outside``: subtracted from the score of ``O`` before the tags are chosen (above 0, the
    tagger reads more of a sentence as commitments); chosen by the cross-validation."""

    def __init__(
        self, weights: dict[str, list[float]], use: str = "replace", outside: float = 0.0
    ) -> None:
        self.weights = weights
        self.use = use
        self.outside = outside

    def scores(self, names: list[str]) -> list[float]:
        total = [0.0] * len(TAGS)
        for name in set(names):
            row = self.weights.get(name)
            if row:
                for j, x in enumerate(row):
                    total[j] += x
        return total

    def tag(self, sentence: str) -> list[str]:
        """The tags of the syllables of a sentence, greedily left to right."""
        toks = tokens(sentence)
        tags: list[str] = []
        for tok, names in zip(toks, static_features(sentence), strict=True):
            previous = tags[-1] if tags else "<s>"
            s = self.scores(with_previous(names, previous, tok.before.strip()))
            s[0] -= self.outside
            tags.append(TAGS[max(range(len(TAGS)), key=lambda j: (s[j], -j))])
        return tags

    def cut(self, sentence: str) -> list[str]:
        return pieces(sentence, self.tag(sentence))


def pieces(sentence: str, tags: list[str]) -> list[str]:
    """The commitments the tags of a sentence give: each run of own words (``B`` then ``I``; an
    ``I`` after ``O`` or ``H`` opens one too), after the last shared head before it; a shared run
    after the last item closes every item since the head before it."""
    toks = tokens(sentence)
    spans: list[tuple[int, int]] = []  # token ranges of the items
    heads: list[tuple[int, int] | None] = []  # the head before each item
    tails: list[tuple[int, int] | None] = []
    head: tuple[int, int] | None = None
    since_head: list[int] = []
    i = 0
    while i < len(toks):
        tag = tags[i]
        j = i + 1
        if tag == "H":
            while j < len(toks) and tags[j] == "H":
                j += 1
            if since_head and (j >= len(toks) or "O" in tags[j : j + 1]):
                for item in since_head:  # "A và B trong năm 2026": the shared words close
                    tails[item] = (i, j)
                since_head = []
            else:
                head, since_head = (i, j), []
        elif tag in "BI":
            while j < len(toks) and tags[j] == "I":
                j += 1
            spans.append((i, j))
            heads.append(head)
            tails.append(None)
            since_head.append(len(spans) - 1)
        i = j
    out = []
    for (a, b), h, t in zip(spans, heads, tails, strict=True):
        text = sentence[toks[a].start : toks[b - 1].end]
        if h is not None:
            text = f"{sentence[toks[h[0]].start : toks[h[1] - 1].end]} {text}"
        if t is not None:
            text = f"{text} {sentence[toks[t[0]].start : toks[t[1] - 1].end]}"
        text = _MARKER.sub("", text).strip(" ,;:-–")
        if len(syllables(text)) >= 3:
            out.append(text[:1].upper() + text[1:])
    return out


def examples_of(sentence: str, tags: list[str]) -> list[tuple[list[str], str]]:
    """(features with the gold tag before, tag) of every syllable of a labelled sentence."""
    toks = tokens(sentence)
    out = []
    for i, names in enumerate(static_features(sentence)):
        previous = tags[i - 1] if i else "<s>"
        out.append((with_previous(names, previous, toks[i].before.strip()), tags[i]))
    return out


def model() -> Segmenter | None:
    """The shipped segmenter, or None when absent or disabled (the rules' cut stands alone)."""
    return None if _DISABLED else _shipped()


@functools.lru_cache(maxsize=1)
def _shipped() -> Segmenter | None:
    if not MODEL.is_file():
        return None
    data = json.loads(MODEL.read_text(encoding="utf-8"))
    return Segmenter(data["weights"], data["use"], data["outside"])


def model_file(
    weights: dict[str, list[float]],
    l2: float,
    use: str,
    outside: float,
    parts: list[str],
    committed_only: bool = False,
) -> str:
    data = {
        "about": (
            "Multinomial logistic regression of the drafting segmenter (the tag O/H/B/I of each "
            "syllable of a sentence), built by `manage.py train_drafting_segmenter` from the "
            "labelled parts named below."
        ),
        "parts": parts,
        **({"committed_only": True} if committed_only else {}),
        "tags": list(TAGS),
        "steps": STEPS,
        "min_count": MIN_COUNT,
        "l2": l2,
        "use": use,
        "outside": outside,
        "weights": dict(sorted(weights.items())),
    }
    return json.dumps(data, ensure_ascii=False, indent=0) + "\n"
