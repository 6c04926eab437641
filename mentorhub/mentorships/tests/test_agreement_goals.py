"""A program's first proposed agreement says what its approach is for (reverse: topics)."""

from __future__ import annotations

from mentorhub.mentorships import agreements
from mentorhub.programs.approaches import APPROACHES, approach_of


def test_every_approach_proposes_what_its_mentorships_are_for():
    assert all(a.agreement_goals.strip() for a in APPROACHES.values())
    assert len({a.agreement_goals for a in APPROACHES.values()}) > 1


def test_a_reverse_programs_first_plan_speaks_of_the_topics_the_mentor_teaches(scenario):
    program = scenario.program
    program.approach = "reverse"
    program.save(update_fields=["approach"])
    proposal = agreements.plan_for(program).goals
    assert "topics the mentor teaches" in proposal
    assert "mentee shares context" in proposal


def test_a_new_mentorships_draft_agreement_starts_from_the_approach(active):
    draft = agreements.agreement_for(active)
    assert draft.pk is None
    assert draft.goals == approach_of("traditional").agreement_goals


def test_saving_the_plan_keeps_the_approach_text_until_managers_change_it(scenario):
    program = scenario.program
    plan = agreements.save_program_plan(scenario.pete, program, {"meeting_minutes": 50})
    assert plan.goals == approach_of("traditional").agreement_goals
    plan = agreements.save_program_plan(scenario.pete, program, {"goals": "Our own words"})
    assert agreements.plan_for(program).goals == "Our own words"
