"""Tuning on a kept database: Hoptac against tantivy OR on the dev splits, question by question.

    PYTHONPATH=. python bench/search/tune.py --db var/bench/tune.sqlite3 [--docs 100000]
        [--sets site,keywords,corpus,xquad_typed] [--split dev] [--worse]

Builds the database with the benchmark's steps when it holds no corpus yet (migrate, `load_demo`,
`rebuild_search_index`, `build_search_corpus`, the XQuAD passages, `optimize`), then scores
Hoptac (posting lists) and tantivy OR (folded) on each chosen set's dev split with the
benchmark's own measures: nDCG@10 as typed, with accents, folded. ``--worse`` lists the questions
where tantivy OR ranks better, with both first pages, to find the class of cause;
``TUNE="PAIR=1.0,MAX_PAIRS=16"`` sets constants of ``hoptac.search.matching`` for the run.
Only the dev split unless told: the test split is scored once per change of method by
``run.py --score-test``; the held-out sets never (``run.py --score-heldout`` scores them once),
unless ``--seen``: a held-out set already scored once is development material (``--sets
corpus_heldout,keywords_heldout --seen``); a blind set (``corpus_heldout5`` until the
lead has scored it once) is never named here, and is refused without ``--seen``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys

from common import ROOT, K
from scoring import HELDOUT, HELDOUT2


def build(docs: int) -> None:
    from django.core.management import call_command
    from worker import add_xquad

    from hoptac.search.backends import get_backend

    devnull = open(os.devnull, "w")  # noqa: SIM115
    call_command("migrate", verbosity=0, stdout=devnull)
    call_command("load_demo", stdout=devnull)
    call_command("rebuild_search_index", stdout=devnull)
    call_command("build_search_corpus", count=docs, stdout=devnull)
    add_xquad()
    get_backend().optimize()


def refuse_heldout(split: str, sets: str) -> None:
    """Tuning never reads the held-out sets: they are scored once, by ``run.py --score-heldout``."""
    if split in (HELDOUT, HELDOUT2) or any("_heldout" in name for name in sets.split(",")):
        raise SystemExit(
            "tune.py: the held-out sets are scored once by run.py --score-heldout, never tuned on"
        )


def split_of(name: str, split: str) -> str:
    """The split a set is scored on here: a held-out set's own (``corpus_heldout`` to
    ``corpus_heldout5``, ``keywords_heldout``, ``keywords_heldout2``; only with ``--seen``), else
    the one asked for."""
    if name == "keywords_heldout2":
        return HELDOUT2
    return HELDOUT if "_heldout" in name else split


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--sets", default="site,keywords,corpus,xquad_typed")
    parser.add_argument("--split", default="dev")
    parser.add_argument("--worse", action="store_true")
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument(
        "--seen",
        action="store_true",
        help="allow the held-out sets already scored (corpus_heldout, corpus_heldout2, "
        "corpus_heldout3, corpus_heldout4, keywords_heldout, keywords_heldout2): seen, they are "
        "development material; corpus_heldout5 is blind until the lead has scored it",
    )
    args = parser.parse_args()
    if not args.seen:
        refuse_heldout(args.split, args.sets)
    url = args.db if "://" in args.db else f"spatialite:///{os.path.abspath(args.db)}"
    os.environ.update(DATABASE_URL=url, DEBUG="1", DJANGO_SETTINGS_MODULE="hoptac.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from scoring import fold, judged, key_of, ndcg, question_sets

    from hoptac.search import matching, queries
    from hoptac.search.models import Document

    # TUNE="NAME=VALUE,…": matching's constants for this run (dev splits only)
    for setting in filter(None, os.environ.get("TUNE", "").split(",")):
        name, value = setting.split("=")
        setattr(matching, name, type(getattr(matching, name))(value))

    tables = connection.introspection.table_names()
    if (
        "search_document" not in tables
        or not Document.objects.filter(url__startswith="#corpus-").exists()
    ):
        build(args.docs)
    anon = AnonymousUser()
    keys_of: dict[int, str] = {}

    def hoptac(q: str) -> list[str]:
        ids = queries.ranked_ids(q, anon, K)
        missing = [i for i in ids if i not in keys_of]
        for pk, title, u in Document.objects.filter(pk__in=missing).values_list(
            "pk", "title", "url"
        ):
            keys_of[pk] = key_of(title, u)
        return [keys_of[i] for i in ids]

    public = list(Document.objects.filter(public=True).values_list("title", "body", "url"))
    sets = question_sets([row for row in public if row[2].startswith("#corpus-")])
    sets["keywords"] = [
        {"q": it["q"], "rel": it["rel"], "split": args.split}
        for it in judged(args.split)
        if it["accents"]
    ]
    if args.seen:
        for name, split in (("keywords_heldout", HELDOUT), ("keywords_heldout2", HELDOUT2)):
            sets[name] = [
                {"q": it["q"], "rel": it["rel"], "split": split}
                for it in judged(split)
                if it["accents"]
            ]
    peer = None
    if not args.no_peer:
        from peers import tantivy_searcher

        _i, _s, ranker, _b, _p = tantivy_searcher(public, folding=True)
        peer = ranker(False, K)
    out = {}
    for name in args.sets.split(","):
        split = split_of(name, args.split)
        items = [it for it in sets[name] if it["split"] == split and it["rel"]]
        rows = {"typed": [], "accents": [], "folded": []}
        prow = {"typed": [], "accents": [], "folded": []}
        worse = []
        for it in items:
            for form, q in (("typed", it["q"]), ("folded", fold(it["q"]))):
                if form == "folded" and q == it["q"].lower():
                    rows["folded"].append(rows["typed"][-1])
                    if peer:
                        prow["folded"].append(prow["typed"][-1])
                    continue
                mine = hoptac(q)
                rows[form].append(ndcg(mine, it["rel"]))
                if peer:
                    theirs = peer(q)
                    prow[form].append(ndcg(theirs, it["rel"]))
                    if prow[form][-1] > rows[form][-1] + 1e-9:
                        worse.append((form, q, rows[form][-1], prow[form][-1], mine, theirs, it))
                if form == "typed" and fold(it["q"]) != it["q"].lower():
                    rows["accents"].append(rows["typed"][-1])
                    if peer:
                        prow["accents"].append(prow["typed"][-1])

        def fig(r):
            return "/".join(f"{statistics.mean(r[k]):.3f}" if r[k] else "-" for k in r)

        out[name] = {"hoptac": fig(rows), "tantivy_or": fig(prow) if peer else None}
        print(f"{name:12} n={len(items):3}  hoptac {fig(rows)}  tantivy OR {fig(prow)}")
        if args.worse:
            for form, q, a, b, mine, theirs, it in worse:
                print(f"  [{form}] {q}  hoptac {a:.3f} < {b:.3f}")
                rel = it["rel"]
                for i in range(K):
                    m = mine[i] if i < len(mine) else ""
                    t = theirs[i] if i < len(theirs) else ""
                    print(f"     {rel.get(m, 0)} {m[:60]:60} | {rel.get(t, 0)} {t[:60]}")
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
