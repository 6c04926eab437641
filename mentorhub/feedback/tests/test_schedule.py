"""Check-ins open 30 days after the start, then every 60 (or as the program sets), for active
mentorships only, once each however often the sweep runs; members are emailed once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail

from mentorhub.errors import InvalidInput, NotAllowed
from mentorhub.feedback.models import CheckIn, CheckInPolicy
from mentorhub.feedback.schedule import latest_due, open_due_checkins
from mentorhub.feedback.services import set_checkin_policy
from mentorhub.feedback.tasks import open_checkins
from mentorhub.feedback.tests.conftest import FIRST_DUE, START
from mentorhub.mentorships.services import close_mentorship
from mentorhub.tasks.worker import tick_schedules


def _numbers(mentorship) -> list[int]:
    return sorted(CheckIn.objects.filter(mentorship=mentorship).values_list("number", flat=True))


@pytest.mark.parametrize(
    ("days", "number"), [(0, 0), (29, 0), (30, 1), (89, 1), (90, 2), (150, 3), (151, 3)]
)
def test_latest_due_is_30_days_then_every_60(days, number):
    policy = CheckInPolicy()
    assert latest_due(START, policy, START + timedelta(days=days)) == number


def test_nothing_opens_before_30_days(active, time_machine):
    time_machine.move_to(FIRST_DUE - timedelta(minutes=1), tick=False)
    assert open_due_checkins() == []


def test_first_opens_at_30_days_and_the_next_60_days_later(active, time_machine):
    time_machine.move_to(FIRST_DUE, tick=False)
    [first] = open_due_checkins()
    assert (first.number, first.due_at) == (1, FIRST_DUE)
    assert first.closes_at == FIRST_DUE + timedelta(days=60)
    time_machine.move_to(FIRST_DUE + timedelta(days=59), tick=False)
    assert open_due_checkins() == []
    time_machine.move_to(FIRST_DUE + timedelta(days=60), tick=False)
    [second] = open_due_checkins()
    assert second.number == 2
    assert _numbers(active) == [1, 2]


def test_sweep_run_twice_opens_once(active, time_machine):
    time_machine.move_to(FIRST_DUE, tick=False)
    open_checkins()
    open_checkins()
    assert _numbers(active) == [1]


def test_missed_checkins_are_not_opened_late(active, time_machine):
    time_machine.move_to(FIRST_DUE + timedelta(days=125), tick=False)
    open_due_checkins()
    assert _numbers(active) == [3]


def test_program_policy_sets_the_schedule(scenario, active, time_machine):
    set_checkin_policy(scenario.pete, scenario.program, True, 14, 21)
    time_machine.move_to(START + timedelta(days=14), tick=False)
    assert [c.number for c in open_due_checkins()] == [1]
    time_machine.move_to(START + timedelta(days=35), tick=False)
    assert [c.number for c in open_due_checkins()] == [2]


def test_switched_off_policy_opens_nothing(scenario, active, time_machine):
    set_checkin_policy(scenario.pete, scenario.program, False, 30, 60)
    time_machine.move_to(FIRST_DUE, tick=False)
    assert open_due_checkins() == []


def test_only_active_mentorships_get_checkins(scenario, active, time_machine):
    close_mentorship(scenario.mona, active, "mutual", "Moving on")
    time_machine.move_to(FIRST_DUE, tick=False)
    assert open_due_checkins() == []


def test_proposed_mentorships_get_no_checkins(scenario, proposed, time_machine):
    time_machine.move_to(proposed.created_at + timedelta(days=400), tick=False)
    assert open_due_checkins() == []


@pytest.mark.parametrize(
    ("first", "every", "field"), [(3, 60, "first_after_days"), (30, 7, "every_days")]
)
def test_policy_out_of_range_is_refused_with_the_field(scenario, first, every, field):
    with pytest.raises(InvalidInput) as refused:
        set_checkin_policy(scenario.pete, scenario.program, True, first, every)
    assert field in refused.value.field_errors


def test_only_managers_set_the_policy(scenario):
    with pytest.raises(NotAllowed):
        set_checkin_policy(scenario.mona, scenario.program, True, 30, 60)


def test_members_are_emailed_once_when_a_checkin_opens(scenario, active, time_machine, work):
    time_machine.move_to(FIRST_DUE, tick=False)
    mail.outbox.clear()
    tick_schedules()
    work()
    tick_schedules()  # the next pass within the period queues nothing
    open_checkins()  # nor does a sweep run by hand
    work()
    subjects = sorted((m.to[0], m.subject) for m in mail.outbox if "Check-in" in m.subject)
    assert subjects == [
        (scenario.max.email, "How is your mentorship going? Check-in 1 is open"),
        (scenario.mona.email, "How is your mentorship going? Check-in 1 is open"),
    ]


def test_a_checkin_opened_by_a_racing_sweep_is_not_opened_again(active, time_machine):
    from mentorhub.feedback.schedule import _open

    time_machine.move_to(FIRST_DUE, tick=False)
    [first] = open_due_checkins()
    # A second sweep that read the mentorships before the first one committed:
    assert _open(active.pk, 1, FIRST_DUE, CheckInPolicy()) is None
    assert _numbers(active) == [1] and first.number == 1
