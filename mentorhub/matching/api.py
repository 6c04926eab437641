"""REST endpoints for match runs, their review and publishing, pair rules, and self-service."""

# No `from __future__ import annotations`: ninja reads these signatures at runtime.

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, TypeVar

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import field_validator

from mentorhub.apitools import InputSchema, ObjectId, Page, refuse_null
from mentorhub.errors import InvalidInput
from mentorhub.matching.access import (
    get_match_run_for,
    get_own_enrollment_for,
    get_pair_for,
    pair_in_run,
)
from mentorhub.matching.models import (
    MAX_PREFERENCES,
    MatchRun,
    Method,
    PairOrigin,
    PairRule,
    PairRuleKind,
    ProposedPair,
    RunStatus,
    UnmatchedEnrollment,
)
from mentorhub.matching.review import add_pair, remove_pair, swap_mentors
from mentorhub.matching.selfservice import (
    MAX_SUGGESTIONS,
    MenteeSuggestion,
    Suggestion,
    mentee_suggestions_for,
    set_preferences,
    suggestions_for,
)
from mentorhub.matching.services import publish_match_run, set_pair_rule, start_match_run
from mentorhub.people.access import acting_person
from mentorhub.people.api import PersonRef
from mentorhub.people.models import Person
from mentorhub.programs.access import get_managed_program_for
from mentorhub.programs.api import ProgramRef
from mentorhub.programs.approaches import EnrollmentRole
from mentorhub.programs.models import (
    MAX_CIRCLE,
    MAX_EXPIRY_DAYS,
    MAX_OPEN_REQUESTS,
    MIN_CIRCLE,
    Enrollment,
    Program,
)
from mentorhub.programs.services import MATCHING_FIELDS, update_matching_settings

# Mounted at /api/ itself, beside the programs router.
router = Router(tags=["matching"])
T = TypeVar("T")

# Pairs and unmatched with their people: two queries whatever the size of the run.
DETAIL = (
    Prefetch("pairs", ProposedPair.objects.select_related("mentee__person", "mentor__person")),
    Prefetch("unmatched", UnmatchedEnrollment.objects.select_related("enrollment__person")),
)


class EnrollmentRef(Schema):
    id: int
    person: PersonRef
    role: EnrollmentRole


class PairOut(Schema):
    id: int
    mentee: EnrollmentRef
    mentor: EnrollmentRef
    score: float = Field(description="How well they fit, 0 to 1.")
    reasons: list[str] = Field(description="Why the pair was made, strongest first.")
    parts: dict[str, float] = Field(description="Each part of the score, 0 to 1.")
    circle: str | None
    origin: PairOrigin
    locked: bool
    mentorship_id: int | None = Field(description="The proposal it became, once published.")
    skipped_reason: str | None = Field(description="Why publishing could not propose it.")

    @staticmethod
    def resolve_circle(pair: ProposedPair) -> str | None:
        return pair.circle or None

    @staticmethod
    def resolve_skipped_reason(pair: ProposedPair) -> str | None:
        return pair.skipped_reason or None


class UnmatchedOut(Schema):
    enrollment: EnrollmentRef
    reason: str


class MatchRunSummary(Schema):
    id: int
    program: ProgramRef
    method: Method
    status: RunStatus
    progress: float = Field(description="0 to 1 while it runs.")
    phase: str
    created_by: PersonRef | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    stats: dict[str, Any] = Field(description="Counts, mean score and timings in seconds.")
    error: str


class MatchRunOut(MatchRunSummary):
    settings: dict[str, Any] = Field(description="The rules and weights the run used.")
    pairs: list[PairOut]
    unmatched: list[UnmatchedOut]


class MatchRunIn(InputSchema):
    method: Method = Method.OPTIMAL


class PairIn(InputSchema):
    mentee_enrollment: ObjectId = Field(description="The mentee's (or a peer's) enrollment id.")
    mentor_enrollment: ObjectId = Field(description="The mentor's (or other peer's) enrollment.")


class PairRuleIn(PairIn):
    kind: PairRuleKind


class PairRuleOut(Schema):
    id: int
    program: ProgramRef
    mentee: EnrollmentRef
    mentor: EnrollmentRef
    kind: PairRuleKind
    created_at: datetime


class SwapIn(InputSchema):
    pair_a: ObjectId
    pair_b: ObjectId


class SkippedOut(Schema):
    pair_id: int
    mentee: EnrollmentRef
    mentor: EnrollmentRef
    reason: str


class PublishOut(Schema):
    run: MatchRunSummary
    in_background: bool = Field(
        description="A large draft is published by the task queue: follow the run's status "
        "and progress; proposed and skipped then list what is done so far."
    )
    proposed: list[int] = Field(description="Ids of the mentorships proposed.")
    skipped: list[SkippedOut]


class SuggestionOut(Schema):
    mentor: EnrollmentRef | None = Field(
        None, description="The mentor suggested, when a mentee (or peer) asks."
    )
    mentee: EnrollmentRef | None = Field(
        None, description="The mentee suggested, when a mentor asks."
    )
    score: float
    reasons: list[str]
    parts: dict[str, float]


class PreferencesIn(InputSchema):
    ranked: list[ObjectId] = Field(
        max_length=MAX_PREFERENCES,
        description="Enrollment ids of the other side, first choice first.",
    )


class PreferencesOut(Schema):
    enrollment_id: int
    ranked: list[EnrollmentRef]


class Question(Schema):
    key: str = Field(description="Stable name of the question; answers refer to it.")
    question: str
    choices: list[str]


class MatchingSettings(Schema):
    matching_rules: dict[str, Any] = Field(
        description='Switches on the engine\'s hard rules, e.g. {"shared_language": false}.'
    )
    matching_weights: dict[str, float] = Field(description="Weights of the score's parts.")
    max_open_requests: int
    request_expiry_days: int
    circle_min_size: int
    circle_max_size: int
    matching_questions: list[Question] = Field(
        description="Multiple-choice questions on values and working style, used in matching."
    )


class MatchingSettingsPatch(InputSchema):
    matching_rules: dict[str, Any] | None = Field(None, description="Replaces all switches.")
    matching_weights: dict[str, Any] | None = Field(None, description="Replaces all weights.")
    max_open_requests: int | None = Field(None, ge=1, le=MAX_OPEN_REQUESTS)
    request_expiry_days: int | None = Field(None, ge=1, le=MAX_EXPIRY_DAYS)
    circle_min_size: int | None = Field(None, ge=MIN_CIRCLE, le=MAX_CIRCLE)
    circle_max_size: int | None = Field(None, ge=MIN_CIRCLE, le=MAX_CIRCLE)
    matching_questions: list[dict[str, Any]] | None = Field(
        None, description="Replaces all questions; each {key, question, choices}."
    )

    @field_validator(*MATCHING_FIELDS)
    @classmethod
    def _required(cls, value: T | None) -> T:
        return refuse_null(value)


def _detail(viewer: Person, run_id: int) -> MatchRun:
    run = get_match_run_for(viewer, run_id)
    return (
        MatchRun.objects.select_related("program", "created_by")
        .prefetch_related(*DETAIL)
        .get(pk=run.pk)
    )


def _referenced(field: str, lookup: Callable[[], T]) -> T:
    """An id in the body that does not resolve is a mistake in that field, not a missing page."""
    try:
        return lookup()
    except Http404 as exc:
        raise InvalidInput(str(exc), field_errors={field: [str(exc)]}) from None


def _enrollment_in(program: Program, enrollment_id: int) -> Enrollment:
    enrollment = (
        Enrollment.objects.select_related("person", "program")
        .filter(pk=enrollment_id, program=program)
        .first()
    )
    if enrollment is None:
        raise Http404("No such enrollment in this program.")
    return enrollment


def _pair_enrollments(program: Program, payload: PairIn) -> tuple[Enrollment, Enrollment]:
    mentee = _referenced(
        "mentee_enrollment", lambda: _enrollment_in(program, payload.mentee_enrollment)
    )
    mentor = _referenced(
        "mentor_enrollment", lambda: _enrollment_in(program, payload.mentor_enrollment)
    )
    return mentee, mentor


@router.get(
    "/programs/{program_id}/matching-settings",
    response=MatchingSettings,
    summary="How the program matches people",
)
def get_settings(request: HttpRequest, program_id: int) -> Program:
    return get_managed_program_for(acting_person(request), program_id)


@router.patch(
    "/programs/{program_id}/matching-settings",
    response=MatchingSettings,
    summary="Change how the program matches people",
)
def patch_settings(
    request: HttpRequest, program_id: int, payload: MatchingSettingsPatch
) -> Program:
    actor = acting_person(request)
    program = get_managed_program_for(actor, program_id)
    return update_matching_settings(actor, program, payload.model_dump(exclude_unset=True))


@router.post(
    "/programs/{program_id}/match-runs",
    response={201: MatchRunOut},
    summary="Start a match run (small programs finish at once; large ones run in the background)",
)
def start_run(request: HttpRequest, program_id: int, payload: MatchRunIn) -> Status[MatchRun]:
    actor = acting_person(request)
    program = get_managed_program_for(actor, program_id)
    run = start_match_run(actor, program, payload.method)
    return Status(201, _detail(actor, run.pk))


@router.get(
    "/programs/{program_id}/match-runs",
    response=list[MatchRunSummary],
    summary="The program's match runs, newest first",
)
@paginate(Page)
def list_runs(request: HttpRequest, program_id: int) -> QuerySet[MatchRun]:
    program = get_managed_program_for(acting_person(request), program_id)
    return program.match_runs.select_related("program", "created_by").order_by("-created_at", "-id")


@router.get("/match-runs/{run_id}", response=MatchRunOut, summary="A run: progress, pairs, reasons")
def get_run(request: HttpRequest, run_id: int) -> MatchRun:
    return _detail(acting_person(request), run_id)


@router.post(
    "/match-runs/{run_id}/publish", response=PublishOut, summary="Propose the draft's pairs"
)
def publish(request: HttpRequest, run_id: int) -> dict[str, Any]:
    actor = acting_person(request)
    published = publish_match_run(actor, get_match_run_for(actor, run_id))
    return {
        "run": _detail(actor, run_id),
        "in_background": published.in_background,
        "proposed": [m.pk for m in published.proposed],
        "skipped": [
            {"pair_id": p.pk, "mentee": p.mentee, "mentor": p.mentor, "reason": p.skipped_reason}
            for p in published.skipped
        ],
    }


@router.post(
    "/match-runs/{run_id}/pairs", response={201: PairOut}, summary="Add a pair to the draft by hand"
)
def add(request: HttpRequest, run_id: int, payload: PairIn) -> Status[ProposedPair]:
    actor = acting_person(request)
    run = get_match_run_for(actor, run_id)
    mentee, mentor = _pair_enrollments(run.program, payload)
    return Status(201, add_pair(actor, run, mentee, mentor))


@router.delete(
    "/match-runs/{run_id}/pairs/{pair_id}",
    response={204: None},
    summary="Remove a pair from the draft",
)
def remove(request: HttpRequest, run_id: int, pair_id: int) -> Status[None]:
    actor = acting_person(request)
    remove_pair(actor, get_pair_for(actor, run_id, pair_id))
    return Status(204, None)


@router.post(
    "/match-runs/{run_id}/swap", response=list[PairOut], summary="Swap the mentors of two pairs"
)
def swap(request: HttpRequest, run_id: int, payload: SwapIn) -> list[ProposedPair]:
    actor = acting_person(request)
    run = get_match_run_for(actor, run_id)
    pair_a = _referenced("pair_a", lambda: pair_in_run(run, payload.pair_a))
    pair_b = _referenced("pair_b", lambda: pair_in_run(run, payload.pair_b))
    return list(swap_mentors(actor, pair_a, pair_b))


@router.post(
    "/programs/{program_id}/pair-rules",
    response={201: PairRuleOut},
    summary="Always (lock) or never (forbid) pair two people in later runs",
)
def add_pair_rule(request: HttpRequest, program_id: int, payload: PairRuleIn) -> Status[PairRule]:
    actor = acting_person(request)
    program = get_managed_program_for(actor, program_id)
    mentee, mentor = _pair_enrollments(program, payload)
    return Status(201, set_pair_rule(actor, program, mentee, mentor, payload.kind))


@router.get(
    "/enrollments/{enrollment_id}/suggestions",
    response=list[SuggestionOut],
    summary="Your best fits right now, with the reasons: mentors with room for a mentee or "
    "peer, mentees still looking for a mentor",
)
def suggestions(
    request: HttpRequest,
    enrollment_id: int,
    k: Annotated[int, Query(ge=1, le=MAX_SUGGESTIONS, description="How many.")] = 10,
) -> list[Suggestion] | list[MenteeSuggestion]:
    actor = acting_person(request)
    enrollment = get_own_enrollment_for(actor, enrollment_id)
    if enrollment.role == EnrollmentRole.MENTOR:
        return mentee_suggestions_for(actor, enrollment, k)
    return suggestions_for(actor, enrollment, k)


@router.put(
    "/enrollments/{enrollment_id}/preferences",
    response=PreferencesOut,
    summary="Rank the other side (preference mode), first choice first",
)
def preferences(request: HttpRequest, enrollment_id: int, payload: PreferencesIn) -> dict[str, Any]:
    actor = acting_person(request)
    enrollment = get_own_enrollment_for(actor, enrollment_id)
    saved = set_preferences(actor, enrollment, payload.ranked)
    return {"enrollment_id": enrollment.pk, "ranked": [p.ranked for p in saved]}
