"""REST endpoints for programs, their managers and status, and enrollments in them."""

# No `from __future__ import annotations`: ninja reads these signatures at runtime.

from datetime import date, datetime
from typing import Annotated, Any, Literal, TypeVar

from django.db.models import QuerySet, prefetch_related_objects
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import field_validator

from mentorhub.apitools import (
    LONG_TEXT,
    MAX_ITEMS,
    SHORT_TEXT,
    InputSchema,
    ObjectId,
    Page,
    refuse_null,
)
from mentorhub.errors import InvalidInput
from mentorhub.people.access import acting_person, get_person_for
from mentorhub.people.api import PersonRef
from mentorhub.people.models import MAX_CAPACITY, Person
from mentorhub.programs.access import (
    can_manage,
    get_enrollment_for,
    get_managed_program_for,
    get_program_for,
    visible_programs,
)
from mentorhub.programs.applications import only_acknowledged
from mentorhub.programs.approaches import ApproachKey, EnrollmentRole
from mentorhub.programs.models import (
    MAX_APPLICATION_QUESTIONS,
    Cadence,
    Enrollment,
    EnrollmentStatus,
    MatchingMode,
    Program,
    ProgramStatus,
    ResourceKind,
)
from mentorhub.programs.services import (
    Resource,
    create_program,
    enroll,
    record_screening,
    set_managers,
    set_program_status,
    update_enrollment,
    update_program,
    withdraw_enrollment,
)
from mentorhub.programs.stages import PROGRAM_WIDE_RESOURCES

QUESTIONS_HELP = "Free-text questions applicants answer; not used in matching."
CLOSE_HELP = (
    "Formal programs: the last day applications are taken (a cohort date, not after ends_on); "
    "null: open while the program is. Programs that enroll directly refuse it."
)
MATCHING_ANSWERS_HELP = (
    "Used in matching: answers to the program's multiple-choice matching questions, "
    "key -> choice; the same answers on both sides count in the match score."
)
APPLICATION_ANSWERS_HELP = (
    "For the program team: answers to every free-text application question, "
    "question -> answer; not used in matching."
)

# Mounted at /api/ itself: programs live at /programs, enrollments at /enrollments.
router = Router(tags=["programs"])
T = TypeVar("T")


class ResourceSchema(InputSchema):
    title: str = Field(min_length=1, max_length=SHORT_TEXT)
    url: str = Field(max_length=500, examples=["https://example.org/guide"])
    kind: ResourceKind = Field(
        ResourceKind.READING,
        description="What it is: a guide, a training or a reading.",
    )


class ProgramRef(Schema):
    id: int
    name: str


class ProgramOut(Schema):
    id: int
    name: str
    description: str
    approach: ApproachKey
    matching_mode: MatchingMode
    status: ProgramStatus
    evergreen: bool
    starts_on: date | None
    ends_on: date | None
    meeting_cadence: Cadence
    guidelines: str
    application_questions: list[str]
    applications_close_on: date | None = Field(description=CLOSE_HELP)
    managers: list[PersonRef]
    resources: list[ResourceSchema]
    created_at: datetime


class ProgramIn(InputSchema):
    name: str = Field(min_length=1, max_length=SHORT_TEXT)
    description: str = Field("", max_length=LONG_TEXT)
    approach: ApproachKey
    matching_mode: MatchingMode = MatchingMode.ADMIN
    evergreen: bool = False
    starts_on: date | None = None
    ends_on: date | None = None
    meeting_cadence: Cadence = Cadence.BIWEEKLY
    guidelines: str = Field("", max_length=LONG_TEXT)
    application_questions: list[str] = Field(
        default_factory=list, max_length=MAX_APPLICATION_QUESTIONS, description=QUESTIONS_HELP
    )
    applications_close_on: date | None = Field(None, description=CLOSE_HELP)
    managers: list[ObjectId] = Field(
        default_factory=list, max_length=MAX_ITEMS, description="Person ids."
    )
    resources: list[ResourceSchema] = Field(default_factory=list, max_length=MAX_ITEMS)


class ProgramPatch(InputSchema):
    name: str | None = Field(None, min_length=1, max_length=SHORT_TEXT)
    description: str | None = Field(None, max_length=LONG_TEXT, description="null clears it.")
    approach: ApproachKey | None = None
    matching_mode: MatchingMode | None = None
    evergreen: bool | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    meeting_cadence: Cadence | None = None
    guidelines: str | None = Field(None, max_length=LONG_TEXT, description="null clears it.")
    application_questions: list[str] | None = Field(
        None, max_length=MAX_APPLICATION_QUESTIONS, description=QUESTIONS_HELP
    )
    applications_close_on: date | None = Field(None, description=CLOSE_HELP)
    resources: list[ResourceSchema] | None = Field(
        None, max_length=MAX_ITEMS, description="Replaces all resources."
    )

    # The columns are NOT NULL: null clears a text, and is refused where a program needs a value.
    @field_validator("description", "guidelines", mode="before")
    @classmethod
    def _null_text_is_empty(cls, value: Any) -> Any:
        return "" if value is None else value

    @field_validator(
        "name", "approach", "matching_mode", "evergreen", "meeting_cadence", "application_questions"
    )
    @classmethod
    def _required(cls, value: T | None) -> T:
        return refuse_null(value)


class ProgramStatusIn(InputSchema):
    status: Literal["open", "running", "finished"]


class ManagersIn(InputSchema):
    managers: list[ObjectId] = Field(
        max_length=MAX_ITEMS, description="Person ids; replaces the current managers."
    )


class EnrollmentOut(Schema):
    id: int
    program: ProgramRef
    person: PersonRef
    role: EnrollmentRole
    goals: str
    capacity: int
    load: int = Field(description="Active mentorships right now.")
    status: EnrollmentStatus
    screened_until: date | None = Field(
        description="Last day the background check is valid, where the program requires one."
    )
    answers: dict[str, str] = Field(description=MATCHING_ANSWERS_HELP)
    application_answers: dict[str, str] = Field(description=APPLICATION_ANSWERS_HELP)
    created_at: datetime
    decided_at: datetime | None = Field(description="When an application was approved or declined.")
    decision_reason: str = Field(description="Why an application was declined.")


class EnrollmentIn(InputSchema):
    role: EnrollmentRole
    goals: str = Field(
        "", max_length=LONG_TEXT, description="What you want from the program, in your own words."
    )
    capacity: int | None = Field(
        None, ge=1, le=MAX_CAPACITY, description="Defaults from your profile and the approach."
    )
    answers: dict[str, str] = Field({}, description=MATCHING_ANSWERS_HELP)
    application_answers: dict[str, str] = Field({}, description=APPLICATION_ANSWERS_HELP)


class EnrollmentPatch(InputSchema):
    goals: str | None = Field(None, max_length=LONG_TEXT)
    capacity: int | None = Field(None, ge=1, le=MAX_CAPACITY)
    answers: dict[str, str] | None = Field(
        None, description=f"{MATCHING_ANSWERS_HELP} Replaces all answers."
    )
    application_answers: dict[str, str] | None = Field(
        None,
        description=f"{APPLICATION_ANSWERS_HELP} Only the applicant, while the application "
        "waits (status applied); refused once it is decided.",
    )


class ScreeningIn(InputSchema):
    valid_until: date | None = Field(
        description="The last day the background check is valid; null when there is none."
    )


def _program(viewer: Person, program_id: int) -> Program:
    program = get_program_for(viewer, program_id)
    prefetch_related_objects([program], "managers", PROGRAM_WIDE_RESOURCES)
    return program


def _managers(viewer: Person, ids: list[int]) -> list[Person]:
    """Body references resolve in the caller's organization; unknown ids are a field error."""
    try:
        return [get_person_for(viewer, pk) for pk in dict.fromkeys(ids)]
    except Http404:
        raise InvalidInput(
            "Every manager must be a person of your organization.",
            field_errors={"managers": ["No such person in this organization."]},
        ) from None


def _resources(items: list[ResourceSchema] | None) -> list[Resource] | None:
    return None if items is None else [Resource(r.title, r.url, r.kind) for r in items]


@router.get("/programs", response=list[ProgramOut], summary="Programs you can see")
@paginate(Page)
def list_programs(
    request: HttpRequest,
    status: Annotated[ProgramStatus | None, Query(description="Only this status.")] = None,
) -> QuerySet[Program]:
    programs = visible_programs(acting_person(request)).prefetch_related(
        "managers", PROGRAM_WIDE_RESOURCES
    )
    return programs.filter(status=status) if status else programs


@router.post("/programs", response={201: ProgramOut}, summary="Create a program")
def add_program(request: HttpRequest, payload: ProgramIn) -> Status[Program]:
    actor = acting_person(request)
    fields = payload.model_dump(exclude={"managers", "resources"})
    program = create_program(
        actor, fields, _managers(actor, payload.managers), _resources(payload.resources)
    )
    return Status(201, _program(actor, program.pk))


@router.get("/programs/{program_id}", response=ProgramOut, summary="One program")
def get_program(request: HttpRequest, program_id: int) -> Program:
    return _program(acting_person(request), program_id)


@router.patch("/programs/{program_id}", response=ProgramOut, summary="Edit a program")
def patch_program(request: HttpRequest, program_id: int, payload: ProgramPatch) -> Program:
    actor = acting_person(request)
    program = get_managed_program_for(actor, program_id)
    fields = payload.model_dump(exclude_unset=True, exclude={"resources"})
    update_program(actor, program, fields, _resources(payload.resources))
    return _program(actor, program_id)


@router.post("/programs/{program_id}/status", response=ProgramOut, summary="Open, run or finish")
def change_status(request: HttpRequest, program_id: int, payload: ProgramStatusIn) -> Program:
    actor = acting_person(request)
    set_program_status(actor, get_managed_program_for(actor, program_id), payload.status)
    return _program(actor, program_id)


@router.put("/programs/{program_id}/managers", response=ProgramOut, summary="Name the managers")
def replace_managers(request: HttpRequest, program_id: int, payload: ManagersIn) -> Program:
    actor = acting_person(request)
    program = get_program_for(actor, program_id)
    set_managers(actor, program, _managers(actor, payload.managers))
    return _program(actor, program_id)


@router.get(
    "/programs/{program_id}/enrollments",
    response=list[EnrollmentOut],
    summary="Enrollments (all for managers, your own otherwise)",
)
@paginate(Page)
def list_enrollments(request: HttpRequest, program_id: int) -> QuerySet[Enrollment]:
    actor = acting_person(request)
    program = get_program_for(actor, program_id)
    enrollments = program.enrollments.select_related("program", "person")
    if not can_manage(actor, program):
        enrollments = enrollments.filter(person=actor)
    elif program.approach_rules.private_participants:
        # Who asked for help stays private, also from managers.
        enrollments = enrollments.exclude(role=EnrollmentRole.MENTEE)
    return enrollments.order_by("role", "person__full_name", "id")


@router.get(
    "/programs/{program_id}/mentors",
    response=list[EnrollmentOut],
    summary="Mentors enrolled in the program, to choose whom to request",
)
@paginate(Page)
def list_mentors(request: HttpRequest, program_id: int) -> QuerySet[Enrollment]:
    actor = acting_person(request)
    program = get_program_for(actor, program_id)
    mentors = program.enrollments.filter(
        role=EnrollmentRole.MENTOR, status=EnrollmentStatus.ACTIVE
    ).exclude(person=actor)
    # Where guidelines are acknowledged, only mentors who did can be requested.
    mentors = only_acknowledged(program, mentors)
    return mentors.select_related("program", "person").order_by("person__full_name", "id")


@router.post(
    "/programs/{program_id}/enrollments",
    response={201: EnrollmentOut},
    summary="Enroll yourself",
)
def enroll_self(request: HttpRequest, program_id: int, payload: EnrollmentIn) -> Status[Enrollment]:
    actor = acting_person(request)
    program = get_program_for(actor, program_id)
    enrollment = enroll(
        actor,
        program,
        payload.role,
        payload.goals,
        payload.capacity,
        payload.answers,
        payload.application_answers,
    )
    return Status(201, enrollment)


@router.get(
    "/enrollments/{enrollment_id}",
    response=EnrollmentOut,
    summary="One enrollment (your own, or any in a program you manage)",
)
def get_enrollment(request: HttpRequest, enrollment_id: int) -> Enrollment:
    return get_enrollment_for(acting_person(request), enrollment_id)


@router.patch(
    "/enrollments/{enrollment_id}",
    response=EnrollmentOut,
    summary="Edit goals, capacity or answers (an application: until it is decided)",
)
def patch_enrollment(
    request: HttpRequest, enrollment_id: int, payload: EnrollmentPatch
) -> Enrollment:
    actor = acting_person(request)
    enrollment = get_enrollment_for(actor, enrollment_id)
    return update_enrollment(
        actor,
        enrollment,
        payload.goals,
        payload.capacity,
        payload.answers,
        payload.application_answers,
    )


@router.post(
    "/enrollments/{enrollment_id}/screening",
    response=EnrollmentOut,
    summary="Record a background check (program managers)",
)
def set_screening(request: HttpRequest, enrollment_id: int, payload: ScreeningIn) -> Enrollment:
    actor = acting_person(request)
    enrollment = get_enrollment_for(actor, enrollment_id)
    return record_screening(actor, enrollment, payload.valid_until)


@router.post(
    "/enrollments/{enrollment_id}/withdraw",
    response=EnrollmentOut,
    summary="Leave a program",
)
def withdraw(request: HttpRequest, enrollment_id: int) -> Enrollment:
    actor = acting_person(request)
    return withdraw_enrollment(actor, get_enrollment_for(actor, enrollment_id))
