"""A mentorship's plan: agreement confirmations, goals with milestones and tasks, progress."""

from __future__ import annotations

import pytest
from django.http import Http404

from conftest import make_person
from mentorhub.audit.models import AuditEvent
from mentorhub.errors import IllegalTransition, InvalidInput, NotAllowed
from mentorhub.mentorships import agreements, goals
from mentorhub.mentorships.models import Goal, GoalStatus, Milestone, Task
from mentorhub.mentorships.services import (
    accept_mentorship,
    close_mentorship,
    propose_mentorship,
)
from mentorhub.programs.services import create_program, enroll, set_program_status
from mentorhub.programs.tests.formal_helpers import admit


def _formal_program(scenario, template):
    program = create_program(
        scenario.pete, {"name": "Formal track", "approach": "formal", "evergreen": True}
    )
    set_program_status(scenario.pete, program, "open")
    program.refresh_from_db()
    agreements.save_program_plan(
        scenario.pete, program, {"confidentiality": "Chatham House"}, template
    )
    return program


def _pair(scenario, program):
    mentor = admit(scenario.pete, enroll(scenario.mona, program, "mentor", capacity=1))
    mentee = admit(scenario.pete, enroll(scenario.max, program, "mentee", "Lead a team"))
    mentorship = propose_mentorship(scenario.pete, program, mentor, mentee)
    accept_mentorship(scenario.max, mentorship)
    return mentorship


TEMPLATE = [
    {"title": "Plan the year", "milestones": ["First review"], "tasks": ["Write a plan", "Share"]}
]


# Agreement


def test_new_agreement_is_prefilled_from_the_programs_plan(scenario, proposed):
    agreements.save_program_plan(scenario.pete, scenario.program, {"meeting_minutes": 30})
    draft = agreements.agreement_for(proposed)
    assert draft.pk is None
    assert draft.meeting_minutes == 30


def test_agreement_is_confirmed_once_every_member_confirms(scenario, active):
    agreements.confirm_agreement(scenario.max, active)
    assert not agreements.agreement_confirmed(active)
    agreements.confirm_agreement(scenario.mona, active)
    assert agreements.agreement_confirmed(active)


def test_an_edit_after_confirmations_asks_everyone_to_confirm_again(scenario, active):
    agreements.confirm_agreement(scenario.max, active)
    agreements.confirm_agreement(scenario.mona, active)
    agreement = agreements.save_agreement(scenario.mona, active, {"meeting_minutes": 60})
    assert agreement.version == 2
    assert not agreements.agreement_confirmed(active)
    assert agreements.confirmations(agreement) == {}
    verbs = list(AuditEvent.objects.filter(verb__startswith="agreement.").values_list("verb"))
    assert verbs.count(("agreement.confirmed",)) == 2


def test_saving_the_same_text_keeps_the_confirmations(scenario, active):
    agreements.save_agreement(scenario.max, active, {"meeting_minutes": 60})
    agreements.confirm_agreement(scenario.max, active)
    agreement = agreements.save_agreement(scenario.mona, active, {"meeting_minutes": 60})
    assert agreement.version == 1
    assert scenario.max.pk in agreements.confirmations(agreement)


def test_confirming_twice_is_refused(scenario, active):
    agreements.confirm_agreement(scenario.max, active)
    with pytest.raises(InvalidInput, match="already confirmed"):
        agreements.confirm_agreement(scenario.max, active)


def test_a_manager_cannot_edit_or_read_the_agreement(scenario, active):
    with pytest.raises(NotAllowed):
        agreements.save_agreement(scenario.pete, active, {"goals": "Mine now"})
    with pytest.raises(NotAllowed):
        agreements.get_agreement_mentorship_for(scenario.pete, active.pk)


def test_an_outsider_does_not_find_the_agreement(scenario, active):
    with pytest.raises(Http404):
        agreements.get_agreement_mentorship_for(scenario.charlie, active.pk)


def test_unknown_channel_is_refused_naming_the_field(scenario, active):
    with pytest.raises(InvalidInput) as refused:
        agreements.save_agreement(scenario.max, active, {"channels": ["carrier pigeon"]})
    assert "channels" in refused.value.field_errors


def test_formal_programs_require_the_agreement_and_others_offer_it(scenario, active):
    formal = _pair(scenario, _formal_program(scenario, []))
    assert agreements.agreement_required(formal)
    assert not agreements.agreement_required(active)


def test_only_managers_change_the_programs_plan(scenario):
    with pytest.raises(NotAllowed):
        agreements.save_program_plan(scenario.mona, scenario.program, {"goals": "x"})


def test_goal_template_needs_titles(scenario):
    with pytest.raises(InvalidInput) as refused:
        agreements.save_program_plan(scenario.pete, scenario.program, {}, [{"title": " "}])
    assert "goal_template" in refused.value.field_errors


# Goals


def test_formal_program_prefills_goals_when_the_mentorship_starts(scenario):
    mentorship = _pair(scenario, _formal_program(scenario, TEMPLATE))
    assert not Goal.objects.filter(mentorship=mentorship).exists()
    accept_mentorship(scenario.mona, mentorship)
    goal = Goal.objects.get(mentorship=mentorship)
    assert goal.title == "Plan the year"
    assert [m.title for m in goal.milestones.all()] == ["First review"]
    assert goal.tasks.count() == 2


def test_personal_development_programs_prefill_goals_too_but_need_no_agreement(scenario):
    program = create_program(
        scenario.pete, {"name": "Growth", "approach": "personal", "evergreen": True}
    )
    set_program_status(scenario.pete, program, "open")
    program.refresh_from_db()
    agreements.save_program_plan(scenario.pete, program, {}, TEMPLATE)
    mentorship = _pair(scenario, program)
    accept_mentorship(scenario.mona, mentorship)
    assert Goal.objects.get(mentorship=mentorship).title == "Plan the year"
    assert not agreements.agreement_required(mentorship)


def test_informal_program_does_not_prefill_goals(scenario, proposed):
    agreements.save_program_plan(scenario.pete, scenario.program, {}, TEMPLATE)
    accept_mentorship(scenario.max, proposed)
    accept_mentorship(scenario.mona, proposed)
    assert not Goal.objects.filter(mentorship=proposed).exists()


def test_task_owner_must_be_a_member(scenario, active):
    goal = goals.add_goal(scenario.max, active, "Learn system design")
    stranger = make_person(scenario.org, "Sam Stranger")
    with pytest.raises(InvalidInput) as refused:
        goals.add_task(scenario.max, goal, "Read a book", owner=stranger)
    assert "owner" in refused.value.field_errors


def test_a_manager_reads_goals_but_cannot_add_them(scenario, active):
    goals.add_goal(scenario.max, active, "Learn system design")
    mentorship = goals.get_goal_for(scenario.pete, active.pk, active.goals.get().pk).mentorship
    with pytest.raises(NotAllowed):
        goals.add_goal(scenario.pete, mentorship, "Managers' goal")


def test_an_outsider_does_not_find_a_goal(scenario, active):
    goal = goals.add_goal(scenario.max, active, "Learn system design")
    with pytest.raises(Http404):
        goals.get_goal_for(scenario.charlie, active.pk, goal.pk)


def test_a_goal_is_found_only_through_its_own_mentorship(scenario, active, proposed):
    other = make_person(scenario.org, "Ann Other", level=2)
    ann = enroll(other, scenario.program, "mentee")
    second = propose_mentorship(scenario.pete, scenario.program, scenario.mentor_enrollment, ann)
    goal = goals.add_goal(scenario.max, active, "Learn system design")
    with pytest.raises(Http404):
        goals.get_goal_for(scenario.mona, second.pk, goal.pk)


def test_empty_title_is_refused_naming_the_field(scenario, active):
    with pytest.raises(InvalidInput) as refused:
        goals.add_goal(scenario.max, active, "")
    assert "title" in refused.value.field_errors


def test_progress_counts_done_milestones_and_tasks(scenario, active):
    goal = goals.add_goal(scenario.max, active, "Learn system design")
    milestone = goals.add_milestone(scenario.max, goal, "Read the book")
    task = goals.add_task(scenario.max, goal, "Chapter 1", owner=scenario.max)
    goals.add_task(scenario.max, goal, "Chapter 2", milestone=milestone)
    goals.set_task_done(scenario.mona, task)
    goals.set_milestone_done(scenario.max, milestone)
    loaded = goals.goals_of(active).get()
    assert goals.goal_progress(loaded).percent == 67  # 2 of 3
    assert goals.overall_progress([loaded]).done == 2


def test_achieved_goal_counts_as_complete_and_dropped_is_left_out(scenario, active):
    achieved = goals.add_goal(scenario.max, active, "Done")
    goals.add_task(scenario.max, achieved, "Step")
    goals.update_goal(scenario.max, achieved, {"status": GoalStatus.ACHIEVED})
    dropped = goals.add_goal(scenario.max, active, "Dropped")
    goals.add_task(scenario.max, dropped, "Never")
    goals.update_goal(scenario.max, dropped, {"status": GoalStatus.DROPPED})
    progress = goals.overall_progress(list(goals.goals_of(active)))
    assert (progress.done, progress.total) == (1, 1)


def test_no_steps_means_zero_percent(scenario, active):
    goal = goals.add_goal(scenario.max, active, "Vague")
    assert goals.goal_progress(goals.goals_of(active).get(pk=goal.pk)).percent == 0


def test_marking_done_twice_records_once(scenario, active):
    goal = goals.add_goal(scenario.max, active, "Learn")
    task = goals.add_task(scenario.max, goal, "Read")
    goals.set_task_done(scenario.max, task)
    goals.set_task_done(scenario.mona, task)
    assert AuditEvent.objects.filter(verb="task.done").count() == 1
    assert Task.objects.get(pk=task.pk).done_at is not None


def test_a_closed_mentorships_goals_are_kept_as_they_were(scenario, active):
    goal = goals.add_goal(scenario.max, active, "Learn")
    close_mentorship(scenario.mona, active, "completed", "done")
    goal.mentorship.refresh_from_db()
    with pytest.raises(IllegalTransition):
        goals.add_milestone(scenario.max, goal, "Late")
    assert not Milestone.objects.exists()


def test_milestone_of_another_goal_is_refused(scenario, active):
    first = goals.add_goal(scenario.max, active, "One")
    second = goals.add_goal(scenario.max, active, "Two")
    milestone = goals.add_milestone(scenario.max, first, "M")
    with pytest.raises(InvalidInput) as refused:
        goals.add_task(scenario.max, second, "T", milestone=milestone)
    assert "milestone" in refused.value.field_errors


def test_the_agreement_proposes_the_programs_cadence_until_the_plan_says_otherwise(
    scenario, active
):
    # GIVEN a program that meets monthly and has no plan yet
    type(scenario.program).objects.filter(pk=scenario.program.pk).update(meeting_cadence="monthly")
    active.program.refresh_from_db()
    # THEN the draft agreement proposes monthly
    assert agreements.agreement_for(active).cadence == "monthly"
    # WHEN the managers' plan says weekly, THEN a new draft proposes weekly
    agreements.save_program_plan(scenario.pete, scenario.program, {"cadence": "weekly"})
    assert agreements.agreement_for(active).cadence == "weekly"
    # AND the members can agree on their own rhythm
    agreement = agreements.save_agreement(scenario.max, active, {"cadence": "biweekly"})
    assert agreement.get_cadence_display() == "Every two weeks"


def test_an_unknown_cadence_is_refused_by_name(scenario, active):
    with pytest.raises(InvalidInput, match="Unknown cadence 'daily'") as refused:
        agreements.save_agreement(scenario.max, active, {"cadence": "daily"})
    assert "cadence" in refused.value.field_errors
