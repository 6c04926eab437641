"""The program calendar's actions: managers add, change and cancel events of structured
programs; each is audited and sent to the event's audience as an .ics; who sees which."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.http import Http404
from icalendar import Calendar

from conftest import make_person
from mentorhub.audit.models import AuditEvent
from mentorhub.errors import IllegalTransition, InvalidInput, NotAllowed
from mentorhub.programs.calendar import (
    EventPlan,
    add_event,
    cancel_event,
    get_event_for,
    update_event,
)
from mentorhub.programs.tests.calendar_helpers import NOW, SOON, add, cohort


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def formal(scenario):
    return cohort(scenario)


@pytest.fixture
def sent(django_capture_on_commit_callbacks, run_tasks):
    """Run an action and return the emails it sent, by recipient: [(method, VEVENT)]."""

    def collect(action):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            result = action()
        run_tasks()
        by_person: dict[str, list] = {}
        for message in mail.outbox:
            cal = Calendar.from_ical(message.attachments[0][1])
            by_person.setdefault(message.to[0], []).append(
                (str(cal["method"]), cal.walk("VEVENT")[0])
            )
        return result, by_person

    return collect


def test_adding_invites_active_participants_and_managers_with_an_ics(formal, sent):
    s = formal
    event, by_person = sent(lambda: add(s, video_url="https://meet.example.org/kickoff"))
    # Max's application is waiting: he sees the event on the calendar but is not emailed.
    assert sorted(by_person) == sorted([s.mona.email, s.pete.email])
    [(method, vevent)] = by_person[s.mona.email]
    assert method == "REQUEST"
    assert str(vevent["uid"]).startswith(f"program-event-{event.pk}@")
    assert vevent.decoded("sequence") == 0
    assert vevent.decoded("dtstart") == SOON
    assert vevent.decoded("dtend") == SOON + timedelta(minutes=60)
    assert str(vevent["url"]) == "https://meet.example.org/kickoff"
    assert AuditEvent.objects.filter(verb="program_event.added", target_id=str(event.pk)).exists()


def test_invitation_shows_the_time_in_the_recipients_zone(formal, sent):
    formal.mona.timezone = "Asia/Tokyo"
    formal.mona.save()
    sent(lambda: add(formal))
    [to_mona] = [m for m in mail.outbox if m.to == [formal.mona.email]]
    assert to_mona.subject == "New in Leaders: Cohort kick-off"
    assert "Thursday 14 May 2026, 18:00 (Asia/Tokyo)" in to_mona.body


def test_a_start_in_the_past_is_refused(formal):
    with pytest.raises(InvalidInput, match="in the past") as refused:
        add(formal, starts_at=NOW - timedelta(minutes=1))
    assert "starts_at" in refused.value.field_errors


@pytest.mark.parametrize("minutes", [4, 12 * 60 + 1])
def test_minutes_outside_the_range_are_refused(formal, minutes):
    with pytest.raises(InvalidInput, match="5 minutes to 12 hours") as refused:
        add(formal, minutes=minutes)
    assert "minutes" in refused.value.field_errors


@pytest.mark.parametrize("url", ["http://meet.example.org/x", "meet.example.org", "ftp://x.org"])
def test_the_video_link_must_be_https(formal, url):
    with pytest.raises(InvalidInput, match="https://") as refused:
        add(formal, video_url=url)
    assert "video_url" in refused.value.field_errors


def test_an_informal_program_has_no_calendar(scenario):
    plan = EventPlan("Kick-off", SOON)
    with pytest.raises(InvalidInput, match="only structured \\(formal\\) programs"):
        add_event(scenario.pete, scenario.program, plan)


@pytest.mark.parametrize("who", ["mona", "max"])
def test_participants_cannot_add_events(formal, who):
    with pytest.raises(NotAllowed):
        add_event(getattr(formal, who), formal.program, EventPlan("Party", SOON))


def test_an_org_admin_may_add_events(formal):
    assert add_event(formal.alice, formal.program, EventPlan("Town hall", SOON)).pk


def test_moving_an_event_keeps_its_uid_and_raises_the_sequence(formal, sent):
    event = add(formal)
    later = SOON + timedelta(hours=2)
    changed, by_person = sent(lambda: update_event(formal.pete, event, starts_at=later))
    assert changed.sequence == 1
    [(method, vevent)] = by_person[formal.mona.email]
    assert method == "REQUEST"
    assert str(vevent["uid"]).startswith(f"program-event-{event.pk}@")
    assert vevent.decoded("sequence") == 1
    assert vevent.decoded("dtstart") == later
    audit = AuditEvent.objects.get(verb="program_event.updated")
    assert audit.details == {"fields": ["starts_at"]}


def test_a_new_title_alone_sends_no_email(formal, sent):
    event = add(formal)
    changed, by_person = sent(lambda: update_event(formal.pete, event, title="Welcome"))
    assert changed.sequence == 1 and by_person == {}


def test_narrowing_the_audience_cancels_it_for_those_left_out(formal, sent):
    event = add(formal)
    _, by_person = sent(lambda: update_event(formal.pete, event, audience="mentees"))
    assert [m for m, _ in by_person[formal.mona.email]] == ["CANCEL"]
    assert formal.pete.email not in by_person  # managers keep every event; nothing changed
    [to_mona] = mail.outbox
    assert "is no longer on your calendar: it is now for mentees" in to_mona.body


def test_cancelling_sends_a_cancel_and_cannot_happen_twice(formal, sent):
    event = add(formal)
    cancelled, by_person = sent(lambda: cancel_event(formal.pete, event))
    assert cancelled.cancelled_at == NOW and cancelled.sequence == 1
    [(method, vevent)] = by_person[formal.mona.email]
    assert method == "CANCEL" and str(vevent["status"]) == "CANCELLED"
    assert "Thursday 14 May 2026, 09:00 (UTC) is cancelled" in mail.outbox[0].body
    with pytest.raises(IllegalTransition, match="is cancelled"):
        cancel_event(formal.pete, cancelled)
    with pytest.raises(IllegalTransition):
        update_event(formal.pete, cancelled, title="Back on")


def test_participants_cannot_change_or_cancel(formal):
    event = add(formal)
    with pytest.raises(NotAllowed):
        update_event(formal.mona, event, title="Mine now")
    with pytest.raises(NotAllowed):
        cancel_event(formal.max, event)


def test_moving_an_event_into_the_past_is_refused(formal):
    event = add(formal)
    with pytest.raises(InvalidInput, match="in the past"):
        update_event(formal.pete, event, starts_at=datetime(2026, 1, 1, tzinfo=UTC))


# Who sees an event, by its audience: managers and admins always; the enrolled (active or
# applied) in its audience; nobody else (404).
SEES = {
    "everyone": {"alice", "pete", "mona", "max"},
    "mentors": {"alice", "pete", "mona"},
    "mentees": {"alice", "pete", "max"},
}


@pytest.mark.parametrize("audience", sorted(SEES))
@pytest.mark.parametrize("who", ["alice", "pete", "mona", "max", "charlie", "stranger"])
def test_who_sees_an_event(formal, audience, who):
    event = add(formal, audience=audience)
    person = make_person(formal.org, "Stan Stranger") if who == "stranger" else getattr(formal, who)
    if who in SEES[audience]:
        assert get_event_for(person, event.pk, formal.program.pk).pk == event.pk
    else:
        with pytest.raises(Http404):
            get_event_for(person, event.pk)


def test_a_withdrawn_participant_no_longer_sees_events(formal):
    from mentorhub.programs.services import withdraw_enrollment

    event = add(formal)
    withdraw_enrollment(formal.max, formal.mentee_enrollment)
    with pytest.raises(Http404):
        get_event_for(formal.max, event.pk)


def test_events_of_a_program_no_longer_structured_show_nowhere(formal):
    from mentorhub.programs.calendar import next_event_for, visible_events
    from mentorhub.programs.models import Program

    event = add(formal)
    assert next_event_for(formal.max) == event
    Program.objects.filter(pk=formal.program.pk).update(approach="traditional")
    for person in (formal.alice, formal.pete, formal.max):
        assert not visible_events(person).exists()
        with pytest.raises(Http404):
            get_event_for(person, event.pk)
    assert next_event_for(formal.max) is None
