"""Scheduling, changing and recording meetings: who may, what is refused, what is sent."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from mentorhub.errors import IllegalTransition, InvalidInput, NotAllowed
from mentorhub.meetings.access import notes_for
from mentorhub.meetings.models import MeetingStatus
from mentorhub.meetings.services import (
    add_meeting_note,
    cancel_meeting,
    mark_meeting_held,
    schedule_meeting,
    update_meeting,
)
from mentorhub.meetings.tests.conftest import plan


def _ics(message) -> Calendar:
    (name, content, mimetype) = message.attachments[0]
    assert name == "invite.ics" and mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)


def test_member_schedules_and_every_member_gets_an_ics_invitation(
    scenario, active, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        [meeting] = schedule_meeting(scenario.mona, active, plan(agenda="Career goals"))
    run_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([scenario.mona.email, scenario.max.email])
    cal = _ics(mail.outbox[0])
    assert str(cal["method"]) == "REQUEST"
    [event] = cal.walk("VEVENT")
    assert str(event["uid"]).startswith(f"meeting-{meeting.pk}@")
    assert event.decoded("dtstart") == datetime(2026, 3, 3, 14, tzinfo=UTC)
    assert event.decoded("dtend") == datetime(2026, 3, 3, 15, tzinfo=UTC)


def test_invitation_email_shows_the_time_in_the_recipients_zone(
    scenario, active, django_capture_on_commit_callbacks, run_tasks
):
    scenario.max.timezone = "Asia/Tokyo"
    scenario.max.save()
    with django_capture_on_commit_callbacks(execute=True):
        schedule_meeting(scenario.mona, active, plan(video_url="https://zoom.us/j/1"))
    run_tasks()
    [to_max] = [m for m in mail.outbox if m.to == [scenario.max.email]]
    assert to_max.subject == "Invitation: Kick-off"
    assert "Tuesday 3 March 2026, 23:00 (Asia/Tokyo)" in to_max.body
    assert "https://zoom.us/j/1" in to_max.body


def test_update_keeps_uid_and_raises_sequence_then_cancel_sends_cancel(
    scenario, active, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        [meeting] = schedule_meeting(scenario.mona, active, plan())
        update_meeting(scenario.max, meeting, starts_at=datetime(2026, 3, 4, 14, tzinfo=UTC))
        cancel_meeting(scenario.mona, meeting)
    run_tasks()
    to_max = [m for m in mail.outbox if m.to == [scenario.max.email]]
    events = [_ics(m).walk("VEVENT")[0] for m in to_max]
    methods = [str(_ics(m)["method"]) for m in to_max]
    assert len({str(e["uid"]) for e in events}) == 1
    assert sorted(e.decoded("sequence") for e in events) == [0, 1, 2]
    assert sorted(methods) == ["CANCEL", "REQUEST", "REQUEST"]
    cancelled = next(e for e, m in zip(events, methods, strict=True) if m == "CANCEL")
    assert str(cancelled["status"]) == "CANCELLED"


def test_series_sends_one_invitation_with_every_occurrence(
    scenario, active, django_capture_on_commit_callbacks, run_tasks
):
    scenario.mona.timezone = "America/New_York"
    with django_capture_on_commit_callbacks(execute=True):
        meetings = schedule_meeting(scenario.mona, active, plan(frequency="weekly", count=3))
    run_tasks()
    assert len(meetings) == 3 and meetings[0].series is not None
    to_max = [m for m in mail.outbox if m.to == [scenario.max.email]]
    assert len(to_max) == 1
    assert len(_ics(to_max[0]).walk("VEVENT")) == 3


def test_recurring_without_count_or_until_is_refused(scenario, active):
    with pytest.raises(InvalidInput):
        schedule_meeting(scenario.mona, active, plan(frequency="weekly"))


def test_until_before_first_meeting_is_refused(scenario, active):
    with pytest.raises(InvalidInput):
        schedule_meeting(scenario.mona, active, plan(frequency="weekly", until=date(2026, 1, 1)))


def test_program_manager_cannot_schedule(scenario, active):
    with pytest.raises(NotAllowed):
        schedule_meeting(scenario.pete, active, plan())


def test_meetings_wait_until_the_mentorship_is_active(scenario, proposed):
    with pytest.raises(IllegalTransition):
        schedule_meeting(scenario.mona, proposed, plan())


def test_generated_video_link_uses_base_url_and_is_unguessable(scenario, active, settings):
    settings.VIDEO_BASE_URL = "https://video.example.org/"
    [a] = schedule_meeting(scenario.mona, active, plan(generate_video=True))
    [b] = schedule_meeting(scenario.mona, active, plan(generate_video=True))
    assert a.video_url.startswith("https://video.example.org/mentorhub-")
    assert a.video_url != b.video_url
    assert len(a.video_url.rsplit("-", 1)[1]) >= 24


@pytest.mark.parametrize("url", ["javascript:alert(1)", "zoom.us/j/1", "ftp://x.example/"])
def test_pasted_video_link_must_be_http(scenario, active, url):
    with pytest.raises(InvalidInput):
        schedule_meeting(scenario.mona, active, plan(video_url=url))


def test_pasted_zoom_link_is_kept(scenario, active):
    [meeting] = schedule_meeting(scenario.mona, active, plan(video_url="https://zoom.us/j/123"))
    assert meeting.video_url == "https://zoom.us/j/123"


def test_meeting_is_recorded_held_once_started_and_not_in_future(scenario, active):
    [past] = schedule_meeting(scenario.mona, active, plan())
    mark_meeting_held(scenario.max, past)
    assert past.status == MeetingStatus.HELD
    future = timezone.now() + timedelta(days=2)
    [later] = schedule_meeting(scenario.mona, active, plan(starts_at=future))
    with pytest.raises(InvalidInput):
        mark_meeting_held(scenario.max, later)


def test_held_meeting_cannot_be_cancelled(scenario, active):
    [meeting] = schedule_meeting(scenario.mona, active, plan())
    mark_meeting_held(scenario.mona, meeting)
    with pytest.raises(IllegalTransition):
        cancel_meeting(scenario.mona, meeting)


def test_private_notes_are_for_their_author_only(scenario, active):
    [meeting] = schedule_meeting(scenario.mona, active, plan())
    add_meeting_note(scenario.mona, meeting, "We covered system design.", private=False)
    add_meeting_note(scenario.mona, meeting, "Max seems stressed.", private=True)
    assert [n.body for n in notes_for(scenario.max, meeting)] == ["We covered system design."]
    assert len(notes_for(scenario.mona, meeting)) == 2


def test_manager_cannot_write_notes(scenario, active):
    [meeting] = schedule_meeting(scenario.mona, active, plan())
    with pytest.raises(NotAllowed):
        add_meeting_note(scenario.pete, meeting, "Looks fine", private=False)


def test_formal_program_needs_a_confirmed_agreement_first(scenario, active):
    from mentorhub.programs.models import Program

    Program.objects.filter(pk=scenario.program.pk).update(approach="formal")
    active.program.refresh_from_db()
    with pytest.raises(IllegalTransition, match="confirm the agreement"):
        schedule_meeting(scenario.mona, active, plan())
