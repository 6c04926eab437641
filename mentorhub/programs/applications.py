"""Formal programs: applications (with a deadline, editable until decided), approving
applicants, and participants acknowledging the guidelines.

Which programs do this is the approach's choice (`approves_applications`,
`acknowledges_guidelines` in approaches.py); informal programs enroll people directly.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from mentorhub.audit.services import record
from mentorhub.errors import IllegalTransition, InvalidInput, NotAllowed
from mentorhub.notify import email_people
from mentorhub.people.models import Person
from mentorhub.people.validators import LONG_TEXT
from mentorhub.programs.access import can_manage
from mentorhub.programs.models import (
    Acknowledgement,
    Enrollment,
    EnrollmentStatus,
    Program,
    ProgramResource,
    ResourceKind,
)


def first_status(program: Program) -> str:
    """The status a new enrollment starts in: applied where a manager approves, else active."""
    if program.approach_rules.approves_applications:
        return EnrollmentStatus.APPLIED
    return EnrollmentStatus.ACTIVE


def _day(moment: date | datetime) -> str:
    if isinstance(moment, datetime):
        moment = timezone.localtime(moment).date()
    return f"{moment:%-d %B %Y}"


def site_today() -> date:
    """Today in the site's TIME_ZONE, not the viewer's (a request runs in the viewer's zone):
    a deadline is the same day for everyone, wherever they are."""
    return timezone.localdate(timezone=timezone.get_default_timezone())


def applications_closed(program: Program, today: date | None = None) -> bool:
    """Whether the program's applications deadline has passed (in the site's local date)."""
    close = program.applications_close_on
    return close is not None and (today or site_today()) > close


def applications_note(program: Program, today: date | None = None) -> str:
    """“Applications close on …” before the deadline, “… closed on …” after it; else ""."""
    close = program.applications_close_on
    if close is None:
        return ""
    verb = "closed" if applications_closed(program, today) else "close"
    return f"Applications {verb} on {_day(close)}"


def takes_enrollments(program: Program) -> bool:
    """Open, and (where there is a deadline) before it: the enroll form is shown."""
    return program.is_open and not applications_closed(program)


def check_applications_open(program: Program) -> None:
    """Refuse a new application after the deadline; applicants already in are still decided."""
    if applications_closed(program):
        assert program.applications_close_on is not None
        raise IllegalTransition(
            f"Applications to {program.name} closed on {_day(program.applications_close_on)}."
        )


def check_applications_deadline(program: Program) -> None:
    """The deadline is for programs that take applications, and falls within the program."""
    close = program.applications_close_on
    if close is None:
        return
    rules = program.approach_rules
    if not rules.approves_applications:
        message = (
            f"{rules.label} programs enroll people directly, so they have no applications "
            "deadline; leave “applications close on” empty (formal programs take applications)."
        )
        raise InvalidInput(message, field_errors={"applications_close_on": [message]})
    if program.ends_on is not None and close > program.ends_on:
        message = f"Applications must close by the program's last day, {_day(program.ends_on)}."
        raise InvalidInput(message, field_errors={"applications_close_on": [message]})


def check_application_editable(
    actor: Person, enrollment: Enrollment, changing_answers: bool
) -> None:
    """Refuse changes to a decided application: a declined one is made again by applying;
    an approved one's answers stay as the program team read them (goals and matching
    answers of a participant can still change). Only the applicant changes their answers."""
    name = enrollment.program.name
    decided = f" on {_day(enrollment.decided_at)}" if enrollment.decided_at else ""
    if enrollment.status == EnrollmentStatus.DECLINED:
        raise IllegalTransition(
            f"The application to {name} was declined{decided}; to change it, apply again."
        )
    if not changing_answers:
        return
    if enrollment.person_id != actor.pk:
        raise NotAllowed("Only the applicant changes the answers to the application questions.")
    if enrollment.status != EnrollmentStatus.APPLIED:
        raise IllegalTransition(
            f"The application to {name} was decided{decided}, so its answers to the application "
            "questions no longer change; your goals and matching answers still can."
        )


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
        Enrollment.objects.select_for_update(of=("self",))
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
    """A fingerprint of the guidelines and resource links: it changes when either does.

    The links are the program-wide resources (all kinds: the list participants read before
    their first pairing) and the guides and trainings of its stages; a stage's readings
    are optional material and can change without asking everyone again.
    """
    return guidelines_versions([program])[program.pk]


def guidelines_versions(programs: list[Program]) -> dict[int, str]:
    """`guidelines_version` of each program, in one query whatever their number."""
    resources = ProgramResource.objects.filter(program__in=programs).order_by("id")
    links: dict[int, list[str]] = {p.pk: [] for p in programs}
    for r in resources:
        if r.stage_id is None or r.kind != ResourceKind.READING:
            links[r.program_id].append(r.url)
    texts = {p.pk: p.guidelines + "\n--\n" + "\n".join(links[p.pk]) for p in programs}
    return {pk: hashlib.sha256(text.encode()).hexdigest() for pk, text in texts.items()}


def has_acknowledged(enrollment: Enrollment, version: str) -> bool:
    return enrollment.acknowledgements.filter(guidelines_version=version).exists()


def not_acknowledged(enrollments: list[Enrollment]) -> list[Enrollment]:
    """Those of `enrollments` (programs fetched with them) whose program asks for the current
    guidelines to be acknowledged and who have not: two queries, whatever the programs."""
    asked = [e for e in enrollments if e.program.approach_rules.acknowledges_guidelines]
    if not asked:
        return []
    versions = guidelines_versions(list({e.program_id: e.program for e in asked}.values()))
    done = set(
        Acknowledgement.objects.filter(enrollment__in=asked).values_list(
            "enrollment_id", "guidelines_version"
        )
    )
    return [e for e in asked if (e.pk, versions[e.program_id]) not in done]


def only_acknowledged(program: Program, enrollments: QuerySet[Enrollment]) -> QuerySet[Enrollment]:
    """Those of `enrollments` who acknowledged the program's current guidelines, where it asks."""
    if not program.approach_rules.acknowledges_guidelines:
        return enrollments
    return enrollments.filter(Exists(_current_acknowledgement(program)))


def split_by_acknowledgement(
    program: Program, enrollments: QuerySet[Enrollment]
) -> tuple[list[Enrollment], list[Enrollment]]:
    """`enrollments` as (acknowledged the current guidelines, not), in one query; everyone
    counts as acknowledged where the program does not ask."""
    if not program.approach_rules.acknowledges_guidelines:
        return list(enrollments), []
    rows = enrollments.annotate(acknowledged=Exists(_current_acknowledgement(program)))
    done: list[Enrollment] = []
    not_done: list[Enrollment] = []
    for enrollment in rows:
        (done if enrollment.acknowledged else not_done).append(enrollment)  # type: ignore[attr-defined]
    return done, not_done


def _current_acknowledgement(program: Program) -> QuerySet[Acknowledgement]:
    return Acknowledgement.objects.filter(
        enrollment=OuterRef("pk"), guidelines_version=guidelines_version(program)
    )


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
