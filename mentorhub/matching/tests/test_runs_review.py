"""Reviewing a draft: remove, swap, add, lock and forbid pairs; locks and forbids last."""

from __future__ import annotations

import pytest

from mentorhub.errors import CapacityFull, ConflictOfInterest, IllegalTransition, InvalidInput
from mentorhub.matching.models import PairOrigin, PairRule, RunStatus
from mentorhub.matching.review import add_pair, forbid_pair, lock_pair, remove_pair, swap_mentors
from mentorhub.matching.services import (
    publish_match_run,
    rerun_match_run,
    set_pair_rule,
    start_match_run,
)
from mentorhub.matching.tests.runs_helpers import Team, new_mentee, new_mentor


@pytest.fixture
def team(scenario) -> Team:
    return Team(scenario)


def _mentor_of(run, mentee):
    return run.pairs.get(mentee=mentee).mentor


def test_removing_a_pair_leaves_the_mentee_unmatched_with_the_reason(scenario, team):
    run = start_match_run(scenario.pete, scenario.program, "optimal")
    remove_pair(scenario.pete, run.pairs.get(mentee=team.nina))
    assert not run.pairs.filter(mentee=team.nina).exists()
    assert run.unmatched.get(enrollment=team.nina).reason == (
        "removed from the draft by the program manager"
    )


def test_swapping_gives_each_mentee_the_others_mentor(scenario):
    # GIVEN two pairs whose mentors could each mentor either mentee
    new_mentor(scenario, "Otto Other")
    new_mentee(scenario, "Nina New")
    new_mentee(scenario, "Paul New")  # three mentees for three seats: both mentors used
    run = start_match_run(scenario.pete, scenario.program, "optimal")
    a = run.pairs.earliest("id")
    b = run.pairs.exclude(mentor=a.mentor).earliest("id")
    mentor_a, mentor_b = a.mentor, b.mentor
    # WHEN the manager swaps their mentors
    swap_mentors(scenario.pete, a, b)
    # THEN each mentee has the other's mentor, marked as the manager's choice
    assert _mentor_of(run, a.mentee) == mentor_b
    assert _mentor_of(run, b.mentee) == mentor_a
    assert run.pairs.get(mentee=a.mentee).origin == PairOrigin.MANAGER


def test_a_swap_that_breaks_a_rule_is_refused(scenario, team):
    # GIVEN Nina with Otto (Python) and Paul with Vera (design)
    run = start_match_run(scenario.pete, scenario.program, "optimal")
    nina, paul = run.pairs.get(mentee=team.nina), run.pairs.get(mentee=team.paul)
    # WHEN swapped, Vera offers nothing Nina seeks THEN the swap is refused
    with pytest.raises(InvalidInput, match=r"cannot be paired under .*no mentor offers a skill"):
        swap_mentors(scenario.pete, nina, paul)
    assert _mentor_of(run, team.nina) == team.otto


def test_adding_a_pair_in_the_management_chain_is_refused(scenario, team):
    run = start_match_run(scenario.pete, scenario.program, "optimal")
    remove_pair(scenario.pete, run.pairs.get(mentee=team.paul))
    with pytest.raises(ConflictOfInterest):
        add_pair(scenario.pete, run, team.cleo, team.vera)


def test_adding_a_pair_to_a_full_mentor_is_refused(scenario, team):
    run = start_match_run(scenario.pete, scenario.program, "optimal")
    remove_pair(scenario.pete, run.pairs.get(mentee=scenario.mentee_enrollment))
    with pytest.raises(CapacityFull, match="Otto Python has no room left"):
        add_pair(scenario.pete, run, scenario.mentee_enrollment, team.otto)


def test_a_pair_added_by_hand_is_the_managers_choice(scenario, team):
    run = start_match_run(scenario.pete, scenario.program, "optimal")
    remove_pair(scenario.pete, run.pairs.get(mentee=team.paul))
    pair = add_pair(scenario.pete, run, team.paul, team.vera)
    assert pair.origin == PairOrigin.MANAGER
    assert pair.reasons[0] == "chosen by the program manager"
    assert not run.unmatched.filter(enrollment=team.paul).exists()


def test_a_locked_pair_survives_a_rerun(scenario):
    # GIVEN the manager locks Max with Otto, whom the engine would not choose first
    otto = new_mentor(scenario, "Otto Other")
    new_mentee(scenario, "Nina New")
    set_pair_rule(scenario.pete, scenario.program, scenario.mentee_enrollment, otto, "lock")
    # WHEN the program is run and run again
    first = start_match_run(scenario.pete, scenario.program, "optimal")
    second = rerun_match_run(scenario.pete, first)
    # THEN both runs keep the pair, marked locked, and the first draft is gone
    for run in (first, second):
        pair = run.pairs.get(mentee=scenario.mentee_enrollment)
        assert (pair.mentor, pair.locked) == (otto, True)
    first.refresh_from_db()
    assert first.status == RunStatus.DISCARDED


def test_locking_a_pair_in_a_draft_keeps_it_in_the_next_run(scenario, team):
    run = start_match_run(scenario.pete, scenario.program, "optimal")
    lock_pair(scenario.pete, run.pairs.get(mentee=team.nina))
    again = rerun_match_run(scenario.pete, run)
    assert again.pairs.get(mentee=team.nina).locked


def test_a_forbidden_pair_never_comes_back(scenario, team):
    # GIVEN the manager forbids the engine's pair of Nina with Otto
    run = start_match_run(scenario.pete, scenario.program, "optimal")
    forbid_pair(scenario.pete, run.pairs.get(mentee=team.nina))
    assert not run.pairs.filter(mentee=team.nina).exists()
    # WHEN run again, with Otto the only Python mentor
    again = rerun_match_run(scenario.pete, run)
    # THEN Nina stays unmatched rather than with Otto
    assert not again.pairs.filter(mentee=team.nina, mentor=team.otto).exists()
    assert "excluded" in again.unmatched.get(enrollment=team.nina).reason


def test_a_pair_rule_is_kept_once_per_pair(scenario, team):
    set_pair_rule(scenario.pete, scenario.program, team.nina, team.otto, "forbid")
    set_pair_rule(scenario.pete, scenario.program, team.nina, team.otto, "lock")
    assert PairRule.objects.get().kind == "lock"


def test_a_published_run_cannot_be_changed(scenario, team):
    run = start_match_run(scenario.pete, scenario.program, "optimal")
    publish_match_run(scenario.pete, run)
    with pytest.raises(IllegalTransition, match="Only a draft can be changed"):
        remove_pair(scenario.pete, run.pairs.earliest("id"))
