"""Fill the index with a synthetic Vietnamese administrative corpus for the benchmark.

The sentences are combined from the vocabulary shipped in ``bench/search/vocabulary.json``
(nothing is fetched); the same seed gives the same corpus. Its documents are of kind
``corpus``, never registered, and ``--clear`` removes them again.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from hoptac.search import index
from hoptac.search.backends import get_backend
from hoptac.search.models import Document

VOCABULARY = Path(settings.BASE_DIR) / "bench" / "search" / "vocabulary.json"
MODEL_KEY = "bench.corpus"
KIND = "corpus"


@dataclass
class CorpusDoc:
    key: str
    title: str
    body: str
    public: bool
    readers: list[int]
    localities: list[int]
    fields: list[int]
    date: dt.date


def generate(count: int, seed: int = 2138) -> Iterator[CorpusDoc]:
    """``count`` documents, the same for the same seed."""
    v = json.loads(VOCABULARY.read_text(encoding="utf-8"))
    rnd = random.Random(seed)  # noqa: S311 — a reproducible corpus, not a secret
    pick = rnd.choice
    for i in range(count):
        year = rnd.randint(2019, 2026)
        slots = {
            "body": pick(v["bodies"]),
            "body2": pick(v["bodies"]),
            "province": pick(v["provinces"]),
            "verb": pick(v["verbs"]),
            "topic": pick(v["topics"]),
            "topic2": pick(v["topics"]),
            "place": pick(v["places"]),
            "name": f"{pick(v['surnames'])} {pick(v['middles'])} {pick(v['givens'])}",
            "year": year,
            "year2": year + rnd.randint(1, 5),
            "n": rnd.randint(2, 950),
            "q": rnd.randint(1, 4),
            "day": rnd.randint(1, 28),
            "month": rnd.randint(1, 12),
        }
        title = f"{pick(v['doctypes'])} {slots['verb']} {slots['topic']} {slots['province']}"
        if rnd.random() < 0.3:
            title = f"{pick(v['doctypes'])} số {slots['n']}/KH-UBND về {slots['topic']}"
        sentences = []
        for _ in range(rnd.randint(3, 7)):
            slots["topic2"] = pick(v["topics"])
            slots["body2"] = pick(v["bodies"])
            slots["verb"] = pick(v["verbs"])
            sentences.append(pick(v["sentences"]).format(**slots))
        public = rnd.random() < 0.85
        yield CorpusDoc(
            key=str(i),
            title=title,
            body=" ".join(sentences),
            public=public,
            readers=[] if public else [rnd.randint(1, 40)],
            localities=[rnd.randint(1, 40)],
            fields=[rnd.randint(1, 21)],
            date=dt.date(year, rnd.randint(1, 12), rnd.randint(1, 28)),
        )


def prepared(doc: CorpusDoc) -> index.Prepared:
    indexed = index.analyse(doc.title, doc.body)
    document = Document(
        model=MODEL_KEY,
        object_id=doc.key,
        kind=KIND,
        title=doc.title,
        body=doc.body,
        url=f"#corpus-{doc.key}",
        date=doc.date,
        public=doc.public,
        length=indexed.length,
        title_length=len(indexed.title_folded),
    )
    return index.Prepared(document, doc.localities, doc.fields, doc.readers, indexed)


class Command(BaseCommand):
    help = "Add a synthetic Vietnamese corpus (default 100,000 documents) to the search index."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--count", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=2138)
        parser.add_argument("--batch", type=int, default=2000)
        parser.add_argument("--clear", action="store_true", help="only remove the corpus documents")

    def handle(self, *args, count: int, seed: int, batch: int, clear: bool, **options) -> None:
        started = time.perf_counter()
        with transaction.atomic():
            index._delete(Document.objects.filter(model=MODEL_KEY))
        if clear:
            self.stdout.write("Corpus removed.")
            return
        pending: list[index.Prepared] = []
        for doc in generate(count, seed):
            pending.append(prepared(doc))
            if len(pending) >= batch:
                index.write(pending, replace=False)
                pending = []
        index.write(pending, replace=False)
        get_backend().optimize()
        took = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} corpus documents in {took:.1f} s."))
