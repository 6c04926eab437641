"""REST endpoints for mentorships: pairing, requests, and every move through the lifecycle."""

# No `from __future__ import annotations`: ninja reads these signatures at runtime.

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, TypeVar

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from mentorhub.apitools import LONG_TEXT, MAX_ID, InputSchema, ObjectId, Page
from mentorhub.errors import InvalidInput
from mentorhub.mentorships.access import get_mentorship_for, visible_mentorships
from mentorhub.mentorships.models import ClosureMode, DeclineReason, Member, Mentorship
from mentorhub.mentorships.models import Status as MentorshipStatus
from mentorhub.mentorships.services import (
    accept_mentorship,
    close_mentorship,
    decline_mentorship,
    propose_mentorship,
    request_mentorship,
    withdraw_mentorship,
)
from mentorhub.people.access import acting_person
from mentorhub.people.api import PersonRef
from mentorhub.people.models import Person
from mentorhub.programs.access import get_enrollment_for, get_managed_program_for
from mentorhub.programs.api import ProgramRef
from mentorhub.programs.approaches import EnrollmentRole
from mentorhub.programs.models import Enrollment, Program

router = Router(tags=["mentorships"])
T = TypeVar("T")

# Members and their people in one extra query, whatever the page size.
WITH_MEMBERS = ("members__person",)


class MemberOut(Schema):
    person: PersonRef
    role: EnrollmentRole
    enrollment_id: int
    accepted: bool
    accepted_at: datetime | None

    @staticmethod
    def resolve_accepted(member: Member) -> bool:
        return member.accepted_at is not None


class MentorshipOut(Schema):
    id: int
    program: ProgramRef
    status: MentorshipStatus
    members: list[MemberOut]
    initiated_by: PersonRef | None
    created_at: datetime
    activated_at: datetime | None
    ended_at: datetime | None
    closure_mode: ClosureMode | None
    decline_reason: DeclineReason | None
    reason: str = Field(description="Why it was declined, withdrawn or closed.")

    @staticmethod
    def resolve_closure_mode(mentorship: Mentorship) -> str | None:
        return mentorship.closure_mode or None

    @staticmethod
    def resolve_decline_reason(mentorship: Mentorship) -> str | None:
        return mentorship.decline_reason or None


class PairingIn(InputSchema):
    program: ObjectId
    mentor_enrollment: ObjectId = Field(description="Mentor's enrollment id (or a peer's).")
    mentee_enrollment: ObjectId = Field(description="Mentee's enrollment id (or the other peer's).")


class RequestIn(InputSchema):
    mentee_enrollment: ObjectId = Field(description="Your own enrollment.")
    mentor_enrollment: ObjectId = Field(description="The mentor's enrollment in the same program.")


class DeclineIn(InputSchema):
    reason_code: DeclineReason
    reason: str = Field("", max_length=LONG_TEXT)


class WithdrawIn(InputSchema):
    reason: str = Field("", max_length=LONG_TEXT)


class CloseIn(InputSchema):
    mode: ClosureMode
    reason: str = Field(max_length=LONG_TEXT, description="Briefly, why it is closing.")


def _detail(viewer: Person, mentorship_id: int) -> Mentorship:
    mentorship = (
        visible_mentorships(viewer)
        .select_related("program", "initiated_by")
        .prefetch_related(*WITH_MEMBERS)
        .filter(pk=mentorship_id)
        .first()
    )
    if mentorship is None:
        raise Http404("No such mentorship.")
    return mentorship


def _referenced(field: str, lookup: Callable[[], T]) -> T:
    """An id in the body that does not resolve is a mistake in that field, not a missing page."""
    try:
        return lookup()
    except Http404 as exc:
        raise InvalidInput(str(exc), field_errors={field: [str(exc)]}) from None


def _enrollment_in(program: Program, enrollment_id: int) -> Enrollment:
    # Being enrolled in the program (checked by the caller) is what lets a mentee address
    # the other enrollments in it; nothing outside that program is reachable.
    enrollment = (
        Enrollment.objects.select_related("person", "program").filter(pk=enrollment_id).first()
    )
    if enrollment is None or enrollment.program_id != program.pk:
        raise Http404("No such enrollment in this program.")
    return enrollment


@router.get("", response=list[MentorshipOut], summary="Mentorships you can see")
@paginate(Page)
def list_mentorships(
    request: HttpRequest,
    status: Annotated[MentorshipStatus | None, Query(description="Only this status.")] = None,
    program: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="Only this program's (its id).")
    ] = None,
) -> QuerySet[Mentorship]:
    mentorships = (
        visible_mentorships(acting_person(request))
        .select_related("program", "initiated_by")
        .prefetch_related(*WITH_MEMBERS)
    )
    if status:
        mentorships = mentorships.filter(status=status)
    if program is not None:
        mentorships = mentorships.filter(program_id=program)
    return mentorships.order_by("-created_at", "-id")


# Fixed paths come before "/{mentorship_id}": Django tries the URL patterns in this order.
@router.post("/requests", response={201: MentorshipOut}, summary="Ask a mentor (mentee)")
def request_mentor(request: HttpRequest, payload: RequestIn) -> Status[Mentorship]:
    actor = acting_person(request)
    mentee = _referenced(
        "mentee_enrollment", lambda: get_enrollment_for(actor, payload.mentee_enrollment)
    )
    mentor = _referenced(
        "mentor_enrollment", lambda: _enrollment_in(mentee.program, payload.mentor_enrollment)
    )
    mentorship = request_mentorship(actor, mentee, mentor)
    return Status(201, _detail(actor, mentorship.pk))


@router.get("/{mentorship_id}", response=MentorshipOut, summary="One mentorship")
def get_mentorship(request: HttpRequest, mentorship_id: int) -> Mentorship:
    return _detail(acting_person(request), mentorship_id)


@router.post("", response={201: MentorshipOut}, summary="Pair two people (program manager)")
def propose(request: HttpRequest, payload: PairingIn) -> Status[Mentorship]:
    actor = acting_person(request)
    program = _referenced("program", lambda: get_managed_program_for(actor, payload.program))
    mentor = _referenced(
        "mentor_enrollment", lambda: get_enrollment_for(actor, payload.mentor_enrollment)
    )
    mentee = _referenced(
        "mentee_enrollment", lambda: get_enrollment_for(actor, payload.mentee_enrollment)
    )
    mentorship = propose_mentorship(actor, program, mentor, mentee)
    return Status(201, _detail(actor, mentorship.pk))


@router.post("/{mentorship_id}/accept", response=MentorshipOut, summary="Accept")
def accept(request: HttpRequest, mentorship_id: int) -> Mentorship:
    actor = acting_person(request)
    accept_mentorship(actor, get_mentorship_for(actor, mentorship_id))
    return _detail(actor, mentorship_id)


@router.post("/{mentorship_id}/decline", response=MentorshipOut, summary="Decline")
def decline(request: HttpRequest, mentorship_id: int, payload: DeclineIn) -> Mentorship:
    actor = acting_person(request)
    mentorship = get_mentorship_for(actor, mentorship_id)
    decline_mentorship(actor, mentorship, payload.reason_code, payload.reason)
    return _detail(actor, mentorship_id)


@router.post("/{mentorship_id}/withdraw", response=MentorshipOut, summary="Withdraw")
def withdraw(request: HttpRequest, mentorship_id: int, payload: WithdrawIn) -> Mentorship:
    actor = acting_person(request)
    withdraw_mentorship(actor, get_mentorship_for(actor, mentorship_id), payload.reason)
    return _detail(actor, mentorship_id)


@router.post("/{mentorship_id}/close", response=MentorshipOut, summary="Close")
def close(request: HttpRequest, mentorship_id: int, payload: CloseIn) -> Mentorship:
    actor = acting_person(request)
    mentorship = get_mentorship_for(actor, mentorship_id)
    close_mentorship(actor, mentorship, payload.mode, payload.reason)
    return _detail(actor, mentorship_id)
