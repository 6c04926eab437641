"""REST endpoints for formal programs: applicants, approval, and acknowledging guidelines."""

# No `from __future__ import annotations`: ninja reads these signatures at runtime.

from datetime import datetime

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from mentorhub.apitools import LONG_TEXT, InputSchema, Page
from mentorhub.people.access import acting_person
from mentorhub.programs.access import get_enrollment_for, get_managed_program_for
from mentorhub.programs.api import EnrollmentOut
from mentorhub.programs.applications import (
    acknowledge_guidelines,
    applicants,
    approve_application,
    decline_application,
)
from mentorhub.programs.models import Enrollment

router = Router(tags=["programs"])


class DeclineIn(InputSchema):
    reason: str = Field(
        min_length=1, max_length=LONG_TEXT, description="Why; the applicant reads it."
    )


class AcknowledgementOut(Schema):
    enrollment_id: int
    guidelines_version: str = Field(description="Fingerprint of the guidelines and resources.")
    acknowledged_at: datetime


@router.get(
    "/programs/{program_id}/applicants",
    response=list[EnrollmentOut],
    summary="Applications waiting for a decision (program managers)",
)
@paginate(Page)
def list_applicants(request: HttpRequest, program_id: int) -> QuerySet[Enrollment]:
    program = get_managed_program_for(acting_person(request), program_id)
    return applicants(program).select_related("program")


@router.post(
    "/enrollments/{enrollment_id}/approve",
    response=EnrollmentOut,
    summary="Approve an application (program managers)",
)
def approve(request: HttpRequest, enrollment_id: int) -> Enrollment:
    actor = acting_person(request)
    return approve_application(actor, get_enrollment_for(actor, enrollment_id))


@router.post(
    "/enrollments/{enrollment_id}/decline",
    response=EnrollmentOut,
    summary="Decline an application with a reason (program managers)",
)
def decline(request: HttpRequest, enrollment_id: int, payload: DeclineIn) -> Enrollment:
    actor = acting_person(request)
    return decline_application(actor, get_enrollment_for(actor, enrollment_id), payload.reason)


@router.post(
    "/enrollments/{enrollment_id}/acknowledge",
    response=AcknowledgementOut,
    summary="Acknowledge the program's current guidelines and resources (the participant)",
)
def acknowledge(request: HttpRequest, enrollment_id: int) -> object:
    actor = acting_person(request)
    return acknowledge_guidelines(actor, get_enrollment_for(actor, enrollment_id))
