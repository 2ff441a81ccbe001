"""What each feature of issue 19's B2B day costs the greedy: the day with one feature switched off
at a time (`generate_b2b_bench.Shape`), at a quarter of the size (250 participants, 1,500
requests, a quarter of the tables) so that the LP bound takes seconds, not minutes. For each:
the greedy's weighted meetings, the LP bound and how far above the greedy it lies (the headroom
any plan has), the product's local search (`scheduling.improve`, 3 s), and the same greedy
filling the latest free slot first instead of the earliest (a reference: on a morning-heavy day
that rule suits the day). Written to var/bench/investment_b2b_features.json.

    PYTHONPATH=. .venv/bin/python bench/investment/b2b_features.py
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_b2b_bench import Shape, instance  # noqa: E402

from hoptac.investment import scheduling  # noqa: E402

OUT = Path(__file__).resolve().parents[2] / "var" / "bench" / "investment_b2b_features.json"
BASE = Shape()
VARIANTS = {
    "the day as benchmarked": BASE,
    "no windows (everybody all day)": replace(BASE, windows=False),
    "afternoon-heavy (windows mirrored)": replace(BASE, visitor_windows=(50, 2, 38, 10)),
    "no interpreters (one language)": replace(BASE, languages=False),
    "no delegations (parties of 1-2)": replace(BASE, delegations=False),
    "no host-to-host requests": replace(BASE, host_pairs=0.0),
    "no acceptance cap": replace(BASE, cap=0.0),
    "every priority 1": replace(BASE, priorities=False),
}


def latest_first(problem: scheduling.Problem) -> dict[int, tuple[int, int]]:
    """The same greedy filling the latest free slot first: a reference, not the baseline."""
    mirrored = scheduling.Problem(
        problem.meetings,
        problem.slots[::-1],
        problem.tables,
        problem.unavailable,
        table_kind=problem.table_kind,
    )
    return scheduling.greedy(mirrored)


def main() -> None:
    rows = []
    print(f"load {os.getloadavg()[0]:.1f}")
    print(
        f"{'':38} {'greedy':>7} {'LP bound':>9} {'headroom':>9} {'local search':>13} "
        f"{'latest slot':>13}"
    )
    for name, shape in VARIANTS.items():
        problem, _info = instance(participants=250, requests=1500, shape=shape)
        plan = scheduling.greedy(problem)
        greedy = scheduling.value(problem, plan)
        t = time.process_time()
        bound = scheduling.lp_bound(problem)
        lp_cpu = time.process_time() - t
        improved = scheduling.value(problem, scheduling.improve(problem, plan, seconds=3))
        latest = scheduling.value(problem, latest_first(problem))
        rows.append(
            {
                "variant": name,
                "greedy": greedy,
                "lp_bound": round(bound, 1),
                "headroom": round(bound / greedy - 1, 4),
                "local_search": improved,
                "local_search_above_greedy": round(improved / greedy - 1, 4),
                "greedy_latest_slot": latest,
                "greedy_latest_slot_above_greedy": round(latest / greedy - 1, 4),
                "lp_cpu_seconds": round(lp_cpu, 1),
            }
        )
        print(
            f"{name:38} {greedy:7} {bound:9.1f} {bound / greedy - 1:+9.2%} "
            f"{improved / greedy - 1:+13.2%} {latest / greedy - 1:+13.2%}",
            flush=True,
        )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    out = {
        "rows": rows,
        "load_average": os.getloadavg()[0],
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    OUT.write_text(json.dumps(out, indent=2), encoding="utf-8")
    print(f"written to {OUT}")


if __name__ == "__main__":
    main()
