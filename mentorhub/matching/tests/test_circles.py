"""Group mentoring circles: sizes, hard rules, shared themes, and dissolving small circles."""

from __future__ import annotations

from collections import Counter, defaultdict

import numpy as np
import pytest

from mentorhub.matching.engine import Participant, Problem, match, prepare, rules_for
from mentorhub.matching.engine.solvers import circles as circles_module
from mentorhub.matching.engine.solvers.circles import CircleRules, match_circles
from mentorhub.matching.tests import random_problem


def mentor(pid: str, offers: dict[str, int], capacity: int = 8, **extra: object) -> Participant:
    return Participant(id=pid, role="mentor", level=7, offers=offers, capacity=capacity, **extra)  # type: ignore[arg-type]


def mentee(pid: str, seeks: set[str], **extra: object) -> Participant:
    return Participant(id=pid, role="mentee", level=2, seeks=frozenset(seeks), **extra)  # type: ignore[arg-type]


def group_problem(mentees: list[Participant], mentors: list[Participant]) -> Problem:
    return Problem(tuple(mentees), tuple(mentors), rules_for("group"))


def circle_sizes(result) -> Counter[str]:
    return Counter(p.circle for p in result.pairs)


def members_of(result) -> dict[str, set[str]]:
    circles: dict[str, set[str]] = defaultdict(set)
    for pair in result.pairs:
        circles[str(pair.circle)].add(pair.mentee_id)
    return dict(circles)


def test_circles_stay_within_the_minimum_and_maximum_size():
    # GIVEN two mentors and nine mentees who may all join either circle
    mentors = [mentor("ana", {"python": 5}), mentor("bo", {"python": 4})]
    mentees = [mentee(f"m{i}", {"python"}) for i in range(9)]
    # WHEN circles of 3 to 4 are formed
    result = match_circles(prepare(group_problem(mentees, mentors)), min_size=3, max_size=4)
    # THEN both circles are full at 4 and the ninth mentee is told the circles are full
    assert sorted(circle_sizes(result).values()) == [4, 4]
    assert list(result.unmatched.values()) == ["the 2 open circles they are eligible for are full"]


def test_the_maximum_defaults_to_the_mentor_capacity():
    # GIVEN a mentor who takes five people, and seven mentees
    mentees = [mentee(f"m{i}", {"python"}) for i in range(7)]
    problem = group_problem(mentees, [mentor("ana", {"python": 5}, capacity=5)])
    # WHEN no maximum is given
    result = match_circles(prepare(problem))
    # THEN the circle has five members
    assert circle_sizes(result) == {"ana": 5}


def test_the_program_maximum_caps_a_larger_mentor_capacity():
    # GIVEN a mentor with capacity 10 and ten mentees
    mentees = [mentee(f"m{i}", {"python"}) for i in range(10)]
    problem = group_problem(mentees, [mentor("ana", {"python": 5}, capacity=10)])
    # WHEN the program's circle rules say at most 8
    result = match_circles(prepare(problem), circle_rules=CircleRules(min_size=3, max_size=8))
    # THEN the circle stops at 8
    assert circle_sizes(result) == {"ana": 8}


def test_the_circle_id_is_the_mentor_id():
    # GIVEN one mentor and three mentees
    mentees = [mentee(f"m{i}", {"python"}) for i in range(3)]
    problem = group_problem(mentees, [mentor("ana", {"python": 5})])
    # WHEN circles are formed through the engine's dispatch
    result = match(problem, method="circles")
    # THEN every member's circle is the mentor's id
    assert {(p.mentor_id, p.circle) for p in result.pairs} == {("ana", "ana")}


def test_no_member_joins_a_circle_led_by_someone_in_their_management_chain():
    # GIVEN Mia reports to Ana, who otherwise fits her best
    mentors = [mentor("ana", {"python": 5}), mentor("bo", {"python": 2})]
    mentees = [mentee("mia", {"python"}, manager_id="ana")]
    mentees += [mentee(f"m{i}", {"python"}) for i in range(5)]
    # WHEN circles are formed
    result = match_circles(prepare(group_problem(mentees, mentors)), min_size=3, max_size=3)
    # THEN Mia sits in Bo's circle
    assert {p.mentor_id for p in result.pairs if p.mentee_id == "mia"} == {"bo"}


def test_no_member_joins_a_circle_without_a_shared_language():
    # GIVEN Ana speaks only German and Bo only English; Eli speaks only English
    mentors = [
        mentor("ana", {"python": 5}, languages=frozenset({"de"})),
        mentor("bo", {"python": 2}, languages=frozenset({"en"})),
    ]
    mentees = [mentee("eli", {"python"}, languages=frozenset({"en"}))]
    mentees += [mentee(f"m{i}", {"python"}) for i in range(5)]
    # WHEN circles are formed
    result = match_circles(prepare(group_problem(mentees, mentors)), min_size=3, max_size=3)
    # THEN Eli is in Bo's circle
    assert {p.mentor_id for p in result.pairs if p.mentee_id == "eli"} == {"bo"}


def test_members_seeking_the_same_skill_land_in_the_same_circle():
    # GIVEN two identical mentors offering both skills, three mentees seeking each skill
    mentors = [
        mentor("ana", {"kubernetes": 4, "design": 4}, department="Ops"),
        mentor("bo", {"kubernetes": 4, "design": 4}, department="Product"),
    ]
    mentees = [mentee(f"k{i}", {"kubernetes"}, department="Ops") for i in range(2)]
    mentees += [mentee("k2", {"kubernetes"}, department="Product")]
    mentees += [mentee(f"d{i}", {"design"}, department="Product") for i in range(2)]
    mentees += [mentee("d2", {"design"}, department="Ops")]
    # WHEN circles of exactly three are formed (diversity alone would mix the skills)
    result = match_circles(prepare(group_problem(mentees, mentors)), min_size=3, max_size=3)
    # THEN each circle gathers the seekers of one skill
    assert sorted(members_of(result).values(), key=sorted) == [
        {"d0", "d1", "d2"},
        {"k0", "k1", "k2"},
    ]


def test_every_member_is_told_the_circle_theme():
    # GIVEN four mentees, three of whom seek kubernetes
    mentees = [mentee(f"k{i}", {"kubernetes"}) for i in range(3)] + [mentee("d", {"design"})]
    problem = group_problem(mentees, [mentor("ana", {"kubernetes": 5, "design": 3})])
    # WHEN the circle forms
    result = match_circles(prepare(problem))
    # THEN every member's first reason names the theme and how many seek it
    assert {p.reasons[0] for p in result.pairs} == {
        "circle theme: kubernetes (3 of 4 members seek it)"
    }


def test_a_circle_below_the_minimum_is_dissolved_and_its_members_move():
    # GIVEN Ana fits the python-only mentees best and Bo the python-and-sql ones: two
    # circles of two, each below the minimum of three
    mentors = [mentor("ana", {"python": 5}), mentor("bo", {"python": 2, "sql": 5})]
    mentees = [mentee("p0", {"python"}), mentee("p1", {"python"})]
    mentees += [mentee("s0", {"python", "sql"}), mentee("s1", {"python", "sql"})]
    # WHEN circles of at least three are formed
    result = match_circles(prepare(group_problem(mentees, mentors)), min_size=3)
    # THEN one circle is dissolved and all four meet in the other
    assert result.stats["dissolved"] == 1
    assert members_of(result) == {"bo": {"p0", "p1", "s0", "s1"}}


def test_members_of_a_dissolved_circle_with_nowhere_to_go_are_told_why():
    # GIVEN only two mentees can join Ana's circle; the third speaks no common language
    mentors = [mentor("ana", {"python": 5}, languages=frozenset({"en"}))]
    mentees = [mentee("m0", {"python"}), mentee("m1", {"python"})]
    mentees += [mentee("ja", {"python"}, languages=frozenset({"ja"}))]
    # WHEN circles of at least three are formed
    result = match_circles(prepare(group_problem(mentees, mentors)), min_size=3)
    # THEN nobody is seated, and the two who could have joined hear about the minimum
    assert result.pairs == []
    assert result.unmatched["m0"] == (
        "no circle reached the minimum size of 3 among the 1 eligible mentor"
    )
    assert (
        result.unmatched["ja"] == "of the 1 mentor otherwise suitable, none shares a language (ja)"
    )


def test_a_mentor_whose_capacity_is_below_the_minimum_leads_no_circle():
    # GIVEN a mentor who takes two people, and three mentees
    mentees = [mentee(f"m{i}", {"python"}) for i in range(3)]
    problem = group_problem(mentees, [mentor("ana", {"python": 5}, capacity=2)])
    # WHEN circles of at least three are formed
    result = match_circles(prepare(problem))
    # THEN there is no circle and each mentee hears why
    assert result.pairs == []
    assert set(result.unmatched.values()) == {
        "no circle reached the minimum size of 3 among the 1 eligible mentor"
    }


def test_a_circle_the_manager_fixed_stays_even_below_the_minimum():
    # GIVEN a manager placed Mia with Ana by hand, and no one else fits Ana
    problem = group_problem([mentee("mia", {"python"})], [mentor("ana", {"python": 5})])
    problem = Problem(
        problem.mentees, problem.mentors, problem.rules, locked=frozenset({("mia", "ana")})
    )
    # WHEN circles of at least three are formed
    result = match_circles(prepare(problem))
    # THEN Mia's pair stays, marked as fixed
    assert [(p.mentee_id, p.circle, p.locked) for p in result.pairs] == [("mia", "ana", True)]


def test_a_maximum_below_the_minimum_is_refused():
    problem = group_problem([mentee("m", {"python"})], [mentor("ana", {"python": 5})])
    with pytest.raises(ValueError, match="smaller than the smallest"):
        match_circles(prepare(problem), min_size=4, max_size=3)


def assert_circles_keep_the_rules(result, prepared, min_size: int, max_size: int) -> None:
    sizes = circle_sizes(result)
    assert all(min_size <= size <= max_size for size in sizes.values())
    capacity = {p.id: p.capacity for p in prepared.problem.mentors}
    assert all(size <= capacity[circle] for circle, size in sizes.items())
    rows = np.array([prepared.mentee_at[p.mentee_id] for p in result.pairs], dtype=np.int64)
    block = prepared.scorer.rows(rows)
    cols = [prepared.mentor_at[p.mentor_id] for p in result.pairs]
    assert block.eligible[np.arange(len(rows)), cols].all()
    assert len({p.mentee_id for p in result.pairs}) == len(result.pairs)
    seated = {p.mentee_id for p in result.pairs}
    assert seated.isdisjoint(result.unmatched)
    assert seated | set(result.unmatched) == {p.id for p in prepared.problem.mentees}


@pytest.mark.parametrize("seed", range(5))
def test_random_programs_get_circles_that_keep_every_rule(seed):
    # GIVEN a random group program (managers, exclusions, languages, capacities 0–4)
    problem = random_problem(seed, 120, 30, approach="group")
    problem = Problem(problem.mentees, problem.mentors, problem.rules)
    # WHEN circles of 2 to 3 are formed
    prepared = prepare(problem)
    result = match_circles(prepared, min_size=2, max_size=3)
    # THEN every circle is within size and capacity, and every member is eligible
    assert_circles_keep_the_rules(result, prepared, 2, 3)


@pytest.mark.parametrize("seed", range(3))
def test_candidate_lists_keep_every_rule_on_large_programs(seed, monkeypatch):
    # GIVEN a program treated as large: candidate lists instead of every pair
    monkeypatch.setattr(circles_module, "EXACT_PAIRS", 0)
    monkeypatch.setattr(circles_module, "LIST_LENGTH", 2)
    prepared = prepare(random_problem(seed, 120, 30, approach="group"))
    # WHEN circles of 2 to 3 are formed
    result = match_circles(prepared, min_size=2, max_size=3)
    # THEN the same rules hold
    assert_circles_keep_the_rules(result, prepared, 2, 3)


def test_candidate_lists_seat_as_many_as_every_pair_would(monkeypatch):
    # GIVEN one random program solved with every pair, and again with two-long lists
    prepared = prepare(random_problem(11, 120, 30, approach="group"))
    full = match_circles(prepared, min_size=1, max_size=3)
    monkeypatch.setattr(circles_module, "EXACT_PAIRS", 0)
    monkeypatch.setattr(circles_module, "LIST_LENGTH", 2)
    # WHEN there is no minimum to dissolve circles for
    short = match_circles(prepared, min_size=1, max_size=3)
    # THEN the short lists seat just as many (the augmenting paths add what they miss)
    assert short.matched == full.matched


def test_match_passes_circle_sizes_to_group_circles():
    # GIVEN two mentors who take eight each, and nine mentees who may join either circle
    mentors = [mentor("ana", {"python": 5}), mentor("bo", {"python": 4})]
    mentees = [mentee(f"m{i}", {"python"}) for i in range(9)]
    # WHEN match() forms circles of 3 to 4
    result = match(group_problem(mentees, mentors), method="circles", circle_sizes=(3, 4))
    # THEN both circles stop at four
    assert sorted(circle_sizes(result).values()) == [4, 4]


def test_match_refuses_group_circle_sizes_with_the_largest_below_the_smallest():
    problem = group_problem([mentee("m", {"python"})], [mentor("ana", {"python": 5})])
    with pytest.raises(ValueError, match="smaller than the smallest"):
        match(problem, method="circles", circle_sizes=(4, 3))
