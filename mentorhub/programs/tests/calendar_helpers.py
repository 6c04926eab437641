"""Helpers for tests of the program calendar: a formal cohort on a fixed clock, and events."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from mentorhub.programs.calendar import EventPlan, add_event
from mentorhub.programs.models import Program, ProgramEvent
from mentorhub.programs.services import enroll
from mentorhub.programs.tests.formal_helpers import admit, formal_program

NOW = datetime(2026, 5, 4, 9, tzinfo=UTC)  # a Monday
SOON = NOW + timedelta(days=10)  # Thursday 14 May 2026, 09:00 UTC


def cohort(scenario: Any) -> Any:
    """GIVEN a formal program with dates, Pete managing it: Mona mentors (approved) and Max
    has applied to be mentored (waiting). `scenario.program` becomes this program."""
    program = formal_program(
        scenario, evergreen=False, starts_on=date(2026, 4, 1), ends_on=date(2026, 9, 30)
    )
    scenario.program = program
    scenario.mentor_enrollment = admit(scenario.pete, enroll(scenario.mona, program, "mentor"))
    scenario.mentee_enrollment = enroll(scenario.max, program, "mentee")
    # Applications closed after they came in (the deadline refuses later ones).
    Program.objects.filter(pk=program.pk).update(applications_close_on=date(2026, 3, 20))
    program.refresh_from_db()
    return scenario


def add(scenario: Any, **changes: Any) -> ProgramEvent:
    values: dict[str, Any] = {"title": "Cohort kick-off", "starts_at": SOON}
    return add_event(scenario.pete, scenario.program, EventPlan(**(values | changes)))
