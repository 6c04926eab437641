"""Circles: one mentorship of several people (group and peer programs), formed and left.

A circle is an ordinary Mentorship with more than two members, so proposing, accepting,
meetings, messages and goals work as for a pair. Its size counts the mentees (or the
peers) and stays within the program's `circle_min_size`..`circle_max_size`. Someone who
leaves loses their Member row (and with it every access that reads the members); a
Departure keeps the record.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import IntegrityError, transaction

from mentorhub.audit.services import record
from mentorhub.errors import CapacityFull, IllegalTransition, InvalidInput, NotAllowed
from mentorhub.mentorships.circle_sizes import FIELD, check_circle_size, circle_seats
from mentorhub.mentorships.models import (
    Departure,
    Goal,
    GoalStatus,
    Member,
    Mentorship,
    Status,
    Task,
)
from mentorhub.mentorships.services import (
    _full_message,
    _locked,
    _member,
    check_pairable,
    create_with_members,
    member_key,
)
from mentorhub.notify import email_people
from mentorhub.people.models import Person
from mentorhub.programs.access import can_manage
from mentorhub.programs.approaches import EnrollmentRole
from mentorhub.programs.models import Enrollment, Program, ProgramStatus
from mentorhub.programs.services import release_seat


def _check_shape(program: Program, enrollments: Sequence[Enrollment]) -> None:
    roles = [e.role for e in enrollments]
    if program.approach_rules.is_mutual:
        if any(role != EnrollmentRole.PEER for role in roles):
            message = "In a peer program everyone in a circle must be enrolled as a peer."
            raise InvalidInput(message, field_errors={FIELD: [message]})
        return
    if EnrollmentRole.MENTOR not in roles or EnrollmentRole.MENTEE not in roles:
        message = "A circle needs at least one mentor and one mentee."
        raise InvalidInput(message, field_errors={FIELD: [message]})


def check_circle(program: Program, enrollments: Sequence[Enrollment]) -> None:
    """Every rule a new circle must meet, whoever forms it (a manager or a match run)."""
    if not program.approach_rules.forms_circles:
        message = (
            f"{program.name} is a {program.approach_rules.label} program; "
            "circles are formed in group and peer programs."
        )
        raise InvalidInput(message, field_errors={FIELD: [message]})
    _check_shape(program, enrollments)
    check_circle_size(program, [e.role for e in enrollments])
    # Conflicts, the org chart and screening, between every two people in the circle.
    check_pairable(program, list(enrollments))
    # Loads as they are now (the enrollments may have been read before another circle began).
    loads = dict(
        Enrollment.objects.filter(pk__in=[e.pk for e in enrollments]).values_list("pk", "load")
    )
    for enrollment in enrollments:
        enrollment.load = loads.get(enrollment.pk, enrollment.load)
        if enrollment.is_full:
            raise CapacityFull(_full_message(enrollment))


def _create_circle(
    actor: Person, program: Program, enrollments: Sequence[Enrollment]
) -> Mentorship:
    already = f"These people already have a proposed, requested or active circle in {program.name}."
    return create_with_members(actor, program, Status.PROPOSED, enrollments, already)


@transaction.atomic
def propose_circle(
    actor: Person, program: Program, enrollments: Sequence[Enrollment]
) -> Mentorship:
    """A program manager forms a circle by hand; it starts once everyone in it accepts."""
    if not can_manage(actor, program):
        raise NotAllowed("Only this program's managers can form circles.")
    if program.status == ProgramStatus.FINISHED:
        raise InvalidInput(f"{program.name} has finished; no new circles can start.")
    check_circle(program, enrollments)
    mentorship = _create_circle(actor, program, enrollments)
    record(
        actor,
        "mentorship.proposed",
        mentorship,
        program.organization,
        circle=[e.pk for e in enrollments],
    )
    email_people([e.person for e in enrollments], "mentorship_proposed", mentorship=mentorship)
    return mentorship


def _refuse_leaving(mentorship: Mentorship, leaving: Member) -> None:
    """A circle must stay a circle: a mentor and a mentee, or two peers, after someone leaves."""
    roles = [m.role for m in mentorship.members.all() if m.pk != leaving.pk]
    if mentorship.program.approach_rules.is_mutual:
        if len(roles) >= 2:
            return
        message = "You are one of the last two peers; close the mentorship instead of leaving it."
    else:
        if EnrollmentRole.MENTOR in roles and EnrollmentRole.MENTEE in roles:
            return
        missing = "mentor" if EnrollmentRole.MENTOR not in roles else "mentee"
        message = (
            f"You are the circle's last {missing}; it cannot go on without one. "
            "Close the mentorship instead."
        )
    raise InvalidInput(message)


def rekey(mentorship: Mentorship, clash: str) -> None:
    """The circle's key follows its members; `clash` says why it cannot when the new set of
    people already share another live mentorship in the program."""
    people = [m.person for m in mentorship.members.select_related("person")]
    mentorship.member_key = member_key(people)
    try:
        with transaction.atomic():
            mentorship.save(update_fields=["member_key"])
    except IntegrityError:
        raise InvalidInput(clash) from None


MAX_REASON = 2000


@transaction.atomic
def leave_circle(actor: Person, mentorship: Mentorship, reason: str = "") -> Departure:
    """A member leaves an active circle that carries on without them.

    They lose access at once (their Member row goes); their own open goals are dropped and
    stay with the circle's record. The others are told by email.
    """
    mentorship = _locked(mentorship)
    member = _member(mentorship, actor)
    if member is None:
        raise NotAllowed("Only the people in this circle can leave it.")
    if mentorship.status != Status.ACTIVE:
        current = Status(mentorship.status).label.lower()
        raise IllegalTransition(
            f"This mentorship is {current}; only an active circle can be left "
            "(decline or withdraw a proposal instead)."
        )
    if len(reason) > MAX_REASON:
        message = f"Keep the reason under {MAX_REASON} characters."
        raise InvalidInput(message, field_errors={"reason": [message]})
    if not mentorship.program.approach_rules.forms_circles:
        raise InvalidInput("Only a circle carries on when someone leaves; close this instead.")
    _refuse_leaving(mentorship, member)
    departure = Departure.objects.create(
        mentorship=mentorship, person=actor, role=member.role, reason=reason.strip()
    )
    member.delete()
    release_seat(member.enrollment_id)
    rekey(
        mentorship,
        "The people who would remain already share another live mentorship in this "
        "program; close one of the two instead.",
    )
    dropped = Goal.objects.filter(
        mentorship=mentorship, owner=actor, status=GoalStatus.OPEN
    ).update(status=GoalStatus.DROPPED)
    # Their tasks on the circle's goals are free for someone else to pick up.
    Task.objects.filter(goal__mentorship=mentorship, owner=actor).update(owner=None)
    below = circle_seats([m.role for m in mentorship.members.all()]) < (
        mentorship.program.circle_min_size
    )
    record(
        actor,
        "mentorship.member_left",
        mentorship,
        mentorship.program.organization,
        role=member.role,
        goals_dropped=dropped,
        below_min_size=below,
    )
    others = [m.person for m in mentorship.members.select_related("person")]
    email_people(others, "mentorship_member_left", mentorship=mentorship, departure=departure)
    return departure
