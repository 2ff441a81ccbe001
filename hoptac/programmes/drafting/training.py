"""Training and cross-validating the commitment detector on the labelled set.

A candidate (``draft(…, candidates=True)``) is a positive example when it is matched one to one
with a labelled commitment of its document (the alignment of ``evaluate_drafting``: Jaccard of
folded syllables ≥ 0.6), a negative one otherwise (framing, context, news, a fragment, a second
proposal for one promise). The fit is a logistic regression with an L2 penalty, by full-batch
gradient descent from zero weights for a fixed number of steps: no randomness, so the same
labelled set gives the same model (weights rounded to 3 decimals).

Cross-validation leaves one part out at a time (the parts were written by different hands, in
different styles): trained on the others, the detector is scored on the part left out with the
same measure as ``evaluate_drafting``, beside the rules' own proposals on the same candidates.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import numpy as np

from . import detector
from .document import draft
from .organisations import Directory
from .proposals import Proposal

L2 = 1.0
STEPS = 400
MIN_COUNT = 2  # a feature seen in fewer training examples is left out
# A field's evidence word is kept when at least this many matched candidates hold it: the field
# model has one feature per field and word, most of them near zero, and the file stays small.
FIELD_MIN_COUNT = 5
THRESHOLD = 0.5


@dataclass
class Candidate:
    part: str
    document: str
    proposal: Proposal
    names: list[str]
    label: bool = False  # matched to a labelled commitment
    gold: int = -1  # the index of that commitment in its document
    gold_fields: frozenset = frozenset()  # its fields


def candidates(part: str, documents, parties_of) -> list[Candidate]:
    """Every candidate of every document of a part, labelled by the one-to-one alignment."""
    from hoptac.programmes.management.commands.evaluate_drafting import align

    out: list[Candidate] = []
    for doc in documents:
        parties = parties_of(doc.parties)
        result = draft(doc.text, parties=parties, candidates=True)
        directory = Directory(parties if parties is not None else _parties(doc.text))
        paragraphs = len(doc.text.split("\n\n"))
        document = detector.document_features(result.proposals, paragraphs)
        rows = [
            Candidate(
                part,
                f"{part}/{doc.name}",
                p,
                detector.features(p, paragraphs, directory, document),
            )
            for p in result.proposals
        ]
        # The pieces and their finer cuts are labelled apart: each is a way to read the text.
        for fine in (False, True):
            chosen = [r for r in rows if r.proposal.fine == fine]
            texts = [r.proposal.text for r in chosen]
            for i, j, _sim in align(texts, [g["text"] for g in doc.gold]):
                chosen[i].label, chosen[i].gold = True, j
                chosen[i].gold_fields = frozenset(doc.gold[j]["fields"])
        out += rows
    return out


def _parties(text: str):
    from .parties import infer_parties

    return infer_parties(text)


def fit(
    examples: list[tuple[list[str], bool]],
    l2: float = L2,
    steps: int = STEPS,
    min_count: int = MIN_COUNT,
) -> dict[str, float]:
    """Weights by feature name of a logistic regression over (feature names, label) examples;
    only the features seen in at least ``min_count`` examples (and the bias) are kept, and the
    weights are rounded to 3 decimals (those that round to 0 are left out)."""
    counts: dict[str, int] = {}
    for names, _label in examples:
        for name in set(names):
            counts[name] = counts.get(name, 0) + 1
    vocabulary = sorted(n for n, c in counts.items() if c >= min_count or n == "bias")
    index = {name: i for i, name in enumerate(vocabulary)}
    # The examples as a sparse 0/1 matrix: (row, column) of every 1.
    pairs = [
        (r, index[name])
        for r, (names, _label) in enumerate(examples)
        for name in sorted(set(names))
        if name in index
    ]
    rows = np.array([r for r, _ in pairs], dtype=np.int64)
    cols = np.array([c for _, c in pairs], dtype=np.int64)
    n, d = len(examples), len(vocabulary)

    def times(w):  # x @ w
        return np.bincount(rows, weights=w[cols], minlength=n)

    def times_t(r):  # x.T @ r
        return np.bincount(cols, weights=r[rows], minlength=d)

    y = np.array([label for _names, label in examples], dtype=float)
    v = np.ones(d) / math.sqrt(d)
    for _ in range(30):  # the largest singular value of x, by power iteration (deterministic)
        v = times_t(times(v))
        v /= np.linalg.norm(v)
    # Gradient descent with a step of 1/L, L the smoothness bound of the loss (mean log-loss plus
    # the penalty): it converges without a tuned learning rate.
    bound = 0.25 * float(np.linalg.norm(times(v))) ** 2 / n + l2 / n
    step = 1.0 / bound
    penalty = np.ones(d)
    penalty[index["bias"]] = 0.0
    w = np.zeros(d)
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(times(w), -30, 30)))
        w -= step * (times_t(p - y) / n + l2 * penalty * w / n)
    return {name: round(float(w[i]), 3) for i, name in enumerate(vocabulary) if round(w[i], 3)}


RULES_VERDICT = {"rule", "relaxed"}


def commitment_examples(rows: list[Candidate], blind: bool = False) -> list[tuple[list[str], bool]]:
    """(features, label) of every candidate; ``blind``: without the rules' verdict."""
    if blind:
        return [([n for n in row.names if n not in RULES_VERDICT], row.label) for row in rows]
    return [(row.names, row.label) for row in rows]


def field_examples(rows: list[Candidate], codes: list[str]) -> list[tuple[list[str], bool]]:
    """One example per matched candidate and field: whether the labelled set gives it (fit
    with ``min_count=FIELD_MIN_COUNT``)."""
    return [
        (detector.field_features(row.proposal, code), code in row.gold_fields)
        for row in rows
        if row.label
        for code in codes
    ]


def predict(weights: dict[str, float], rows: list[Candidate]) -> list[float]:
    model = detector.Model(weights, THRESHOLD)
    return [model.probability(row.names) for row in rows]


def predict_fields(
    weights: dict[str, float], threshold: float, rows: list[Candidate], codes: list[str]
) -> list[list[str]]:
    model = detector.Model(weights, threshold)
    return [detector.fields_of(row.proposal, codes, model) for row in rows]


def keep(
    rows: list[Candidate], chances: list[float], threshold: float, added: float = 1.0
) -> list[bool]:
    """What the detector keeps, document by document (``detector.decide``)."""
    out = [False] * len(rows)
    by_doc: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        by_doc.setdefault(row.document, []).append(i)
    for indices in by_doc.values():
        kept = detector.decide(
            [rows[i].proposal for i in indices], [chances[i] for i in indices], threshold, added
        )
        for i, k in zip(indices, kept, strict=True):
            out[i] = k
    return out


def score(
    rows: list[Candidate],
    keep: list[bool],
    golds: dict[str, list[dict]],
    fields: list[list[str]] | None = None,
) -> dict:
    """Commitment P/R and the exact field set over matched pairs, for the kept candidates, with
    the alignment of ``evaluate_drafting`` run again on what is kept (per document); ``golds``:
    the labelled commitments of every document scored, by name (those with no candidate too)."""
    from hoptac.programmes.management.commands.evaluate_drafting import align

    by_doc: dict[str, list[Candidate]] = {}
    chosen = fields or [row.proposal.fields for row in rows]
    given = {id(row): set(f) for row, f in zip(rows, chosen, strict=True)}
    for row, kept in zip(rows, keep, strict=True):
        if kept:
            by_doc.setdefault(row.document, []).append(row)
    proposed = sum(keep)
    matched = exact = 0
    for name, kept_rows in by_doc.items():
        wanted = golds[name]
        pairs = align([r.proposal.text for r in kept_rows], [g["text"] for g in wanted])
        matched += len(pairs)
        exact += sum(given[id(kept_rows[i])] == set(wanted[j]["fields"]) for i, j, _ in pairs)
    gold = sum(len(wanted) for wanted in golds.values())
    return {
        "gold": gold,
        "proposed": proposed,
        "matched": matched,
        "precision": round(matched / proposed, 3) if proposed else 0.0,
        "recall": round(matched / gold, 3) if gold else 0.0,
        "field_exact_rate": round(exact / matched, 3) if matched else 0.0,
    }


def model_file(
    commitments: dict[str, float],
    threshold: tuple[float, float],
    fields: dict[str, float],
    field_threshold: float,
    trained_on: list[str],
    l2: float = L2,
    field_l2: float = L2,
    blind: bool = False,
) -> str:
    """The JSON of the shipped models: sorted, so that the same fit writes the same bytes.
    ``blind``: the commitments model was trained without the rules' verdict."""
    data = {
        "about": (
            "Logistic regressions of the drafting detector (is a candidate a commitment; does a "
            "field fit it), built by `manage.py train_drafting_detector` from the labelled parts "
            "named below."
        ),
        "parts": trained_on,
        "steps": STEPS,
        "min_count": MIN_COUNT,
        "field_min_count": FIELD_MIN_COUNT,
        "commitments": {
            "l2": l2,
            "threshold": threshold[0],
            "added": threshold[1],
            **({"blind_to_rules": True} if blind else {}),
            "weights": dict(sorted(commitments.items())),
        },
        "fields": {
            "l2": field_l2,
            "threshold": field_threshold,
            "weights": dict(sorted(fields.items())),
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=0) + "\n"
