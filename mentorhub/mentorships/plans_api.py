"""REST endpoints for agreements: a mentorship's agreement and confirmations, a program's plan."""

# No `from __future__ import annotations`: ninja reads these signatures at runtime.

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from mentorhub.apitools import (
    LONG_TEXT,
    MAX_ITEMS,
    SHORT_TEXT,
    InputSchema,
)
from mentorhub.mentorships import agreements
from mentorhub.mentorships.access import get_mentorship_for
from mentorhub.mentorships.models import (
    Agreement,
    Channel,
    Mentorship,
    ProgramPlan,
)
from mentorhub.people.access import acting_person
from mentorhub.people.api import PersonRef
from mentorhub.programs.models import Cadence

router = Router(tags=["mentorship plans"])

Title = Field(min_length=1, max_length=SHORT_TEXT)
Minutes = Field(ge=agreements.MEETING_MINUTES[0], le=agreements.MEETING_MINUTES[1])


class ConfirmationOut(Schema):
    person: PersonRef
    confirmed_at: datetime


class AgreementOut(Schema):
    saved: bool = Field(description="False while it is still the program's unedited proposal.")
    version: int
    goals: str
    cadence: Cadence
    meeting_minutes: int
    channels: list[Channel]
    confidentiality: str
    ending: str
    required: bool = Field(description="The program requires it before the first meeting.")
    confirmed: bool = Field(description="Every member confirmed this version.")
    confirmations: list[ConfirmationOut]


class AgreementStatusOut(Schema):
    required: bool
    confirmed: bool
    confirmed_by: list[PersonRef]


class AgreementIn(InputSchema):
    goals: str = Field("", max_length=LONG_TEXT)
    cadence: Cadence = Cadence.BIWEEKLY
    meeting_minutes: int = Minutes
    channels: list[Channel] = Field(default_factory=list, max_length=len(Channel.values))
    confidentiality: str = Field("", max_length=LONG_TEXT)
    ending: str = Field("", max_length=LONG_TEXT)


class GoalTemplateEntry(InputSchema):
    title: str = Title
    description: str = Field("", max_length=LONG_TEXT)
    milestones: list[str] = Field(default_factory=list, max_length=MAX_ITEMS)
    tasks: list[str] = Field(default_factory=list, max_length=MAX_ITEMS)


class PlanIn(AgreementIn):
    goal_template: list[GoalTemplateEntry] = Field(default_factory=list, max_length=MAX_ITEMS)


class PlanOut(Schema):
    program_id: int
    goals: str
    cadence: Cadence
    meeting_minutes: int
    channels: list[Channel]
    confidentiality: str
    ending: str
    goal_template: list[dict[str, Any]]


def _agreement_out(mentorship: Mentorship, agreement: Agreement) -> dict[str, Any]:
    confirmed = agreements.confirmations(agreement)
    return {
        "saved": agreement.pk is not None,
        "version": agreement.version,
        **{t: getattr(agreement, t) for t in agreements.TERMS},
        "required": agreements.agreement_required(mentorship),
        "confirmed": agreements.agreement_confirmed(mentorship),
        "confirmations": list(confirmed.values()),
    }


@router.get(
    "/mentorships/{mentorship_id}/agreement",
    response=AgreementOut,
    summary="The agreement (members)",
)
def get_agreement(request: HttpRequest, mentorship_id: int) -> dict[str, Any]:
    mentorship = agreements.get_agreement_mentorship_for(acting_person(request), mentorship_id)
    return _agreement_out(mentorship, agreements.agreement_for(mentorship))


@router.put(
    "/mentorships/{mentorship_id}/agreement",
    response=AgreementOut,
    summary="Edit the agreement; everyone confirms again",
)
def put_agreement(request: HttpRequest, mentorship_id: int, payload: AgreementIn) -> dict[str, Any]:
    actor = acting_person(request)
    mentorship = agreements.get_agreement_mentorship_for(actor, mentorship_id)
    agreement = agreements.save_agreement(actor, mentorship, payload.model_dump())
    return _agreement_out(mentorship, agreement)


@router.post(
    "/mentorships/{mentorship_id}/agreement/confirm",
    response=AgreementOut,
    summary="Confirm the agreement's current text",
)
def confirm(request: HttpRequest, mentorship_id: int) -> dict[str, Any]:
    actor = acting_person(request)
    mentorship = agreements.get_agreement_mentorship_for(actor, mentorship_id)
    agreement = agreements.confirm_agreement(actor, mentorship)
    return _agreement_out(mentorship, agreement)


@router.get(
    "/mentorships/{mentorship_id}/agreement/status",
    response=AgreementStatusOut,
    summary="Whether the agreement is confirmed (members and program managers)",
)
def agreement_status(request: HttpRequest, mentorship_id: int) -> dict[str, Any]:
    mentorship = get_mentorship_for(acting_person(request), mentorship_id)
    agreement = agreements.agreement_for(mentorship)
    return {
        "required": agreements.agreement_required(mentorship),
        "confirmed": agreements.agreement_confirmed(mentorship),
        "confirmed_by": [c.person for c in agreements.confirmations(agreement).values()],
    }


@router.get(
    "/programs/{program_id}/plan",
    response=PlanOut,
    summary="What the program proposes to each mentorship (managers)",
)
def get_plan(request: HttpRequest, program_id: int) -> ProgramPlan:
    program = agreements.get_plan_program_for(acting_person(request), program_id)
    return agreements.plan_for(program)


@router.put("/programs/{program_id}/plan", response=PlanOut, summary="Change the program's plan")
def put_plan(request: HttpRequest, program_id: int, payload: PlanIn) -> ProgramPlan:
    actor = acting_person(request)
    program = agreements.get_plan_program_for(actor, program_id)
    data = payload.model_dump()
    template = data.pop("goal_template")
    return agreements.save_program_plan(actor, program, data, template)
