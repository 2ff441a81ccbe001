"""The B2B day scheduler: OR-Tools CP-SAT places accepted meetings in slots and at tables.

Hard: one meeting per participant per slot, one meeting per table per slot, nobody meets in a
slot they said they are away, locked meetings stay where they are. Goal, in order: place as many
meetings as possible (phase 1, which also yields the solver's upper bound); then, keeping that
many, move as few already-placed meetings as possible and keep idle time low (phase 2: fewer
separate blocks of meetings per participant means fewer gaps).

Pure Python in, pure Python out: the models are read and written by `actions.schedule_event`.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field


@dataclass(frozen=True)
class MeetingIn:
    id: int
    a: int  # participant ids
    b: int


@dataclass
class Problem:
    meetings: list[MeetingIn]
    slots: list[int]  # in time order
    tables: list[int]
    unavailable: dict[int, set[int]] = field(default_factory=dict)
    previous: dict[int, tuple[int, int]] = field(default_factory=dict)  # meeting -> (slot, table)
    locked: set[int] = field(default_factory=set)


@dataclass
class Result:
    assignment: dict[int, tuple[int, int]]
    placed: int
    upper_bound: int
    moved: int
    idle: int
    optimal: bool
    seconds: float


def idle_slots(problem: Problem, assignment: dict[int, tuple[int, int]]) -> int:
    """Empty slots between a participant's first and last meeting, summed over participants."""
    order = {s: i for i, s in enumerate(problem.slots)}
    used: dict[int, list[int]] = defaultdict(list)
    for m in problem.meetings:
        if m.id in assignment:
            i = order[assignment[m.id][0]]
            used[m.a].append(i)
            used[m.b].append(i)
    return sum(max(v) - min(v) + 1 - len(v) for v in used.values())


def _tables(problem: Problem, slots_of: dict[int, int]) -> dict[int, tuple[int, int]]:
    """Tables per slot: locked and previous tables kept when free, the rest filled in order."""
    by_slot: dict[int, list[int]] = defaultdict(list)
    for mid, s in slots_of.items():
        by_slot[s].append(mid)
    out: dict[int, tuple[int, int]] = {}
    for s, mids in by_slot.items():
        taken: set[int] = set()
        rest = []
        # locked first, then meetings that stay in their slot, so they keep their table
        mids.sort(key=lambda m: (m not in problem.locked, m not in problem.previous, m))
        for mid in mids:
            prev = problem.previous.get(mid)
            if prev and prev[0] == s and prev[1] not in taken:
                out[mid] = (s, prev[1])
                taken.add(prev[1])
            else:
                rest.append(mid)
        free = (t for t in problem.tables if t not in taken)
        for mid in rest:
            out[mid] = (s, next(free))
    return out


def greedy(problem: Problem, keep: bool = False) -> dict[int, tuple[int, int]]:
    """First come, first served: each meeting in the earliest slot where both sides and a table
    are free. The baseline the solver is compared with; with `keep`, locked meetings (and then
    meetings already placed) stay first, which makes it a valid fallback plan."""
    busy: dict[int, set[int]] = defaultdict(set)
    load: dict[int, int] = defaultdict(int)
    slots_of: dict[int, int] = {}
    capacity = len(problem.tables)

    def free(m: MeetingIn, s: int) -> bool:
        if load[s] >= capacity or s in busy[m.a] or s in busy[m.b]:
            return False
        return s not in problem.unavailable.get(m.a, ()) and s not in problem.unavailable.get(
            m.b, ()
        )

    def place(m: MeetingIn, s: int) -> None:
        slots_of[m.id] = s
        busy[m.a].add(s)
        busy[m.b].add(s)
        load[s] += 1

    order = list(problem.meetings)
    if keep:
        for m in order:
            if m.id in problem.locked:
                place(m, problem.previous[m.id][0])
        for m in order:
            prev = problem.previous.get(m.id)
            if m.id not in slots_of and prev and prev[0] in problem.slots and free(m, prev[0]):
                place(m, prev[0])
    for m in order:
        if m.id in slots_of:
            continue
        for s in problem.slots:
            if free(m, s):
                place(m, s)
                break
    base = problem if keep else Problem(problem.meetings, problem.slots, problem.tables)
    return _tables(base, slots_of)


def solve(problem: Problem, time_limit: float = 20.0, workers: int = 2) -> Result:
    started = time.monotonic()
    # imported here: OR-Tools takes most of a second to load, and only the organiser needs it
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    per_meeting: dict[int, list] = defaultdict(list)
    per_person_slot: dict[tuple[int, int], list] = defaultdict(list)
    per_slot: dict[int, list] = defaultdict(list)
    capacity = len(problem.tables)
    for m in problem.meetings:
        locked_slot = problem.previous[m.id][0] if m.id in problem.locked else None
        away = problem.unavailable.get(m.a, set()) | problem.unavailable.get(m.b, set())
        for s in problem.slots:
            if locked_slot is not None and s != locked_slot:
                continue
            if locked_slot is None and s in away:
                continue
            v = model.new_bool_var(f"x{m.id}_{s}")
            x[m.id, s] = v
            per_meeting[m.id].append(v)
            per_person_slot[m.a, s].append(v)
            per_person_slot[m.b, s].append(v)
            per_slot[s].append(v)
        if locked_slot is not None:
            model.add(sum(per_meeting[m.id]) == 1)
        elif per_meeting[m.id]:
            model.add(sum(per_meeting[m.id]) <= 1)
    for vs in per_person_slot.values():
        if len(vs) > 1:
            model.add_at_most_one(vs)
    for vs in per_slot.values():
        if len(vs) > capacity:
            model.add(sum(vs) <= capacity)
    placed = sum(x.values())
    start = greedy(problem, keep=True)  # a valid plan: the hint, and the fallback
    for (mid, s), v in x.items():
        model.add_hint(v, 1 if start.get(mid, (None,))[0] == s else 0)

    # Phase 1: as many meetings as possible.
    model.maximize(placed)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.max_time_in_seconds = max(1.0, time_limit * 0.6)
    status = solver.solve(model)
    capacity_bound = min(len(problem.meetings), capacity * len(problem.slots))
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        best = round(solver.objective_value)
        bound = min(capacity_bound, int(solver.best_objective_bound + 1e-6))
        phase1 = {k: solver.boolean_value(v) for k, v in x.items()}
    else:  # no plan within the time (a loaded machine): start from the first-come plan
        best, bound = len(start), capacity_bound
        phase1 = {k: start.get(k[0], (None,))[0] == k[1] for k in x}
    optimal = status == cp_model.OPTIMAL

    # Phase 2: keep that many; move few, keep participants' meetings together.
    model.clear_hints()
    for k, v in x.items():
        model.add_hint(v, phase1[k])
    model.add(placed >= best)
    moved_terms = []
    for mid, (s, _t) in problem.previous.items():
        if mid in problem.locked or mid not in per_meeting:
            continue
        stay = x.get((mid, s))
        moved_terms.append(1 - stay if stay is not None else 1)
    block_terms = []
    people = {p for m in problem.meetings for p in (m.a, m.b)}
    for p in people:
        prev_expr = 0
        for s in problem.slots:
            here = per_person_slot.get((p, s), [])
            expr = sum(here) if here else 0
            if here:
                begins = model.new_bool_var("")
                model.add(begins >= expr - prev_expr)
                block_terms.append(begins)
            prev_expr = expr
    model.minimize(1000 * sum(moved_terms) + sum(block_terms))
    remaining = time_limit - (time.monotonic() - started)
    solver2 = cp_model.CpSolver()
    solver2.parameters.num_workers = workers
    solver2.parameters.max_time_in_seconds = max(1.0, remaining)
    status2 = solver2.solve(model)
    if status2 in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        chosen = {k for k, v in x.items() if solver2.boolean_value(v)}
    else:
        chosen = {k for k, v in phase1.items() if v}

    def moves(plan: dict[int, tuple[int, int]]) -> int:
        return sum(
            1
            for mid, prev in problem.previous.items()
            if mid not in problem.locked and plan.get(mid, (None,))[0] != prev[0]
        )

    # Keep the best of the plans at hand: most placed, then fewest moves, then least idle time
    # (on a loaded machine the solver may stop before it beats its own starting point).
    candidates = [
        _tables(problem, {mid: s for (mid, s) in chosen}),
        _tables(problem, {mid: s for (mid, s), v in phase1.items() if v}),
        start,
    ]
    assignment = min(candidates, key=lambda p: (-len(p), moves(p), idle_slots(problem, p)))
    return Result(
        assignment=assignment,
        placed=len(assignment),
        upper_bound=max(bound, len(assignment)),
        moved=moves(assignment),
        idle=idle_slots(problem, assignment),
        optimal=optimal,
        seconds=time.monotonic() - started,
    )
