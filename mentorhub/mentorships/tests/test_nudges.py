"""Nudges for quiet mentorships, request expiry as a sweep, and the health people see.

The sweeps run the way production runs them: a worker ticks the schedules, runs the sweep
task, and the emails it queued after commit leave as tasks of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import Scenario, activate, make_person
from mentorhub.mentorships.activity import note_activity
from mentorhub.mentorships.models import Mentorship, Nudge, NudgeKind, Status
from mentorhub.mentorships.nudges import health, nudge_quiet_mentorships, record_quiet_spells
from mentorhub.mentorships.services import (
    accept_mentorship,
    close_mentorship,
    propose_mentorship,
    request_mentorship,
)
from mentorhub.mentorships.tasks import NUDGE_QUIET
from mentorhub.notifications.models import EmailStatus, SentEmail
from mentorhub.notifications.services import set_email_choices
from mentorhub.people.models import Person
from mentorhub.programs.services import enroll, set_managers
from mentorhub.tasks.queue import insert_task
from mentorhub.tasks.worker import tick_schedules

START = datetime(2026, 3, 2, 9, tzinfo=UTC)
QUIET = "Nothing new in your mentorship"
AT_RISK = "has been quiet for"


def days(n: float) -> datetime:
    return START + timedelta(days=n)


@pytest.fixture
def active(scenario, proposed, time_machine) -> Mentorship:
    time_machine.move_to(START, tick=False)
    return activate(scenario, proposed)


@pytest.fixture
def work(django_capture_on_commit_callbacks, run_tasks) -> Callable[[], None]:
    """What a running worker does: tick the schedules, run the sweeps, send their emails."""

    def run() -> None:
        tick_schedules()
        with django_capture_on_commit_callbacks(execute=True):
            run_tasks()
        run_tasks()

    return run


@pytest.fixture
def at(time_machine, work) -> Callable[[datetime], None]:
    """Move to a moment and let the worker do what is due then."""

    def sweep(moment: datetime) -> None:
        time_machine.move_to(moment, tick=False)
        work()

    return sweep


def subjects(person: Person, containing: str) -> list[str]:
    return [
        str(m.subject) for m in mail.outbox if m.to == [person.email] and containing in m.subject
    ]


def test_twenty_days_of_quiet_nudge_nobody(scenario, active, at):
    at(days(20.9))
    assert subjects(scenario.max, QUIET) == []
    assert not Nudge.objects.exists()


def test_after_three_quiet_weeks_each_member_is_nudged_once(scenario, active, at):
    at(days(21))
    at(days(21) + timedelta(hours=1))  # the next hourly sweep
    at(days(22))
    assert subjects(scenario.max, QUIET) == ["Nothing new in your mentorship for 3 weeks"]
    assert len(subjects(scenario.mona, QUIET)) == 1
    assert subjects(scenario.pete, AT_RISK) == []
    body = next(m.body for m in mail.outbox if m.to == [scenario.max.email])
    assert "with Mona Mentor in Engineering mentoring" in body
    assert f"/mentorships/{active.pk}/meetings/" in body


def test_a_retried_sweep_task_sends_nothing_more(scenario, active, at, work):
    at(days(21))
    insert_task(NUDGE_QUIET, {})  # the same sweep again, as a retry would run it
    work()
    assert len(subjects(scenario.max, QUIET)) == 1


def test_a_sweep_that_stopped_before_marking_its_nudges_sent_resends_nothing(
    scenario, active, at, work
):
    # GIVEN a sweep queued the emails, then stopped before recording that it had
    at(days(21))
    Nudge.objects.update(sent_at=None)
    # WHEN it runs again, THEN the email keys are the same and nothing goes twice
    insert_task(NUDGE_QUIET, {})
    work()
    assert len(subjects(scenario.max, QUIET)) == 1
    assert Nudge.objects.get().sent_at is not None


def test_a_sweep_that_stopped_before_queuing_emails_loses_none(
    scenario, active, time_machine, work
):
    # GIVEN a sweep recorded the spell, then stopped before queuing its emails
    time_machine.move_to(days(21), tick=False)
    record_quiet_spells(days(21))
    # WHEN the next sweep runs, THEN the members are nudged
    work()
    assert len(subjects(scenario.max, QUIET)) == 1


def test_after_thirty_quiet_days_the_managers_are_warned_once(scenario, active, at):
    at(days(21))
    at(days(30))
    at(days(31))
    assert subjects(scenario.pete, AT_RISK) == [
        "A mentorship in Engineering mentoring has been quiet for 30 days"
    ]
    assert subjects(scenario.max, AT_RISK) == []
    assert len(subjects(scenario.max, QUIET)) == 1


def test_a_program_nobody_manages_warns_the_org_admins(scenario, active, at):
    set_managers(scenario.alice, scenario.program, [])
    at(days(30))
    assert len(subjects(scenario.alice, AT_RISK)) == 1
    assert subjects(scenario.pete, AT_RISK) == []


def test_activity_ends_the_spell_and_a_new_silence_nudges_again(scenario, active, at):
    at(days(21))
    note_activity(active.pk, days(25))
    at(days(45))  # 20 days after the activity: quiet, but not for long enough
    assert len(subjects(scenario.max, QUIET)) == 1
    at(days(46))
    assert len(subjects(scenario.max, QUIET)) == 2
    assert Nudge.objects.filter(kind=NudgeKind.MEMBERS).count() == 2


def test_a_closed_mentorship_is_never_nudged(scenario, active, at, time_machine):
    time_machine.move_to(days(10), tick=False)
    close_mentorship(scenario.mona, active, "mutual", "We are done")
    at(days(40))
    assert subjects(scenario.max, QUIET) == []
    assert subjects(scenario.pete, AT_RISK) == []
    assert not Nudge.objects.exists()


def test_nudges_switched_off_send_nothing_but_the_nudge_is_still_recorded(scenario, active, at):
    # GIVEN Max switched nudges off
    set_email_choices(scenario.max, {"nudges": False})
    # WHEN the mentorship has been quiet for three weeks
    at(days(21))
    # THEN Mona is nudged, Max is not, and the spell counts as nudged
    assert subjects(scenario.max, QUIET) == []
    assert len(subjects(scenario.mona, QUIET)) == 1
    assert Nudge.objects.get(kind=NudgeKind.MEMBERS).sent_at is not None
    skipped = SentEmail.objects.get(person=scenario.max, name="nudge_quiet")
    assert skipped.status == EmailStatus.SKIPPED
    # AND switching them back on does not bring back the old spell's nudge later
    set_email_choices(scenario.max, {"nudges": True})
    at(days(22))
    assert subjects(scenario.max, QUIET) == []


def _more_active_mentorships(scenario: Scenario, count: int) -> None:
    for n in range(count):
        mentor = make_person(scenario.org, f"Mentor {n}")
        mentee = make_person(scenario.org, f"Mentee {n}")
        pair = propose_mentorship(
            scenario.pete,
            scenario.program,
            enroll(mentor, scenario.program, "mentor", capacity=1),
            enroll(mentee, scenario.program, "mentee"),
        )
        accept_mentorship(mentor, pair)
        accept_mentorship(mentee, pair)


def _sweep_queries(now: datetime) -> int:
    with CaptureQueriesContext(connection) as queries:
        nudge_quiet_mentorships(now)
    return len(queries)


def test_the_sweep_costs_a_few_queries_per_nudge_however_many_mentorships_there_are(
    scenario, active, time_machine
):
    # Finding the quiet spells costs the same however many there are; then each nudge's
    # emails and its "sent" mark are one small transaction of their own.
    few = _sweep_queries(days(30))  # one mentorship: 2 nudges (members, managers)
    Nudge.objects.all().delete()
    _more_active_mentorships(scenario, 5)
    many = _sweep_queries(days(30) + timedelta(hours=1))
    assert Nudge.objects.count() == 12  # six mentorships, members and managers
    assert (many - few) / 10 <= 10  # ten more nudges, each a bounded handful of queries
    assert _sweep_queries(days(30) + timedelta(hours=2)) <= 5  # nothing left to do


def test_an_unanswered_request_expires_on_the_hourly_sweep_and_the_requester_is_told_once(
    scenario, time_machine, at
):
    time_machine.move_to(START, tick=False)
    request = request_mentorship(
        scenario.max, scenario.mentee_enrollment, scenario.mentor_enrollment
    )
    at(days(scenario.program.request_expiry_days + 1))
    at(days(scenario.program.request_expiry_days + 2))
    request.refresh_from_db()
    assert request.status == Status.EXPIRED
    assert subjects(scenario.max, "expired unanswered") == [
        "A mentorship in Engineering mentoring expired unanswered"
    ]


# Health: computed from the last sign of life, shown on the pages, never stored.


def test_health_is_quiet_at_three_weeks_and_at_risk_at_thirty_days(active):
    assert health(active, days(20)).level == "ok"  # type: ignore[union-attr]
    assert health(active, days(21)).level == "quiet"  # type: ignore[union-attr]
    assert health(active, days(30)).label == "at risk"  # type: ignore[union-attr]


def test_a_mentorship_that_has_not_begun_has_no_health(proposed):
    assert health(proposed) is None


def test_the_overview_shows_the_last_activity_and_the_badge(scenario, active, time_machine):
    note_activity(active.pk, days(2))
    time_machine.move_to(days(14), tick=False)
    body = scenario.client_for(scenario.max).get(f"/mentorships/{active.pk}/").content.decode()
    assert "Last activity: 12 days ago" in body
    assert "health-quiet" not in body
    time_machine.move_to(days(32), tick=False)
    body = scenario.client_for(scenario.pete).get(f"/mentorships/{active.pk}/").content.decode()
    assert "Last activity: 30 days ago" in body
    assert "health-at_risk" in body


def test_managers_filter_their_mentorships_to_the_quiet_ones(scenario, active, time_machine):
    _more_active_mentorships(scenario, 1)
    busy = Mentorship.objects.exclude(pk=active.pk).get()
    note_activity(busy.pk, days(20))
    time_machine.move_to(days(22), tick=False)
    pete = scenario.client_for(scenario.pete)
    quiet = pete.get(f"/mentorships/?scope=all&program={scenario.program.pk}&health=quiet")
    ids = [m.pk for m in quiet.context["mentorships"]]
    assert ids == [active.pk]
    assert "health-quiet" in quiet.content.decode()
    program_page = pete.get(f"/programs/{scenario.program.pk}/").content.decode()
    assert "health-quiet" in program_page
    assert "health=quiet" in program_page


def test_the_badges_cost_no_queries_per_mentorship(scenario, active, time_machine):
    time_machine.move_to(days(22), tick=False)
    pete = scenario.client_for(scenario.pete)
    pete.get("/mentorships/?scope=all")  # warm the session
    with CaptureQueriesContext(connection) as one:
        pete.get("/mentorships/?scope=all&health=quiet")
    time_machine.move_to(START, tick=False)
    _more_active_mentorships(scenario, 3)
    time_machine.move_to(days(22), tick=False)
    with CaptureQueriesContext(connection) as four:
        response = pete.get("/mentorships/?scope=all&health=quiet")
    assert len(response.context["mentorships"]) == 4
    assert len(four) == len(one)


def test_a_nudge_whose_email_cannot_be_queued_stays_pending(
    scenario, active, time_machine, monkeypatch, run_tasks
):
    # GIVEN a quiet spell due a nudge, and an email queue that fails once
    time_machine.move_to(days(22), tick=False)
    import mentorhub.notify as notify

    real = notify.insert_email_task
    calls = {"n": 0}

    def failing(payload):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("queue unreachable")
        return real(payload)

    monkeypatch.setattr(notify, "insert_email_task", failing)
    # WHEN the sweep runs, THEN the failure leaves the nudge unsent, with nothing queued
    with pytest.raises(RuntimeError):
        nudge_quiet_mentorships()
    assert Nudge.objects.get().sent_at is None
    # AND the next sweep sends it, once to each member
    nudge_quiet_mentorships()
    assert Nudge.objects.get().sent_at is not None
    run_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([scenario.mona.email, scenario.max.email])
