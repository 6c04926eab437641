"""Fixtures for flash mentoring: a situational program where Max asks Mona for help.

Pete manages "Quick help", a self-service situational program; Mona mentors in it and Max
is a mentee. `challenge` is Max's challenge; `asked` has him asking Mona; `working` has
Mona accepted, so the pair is active and can agree terms.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from mentorhub.flash.models import Challenge
from mentorhub.flash.services import agree_terms, ask_for_help, describe_challenge, propose_terms
from mentorhub.mentorships.models import Mentorship
from mentorhub.mentorships.services import accept_mentorship
from mentorhub.programs.models import Enrollment, Program
from mentorhub.programs.services import create_program, enroll, set_program_status


@dataclass
class Flash:
    program: Program
    mentor: Enrollment  # Mona
    mentee: Enrollment  # Max


@pytest.fixture
def flash(scenario) -> Flash:
    program = create_program(
        scenario.pete,
        {
            "name": "Quick help",
            "approach": "situational",
            "matching_mode": "self_service",
            "evergreen": True,
        },
    )
    set_program_status(scenario.pete, program, "open")
    program.refresh_from_db()
    mentor = enroll(scenario.mona, program, "mentor", "Promotion panels, public speaking", 2)
    mentee = enroll(scenario.max, program, "mentee", "")
    return Flash(program, mentor, mentee)


def describe(scenario, flash: Flash, **changes) -> Challenge:
    values = {
        "title": "Prepare for my promotion panel",
        "description": "The panel is in three weeks and I freeze when asked about impact.",
    }
    return describe_challenge(scenario.max, flash.mentee, **(values | changes))


@pytest.fixture
def challenge(scenario, flash) -> Challenge:
    return describe(scenario, flash)


@pytest.fixture
def asked(scenario, flash, challenge) -> Challenge:
    return ask_for_help(scenario.max, challenge, flash.mentor.pk)


@pytest.fixture
def working(scenario, asked) -> Challenge:
    accept_mentorship(scenario.mona, asked.mentorship)
    return Challenge.objects.select_related("mentorship").get(pk=asked.pk)


@pytest.fixture
def agreed(scenario, working) -> Challenge:
    propose_terms(scenario.mona, working, "Two mock panels", "Max gives his story in 5 minutes")
    return agree_terms(scenario.max, working)


def mentorship_of(challenge: Challenge) -> Mentorship:
    """The challenge's current mentorship, fresh from the database."""
    return Mentorship.objects.get(challenge__pk=challenge.pk)
