"""Precision and recall of ``drafting.propose`` against the labelled agreements.

A proposal matches a gold commitment when the two align one to one (greedy, most similar pair
first) with a token-set Jaccard similarity of their folded syllables of at least 0.6. Fields are
scored micro: over the matched pairs, and over all gold fields / all proposed fields.

    manage.py evaluate_drafting            a table
    manage.py evaluate_drafting --json     the same figures for machines
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hoptac.core.models import CooperationField, Locality
from hoptac.programmes.drafting import propose, syllables

DATA = Path(__file__).resolve().parents[2] / "data"
THRESHOLD = 0.6


@dataclass
class Document:
    name: str
    text: str
    gold: list[dict]
    parties: list[str] = field(default_factory=list)


def labelled_documents(data: Path = DATA) -> list[Document]:
    """The seed (Notice 2138-TB/TU) first, then every labelled/<name>.txt with its .json."""
    docs = [
        Document(
            "2138-TB/TU (seed)",
            (data / "2138-TB-TU.txt").read_text(encoding="utf-8"),
            json.loads((data / "seed_2138.json").read_text(encoding="utf-8"))["commitments"],
        )
    ]
    for path in sorted((data / "labelled").glob("*.txt")):
        gold = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        docs.append(
            Document(
                path.stem,
                path.read_text(encoding="utf-8"),
                gold["commitments"],
                gold.get("parties", []),
            )
        )
    return docs


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the sets of folded syllables."""
    x, y = set(syllables(a)), set(syllables(b))
    return len(x & y) / len(x | y) if x | y else 0.0


def align(proposed: list[str], gold: list[str], threshold: float = THRESHOLD):
    """One-to-one pairs (i, j, similarity), the most similar first, above the threshold."""
    candidates = sorted(
        ((similarity(p, g), i, j) for i, p in enumerate(proposed) for j, g in enumerate(gold)),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    used_p, used_g, pairs = set(), set(), []
    for sim, i, j in candidates:
        if sim < threshold:
            break
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append((i, j, sim))
    return sorted(pairs)


def _ratio(a: int, b: int) -> float:
    return round(a / b, 3) if b else 0.0


def _f1(p: float, r: float) -> float:
    return round(2 * p * r / (p + r), 3) if p + r else 0.0


def score(proposals, gold: list[dict], threshold: float = THRESHOLD) -> dict:
    """Counts for one document (summed for all)."""
    pairs = align([p.text for p in proposals], [g["text"] for g in gold], threshold)
    counts = {
        "gold": len(gold),
        "proposed": len(proposals),
        "matched": len(pairs),
        "field_tp": 0,
        "field_fp_matched": 0,
        "field_fn_matched": 0,
        "gold_fields": sum(len(g["fields"]) for g in gold),
        "proposed_fields": sum(len(p.fields) for p in proposals),
    }
    for i, j, _sim in pairs:
        predicted, expected = set(proposals[i].fields), set(gold[j]["fields"])
        counts["field_tp"] += len(predicted & expected)
        counts["field_fp_matched"] += len(predicted - expected)
        counts["field_fn_matched"] += len(expected - predicted)
    return counts


def ratios(c: dict) -> dict:
    precision, recall = _ratio(c["matched"], c["proposed"]), _ratio(c["matched"], c["gold"])
    tp = c["field_tp"]
    fp, fn = _ratio(tp, tp + c["field_fp_matched"]), _ratio(tp, tp + c["field_fn_matched"])
    return {
        **c,
        "precision": precision,
        "recall": recall,
        "f1": _f1(precision, recall),
        "field_precision_matched": fp,
        "field_recall_matched": fn,
        "field_precision_all": _ratio(tp, c["proposed_fields"]),
        "field_recall_all": _ratio(tp, c["gold_fields"]),
    }


def evaluate(documents: list[Document], threshold: float = THRESHOLD) -> dict:
    """Per-document and total figures."""
    rows, total = [], {}
    for doc in documents:
        parties = None
        if doc.parties:
            by_code = {loc.code: loc for loc in Locality.objects.filter(code__in=doc.parties)}
            parties = [by_code[c] for c in doc.parties if c in by_code]
        counts = score(propose(doc.text, parties=parties), doc.gold, threshold)
        rows.append({"document": doc.name, **ratios(counts)})
        for key, value in counts.items():
            total[key] = total.get(key, 0) + value
    return {"threshold": threshold, "documents": rows, "total": ratios(total)}


class Command(BaseCommand):
    help = (
        "Print the precision and recall of drafted commitments and their fields against the "
        "labelled agreements (the seed and programmes/data/labelled)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
        parser.add_argument(
            "--threshold",
            type=float,
            default=THRESHOLD,
            help=f"Jaccard similarity for a proposal to match (default {THRESHOLD})",
        )

    def handle(self, *args, **options) -> None:
        if not CooperationField.objects.exists():
            raise CommandError("No cooperation fields: run `manage.py load_demo` first.")
        threshold = options["threshold"]
        if not 0 < threshold <= 1:
            raise CommandError("--threshold must be in (0, 1].")
        result = evaluate(labelled_documents(), threshold)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"Commitments match one to one at Jaccard >= {threshold} on folded syllables; "
            "fields are micro-averaged."
        )
        header = (
            f"{'document':<22} {'gold':>4} {'prop':>4} {'match':>5}  "
            f"{'P':>5} {'R':>5} {'F1':>5}  {'field P':>7} {'field R':>7}  "
            f"{'P (all)':>7} {'R (all)':>7}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for row in [*result["documents"], {"document": "TOTAL", **result["total"]}]:
            if row["document"] == "TOTAL":
                self.stdout.write("-" * len(header))
            self.stdout.write(
                f"{row['document']:<22} {row['gold']:>4} {row['proposed']:>4} "
                f"{row['matched']:>5}  {row['precision']:>5.3f} {row['recall']:>5.3f} "
                f"{row['f1']:>5.3f}  {row['field_precision_matched']:>7.3f} "
                f"{row['field_recall_matched']:>7.3f}  {row['field_precision_all']:>7.3f} "
                f"{row['field_recall_all']:>7.3f}"
            )
        self.stdout.write(
            "P, R, F1: commitments. field P/R: over matched pairs. "
            "P (all): right fields / all proposed fields; R (all): right fields / all gold fields."
        )
