"""A mentorship's last activity: moved forward by every action that shows the members in touch."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from conftest import activate
from mentorhub.meetings.services import (
    MeetingPlan,
    add_meeting_note,
    mark_meeting_held,
    schedule_meeting,
)
from mentorhub.mentorships import goals
from mentorhub.mentorships.activity import last_sign_of_life, note_activity
from mentorhub.mentorships.agreements import confirm_agreement
from mentorhub.mentorships.models import GoalStatus, Mentorship

START = datetime(2026, 3, 2, 9, tzinfo=UTC)
LATER = START + timedelta(days=5)


@pytest.fixture
def active(scenario, proposed, time_machine) -> Mentorship:
    time_machine.move_to(START, tick=False)
    return activate(scenario, proposed)


def _last_activity(mentorship: Mentorship) -> datetime | None:
    mentorship.refresh_from_db()
    return mentorship.last_activity_at


def test_activity_moves_forward_and_never_back(active):
    note_activity(active.pk, LATER)
    note_activity(active.pk, LATER - timedelta(days=1))
    assert _last_activity(active) == LATER


def test_the_sign_of_life_is_the_start_until_something_happens(active):
    assert last_sign_of_life(active) == START
    note_activity(active.pk, LATER)
    active.refresh_from_db()
    assert last_sign_of_life(active) == LATER


def test_activity_before_the_start_does_not_make_it_look_quiet(active):
    # GIVEN something noted while it was still a request
    note_activity(active.pk, START - timedelta(days=40))
    active.refresh_from_db()
    # THEN it has been quiet since it began, not since then
    assert last_sign_of_life(active) == START


def test_scheduling_a_meeting_is_activity(scenario, active, time_machine):
    time_machine.move_to(LATER, tick=False)
    schedule_meeting(scenario.mona, active, MeetingPlan("Kick-off", LATER + timedelta(days=2)))
    assert _last_activity(active) == LATER


def test_recording_a_meeting_as_held_is_activity(scenario, active, time_machine):
    plan = MeetingPlan("Kick-off", START + timedelta(days=1))
    [meeting] = schedule_meeting(scenario.mona, active, plan)
    time_machine.move_to(LATER, tick=False)
    mark_meeting_held(scenario.max, meeting)
    assert _last_activity(active) == LATER


def test_a_shared_meeting_note_is_activity_and_a_private_one_is_not(scenario, active, time_machine):
    [meeting] = schedule_meeting(scenario.mona, active, MeetingPlan("Kick-off", LATER))
    time_machine.move_to(LATER, tick=False)
    add_meeting_note(scenario.max, meeting, "Only for me", private=True)
    assert _last_activity(active) == START
    add_meeting_note(scenario.max, meeting, "Next: read chapter 3", private=False)
    assert _last_activity(active) == LATER


def test_adding_a_goal_is_activity(scenario, active, time_machine):
    time_machine.move_to(LATER, tick=False)
    goals.add_goal(scenario.max, active, "Lead a design review")
    assert _last_activity(active) == LATER


def test_adding_a_milestone_or_a_task_is_activity(scenario, active, time_machine):
    goal = goals.add_goal(scenario.max, active, "Lead a design review")
    time_machine.move_to(LATER, tick=False)
    goals.add_milestone(scenario.max, goal, "Draft the doc")
    assert _last_activity(active) == LATER
    time_machine.move_to(LATER + timedelta(days=1), tick=False)
    goals.add_task(scenario.mona, goal, "Send examples")
    assert _last_activity(active) == LATER + timedelta(days=1)


def test_marking_a_task_or_milestone_done_is_activity(scenario, active, time_machine):
    goal = goals.add_goal(scenario.max, active, "Lead a design review")
    milestone = goals.add_milestone(scenario.max, goal, "Draft the doc")
    task = goals.add_task(scenario.max, goal, "Send examples")
    time_machine.move_to(LATER, tick=False)
    goals.set_task_done(scenario.max, task)
    assert _last_activity(active) == LATER
    time_machine.move_to(LATER + timedelta(days=1), tick=False)
    goals.set_milestone_done(scenario.max, milestone)
    assert _last_activity(active) == LATER + timedelta(days=1)


def test_reopening_a_task_is_not_activity(scenario, active, time_machine):
    task = goals.add_task(scenario.max, goals.add_goal(scenario.max, active, "Goal"), "Step")
    goals.set_task_done(scenario.max, task)
    time_machine.move_to(LATER, tick=False)
    goals.set_task_done(scenario.max, task, done=False)
    assert _last_activity(active) == START


def test_achieving_a_goal_is_activity(scenario, active, time_machine):
    goal = goals.add_goal(scenario.max, active, "Lead a design review")
    time_machine.move_to(LATER, tick=False)
    goals.update_goal(scenario.max, goal, {"title": "Lead two design reviews"})
    assert _last_activity(active) == START
    goals.update_goal(scenario.max, goal, {"status": GoalStatus.ACHIEVED})
    assert _last_activity(active) == LATER


def test_confirming_the_agreement_is_activity(scenario, active, time_machine):
    time_machine.move_to(LATER, tick=False)
    confirm_agreement(scenario.mona, active)
    assert _last_activity(active) == LATER
