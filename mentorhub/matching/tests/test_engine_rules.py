"""The pure engine: each hard rule, daylight saving, reasons, suggestions, adaptive lists."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from mentorhub.matching.engine import Participant, Problem, Rules, match, prepare, suggest
from mentorhub.matching.engine import optimal as optimal_module
from mentorhub.matching.engine.problem import Seniority, rules_for

WINTER = date(2026, 1, 13)  # New York and Berlin both on standard time: 6 h apart
MARCH_GAP = date(2026, 3, 17)  # US already on summer time, Europe not yet: 5 h apart


def mentee(pid: str = "e1", **kw) -> Participant:
    defaults = {"level": 2, "seeks": frozenset({"python"}), "languages": frozenset({"en"})}
    return Participant(pid, "mentee", **{**defaults, **kw})


def mentor(pid: str = "m1", **kw) -> Participant:
    defaults = {"level": 6, "offers": {"python": 4}, "languages": frozenset({"en"}), "capacity": 1}
    return Participant(pid, "mentor", **{**defaults, **kw})


def pairs(problem: Problem) -> set[tuple[str, str]]:
    return {(p.mentee_id, p.mentor_id) for p in match(problem).pairs}


def test_a_fitting_pair_is_matched_with_reasons():
    result = match(Problem((mentee(),), (mentor(),), Rules(reference_date=WINTER)))
    assert [(p.mentee_id, p.mentor_id) for p in result.pairs] == [("e1", "m1")]
    assert any("python (4/5)" in r for r in result.pairs[0].reasons)


def test_nobody_is_matched_with_someone_in_their_management_chain_either_way():
    boss = mentor("m1", manager_id="m0")
    report = mentee("e1", manager_id="x1")
    chart = {"x1": "m1", "m1": "m0"}  # e1 reports to x1, who reports to m1
    problem = Problem(
        (report,), (boss, mentor("m2")), Rules(reference_date=WINTER), org_chart=chart
    )
    assert pairs(problem) == {("e1", "m2")}
    upside_down = Problem((mentee("e1"),), (mentor("m1", manager_id="e1"),), Rules())
    assert pairs(upside_down) == set()


def test_declared_exclusions_and_forbidden_pairs_never_come_back():
    problem = Problem((mentee(exclude=frozenset({"m1"})),), (mentor("m1"), mentor("m2")), Rules())
    assert pairs(problem) == {("e1", "m2")}
    forbidden = Problem((mentee(),), (mentor("m1"),), Rules(), forbidden=frozenset({("e1", "m1")}))
    assert pairs(forbidden) == set()


def test_a_locked_pair_stays_and_the_rest_is_optimized_around_it():
    mentors = (mentor("m1", offers={"python": 5}), mentor("m2", offers={"python": 2}))
    problem = Problem(
        (mentee("e1"), mentee("e2")), mentors, Rules(), locked=frozenset({("e1", "m2")})
    )
    result = match(problem)
    assert {(p.mentee_id, p.mentor_id) for p in result.pairs} == {("e1", "m2"), ("e2", "m1")}
    assert next(p for p in result.pairs if p.mentee_id == "e1").locked


def test_a_shared_language_is_required_only_when_both_list_languages():
    spoken = Problem((mentee(languages=frozenset({"ja"})),), (mentor(),), Rules())
    result = match(spoken)
    assert result.pairs == []
    assert "none shares a language (ja)" in result.unmatched["e1"]
    silent = Problem((mentee(languages=frozenset()),), (mentor(),), Rules())
    assert pairs(silent) == {("e1", "m1")}


def test_expertise_needs_a_sought_skill_on_offer():
    result = match(Problem((mentee(seeks=frozenset({"rust"})),), (mentor(),), Rules()))
    assert result.unmatched["e1"].startswith("no mentor offers a skill sought (rust)")


def test_traditional_mentors_are_more_senior():
    assert pairs(Problem((mentee(level=6),), (mentor(level=6),), Rules())) == set()


def test_reverse_mentors_are_junior_experts():
    rules = rules_for("reverse")
    senior_mentee = mentee(level=8)
    junior_expert = mentor("m1", level=3, offers={"python": 5})
    junior_novice = mentor("m2", level=3, offers={"python": 3})
    senior = mentor("m3", level=9, offers={"python": 5})
    problem = Problem((senior_mentee,), (junior_expert, junior_novice, senior), rules)
    assert pairs(problem) == {("e1", "m1")}
    assert rules.seniority == Seniority.JUNIOR_EXPERT


def test_time_zone_gap_is_measured_on_real_dates():
    # New York and Berlin: 6 h apart in January, 5 h in mid-March (US summer time first).
    rules = Rules(max_timezone_gap_hours=5)
    person = mentee(timezone="America/New_York")
    coach = mentor(timezone="Europe/Berlin")
    assert pairs(Problem((person,), (coach,), replace(rules, reference_date=WINTER))) == set()
    assert pairs(Problem((person,), (coach,), replace(rules, reference_date=MARCH_GAP))) == {
        ("e1", "m1")
    }


def test_weekly_availability_overlap_follows_daylight_saving():
    # Tuesday 09:00-10:00 in New York and 15:00-16:00 in Berlin: the same hour in January,
    # an hour apart in mid-March.
    person = mentee(timezone="America/New_York", availability=((1, 540, 600),))
    coach = mentor(timezone="Europe/Berlin", availability=((1, 900, 960),))
    rules = Rules(min_overlap_minutes=60)
    assert pairs(Problem((person,), (coach,), replace(rules, reference_date=WINTER))) == {
        ("e1", "m1")
    }
    march = match(Problem((person,), (coach,), replace(rules, reference_date=MARCH_GAP)))
    assert march.pairs == []
    assert "free at the same times" in march.unmatched["e1"]


def test_screening_is_required_where_the_program_asks_for_it():
    unscreened = mentor(screened=False)
    assert pairs(Problem((mentee(),), (unscreened,), Rules(screening=True))) == set()
    assert pairs(Problem((mentee(),), (unscreened,), Rules())) == {("e1", "m1")}


def test_capacity_is_never_exceeded_and_the_rest_learn_why():
    result = match(Problem((mentee("e1"), mentee("e2")), (mentor(capacity=1),), Rules()))
    assert result.matched == 1
    (left,) = result.unmatched.values()
    assert left == "the 1 mentor who fits is full: every seat went to someone else"


def test_most_people_matched_beats_a_higher_score():
    # e1 would score best with m1, but only m1 fits e2: the optimum matches both.
    mentors = (mentor("m1", offers={"python": 5, "go": 5}), mentor("m2", offers={"python": 2}))
    mentees = (mentee("e1"), mentee("e2", seeks=frozenset({"go"})))
    assert pairs(Problem(mentees, mentors, Rules())) == {("e1", "m2"), ("e2", "m1")}


def test_short_candidate_lists_never_cost_a_match(monkeypatch):
    # Force one candidate per mentee: both prefer m1, so only the augmenting-path search
    # can find that e2 also fits m2.
    monkeypatch.setattr(optimal_module, "EXACT_PAIRS", 0)
    monkeypatch.setattr(optimal_module, "LIST_LENGTH", 1)
    mentors = (mentor("m1", offers={"python": 5}), mentor("m2", offers={"python": 2}))
    result = match(Problem((mentee("e1"), mentee("e2")), mentors, Rules()))
    assert result.matched == 2


def test_suggestions_are_ranked_and_skip_full_mentors():
    mentors = (
        mentor("m1", offers={"python": 2}),
        mentor("m2", offers={"python": 5}),
        mentor("m3", offers={"python": 5}, capacity=0),
        mentor("m4", offers={"cobol": 5}),
    )
    ideas = suggest(prepare(Problem((mentee(),), mentors, Rules())), "e1", k=5)
    assert [p.mentor_id for p in ideas] == ["m2", "m1"]
    assert ideas[0].score > ideas[1].score
    with pytest.raises(KeyError):
        suggest(prepare(Problem((mentee(),), mentors, Rules())), "nobody")


def test_goals_written_alike_raise_the_score():
    mentors = (
        mentor("m1", goals="I coach new managers on leadership and giving feedback"),
        mentor("m2", goals="I love compilers and low level performance work"),
        mentor("m3", goals="compilers, parsers and performance tuning"),
    )
    person = mentee(goals="I want to grow into leadership and learn to give feedback")
    ideas = suggest(prepare(Problem((person,), mentors, Rules())), "e1", k=3)
    assert ideas[0].mentor_id == "m1"
    assert any("similar goals" in r for r in ideas[0].reasons)
