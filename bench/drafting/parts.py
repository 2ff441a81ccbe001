#!/usr/bin/env python
"""Precision and recall of drafting on each labelled part, both measures, in one process.

    DATABASE_URL=… DEBUG=1 .venv/bin/python bench/drafting/parts.py [parts…] [--json out.json]

Default: dev, test and every seen part (never the held-out one). Prints one row a part: gold,
proposed, matched and P / R by the body measure (decision 0019) and by the whole texts.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from harness import django_on, parts_to_read


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parts", nargs="*")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    django_on()
    from hoptac.programmes.management.commands.evaluate_drafting import (
        evaluate,
        labelled_documents,
    )

    parts = parts_to_read(args.parts)
    if parts is None:
        return 2
    out = {}
    print("| part | gold | proposed | matched (body) | P | R | matched (text) | P text | R text |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for part in parts:
        t = evaluate(labelled_documents(part))["total"]
        out[part] = t
        print(
            f"| {part} | {t['gold']} | {t['proposed']} | {t['matched']} | {t['precision']:.3f} "
            f"| {t['recall']:.3f} | {t['matched_text']} | {t['precision_text']:.3f} "
            f"| {t['recall_text']:.3f} |",
            flush=True,
        )
    if args.json:
        args.json.write_text(json.dumps(out, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
