"""Issue 19's B2B day, seeded: an investment-promotion matchmaking day where the participants'
time, not the number of tables, decides the answer.

1,000 participants and 6,000 accepted requests over 24 slots of 20 minutes (twelve in the
morning, twelve in the afternoon, lunch between).

- Hosts (150): foreign investors, buyers and large domestic firms, the people everybody wants to
  meet. Language: English 40 %, Korean 25 %, Japanese 20 %, Vietnamese 15 %; a Korean or
  Japanese host also speaks English in 40 % of cases. Party: a delegation of 3 to 5 people for
  35 % of them, else 1 or 2. Availability: 45 % all day; 20 % arrive late (a site visit or a
  morning flight: first slot 3 to 12); 15 % leave early (last slot 11 to 20); 20 % are there all
  day but speak at a session (three slots away, the opening plenary 0-2 for half of them).
- Visitors (850): local firms. Vietnamese only 40 %, Vietnamese and English 60 %; 1 or 2 people
  (3 for 10 %). A morning-heavy day: 50 % stay all day, 38 % come for the morning only (many
  local firms leave at lunch), 2 % for the afternoon only, 10 % drop in for 4 to 10 slots.
- Requests: 65 % from a visitor to a host, the host drawn by a Pareto popularity (shape 3);
  20 % between two hosts (partnerships: both sides are popular); 15 % between visitors. Priority
  3 for 20 %, 2 for 30 %, 1 for half, whoever asks. A request is kept only when it can be met:
  the two parties share some time and a language or an interpreter. The platform lets a
  participant accept at most 0.9 times as many meetings as the slots they are there, so the
  popular participants' agendas are nearly full: about as many meetings as slots.
- Tables: 190 small (4 seats), 40 large (8 seats), interpreter tables (6 seats: an interpreter
  and up to five people) for Vietnamese with English (20), Korean (14) and Japanese (10): 274
  tables, 6,576 seats for 6,000 requests. A meeting sits at a table with room for both parties;
  when the sides share no language it needs the interpreter table of the foreign side's language
  (a meeting that needs none may still sit at an interpreter table).

What makes the greedy (priority first, each meeting in the earliest slot both sides are free)
lose: agendas that are nearly full must fit together like a timetable, and the earliest-slot rule
spends the morning slots of the all-day participants on meetings that could have waited for the
afternoon, so the morning-only visitors find their hosts' mornings taken. `b2b_features.py`
switches each feature off (`Shape`) at a quarter of the size and measures the headroom above the
greedy that remains (docs/benchmarks.md has its table). Honestly put, the headroom is the
windows' doing: with everybody there all day the greedy is at the bound; the interpreters, the
delegations and the host-to-host requests change it by a point or less; without the acceptance
cap the popular agendas overflow, priority order decides and the headroom halves. And it is the
fixed earliest-slot rule against a morning-heavy day: the same greedy filling the latest slot
first gets most of it back on this day (+10.8 % at full size, 2.8 % from the bound) and loses
8.6 % on the mirrored, afternoon-heavy day. The solver's local search has no fixed rule and
comes within 1.5 % of the bound on both (quarter size). The interpreters are scarce: 1,042
meetings need one of the 44 interpreter tables, 1,056 table-slots over the day.

Pure Python, no database: `scheduling.Problem` in, so the solver, the greedy and the LP bound are
measured on exactly the same model.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

from hoptac.investment.scheduling import MeetingIn, Problem

SLOTS = 24  # 0-11 morning, 12-23 afternoon
# kind: (seats, count, language the interpreter puts into Vietnamese or None)
TABLES = {
    "small": (4, 190, None),
    "large": (8, 40, None),
    "interpreter-en": (6, 20, "en"),
    "interpreter-ko": (6, 14, "ko"),
    "interpreter-ja": (6, 10, "ja"),
}


@dataclass(frozen=True)
class Shape:
    """The features of the day, each of which can be switched off to see what it costs the greedy
    (same seed; what is drawn after a switch may differ, since requests that cannot be met are
    drawn again)."""

    windows: bool = True  # late arrivals, early leavers, half days, the plenary
    languages: bool = True  # interpreter tables; off: everybody speaks English
    delegations: bool = True  # parties of 3-5 need large tables; off: everybody is 1-2
    host_pairs: float = 0.20  # share of requests between two hosts
    priorities: bool = True  # off: every request weighs 1
    visitor_pairs: float = 0.15  # share of requests between two visitors
    cap: float = 0.9  # accepted meetings per participant at most cap x slots there; 0: no cap
    alpha: float = 3.0  # Pareto shape of the hosts' popularity (larger: more even)
    hosts: float = 0.15  # share of participants who are hosts
    visitor_windows: tuple[int, int, int, int] = (50, 38, 2, 10)  # all day, am, pm, drop in
    bilingual: float = 0.6  # share of visitors who also speak English


@dataclass(frozen=True)
class Person:
    host: bool
    languages: frozenset[str]
    size: int
    away: frozenset[int]  # slots they are not there


def table_kinds(a: Person, b: Person) -> frozenset[str]:
    """The kinds of table a meeting between a and b can sit at (empty: none can hold it)."""
    seats = a.size + b.size
    shared = a.languages & b.languages
    need = None
    if not shared:
        foreign = (a.languages | b.languages) - {"vi"}
        if len(foreign) == 1 and ("vi" in a.languages or "vi" in b.languages):
            need = next(iter(foreign))
        else:
            return frozenset()  # no common language, no interpreter for the pair
    return frozenset(
        kind
        for kind, (capacity, _count, language) in TABLES.items()
        if capacity >= seats and (need is None or language == need)
    )


def _window(rng: random.Random, host: bool, visitor_windows) -> frozenset[int]:
    r = rng.random()
    if host:
        if r < 0.45:
            return frozenset()
        if r < 0.65:  # arrives late
            return frozenset(range(rng.randint(3, 12)))
        if r < 0.80:  # leaves early
            return frozenset(range(rng.randint(11, 20) + 1, SLOTS))
        first = 0 if rng.random() < 0.5 else rng.randint(3, SLOTS - 3)  # a talk
        return frozenset(range(first, first + 3))
    kind = rng.choices(["all", "am", "pm", "drop"], weights=visitor_windows)[0]
    if kind == "all":
        return frozenset()
    if kind == "am":
        return frozenset(range(SLOTS // 2, SLOTS))
    if kind == "pm":
        return frozenset(range(SLOTS // 2))
    length = rng.randint(4, 10)
    first = rng.randint(0, SLOTS - length)
    return frozenset(s for s in range(SLOTS) if not first <= s < first + length)


def _person(rng: random.Random, host: bool, shape: Shape) -> Person:
    if host:
        language = rng.choices(["en", "ko", "ja", "vi"], weights=[40, 25, 20, 15])[0]
        languages = {language}
        if language in ("ko", "ja") and rng.random() < 0.4:
            languages.add("en")
        size = rng.randint(3, 5) if rng.random() < 0.35 else rng.randint(1, 2)
    else:
        languages = {"vi", "en"} if rng.random() < shape.bilingual else {"vi"}
        size = 3 if rng.random() < 0.10 else rng.randint(1, 2)
    away = _window(rng, host, shape.visitor_windows)
    return Person(
        host,
        frozenset(languages) if shape.languages else frozenset({"en"}),
        size if shape.delegations else min(size, 2),
        away if shape.windows else frozenset(),
    )


def instance(
    seed: int = 19, participants: int = 1000, requests: int = 6000, shape: Shape | None = None
) -> tuple[Problem, dict]:
    shape = shape or Shape()
    rng = random.Random(seed)  # noqa: S311 — reproducible test data, not secrets
    hosts = round(participants * shape.hosts)
    people = [_person(rng, p < hosts, shape) for p in range(participants)]
    popularity = [rng.paretovariate(shape.alpha) for _ in range(hosts)]
    there = [SLOTS - len(person.away) for person in people]
    limit = [shape.cap * n if shape.cap else float("inf") for n in there]
    taken: Counter[int] = Counter()
    pairs: set[frozenset[int]] = set()
    ordered: list[tuple[int, int, frozenset[str], int]] = []
    while len(ordered) < requests:
        r = rng.random()
        if r < shape.host_pairs:
            a, b = rng.choices(range(hosts), weights=popularity, k=2)
        elif r < 1 - shape.visitor_pairs:
            a = rng.randrange(hosts, participants)
            b = rng.choices(range(hosts), weights=popularity)[0]
        else:
            a, b = rng.sample(range(hosts, participants), 2)
        priority = rng.choices([3, 2, 1], weights=[20, 30, 50])[0]
        if a == b or frozenset((a, b)) in pairs:
            continue
        if taken[a] >= limit[a] or taken[b] >= limit[b]:
            continue  # the platform refuses to accept more than the participant can meet
        kinds = table_kinds(people[a], people[b])
        if not kinds or len(people[a].away | people[b].away) == SLOTS:
            continue
        pairs.add(frozenset((a, b)))
        taken[a] += 1
        taken[b] += 1
        ordered.append((a, b, kinds, priority if shape.priorities else 1))
    meetings = [
        MeetingIn(i, a, b, weight=w, kinds=kinds) for i, (a, b, kinds, w) in enumerate(ordered)
    ]
    slots = list(range(SLOTS))
    unavailable = {p: set(person.away) for p, person in enumerate(people) if person.away}
    tables, table_kind = [], {}
    for kind, (_seats, count, _language) in TABLES.items():
        for _ in range(round(count * participants / 1000)):
            table_kind[len(tables)] = kind
            tables.append(len(tables))
    problem = Problem(meetings, slots, tables, unavailable, table_kind=table_kind)
    asked = Counter(p for m in meetings for p in (m.a, m.b))
    info = {
        "seed": seed,
        "shape": shape.__dict__,
        "participants": participants,
        "hosts": hosts,
        "requests": requests,
        "slots": SLOTS,
        "tables": dict(Counter(table_kind.values())),
        "seats": len(tables) * SLOTS,
        "meetings_needing": dict(
            Counter(
                "any"
                if "small" in m.kinds
                else "large"
                if "large" in m.kinds
                else next(iter(m.kinds))
                for m in meetings
            )
        ),
        "host_to_host": sum(1 for m in meetings if m.a < hosts and m.b < hosts),
        "hosts_asked_over_there": round(
            sum(asked[p] for p in range(hosts)) / sum(there[p] for p in range(hosts)), 2
        ),
        "weight_total": sum(m.weight for m in meetings),
        "priorities": dict(Counter(m.weight for m in meetings)),
    }
    return problem, info
