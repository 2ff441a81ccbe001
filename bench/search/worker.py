"""One backend of the search benchmark, in its own process (`run.py --worker URL`): migrate, load
the demo, index it and the corpus, then measure size, latency and quality."""

from __future__ import annotations

import json
import os
import sys
import time

from common import ROOT, XQUAD, XQUAD_MODEL, K
from peers import peers
from scoring import (
    key_of,
    keyword_quality,
    latency_queries,
    question_latency_set,
    question_quality,
    question_sets,
    timed,
)


# --- one backend, in its own process ------------------------------------------------------
def add_xquad() -> int:
    """Index the XQuAD passages as public documents (kind ``passage``), for the questions."""
    import datetime as dt

    from hoptac.search import index
    from hoptac.search.models import Document

    prepared = []
    for p in json.loads(XQUAD.read_text(encoding="utf-8")):
        indexed = index.analyse(p["title"], p["context"])
        doc = Document(
            model=XQUAD_MODEL,
            object_id=p["id"],
            kind="passage",
            title=p["title"],
            body=p["context"],
            url=f"#xquad-{p['id']}",
            date=dt.date(2019, 10, 1),
            public=True,
            length=indexed.length,
            title_length=len(indexed.title_folded),
        )
        prepared.append(index.Prepared(doc, [], [], [], indexed))
    index.write(prepared, replace=False)
    return len(prepared)


def worker(database_url: str, docs: int, splits: tuple[str, ...]) -> dict:
    os.environ.update(
        DATABASE_URL=database_url, DEBUG="1", DJANGO_SETTINGS_MODULE="hoptac.settings"
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command

    from hoptac.search import queries
    from hoptac.search.backends import get_backend
    from hoptac.search.models import Document

    devnull = open(os.devnull, "w")  # noqa: SIM115
    call_command("migrate", verbosity=0, stdout=devnull)
    call_command("load_demo", stdout=devnull)
    call_command("rebuild_search_index", stdout=devnull)
    demo_docs = Document.objects.count()
    started = time.perf_counter()
    call_command("build_search_corpus", count=docs, stdout=devnull)
    build = time.perf_counter() - started
    passages = add_xquad()
    backend = get_backend()
    backend.optimize()
    anon = AnonymousUser()

    def run(mode, q):
        if mode == "prefix":
            return queries.suggest(q, anon)
        return queries.search(q, anon, limit=K)

    keys_of: dict[int, str] = {}

    def rank(q):
        ids = queries.ranked_ids(q, anon, K)
        missing = [i for i in ids if i not in keys_of]
        if missing:
            for pk, title, url in Document.objects.filter(pk__in=missing).values_list(
                "pk", "title", "url"
            ):
                keys_of[pk] = key_of(title, url)
        return [keys_of[i] for i in ids]

    public = list(Document.objects.filter(public=True).values_list("title", "body", "url"))
    sets = question_sets([row for row in public if row[2].startswith("#corpus-")])
    from hoptac.core import warmup

    warmup.run()  # as a serving process does when it starts (its loops; its heap settled)
    result = {
        "load_average_before_queries": [round(x, 2) for x in os.getloadavg()],
        "documents": demo_docs + docs + passages,
        "demo_documents": demo_docs,
        "index_build_s": round(build, 1),
        "index_size_mb": round(backend.size_bytes() / 1e6, 1),
        "latency": timed(run, latency_queries()),
        "latency_ranking_only": timed(
            lambda m, q: queries.ranked_ids(q, anon, K), latency_queries()
        ),
        "latency_questions": timed(run, question_latency_set(sets)),
        **keyword_quality(rank, splits),
        "questions": question_quality(rank, sets, splits),
    }
    # The peers index the same public documents, read from this (SpatiaLite) database.
    if database_url.startswith("spatialite"):
        result["peers"] = peers(public, sets, splits)
    return result
