"""Helpers for tests of formal programs: a program that approves applicants, and admitting
an applicant the way the program team and the participant would."""

from __future__ import annotations

from typing import Any

from mentorhub.programs.applications import acknowledge_guidelines, approve_application
from mentorhub.programs.models import Enrollment, EnrollmentStatus, Program
from mentorhub.programs.services import Resource, create_program, set_program_status

GUIDELINES = "Meet monthly. Keep what is said in confidence."


def formal_program(scenario: Any, **fields: Any) -> Program:
    program = create_program(
        scenario.pete,
        {"name": "Leaders", "approach": "formal", "evergreen": True, "guidelines": GUIDELINES}
        | fields,
        resources=[Resource("Handbook", "https://example.org/handbook")],
    )
    set_program_status(scenario.pete, program, "open")
    program.refresh_from_db()
    return program


def program_form(**changes: str) -> dict[str, str]:
    """The program form as a manager posts it for `formal_program`'s program, with changes."""
    return {
        "name": "Leaders",
        "approach": "formal",
        "matching_mode": "admin",
        "meeting_cadence": "monthly",
        "evergreen": "on",
    } | changes


def admit(manager: Any, enrollment: Enrollment) -> Enrollment:
    """Approve the applicant (if waiting) and acknowledge the guidelines as them, where the
    program's approach asks for each; other enrollments are returned as they are."""
    if enrollment.status == EnrollmentStatus.APPLIED:
        enrollment = approve_application(manager, enrollment)
    if enrollment.program.approach_rules.acknowledges_guidelines:
        acknowledge_guidelines(enrollment.person, enrollment)
    return enrollment
