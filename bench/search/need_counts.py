"""How many documents each question of a set of corpus questions has at grade 2 and grade 1, by
counting on the corpus text alone (the ``need`` rule of ``scoring.judge_need``; no search system
is run, so a held-out set can be checked before it is scored):

    .venv/bin/python bench/search/need_counts.py --db var/bench-search.sqlite3 --set corpus_heldout5

Prints "grade-2 grade-1 question" per line and the questions with no grade-2 document; exits 1
if there is any."""

from __future__ import annotations

import argparse
import collections
import sys

from common import django_on


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="a benchmark database (SQLite file or URL)")
    parser.add_argument("--set", default="corpus_heldout5", help="corpus, corpus_heldout, …")
    args = parser.parse_args()
    django_on(args.db)
    from scoring import question_sets

    from hoptac.search.models import Document

    public = Document.objects.filter(public=True, url__startswith="#corpus-")
    rows = list(public.values_list("title", "body", "url"))
    missing = []
    for it in question_sets(rows)[args.set]:
        grades = collections.Counter(it["rel"].values())
        print(f"{grades[2]:6d} {grades[1]:6d}  {it['q']}")
        if not grades[2]:
            missing.append(it["q"])
    print(f"{len(rows)} corpus documents; {len(missing)} questions without a grade-2 document")
    sys.exit(1 if missing else 0)


if __name__ == "__main__":
    main()
