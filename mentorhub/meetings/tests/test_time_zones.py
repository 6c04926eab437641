"""The virtual approach's time-zone panel: local clocks, weekly overlap and the week strip."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import activate, make_person
from mentorhub.meetings.zones import time_zones
from mentorhub.mentorships.access import MEMBERS
from mentorhub.mentorships.models import Mentorship
from mentorhub.mentorships.services import propose_mentorship
from mentorhub.people.services import Slot, set_availability
from mentorhub.programs.services import create_program, enroll, set_program_status

# A winter Wednesday: Berlin is UTC+1, São Paulo UTC−3, Tokyo UTC+9.
NOW = datetime(2026, 1, 14, 12, tzinfo=UTC)


def _zones(scenario, mona: str, max_: str) -> None:
    for person, zone in ((scenario.mona, mona), (scenario.max, max_)):
        person.timezone = zone
        person.save(update_fields=["timezone"])


@pytest.fixture
def remote(scenario) -> Mentorship:
    """Mona in Berlin mentors Max in São Paulo in a virtual program."""
    s = scenario
    _zones(s, "Europe/Berlin", "America/Sao_Paulo")
    program = create_program(
        s.pete,
        {
            "name": "Across time zones",
            "approach": "virtual",
            "matching_mode": "admin",
            "starts_on": date(2026, 1, 1),
            "ends_on": date(2026, 12, 31),
        },
    )
    program = set_program_status(s.pete, program, "open")
    mentor = enroll(s.mona, program, "mentor", "Remote leadership", capacity=2)
    mentee = enroll(s.max, program, "mentee", "Working across regions")
    mentorship = activate(s, propose_mentorship(s.pete, program, mentor, mentee))
    # Monday evening in Berlin (16:00–18:00 UTC) against early afternoon in São Paulo
    # (16:30–19:00 UTC): an hour and a half together.
    set_availability(s.mona, s.mona, [Slot(0, time(17), time(19))])
    set_availability(s.max, s.max, [Slot(0, time(13, 30), time(16)), Slot(3, time(9), time(10))])
    return mentorship


def _loaded(mentorship: Mentorship) -> Mentorship:
    return Mentorship.objects.prefetch_related(MEMBERS).get(pk=mentorship.pk)


def _clocks(mentorship: Mentorship, viewer_zone: str) -> dict[str, tuple[str, str, float]]:
    view = time_zones(_loaded(mentorship), viewer_zone, NOW)
    return {c.person.full_name: (c.local_time, c.offset, c.free_hours) for c in view.clocks}


def test_each_member_has_their_own_clock_and_weekly_hours(remote):
    clocks = _clocks(remote, "Asia/Tokyo")
    assert clocks["Mona Mentor"] == ("Wed 13:00", "UTC+1", 2)
    assert clocks["Max Mentee"] == ("Wed 09:00", "UTC−3", 3.5)


def test_the_overlap_is_the_shared_free_time_drawn_on_the_viewers_week(remote):
    view = time_zones(_loaded(remote), "Asia/Tokyo", NOW)
    assert view.overlap_hours == 1.5
    # 16:30–18:00 UTC on Monday is 01:30–03:00 on Tuesday in Tokyo.
    tuesday = next(d for d in view.days if d.name == "Tue")
    assert tuesday.hours[1:3] == (1, 2)
    assert sum(sum(d.hours) for d in view.days) == 3  # half hours


def test_an_offset_of_half_an_hour_is_written_out(remote, scenario):
    _zones(scenario, "Asia/Kolkata", "America/Sao_Paulo")
    clocks = _clocks(remote, "UTC")
    assert clocks["Mona Mentor"][:2] == ("Wed 17:30", "UTC+5:30")


def test_members_and_managers_see_the_panel_outsiders_get_404(remote, scenario):
    for person in (scenario.mona, scenario.max, scenario.pete, scenario.alice):
        page = scenario.client_for(person).get(f"/mentorships/{remote.pk}/").content.decode()
        assert 'id="time-zones"' in page and "1.5 h a week" in page
        assert page.count('class="shared-2"') == 1 and page.count('class="shared-1"') == 1
    outsider = scenario.client_for(scenario.charlie)
    assert outsider.get(f"/mentorships/{remote.pk}/").status_code == 404


def test_only_the_virtual_approach_shows_the_panel(active, scenario):
    page = scenario.client_for(scenario.max).get(f"/mentorships/{active.pk}/").content.decode()
    assert 'id="time-zones"' not in page


def test_without_shared_hours_the_panel_says_how_to_get_some(remote, scenario):
    set_availability(scenario.max, scenario.max, [])
    page = scenario.client_for(scenario.mona).get(f"/mentorships/{remote.pk}/").content.decode()
    assert "no weekly availability yet" in page and "No weekly hours when everyone is free" in page


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_panel_costs_one_query_whatever_the_availability(remote, scenario):
    client = scenario.client_for(scenario.mona)
    path = f"/mentorships/{remote.pk}/"
    few = _queries(client, path)
    many_slots = [Slot(day, time(hour), time(hour, 30)) for day in range(7) for hour in range(24)]
    set_availability(scenario.max, scenario.max, many_slots)
    other = make_person(scenario.org, "Olga Observer", timezone="Asia/Tokyo")
    set_availability(other, other, many_slots)
    assert _queries(client, path) == few
    with CaptureQueriesContext(connection) as captured:
        time_zones(_loaded(remote), "UTC", NOW)
    assert len(captured) == 3  # the mentorship, its members with their people, the slots
