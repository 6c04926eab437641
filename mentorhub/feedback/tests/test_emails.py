"""Closing surveys and meeting feedback are asked for by email once per person, through the
task queue, however often the sweeps run."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.core import mail

from mentorhub.feedback.services import LookingBack, answer_closing_survey
from mentorhub.feedback.tasks import ask_closing_surveys, ask_meeting_feedback
from mentorhub.meetings.services import MeetingPlan, cancel_meeting, schedule_meeting
from mentorhub.mentorships.services import close_mentorship
from mentorhub.tasks.worker import tick_schedules


def _to(subject_part: str) -> list[str]:
    return sorted(m.to[0] for m in mail.outbox if subject_part in m.subject)


def test_members_are_asked_for_the_closing_survey_once(
    scenario, active, work, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        close_mentorship(scenario.mona, active, "completed", "Done")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ask_closing_surveys()
    work()
    with django_capture_on_commit_callbacks(execute=True):
        assert ask_closing_surveys() == 0
    work()
    assert _to("Looking back") == sorted([scenario.max.email, scenario.mona.email])


def test_a_member_who_answered_is_not_asked(scenario, active):
    close_mentorship(scenario.mona, active, "completed", "Done")
    active.refresh_from_db()
    answer_closing_survey(scenario.max, active, LookingBack(goals_met=4, would_again=True))
    assert ask_closing_surveys() == 1


def test_members_are_asked_about_a_meeting_once_after_it_ends(scenario, active, time_machine, work):
    start = datetime(2026, 3, 3, 14, tzinfo=UTC)
    time_machine.move_to(start - timedelta(days=1), tick=False)
    schedule_meeting(scenario.mona, active, MeetingPlan("Kick-off", start))
    time_machine.move_to(start + timedelta(minutes=30), tick=False)
    assert ask_meeting_feedback() == 0  # not over yet
    time_machine.move_to(start + timedelta(hours=2), tick=False)
    mail.outbox.clear()
    tick_schedules()
    work()
    tick_schedules()
    work()
    assert _to("How was “Kick-off”?") == sorted([scenario.max.email, scenario.mona.email])


def test_cancelled_meetings_ask_for_no_feedback(scenario, active, time_machine):
    start = datetime(2026, 3, 3, 14, tzinfo=UTC)
    time_machine.move_to(start - timedelta(days=1), tick=False)
    [meeting] = schedule_meeting(scenario.mona, active, MeetingPlan("Kick-off", start))
    cancel_meeting(scenario.mona, meeting)
    time_machine.move_to(start + timedelta(hours=2), tick=False)
    assert ask_meeting_feedback() == 0
