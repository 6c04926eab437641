"""REST endpoints for career mentoring: the plan and its skills gap, gap goals, introductions."""

# No `from __future__ import annotations`: ninja reads these signatures at runtime.

from datetime import datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from mentorhub.apitools import SHORT_TEXT, InputSchema, ObjectId
from mentorhub.careers import services
from mentorhub.careers.access import (
    get_career_mentorship_for,
    get_introduction_for,
    introductions_for,
)
from mentorhub.careers.gaps import skills_gap
from mentorhub.careers.models import MAX_HORIZON, MIN_HORIZON, CareerPlan, Introduction
from mentorhub.careers.models import IntroStatus as IntroStatusChoice
from mentorhub.errors import InvalidInput
from mentorhub.mentorships.models import Mentorship
from mentorhub.people.access import acting_person
from mentorhub.people.api import PersonRef
from mentorhub.people.models import Person

router = Router(tags=["careers"])
MAX_LISTED = 500


class GapOut(Schema):
    skill: str
    skill_id: int
    wanted: int
    current: int = Field(description="The mentee's proficiency today; 0 if not listed.")
    gap: int
    goal_ids: list[int]


class PlanOut(Schema):
    mentorship_id: int
    mentee: PersonRef
    target_role: str
    horizon_months: int
    updated_at: datetime
    skills_gap: list[GapOut]


class PlanIn(InputSchema):
    target_role: str = Field(min_length=1, max_length=SHORT_TEXT)
    horizon_months: int = Field(ge=MIN_HORIZON, le=MAX_HORIZON)


class TargetSkillIn(InputSchema):
    skill: str = Field(min_length=1, max_length=100)
    wanted: int = Field(ge=1, le=5)


class GapGoalIn(InputSchema):
    skill_id: ObjectId


class GoalOut(Schema):
    id: int
    title: str


class IntroductionIn(InputSchema):
    mentorship: ObjectId
    to_person: ObjectId = Field(description="The id of the person to introduce the mentee to.")
    note: str = Field("", max_length=2000)


class IntroductionOut(Schema):
    id: int
    mentorship_id: int
    introduced_by: PersonRef
    mentee: PersonRef
    to_person: PersonRef
    note: str
    status: IntroStatusChoice
    created_at: datetime
    answered_at: datetime | None


class AnswerIn(InputSchema):
    answer: Literal["accept", "decline", "withdraw"]


def _mentorship(request: HttpRequest, mentorship_id: int) -> Mentorship:
    return get_career_mentorship_for(acting_person(request), mentorship_id)


def _plan(mentorship: Mentorship) -> CareerPlan:
    plan = CareerPlan.objects.select_related("person").filter(mentorship=mentorship).first()
    if plan is None:
        raise Http404("This mentorship has no career plan yet.")
    plan.mentorship = mentorship
    return plan


def plan_out(plan: CareerPlan) -> dict[str, Any]:
    return {
        "mentorship_id": plan.mentorship_id,
        "mentee": plan.person,
        "target_role": plan.target_role,
        "horizon_months": plan.horizon_months,
        "updated_at": plan.updated_at,
        "skills_gap": [
            {
                "skill": row.skill.name,
                "skill_id": row.skill.pk,
                "wanted": row.wanted,
                "current": row.current,
                "gap": row.gap,
                "goal_ids": [g.pk for g in row.goals],
            }
            for row in skills_gap(plan)
        ],
    }


@router.get(
    "/mentorships/{mentorship_id}/career-plan",
    response=PlanOut,
    summary="A career plan and its skills gap (members)",
)
def get_plan(request: HttpRequest, mentorship_id: int) -> dict[str, Any]:
    return plan_out(_plan(_mentorship(request, mentorship_id)))


@router.put(
    "/mentorships/{mentorship_id}/career-plan",
    response=PlanOut,
    summary="Write the career plan (members)",
)
def put_plan(request: HttpRequest, mentorship_id: int, payload: PlanIn) -> dict[str, Any]:
    mentorship = _mentorship(request, mentorship_id)
    services.save_plan(
        acting_person(request), mentorship, payload.target_role, payload.horizon_months
    )
    return plan_out(_plan(mentorship))


@router.post(
    "/mentorships/{mentorship_id}/career-plan/skills",
    response=PlanOut,
    summary="Add or change a target skill (members)",
)
def put_skill(request: HttpRequest, mentorship_id: int, payload: TargetSkillIn) -> dict[str, Any]:
    plan = _plan(_mentorship(request, mentorship_id))
    services.set_target_skill(acting_person(request), plan, payload.skill, payload.wanted)
    return plan_out(plan)


@router.post(
    "/mentorships/{mentorship_id}/career-plan/goals",
    response={201: GoalOut},
    summary="Add a goal closing the gap in one skill (members)",
)
def add_gap_goal(request: HttpRequest, mentorship_id: int, payload: GapGoalIn) -> Status[Any]:
    actor = acting_person(request)
    plan = _plan(_mentorship(request, mentorship_id))
    skill = plan.target_skills.filter(skill_id=payload.skill_id).select_related("skill").first()
    if skill is None:
        raise InvalidInput(
            "The plan does not target that skill.", {"skill_id": ["Not a target skill."]}
        )
    return Status(201, services.add_gap_goal(actor, plan, skill.skill))


@router.get("/introductions", response=list[IntroductionOut], summary="Your introductions")
def list_introductions(request: HttpRequest) -> list[Introduction]:
    return list(introductions_for(acting_person(request))[:MAX_LISTED])


def _person(actor: Person, person_id: int) -> Person:
    person = Person.objects.filter(pk=person_id, organization=actor.organization).first()
    if person is None:
        raise InvalidInput(
            "No such person in your organization.", {"to_person": ["Unknown person."]}
        )
    return person


@router.post(
    "/introductions", response={201: IntroductionOut}, summary="Introduce the mentee (mentor)"
)
def make_introduction(request: HttpRequest, payload: IntroductionIn) -> Status[Introduction]:
    actor = acting_person(request)
    mentorship = _mentorship(request, payload.mentorship)
    intro = services.introduce(actor, mentorship, _person(actor, payload.to_person), payload.note)
    return Status(201, intro)


@router.post(
    "/introductions/{introduction_id}/answer",
    response=IntroductionOut,
    summary="Accept or decline (the person introduced to), or withdraw (the mentor)",
)
def answer(request: HttpRequest, introduction_id: int, payload: AnswerIn) -> Introduction:
    actor = acting_person(request)
    intro = get_introduction_for(actor, introduction_id)
    if payload.answer == "withdraw":
        return services.withdraw_introduction(actor, intro)
    return services.answer_introduction(actor, intro, accept=payload.answer == "accept")
