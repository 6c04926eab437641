"""A crisis program: Pete manages it, Mona and Rita are trained responders (Mona on call),
Lena is the safeguarding lead, and Max is the person who asks for help."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from conftest import Scenario, make_person
from mentorhub.crisis.models import CrisisRequest, Responder
from mentorhub.crisis.services import SettingsChange, mark_responder, update_crisis_settings
from mentorhub.people.models import Person
from mentorhub.programs.models import Program
from mentorhub.programs.services import create_program, enroll, set_program_status


@dataclass
class Crisis:
    program: Program
    lead: Person
    rita: Person
    mona_responder: Responder
    rita_responder: Responder


@pytest.fixture
def crisis(scenario: Scenario) -> Crisis:
    s = scenario
    program = create_program(
        s.pete,
        {
            "name": "Rapid support",
            "approach": "crisis",
            "matching_mode": "self_service",
            "evergreen": True,
        },
    )
    set_program_status(s.pete, program, "open")
    program.refresh_from_db()
    lead = make_person(s.org, "Lena Lead", level=7, languages=["en"])
    rita = make_person(s.org, "Rita Responder", level=5, languages=["de"])
    for person in (s.mona, s.max):
        person.languages = ["en"]
        person.save(update_fields=["languages"])
    mona_enrollment = enroll(s.mona, program, "mentor", "Trained in first aid", capacity=2)
    rita_enrollment = enroll(rita, program, "mentor", "Trained in first aid", capacity=2)
    trained = date(2026, 1, 10)
    mona_responder = mark_responder(s.pete, mona_enrollment, trained, on_call=True)
    rita_responder = mark_responder(s.pete, rita_enrollment, trained, on_call=True)
    update_crisis_settings(s.pete, program, SettingsChange(15, 28, lead))
    return Crisis(program, lead, rita, mona_responder, rita_responder)


def after_planned_end(request: CrisisRequest, days: int) -> date:
    """A day `days` after the request's planned end (it has one once accepted)."""
    assert request.planned_end_on is not None
    return request.planned_end_on + timedelta(days=days)
