"""Domain actions on programs and enrollments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from mentorhub.audit.services import record
from mentorhub.errors import IllegalTransition, InvalidInput, NotAllowed, validate_model
from mentorhub.people.models import Organization, Person
from mentorhub.people.validators import LONG_TEXT
from mentorhub.programs.access import can_manage
from mentorhub.programs.applications import (
    check_application_editable,
    check_applications_deadline,
    check_applications_open,
    first_status,
)
from mentorhub.programs.approaches import EnrollmentRole
from mentorhub.programs.models import (
    Enrollment,
    EnrollmentStatus,
    Program,
    ProgramResource,
    ProgramStatus,
    ResourceKind,
)

PROGRAM_FIELDS = (
    "name",
    "description",
    "approach",
    "matching_mode",
    "evergreen",
    "starts_on",
    "ends_on",
    "meeting_cadence",
    "guidelines",
    "application_questions",
    "applications_close_on",
)
# How the program matches people: engine rule switches and weights, request limits, circles.
MATCHING_FIELDS = (
    "matching_rules",
    "matching_weights",
    "max_open_requests",
    "request_expiry_days",
    "circle_min_size",
    "circle_max_size",
    "matching_questions",
)

# Which program status may follow which; anything else is refused.
PROGRAM_TRANSITIONS = {
    ProgramStatus.DRAFT: {ProgramStatus.OPEN},
    ProgramStatus.OPEN: {ProgramStatus.RUNNING, ProgramStatus.FINISHED},
    ProgramStatus.RUNNING: {ProgramStatus.OPEN, ProgramStatus.FINISHED},
    ProgramStatus.FINISHED: set(),
}


def _program_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """The program's own fields from `fields`, text stripped of surrounding whitespace."""
    return {
        k: v.strip() if isinstance(v, str) else v for k, v in fields.items() if k in PROGRAM_FIELDS
    }


@dataclass(frozen=True)
class Resource:
    title: str
    url: str
    kind: str = ResourceKind.READING


def _require_manager(actor: Person, program: Program) -> None:
    if not can_manage(actor, program):
        raise NotAllowed("Only this program's managers can do that.")


def _check_managers(organization: Organization, managers: list[Person]) -> None:
    for manager in managers:
        if manager.organization_id != organization.pk:
            raise InvalidInput(f"{manager.full_name} is not in {organization.name}.")


def _set_resources(program: Program, resources: list[Resource]) -> None:
    """The program-wide resources; those of its stages are set with the stages (stages.py)."""
    program.resources.filter(stage=None).delete()
    for resource in resources:
        item = ProgramResource(
            program=program, title=resource.title, url=resource.url, kind=resource.kind
        )
        validate_model(item, exclude=["program"])
        item.save()


@transaction.atomic
def create_program(
    actor: Person,
    fields: dict[str, Any],
    managers: list[Person] | None = None,
    resources: list[Resource] | None = None,
) -> Program:
    if not actor.can_create_programs:
        raise NotAllowed("Only org admins and program managers can create programs.")
    program = Program(organization=actor.organization, created_by=actor, **_program_fields(fields))
    _check_dates(program)  # before the model's own checks, so the error names the field
    validate_model(program, exclude=["organization", "created_by"])
    program.save()
    managers = list(managers or [])
    if not actor.is_org_admin and actor not in managers:
        managers.append(actor)  # a program manager who creates a program runs it
    _check_managers(actor.organization, managers)
    program.managers.set(managers)
    _set_resources(program, resources or [])
    record(actor, "program.created", program, approach=program.approach)
    return program


def _check_dates(program: Program) -> None:
    if not program.evergreen and (program.starts_on is None or program.ends_on is None):
        raise InvalidInput(
            "Give a start and an end date, or mark the program evergreen.",
            field_errors={"ends_on": ["Required unless the program is evergreen."]},
        )
    if program.starts_on and program.ends_on and program.ends_on < program.starts_on:
        raise InvalidInput(
            "The program cannot end before it starts.",
            field_errors={"ends_on": ["Must be on or after the start date."]},
        )
    check_applications_deadline(program)


@transaction.atomic
def update_program(
    actor: Person,
    program: Program,
    fields: dict[str, Any],
    resources: list[Resource] | None = None,
) -> Program:
    _require_manager(actor, program)
    program = Program.objects.select_for_update().get(pk=program.pk)
    changing_approach = fields.get("approach", program.approach) != program.approach
    if changing_approach and program.enrollments.exists():
        raise InvalidInput("The approach cannot change once people have enrolled.")
    fields = _program_fields(fields)
    changed = sorted(k for k, v in fields.items() if getattr(program, k) != v)
    for key in changed:
        setattr(program, key, fields[key])
    _check_dates(program)  # before the model's own checks, so the error names the field
    validate_model(program, exclude=["organization", "created_by"])
    program.save()
    current = [Resource(r.title, r.url, r.kind) for r in program.resources.filter(stage=None)]
    if resources is not None and resources != current:
        _set_resources(program, resources)
        changed.append("resources")
    if changed:
        record(actor, "program.updated", program, fields=changed)
    return program


@transaction.atomic
def update_matching_settings(actor: Person, program: Program, fields: dict[str, Any]) -> Program:
    """Change how the program matches; rules and weights are checked against the engine's."""
    _require_manager(actor, program)
    unknown = sorted(set(fields) - set(MATCHING_FIELDS))
    if unknown:
        raise InvalidInput(f"Not a matching setting: {', '.join(unknown)}.")
    program = Program.objects.select_for_update().get(pk=program.pk)
    changed = sorted(k for k, v in fields.items() if getattr(program, k) != v)
    for key in changed:
        setattr(program, key, fields[key])
    validate_model(program, exclude=["organization", "created_by"])
    if changed:
        program.save(update_fields=changed)
        record(actor, "program.matching_updated", program, **{k: fields[k] for k in changed})
    return program


@transaction.atomic
def set_managers(actor: Person, program: Program, managers: list[Person]) -> None:
    if not (actor.is_org_admin and actor.organization_id == program.organization_id):
        raise NotAllowed("Only an org admin can name a program's managers.")
    _check_managers(program.organization, managers)
    if {m.pk for m in managers} == set(program.managers.values_list("pk", flat=True)):
        return
    program.managers.set(managers)
    record(actor, "program.managers_set", program, managers=[m.pk for m in managers])


@transaction.atomic
def set_program_status(actor: Person, program: Program, status: str) -> Program:
    _require_manager(actor, program)
    program = Program.objects.select_for_update().get(pk=program.pk)
    current = ProgramStatus(program.status)
    if status not in PROGRAM_TRANSITIONS[current]:
        raise IllegalTransition(
            f"A program that is {current.label.lower()} cannot become "
            f"{ProgramStatus(status).label.lower() if status in ProgramStatus.values else status}."
        )
    program.status = status
    program.save(update_fields=["status"])
    record(actor, "program.status_changed", program, old=current.value, new=status)
    if status == ProgramStatus.FINISHED:
        from mentorhub.mentorships.services import withdraw_open_for_program

        withdraw_open_for_program(actor, program)
    return program


def default_capacity(person: Person, role: str, program: Program) -> int:
    if role == EnrollmentRole.MENTOR:
        return max(person.mentor_capacity, 1)
    return program.approach_rules.mentee_capacity


def _check_capacity_is_for_mentors(role: str, capacity: int | None) -> None:
    """Only mentors choose how many they take; the approach decides it for everyone else."""
    if capacity is not None and role != EnrollmentRole.MENTOR:
        raise InvalidInput(
            "Only mentors set a capacity; the program's approach decides it for the others.",
            field_errors={"capacity": ["Only for mentors."]},
        )


def checked_answers(program: Program, answers: dict[str, str]) -> dict[str, str]:
    """Answers to the program's matching questions; an empty answer is no answer."""
    questions = {q["key"]: q for q in program.matching_questions}
    kept = {}
    for key, answer in answers.items():
        question = questions.get(key)
        if question is None:
            message = f"“{key}” is not one of {program.name}'s matching questions."
            raise InvalidInput(message, field_errors={"answers": [message]})
        if not answer:
            continue
        if answer not in question["choices"]:
            choices = ", ".join(question["choices"])
            message = f"“{answer}” is not an answer to “{question['question']}”; choose {choices}."
            raise InvalidInput(message, field_errors={f"answer_{key}": [message]})
        kept[key] = answer
    return kept


def checked_application_answers(program: Program, answers: dict[str, str]) -> dict[str, str]:
    """Answers to the program's free-text application questions: each one, in full."""
    kept = {}
    for question in answers:
        if question not in program.application_questions:
            message = f"“{question}” is not one of {program.name}'s application questions."
            raise InvalidInput(message, field_errors={"application_answers": [message]})
    for number, question in enumerate(program.application_questions):
        answer = (answers.get(question) or "").strip()
        if not answer:
            message = f"Answer “{question}”: the program team reads it with your application."
            raise InvalidInput(message, field_errors={f"application_{number}": ["Required."]})
        if len(answer) > LONG_TEXT:
            message = f"Keep the answer to “{question}” under {LONG_TEXT} characters."
            raise InvalidInput(message, field_errors={f"application_{number}": [message]})
        kept[question] = answer
    return kept


@transaction.atomic
def enroll(
    actor: Person,
    program: Program,
    role: str,
    goals: str = "",
    capacity: int | None = None,
    answers: dict[str, str] | None = None,
    application_answers: dict[str, str] | None = None,
) -> Enrollment:
    """The actor enrolls themselves in an open program."""
    if program.organization_id != actor.organization_id:
        raise NotAllowed("You can only enroll in your own organization's programs.")
    if not program.is_open:
        raise IllegalTransition(f"{program.name} is not open for enrollment.")
    check_applications_open(program)
    rules = program.approach_rules
    if role not in rules.roles:
        allowed = " or ".join(rules.roles)
        raise InvalidInput(
            f"In a {rules.label} program you enroll as {allowed}.",
            field_errors={"role": [f"Choose {allowed}."]},
        )
    _check_capacity_is_for_mentors(role, capacity)
    existing = Enrollment.objects.filter(program=program, person=actor, role=role).first()
    if existing and existing.status == EnrollmentStatus.ACTIVE:
        raise InvalidInput(f"You are already enrolled in {program.name} as {role}.")
    if existing and existing.status == EnrollmentStatus.APPLIED:
        raise InvalidInput(f"You have already applied to {program.name} as {role}.")
    enrollment = existing or Enrollment(program=program, person=actor, role=role)
    enrollment.goals = goals.strip()
    enrollment.answers = checked_answers(program, answers or {})
    enrollment.application_answers = checked_application_answers(program, application_answers or {})
    enrollment.capacity = default_capacity(actor, role, program) if capacity is None else capacity
    enrollment.status = first_status(program)  # formal programs: an application to approve
    enrollment.decided_at, enrollment.decision_reason = None, ""
    validate_model(enrollment, exclude=["program", "person"])
    try:
        with transaction.atomic():
            enrollment.save()
    except IntegrityError:
        raise InvalidInput(f"You are already enrolled in {program.name} as {role}.") from None
    record(actor, "enrollment.created", enrollment, program.organization, role=role)
    return enrollment


EDITABLE_FIELDS = ("goals", "capacity", "answers", "application_answers")


@transaction.atomic
def update_enrollment(
    actor: Person,
    enrollment: Enrollment,
    goals: str | None = None,
    capacity: int | None = None,
    answers: dict[str, str] | None = None,
    application_answers: dict[str, str] | None = None,
) -> Enrollment:
    """Goals, capacity and matching answers; an applicant's answers to the application
    questions too, while the application waits (formal programs)."""
    if enrollment.person_id != actor.pk and not can_manage(actor, enrollment.program):
        raise NotAllowed("You can only change your own enrollment.")
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("program")
        .get(pk=enrollment.pk)
    )
    check_application_editable(actor, enrollment, application_answers is not None)
    before = {f: getattr(enrollment, f) for f in EDITABLE_FIELDS}
    _check_capacity_is_for_mentors(enrollment.role, capacity)
    if goals is not None:
        enrollment.goals = goals.strip()
    if answers is not None:
        enrollment.answers = checked_answers(enrollment.program, answers)
    if application_answers is not None:
        enrollment.application_answers = checked_application_answers(
            enrollment.program, application_answers
        )
    if capacity is not None:
        if capacity < enrollment.load:
            raise InvalidInput(
                f"Capacity cannot go below the {enrollment.load} active mentorships you have.",
                field_errors={"capacity": [f"At least {enrollment.load}."]},
            )
        enrollment.capacity = capacity
    validate_model(enrollment, exclude=["program", "person"])
    enrollment.save()
    # Which fields changed, never the texts: answers are between the applicant and the team.
    changed = sorted(f for f, old in before.items() if getattr(enrollment, f) != old)
    verb = (
        "enrollment.application_edited"
        if enrollment.status == EnrollmentStatus.APPLIED
        else "enrollment.updated"
    )
    record(actor, verb, enrollment, enrollment.program.organization, fields=changed)
    return enrollment


@transaction.atomic
def withdraw_enrollment(actor: Person, enrollment: Enrollment) -> Enrollment:
    from mentorhub.mentorships.services import withdraw_open_for_enrollment

    if enrollment.person_id != actor.pk and not can_manage(actor, enrollment.program):
        raise NotAllowed("You can only withdraw your own enrollment.")
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if enrollment.status == EnrollmentStatus.WITHDRAWN:
        raise IllegalTransition("This enrollment is already withdrawn.")
    if enrollment.load > 0:
        raise IllegalTransition("Close your active mentorships in this program before withdrawing.")
    withdraw_open_for_enrollment(actor, enrollment)
    enrollment.status = EnrollmentStatus.WITHDRAWN
    enrollment.save(update_fields=["status"])
    record(actor, "enrollment.withdrawn", enrollment, enrollment.program.organization)
    return enrollment


@transaction.atomic
def record_screening(actor: Person, enrollment: Enrollment, valid_until: date | None) -> Enrollment:
    """Record the last day someone's background check is valid (None: no valid check)."""
    if not can_manage(actor, enrollment.program):
        raise NotAllowed("Only the program's managers record screening.")
    if enrollment.role == EnrollmentRole.MENTEE:
        raise InvalidInput(
            "Screening is recorded for mentors and peers, the people who work with mentees.",
            field_errors={"screened_until": ["Not for mentees."]},
        )
    if valid_until is not None and valid_until < timezone.localdate():
        raise InvalidInput(
            f"{valid_until:%-d %B %Y} has passed, so that screening is already expired; "
            "give the date it is valid until, or leave it empty for no valid screening.",
            field_errors={"screened_until": ["A date from today on."]},
        )
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    enrollment.screened_until = valid_until
    enrollment.save(update_fields=["screened_until"])
    until = valid_until.isoformat() if valid_until else None
    record(actor, "enrollment.screening", enrollment, actor.organization, valid_until=until)
    return enrollment


def take_seat(enrollment_id: int) -> bool:
    """Claim one seat of capacity; the conditional update is what the database arbitrates."""
    return (
        Enrollment.objects.filter(pk=enrollment_id, load__lt=F("capacity")).update(
            load=F("load") + 1
        )
        == 1
    )


def release_seat(enrollment_id: int) -> None:
    Enrollment.objects.filter(pk=enrollment_id, load__gt=0).update(load=F("load") - 1)
