"""Properties of the B2B scheduler on small random days, and small days whose optimum is known."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from hoptac.investment.scheduling import (
    MeetingIn,
    Problem,
    greedy,
    idle_slots,
    improve,
    lp_bound,
    solve,
    value,
)


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
            if m.kinds:
                assert problem.table_kind.get(assignment[m.id][1], "") in m.kinds
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


def test_unit_weights_count_meetings():
    problem = random_problem(7)
    result = solve(problem, time_limit=1)
    assert result.value == result.placed == len(result.assignment)


def test_the_solver_rearranges_where_the_priority_greedy_cannot():
    # Slots 0 and 1, two tables. A-B (priority 3) can go anywhere; C and D are there only in
    # slot 0, so A-C and B-D (priority 2) need slot 0 and A-B must take slot 1: 3 + 2 + 2 = 7.
    # The greedy puts A-B first, in the earliest slot, and then neither of the others fits: 3.
    a, b, c, d = 1, 2, 3, 4
    problem = Problem(
        [MeetingIn(10, a, b, weight=3), MeetingIn(11, a, c, weight=2), MeetingIn(12, b, d, 2)],
        slots=[0, 1],
        tables=[50, 51],
        unavailable={c: {1}, d: {1}},
    )
    assert value(problem, greedy(problem)) == 3
    result = solve(problem, time_limit=2)
    assert result.value == 7 and result.placed == 3
    assert result.assignment[10][0] == 1
    assert result.assignment[11][0] == result.assignment[12][0] == 0
    assert result.upper_bound == 7
    assert lp_bound(problem) == pytest.approx(7)
    assert_valid(problem, result.assignment)


def test_priority_decides_who_gets_the_only_shared_slot():
    # A is there for one slot only and is asked by B (priority 1, first) and C (priority 3).
    problem = Problem(
        [MeetingIn(1, 0, 1, weight=1), MeetingIn(2, 0, 2, weight=3)],
        slots=[0, 1],
        tables=[9],
        unavailable={0: {1}},
    )
    result = solve(problem, time_limit=1)
    assert set(result.assignment) == {2} and result.value == 3
    assert set(greedy(problem)) == {2}  # the greedy goes in priority order, not arrival order
    assert lp_bound(problem) == pytest.approx(3)


def test_table_kinds_bind_even_when_seats_are_enough():
    # Two slots, one small table and one interpreter table: four seats for four meetings, but
    # three meetings need the interpreter and it has two slots, so three meetings at most.
    small, interp = 50, 51
    problem = Problem(
        [
            MeetingIn(1, 0, 1),  # any table
            MeetingIn(2, 2, 3, kinds=frozenset({"interpreter"})),
            MeetingIn(3, 4, 5, kinds=frozenset({"interpreter"})),
            MeetingIn(4, 6, 7, kinds=frozenset({"interpreter"})),
        ],
        slots=[0, 1],
        tables=[small, interp],
        table_kind={small: "small", interp: "interpreter"},
    )
    result = solve(problem, time_limit=1)
    assert result.placed == 3 and result.upper_bound == 3
    assert 1 in result.assignment and result.assignment[1][1] == small
    assert lp_bound(problem) == pytest.approx(3)
    assert len(greedy(problem)) == 3
    assert_valid(problem, result.assignment)
    assert_valid(problem, greedy(problem))


def test_a_plain_meeting_gives_its_interpreter_table_up():
    # The plain meeting sat at the interpreter table; an interpreter meeting now needs it.
    small, interp = 50, 51
    problem = Problem(
        [MeetingIn(1, 0, 1), MeetingIn(2, 2, 3, kinds=frozenset({"interpreter"}))],
        slots=[0],
        tables=[small, interp],
        previous={1: (0, interp)},
        table_kind={small: "small", interp: "interpreter"},
    )
    result = solve(problem, time_limit=1)
    assert result.assignment == {1: (0, small), 2: (0, interp)}
    assert result.moved == 0  # same slot: only the table changed


def test_a_meeting_no_table_fits_is_never_placed():
    problem = Problem(
        [MeetingIn(1, 0, 1, kinds=frozenset({"large"}))],
        slots=[0],
        tables=[5],
        table_kind={5: "small"},
    )
    assert solve(problem, time_limit=1).assignment == {}
    assert greedy(problem) == {}
    assert lp_bound(problem) == 0


@pytest.mark.parametrize("seed", [8, 9])
def test_weighted_days_with_kinds_and_windows(seed):
    rng = random.Random(seed)
    people, slots = 16, 6
    kind_of = {500 + t: k for t, k in enumerate(["small", "small", "large", "interpreter"])}
    windows = {p: (rng.randrange(3), rng.randrange(3, slots)) for p in range(people)}
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < 40:
        a, b = rng.sample(range(people), 2)
        pairs.add((min(a, b), max(a, b)))
    kinds = [frozenset(), frozenset({"large", "interpreter"}), frozenset({"interpreter"})]
    problem = Problem(
        [
            MeetingIn(i, a, b, weight=rng.randint(1, 3), kinds=rng.choice(kinds))
            for i, (a, b) in enumerate(sorted(pairs))
        ],
        list(range(slots)),
        list(kind_of),
        {p: {s for s in range(slots) if not lo <= s <= hi} for p, (lo, hi) in windows.items()},
        table_kind=kind_of,
    )
    plan = greedy(problem)
    result = solve(problem, time_limit=2)
    assert_valid(problem, plan)
    assert_valid(problem, result.assignment)
    assert value(problem, plan) <= result.value <= result.upper_bound
    assert result.value <= lp_bound(problem) + 1e-6


def test_the_local_search_moves_a_meeting_out_of_the_way():
    # The greedy's plan of the case above: A-B sits in slot 0, the only slot of C and D.
    a, b, c, d = 1, 2, 3, 4
    problem = Problem(
        [MeetingIn(10, a, b, weight=3), MeetingIn(11, a, c, weight=2), MeetingIn(12, b, d, 2)],
        slots=[0, 1],
        tables=[50, 51],
        unavailable={c: {1}, d: {1}},
    )
    plan = improve(problem, greedy(problem))
    assert value(problem, plan) == 7
    assert plan[10][0] == 1 and plan[11][0] == plan[12][0] == 0
    assert_valid(problem, plan)


def test_the_local_search_gives_a_slot_to_the_heavier_meeting():
    # A is there in slot 0 only and already meets B (priority 1, placed first by whoever made
    # the plan); C (priority 3) asks for the same slot: B's meeting gives way.
    problem = Problem(
        [MeetingIn(1, 0, 1, weight=1), MeetingIn(2, 0, 2, weight=3)],
        slots=[0, 1],
        tables=[9],
        unavailable={0: {1}},
    )
    plan = improve(problem, {1: (0, 9)})
    assert plan == {2: (0, 9)}


def test_the_local_search_leaves_locked_meetings_where_they_are():
    problem = Problem(
        [MeetingIn(1, 0, 1, weight=1), MeetingIn(2, 0, 2, weight=3)],
        slots=[0, 1],
        tables=[9],
        unavailable={0: {1}},
        previous={1: (0, 9)},
        locked={1},
    )
    assert improve(problem, {1: (0, 9)}) == {1: (0, 9)}


def test_two_meetings_beat_one_heavier_meeting_that_blocks_both():
    # One slot. A-B weighs 3, A-C and B-D weigh 2 each: the greedy takes A-B (3), the best plan
    # is the other two (4), and no single exchange finds it.
    problem = Problem(
        [MeetingIn(1, 0, 1, weight=3), MeetingIn(2, 0, 2, weight=2), MeetingIn(3, 1, 3, 2)],
        slots=[0],
        tables=[7, 8],
    )
    assert value(problem, greedy(problem)) == 3
    result = solve(problem, time_limit=1)
    assert set(result.assignment) == {2, 3} and result.value == result.upper_bound == 4
    assert_valid(problem, result.assignment)


@pytest.mark.parametrize("seed", [10, 11, 12, 13])
def test_the_local_search_keeps_every_rule_and_never_loses_weight(seed):
    rng = random.Random(seed)
    people, slots = 24, 8
    kind_of = {500 + t: k for t, k in enumerate(["small", "small", "large", "interpreter"])}
    windows = {p: (rng.randrange(4), rng.randrange(4, slots)) for p in range(people)}
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < 90:
        a, b = rng.sample(range(people), 2)
        pairs.add((min(a, b), max(a, b)))
    kinds = [frozenset(), frozenset({"large", "interpreter"}), frozenset({"interpreter"})]
    problem = Problem(
        [
            MeetingIn(i, a, b, weight=rng.randint(1, 3), kinds=rng.choice(kinds))
            for i, (a, b) in enumerate(sorted(pairs))
        ],
        list(range(slots)),
        list(kind_of),
        {p: {s for s in range(slots) if not lo <= s <= hi} for p, (lo, hi) in windows.items()},
        table_kind=kind_of,
    )
    plan = greedy(problem)
    better = improve(problem, plan)
    assert_valid(problem, better)
    assert value(problem, better) >= value(problem, plan)
    assert value(problem, better) <= lp_bound(problem) + 1e-6
    assert solve(problem, time_limit=2).value >= value(problem, better)
