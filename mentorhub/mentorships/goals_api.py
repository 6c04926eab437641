"""REST endpoints for a mentorship's goals, their milestones and tasks, and ticking them done."""

# No `from __future__ import annotations`: ninja reads these signatures at runtime.

from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import field_validator

from mentorhub.apitools import (
    LONG_TEXT,
    SHORT_TEXT,
    InputSchema,
    ObjectId,
    Page,
    refuse_null,
)
from mentorhub.errors import InvalidInput
from mentorhub.mentorships import goals
from mentorhub.mentorships.access import get_mentorship_for
from mentorhub.mentorships.models import (
    Goal,
    GoalStatus,
    Mentorship,
    Milestone,
    Task,
)
from mentorhub.people.access import acting_person
from mentorhub.people.api import PersonRef
from mentorhub.people.models import Person

router = Router(tags=["mentorship goals"])

Title = Field(min_length=1, max_length=SHORT_TEXT)


class MilestoneOut(Schema):
    id: int
    title: str
    due_on: date | None
    done: bool
    done_at: datetime | None

    @staticmethod
    def resolve_done(milestone: Milestone) -> bool:
        return milestone.done_at is not None


class TaskOut(Schema):
    id: int
    title: str
    milestone_id: int | None
    owner: PersonRef | None
    due_on: date | None
    done: bool
    done_at: datetime | None

    @staticmethod
    def resolve_done(task: Task) -> bool:
        return task.done_at is not None


class GoalOut(Schema):
    id: int
    title: str
    description: str
    due_on: date | None
    status: GoalStatus
    owner: PersonRef | None = Field(
        None, description="The member whose own goal it is; none for a goal everyone shares."
    )
    progress_percent: int = Field(description="Share of its milestones and tasks done.")
    milestones: list[MilestoneOut]
    tasks: list[TaskOut]

    @staticmethod
    def resolve_progress_percent(goal: Goal) -> int:
        return goals.goal_progress(goal).percent


class GoalIn(InputSchema):
    title: str = Title
    description: str = Field("", max_length=LONG_TEXT)
    due_on: date | None = None
    owner: ObjectId | None = Field(
        None, description="A member's person id for their own goal (circles); none if shared."
    )


class GoalPatch(InputSchema):
    title: str | None = Field(None, min_length=1, max_length=SHORT_TEXT)
    description: str | None = Field(None, max_length=LONG_TEXT)
    due_on: date | None = None
    status: GoalStatus | None = None

    @field_validator("title", "description", "status")
    @classmethod
    def _required(cls, value: Any) -> Any:
        return refuse_null(value)


class MilestoneIn(InputSchema):
    title: str = Title
    due_on: date | None = None


class TaskIn(InputSchema):
    title: str = Title
    owner: ObjectId | None = Field(None, description="A member's person id.")
    milestone: ObjectId | None = Field(None, description="One of the goal's milestones.")
    due_on: date | None = None


class MilestonePatch(InputSchema):
    title: str | None = Field(None, min_length=1, max_length=SHORT_TEXT)
    due_on: date | None = None

    @field_validator("title")
    @classmethod
    def _required(cls, value: Any) -> Any:
        return refuse_null(value)


class TaskPatch(MilestonePatch):
    owner: ObjectId | None = Field(None, description="A member's person id; null: nobody.")
    milestone: ObjectId | None = Field(None, description="One of the goal's milestones; or null.")


class DoneIn(InputSchema):
    done: bool = True


def _goal(actor: Person, mentorship_id: int, goal_id: int) -> Goal:
    goal = goals.get_goal_for(actor, mentorship_id, goal_id)
    return goals.goals_of(goal.mentorship).get(pk=goal.pk)


@router.get(
    "/mentorships/{mentorship_id}/goals",
    response=list[GoalOut],
    summary="Goals with milestones, tasks and progress",
)
@paginate(Page)
def list_goals(request: HttpRequest, mentorship_id: int) -> QuerySet[Goal]:
    return goals.goals_of(get_mentorship_for(acting_person(request), mentorship_id))


@router.post("/mentorships/{mentorship_id}/goals", response={201: GoalOut}, summary="Add a goal")
def add_goal(request: HttpRequest, mentorship_id: int, payload: GoalIn) -> Status[Goal]:
    actor = acting_person(request)
    mentorship = get_mentorship_for(actor, mentorship_id)
    fields = payload.model_dump()
    if fields["owner"] is not None:
        owner = Person.objects.filter(pk=fields["owner"], organization=actor.organization).first()
        if owner is None:
            message = "No such person in your organization."
            raise InvalidInput(message, field_errors={"owner": [message]})
        fields["owner"] = owner
    goal = goals.add_goal(actor, mentorship, **fields)
    return Status(201, _goal(actor, mentorship_id, goal.pk))


@router.patch(
    "/mentorships/{mentorship_id}/goals/{goal_id}", response=GoalOut, summary="Change a goal"
)
def patch_goal(request: HttpRequest, mentorship_id: int, goal_id: int, payload: GoalPatch) -> Goal:
    actor = acting_person(request)
    goal = goals.get_goal_for(actor, mentorship_id, goal_id)
    goals.update_goal(actor, goal, payload.model_dump(exclude_unset=True))
    return _goal(actor, mentorship_id, goal_id)


@router.delete(
    "/mentorships/{mentorship_id}/goals/{goal_id}",
    response={204: None},
    summary="Remove a goal with its milestones and tasks",
)
def delete_goal(request: HttpRequest, mentorship_id: int, goal_id: int) -> Status[None]:
    actor = acting_person(request)
    goals.remove_goal(actor, goals.get_goal_for(actor, mentorship_id, goal_id))
    return Status(204, None)


@router.post(
    "/mentorships/{mentorship_id}/goals/{goal_id}/milestones",
    response={201: MilestoneOut},
    summary="Add a milestone to a goal",
)
def add_milestone(
    request: HttpRequest, mentorship_id: int, goal_id: int, payload: MilestoneIn
) -> Status[Milestone]:
    actor = acting_person(request)
    goal = goals.get_goal_for(actor, mentorship_id, goal_id)
    return Status(201, goals.add_milestone(actor, goal, **payload.model_dump()))


def _owner(mentorship: Mentorship, person_id: int | None) -> Person | None:
    if person_id is None:
        return None
    owner = Person.objects.filter(
        pk=person_id, organization_id=mentorship.program.organization_id
    ).first()
    if owner is None:
        message = f"No person #{person_id} in this organization."
        raise InvalidInput(message, field_errors={"owner": [message]})
    return owner


def _milestone(goal: Goal, milestone_id: int | None) -> Milestone | None:
    if milestone_id is None:
        return None
    milestone = goal.milestones.filter(pk=milestone_id).first()
    if milestone is None:
        message = f"Goal #{goal.pk} has no milestone #{milestone_id}."
        raise InvalidInput(message, field_errors={"milestone": [message]})
    return milestone


@router.post(
    "/mentorships/{mentorship_id}/goals/{goal_id}/tasks",
    response={201: TaskOut},
    summary="Add a task to a goal (optionally under a milestone)",
)
def add_task(
    request: HttpRequest, mentorship_id: int, goal_id: int, payload: TaskIn
) -> Status[Task]:
    actor = acting_person(request)
    goal = goals.get_goal_for(actor, mentorship_id, goal_id)
    owner = _owner(goal.mentorship, payload.owner)
    milestone = _milestone(goal, payload.milestone)
    task = goals.add_task(actor, goal, payload.title, owner, payload.due_on, milestone)
    return Status(201, task)


@router.put(
    "/mentorships/{mentorship_id}/tasks/{task_id}/done",
    response=TaskOut,
    summary="Mark a task done (or not done)",
)
def task_done(request: HttpRequest, mentorship_id: int, task_id: int, payload: DoneIn) -> Task:
    actor = acting_person(request)
    task = goals.get_task_for(actor, mentorship_id, task_id)
    return goals.set_task_done(actor, task, payload.done)


@router.put(
    "/mentorships/{mentorship_id}/milestones/{milestone_id}/done",
    response=MilestoneOut,
    summary="Mark a milestone done (or not done)",
)
def milestone_done(
    request: HttpRequest, mentorship_id: int, milestone_id: int, payload: DoneIn
) -> Milestone:
    actor = acting_person(request)
    milestone = goals.get_milestone_for(actor, mentorship_id, milestone_id)
    return goals.set_milestone_done(actor, milestone, payload.done)


@router.patch(
    "/mentorships/{mentorship_id}/milestones/{milestone_id}",
    response=MilestoneOut,
    summary="Change a milestone",
)
def patch_milestone(
    request: HttpRequest, mentorship_id: int, milestone_id: int, payload: MilestonePatch
) -> Milestone:
    actor = acting_person(request)
    milestone = goals.get_milestone_for(actor, mentorship_id, milestone_id)
    return goals.update_milestone(actor, milestone, payload.model_dump(exclude_unset=True))


@router.delete(
    "/mentorships/{mentorship_id}/milestones/{milestone_id}",
    response={204: None},
    summary="Remove a milestone (its tasks stay with the goal)",
)
def delete_milestone(request: HttpRequest, mentorship_id: int, milestone_id: int) -> Status[None]:
    actor = acting_person(request)
    goals.remove_milestone(actor, goals.get_milestone_for(actor, mentorship_id, milestone_id))
    return Status(204, None)


@router.patch(
    "/mentorships/{mentorship_id}/tasks/{task_id}", response=TaskOut, summary="Change a task"
)
def patch_task(request: HttpRequest, mentorship_id: int, task_id: int, payload: TaskPatch) -> Task:
    actor = acting_person(request)
    task = goals.get_task_for(actor, mentorship_id, task_id)
    changes = payload.model_dump(exclude_unset=True)
    if "owner" in changes:
        changes["owner"] = _owner(task.goal.mentorship, changes["owner"])
    if "milestone" in changes:
        changes["milestone"] = _milestone(task.goal, changes["milestone"])
    return goals.update_task(actor, task, changes)


@router.delete(
    "/mentorships/{mentorship_id}/tasks/{task_id}", response={204: None}, summary="Remove a task"
)
def delete_task(request: HttpRequest, mentorship_id: int, task_id: int) -> Status[None]:
    actor = acting_person(request)
    goals.remove_task(actor, goals.get_task_for(actor, mentorship_id, task_id))
    return Status(204, None)
