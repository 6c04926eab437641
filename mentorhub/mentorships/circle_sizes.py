"""How big a circle may be (its mentees, or peers, within the program's size range), and
which of its members may close it for everyone."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from mentorhub.errors import InvalidInput
from mentorhub.programs.approaches import EnrollmentRole
from mentorhub.programs.models import Program

if TYPE_CHECKING:
    from mentorhub.mentorships.models import Member, Mentorship

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


def may_close(mentorship: Mentorship, member: Member) -> bool:
    """Whether a member may close the mentorship for everyone in it (managers always may).

    In a pair, either side. In a group circle, its mentors, and its last mentee (who cannot
    leave it); other mentees leave instead, and the circle carries on. In a peer circle,
    any peer: nobody leads it. Reads the members the caller fetched.
    """
    members = list(mentorship.members.all())
    if not mentorship.program.approach_rules.forms_circles or len(members) <= 2:
        return True
    if member.role != EnrollmentRole.MENTEE:
        return True
    return sum(1 for m in members if m.role == EnrollmentRole.MENTEE) == 1
