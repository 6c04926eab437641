"""Formal programs: approving applicants, and participants acknowledging the guidelines.

Which programs do this is the approach's choice (`approves_applications`,
`acknowledges_guidelines` in approaches.py); informal programs enroll people directly.
"""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from mentorhub.audit.services import record
from mentorhub.errors import IllegalTransition, InvalidInput, NotAllowed
from mentorhub.notify import email_people
from mentorhub.people.models import Person
from mentorhub.people.validators import LONG_TEXT
from mentorhub.programs.access import can_manage
from mentorhub.programs.models import Acknowledgement, Enrollment, EnrollmentStatus, Program


def first_status(program: Program) -> str:
    """The status a new enrollment starts in: applied where a manager approves, else active."""
    if program.approach_rules.approves_applications:
        return EnrollmentStatus.APPLIED
    return EnrollmentStatus.ACTIVE


def applicants(program: Program) -> QuerySet[Enrollment]:
    return (
        program.enrollments.filter(status=EnrollmentStatus.APPLIED)
        .select_related("person")
        .order_by("created_at", "id")
    )


def _decide(actor: Person, enrollment: Enrollment) -> Enrollment:
    if not can_manage(actor, enrollment.program):
        raise NotAllowed("Only this program's managers approve or decline applications.")
    enrollment = (
        Enrollment.objects.select_for_update()
        .select_related("program", "person")
        .get(pk=enrollment.pk)
    )
    if enrollment.status != EnrollmentStatus.APPLIED:
        raise IllegalTransition(
            f"{enrollment.person.full_name} has no application waiting "
            f"(the enrollment is {enrollment.get_status_display().lower()})."
        )
    return enrollment


@transaction.atomic
def approve_application(actor: Person, enrollment: Enrollment) -> Enrollment:
    """Let an applicant take part; where the program requires screening, mentors need it first."""
    enrollment = _decide(actor, enrollment)
    if enrollment.needs_screening and not enrollment.is_screened(timezone.localdate()):
        until = enrollment.screened_until
        why = f"expired on {until:%-d %B %Y}" if until else "is not on record"
        message = (
            f"{enrollment.person.full_name}'s screening {why}; {enrollment.program.name} "
            "requires a valid screening before a mentor is approved. Record it first."
        )
        raise InvalidInput(message, field_errors={"screened_until": [message]})
    enrollment.status = EnrollmentStatus.ACTIVE
    enrollment.decided_at = timezone.now()
    enrollment.decision_reason = ""
    enrollment.save(update_fields=["status", "decided_at", "decision_reason"])
    record(actor, "enrollment.approved", enrollment, enrollment.program.organization)
    email_people([enrollment.person], "application_approved", enrollment=enrollment)
    return enrollment


@transaction.atomic
def decline_application(actor: Person, enrollment: Enrollment, reason: str) -> Enrollment:
    """Turn an application down, telling the applicant why."""
    reason = reason.strip()
    if not reason:
        raise InvalidInput(
            "Say why the application is declined; the applicant reads it.",
            field_errors={"reason": ["Required."]},
        )
    if len(reason) > LONG_TEXT:
        raise InvalidInput(
            f"Keep the reason under {LONG_TEXT} characters.",
            field_errors={"reason": [f"At most {LONG_TEXT} characters."]},
        )
    enrollment = _decide(actor, enrollment)
    enrollment.status = EnrollmentStatus.DECLINED
    enrollment.decided_at = timezone.now()
    enrollment.decision_reason = reason
    enrollment.save(update_fields=["status", "decided_at", "decision_reason"])
    # The reason goes to the applicant, not into the audit log.
    record(actor, "enrollment.declined", enrollment, enrollment.program.organization)
    email_people([enrollment.person], "application_declined", enrollment=enrollment)
    return enrollment


def guidelines_version(program: Program) -> str:
    """A fingerprint of the guidelines and resource links: it changes when either does."""
    links = "\n".join(r.url for r in program.resources.all())
    return hashlib.sha256(f"{program.guidelines}\n--\n{links}".encode()).hexdigest()


def has_acknowledged(enrollment: Enrollment, version: str) -> bool:
    return enrollment.acknowledgements.filter(guidelines_version=version).exists()


@transaction.atomic
def acknowledge_guidelines(actor: Person, enrollment: Enrollment) -> Acknowledgement:
    """The participant confirms they read the current guidelines and resources."""
    if enrollment.person_id != actor.pk:
        raise NotAllowed("Only the participant acknowledges their program's guidelines.")
    program = enrollment.program
    if not program.approach_rules.acknowledges_guidelines:
        raise InvalidInput(f"{program.name} does not ask participants to acknowledge guidelines.")
    if enrollment.status not in (EnrollmentStatus.ACTIVE, EnrollmentStatus.APPLIED):
        raise IllegalTransition(f"You are no longer enrolled in {program.name}.")
    version = guidelines_version(program)
    acknowledgement, created = Acknowledgement.objects.get_or_create(
        enrollment=enrollment, guidelines_version=version
    )
    if created:
        record(actor, "enrollment.acknowledged", enrollment, program.organization, version=version)
    return acknowledgement


def check_admitted(program: Program, enrollments: list[Enrollment]) -> None:
    """Refuse a pairing with an applicant, or with someone who has not acknowledged the
    program's current guidelines (called by mentorships.services.check_pairable)."""
    rules = program.approach_rules
    ours = [e for e in enrollments if e.program_id == program.pk]
    for enrollment in ours:
        name = enrollment.person.full_name
        if enrollment.status == EnrollmentStatus.APPLIED:
            raise InvalidInput(
                f"{name}'s application to {program.name} is waiting for approval; "
                "approve it before pairing."
            )
        if enrollment.status == EnrollmentStatus.DECLINED:
            raise InvalidInput(f"{name}'s application to {program.name} was declined.")
    if not rules.acknowledges_guidelines or not ours:
        return
    version = guidelines_version(program)
    done = set(
        Acknowledgement.objects.filter(enrollment__in=ours, guidelines_version=version).values_list(
            "enrollment_id", flat=True
        )
    )
    for enrollment in ours:
        if enrollment.pk not in done:
            raise InvalidInput(
                f"{enrollment.person.full_name} has not acknowledged {program.name}'s current "
                "guidelines and resources; they do so on the program page before pairing."
            )
