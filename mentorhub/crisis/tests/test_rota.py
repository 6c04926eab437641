"""Who is available now: the switch, weekly hours in the responder's zone (DST-correct), days
away; routing and the queue follow it; the coverage grid shows the week's gaps."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine

from mentorhub.audit.models import AuditEvent
from mentorhub.crisis.coverage import week_coverage
from mentorhub.crisis.models import CrisisRequest, RequestStatus
from mentorhub.crisis.rota import (
    Slot,
    available_now,
    format_hours,
    parse_hours,
    set_away,
    set_on_call_hours,
)
from mentorhub.crisis.services import ask_for_help, routed_responders, set_on_call
from mentorhub.errors import InvalidInput, NotAllowed

# In 2026 Berlin moves its clocks forward on Sunday 29 March: 18:00 there is 17:00 UTC on
# Monday 23 March and 16:00 UTC on Monday 30 March.
BEFORE_DST = datetime(2026, 3, 23, 16, 30, tzinfo=UTC)
AFTER_DST = datetime(2026, 3, 30, 16, 30, tzinfo=UTC)


@pytest.fixture
def mona_on_rota(scenario, crisis):
    """Mona (Berlin) is on call Mon–Fri 18:00–22:00 by her hours, with the switch off."""
    scenario.mona.timezone = "Europe/Berlin"
    scenario.mona.save(update_fields=["timezone"])
    responder = crisis.mona_responder
    set_on_call(scenario.mona, crisis.program, False)
    set_on_call_hours(scenario.mona, responder, parse_hours("mon-fri 18:00-22:00"))
    responder.refresh_from_db()
    return responder


def test_hours_follow_the_responders_wall_clock_across_a_dst_change(mona_on_rota):
    assert not available_now(mona_on_rota, BEFORE_DST)  # 17:30 in Berlin
    assert available_now(mona_on_rota, BEFORE_DST + timedelta(hours=1))  # 18:30
    assert available_now(mona_on_rota, AFTER_DST)  # 18:30 in Berlin, summer time
    assert not available_now(mona_on_rota, AFTER_DST + timedelta(hours=4))  # 22:30


def test_a_slot_past_midnight_runs_into_the_next_day():
    late = Slot(4, time(22), time(2))  # Friday night
    assert late.covers(datetime(2026, 3, 27, 23, 0, tzinfo=UTC))  # Friday 23:00
    assert late.covers(datetime(2026, 3, 28, 1, 59, tzinfo=UTC))  # Saturday 01:59
    assert not late.covers(datetime(2026, 3, 28, 2, 0, tzinfo=UTC))
    assert not late.covers(datetime(2026, 3, 26, 23, 0, tzinfo=UTC))  # Thursday


def test_the_switch_is_extra_cover_and_going_away_pauses_the_hours(scenario, crisis, mona_on_rota):
    set_on_call(scenario.mona, crisis.program, True)
    mona_on_rota.refresh_from_db()
    assert available_now(mona_on_rota, BEFORE_DST)  # outside hours, but switched on
    with time_machine.travel(AFTER_DST, tick=False):
        set_away(scenario.mona, mona_on_rota, date(2026, 3, 31))
    mona_on_rota.refresh_from_db()
    assert not mona_on_rota.on_call  # away switches the switch off too
    assert not available_now(mona_on_rota, AFTER_DST)
    assert available_now(mona_on_rota, AFTER_DST + timedelta(days=2))  # back on Wednesday


def test_requests_route_to_responders_in_their_hours_only(scenario, crisis, mona_on_rota):
    with time_machine.travel(AFTER_DST, tick=False):
        inside = ask_for_help(scenario.max, crisis.program, "Help", "en")
        assert [r.person for r in routed_responders(inside)] == [scenario.mona]
        assert scenario.client_for(scenario.mona).get("/crisis/").context["waiting"] == [inside]
    CrisisRequest.objects.filter(pk=inside.pk).update(status=RequestStatus.WITHDRAWN)
    with time_machine.travel(AFTER_DST - timedelta(hours=3), tick=False):
        outside = ask_for_help(scenario.max, crisis.program, "Help", "en")
        assert routed_responders(outside) == []
        assert scenario.client_for(scenario.mona).get("/crisis/").context["waiting"] == []
        url = f"/crisis/requests/{outside.pk}/accept/"
        assert scenario.client_for(scenario.mona).post(url).status_code == 404


def test_outside_everyones_hours_a_request_escalates_at_once(
    scenario, crisis, mona_on_rota, work, django_capture_on_commit_callbacks
):
    with time_machine.travel(BEFORE_DST, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            request = ask_for_help(scenario.max, crisis.program, "Help", "en")
        work()
    assert CrisisRequest.objects.get(pk=request.pk).status == RequestStatus.ESCALATED


def test_hours_text_round_trips_and_bad_entries_name_the_field():
    slots = parse_hours("mon-fri 18:00-22:00; sat 10:00-14:00\nsun 22:00-24:00")
    assert len(slots) == 7
    assert format_hours(slots) == "mon-fri 18:00-22:00; sat 10:00-14:00; sun 22:00-00:00"
    assert parse_hours("fri-mon 09:00-10:00")[-1].weekday == 0  # wraps round the week
    assert format_hours(parse_hours("daily 07:00-15:00")) == "daily 07:00-15:00"
    for bad in ("monday 18:00-22:00", "mon 18-22", "mon 25:00-26:00", "xyz 10:00-11:00"):
        with pytest.raises(InvalidInput) as refused:
            parse_hours(bad)
        assert "hours" in refused.value.field_errors, bad


def test_who_may_change_a_responders_hours(scenario, crisis):
    responder = crisis.rita_responder
    for person in (scenario.pete, scenario.alice, crisis.lead, crisis.rita):
        set_on_call_hours(person, responder, parse_hours("sat 10:00-12:00"))
    for person in (scenario.mona, scenario.max):
        with pytest.raises(NotAllowed):
            set_on_call_hours(person, responder, [])
    assert AuditEvent.objects.filter(verb="responder.hours_set").count() == 4


def test_away_must_be_from_today_to_a_year_ahead(scenario, crisis):
    with pytest.raises(InvalidInput) as past:
        set_away(scenario.mona, crisis.mona_responder, date(2020, 1, 1))
    assert "away_through" in past.value.field_errors


def test_the_coverage_grid_counts_whole_hours_in_the_viewers_zone(scenario, crisis, mona_on_rota):
    set_on_call_hours(scenario.pete, crisis.rita_responder, parse_hours("mon 19:00-20:30"))
    coverage = week_coverage(crisis.program, "UTC", date(2026, 3, 30))  # a Monday
    monday = {h.starts_at.hour: h for h in coverage.days[0].hours}
    assert monday[15].responders == 0  # 17:00 in Berlin
    assert monday[16].responders == 1 and monday[16].languages == {"en"}
    assert monday[19].responders == 2  # Mona (21:00 in Berlin) and Rita (UTC)
    assert monday[20].level == "gap"  # Rita's half hour is not a whole hour
    assert coverage.gap_hours == 168 - 5 * 4
    assert coverage.uncovered_hours() == {"de": 167, "en": 148}
