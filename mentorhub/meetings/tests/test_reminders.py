"""Reminders a day and an hour before: once each, none for cancelled or moved versions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.core import mail

from mentorhub.meetings.services import cancel_meeting, schedule_meeting, update_meeting
from mentorhub.meetings.tests.conftest import plan

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
START = datetime(2026, 3, 3, 14, tzinfo=UTC)


def _subjects(person) -> list[str]:
    return [str(m.subject) for m in mail.outbox if m.to == [person.email]]


def test_members_are_reminded_a_day_and_an_hour_before_once_each(
    scenario, active, time_machine, django_capture_on_commit_callbacks, work
):
    time_machine.move_to(NOW, tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        schedule_meeting(scenario.mona, active, plan(starts_at=START))
    work()
    mail.outbox.clear()
    time_machine.move_to(START - timedelta(hours=23), tick=False)
    work()
    work()  # a second worker pass sends nothing more
    assert _subjects(scenario.max) == ["Reminder: Kick-off tomorrow"]
    time_machine.move_to(START - timedelta(minutes=50), tick=False)
    work()
    assert _subjects(scenario.max)[-1] == "Reminder: Kick-off in an hour"
    assert len(_subjects(scenario.mona)) == 2


def test_cancelled_meeting_sends_no_reminder(
    scenario, active, time_machine, django_capture_on_commit_callbacks, work
):
    time_machine.move_to(NOW, tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        [meeting] = schedule_meeting(scenario.mona, active, plan(starts_at=START))
        cancel_meeting(scenario.mona, meeting)
    work()
    mail.outbox.clear()
    time_machine.move_to(START - timedelta(minutes=30), tick=False)
    work()
    assert mail.outbox == []


def test_moved_meeting_is_reminded_at_its_new_time_only(
    scenario, active, time_machine, django_capture_on_commit_callbacks, work
):
    time_machine.move_to(NOW, tick=False)
    later = START + timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        [meeting] = schedule_meeting(scenario.mona, active, plan(starts_at=START))
        update_meeting(scenario.mona, meeting, starts_at=later)
    work()
    mail.outbox.clear()
    time_machine.move_to(START - timedelta(minutes=30), tick=False)
    work()
    assert mail.outbox == []
    time_machine.move_to(later - timedelta(minutes=30), tick=False)
    work()
    assert "in an hour" in _subjects(scenario.max)[-1]
