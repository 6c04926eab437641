"""The program calendar on the web, in the API, the CLI and the personal calendar feed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from mentorhub.audit.models import AuditEvent
from mentorhub.meetings.services import regenerate_calendar_feed
from mentorhub.programs.calendar import cancel_event
from mentorhub.programs.models import ProgramEvent
from mentorhub.programs.tests.calendar_helpers import NOW, SOON, add, cohort
from mentorhub.tests import api_as


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def formal(scenario):
    return cohort(scenario)


def _calendar(formal) -> str:
    return f"/programs/{formal.program.pk}/calendar/"


# --- pages -----------------------------------------------------------------------------------


def test_calendar_lists_events_and_cohort_dates_by_month_in_the_viewers_zone(formal):
    add(formal, title="Kick-off")
    add(formal, title="Mentors only", audience="mentors")
    formal.max.timezone = "Asia/Tokyo"
    formal.max.save()
    page = formal.client_for(formal.max).get(_calendar(formal))
    assert page.status_code == 200
    assert "Asia/Tokyo" in page.text
    assert "Thu 14 May, 18:00" in page.text  # 09:00 UTC
    assert "Kick-off" in page.text and "Mentors only" not in page.text
    upcoming, past = page.text.split("<h2>Past</h2>")
    assert "May 2026" in upcoming and "Program ends" in upcoming
    assert "Applications close" in past and "Program starts" in past
    assert "Add an event" not in page.text


def test_manager_adds_an_event_read_in_their_own_zone(formal):
    formal.pete.timezone = "America/New_York"
    formal.pete.save()
    response = formal.client_for(formal.pete).post(
        _calendar(formal),
        {
            "title": "Workshop",
            "starts_at": "2026-05-20T10:00",
            "minutes": 90,
            "audience": "everyone",
        },
    )
    assert response.status_code == 302
    event = ProgramEvent.objects.get()
    assert event.starts_at == datetime(2026, 5, 20, 14, tzinfo=UTC)  # EDT is UTC-4


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("video_url", "http://meet.example.org/x", "https://"),
        ("starts_at", "2026-05-01T10:00", "in the past"),
        ("starts_at", "next tuesday", "Enter a valid date/time"),
        ("minutes", "9999", "less than or equal to 720"),
        ("starts_at", "2040-05-20T10:00", "more than 5 years from now"),
    ],
)
def test_add_form_names_what_is_wrong(formal, field, value, message):
    data = {"title": "Workshop", "starts_at": "2026-05-20T10:00", "minutes": 60}
    page = formal.client_for(formal.pete).post(
        _calendar(formal), data | {"audience": "everyone", field: value}
    )
    assert page.status_code == 200
    assert message in page.text
    assert not ProgramEvent.objects.exists()


def test_a_start_at_the_end_of_time_is_refused_not_a_server_error(formal):
    # 9999-12-31 23:00 in New York is past year 9999 in UTC: it cannot even be converted.
    formal.pete.timezone = "America/New_York"
    formal.pete.save()
    event = add(formal)
    data = {"title": "X", "starts_at": "9999-12-31T23:00", "minutes": 60, "audience": "everyone"}
    client = formal.client_for(formal.pete)
    for url in (_calendar(formal), f"{_calendar(formal)}{event.pk}/edit/"):
        page = client.post(url, data)
        assert page.status_code == 200 and "more than 5 years from now" in page.text
    api = api_as(formal.pete)
    body = {"title": "X", "starts_at": "9999-12-31T23:59:00-12:00"}
    refused = api.post(f"/programs/{formal.program.pk}/events", body)
    assert refused.status_code == 422 and "starts_at" in refused.json()["errors"]
    assert ProgramEvent.objects.get().starts_at == SOON


def test_an_informal_program_has_no_calendar_page(scenario):
    page = scenario.client_for(scenario.pete).get(f"/programs/{scenario.program.pk}/calendar/")
    assert page.status_code == 404


def test_manager_edits_an_event_and_participants_may_not(formal):
    event = add(formal)
    edit = f"{_calendar(formal)}{event.pk}/edit/"
    assert formal.client_for(formal.max).get(edit).status_code == 403
    form = formal.client_for(formal.pete).get(edit)
    assert form.status_code == 200 and 'value="2026-05-14T09:00"' in form.text
    data = {"title": "Kick-off!", "starts_at": "2026-05-15T09:00", "minutes": 45}
    done = formal.client_for(formal.pete).post(edit, data | {"audience": "everyone"})
    assert done.status_code == 302
    event.refresh_from_db()
    assert (event.title, event.minutes, event.sequence) == ("Kick-off!", 45, 1)


def test_editing_the_title_keeps_a_start_given_to_the_second(formal):
    event = add(formal, starts_at=SOON + timedelta(seconds=30))  # e.g. through the API
    data = {"title": "Kick-off!", "starts_at": "2026-05-14T09:00", "minutes": 60}
    edit = f"{_calendar(formal)}{event.pk}/edit/"
    done = formal.client_for(formal.pete).post(edit, data | {"audience": "everyone"})
    assert done.status_code == 302
    event.refresh_from_db()
    assert (event.title, event.starts_at) == ("Kick-off!", SOON + timedelta(seconds=30))
    updated = AuditEvent.objects.get(verb="program_event.updated")
    assert updated.details["fields"] == ["title"]  # not moved: nobody is sent an update


def test_ics_download_for_those_who_see_the_event(formal):
    event = add(formal, audience="mentees", location="Room 1")
    path = f"{_calendar(formal)}{event.pk}.ics"
    response = formal.client_for(formal.max).get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    [vevent] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(vevent["location"]) == "Room 1"
    assert formal.client_for(formal.mona).get(path).status_code == 404  # not her audience


def test_program_page_panel_shows_the_next_three_events(formal):
    for day in range(5):
        add(formal, title=f"Session {day}", starts_at=SOON + timedelta(days=day))
    cancel_event(formal.pete, ProgramEvent.objects.get(title="Session 0"))
    page = formal.client_for(formal.max).get(f"/programs/{formal.program.pk}/")
    assert page.status_code == 200
    shown = [f"Session {day}" for day in range(5) if f"Session {day}" in page.text]
    assert shown == ["Session 1", "Session 2", "Session 3"]
    assert _calendar(formal) in page.text


@pytest.mark.parametrize("who", ["pete", "max"])
def test_calendar_page_queries_do_not_grow_with_events(formal, who):
    client = formal.client_for(getattr(formal, who))
    add(formal)
    with CaptureQueriesContext(connection) as few:
        client.get(_calendar(formal))
    for day in range(1, 8):
        add(formal, title=f"Session {day}", starts_at=SOON + timedelta(days=day * 9))
    with CaptureQueriesContext(connection) as more:
        page = client.get(_calendar(formal))
    assert "Session 7" in page.text
    assert len(more) == len(few)


def test_dashboard_shows_the_next_event_the_person_sees(formal):
    add(formal, title="Mentee circle", audience="mentees")
    assert "Mentee circle" in formal.client_for(formal.max).get("/").text
    assert "Next program event" not in formal.client_for(formal.mona).get("/").text


# --- the personal calendar feed ---------------------------------------------------------------


def _feed_queries(client, path: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return len(queries), len(Calendar.from_ical(response.content).walk("VEVENT"))


def test_feed_carries_the_program_events_the_person_sees_in_bounded_queries(formal):
    token = regenerate_calendar_feed(formal.max)
    client, path = formal.client_for(None), f"/calendar/{token}.ics"
    add(formal, title="For everyone")
    add(formal, title="Mentors only", audience="mentors")
    few, entries = _feed_queries(client, path)
    assert entries == 1
    for day in range(1, 6):
        add(formal, title=f"Session {day}", starts_at=SOON + timedelta(days=day))
    more, entries = _feed_queries(client, path)
    assert (more, entries) == (few, 6)


# --- API ----------------------------------------------------------------------------------------


def test_api_add_change_cancel_keeps_one_event_with_rising_sequence(formal):
    api, base = api_as(formal.pete), f"/programs/{formal.program.pk}/events"
    body = {"title": "Kick-off", "starts_at": "2026-05-14T09:00:00Z", "minutes": 30}
    created = api.post(base, body)
    assert created.status_code == 201, created.json()
    event_id = created.json()["id"]
    changed = api.patch(f"{base}/{event_id}", {"starts_at": "2026-05-14T13:00:00+02:00"})
    assert changed.status_code == 200
    assert changed.json()["sequence"] == 1 and changed.json()["starts_at"].startswith(
        "2026-05-14T11"
    )
    cancelled = api.post(f"{base}/{event_id}/cancel")
    assert cancelled.json()["sequence"] == 2 and cancelled.json()["cancelled_at"]
    listed = api_as(formal.max).get(base).json()
    assert [e["id"] for e in listed] == [event_id]


def test_api_refuses_what_is_wrong_with_field_errors(formal):
    api, base = api_as(formal.pete), f"/programs/{formal.program.pk}/events"
    naive = api.post(base, {"title": "X", "starts_at": "2026-05-14T09:00"})
    assert naive.status_code == 422 and "starts_at" in naive.json()["errors"]
    http = api.post(
        base, {"title": "X", "starts_at": "2026-05-14T09:00Z", "video_url": "http://x.org"}
    )
    assert http.status_code == 422 and "video_url" in http.json()["errors"]
    event = add(formal)
    null = api.patch(f"{base}/{event.pk}", {"title": None})
    assert null.status_code == 422 and "title" in null.json()["errors"]


def test_api_participants_may_read_but_not_write(formal):
    event = add(formal)
    base = f"/programs/{formal.program.pk}/events"
    as_max = api_as(formal.max)
    assert as_max.post(base, {"title": "X", "starts_at": "2026-05-14T09:00Z"}).status_code == 403
    assert as_max.post(f"{base}/{event.pk}/cancel").status_code == 403
    assert api_as(formal.charlie).get(base).status_code == 404


# --- CLI ----------------------------------------------------------------------------------------


def _cli(*args: str, who) -> None:
    call_command("program_event", *args, "--as", who.email, "--org", who.organization.slug)


def test_cli_adds_lists_and_cancels(formal, capsys):
    program = str(formal.program.pk)
    _cli(
        "add",
        "--program",
        program,
        "--title",
        "Workshop",
        "--start",
        "2026-05-20T10:00",
        who=formal.pete,
    )
    event = ProgramEvent.objects.get()
    assert event.starts_at == datetime(2026, 5, 20, 10, tzinfo=UTC)  # Pete's zone is UTC
    _cli("list", "--program", program, who=formal.max)
    assert "Workshop" in capsys.readouterr().out
    _cli("cancel", str(event.pk), who=formal.pete)
    event.refresh_from_db()
    assert event.cancelled_at is not None


def test_cli_refusals_are_one_clear_line(formal):
    program = str(formal.program.pk)
    with pytest.raises(CommandError, match="in the past"):
        _cli(
            "add",
            "--program",
            program,
            "--title",
            "X",
            "--start",
            "2020-01-01T10:00",
            who=formal.pete,
        )
    event = add(formal)
    with pytest.raises(CommandError, match="managers"):
        _cli("cancel", str(event.pk), who=formal.max)
