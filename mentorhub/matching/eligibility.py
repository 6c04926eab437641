"""Whether a pair a manager chose by hand keeps the program's rules, and how well it fits."""

from __future__ import annotations

from dataclasses import dataclass, field

from mentorhub.errors import CapacityFull, InvalidInput
from mentorhub.matching.engine import match
from mentorhub.matching.models import PairRule, PairRuleKind
from mentorhub.matching.problem_builder import build_pair_problem, participant_id
from mentorhub.mentorships.models import LIVE_STATUSES, Member, Mentorship
from mentorhub.mentorships.services import check_pairable, member_key
from mentorhub.programs.approaches import EnrollmentRole
from mentorhub.programs.models import Enrollment, Program


@dataclass(frozen=True)
class Fit:
    score: float
    reasons: tuple[str, ...]
    parts: dict[str, float] = field(default_factory=dict)


def check_sides(program: Program, mentee: Enrollment, mentor: Enrollment) -> None:
    """Both enrolled in this program, on the sides its approach pairs."""
    for enrollment in (mentee, mentor):
        if enrollment.program_id != program.pk:
            raise InvalidInput(f"{enrollment.person} is not enrolled in {program.name}.")
    if program.approach_rules.is_mutual:
        if mentee.role != EnrollmentRole.PEER or mentor.role != EnrollmentRole.PEER:
            raise InvalidInput("In a peer program both people must be enrolled as peers.")
        return
    if mentee.role != EnrollmentRole.MENTEE:
        raise InvalidInput(f"{mentee.person} is not enrolled as a mentee.")
    if mentor.role != EnrollmentRole.MENTOR:
        raise InvalidInput(f"{mentor.person} is not enrolled as a mentor.")


def live_count(enrollment: Enrollment) -> int:
    return Member.objects.filter(
        enrollment=enrollment, mentorship__status__in=LIVE_STATUSES
    ).count()


def seats_left(enrollment: Enrollment) -> int:
    """Seats not taken by an active, proposed or requested mentorship."""
    return max(enrollment.capacity - max(enrollment.load, live_count(enrollment)), 0)


def require_room(mentor: Enrollment, in_use: int) -> None:
    """Refuse when `in_use` pairs already fill the mentor's seats left."""
    seats = seats_left(mentor)
    if in_use >= seats:
        raise CapacityFull(
            f"{mentor.person} has no room left: {seats} seat{'s' * (seats != 1)} free, "
            f"{in_use} already used in this draft."
        )


def require_fit(program: Program, mentee: Enrollment, mentor: Enrollment) -> Fit:
    """Refuse a pair that breaks a rule; otherwise its score and reasons, as the engine sees it."""
    check_sides(program, mentee, mentor)
    check_pairable(program, [mentor, mentee])  # the management chain, whatever the engine says
    forbidden = PairRule.objects.filter(
        program=program, mentee=mentee, mentor=mentor, kind=PairRuleKind.FORBID
    )
    if forbidden.exists():
        raise InvalidInput(
            f"A program manager forbade pairing {mentor.person} with {mentee.person}."
        )
    key = member_key([mentee.person, mentor.person])
    live = Mentorship.objects.filter(program=program, member_key=key, status__in=LIVE_STATUSES)
    if live.exists():
        raise InvalidInput(
            f"{mentor.person} and {mentee.person} already have a mentorship in {program.name}."
        )
    result = match(build_pair_problem(program, mentee, mentor))
    if not result.pairs:
        why = result.unmatched.get(participant_id(mentee.pk), "it breaks a rule of the program")
        raise InvalidInput(
            f"{mentor.person} and {mentee.person} cannot be paired under {program.name}'s "
            f"rules: {why}."
        )
    pair = result.pairs[0]
    return Fit(min(max(pair.score, 0.0), 1.0), pair.reasons, dict(pair.parts))
