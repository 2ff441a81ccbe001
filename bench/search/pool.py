"""Pooling for the judged sets (TREC style): which documents the systems find for each query,
to be judged blind, and the merge of those judgements into the set.

    pool.py pool --db FILE --set keywords|site|keywords_heldout|keywords_heldout2 --depth 20
            --out POOL.json [--code DIR] [--log JUDGING.json …]
        FILE: a SpatiaLite database built with the benchmark's steps (migrate, load_demo,
        rebuild_search_index, build_search_corpus, the XQuAD passages). For every query of the
        set, the union of the top ``depth`` of Hoptac (the ``hoptac`` package of ``--code``, a
        checkout or ``git archive`` of the version to pool; this checkout by default), tantivy
        (AND and OR) and plain FTS5 (OR), each asked the query as written and folded without
        accents, and every demo document whose title holds all the query's words (folded). Pairs
        already judged are left out: those the set grades, and those a judging log (``--log``)
        grades, 0 included. The pool is shuffled and carries no system nor rank: the judge sees
        query, title and text.
    pool.py merge --grades GRADES.json --set keywords|site|keywords_heldout|keywords_heldout2
        GRADES: {"grades": {query: {key: [grade, reason]}}, …} (the judging log, e.g.
        judging-2026-12-05.json); adds every grade above 0 to the set's file
        (a 0 stays in GRADES, the log, so that a later pool does not judge it again), and
        replaces an existing grade only when GRADES says ``{"changed": true}`` as a third item.

Nothing here scores a system.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from common import HERE, QUESTIONS, ROOT, K, django_on
from scoring import _words, fold, key_of

SETS = {
    "keywords": HERE / "judged.json",
    "site": QUESTIONS / "site.json",
    "keywords_heldout": HERE / "judged_heldout.json",
    "keywords_heldout2": HERE / "judged_heldout2.json",
}


def public_rows() -> list[tuple[str, str, str]]:
    """Every public document of the database (title, body, url), as the benchmark reads them."""
    from hoptac.search.models import Document

    return list(Document.objects.filter(public=True).values_list("title", "body", "url"))


def title_matches(q: str, rows: list[tuple[str, str, str]]) -> list[str]:
    """The demo documents (not the corpus nor XQuAD) whose title holds every word of ``q``."""
    words = re.findall(r"\w+", fold(q))
    return [
        key_of(title, url)
        for title, _body, url in rows
        if not url.startswith("#") and all(f" {w} " in _words(title) for w in words)
    ]


def judged_in(logs: list[Path]) -> dict[str, set[str]]:
    """The keys each query's judging logs grade (0 included)."""
    seen: dict[str, set[str]] = {}
    for log in logs:
        for q, grades in json.loads(log.read_text(encoding="utf-8"))["grades"].items():
            seen.setdefault(q, set()).update(grades)
    return seen


def pool(
    db: Path, set_name: str, depth: int, out: Path, seed: int, code: Path, logs: list[Path]
) -> None:
    django_on(db, code=code)
    from django.contrib.auth.models import AnonymousUser
    from peers import fts5_database, tantivy_searcher

    from hoptac.search import queries
    from hoptac.search.models import Document

    rows = public_rows()
    text = {key_of(t, u): (t, b) for t, b, u in rows}
    _i, _s, t_ranker, _b, _p = tantivy_searcher(rows, folding=True)
    _db, _fb, f_ranker = fts5_database(rows)
    anon = AnonymousUser()
    keys_of: dict[int, str] = {}

    def hoptac(q: str) -> list[str]:
        ids = queries.ranked_ids(q, anon, depth)
        missing = [i for i in ids if i not in keys_of]
        for pk, title, url in Document.objects.filter(pk__in=missing).values_list(
            "pk", "title", "url"
        ):
            keys_of[pk] = key_of(title, url)
        return [keys_of[i] for i in ids]

    systems = [
        hoptac,
        t_ranker(True, depth),
        t_ranker(False, depth),
        f_ranker(" OR ", depth),
    ]
    items = json.loads(SETS[set_name].read_text(encoding="utf-8"))
    logged = judged_in(logs)
    rnd = random.Random(seed)
    result = []
    for i, item in enumerate(items):
        q = item["q"]
        found: set[str] = set(title_matches(q, rows))
        for system in systems:
            for form in dict.fromkeys([q, fold(q)]):
                found.update(system(form))
        done = set(item["rel"]) | logged.get(q, set())
        new = sorted(k for k in found if k not in done and k in text)
        rnd.shuffle(new)
        result.append(
            {
                "i": i,
                "q": q,
                "pooled": len(found),
                "already_judged": sorted(item["rel"]),
                "docs": [{"key": k, "title": text[k][0], "text": text[k][1]} for k in new],
            }
        )
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    total = sum(len(r["docs"]) for r in result)
    print(f"{len(result)} queries, {total} pairs to judge, written to {out}")


def dump_log(data: dict) -> str:
    """A judging log as written: one judgement a line, grouped by query."""
    head = {k: v for k, v in data.items() if k != "grades"}
    lines = [json.dumps(head, ensure_ascii=False)[:-1] + ', "grades": {']
    queries = list(data["grades"].items())
    for n, (q, judged) in enumerate(queries):
        lines.append(f"  {json.dumps(q, ensure_ascii=False)}: {{")
        pairs = list(judged.items())
        for m, (key, entry) in enumerate(pairs):
            comma = "," if m < len(pairs) - 1 else ""
            lines.append(
                f"    {json.dumps(key, ensure_ascii=False)}: "
                f"{json.dumps(entry, ensure_ascii=False)}{comma}"
            )
        lines.append("  }" + ("," if n < len(queries) - 1 else ""))
    return "\n".join([*lines, "}}"]) + "\n"


def dump_set(set_name: str, items: list[dict]) -> str:
    """The set's file as written: one query a line (indented by two spaces in judged.json)."""
    indent = "  " if set_name.startswith("keywords") else ""
    lines = [indent + json.dumps(it, ensure_ascii=False) for it in items]
    return "[\n" + ",\n".join(lines) + "\n]\n"


def merge(grades_path: Path, set_name: str) -> None:
    path = SETS[set_name]
    items = json.loads(path.read_text(encoding="utf-8"))
    grades = json.loads(grades_path.read_text(encoding="utf-8"))["grades"]
    by_q = {it["q"]: it for it in items}
    added = positive = changed = 0
    for q, judged in grades.items():
        if q not in by_q:
            raise SystemExit(f"pool.py: {q!r} is not a query of {path.name}")
        rel = by_q[q]["rel"]
        for key, entry in judged.items():
            grade = entry[0]
            if key in rel:
                if len(entry) > 2 and entry[2].get("changed") and rel[key] != grade:
                    changed += 1
                else:
                    continue
            else:
                added += 1
                positive += bool(grade)
            if grade:
                rel[key] = grade
            else:
                rel.pop(key, None)
    path.write_text(dump_set(set_name, items), encoding="utf-8")
    print(f"{path.name}: {added} new judgements ({positive} relevant), {changed} changed")


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("pool")
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("--set", choices=SETS, default="keywords")
    p.add_argument("--depth", type=int, default=2 * K)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--seed", type=int, default=20261205)
    p.add_argument("--code", type=Path, default=ROOT, help="the version of Hoptac to pool")
    p.add_argument("--log", type=Path, action="append", default=[], help="judged already")
    m = sub.add_parser("merge")
    m.add_argument("--grades", type=Path, required=True)
    m.add_argument("--set", choices=SETS, default="keywords")
    args = parser.parse_args()
    if args.cmd == "pool":
        pool(args.db, args.set, args.depth, args.out, args.seed, args.code, args.log)
    else:
        merge(args.grades, args.set)


if __name__ == "__main__":
    main()
