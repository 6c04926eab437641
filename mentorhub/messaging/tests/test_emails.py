"""The unread-message email: to members away from the thread, once per burst, a bit later."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail

from mentorhub.messaging import presence
from mentorhub.messaging.services import mark_read, post_message
from mentorhub.messaging.tasks import EMAIL_DELAY, email_unread
from mentorhub.notifications.models import EmailPreference
from mentorhub.tasks.models import Task

NOW = datetime(2026, 3, 3, 14, tzinfo=UTC)


@pytest.fixture
def post(scenario, active, time_machine, django_capture_on_commit_callbacks):
    time_machine.move_to(NOW, tick=False)

    def write(author, body: str):
        with django_capture_on_commit_callbacks(execute=True):
            return post_message(author, active, body)

    return write


def _to(person) -> list:
    return [m for m in mail.outbox if m.to == [person.email]]


def _later(time_machine, minutes: float = 3) -> None:
    time_machine.move_to(NOW + timedelta(minutes=minutes), tick=False)


def test_away_member_is_emailed_once_after_the_delay(scenario, active, post, work, time_machine):
    post(scenario.mona, "Are you free on Thursday? https://example.org/plan")
    work()
    assert _to(scenario.max) == []  # not before the delay
    _later(time_machine)
    work()
    [email] = _to(scenario.max)
    assert email.subject == "New message from Mona Mentor"
    assert "Are you free on Thursday?" in email.body
    assert f"/mentorships/{active.pk}/messages/" in email.body
    assert _to(scenario.mona) == []  # the author is never emailed about their own message


def test_a_burst_of_messages_makes_one_email(scenario, post, work, time_machine):
    for i in range(4):
        post(scenario.mona, f"line {i}")
    _later(time_machine)
    work()
    work()  # a second worker pass, and the retries, send nothing more
    [email] = _to(scenario.max)
    assert "4 unread messages" in email.body and "line 0" in email.body


def test_member_with_the_thread_open_is_not_emailed(scenario, active, post, work, time_machine):
    presence.arrive(active.pk, scenario.max.pk, "tab-1")
    post(scenario.mona, "Hi")
    for seconds in range(30, 181, 30):  # the consumer's heartbeat keeps them online
        time_machine.move_to(NOW + timedelta(seconds=seconds), tick=False)
        presence.arrive(active.pk, scenario.max.pk, "tab-1")
    work()
    assert _to(scenario.max) == []


def test_member_who_read_it_meanwhile_is_not_emailed(scenario, active, post, work, time_machine):
    message = post(scenario.mona, "Hi")
    mark_read(scenario.max, active, message.pk)
    _later(time_machine)
    work()
    assert _to(scenario.max) == []


def test_closed_tab_without_heartbeat_counts_as_away(scenario, active, post, work, time_machine):
    presence.arrive(active.pk, scenario.max.pk, "tab-1")  # then the process crashed
    post(scenario.mona, "Hi")
    time_machine.move_to(NOW + EMAIL_DELAY + timedelta(seconds=presence.TTL), tick=False)
    work()
    assert len(_to(scenario.max)) == 1


def test_a_new_burst_after_reading_is_a_new_email(scenario, active, post, work, time_machine):
    first = post(scenario.mona, "One")
    _later(time_machine)
    work()
    mark_read(scenario.max, active, first.pk)
    post(scenario.mona, "Two")
    _later(time_machine, minutes=6)
    work()
    assert [e.subject for e in _to(scenario.max)] == ["New message from Mona Mentor"] * 2
    assert "Two" in _to(scenario.max)[1].body


def test_running_the_check_twice_sends_one_email(
    scenario, active, post, django_capture_on_commit_callbacks, run_tasks
):
    post(scenario.mona, "Hi")
    Task.objects.all().delete()  # run the handler by hand, twice, as a retry would
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            email_unread(active.pk, scenario.max.pk)
    run_tasks()
    assert len(_to(scenario.max)) == 1


def test_member_who_switched_messages_off_gets_none(scenario, post, work, time_machine):
    EmailPreference.objects.create(person=scenario.max, category="messages", enabled=False)
    post(scenario.mona, "Hi")
    _later(time_machine)
    work()
    assert _to(scenario.max) == []


def test_a_member_who_had_the_tab_open_but_left_without_reading_is_emailed_later(
    scenario, active, post, work, time_machine
):
    # GIVEN Max's thread open in a background tab when Mona writes
    presence.arrive(active.pk, scenario.max.pk, "background-tab")
    post(scenario.mona, "Did you see the draft?")
    _later(time_machine)
    presence.arrive(active.pk, scenario.max.pk, "background-tab")  # the tab's heartbeat
    work()
    assert _to(scenario.max) == []  # online: not yet
    # WHEN he closes the tab without reading, THEN a later look emails him, once
    presence.leave(active.pk, scenario.max.pk, "background-tab")
    _later(time_machine, minutes=10)
    work()
    _later(time_machine, minutes=60)
    work()
    [email] = _to(scenario.max)
    assert "Did you see the draft?" in email.body


def test_a_new_burst_days_later_is_emailed_although_older_messages_wait_unread(
    scenario, active, post, work, time_machine
):
    post(scenario.mona, "First thing")
    _later(time_machine)
    work()
    assert len(_to(scenario.max)) == 1
    # Three days later, the first still unread, Mona writes again
    time_machine.move_to(NOW + timedelta(days=3), tick=False)
    with_new = post(scenario.mona, "Second thing, days later")
    time_machine.move_to(NOW + timedelta(days=3, minutes=3), tick=False)
    work()
    emails = _to(scenario.max)
    assert len(emails) == 2
    assert "Second thing, days later" in emails[1].body
    assert with_new.pk
