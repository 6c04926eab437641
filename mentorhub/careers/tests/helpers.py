"""A live mentorship of Mona (mentor) and Max (mentee) in a new program of one approach."""

from __future__ import annotations

from datetime import date
from typing import Any

from mentorhub.mentorships.models import Mentorship
from mentorhub.mentorships.services import accept_mentorship, propose_mentorship
from mentorhub.programs.services import create_program, enroll, set_program_status


def start_mentorship(scenario: Any, approach: str) -> Mentorship:
    program = create_program(
        scenario.pete,
        {
            "name": f"{approach.title()} mentoring",
            "approach": approach,
            "matching_mode": "admin",
            "starts_on": date(2026, 1, 1),
            "ends_on": date(2026, 12, 31),
        },
    )
    set_program_status(scenario.pete, program, "open")
    program.refresh_from_db()
    mentor = enroll(scenario.mona, program, "mentor", capacity=2)
    mentee = enroll(scenario.max, program, "mentee")
    mentorship = propose_mentorship(scenario.pete, program, mentor, mentee)
    accept_mentorship(scenario.max, mentorship)
    accept_mentorship(scenario.mona, mentorship)
    return (
        Mentorship.objects.select_related("program", "program__organization")
        .prefetch_related("members__person")
        .get(pk=mentorship.pk)
    )
