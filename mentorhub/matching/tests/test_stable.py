"""The stable method: no blocking pair, the mentee-optimal matching, and the program's rules."""

from __future__ import annotations

import itertools
import random
from dataclasses import replace

import numpy as np
import pytest

from mentorhub.matching.engine import Participant, Problem, match, prepare, rules_for
from mentorhub.matching.engine.solvers import stable as stable_module
from mentorhub.matching.engine.solvers.stable import (
    STABLE_REASON,
    blocking_pairs,
    stable_assignment,
)
from mentorhub.matching.tests import random_problem


def random_market(seed: int, n: int, m: int, list_length: int):
    """Mentees with incomplete lists; each mentor ranks a random subset of those who chose it."""
    rng = random.Random(seed)
    mentee_prefs = [rng.sample(range(m), rng.randint(0, list_length)) for _ in range(n)]
    mentor_prefs: list[list[int]] = [[] for _ in range(m)]
    for i, prefs in enumerate(mentee_prefs):
        for j in prefs:
            if rng.random() < 0.8:  # some mentors leave some of their suitors off
                mentor_prefs[j].append(i)
    for j, prefs in enumerate(mentor_prefs):
        rng.shuffle(prefs)
        prefs += rng.sample(range(n), 2)  # and list a few who never chose them
        mentor_prefs[j] = list(dict.fromkeys(prefs))
    capacities = [rng.randint(0, 3) for _ in range(m)]
    return mentee_prefs, mentor_prefs, capacities


def is_valid(mentor_of, mentee_prefs, mentor_prefs, capacities) -> bool:
    """Every pair is listed by both sides and no mentor is over capacity."""
    load = [0] * len(capacities)
    for i, j in enumerate(mentor_of.tolist()):
        if j >= 0:
            if j not in mentee_prefs[i] or i not in mentor_prefs[j]:
                return False
            load[j] += 1
    return all(x <= c for x, c in zip(load, capacities, strict=True))


@pytest.mark.parametrize("seed", range(20))
def test_random_markets_with_capacities_have_no_blocking_pair(seed):
    market = random_market(seed, n=60, m=12, list_length=6)
    mentor_of = stable_assignment(*market)
    assert blocking_pairs(mentor_of, *market) == []


@pytest.mark.parametrize("seed", range(20))
def test_random_markets_respect_lists_and_capacities(seed):
    market = random_market(seed, n=60, m=12, list_length=6)
    assert is_valid(stable_assignment(*market), *market)


def test_blocking_pairs_finds_a_pair_that_would_rather_be_together():
    # GIVEN both prefer each other, but each is placed elsewhere
    mentee_prefs = [[0, 1], [1, 0]]
    mentor_prefs = [[0, 1], [1, 0]]
    # WHEN mentee 0 goes to mentor 1 and mentee 1 to mentor 0
    found = blocking_pairs(np.array([1, 0]), mentee_prefs, mentor_prefs, [1, 1])
    # THEN both pairs block
    assert sorted(found) == [(0, 0), (1, 1)]


# Gale and Shapley's 1962 example: three stable matchings; the proposing side gets its
# first choices in the one deferred acceptance finds.
GS_MENTEES = [[0, 1, 2], [1, 2, 0], [2, 0, 1]]  # α: A B C, β: B C A, γ: C A B
GS_MENTORS = [[1, 2, 0], [2, 0, 1], [0, 1, 2]]  # A: β γ α, B: γ α β, C: α β γ


def test_gale_shapley_example_gives_every_mentee_their_first_choice():
    assert stable_assignment(GS_MENTEES, GS_MENTORS, [1, 1, 1]).tolist() == [0, 1, 2]


def test_gale_shapley_example_has_other_stable_matchings_mentees_like_less():
    # The mentors' first choices are also stable: a real choice was made for the mentees.
    mentors_choice = np.array([2, 0, 1])
    assert blocking_pairs(mentors_choice, GS_MENTEES, GS_MENTORS, [1, 1, 1]) == []


def test_mentor_ranks_may_be_given_as_mappings():
    ranks = [{i: r for r, i in enumerate(prefs)} for prefs in GS_MENTORS]
    assert stable_assignment(GS_MENTEES, ranks, [1, 1, 1]).tolist() == [0, 1, 2]


def all_stable(mentee_prefs, mentor_prefs, capacities) -> list[tuple[int, ...]]:
    """Every stable matching, by trying every assignment (tiny markets only)."""
    found = []
    for choice in itertools.product(*[[-1, *prefs] for prefs in mentee_prefs]):
        mentor_of = np.array(choice, dtype=np.int64)
        if not is_valid(mentor_of, mentee_prefs, mentor_prefs, capacities):
            continue
        if not blocking_pairs(mentor_of, mentee_prefs, mentor_prefs, capacities):
            found.append(choice)
    return found


@pytest.mark.parametrize("seed", range(15))
def test_every_mentee_does_at_least_as_well_as_in_any_stable_matching(seed):
    mentee_prefs, mentor_prefs, capacities = random_market(seed, n=6, m=3, list_length=3)
    mine = stable_assignment(mentee_prefs, mentor_prefs, capacities).tolist()
    place = [{j: r for r, j in enumerate(prefs)} for prefs in mentee_prefs]
    for other in all_stable(mentee_prefs, mentor_prefs, capacities):
        for i, j in enumerate(other):
            if j >= 0:  # matched in the other: at least as well (and matched) in mine
                assert mine[i] >= 0 and place[i][mine[i]] <= place[i][j]


def test_a_pair_only_one_side_lists_is_never_made():
    # Mentee 0 wants mentor 0, who did not list them; mentor 0 has room.
    mentor_of = stable_assignment([[0]], [[]], [1])
    assert mentor_of.tolist() == [-1]


def test_a_mentor_with_no_room_takes_nobody():
    assert stable_assignment([[0], [0]], [[0, 1]], [0]).tolist() == [-1, -1]


# --- the stable method on participants -------------------------------------------------------


def person(pid: str, role: str, **fields) -> Participant:
    base = {"level": 5 if role == "mentor" else 2, "languages": frozenset({"en"})}
    skills = {"offers": {"python": 4}} if role == "mentor" else {"seeks": frozenset({"python"})}
    return Participant(id=pid, role=role, **{**base, **skills, **fields})


@pytest.fixture
def ranked_program() -> Problem:
    """Two mentors with one place each and three mentees; everyone ranks."""
    mentees = (
        person("max", "mentee", ranking=("mona", "omar")),
        person("eve", "mentee", ranking=("mona",)),
        person("ivy", "mentee", ranking=("omar", "mona")),
    )
    mentors = (
        person("mona", "mentor", ranking=("eve", "max", "ivy")),
        person("omar", "mentor", ranking=("max", "ivy")),
    )
    return Problem(mentees, mentors, rules_for("traditional"))


def pairs_of(result) -> set[tuple[str, str]]:
    return {(p.mentee_id, p.mentor_id) for p in result.pairs}


def test_stable_method_follows_both_sides_rankings(ranked_program):
    # Mona prefers Eve; Max falls back to Omar, who prefers Max to Ivy.
    result = match(ranked_program, method="stable")
    assert pairs_of(result) == {("eve", "mona"), ("max", "omar")}


def test_stable_pairs_say_they_are_stable(ranked_program):
    result = match(ranked_program, method="stable")
    assert all(STABLE_REASON in p.reasons for p in result.pairs)


def test_a_mentee_whose_mentors_filled_up_is_told_so(ranked_program):
    result = match(ranked_program, method="stable")
    assert result.unmatched == {
        "ivy": "every mentor they ranked filled up with mentees those mentors ranked higher"
    }


def test_rankings_never_bring_back_a_pair_the_rules_forbid(ranked_program):
    # GIVEN Eve reports to Mona, and Max excludes Omar: both still rank them first
    eve = replace(ranked_program.mentees[1], manager_id="mona")
    max_ = replace(ranked_program.mentees[0], exclude=frozenset({"omar"}))
    problem = replace(ranked_program, mentees=(max_, eve, ranked_program.mentees[2]))
    # WHEN matched by the stable method
    result = match(problem, method="stable")
    # THEN neither pair is made
    assert not pairs_of(result) & {("eve", "mona"), ("max", "omar")}
    assert pairs_of(result) == {("max", "mona"), ("ivy", "omar")}


def test_a_mentee_whose_ranked_mentors_break_the_rules_is_told_so(ranked_program):
    eve = replace(ranked_program.mentees[1], languages=frozenset({"ja"}))
    problem = replace(ranked_program, mentees=(ranked_program.mentees[0], eve))
    result = match(problem, method="stable")
    assert result.unmatched["eve"] == "the mentor they ranked is not allowed by the program's rules"


def test_a_mentee_no_ranked_mentor_ranked_is_told_so(ranked_program):
    mona = replace(ranked_program.mentors[0], ranking=("max",))
    problem = replace(ranked_program, mentors=(mona, ranked_program.mentors[1]))
    result = match(problem, method="stable")
    assert result.unmatched["eve"] == "the mentor they ranked did not rank them"


@pytest.mark.parametrize("seed", range(3))
def test_generated_programs_never_pair_against_the_rules(seed):
    # GIVEN random rankings on both sides, many of them naming ineligible people
    problem = with_random_rankings(random_problem(seed, 150, 25), seed)
    prepared = prepare(problem)
    eligible = prepared.scorer.rows(slice(0, len(problem.mentees))).eligible
    # WHEN matched by the stable method
    result = match(prepared, method="stable")
    # THEN every pair passes every hard rule, and both listed each other
    assert result.pairs
    for pair in result.pairs:
        i, j = prepared.mentee_at[pair.mentee_id], prepared.mentor_at[pair.mentor_id]
        assert eligible[i, j]
        assert pair.mentor_id in problem.mentees[i].ranking
        assert pair.mentee_id in problem.mentors[j].ranking


def with_random_rankings(problem: Problem, seed: int) -> Problem:
    rng = random.Random(seed)
    mentees = tuple(
        replace(p, ranking=tuple(m.id for m in rng.sample(problem.mentors, 8)))
        for p in problem.mentees
    )
    mentors = tuple(
        replace(p, ranking=tuple(e.id for e in rng.sample(problem.mentees, 60)))
        for p in problem.mentors
    )
    return replace(problem, mentees=mentees, mentors=mentors)


@pytest.mark.parametrize("seed", range(3))
def test_without_rankings_the_score_ranks_both_sides_and_no_pair_blocks(seed):
    # GIVEN nobody ranked anyone: both sides rank by the engine's score
    problem = random_problem(seed, 150, 25)
    prepared = prepare(problem)
    block = prepared.scorer.rows(slice(0, len(problem.mentees)))
    score = np.where(block.eligible, block.score, -np.inf)
    # WHEN matched by the stable method
    result = match(prepared, method="stable")
    # THEN no eligible mentee and mentor both score higher together than as matched
    mentor_of = {
        prepared.mentee_at[p.mentee_id]: prepared.mentor_at[p.mentor_id] for p in result.pairs
    }
    capacity = prepared.encoded.mentors.capacity
    mentees_of: dict[int, list[int]] = {}
    for i, j in mentor_of.items():
        mentees_of.setdefault(j, []).append(i)
    assert result.pairs
    for i in range(len(problem.mentees)):
        mine = score[i, mentor_of[i]] if i in mentor_of else -np.inf
        for j in np.flatnonzero(score[i] > mine).tolist():
            held = mentees_of.get(j, [])
            worst = min((score[k, j] for k in held), default=np.inf)
            assert len(held) >= capacity[j] and worst >= score[i, j]


def test_a_mentee_without_a_ranking_is_matched_by_score_beside_ranked_ones(ranked_program):
    # GIVEN Ann ranked nobody, and Lee (who ranked nobody either) has a place
    ann = person("ann", "mentee")
    lee = person("lee", "mentor")
    problem = replace(
        ranked_program,
        mentees=(*ranked_program.mentees, ann),
        mentors=(*ranked_program.mentors, lee),
    )
    # WHEN matched; THEN the ranked keep their stable pairs and Ann gets Lee
    result = match(problem, method="stable")
    assert ("ann", "lee") in pairs_of(result)
    assert {("eve", "mona"), ("max", "omar")} <= pairs_of(result)


def test_on_large_problems_a_mentee_without_a_ranking_lists_only_their_best(monkeypatch):
    # GIVEN a problem treated as large, where derived lists hold one mentor
    monkeypatch.setattr(stable_module, "EXACT_PAIRS", 0)
    monkeypatch.setattr(stable_module, "DERIVED_LIST_LENGTH", 1)
    problem = random_problem(7, 120, 20)
    # WHEN matched, THEN each mentee was offered at most one mentor
    result = match(problem, method="stable")
    assert 0 < result.stats["candidates"] <= len(problem.mentees)


def test_an_index_outside_the_other_side_is_refused():
    with pytest.raises(ValueError, match=r"names a mentor index outside 0\.\.0"):
        stable_assignment([[-1]], [[0]], [1])
