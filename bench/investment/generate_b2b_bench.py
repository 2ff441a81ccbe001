"""A B2B day where the number of tables does not decide the answer (issue 19), seeded.

1,000 participants and 6,000 accepted requests over 24 slots of 20 minutes (twelve in the
morning, twelve in the afternoon) and 330 tables, so 7,920 seats for 6,000 meetings: what limits
the plan is the participants' time, their availability windows and the tables' kinds.

- Participants: meeting language (Vietnamese 55 %, English 25 %, either 20 %) and party size
  (one or two people, 15 % a delegation of three or four). Availability: 45 % all day, 20 % the
  morning only, 20 % the afternoon only, 15 % one contiguous window of 6 to 18 slots.
- Tables: small (4 seats, 210), large (8 seats, 50), with an interpreter (8 seats, 70). A meeting
  sits at a table with enough seats for both parties, and needs an interpreter when one side
  speaks only Vietnamese and the other only English.
- Requests: the requester is drawn uniformly, the target in proportion to a Pareto popularity
  (a few firms everybody asks for); priority 3 for 20 %, 2 for 30 %, 1 for half of them.

Pure Python, no database: `scheduling.Problem` in, so the solver, the greedy and the LP bound are
measured on exactly the same model.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

from hoptac.investment.scheduling import MeetingIn, Problem

SLOTS = 24  # 0-11 morning, 12-23 afternoon
TABLES = {"small": (4, 210, False), "large": (8, 50, False), "interpreter": (8, 70, True)}


@dataclass(frozen=True)
class Person:
    language: str  # "vi", "en" or "both"
    size: int
    window: tuple[int, int]  # first and last slot they are there (inclusive)


def table_kinds(a: Person, b: Person) -> frozenset[str]:
    """The kinds of table a meeting between a and b can sit at."""
    seats = a.size + b.size
    interpreter = {a.language, b.language} == {"vi", "en"}
    kinds = frozenset(
        kind
        for kind, (capacity, _count, has_interpreter) in TABLES.items()
        if capacity >= seats and (has_interpreter or not interpreter)
    )
    assert kinds, "every meeting fits some table"  # an empty set would mean any table
    return kinds


def instance(
    seed: int = 19, participants: int = 1000, requests: int = 6000
) -> tuple[Problem, dict]:
    rng = random.Random(seed)  # noqa: S311 — reproducible test data, not secrets
    people: list[Person] = []
    for _ in range(participants):
        language = rng.choices(["vi", "en", "both"], weights=[55, 25, 20])[0]
        size = rng.choice([3, 4]) if rng.random() < 0.15 else rng.choice([1, 2])
        r = rng.random()
        if r < 0.45:
            window = (0, SLOTS - 1)
        elif r < 0.65:
            window = (0, SLOTS // 2 - 1)
        elif r < 0.85:
            window = (SLOTS // 2, SLOTS - 1)
        else:
            length = rng.randint(6, 18)
            first = rng.randint(0, SLOTS - length)
            window = (first, first + length - 1)
        people.append(Person(language, size, window))
    popularity = [rng.paretovariate(1.5) for _ in range(participants)]
    pairs: set[frozenset[int]] = set()
    ordered: list[tuple[int, int]] = []
    while len(ordered) < requests:
        a = rng.randrange(participants)
        b = rng.choices(range(participants), weights=popularity)[0]
        if a == b or frozenset((a, b)) in pairs:
            continue
        pairs.add(frozenset((a, b)))
        ordered.append((a, b))
    meetings = [
        MeetingIn(
            i,
            a,
            b,
            weight=rng.choices([3, 2, 1], weights=[20, 30, 50])[0],
            kinds=table_kinds(people[a], people[b]),
        )
        for i, (a, b) in enumerate(ordered)
    ]
    slots = list(range(SLOTS))
    unavailable = {
        p: {s for s in slots if not person.window[0] <= s <= person.window[1]}
        for p, person in enumerate(people)
        if person.window != (0, SLOTS - 1)
    }
    tables, table_kind = [], {}
    for kind, (_capacity, count, _interpreter) in TABLES.items():
        for _ in range(count):
            table_kind[len(tables)] = kind
            tables.append(len(tables))
    problem = Problem(meetings, slots, tables, unavailable, table_kind=table_kind)
    needs = Counter(
        "interpreter"
        if m.kinds == {"interpreter"}
        else "large"
        if "small" not in m.kinds
        else "any"
        for m in meetings
    )
    info = {
        "seed": seed,
        "participants": participants,
        "requests": requests,
        "slots": SLOTS,
        "tables": {kind: count for kind, (_c, count, _i) in TABLES.items()},
        "seats": len(tables) * SLOTS,
        "meetings_needing": dict(needs),
        "weight_total": sum(m.weight for m in meetings),
        "priorities": dict(Counter(m.weight for m in meetings)),
    }
    return problem, info
