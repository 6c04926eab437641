"""Domain actions on mentorships: propose, request, accept, decline, withdraw, close, expire."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from mentorhub.audit.services import record
from mentorhub.errors import CapacityFull, ConflictOfInterest, InvalidInput, NotAllowed
from mentorhub.mentorships.circle_sizes import check_circle_size, may_close
from mentorhub.mentorships.goals import prefill_goals
from mentorhub.mentorships.lifecycle import require_move, status_for_closure
from mentorhub.mentorships.models import (
    OPEN_STATUSES,
    ClosureMode,
    DeclineReason,
    Member,
    Mentorship,
    Status,
)
from mentorhub.notify import email_people
from mentorhub.people.declarations import refuse_declared
from mentorhub.people.models import Person
from mentorhub.people.orgchart import in_management_chain
from mentorhub.programs.access import can_manage
from mentorhub.programs.applications import check_admitted
from mentorhub.programs.approaches import EnrollmentRole
from mentorhub.programs.models import (
    Enrollment,
    EnrollmentStatus,
    MatchingMode,
    Program,
    ProgramStatus,
)
from mentorhub.programs.services import release_seat, take_seat

# Matching modes in which mentees send requests themselves.
REQUEST_MODES = (MatchingMode.SELF_SERVICE, MatchingMode.HYBRID)


def member_key(people: list[Person]) -> str:
    return "-".join(str(pk) for pk in sorted(p.pk for p in people))


def check_pairable(program: Program, enrollments: list[Enrollment]) -> None:
    """Refuse a pairing that breaks a rule, whoever asks for it."""
    check_admitted(program, enrollments)  # formal programs: approved, guidelines acknowledged
    people = [e.person for e in enrollments]
    for enrollment in enrollments:
        if enrollment.program_id != program.pk:
            raise InvalidInput(f"{enrollment.person} is not enrolled in {program.name}.")
        if enrollment.status != EnrollmentStatus.ACTIVE:
            raise InvalidInput(f"{enrollment.person} has withdrawn from {program.name}.")
    if len({p.pk for p in people}) != len(people):
        raise InvalidInput("A person cannot mentor themselves.")
    for i, a in enumerate(people):
        for b in people[i + 1 :]:
            if in_management_chain(a, b):
                raise ConflictOfInterest(
                    f"{a.full_name} and {b.full_name} are in the same management chain; "
                    "people are never paired with their managers or reports."
                )
            refuse_declared(a, b)
    _check_screening(program, enrollments)
    _check_seniority(program, enrollments)


def _check_seniority(program: Program, enrollments: list[Enrollment]) -> None:
    """Reverse mentoring flips seniority: a mentor more senior than their mentee is refused."""
    if not program.approach_rules.mentor_less_senior:
        return
    mentors = [e.person for e in enrollments if e.role == EnrollmentRole.MENTOR]
    mentees = [e.person for e in enrollments if e.role == EnrollmentRole.MENTEE]
    for mentor in mentors:
        for mentee in mentees:
            if mentor.level and mentee.level and mentor.level >= mentee.level:
                raise InvalidInput(
                    f"In {program.name} the mentor is the less senior one: {mentor.full_name} "
                    f"(level {mentor.level}) cannot mentor {mentee.full_name} "
                    f"(level {mentee.level}). Reverse mentoring pairs a junior expert with a "
                    "more senior colleague."
                )


def _check_screening(program: Program, enrollments: list[Enrollment]) -> None:
    """Where the program requires it, the mentor side's background check must be valid today."""
    if not program.requires_screening:
        return
    today = timezone.localdate()
    for enrollment in enrollments:
        if enrollment.role != EnrollmentRole.MENTEE and not enrollment.is_screened(today):
            until = enrollment.screened_until
            why = f"expired on {until:%-d %B %Y}" if until else "is not on record"
            raise InvalidInput(
                f"{enrollment.person.full_name}'s screening {why}; "
                f"{program.name} requires a valid screening before pairing."
            )


def _check_roles(program: Program, mentor: Enrollment, mentee: Enrollment) -> None:
    if program.approach_rules.is_mutual:
        if mentor.role != EnrollmentRole.PEER or mentee.role != EnrollmentRole.PEER:
            raise InvalidInput("In a peer program both people must be enrolled as peers.")
        return
    if mentor.role != EnrollmentRole.MENTOR:
        raise InvalidInput(f"{mentor.person} is not enrolled as a mentor.")
    if mentee.role != EnrollmentRole.MENTEE:
        raise InvalidInput(f"{mentee.person} is not enrolled as a mentee.")


def _create(
    actor: Person, program: Program, status: Status, mentor: Enrollment, mentee: Enrollment
) -> Mentorship:
    return create_with_members(
        actor,
        program,
        status,
        [mentor, mentee],
        f"{mentor.person} and {mentee.person} already have a proposed, requested or "
        f"active mentorship in {program.name}.",
    )


def create_with_members(
    actor: Person,
    program: Program,
    status: Status,
    enrollments: Sequence[Enrollment],
    already: str,
) -> Mentorship:
    """The mentorship row and one member per enrollment (a pair or a circle).

    The same people can hold one live mentorship per program (the database's unique key on
    the sorted member ids); `already` says so when they do. Whoever asks has accepted.
    """
    mentorship = Mentorship(
        program=program,
        status=status,
        member_key=member_key([e.person for e in enrollments]),
        initiated_by=actor,
    )
    try:
        with transaction.atomic():
            mentorship.save()
    except IntegrityError:
        raise InvalidInput(already) from None
    now = timezone.now()
    Member.objects.bulk_create(
        Member(
            mentorship=mentorship,
            person=e.person,
            enrollment=e,
            role=e.role,
            accepted_at=now if e.person_id == actor.pk else None,
        )
        for e in enrollments
    )
    return mentorship


@transaction.atomic
def propose_mentorship(
    actor: Person, program: Program, mentor: Enrollment, mentee: Enrollment
) -> Mentorship:
    """A program manager pairs two people by hand; both then accept or decline."""
    if not can_manage(actor, program):
        raise NotAllowed("Only this program's managers can pair people.")
    if program.status == ProgramStatus.FINISHED:
        raise InvalidInput(f"{program.name} has finished; no new mentorships can start.")
    _check_roles(program, mentor, mentee)
    check_pairable(program, [mentor, mentee])
    if mentor.is_full:
        raise CapacityFull(_full_message(mentor))
    mentorship = _create(actor, program, Status.PROPOSED, mentor, mentee)
    record(actor, "mentorship.proposed", mentorship, program.organization)
    email_people([mentor.person, mentee.person], "mentorship_proposed", mentorship=mentorship)
    return mentorship


@transaction.atomic
def start_mentorship(
    actor: Person, program: Program, mentor: Enrollment, mentee: Enrollment
) -> Mentorship:
    """Start a mentorship both sides already said yes to elsewhere (a crisis request that a
    responder accepted): it is active at once, under the same pairing and capacity rules."""
    _check_roles(program, mentor, mentee)
    check_pairable(program, [mentor, mentee])
    mentorship = _create(actor, program, Status.REQUESTED, mentor, mentee)
    mentorship.members.update(accepted_at=timezone.now())
    _activate(actor, mentorship)
    return mentorship


@transaction.atomic
def request_mentorship(actor: Person, mentee: Enrollment, mentor: Enrollment) -> Mentorship:
    """A mentee asks a mentor directly (self-service programs)."""
    program = mentee.program
    if mentee.person_id != actor.pk:
        raise NotAllowed("You can only send requests for yourself.")
    if program.matching_mode not in REQUEST_MODES:
        raise InvalidInput(
            f"In {program.name} the program managers make the matches; "
            "tell them whom you would like as a mentor."
        )
    if program.status not in (ProgramStatus.OPEN, ProgramStatus.RUNNING):
        raise InvalidInput(f"{program.name} is not taking requests.")
    _check_roles(program, mentor, mentee)
    check_pairable(program, [mentor, mentee])
    # Locking the mentee's enrollment makes the open-request limit hold under racing requests.
    Enrollment.objects.select_for_update().filter(pk=mentee.pk).first()
    open_requests = Mentorship.objects.filter(
        members__enrollment=mentee, status=Status.REQUESTED, initiated_by=actor
    ).count()
    if open_requests >= program.max_open_requests:
        raise InvalidInput(
            f"You already have {open_requests} open requests; wait for answers or withdraw one."
        )
    if mentor.is_full:
        raise CapacityFull(_full_message(mentor))
    mentorship = _create(actor, program, Status.REQUESTED, mentor, mentee)
    record(actor, "mentorship.requested", mentorship, program.organization)
    email_people([mentor.person], "mentorship_requested", mentorship=mentorship)
    return mentorship


def _locked(mentorship: Mentorship) -> Mentorship:
    return Mentorship.objects.select_for_update().select_related("program").get(pk=mentorship.pk)


def _member(mentorship: Mentorship, person: Person) -> Member | None:
    return mentorship.members.filter(person=person).first()


def _full_message(enrollment: Enrollment) -> str:
    if enrollment.role == EnrollmentRole.MENTOR:
        return (
            f"Mentor {enrollment.person} is full "
            f"({enrollment.capacity} of {enrollment.capacity} mentees)."
        )
    return f"{enrollment.person} already has as many active mentorships as this program allows."


@transaction.atomic
def accept_mentorship(actor: Person, mentorship: Mentorship) -> Mentorship:
    mentorship = _locked(mentorship)
    member = _member(mentorship, actor)
    if member is None:
        raise NotAllowed("Only the people in this mentorship can accept it.")
    require_move(mentorship, Status.ACTIVE)
    if member.accepted_at is not None:
        raise InvalidInput("You have already accepted; waiting for the other side.")
    if mentorship.program.status == ProgramStatus.FINISHED:
        raise InvalidInput(f"{mentorship.program.name} has finished; no new mentorships can start.")
    member.accepted_at = timezone.now()
    member.save(update_fields=["accepted_at"])
    record(actor, "mentorship.accepted", mentorship, mentorship.program.organization)
    if not mentorship.members.filter(accepted_at__isnull=True).exists():
        _activate(actor, mentorship)
    elif mentorship.status == Status.PROPOSED:
        # One side said yes: the proposal is now a request waiting on the other side.
        require_move(mentorship, Status.REQUESTED)
        mentorship.status = Status.REQUESTED
        mentorship.save(update_fields=["status"])
    return mentorship


def _activate(actor: Person, mentorship: Mentorship) -> None:
    members = list(
        mentorship.members.select_related("enrollment__person").order_by("enrollment_id")
    )
    # The rules are checked again at the last moment: the org chart or an enrollment may
    # have changed since the mentorship was proposed.
    check_pairable(mentorship.program, [m.enrollment for m in members])
    if len(members) > 2:  # a circle: the program's size range may have changed meanwhile
        check_circle_size(mentorship.program, [m.role for m in members])
    # Seats are claimed in enrollment order, so two racing activations never deadlock.
    for member in members:
        if not take_seat(member.enrollment_id):
            member.enrollment.refresh_from_db()
            raise CapacityFull(_full_message(member.enrollment))
    mentorship.status = Status.ACTIVE
    mentorship.activated_at = timezone.now()
    mentorship.save(update_fields=["status", "activated_at"])
    record(actor, "mentorship.activated", mentorship, mentorship.program.organization)
    prefill_goals(actor, mentorship)
    email_people([m.person for m in members], "mentorship_active", mentorship=mentorship)
    for member in members:
        if member.role != EnrollmentRole.MENTOR:
            _invalidate_others_if_full(member.enrollment_id, mentorship)


def _invalidate_others_if_full(enrollment_id: int, accepted: Mentorship) -> None:
    enrollment = Enrollment.objects.get(pk=enrollment_id)
    if not enrollment.is_full:
        return
    others = (
        Mentorship.objects.select_for_update()
        .filter(members__enrollment=enrollment, status__in=OPEN_STATUSES)
        .exclude(pk=accepted.pk)
    )
    for other in others:
        _end(None, other, Status.INVALIDATED, reason="Another mentorship was accepted.")
        email_people(
            [p for p in other_people(other) if p.pk != enrollment.person_id],
            "mentorship_invalidated",
            mentorship=other,
        )


def other_people(mentorship: Mentorship) -> list[Person]:
    return [m.person for m in mentorship.members.select_related("person")]


def _tell_others(actor: Person, mentorship: Mentorship, email: str) -> None:
    """Email everyone in the mentorship except whoever just acted."""
    others = [p for p in other_people(mentorship) if p.pk != actor.pk]
    email_people(others, email, mentorship=mentorship)


MAX_REASON = 2000


def _end(
    actor: Person | None, mentorship: Mentorship, to: Status, reason: str = "", **fields: str
) -> None:
    require_move(mentorship, to)
    if len(reason) > MAX_REASON:
        raise InvalidInput(
            f"Keep the reason under {MAX_REASON} characters.",
            field_errors={"reason": [f"At most {MAX_REASON} characters."]},
        )
    mentorship.status = to
    mentorship.ended_at = timezone.now()
    mentorship.ended_by = actor
    mentorship.reason = reason
    for key, value in fields.items():
        setattr(mentorship, key, value)
    mentorship.save()
    record(actor, f"mentorship.{to.value}", mentorship, mentorship.program.organization, **fields)


@transaction.atomic
def decline_mentorship(
    actor: Person, mentorship: Mentorship, reason_code: str, reason: str = ""
) -> Mentorship:
    mentorship = _locked(mentorship)
    if _member(mentorship, actor) is None:
        raise NotAllowed("Only the people in this mentorship can decline it.")
    require_move(mentorship, Status.DECLINED)
    if mentorship.initiated_by_id == actor.pk:
        raise InvalidInput("You sent this request; withdraw it instead of declining.")
    if reason_code not in DeclineReason.values:
        raise InvalidInput(
            "Choose why you decline: " + ", ".join(DeclineReason.values) + ".",
            field_errors={"reason_code": ["Choose a reason."]},
        )
    _end(actor, mentorship, Status.DECLINED, reason.strip(), decline_reason=reason_code)
    _tell_others(actor, mentorship, "mentorship_declined")
    return mentorship


@transaction.atomic
def withdraw_mentorship(actor: Person, mentorship: Mentorship, reason: str = "") -> Mentorship:
    mentorship = _locked(mentorship)
    require_move(mentorship, Status.WITHDRAWN)
    if mentorship.initiated_by_id != actor.pk and not can_manage(actor, mentorship.program):
        raise NotAllowed("Only whoever proposed or requested this mentorship can withdraw it.")
    _end(actor, mentorship, Status.WITHDRAWN, reason.strip())
    _tell_others(actor, mentorship, "mentorship_withdrawn")
    return mentorship


@transaction.atomic
def close_mentorship(actor: Person, mentorship: Mentorship, mode: str, reason: str) -> Mentorship:
    mentorship = _locked(mentorship)
    member = _member(mentorship, actor)
    managing = can_manage(actor, mentorship.program)
    if member is None and not managing:
        raise NotAllowed("Only its members or the program's managers can close a mentorship.")
    if member is not None and not managing and not may_close(mentorship, member):
        raise NotAllowed(
            "A circle's mentors or the program's managers close it; as a mentee you can "
            "leave it instead, and it carries on."
        )
    if mode not in ClosureMode.values:
        raise InvalidInput(
            "Choose how it ended: " + ", ".join(ClosureMode.values) + ".",
            field_errors={"mode": ["Choose a closure mode."]},
        )
    if not reason.strip():
        raise InvalidInput(
            "Say briefly why the mentorship is closing.",
            field_errors={"reason": ["A reason is required."]},
        )
    require_move(mentorship, status_for_closure(mode))
    _end(actor, mentorship, status_for_closure(mode), reason.strip(), closure_mode=mode)
    for member in mentorship.members.all():
        release_seat(member.enrollment_id)
    _tell_others(actor, mentorship, "mentorship_closed")
    return mentorship


@transaction.atomic
def close_by_rule(mentorship: Mentorship, mode: str, reason: str) -> Mentorship:
    """The platform closes a mentorship a program rule has ended (a flash time box ran out).

    Nobody acted, so the audit names no actor and every member is told.
    """
    mentorship = _locked(mentorship)
    require_move(mentorship, status_for_closure(mode))
    _end(None, mentorship, status_for_closure(mode), reason, closure_mode=mode)
    for member in mentorship.members.all():
        release_seat(member.enrollment_id)
    email_people(other_people(mentorship), "mentorship_closed", mentorship=mentorship)
    return mentorship


@transaction.atomic
def withdraw_open_for_enrollment(actor: Person, enrollment: Enrollment) -> int:
    """When someone leaves a program, their pending proposals and requests go with them."""
    pending = Mentorship.objects.filter(members__enrollment=enrollment, status__in=OPEN_STATUSES)
    return _withdraw_all(actor, pending, "Left the program.")


@transaction.atomic
def withdraw_open_for_program(actor: Person, program: Program) -> int:
    """A finished program starts nothing new: its pending proposals and requests end."""
    pending = Mentorship.objects.filter(program=program, status__in=OPEN_STATUSES)
    return _withdraw_all(actor, pending, f"{program.name} has finished.")


def _withdraw_all(actor: Person, pending: QuerySet[Mentorship], reason: str) -> int:
    count = 0
    for mentorship in pending.select_for_update().select_related("program"):
        _end(actor, mentorship, Status.WITHDRAWN, reason)
        _tell_others(actor, mentorship, "mentorship_withdrawn")
        count += 1
    return count


def _stale(now: datetime, days: int | None) -> Q:
    """Open mentorships older than `days`, or than their own program's expiry when None."""
    if days is not None:
        return Q(created_at__lt=now - timedelta(days=days))
    stale = Q(pk__in=[])
    expiries = Program.objects.values_list("request_expiry_days", flat=True).distinct()
    for expiry in expiries.order_by():
        cutoff = now - timedelta(days=expiry)
        stale |= Q(program__request_expiry_days=expiry, created_at__lt=cutoff)
    return stale


@transaction.atomic
def expire_stale(now: datetime | None = None, days: int | None = None) -> int:
    """Expire proposals and requests nobody answered in time; the initiator is told.

    "In time" is each program's `request_expiry_days`, unless `days` says otherwise for all.
    """
    stale = Mentorship.objects.select_for_update().filter(
        _stale(now or timezone.now(), days), status__in=OPEN_STATUSES
    )
    count = 0
    for mentorship in stale:
        _end(None, mentorship, Status.EXPIRED, "No answer in time.")
        # Everyone in it, and whoever started it (a manager who proposed it is not a member).
        told = {p.pk: p for p in other_people(mentorship)}
        if mentorship.initiated_by is not None:
            told.setdefault(mentorship.initiated_by.pk, mentorship.initiated_by)
        email_people(told.values(), "mentorship_expired", mentorship=mentorship)
        count += 1
    return count
