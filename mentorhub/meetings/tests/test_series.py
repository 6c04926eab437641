"""Changing or cancelling "this and following" meetings of a series, from every edge."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from icalendar import Calendar

from mentorhub.audit.models import AuditEvent
from mentorhub.errors import IllegalTransition, InvalidInput, NotAllowed
from mentorhub.meetings.ical import meeting_uid
from mentorhub.meetings.models import Meeting, MeetingStatus
from mentorhub.meetings.series import cancel_series_from, edit_series, series_of
from mentorhub.meetings.services import (
    cancel_meeting,
    mark_meeting_held,
    schedule_meeting,
    update_meeting,
)
from mentorhub.meetings.tests.conftest import plan
from mentorhub.tests import api_as

NEW_YORK, BERLIN = ZoneInfo("America/New_York"), ZoneInfo("Europe/Berlin")
# Tuesdays at 09:00 in New York from 24 Feb 2026: the US changes its clocks on 8 March,
# Europe on 29 March.
FIRST = datetime(2026, 2, 24, 9, tzinfo=NEW_YORK)
BEFORE = datetime(2026, 2, 20, 12, tzinfo=UTC)


@pytest.fixture
def series(
    scenario, active, time_machine, django_capture_on_commit_callbacks, run_tasks
) -> list[Meeting]:
    """Mona (New York) organizes 8 weekly meetings; Max lives in Berlin. Invited, reminders
    queued, outbox empty."""
    time_machine.move_to(BEFORE, tick=False)
    scenario.mona.timezone = "America/New_York"
    scenario.mona.save()
    scenario.max.timezone = "Europe/Berlin"
    scenario.max.save()
    with django_capture_on_commit_callbacks(execute=True):
        meetings = schedule_meeting(
            scenario.mona, active, plan(starts_at=FIRST, frequency="weekly", count=8)
        )
    run_tasks()
    mail.outbox.clear()
    return meetings


def _fresh(meetings: list[Meeting]) -> list[Meeting]:
    return list(Meeting.objects.filter(pk__in=[m.pk for m in meetings]).order_by("pk"))


def _ics(message) -> Calendar:
    [(name, content, mimetype)] = message.attachments
    assert name == "invite.ics" and mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)


def _to(person) -> list:
    return [m for m in mail.outbox if m.to == [person.email]]


def test_edit_after_the_us_change_keeps_new_york_time_as_berlin_changes(
    scenario, series, time_machine
):
    time_machine.move_to(datetime(2026, 3, 12, 12, tzinfo=UTC), tick=False)
    # Max types 15:30 in Berlin on 17 March: 10:30 in New York.
    new_start = datetime(2026, 3, 17, 15, 30, tzinfo=BERLIN)
    edit_series(scenario.max, series[3].series, {"starts_at": new_start}, series[3])
    meetings = _fresh(series)
    assert {m.starts_at.astimezone(NEW_YORK).strftime("%H:%M") for m in meetings[3:]} == {"10:30"}
    berlin = [m.starts_at.astimezone(BERLIN).strftime("%d %H:%M") for m in meetings[3:]]
    assert berlin == ["17 15:30", "24 15:30", "31 16:30", "07 16:30", "14 16:30"]


def test_edit_across_the_us_change_moves_utc_by_an_hour(scenario, series):
    edit_series(scenario.max, series[0].series, {"starts_at": FIRST + timedelta(hours=1)})
    meetings = _fresh(series)
    assert {m.starts_at.astimezone(NEW_YORK).strftime("%H:%M") for m in meetings} == {"10:00"}
    assert meetings[1].starts_at == datetime(2026, 3, 3, 15, tzinfo=UTC)
    assert meetings[2].starts_at == datetime(2026, 3, 10, 14, tzinfo=UTC)


def test_weekday_shift_moves_every_following_meeting(scenario, series):
    thursday = datetime(2026, 3, 5, 9, tzinfo=NEW_YORK)
    edit_series(scenario.mona, series[0].series, {"starts_at": thursday}, series[1])
    meetings = _fresh(series)
    assert meetings[0].starts_at == FIRST
    assert [m.starts_at.astimezone(NEW_YORK).weekday() for m in meetings[1:]] == [3] * 7


def test_past_held_and_cancelled_meetings_are_never_changed(scenario, series, time_machine):
    time_machine.move_to(datetime(2026, 3, 11, 12, tzinfo=UTC), tick=False)
    mark_meeting_held(scenario.mona, series[0])
    cancel_meeting(scenario.mona, series[4])
    changed = edit_series(scenario.mona, series[0].series, {"title": "Weekly sync"})
    meetings = _fresh(series)
    assert [m.pk for m in changed] == [m.pk for m in meetings[3:] if m.pk != series[4].pk]
    assert [m.title for m in meetings[:3]] == ["Kick-off"] * 3
    assert [m.sequence for m in meetings[:3]] == [0, 0, 0]
    assert meetings[4].status == MeetingStatus.CANCELLED and meetings[4].title == "Kick-off"
    assert {m.title for m in changed} == {"Weekly sync"}


def test_a_moved_series_keeps_its_step_past_a_cancelled_meeting(scenario, series):
    cancel_meeting(scenario.mona, series[2])
    edit_series(scenario.mona, series[0].series, {"starts_at": FIRST + timedelta(hours=2)})
    meetings = _fresh(series)
    assert meetings[2].starts_at == series[2].starts_at  # cancelled: left alone
    assert meetings[3].starts_at.astimezone(NEW_YORK) == datetime(2026, 3, 17, 11, tzinfo=NEW_YORK)


def test_one_email_per_member_with_every_event_its_uid_and_a_higher_sequence(
    scenario, series, django_capture_on_commit_callbacks, run_tasks
):
    update_meeting(scenario.mona, series[5], title="Moved on its own")  # sequence 1 already
    with django_capture_on_commit_callbacks(execute=True):
        changed = edit_series(
            scenario.max,
            series[0].series,
            {"location": "Room 4", "duration_minutes": 45},
            series[2],
        )
    run_tasks()
    assert len(_to(scenario.max)) == 1 and len(_to(scenario.mona)) == 1
    [to_max] = _to(scenario.max)
    assert to_max.subject == "Updated: Kick-off (every week, from 10 Mar on)"
    assert "Tuesday 10 March 2026, 14:00 (Europe/Berlin), 45 minutes" in to_max.body
    cal = _ics(to_max)
    assert str(cal["method"]) == "REQUEST"
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {meeting_uid(m) for m in series[2:]} == {meeting_uid(m) for m in changed}
    assert {str(e["location"]) for e in events.values()} == {"Room 4"}
    sequences = {uid: e.decoded("sequence") for uid, e in events.items()}
    assert sequences[meeting_uid(series[5])] == 2
    assert {s for uid, s in sequences.items() if uid != meeting_uid(series[5])} == {1}


def test_cancel_following_sends_one_cancel_and_ends_the_series(
    scenario, series, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = cancel_series_from(scenario.max, series[0].series, series[5])
    run_tasks()
    meetings = _fresh(series)
    assert [m.status for m in meetings] == ["scheduled"] * 5 + ["cancelled"] * 3
    assert [m.sequence for m in meetings] == [0] * 5 + [1] * 3
    assert [m.pk for m in cancelled] == [m.pk for m in series[5:]]
    series[0].series.refresh_from_db()
    assert str(series[0].series.until) == "2026-03-30"  # the day before 31 March
    [to_max] = _to(scenario.max)
    assert to_max.subject.startswith("Cancelled: Kick-off")
    cal = _ics(to_max)
    assert str(cal["method"]) == "CANCEL"
    assert {str(e["status"]) for e in cal.walk("VEVENT")} == {"CANCELLED"}
    assert len(cal.walk("VEVENT")) == 3
    event = AuditEvent.objects.get(verb="meeting.series_cancelled")
    assert event.details["meetings"] == 3


def test_moved_series_is_reminded_at_the_new_times_only(
    scenario, series, time_machine, django_capture_on_commit_callbacks, work
):
    with django_capture_on_commit_callbacks(execute=True):
        edit_series(scenario.mona, series[0].series, {"starts_at": FIRST + timedelta(hours=3)})
    work()
    mail.outbox.clear()
    time_machine.move_to(FIRST - timedelta(minutes=30), tick=False)  # past both old reminders
    work()
    assert [m.subject for m in _to(scenario.max)] == ["Reminder: Kick-off tomorrow"]  # new one
    time_machine.move_to(FIRST + timedelta(hours=2, minutes=30), tick=False)
    work()
    assert [m.subject for m in _to(scenario.max)][1:] == ["Reminder: Kick-off in an hour"]


def test_cancelled_following_meetings_are_not_reminded(
    scenario, series, time_machine, django_capture_on_commit_callbacks, work
):
    with django_capture_on_commit_callbacks(execute=True):
        cancel_series_from(scenario.mona, series[0].series)
    work()
    mail.outbox.clear()
    time_machine.move_to(FIRST - timedelta(minutes=30), tick=False)
    work()
    assert mail.outbox == []


def test_program_manager_cannot_edit_or_cancel_a_series(scenario, series):
    with pytest.raises(NotAllowed):
        edit_series(scenario.pete, series[0].series, {"title": "Mine now"})
    with pytest.raises(NotAllowed):
        cancel_series_from(scenario.pete, series[0].series)
    assert not Meeting.objects.filter(title="Mine now").exists()


def test_a_started_meeting_cannot_start_the_change(scenario, series, time_machine):
    time_machine.move_to(FIRST + timedelta(minutes=5), tick=False)
    with pytest.raises(IllegalTransition):
        edit_series(scenario.mona, series[0].series, {"title": "Late"}, series[0])


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"title": "  "},
        {"duration_minutes": 2},
        {"video_url": "javascript:alert(1)"},
        {"starts_at": datetime(2026, 2, 1, 9, tzinfo=UTC)},
        {"status": "held"},
    ],
)
def test_bad_changes_are_refused_and_nothing_changes(scenario, series, changes):
    with pytest.raises(InvalidInput):
        edit_series(scenario.mona, series[0].series, changes)
    assert {m.sequence for m in _fresh(series)} == {0}


def test_editing_a_long_series_takes_a_bounded_number_of_queries(
    scenario, active, time_machine, django_assert_max_num_queries
):
    time_machine.move_to(BEFORE, tick=False)
    meetings = schedule_meeting(
        scenario.mona, active, plan(starts_at=FIRST, frequency="weekly", count=52)
    )
    whole = series_of(meetings[0])
    with django_assert_max_num_queries(8):
        changes = {"title": "Weekly", "starts_at": FIRST + timedelta(hours=1)}
        assert len(edit_series(scenario.mona, whole, changes, meetings[0])) == 52
    with django_assert_max_num_queries(8):
        assert len(cancel_series_from(scenario.mona, whole, meetings[10])) == 42


# Web, API and command line: the same two actions.


def test_meeting_page_offers_the_series_forms_to_members(scenario, series):
    page = scenario.client_for(scenario.max).get(f"/meetings/{series[2].pk}/")
    assert "Edit this and following" in page.text
    assert f"/meetings/{series[2].pk}/series/cancel/" in page.text
    assert 'value="2026-03-10T14:00"' in page.text  # in Max's Berlin time


def test_series_form_reads_the_viewers_zone_and_changes_only_what_differs(scenario, series):
    update_meeting(scenario.mona, series[4], location="Cafe")
    form = {
        "series-title": "Kick-off",
        "series-starts_at": "2026-03-10T15:00",  # Berlin: 10:00 in New York
        "series-duration_minutes": 60,
        "series-location": "",
    }
    client = scenario.client_for(scenario.max)
    assert client.post(f"/meetings/{series[2].pk}/series/edit/", form).status_code == 302
    meetings = _fresh(series)
    assert meetings[4].location == "Cafe"  # the location was not changed
    assert {m.starts_at.astimezone(NEW_YORK).hour for m in meetings[2:]} == {10}


def test_series_form_shows_a_refusal_on_the_form(scenario, series):
    form = {
        "series-title": "Kick-off",
        "series-starts_at": "2026-02-01T10:00",
        "series-duration_minutes": 60,
    }
    page = scenario.client_for(scenario.max).post(f"/meetings/{series[2].pk}/series/edit/", form)
    assert page.status_code == 200
    assert "The new time has already passed." in page.text
    assert {m.sequence for m in _fresh(series)} == {0}


def test_cancel_following_from_the_page(scenario, series):
    client = scenario.client_for(scenario.mona)
    assert client.post(f"/meetings/{series[6].pk}/series/cancel/").status_code == 302
    assert [m.status for m in _fresh(series)][5:] == ["scheduled", "cancelled", "cancelled"]


def test_series_urls_are_404_for_manager_and_outsider(scenario, series):
    for person in (scenario.pete, scenario.alice, scenario.charlie):
        client = scenario.client_for(person)
        assert client.post(f"/meetings/{series[2].pk}/series/cancel/").status_code == 404
    assert {m.status for m in _fresh(series)} == {"scheduled"}


def test_api_edits_and_cancels_following(scenario, series):
    api = api_as(scenario.max)
    changed = api.patch(
        f"/meetings/{series[6].pk}/series",
        {"scope": "following", "starts_at": "2026-04-07T15:00:00+02:00", "title": "Late sync"},
    )
    assert changed.status_code == 200, changed.json()
    assert [(m["title"], m["sequence"]) for m in changed.json()] == [("Late sync", 1)] * 2
    assert changed.json()[0]["starts_at"].startswith("2026-04-07T13:00")
    cancelled = api.post(f"/meetings/{series[6].pk}/series/cancel")
    assert [m["status"] for m in cancelled.json()] == ["cancelled"] * 2


def test_api_refuses_other_scopes_nulls_and_one_off_meetings(scenario, active, series):
    api = api_as(scenario.max)
    scope = api.patch(f"/meetings/{series[1].pk}/series", {"scope": "all", "title": "x"})
    assert scope.status_code == 422
    null = api.patch(f"/meetings/{series[1].pk}/series", {"title": None})
    assert null.status_code == 422 and "title" in null.json()["errors"]
    [one_off] = schedule_meeting(scenario.mona, active, plan(starts_at=FIRST))
    assert api.post(f"/meetings/{one_off.pk}/series/cancel").status_code == 422
    assert api_as(scenario.pete).post(f"/meetings/{series[1].pk}/series/cancel").status_code == 404


def test_cli_edits_in_the_actors_zone_and_cancels_following(scenario, series, capsys):
    who = ("--as", scenario.max.email, "--org", "acme")
    call_command("meeting", "edit-series", str(series[6].pk), "--start", "2026-04-07T16:00", *who)
    assert "Changed meeting" in capsys.readouterr().out
    meetings = _fresh(series)
    assert meetings[6].starts_at.astimezone(NEW_YORK).hour == 10
    call_command("meeting", "cancel-series", str(series[7].pk), *who)
    assert [m.status for m in _fresh(series)][6:] == ["scheduled", "cancelled"]


def test_cli_refuses_a_manager(scenario, series):
    who = ("--as", scenario.pete.email, "--org", "acme")
    with pytest.raises(CommandError):
        call_command("meeting", "cancel-series", str(series[7].pk), *who)
