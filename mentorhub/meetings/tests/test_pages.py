"""Meeting pages and the calendar feed: per role, in the viewer's zone, bounded queries."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from mentorhub.meetings.models import CalendarFeed, Meeting
from mentorhub.meetings.services import (
    add_meeting_note,
    regenerate_calendar_feed,
    revoke_calendar_feed,
    schedule_meeting,
)
from mentorhub.meetings.tests.conftest import plan
from mentorhub.people.models import AvailabilitySlot


def _schedule(scenario, active, count: int) -> list[Meeting]:
    start = datetime(2026, 3, 3, 14, tzinfo=UTC)
    return [
        schedule_meeting(scenario.mona, active, plan(starts_at=start + timedelta(days=i)))[0]
        for i in range(count)
    ]


def test_meetings_page_shows_times_in_the_viewers_zone(scenario, active):
    _schedule(scenario, active, 1)
    scenario.max.timezone = "Asia/Tokyo"
    scenario.max.save()
    page = scenario.client_for(scenario.max).get(f"/mentorships/{active.pk}/meetings/")
    assert page.status_code == 200
    assert "Asia/Tokyo" in page.text
    assert "Tue 3 Mar 2026, 23:00" in page.text  # 14:00 UTC


def test_manager_sees_that_meetings_happened_but_no_titles(scenario, active):
    schedule_meeting(scenario.mona, active, plan(title="Secret topic"))
    page = scenario.client_for(scenario.pete).get(f"/mentorships/{active.pk}/meetings/")
    assert page.status_code == 200
    assert "Tue 3 Mar 2026" in page.text
    assert "Secret topic" not in page.text


def test_meeting_page_is_404_for_manager_and_outsider(scenario, active):
    [meeting] = _schedule(scenario, active, 1)
    for person in (scenario.pete, scenario.alice, scenario.charlie):
        assert scenario.client_for(person).get(f"/meetings/{meeting.pk}/").status_code == 404


def test_private_note_is_not_on_the_other_members_page(scenario, active):
    [meeting] = _schedule(scenario, active, 1)
    add_meeting_note(scenario.mona, meeting, "Only for Mona", private=True)
    assert (
        "Only for Mona" in scenario.client_for(scenario.mona).get(f"/meetings/{meeting.pk}/").text
    )
    assert (
        "Only for Mona"
        not in scenario.client_for(scenario.max).get(f"/meetings/{meeting.pk}/").text
    )


def test_schedule_form_proposes_common_free_times(scenario, active, time_machine):
    time_machine.move_to(datetime(2026, 3, 1, 12, tzinfo=UTC), tick=False)
    for person in (scenario.mona, scenario.max):
        AvailabilitySlot.objects.create(person=person, weekday=2, start=time(10), end=time(12))
    page = scenario.client_for(scenario.max).get(f"/mentorships/{active.pk}/meetings/")
    assert "Wed 4 Mar, 10:00" in page.text
    assert "?start=2026-03-04T10:00" in page.text


def test_schedule_form_posts_in_the_viewers_zone(scenario, active):
    scenario.mona.timezone = "Europe/Berlin"
    scenario.mona.save()
    response = scenario.client_for(scenario.mona).post(
        f"/mentorships/{active.pk}/meetings/",
        {"title": "Hi", "starts_at": "2026-07-01T09:00", "duration_minutes": 45, "video": "none"},
    )
    assert response.status_code == 302
    assert Meeting.objects.get().starts_at == datetime(2026, 7, 1, 7, tzinfo=UTC)


def test_schedule_form_rejects_bad_input_without_saving(scenario, active):
    response = scenario.client_for(scenario.mona).post(
        f"/mentorships/{active.pk}/meetings/",
        {"title": "Hi", "starts_at": "soon", "duration_minutes": 2, "video": "link"},
    )
    assert response.status_code == 200
    assert not Meeting.objects.exists()


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("who", ["mona", "pete"])
def test_meetings_page_queries_do_not_grow_with_meetings(scenario, active, who):
    client = scenario.client_for(getattr(scenario, who))
    path = f"/mentorships/{active.pk}/meetings/"
    _schedule(scenario, active, 2)
    few = _queries(client, path)
    _schedule(scenario, active, 10)
    assert _queries(client, path) == few


def test_feed_lists_the_persons_meetings_and_dies_when_revoked(scenario, active):
    _schedule(scenario, active, 3)
    token = regenerate_calendar_feed(scenario.max)
    anonymous = scenario.client_for(None)
    response = anonymous.get(f"/calendar/{token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 3
    revoke_calendar_feed(scenario.max)
    assert anonymous.get(f"/calendar/{token}.ics").status_code == 404


def test_regenerated_feed_replaces_the_old_url_and_stores_only_a_hash(scenario):
    old = regenerate_calendar_feed(scenario.max)
    new = regenerate_calendar_feed(scenario.max)
    client = scenario.client_for(None)
    assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert client.get(f"/calendar/{new}.ics").status_code == 200
    assert CalendarFeed.objects.get().token_hash not in (old, new)


def test_feed_queries_do_not_grow_with_meetings(scenario, active):
    token = regenerate_calendar_feed(scenario.max)
    client = scenario.client_for(None)
    _schedule(scenario, active, 2)
    few = _queries(client, f"/calendar/{token}.ics")
    _schedule(scenario, active, 10)
    assert _queries(client, f"/calendar/{token}.ics") == few


def test_feed_page_shows_a_new_url_once(scenario):
    client = scenario.client_for(scenario.max)
    shown = client.post("/calendar/", {"action": "regenerate"})
    assert "/calendar/" in shown.text and ".ics" in shown.text
    assert ".ics</code>" not in client.get("/calendar/").text
    client.post("/calendar/", {"action": "revoke"})
    assert not CalendarFeed.objects.exists()


def test_meeting_page_queries_do_not_grow_with_notes(scenario, active):
    [meeting] = _schedule(scenario, active, 1)
    client = scenario.client_for(scenario.max)
    add_meeting_note(scenario.max, meeting, "first", private=False)
    few = _queries(client, f"/meetings/{meeting.pk}/")
    for i in range(10):
        add_meeting_note(scenario.mona, meeting, f"note {i}", private=False)
    assert _queries(client, f"/meetings/{meeting.pk}/") == few


def test_reschedule_form_reads_the_viewers_zone_and_raises_sequence(scenario, active):
    [meeting] = _schedule(scenario, active, 1)
    scenario.max.timezone = "America/Los_Angeles"
    scenario.max.save()
    client = scenario.client_for(scenario.max)
    assert 'value="2026-03-03T06:00"' in client.get(f"/meetings/{meeting.pk}/").text
    form = {"title": "Moved", "starts_at": "2026-03-10T06:00", "duration_minutes": 30}
    assert client.post(f"/meetings/{meeting.pk}/edit/", form).status_code == 302
    meeting.refresh_from_db()
    # 8 March: Los Angeles is now UTC-7, so 06:00 local is 13:00 UTC.
    assert meeting.starts_at == datetime(2026, 3, 10, 13, tzinfo=UTC)
    assert meeting.sequence == 1 and meeting.title == "Moved"
