"""The B2B day scheduler: OR-Tools CP-SAT places accepted meetings in slots and at tables.

Hard: one meeting per participant per slot, one meeting per table per slot, nobody meets in a
slot they said they are away (an availability window is the slots outside it), a meeting sits
only at a table of a kind it accepts (an interpreter table, a large table), locked meetings stay
where they are. Goal, in order: place as much priority-weighted meeting as possible (phase 1,
which also yields the solver's upper bound; with every weight 1 that is the number of meetings);
then, keeping that much, move as few already-placed meetings as possible and keep idle time low
(phase 2: fewer separate blocks of meetings per participant means fewer gaps).

Table kinds need no variable of their own: tables of one kind are interchangeable, so a slot's
meetings fit at its tables exactly when, for every set U of kinds, the meetings that accept only
kinds in U are no more than the tables of those kinds (Hall's condition); the tables are then
given out per slot by a small matching.

Pure Python in, pure Python out: the models are read and written by `actions.schedule_event`.
"""

from __future__ import annotations

import time
from collections import defaultdict, deque
from dataclasses import dataclass, field

# Shares of `solve`'s time limit: the local search that gives CP-SAT its hint stops at the first,
# phase 1 at the second (phase 2 has the rest), and the last is kept to seat the tables.
REPAIR_SHARE = 0.25
PHASE1_SHARE = 0.75
SEATING_SHARE = 0.05
PRESOLVE_UP_TO = 20_000  # CP-SAT variables; beyond, phase 1 and 2 search without presolve


@dataclass(frozen=True)
class MeetingIn:
    id: int
    a: int  # participant ids
    b: int
    weight: int = 1  # priority: a meeting of weight 3 is worth three of weight 1
    kinds: frozenset[str] = frozenset()  # table kinds it can sit at; empty: any table


@dataclass
class Problem:
    meetings: list[MeetingIn]
    slots: list[int]  # in time order
    tables: list[int]
    unavailable: dict[int, set[int]] = field(default_factory=dict)
    previous: dict[int, tuple[int, int]] = field(default_factory=dict)  # meeting -> (slot, table)
    locked: set[int] = field(default_factory=set)
    table_kind: dict[int, str] = field(default_factory=dict)  # table -> kind; missing: ""


@dataclass
class Result:
    assignment: dict[int, tuple[int, int]]
    placed: int
    upper_bound: int  # on the weighted meetings (the number of meetings when all weigh 1)
    moved: int
    idle: int
    optimal: bool
    seconds: float
    value: int = 0  # weighted meetings placed


def value(problem: Problem, assignment: dict[int, tuple[int, int]]) -> int:
    """Priority-weighted meetings placed."""
    return sum(m.weight for m in problem.meetings if m.id in assignment)


class _Kinds:
    """Table kinds as bits: each meeting's accepted kinds as a mask, and for every mask U of kinds
    the number of tables of those kinds, to check Hall's condition slot by slot."""

    def __init__(self, problem: Problem) -> None:
        names = sorted({problem.table_kind.get(t, "") for t in problem.tables})
        self.bit = {k: 1 << i for i, k in enumerate(names)}
        self.all = (1 << len(names)) - 1
        count: dict[int, int] = defaultdict(int)
        for t in problem.tables:
            count[self.bit[problem.table_kind.get(t, "")]] += 1
        self.capacity = [sum(n for b, n in count.items() if b & u) for u in range(self.all + 1)]
        # Hall's condition needs checking only for unions of the masks meetings accept: any other
        # U holds the same meetings as the largest such union inside it, and no fewer tables
        unions = {self.accepted(m) for m in problem.meetings} - {0}
        while True:
            more = {a | b for a in unions for b in unions} - unions
            if not more:
                break
            unions |= more
        # the masks U that contain a given accepted mask: the checks a meeting takes part in
        self._above = [sorted(u for u in unions if u & a == a) for a in range(self.all + 1)]

    def accepted(self, m: MeetingIn) -> int:
        if not m.kinds:
            return self.all
        return sum(self.bit[k] for k in m.kinds if k in self.bit)

    def checks(self, mask: int) -> list[int]:
        return self._above[mask] if mask else []


def _allowed(problem: Problem, kinds: _Kinds) -> dict[int, list[int]]:
    """The slots each meeting may take: both sides there, a table of its kind, its locked slot."""
    out: dict[int, list[int]] = {}
    for m in problem.meetings:
        if m.id in problem.locked:
            out[m.id] = [problem.previous[m.id][0]]
            continue
        if not kinds.accepted(m):
            out[m.id] = []
            continue
        away = problem.unavailable.get(m.a, set()) | problem.unavailable.get(m.b, set())
        out[m.id] = [s for s in problem.slots if s not in away]
    return out


def idle_slots(problem: Problem, assignment: dict[int, tuple[int, int]]) -> int:
    """Empty slots between a participant's first and last meeting, summed over participants."""
    return _idle(problem, _slots(assignment))


def _slots(assignment: dict[int, tuple[int, int]]) -> dict[int, int]:
    """Meeting -> slot of a plan with tables (meeting -> (slot, table))."""
    return {mid: seat[0] for mid, seat in assignment.items()}


def _idle(problem: Problem, slots_of: dict[int, int]) -> int:
    order = {s: i for i, s in enumerate(problem.slots)}
    used: dict[int, list[int]] = defaultdict(list)
    for m in problem.meetings:
        if m.id in slots_of:
            i = order[slots_of[m.id]]
            used[m.a].append(i)
            used[m.b].append(i)
    return sum(max(v) - min(v) + 1 - len(v) for v in used.values())


def _seat(
    mids: list[int], accepted: dict[int, list[str]], free: dict[str, list[int]]
) -> dict[int, int] | None:
    """Tables for one slot's meetings: a matching of meetings to kinds (Kuhn's augmenting paths,
    a kind holding as many meetings as it has free tables), then tables in order within a kind.
    None when they do not fit."""
    holders: dict[str, list[int]] = defaultdict(list)
    kind_of: dict[int, str] = {}

    def place(mid: int, seen: set[str]) -> bool:
        for k in accepted[mid]:
            if k in seen or k not in free:
                continue
            seen.add(k)
            if len(holders[k]) < len(free[k]):
                holders[k].append(mid)
                kind_of[mid] = k
                return True
            for other in list(holders[k]):
                if place(other, seen):  # `other` moved to another kind: take its place
                    holders[k].remove(other)
                    holders[k].append(mid)
                    kind_of[mid] = k
                    return True
        return False

    # the most particular meetings first: fewer augmenting paths to walk
    for mid in sorted(mids, key=lambda m: len(accepted[m])):
        if not place(mid, set()):
            return None
    return {mid: free[k][holders[k].index(mid)] for mid, k in kind_of.items()}


def _tables(problem: Problem, slots_of: dict[int, int]) -> dict[int, tuple[int, int]]:
    """Tables per slot: locked and previous tables kept when free, the rest filled in order, each
    meeting at a table of a kind it accepts."""
    kind = {t: problem.table_kind.get(t, "") for t in problem.tables}
    everything = sorted(set(kind.values()))
    meetings = {m.id: m for m in problem.meetings}
    accepted = {
        mid: sorted(meetings[mid].kinds & set(everything)) if meetings[mid].kinds else everything
        for mid in slots_of
    }
    by_slot: dict[int, list[int]] = defaultdict(list)
    for mid, s in slots_of.items():
        by_slot[s].append(mid)
    out: dict[int, tuple[int, int]] = {}
    for s, mids in by_slot.items():
        # locked first, then meetings that stay in their slot, so they keep their table; if kept
        # tables leave the others no room (Hall's condition holds for the slot, not for every
        # pinning), keep only the locked ones, then none
        mids.sort(key=lambda m: (m not in problem.locked, m not in problem.previous, m))
        for keep in ("previous", "locked", "none"):
            taken: dict[int, int] = {}
            for mid in mids:
                prev = problem.previous.get(mid)
                if keep == "none" or (keep == "locked" and mid not in problem.locked):
                    continue
                if (
                    prev
                    and prev[0] == s
                    and prev[1] in kind
                    and prev[1] not in taken.values()
                    and kind[prev[1]] in accepted[mid]
                ):
                    taken[mid] = prev[1]
            free: dict[str, list[int]] = defaultdict(list)
            for t in problem.tables:
                if t not in taken.values():
                    free[kind[t]].append(t)
            seats = _seat([m for m in mids if m not in taken], accepted, free)
            if seats is not None:
                break
        else:  # cannot happen for slots the solver or the greedy chose; never seat twice
            seats = {}
        for mid, t in {**taken, **seats}.items():
            out[mid] = (s, t)
    return out


def greedy(problem: Problem, keep: bool = False) -> dict[int, tuple[int, int]]:
    """Highest priority first, and first come first served within a priority: each meeting in
    the earliest slot where both sides and a table of its kind are free. The baseline the solver
    is compared with; with `keep`, locked meetings (and then meetings already placed) stay first,
    which makes it a valid fallback plan."""
    kinds = _Kinds(problem)
    slots_of = _greedy_slots(problem, kinds, _allowed(problem, kinds), keep)
    base = (
        problem
        if keep
        else Problem(problem.meetings, problem.slots, problem.tables, table_kind=problem.table_kind)
    )
    return _tables(base, slots_of)


def _greedy_slots(
    problem: Problem, kinds: _Kinds, allowed: dict[int, list[int]], keep: bool
) -> dict[int, int]:
    busy: dict[int, set[int]] = defaultdict(set)
    load: dict[tuple[int, int], int] = defaultdict(int)  # (slot, kind mask) -> meetings
    slots_of: dict[int, int] = {}

    def free(m: MeetingIn, s: int) -> bool:
        if s in busy[m.a] or s in busy[m.b]:
            return False
        checks = kinds.checks(kinds.accepted(m))
        if not checks:
            return False
        return all(load[s, u] < kinds.capacity[u] for u in checks)

    def place(m: MeetingIn, s: int) -> None:
        slots_of[m.id] = s
        busy[m.a].add(s)
        busy[m.b].add(s)
        for u in kinds.checks(kinds.accepted(m)):
            load[s, u] += 1

    order = sorted(problem.meetings, key=lambda m: -m.weight)  # stable: arrival order kept
    if keep:
        for m in problem.meetings:
            if m.id in problem.locked:
                place(m, problem.previous[m.id][0])
        for m in order:
            prev = problem.previous.get(m.id)
            if m.id not in slots_of and prev and prev[0] in allowed[m.id] and free(m, prev[0]):
                place(m, prev[0])
    for m in order:
        if m.id in slots_of:
            continue
        for s in allowed[m.id]:
            if free(m, s):
                place(m, s)
                break
    return slots_of


class _Repair:
    """Local search on a slot plan (meeting -> slot): a meeting left out goes in when the
    meetings in its way can move to another slot where both their sides are free (ejection
    chains: a moved meeting may push one more), or, failing that, in place of meetings that weigh
    less together. Every step raises the weighted total, so it ends; every state is a valid plan
    (windows, one meeting per person and slot, Hall's condition on the table kinds per slot),
    locked meetings never move. The start CP-SAT is hinted with."""

    def __init__(
        self,
        problem: Problem,
        kinds: _Kinds,
        allowed: dict[int, list[int]],
        slots_of: dict[int, int],
    ) -> None:
        self.meetings = {m.id: m for m in problem.meetings}
        self.allowed = allowed
        self.locked = problem.locked
        self.capacity = kinds.capacity
        self.checks = {m.id: kinds.checks(kinds.accepted(m)) for m in problem.meetings}
        self.busy: dict[int, dict[int, int]] = defaultdict(dict)  # person -> slot -> meeting
        self.load: dict[tuple[int, int], int] = defaultdict(int)
        self.slot_of: dict[int, int] = {}
        self.log: list[tuple[bool, int, int]] = []  # (placed?, meeting, slot), to roll back
        for mid, s in slots_of.items():
            self._put(mid, s)
        self.log.clear()

    def _put(self, mid: int, s: int) -> None:
        m = self.meetings[mid]
        self.slot_of[mid] = s
        self.busy[m.a][s] = self.busy[m.b][s] = mid
        for u in self.checks[mid]:
            self.load[s, u] += 1
        self.log.append((True, mid, s))

    def _take(self, mid: int) -> int:
        m = self.meetings[mid]
        s = self.slot_of.pop(mid)
        del self.busy[m.a][s], self.busy[m.b][s]
        for u in self.checks[mid]:
            self.load[s, u] -= 1
        self.log.append((False, mid, s))
        return s

    def _rollback(self, mark: int) -> None:
        while len(self.log) > mark:
            placed, mid, s = self.log.pop()
            if placed:
                self._take(mid)
            else:
                self._put(mid, s)
            self.log.pop()

    def _fits(self, mid: int, s: int) -> bool:
        return all(self.load[s, u] < self.capacity[u] for u in self.checks[mid])

    def _in_way(self, mid: int, s: int) -> set[int]:
        m = self.meetings[mid]
        return {o for o in (self.busy[m.a].get(s), self.busy[m.b].get(s)) if o is not None}

    def _move(self, mid: int, depth: int, avoid: int) -> bool:
        """Put `mid` (out of the plan) in a slot other than `avoid`: a free one, else one where a
        single meeting is in the way and can itself move (depth > 0)."""
        for s in self.allowed[mid]:
            if s != avoid and not self._in_way(mid, s) and self._fits(mid, s):
                self._put(mid, s)
                return True
        if depth == 0:
            return False
        for s in self.allowed[mid]:
            if s == avoid:
                continue
            way = self._in_way(mid, s)
            if len(way) != 1 or not way.isdisjoint(self.locked):
                continue
            mark = len(self.log)
            other = way.pop()
            self._take(other)
            if self._fits(mid, s):
                self._put(mid, s)
                if self._move(other, depth - 1, s):
                    return True
            self._rollback(mark)
        return False

    def _insert(self, mid: int, depth: int) -> bool:
        for s in self.allowed[mid]:
            way = self._in_way(mid, s)
            if not way.isdisjoint(self.locked):
                continue
            mark = len(self.log)
            for other in way:
                self._take(other)
            if self._fits(mid, s):
                self._put(mid, s)
                if all(self._move(other, depth, s) for other in way):
                    return True
            self._rollback(mark)
        return False

    def _replace(self, mid: int) -> list[int] | None:
        """Put `mid` in the slot where what is in its way weighs least, if less than `mid`;
        returns the meetings taken out."""
        weight = self.meetings[mid].weight
        best: tuple[int, int, set[int]] | None = None
        for s in self.allowed[mid]:
            way = self._in_way(mid, s)
            lost = sum(self.meetings[o].weight for o in way)
            if lost >= weight or not way.isdisjoint(self.locked):
                continue
            if best is not None and lost >= best[0]:
                continue
            mark = len(self.log)
            for other in way:
                self._take(other)
            if self._fits(mid, s):
                best = (lost, s, way)
            self._rollback(mark)
        if best is None:
            return None
        for other in best[2]:
            self._take(other)
        self._put(mid, best[1])
        return sorted(best[2])

    def run(self, deadline: float) -> dict[int, int]:
        order = sorted(self.meetings.values(), key=lambda m: -m.weight)
        for depth in (0, 1, 2):
            waiting = deque(m.id for m in order if m.id not in self.slot_of and self.allowed[m.id])
            while waiting and time.monotonic() < deadline:
                mid = waiting.popleft()
                if mid in self.slot_of:
                    continue
                self.log.clear()
                if self._insert(mid, depth):
                    continue
                out = self._replace(mid)
                if out:
                    waiting.extend(out)
        self.log.clear()
        return dict(self.slot_of)


def improve(
    problem: Problem, assignment: dict[int, tuple[int, int]], seconds: float = 1.0
) -> dict[int, tuple[int, int]]:
    """A plan (the greedy's, say) improved by the local search `_Repair` for at most `seconds`:
    never worth less, tables given out again."""
    kinds = _Kinds(problem)
    repair = _Repair(problem, kinds, _allowed(problem, kinds), _slots(assignment))
    return _tables(problem, repair.run(time.monotonic() + seconds))


def lp_bound(problem: Problem) -> float:
    """The LP relaxation of phase 1 (GLOP): the same variables and constraints with x in [0, 1].
    No plan can place more weighted meetings than this."""
    from ortools.linear_solver import pywraplp

    kinds = _Kinds(problem)
    allowed = _allowed(problem, kinds)
    solver = pywraplp.Solver.CreateSolver("GLOP")
    per_person_slot: dict[tuple[int, int], list] = defaultdict(list)
    per_check: dict[tuple[int, int], list] = defaultdict(list)
    objective = solver.Objective()
    for m in problem.meetings:
        xs = []
        locked = m.id in problem.locked
        for s in allowed[m.id]:
            v = solver.NumVar(1.0 if locked else 0.0, 1.0, "")
            xs.append(v)
            objective.SetCoefficient(v, m.weight)
            per_person_slot[m.a, s].append(v)
            per_person_slot[m.b, s].append(v)
            for u in kinds.checks(kinds.accepted(m)):
                per_check[s, u].append(v)
        if len(xs) > 1:
            row = solver.Constraint(0.0, 1.0)
            for v in xs:
                row.SetCoefficient(v, 1)
    for vs in per_person_slot.values():
        if len(vs) > 1:
            row = solver.Constraint(0.0, 1.0)
            for v in vs:
                row.SetCoefficient(v, 1)
    for (_s, u), vs in per_check.items():
        if len(vs) > kinds.capacity[u]:
            row = solver.Constraint(0.0, kinds.capacity[u])
            for v in vs:
                row.SetCoefficient(v, 1)
    objective.SetMaximization()
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        raise RuntimeError("the LP relaxation did not solve")
    return objective.Value()


def solve(problem: Problem, time_limit: float = 20.0, workers: int = 2) -> Result:
    started = time.monotonic()
    kinds = _Kinds(problem)
    allowed = _allowed(problem, kinds)
    # a valid plan, the fallback: `greedy(problem, keep=True)` on the kinds and slots read above
    start = _tables(problem, _greedy_slots(problem, kinds, allowed, keep=True))
    # the hint: that plan improved by local search, first, with its share of the time counted
    # from its own start (loading OR-Tools and building the model on a loaded machine can take
    # longer than a short budget's share)
    repaired = _Repair(problem, kinds, allowed, _slots(start))
    hint = repaired.run(time.monotonic() + time_limit * REPAIR_SHARE)

    # imported here: OR-Tools takes most of a second to load, and only the organiser needs it
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    per_meeting: dict[int, list] = defaultdict(list)
    per_person_slot: dict[tuple[int, int], list] = defaultdict(list)
    per_check: dict[tuple[int, int], list] = defaultdict(list)  # (slot, kind mask) -> vars
    weight = {m.id: m.weight for m in problem.meetings}
    for m in problem.meetings:
        checks = kinds.checks(kinds.accepted(m))
        for s in allowed[m.id]:
            v = model.new_bool_var(f"x{m.id}_{s}")
            x[m.id, s] = v
            per_meeting[m.id].append(v)
            per_person_slot[m.a, s].append(v)
            per_person_slot[m.b, s].append(v)
            for u in checks:
                per_check[s, u].append(v)
        if m.id in problem.locked:
            model.add(sum(per_meeting[m.id]) == 1)
        elif per_meeting[m.id]:
            model.add(sum(per_meeting[m.id]) <= 1)
    for vs in per_person_slot.values():
        if len(vs) > 1:
            model.add_at_most_one(vs)
    for (_s, u), vs in per_check.items():
        if len(vs) > kinds.capacity[u]:
            model.add(sum(vs) <= kinds.capacity[u])
    placed = cp_model.LinearExpr.weighted_sum(list(x.values()), [weight[mid] for mid, _s in x])
    for (mid, s), v in x.items():
        model.add_hint(v, 1 if hint.get(mid) == s else 0)

    # Phase 1: as many (weighted) meetings as possible.
    model.maximize(placed)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    phase1_end = started + time_limit * PHASE1_SHARE
    solver.parameters.max_time_in_seconds = max(0.5, phase1_end - time.monotonic())
    if len(x) > PRESOLVE_UP_TO:
        # on a large day presolve alone can take the whole budget of a loaded machine, and the
        # hint is already close to the bound: search from it at once
        solver.parameters.cp_model_presolve = False
    status = solver.solve(model)
    seats = kinds.capacity[kinds.all] * len(problem.slots)
    capacity_bound = sum(sorted(weight.values(), reverse=True)[:seats])
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        best = round(solver.objective_value)
        bound = min(capacity_bound, int(solver.best_objective_bound + 1e-6))
        phase1 = {mid: s for (mid, s), v in x.items() if solver.boolean_value(v)}
    else:  # no plan within the time (a loaded machine): start from the hint
        best = sum(weight[mid] for mid in hint)
        bound = capacity_bound
        phase1 = dict(hint)
    optimal = status == cp_model.OPTIMAL

    # Phase 2: keep that much; move few, keep participants' meetings together. Skipped when too
    # little time is left to build and search it (the seating below needs the rest).
    chosen = phase1
    if time_limit - (time.monotonic() - started) > max(1.0, time_limit * 0.1):
        model.clear_hints()
        for (mid, s), v in x.items():
            model.add_hint(v, phase1.get(mid) == s)
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
        solver2 = cp_model.CpSolver()
        solver2.parameters.num_workers = workers
        remaining = time_limit * (1 - SEATING_SHARE) - (time.monotonic() - started)
        solver2.parameters.max_time_in_seconds = max(0.5, remaining)
        if len(x) > PRESOLVE_UP_TO:
            solver2.parameters.cp_model_presolve = False
        status2 = solver2.solve(model)
        if status2 in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            chosen = {mid: s for (mid, s), v in x.items() if solver2.boolean_value(v)}

    def moves(slots_of: dict[int, int]) -> int:
        return sum(
            1
            for mid, prev in problem.previous.items()
            if mid not in problem.locked and slots_of.get(mid) != prev[0]
        )

    # Keep the best of the plans at hand: most (weighted) placed, then fewest moves, then least
    # idle time (on a loaded machine the solver may stop before it beats its own starting point).
    candidates = [chosen, phase1, hint, _slots(start)]
    plan = min(
        candidates,
        key=lambda c: (-sum(weight[mid] for mid in c), moves(c), _idle(problem, c)),
    )
    assignment = start if plan is candidates[-1] else _tables(problem, plan)
    return Result(
        assignment=assignment,
        placed=len(assignment),
        upper_bound=max(bound, value(problem, assignment)),
        moved=moves(_slots(assignment)),
        idle=idle_slots(problem, assignment),
        optimal=optimal,
        seconds=time.monotonic() - started,
        value=value(problem, assignment),
    )
