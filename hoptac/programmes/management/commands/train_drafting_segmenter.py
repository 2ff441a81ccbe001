"""Train the drafting segmenter (the learned cut of sentences into commitments), cross-validated.

    manage.py train_drafting_segmenter            cross-validate, then write the model
    manage.py train_drafting_segmenter --cv-only  the cross-validation table only
    manage.py train_drafting_segmenter --check    fail when retraining changes the shipped file

Leave one labelled part out at a time (``SEGMENTER_PARTS``; never the held-out
part): the segmenter is trained on the sentences of the other parts and every document of the
part left out is drafted with each way of using it, scored with the alignment of
``evaluate_drafting`` (commitments only):

- ``rules``: the rules' promises (what the detector is given);
- ``segmenter``: the segmenter's pieces of every sentence, the rules unused;
- ``replace``: the rules' promises, except in a sentence the segmenter cuts into more pieces
  (two at least) than the rules did: its pieces instead;
- ``add``: the rules' promises, and the segmenter's pieces of the sentences in which the rules
  read none;
- ``replace+add``: both.

The penalty and the use are chosen by F summed over the parts left out; the shipped model is then
trained on every part with them ("rules" ships no model).
"""

from __future__ import annotations

import json
import time

from django.core.management.base import BaseCommand, CommandError

from hoptac.core.models import CooperationField
from hoptac.programmes.drafting import segmenter
from hoptac.programmes.drafting.document import _sentences, clean, draft, paragraphs
from hoptac.programmes.management.commands.evaluate_drafting import (
    LABELLED,
    SEGMENTER_PARTS,
    _parties,
    align,
    labelled_documents,
)

L2_GRID = (1.0, 3.0, 10.0)
# Subtracted from the score of "outside any commitment" when tagging (0: the fitted model as is).
OUTSIDE_GRID = (0.0, 0.5, 1.0, 2.0)
USES = segmenter.USES


def labelled_sentences(part: str, committed: bool = False) -> list[tuple[str, list[str]]]:
    """(sentence, the texts of its labelled commitments) of every sentence-labelled document
    (``committed``: of the sentences that hold one at least)."""
    out = []
    for path in sorted((LABELLED / part).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for paragraph in data.get("paragraphs", []):
            for sentence in paragraph:
                texts = [c["text"] for c in sentence.get("commitments", [])]
                if texts or not committed:
                    out.append((sentence["s"], texts))
    return out


def examples(sentences: list[tuple[str, list[str]]]) -> list[tuple[list[str], str]]:
    return [
        example
        for sentence, texts in sentences
        for example in segmenter.examples_of(sentence, segmenter.gold_tags(sentence, texts))
    ]


class Command(BaseCommand):
    help = "Train the drafting segmenter on the labelled set (leave-one-part-out CV)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--cv-only", action="store_true", help="cross-validate, write nothing")
        parser.add_argument(
            "--check", action="store_true", help="fail when retraining changes the shipped model"
        )
        parser.add_argument(
            "--committed-only",
            action="store_true",
            help="train on the sentences that hold commitments only (the cut, not the verdict)",
        )

    def handle(self, *args, **options) -> None:
        if not CooperationField.objects.exists():
            raise CommandError("No cooperation fields: run `manage.py load_demo` first.")
        parts = list(SEGMENTER_PARTS)
        committed = options["committed_only"]
        if options["check"]:
            shipped = json.loads(segmenter.MODEL.read_text(encoding="utf-8"))
            committed = shipped.get("committed_only", False)
        sentences = {part: labelled_sentences(part, committed) for part in parts}
        if options["check"]:
            everything = [s for part in parts for s in sentences[part]]
            weights = segmenter.fit(examples(everything), l2=shipped["l2"])
            again = segmenter.model_file(
                weights, shipped["l2"], shipped["use"], shipped["outside"], parts, committed
            )
            if again != segmenter.MODEL.read_text(encoding="utf-8"):
                raise CommandError("Retraining does not give the shipped segmenter model.")
            self.stdout.write("Retraining gives the shipped segmenter.")
            return
        from underthesea import sent_tokenize

        started = time.perf_counter()
        docs = {}
        for part in parts:
            docs[part] = []
            for doc in labelled_documents(part):
                with segmenter.disabled():  # the rules' cut, to compare with
                    result = draft(doc.text, parties=_parties(doc.parties), candidates=True)
                ruled: dict[str, list[str]] = {}
                for p in result.proposals:
                    if p.rule:
                        ruled.setdefault(p.source, []).append(p.text)
                split = [
                    s
                    for _n, block in paragraphs(clean(doc.text))
                    for s in _sentences(block, sent_tokenize)
                ]
                docs[part].append((doc, ruled, split))
        self.stderr.write(f"documents drafted in {time.perf_counter() - started:.0f} s")
        table: dict[tuple[float, float], dict[str, dict[str, dict]]] = {}
        for l2 in L2_GRID:
            for part in parts:
                train = [s for other in parts if other != part for s in sentences[other]]
                weights = segmenter.fit(examples(train), l2=l2)
                for outside in OUTSIDE_GRID:
                    model = segmenter.Segmenter(weights, outside=outside)
                    table.setdefault((l2, outside), {})[part] = self._score(docs[part], model)
            self.stderr.write(f"l2={l2} done at {time.perf_counter() - started:.0f} s")
        best = max(
            ((key, use) for key in table for use in USES),
            key=lambda k: (self._f(table[k[0]], parts, k[1]), k[1] == "rules", -k[0][0], -k[0][1]),
        )
        for key in table:
            self._print(key, table[key], parts)
        (l2, outside), use = best
        self.stdout.write(
            f"Chosen by the summed F over the parts left out: l2={l2}, outside={outside}, use={use}"
        )
        if options["cv_only"]:
            return
        everything = [s for part in parts for s in sentences[part]]
        weights = segmenter.fit(examples(everything), l2=l2)
        text = segmenter.model_file(weights, l2, use, outside, parts, committed)
        segmenter.MODEL.write_text(text, encoding="utf-8")
        segmenter._shipped.cache_clear()
        self.stdout.write(f"Wrote {segmenter.MODEL}.")

    def _score(self, docs, model) -> dict[str, dict]:
        out = {use: {"gold": 0, "proposed": 0, "matched": 0} for use in USES}
        for doc, ruled, split in docs:
            cuts = {s: model.cut(s) for s in split}
            for sentence in ruled:
                cuts.setdefault(sentence, model.cut(sentence))
            for use in USES:
                texts = segmenter.combine(use, ruled, cuts)
                pairs = align(texts, [g["text"] for g in doc.gold])
                out[use]["gold"] += len(doc.gold)
                out[use]["proposed"] += len(texts)
                out[use]["matched"] += len(pairs)
        return out

    @staticmethod
    def _f(table, parts, use) -> float:
        m = sum(table[p][use]["matched"] for p in parts)
        prop = sum(table[p][use]["proposed"] for p in parts)
        gold = sum(table[p][use]["gold"] for p in parts)
        return 2 * m / (prop + gold) if prop + gold else 0.0

    def _print(self, key, table, parts) -> None:
        self.stdout.write(f"l2={key[0]}, outside={key[1]}: matched/proposed/gold, P, R")
        for use in USES:
            cells = []
            for part in [*parts, "all"]:
                names = parts if part == "all" else [part]
                m = sum(table[p][use]["matched"] for p in names)
                prop = sum(table[p][use]["proposed"] for p in names)
                gold = sum(table[p][use]["gold"] for p in names)
                cells.append(
                    f"{part} {m}/{prop}/{gold} {m / prop if prop else 0:.3f} {m / gold:.3f}"
                )
            self.stdout.write(f"  {use:<12} " + " | ".join(cells))
