"""How big a circle may be: its mentees (or peers) within the program's size range."""

from __future__ import annotations

from collections.abc import Sequence

from mentorhub.errors import InvalidInput
from mentorhub.programs.approaches import EnrollmentRole
from mentorhub.programs.models import Program

FIELD = "enrollments"


def circle_seats(roles: Sequence[str]) -> int:
    """How many places of a circle these roles fill: its mentees, or its peers."""
    return sum(1 for role in roles if role != EnrollmentRole.MENTOR)


def check_circle_size(program: Program, roles: Sequence[str]) -> None:
    """Refuse a circle smaller or larger than the program allows."""
    seats = circle_seats(roles)
    who = "peers" if program.approach_rules.is_mutual else "mentees"
    low, high = program.circle_min_size, program.circle_max_size
    if seats < low:
        message = f"A circle in {program.name} needs at least {low} {who}; this one has {seats}."
    elif seats > high:
        message = f"A circle in {program.name} holds at most {high} {who}; this one has {seats}."
    else:
        return
    raise InvalidInput(message, field_errors={FIELD: [message]})
