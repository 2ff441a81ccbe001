"""Properties of the B2B scheduler on small random days."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from hoptac.investment.scheduling import MeetingIn, Problem, greedy, idle_slots, solve


def random_problem(
    seed: int, people: int = 14, meetings: int = 30, slots: int = 6, tables: int = 3
):
    rng = random.Random(seed)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < meetings:
        a, b = rng.sample(range(people), 2)
        pairs.add((min(a, b), max(a, b)))
    ms = [MeetingIn(i, a, b) for i, (a, b) in enumerate(sorted(pairs))]
    unavailable = {p: {rng.randrange(slots)} for p in range(people) if rng.random() < 0.3}
    return Problem(ms, list(range(100, 100 + slots)), list(range(500, 500 + tables)), unavailable)


def assert_valid(problem: Problem, assignment: dict[int, tuple[int, int]]) -> None:
    seats = Counter(assignment.values())
    assert max(seats.values(), default=0) <= 1, "a table twice in one slot"
    busy = Counter()
    for m in problem.meetings:
        if m.id in assignment:
            slot = assignment[m.id][0]
            busy[(m.a, slot)] += 1
            busy[(m.b, slot)] += 1
            assert slot not in problem.unavailable.get(m.a, ())
            assert slot not in problem.unavailable.get(m.b, ())
            assert assignment[m.id][1] in problem.tables
    assert max(busy.values(), default=0) <= 1, "someone in two meetings at once"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_no_double_booking_and_availability_respected(seed):
    problem = random_problem(seed)
    result = solve(problem, time_limit=1)
    assert_valid(problem, result.assignment)
    assert result.placed <= result.upper_bound <= len(problem.meetings)
    assert result.placed >= len(greedy(problem))
    assert result.idle == idle_slots(problem, result.assignment)


def test_locked_meetings_never_move():
    problem = random_problem(4)
    first = solve(problem, time_limit=1)
    locked = sorted(first.assignment)[:4]
    # lock them somewhere else than the solver would pick: the last slot, where possible
    problem.previous = {mid: first.assignment[mid] for mid in locked}
    problem.locked = set(locked)
    again = solve(problem, time_limit=1)
    for mid in locked:
        assert again.assignment[mid] == first.assignment[mid]
    assert_valid(problem, again.assignment)


def test_re_solving_moves_as_few_meetings_as_possible():
    problem = random_problem(5)
    first = solve(problem, time_limit=1)
    problem.previous = dict(first.assignment)
    # one participant becomes unavailable in the slot of one of their meetings
    victim = next(iter(first.assignment))
    slot = first.assignment[victim][0]
    person = next(m for m in problem.meetings if m.id == victim).a
    problem.unavailable.setdefault(person, set()).add(slot)
    again = solve(problem, time_limit=1)
    assert_valid(problem, again.assignment)
    assert again.assignment.get(victim, (None,))[0] != slot
    assert again.moved <= 3  # the affected meeting, and at most a couple that make room
    kept_tables = sum(
        1 for mid, seat in again.assignment.items() if problem.previous.get(mid) == seat
    )
    assert kept_tables >= len(again.assignment) - 4


def test_capacity_binds_the_upper_bound():
    problem = random_problem(6, people=20, meetings=40, slots=3, tables=2)
    result = solve(problem, time_limit=1)
    assert result.upper_bound <= 6
    assert result.placed == 6
