"""The demo's flash program: challenges in every stage, dated in the past."""

from __future__ import annotations

from datetime import date

from conftest import make_person
from mentorhub.audit.models import AuditEvent
from mentorhub.demo.flash import PROGRAM, play_flash
from mentorhub.demo.timeline import Timeline
from mentorhub.flash.models import Challenge, OpenSlot, Outcome
from mentorhub.programs.services import create_program, enroll, set_program_status

TODAY = date(2026, 3, 2)


def test_the_demo_plays_challenges_in_every_stage(scenario):
    program = create_program(
        scenario.pete,
        {"name": PROGRAM, "approach": "situational", "matching_mode": "self_service"}
        | {"evergreen": True},
    )
    set_program_status(scenario.pete, program, "open")
    program.refresh_from_db()
    enroll(scenario.mona, program, "mentor", "Pricing, panels, migrations", capacity=5)
    for i in range(6):
        enroll(make_person(scenario.org, f"Asker {i}", level=2), program, "mentee", "")
    clock = Timeline(TODAY, scenario.org)
    play_flash(clock, scenario.org)
    by_state = {c.state: c for c in Challenge.objects.select_related("mentorship")}
    assert set(by_state) == {"in progress", "resolved", "closed", "looking for help"}
    assert by_state["in progress"].days_left(clock.midnight) == 10
    outcomes = sorted(Challenge.objects.exclude(outcome="").values_list("outcome", flat=True))
    assert outcomes == sorted([Outcome.RESOLVED, Outcome.RESOLVED, Outcome.PARTLY, "not_resolved"])
    assert Challenge.objects.filter(closed_reason="Time box ended.").count() == 1
    session = Challenge.objects.get(slot__isnull=False)
    assert session.outcome == Outcome.RESOLVED
    assert session.closed_at is not None and session.closed_at < clock.midnight
    open_slots = OpenSlot.objects.filter(booked_at__isnull=True)
    assert open_slots.count() == 4 and all(s.starts_at > clock.midnight for s in open_slots)
    events = AuditEvent.objects.filter(organization=scenario.org, verb__startswith="challenge.")
    assert events.exists() and not events.filter(created_at__gte=clock.midnight).exists()
