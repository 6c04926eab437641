"""REST endpoints for flash mentoring: challenges, who can help, ask, terms, resolve."""

# No `from __future__ import annotations`: ninja reads these signatures at runtime.

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import AwareDatetime

from mentorhub.apitools import LONG_TEXT, MAX_ID, SHORT_TEXT, InputSchema, ObjectId
from mentorhub.flash.access import get_challenge_for, get_slot_for, is_party, visible_challenges
from mentorhub.flash.helpers import HELPERS, MAX_HELPERS, helpers_for
from mentorhub.flash.models import (
    DEFAULT_TIME_BOX,
    MAX_SLOT,
    MAX_TERMS,
    MAX_TIME_BOX,
    MIN_SLOT,
    MIN_TIME_BOX,
    Challenge,
    OpenSlot,
    Outcome,
)
from mentorhub.flash.services import (
    agree_terms,
    ask_for_help,
    describe_challenge,
    drop_challenge,
    mentee_enrollment,
    propose_terms,
    resolve_challenge,
)
from mentorhub.flash.slots import (
    book_slot,
    mentor_enrollment,
    open_slots,
    publish_slot,
    withdraw_slot,
)
from mentorhub.people.access import acting_person
from mentorhub.people.api import PersonRef
from mentorhub.programs.access import get_program_for

router = Router(tags=["flash"])
MAX_LISTED = 500
ProgramId = Annotated[int, Query(ge=1, le=MAX_ID, description="The program's id.")]


class ChallengeOut(Schema):
    """The asker and helper see everything; managers and admins the title and outcome."""

    id: int
    program_id: int
    asker: PersonRef
    title: str
    state: str
    time_box_days: int
    created_at: datetime
    mentorship_id: int | None
    agreed_at: datetime | None
    due_at: datetime | None
    closed_at: datetime | None
    outcome: Outcome | None
    description: str | None = None
    scope: str | None = None
    end_condition: str | None = None


class HelperOut(Schema):
    enrollment_id: int
    person: PersonRef
    score: float
    reasons: list[str]


class ChallengeIn(InputSchema):
    program: ObjectId
    title: str = Field(min_length=1, max_length=SHORT_TEXT)
    description: str = Field("", max_length=LONG_TEXT)
    time_box_days: int = Field(DEFAULT_TIME_BOX, ge=MIN_TIME_BOX, le=MAX_TIME_BOX)


class AskIn(InputSchema):
    mentor: ObjectId = Field(description="The mentor's enrollment id (from /helpers).")


class TermsIn(InputSchema):
    scope: str = Field(min_length=1, max_length=MAX_TERMS)
    end_condition: str = Field(min_length=1, max_length=MAX_TERMS)


class OutcomeIn(InputSchema):
    outcome: Outcome = Field(description="Did you get what you needed?")


def challenge_out(challenge: Challenge, full: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": challenge.pk,
        "program_id": challenge.program_id,
        "asker": challenge.asker,
        "title": challenge.title,
        "state": challenge.state,
        "time_box_days": challenge.time_box_days,
        "created_at": challenge.created_at,
        "mentorship_id": challenge.mentorship_id,
        "agreed_at": challenge.agreed_at,
        "due_at": challenge.due_at,
        "closed_at": challenge.closed_at,
        "outcome": challenge.outcome or None,
    }
    if full:
        out["description"] = challenge.description
        out["scope"] = challenge.scope
        out["end_condition"] = challenge.end_condition
    return out


def _out(request: HttpRequest, challenge: Challenge) -> dict[str, Any]:
    return challenge_out(challenge, is_party(acting_person(request), challenge))


@router.get("/challenges", response=list[ChallengeOut], summary="Challenges you may see")
def list_challenges(request: HttpRequest, program: ProgramId) -> list[dict[str, Any]]:
    viewer = acting_person(request)
    found = get_program_for(viewer, program)
    challenges = (
        visible_challenges(viewer)
        .filter(program=found)
        .select_related("asker", "mentorship")
        .prefetch_related("mentorship__members")[:MAX_LISTED]
    )
    return [challenge_out(c, is_party(viewer, c)) for c in challenges]


@router.post("/challenges", response={201: ChallengeOut}, summary="Describe a challenge")
def create(request: HttpRequest, payload: ChallengeIn) -> Status[dict[str, Any]]:
    viewer = acting_person(request)
    program = get_program_for(viewer, payload.program)
    enrollment = mentee_enrollment(viewer, program)
    fields = payload.dict(exclude={"program"})
    return Status(201, challenge_out(describe_challenge(viewer, enrollment, **fields), True))


@router.get("/challenges/{challenge_id}", response=ChallengeOut, summary="One challenge")
def get_challenge(request: HttpRequest, challenge_id: int) -> dict[str, Any]:
    return _out(request, get_challenge_for(acting_person(request), challenge_id))


@router.get(
    "/challenges/{challenge_id}/helpers",
    response=list[HelperOut],
    summary="Who can help now (the asker)",
)
def helpers(
    request: HttpRequest,
    challenge_id: int,
    k: Annotated[int, Query(ge=1, le=MAX_HELPERS)] = HELPERS,
) -> list[dict[str, Any]]:
    viewer = acting_person(request)
    challenge = get_challenge_for(viewer, challenge_id)
    return [
        {
            "enrollment_id": s.mentor.pk,
            "person": s.mentor.person,
            "score": s.score,
            "reasons": list(s.reasons),
        }
        for s in helpers_for(viewer, challenge, k)
    ]


@router.post("/challenges/{challenge_id}/ask", response=ChallengeOut, summary="Ask a mentor")
def ask(request: HttpRequest, challenge_id: int, payload: AskIn) -> dict[str, Any]:
    viewer = acting_person(request)
    challenge = ask_for_help(viewer, get_challenge_for(viewer, challenge_id), payload.mentor)
    return challenge_out(challenge, True)


@router.post(
    "/challenges/{challenge_id}/terms", response=ChallengeOut, summary="Propose scope and end"
)
def terms(request: HttpRequest, challenge_id: int, payload: TermsIn) -> dict[str, Any]:
    viewer = acting_person(request)
    challenge = get_challenge_for(viewer, challenge_id)
    return challenge_out(propose_terms(viewer, challenge, **payload.dict()), True)


@router.post("/challenges/{challenge_id}/agree", response=ChallengeOut, summary="Confirm the terms")
def agree(request: HttpRequest, challenge_id: int) -> dict[str, Any]:
    viewer = acting_person(request)
    return challenge_out(agree_terms(viewer, get_challenge_for(viewer, challenge_id)), True)


@router.post(
    "/challenges/{challenge_id}/resolve",
    response=ChallengeOut,
    summary="Mark resolved, or answer the outcome after closing",
)
def resolve(request: HttpRequest, challenge_id: int, payload: OutcomeIn) -> dict[str, Any]:
    viewer = acting_person(request)
    challenge = get_challenge_for(viewer, challenge_id)
    return challenge_out(resolve_challenge(viewer, challenge, payload.outcome), True)


@router.post("/challenges/{challenge_id}/drop", response=ChallengeOut, summary="Drop (the asker)")
def drop(request: HttpRequest, challenge_id: int) -> dict[str, Any]:
    viewer = acting_person(request)
    return challenge_out(drop_challenge(viewer, get_challenge_for(viewer, challenge_id)), True)


class SlotOut(Schema):
    id: int
    program_id: int
    mentor: PersonRef
    starts_at: datetime
    duration_minutes: int
    booked: bool


class SlotIn(InputSchema):
    program: ObjectId
    starts_at: AwareDatetime = Field(description="With an offset, e.g. 2026-03-10T14:00:00Z.")
    duration_minutes: int = Field(45, ge=MIN_SLOT, le=MAX_SLOT)


class BookIn(InputSchema):
    topic: str = Field(min_length=1, max_length=SHORT_TEXT)


def slot_out(slot: OpenSlot) -> dict[str, Any]:
    return {
        "id": slot.pk,
        "program_id": slot.program_id,
        "mentor": slot.mentor.person,
        "starts_at": slot.starts_at,
        "duration_minutes": slot.duration_minutes,
        "booked": slot.is_booked,
    }


@router.get("/slots", response=list[SlotOut], summary="Open slots for one-off sessions")
def list_slots(request: HttpRequest, program: ProgramId) -> list[dict[str, Any]]:
    found = get_program_for(acting_person(request), program)
    return [slot_out(s) for s in open_slots(found)[:MAX_LISTED]]


@router.post("/slots", response={201: SlotOut}, summary="Offer a slot (mentors)")
def publish(request: HttpRequest, payload: SlotIn) -> Status[dict[str, Any]]:
    viewer = acting_person(request)
    program = get_program_for(viewer, payload.program)
    mentor = mentor_enrollment(viewer, program)
    slot = publish_slot(viewer, mentor, payload.starts_at, payload.duration_minutes)
    return Status(201, slot_out(slot))


@router.post("/slots/{slot_id}/book", response=ChallengeOut, summary="Book a one-off session")
def book(request: HttpRequest, slot_id: int, payload: BookIn) -> dict[str, Any]:
    viewer = acting_person(request)
    challenge = book_slot(viewer, get_slot_for(viewer, slot_id), payload.topic)
    return challenge_out(challenge, True)


@router.post("/slots/{slot_id}/withdraw", response={204: None}, summary="Withdraw a slot")
def withdraw(request: HttpRequest, slot_id: int) -> Status[None]:
    viewer = acting_person(request)
    withdraw_slot(viewer, get_slot_for(viewer, slot_id))
    return Status(204, None)
