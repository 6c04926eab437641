"""Domain actions of flash mentoring: describe a challenge, ask for help, agree its terms,
resolve it with a one-question outcome, and the sweep that ends it when its time box runs out.

Asking is a mentorship request and ending is a mentorship closure: the lifecycle stays in
mentorships.services, this module adds what is particular to one scoped challenge.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from mentorhub.audit.services import record
from mentorhub.errors import IllegalTransition, InvalidInput, NotAllowed
from mentorhub.flash.models import (
    MAX_TERMS,
    MAX_TIME_BOX,
    MIN_TIME_BOX,
    Challenge,
    OpenSlot,
    Outcome,
)
from mentorhub.mentorships.activity import note_activity
from mentorhub.mentorships.models import LIVE_STATUSES, ClosureMode, Mentorship, Status
from mentorhub.mentorships.services import (
    close_by_rule,
    close_mentorship,
    request_mentorship,
    withdraw_mentorship,
)
from mentorhub.notify import email_people
from mentorhub.people.models import Person
from mentorhub.people.validators import LONG_TEXT
from mentorhub.programs.approaches import EnrollmentRole
from mentorhub.programs.models import Enrollment, EnrollmentStatus, Program, ProgramStatus

TIME_BOX_ENDED = "The challenge's time box ended."
SESSION_OVER = "The one-off session is over."
ENDED = (Status.COMPLETED, Status.CLOSED_EARLY)


def _check_text(title: str, description: str, time_box_days: int) -> None:
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = ["Name the challenge in a few words."]
    elif len(title) > 200 or "\n" in title:
        errors["title"] = ["One line of at most 200 characters."]
    if len(description) > LONG_TEXT:
        errors["description"] = [f"At most {LONG_TEXT} characters."]
    if not MIN_TIME_BOX <= time_box_days <= MAX_TIME_BOX:
        errors["time_box_days"] = [f"{MIN_TIME_BOX} to {MAX_TIME_BOX} days."]
    if errors:
        field, messages = next(iter(errors.items()))
        raise InvalidInput(f"{field}: {messages[0]}", errors)


def mentee_enrollment(actor: Person, program: Program) -> Enrollment:
    """The actor's own mentee enrollment in the program: the one their challenges belong to."""
    enrollment = program.enrollments.filter(
        person=actor, role=EnrollmentRole.MENTEE, status=EnrollmentStatus.ACTIVE
    ).first()
    if enrollment is None:
        raise InvalidInput(f"Enroll in {program.name} as a mentee to ask for help.")
    return enrollment


@transaction.atomic
def describe_challenge(
    actor: Person,
    enrollment: Enrollment,
    title: str,
    description: str = "",
    time_box_days: int = 14,
) -> Challenge:
    """The person writes down one challenge they want help with, in a situational program."""
    program = enrollment.program
    if enrollment.person_id != actor.pk:
        raise NotAllowed("You can only describe your own challenges.")
    if not program.approach_rules.challenges:
        raise InvalidInput(f"{program.name} does not work with challenges.")
    if enrollment.role != EnrollmentRole.MENTEE or enrollment.status != EnrollmentStatus.ACTIVE:
        raise InvalidInput(f"Enroll in {program.name} as a mentee to ask for help.")
    if program.status not in (ProgramStatus.OPEN, ProgramStatus.RUNNING):
        raise InvalidInput(f"{program.name} is not taking challenges.")
    _check_text(title, description, time_box_days)
    challenge = Challenge(
        program=program,
        enrollment=enrollment,
        asker=actor,
        title=title.strip(),
        description=description.strip(),
        time_box_days=time_box_days,
    )
    try:
        with transaction.atomic():
            challenge.save()
    except IntegrityError:
        raise InvalidInput(
            "You already have an open challenge here; resolve or drop it before the next one."
        ) from None
    record(actor, "challenge.described", challenge, program.organization)
    return challenge


def _locked(challenge: Challenge) -> Challenge:
    # Lock the challenge alone: its mentorship may be missing, and PostgreSQL cannot lock
    # the empty side of an outer join.
    return (
        Challenge.objects.select_for_update(of=("self",))
        .select_related("program", "enrollment", "mentorship")
        .get(pk=challenge.pk)
    )


def _live(challenge: Challenge) -> Mentorship | None:
    mentorship = challenge.mentorship
    return mentorship if mentorship is not None and mentorship.status in LIVE_STATUSES else None


@transaction.atomic
def ask_for_help(actor: Person, challenge: Challenge, mentor_enrollment_id: int) -> Challenge:
    """The asker requests one mentor's help; the request carries the challenge."""
    challenge = _locked(challenge)
    if challenge.asker_id != actor.pk:
        raise NotAllowed("Only the person with the challenge can ask for help with it.")
    if challenge.is_closed:
        raise IllegalTransition("This challenge is closed; describe a new one.")
    if _live(challenge) is not None:
        raise InvalidInput(
            "You have already asked someone about this challenge; wait for their answer "
            "or withdraw the request first."
        )
    mentor = (
        Enrollment.objects.select_related("person", "program")
        .filter(pk=mentor_enrollment_id, program=challenge.program)
        .first()
    )
    if mentor is None:
        raise InvalidInput(
            f"Choose a mentor of {challenge.program.name}.", {"mentor": ["Not a mentor here."]}
        )
    challenge.mentorship = request_mentorship(actor, challenge.enrollment, mentor)
    challenge.save(update_fields=["mentorship"])
    record(actor, "challenge.asked", challenge, challenge.program.organization, mentor=mentor.pk)
    return challenge


def _active_member(actor: Person, challenge: Challenge) -> Mentorship:
    mentorship = challenge.mentorship
    if mentorship is None or not mentorship.members.filter(person=actor).exists():
        raise NotAllowed("Only the asker and the helper can work on this challenge.")
    if challenge.is_closed or mentorship.status != Status.ACTIVE:
        raise IllegalTransition("This challenge is not being worked on right now.")
    return mentorship


def _check_terms(scope: str, end_condition: str) -> None:
    errors = {
        field: [f"Write it in at most {MAX_TERMS} characters."]
        if value.strip()
        else ["Say it in a sentence or two."]
        for field, value in (("scope", scope), ("end_condition", end_condition))
        if not value.strip() or len(value) > MAX_TERMS
    }
    if errors:
        names = " and ".join(f.replace("_", " ") for f in errors)
        raise InvalidInput(f"Check the {names}: {next(iter(errors.values()))[0]}", errors)


@transaction.atomic
def propose_terms(actor: Person, challenge: Challenge, scope: str, end_condition: str) -> Challenge:
    """One member writes what the help covers and when it is done; the other confirms.

    Rewriting agreed terms asks the other member again; the time box runs from agreeing.
    """
    challenge = _locked(challenge)
    mentorship = _active_member(actor, challenge)
    _check_terms(scope, end_condition)
    challenge.scope, challenge.end_condition = scope.strip(), end_condition.strip()
    challenge.terms_by, challenge.agreed_at, challenge.due_at = actor, None, None
    challenge.save(update_fields=["scope", "end_condition", "terms_by", "agreed_at", "due_at"])
    note_activity(mentorship.pk)
    record(actor, "challenge.terms_proposed", challenge, challenge.program.organization)
    others = [
        m.person for m in mentorship.members.select_related("person") if m.person_id != actor.pk
    ]
    email_people(others, "mentorship_flash_terms", challenge=challenge, mentorship=mentorship)
    return challenge


@transaction.atomic
def agree_terms(actor: Person, challenge: Challenge) -> Challenge:
    """The other member confirms the terms: the time box starts now."""
    challenge = _locked(challenge)
    mentorship = _active_member(actor, challenge)
    if not challenge.scope:
        raise InvalidInput("No scope has been written yet; write one for the other to confirm.")
    if challenge.agreed_at is not None:
        raise InvalidInput("These terms are already agreed.")
    if challenge.terms_by_id == actor.pk:
        raise InvalidInput("You wrote these terms; the other member confirms them.")
    now = timezone.now()
    challenge.agreed_at = now
    challenge.due_at = now + timedelta(days=challenge.time_box_days)
    challenge.save(update_fields=["agreed_at", "due_at"])
    note_activity(mentorship.pk)
    record(actor, "challenge.terms_agreed", challenge, challenge.program.organization)
    return challenge


def _check_outcome(outcome: str) -> None:
    if outcome not in Outcome.values:
        raise InvalidInput(
            "Did you get what you needed? Answer " + ", ".join(Outcome.values) + ".",
            {"outcome": ["Choose an answer."]},
        )


@transaction.atomic
def resolve_challenge(actor: Person, challenge: Challenge, outcome: str) -> Challenge:
    """A member marks the challenge done with its one-question outcome.

    While it is worked on, this closes the mentorship as completed. After the time box
    closed it, a member may still answer the question once.
    """
    challenge = _locked(challenge)
    _check_outcome(outcome)
    mentorship = challenge.mentorship
    if mentorship is None or not mentorship.members.filter(person=actor).exists():
        raise NotAllowed("Only the asker and the helper can resolve this challenge.")
    if challenge.outcome:
        raise IllegalTransition("This challenge's outcome is already recorded.")
    now = timezone.now()
    if not challenge.is_closed:
        if mentorship.status != Status.ACTIVE:
            raise IllegalTransition("Nobody is helping with this challenge yet.")
        reason = f"Challenge resolved. Did it get what it needed? {Outcome(outcome).label}."
        close_mentorship(actor, mentorship, ClosureMode.COMPLETED, reason)
        challenge.closed_at, challenge.closed_reason = now, "Marked resolved."
    challenge.outcome, challenge.outcome_by, challenge.outcome_at = outcome, actor, now
    challenge.save(
        update_fields=["closed_at", "closed_reason", "outcome", "outcome_by", "outcome_at"]
    )
    record(actor, "challenge.resolved", challenge, challenge.program.organization, outcome=outcome)
    return challenge


@transaction.atomic
def drop_challenge(actor: Person, challenge: Challenge) -> Challenge:
    """The asker drops a challenge nobody is helping with (a pending ask is withdrawn)."""
    challenge = _locked(challenge)
    if challenge.asker_id != actor.pk:
        raise NotAllowed("Only the person with the challenge can drop it.")
    if challenge.is_closed:
        raise IllegalTransition("This challenge is already closed.")
    live = _live(challenge)
    if live is not None and live.status == Status.ACTIVE:
        raise IllegalTransition("Someone is helping with it; mark it resolved instead.")
    if live is not None:
        withdraw_mentorship(actor, live, "The challenge was dropped.")
    challenge.closed_at, challenge.closed_reason = timezone.now(), "Dropped by the asker."
    challenge.save(update_fields=["closed_at", "closed_reason"])
    record(actor, "challenge.dropped", challenge, challenge.program.organization)
    return challenge


def _ask_outcome(challenge: Challenge, mentorship: Mentorship) -> None:
    people = [m.person for m in mentorship.members.select_related("person")]
    email_people(people, "mentorship_flash_outcome", challenge=challenge, mentorship=mentorship)


@transaction.atomic
def close_due_challenges(now: datetime | None = None) -> int:
    """End challenges whose time box ran out, and catch up with ones closed another way.

    A mentorship closed from its own page (or by a manager) ends its challenge too. Either
    way the members are asked the one question by email; they may answer after closing.
    """
    now = now or timezone.now()
    count = 0
    due = (
        Challenge.objects.select_for_update(of=("self",))
        .select_related("program", "mentorship")
        .filter(closed_at__isnull=True, due_at__lt=now, mentorship__status=Status.ACTIVE)
    )
    for challenge in due:
        assert challenge.mentorship is not None  # filtered on its status
        # A one-off session's time box is the session itself.
        session = OpenSlot.objects.filter(challenge=challenge).exists()
        reason = SESSION_OVER if session else TIME_BOX_ENDED
        close_by_rule(challenge.mentorship, ClosureMode.COMPLETED, reason)
        _close(challenge, now, "Session held." if session else "Time box ended.")
        count += 1
    ended = (
        Challenge.objects.select_for_update(of=("self",))
        .select_related("program", "mentorship")
        .filter(closed_at__isnull=True, mentorship__status__in=ENDED)
    )
    for challenge in ended:
        assert challenge.mentorship is not None
        _close(challenge, challenge.mentorship.ended_at or now, "The mentorship was closed.")
        count += 1
    return count


def _close(challenge: Challenge, at: datetime, reason: str) -> None:
    challenge.closed_at, challenge.closed_reason = at, reason
    challenge.save(update_fields=["closed_at", "closed_reason"])
    record(None, "challenge.closed", challenge, challenge.program.organization, reason=reason)
    assert challenge.mentorship is not None
    _ask_outcome(challenge, challenge.mentorship)
